//! CPU block kernels: raw outputs `0..count` for [`LANES`] consecutive seeds at once.
//!
//! Every loop runs over lanes innermost with the same control flow in each lane, so
//! LLVM vectorizes it (AVX-512 or AVX2 is selected at run time where the CPU
//! has it: [`simd`]). Each
//! kernel computes only the state words its outputs need: for MT19937 seeded by
//! `init_genrand`, output i needs init words i, i+1 and i+397 only (the approach
//! php_mt_seed takes), so a first-draw check costs ~400 multiply steps per seed
//! instead of a full 624-word seeding and twist. Results equal the scalar
//! reference streams of [`crate::prng`]; `tests` check that lane for lane.

// Lane loops index several arrays by the same lane; that shape is what vectorizes.
#![allow(clippy::needless_range_loop)]

use crate::prng::{self, RawStream};
use crate::registry::Family;
use std::sync::OnceLock;

mod simd;
pub use simd::{simd_level, SimdLevel};

/// Declares block kernels compiled once per instruction-set level: for each
/// `fn NAME(args);` it defines `avx512::NAME` and `avx2::NAME` (with those
/// target features) calling the `#[inline(always)]` body `imp::NAME`, which
/// is thereby inlined and vectorized per level. Use it once per module that
/// has an `imp` module, and call the kernels through [`dispatch!`].
macro_rules! simd_kernels {
    ($( fn $name:ident($($a:ident: $t:ty),* $(,)?); )*) => {
        #[cfg(target_arch = "x86_64")]
        #[allow(unsafe_code, dead_code)]
        mod avx512 {
            use super::*;
            $(
                #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2")]
                pub(super) unsafe fn $name($($a: $t),*) { imp::$name($($a),*) }
            )*
        }
        #[cfg(target_arch = "x86_64")]
        #[allow(unsafe_code, dead_code)]
        mod avx2 {
            use super::*;
            $(
                #[target_feature(enable = "avx2")]
                pub(super) unsafe fn $name($($a: $t),*) { imp::$name($($a),*) }
            )*
        }
    };
}

/// Calls `NAME(args)` of the current module's `avx512`, `avx2` or `imp`
/// (see [`simd_kernels!`]) by [`simd::level`], the widest level this CPU has.
macro_rules! dispatch {
    ($name:ident($($arg:expr),*)) => {{
        #[cfg(target_arch = "x86_64")]
        {
            match $crate::kernel::simd::level() {
                // SAFETY: level() returns Avx512 only when the CPU reports
                // avx512f, avx512bw, avx512dq and avx512vl (and so avx2).
                #[allow(unsafe_code)]
                $crate::kernel::SimdLevel::Avx512 => unsafe { avx512::$name($($arg),*) },
                // SAFETY: level() returns Avx2 only when the CPU reports avx2.
                #[allow(unsafe_code)]
                $crate::kernel::SimdLevel::Avx2 => unsafe { avx2::$name($($arg),*) },
                $crate::kernel::SimdLevel::Baseline => imp::$name($($arg),*),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            imp::$name($($arg),*)
        }
    }};
}

simd_kernels! {
    fn mt_genrand(base: u32, count: usize, s: &mut Scratch);
    fn mt_php_legacy(base: u32, count: usize, s: &mut Scratch);
    fn mt_python(base: u64, count: usize, s: &mut Scratch);
    fn mt_genrand_full(base: u32, count: usize, s: &mut Scratch);
    fn mt_php_legacy_full(base: u32, count: usize, s: &mut Scratch);
    fn glibc(base: u32, count: usize, s: &mut Scratch);
    fn dotnet(base: u64, count: usize, s: &mut Scratch);
}

/// Seeds per block.
pub const LANES: usize = 64;

/// Outputs the lazy MT kernels can produce (i + 397 must stay inside the seeded state).
pub const MT_LAZY_MAX: usize = prng::mt::N - prng::mt::M;

type Lane32 = [u32; LANES];
type Lane64 = [u64; LANES];

/// Reusable buffers of one worker thread (no allocation per block).
pub struct Scratch {
    a: Vec<Lane32>,
    b: Vec<Lane32>,
    dn: Vec<[i32; LANES]>,
    /// `raw[i][lane]`: raw output i of seed `base + lane`.
    pub raw: Vec<Lane64>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            a: vec![[0; LANES]; prng::mt::N],
            b: vec![[0; LANES]; prng::mt::N],
            dn: vec![[0; LANES]; 56],
            raw: Vec::new(),
        }
    }
}

/// A family's block kernel ([`crate::registry::FamilyInfo::block`]): fills
/// `s.raw[0..count]` (already that long) for seeds `base .. base + LANES`.
pub type BlockFn = fn(base: u64, count: usize, s: &mut Scratch);

/// Fills `scratch.raw[0..count]` for seeds `base .. base + LANES` of `family`.
/// Seeds past the family's space wrap as the seeding function would; callers
/// ignore lanes outside their range. One indirect call per block (the row's
/// block kernel); the per-seed loops inside it are monomorphic.
pub fn fill_block(family: Family, base: u64, count: usize, s: &mut Scratch) {
    if s.raw.len() < count {
        s.raw.resize(count, [0; LANES]);
    }
    (family.info().block)(base, count, s)
}

/// MT19937 `init_genrand`, lazily: `count` at most [`MT_LAZY_MAX`].
pub fn mt_genrand(base: u64, count: usize, s: &mut Scratch) {
    debug_assert!(count <= MT_LAZY_MAX);
    dispatch!(mt_genrand(base as u32, count, s))
}

/// MT19937 with PHP's `MT_RAND_PHP` twist, `>> 1`, lazily: `count` at most [`MT_LAZY_MAX`].
pub fn mt_php_legacy(base: u64, count: usize, s: &mut Scratch) {
    debug_assert!(count <= MT_LAZY_MAX);
    dispatch!(mt_php_legacy(base as u32, count, s))
}

/// MT19937 `init_genrand`, the whole state: any `count` (for counts past
/// [`MT_LAZY_MAX`], as offsets need). Seeds all 624 words in lanes, then twists
/// in place only the words the outputs read, tempering as it goes.
pub fn mt_genrand_full(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(mt_genrand_full(base as u32, count, s))
}

/// [`mt_php_legacy`] with the whole state: any `count` (see [`mt_genrand_full`]).
pub fn mt_php_legacy_full(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(mt_php_legacy_full(base as u32, count, s))
}

/// CPython's `init_by_array` MT19937, any `count` (the state is seeded in
/// full; the twist is done in place as far as the outputs need), every seed of
/// the block with the same key length (the same `seed >> 32`).
pub fn mt_python(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(mt_python(base, count, s))
}

/// glibc `random()` TYPE_3 as linear forms over the seeded words: `count` at most [`MT_LAZY_MAX`].
pub fn glibc_type3(base: u64, count: usize, s: &mut Scratch) {
    debug_assert!(count <= MT_LAZY_MAX);
    dispatch!(glibc(base as u32, count, s))
}

/// .NET `System.Random` (Knuth subtractive), any `count`.
pub fn dotnet(base: u64, count: usize, s: &mut Scratch) {
    dispatch!(dotnet(base, count, s))
}

/// Any generator, seed by seed, compiled for AVX-512 or AVX2 where the CPU
/// has it (the small LCGs, whose lanes vectorize). `mk` builds the generator of a seed;
/// monomorphic per `mk`.
pub fn scalar_simd<G: RawStream>(base: u64, count: usize, s: &mut Scratch, mk: impl Fn(u64) -> G) {
    #[cfg(target_arch = "x86_64")]
    {
        match simd::level() {
            // SAFETY: the CPU reports avx512f/bw/dq/vl (simd::level).
            #[allow(unsafe_code)]
            SimdLevel::Avx512 => unsafe { scalar_levels::avx512(base, count, s, mk) },
            // SAFETY: the CPU reports avx2 (simd::level).
            #[allow(unsafe_code)]
            SimdLevel::Avx2 => unsafe { scalar_levels::avx2(base, count, s, mk) },
            SimdLevel::Baseline => imp::scalar(base, count, s, mk),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        imp::scalar(base, count, s, mk)
    }
}

/// [`scalar`] per level (generic, so outside [`simd_kernels!`]).
#[cfg(target_arch = "x86_64")]
mod scalar_levels {
    #![allow(unsafe_code)]
    use super::*;
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2")]
    pub(super) unsafe fn avx512<G: RawStream>(
        base: u64,
        count: usize,
        s: &mut Scratch,
        mk: impl Fn(u64) -> G,
    ) {
        imp::scalar(base, count, s, mk)
    }
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2<G: RawStream>(
        base: u64,
        count: usize,
        s: &mut Scratch,
        mk: impl Fn(u64) -> G,
    ) {
        imp::scalar(base, count, s, mk)
    }
}

/// A lane loop compiled once per instruction-set level (see [`in_lanes`]):
/// implement [`LaneLoop::run`] as `#[inline(always)]`, so that it is inlined
/// into each level's `#[target_feature]` wrapper and vectorized there.
pub trait LaneLoop {
    /// What the loop returns.
    type Out;
    /// The loop.
    fn run(self) -> Self::Out;
}

/// Runs `body` compiled for AVX-512 or AVX2 where the CPU has it (by
/// [`simd::level`]): generic code outside [`simd_kernels!`] (the sieve's
/// reductions over lanes, generic over the reduction kind). Monomorphic per
/// body type.
pub fn in_lanes<B: LaneLoop>(body: B) -> B::Out {
    #[cfg(target_arch = "x86_64")]
    {
        match simd::level() {
            // SAFETY: the CPU reports avx512f/bw/dq/vl (simd::level).
            #[allow(unsafe_code)]
            SimdLevel::Avx512 => unsafe { loop_levels::avx512(body) },
            // SAFETY: the CPU reports avx2 (simd::level).
            #[allow(unsafe_code)]
            SimdLevel::Avx2 => unsafe { loop_levels::avx2(body) },
            SimdLevel::Baseline => body.run(),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        body.run()
    }
}

/// [`in_lanes`] per level.
#[cfg(target_arch = "x86_64")]
mod loop_levels {
    #![allow(unsafe_code)]
    use super::LaneLoop;
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2")]
    pub(super) unsafe fn avx512<B: LaneLoop>(body: B) -> B::Out {
        body.run()
    }
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2<B: LaneLoop>(body: B) -> B::Out {
        body.run()
    }
}

/// Any generator, seed by seed (baseline instruction set): the block kernel of
/// families without a SIMD kernel, and the fallback of those whose kernel has
/// a bound on `count`. Monomorphic per `mk`: no per-seed or per-output
/// indirect call.
pub fn scalar<G: RawStream>(base: u64, count: usize, s: &mut Scratch, mk: impl Fn(u64) -> G) {
    imp::scalar(base, count, s, mk)
}

/// The glibc TYPE_3 outputs as linear forms over the 31 seeded words:
/// `coeff()[k][j]` is the weight of r[j] in r[344 + k] (mod 2^32).
fn glibc_coeff() -> &'static [[u32; 31]] {
    static C: OnceLock<Vec<[u32; 31]>> = OnceLock::new();
    C.get_or_init(|| {
        let total = 344 + MT_LAZY_MAX;
        let mut r: Vec<[u32; 31]> = Vec::with_capacity(total);
        for i in 0..total {
            let mut row = [0u32; 31];
            if i < 31 {
                row[i] = 1;
            } else if i < 34 {
                row = r[i - 31];
            } else {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = r[i - 31][j].wrapping_add(r[i - 3][j]);
                }
            }
            r.push(row);
        }
        r.split_off(344)
    })
}

mod imp {
    use super::*;
    use crate::prng::mt::{init_step, temper, twist_word, M, N};

    #[inline(always)]
    fn init_steps(x: &mut Lane32, i: usize) {
        for v in x.iter_mut() {
            *v = init_step(*v, i as u32);
        }
    }

    #[inline(always)]
    pub(super) fn mt_genrand(base: u32, count: usize, s: &mut Scratch) {
        mt_lazy::<false>(base, count, s)
    }

    #[inline(always)]
    pub(super) fn mt_php_legacy(base: u32, count: usize, s: &mut Scratch) {
        mt_lazy::<true>(base, count, s)
    }

    /// Lazy init_genrand for 64 seeds; `PHP`: PHP's MT_RAND_PHP twist and `>> 1`.
    #[inline(always)]
    fn mt_lazy<const PHP: bool>(base: u32, count: usize, s: &mut Scratch) {
        let (lo, hi) = (&mut s.a, &mut s.b);
        let mut x: Lane32 = [0; LANES];
        for (l, v) in x.iter_mut().enumerate() {
            *v = base.wrapping_add(l as u32);
        }
        lo[0] = x;
        for (i, slot) in lo.iter_mut().enumerate().take(count + 1).skip(1) {
            init_steps(&mut x, i);
            *slot = x;
        }
        for i in count + 1..M {
            init_steps(&mut x, i);
        }
        for (k, slot) in hi.iter_mut().enumerate().take(count) {
            init_steps(&mut x, M + k);
            *slot = x;
        }
        for i in 0..count {
            for l in 0..LANES {
                s.raw[i][l] = if PHP {
                    u64::from(
                        temper(prng::mt::twist_word_php(lo[i][l], lo[i + 1][l], hi[i][l])) >> 1,
                    )
                } else {
                    u64::from(temper(twist_word(lo[i][l], lo[i + 1][l], hi[i][l])))
                };
            }
        }
    }

    /// Full-state `init_genrand` for 64 seeds, any `count`: the 624 seeded
    /// words in lanes, then [`twist_temper`].
    #[inline(always)]
    fn mt_full<const PHP: bool>(base: u32, count: usize, s: &mut Scratch) {
        let st = &mut s.a;
        let mut x: Lane32 = [0; LANES];
        for (l, v) in x.iter_mut().enumerate() {
            *v = base.wrapping_add(l as u32);
        }
        st[0] = x;
        for (i, slot) in st.iter_mut().enumerate().skip(1) {
            init_steps(&mut x, i);
            *slot = x;
        }
        twist_temper::<PHP, LANES>(st, 0, count, &mut s.raw);
    }

    #[inline(always)]
    pub(super) fn mt_genrand_full(base: u32, count: usize, s: &mut Scratch) {
        mt_full::<false>(base, count, s)
    }

    #[inline(always)]
    pub(super) fn mt_php_legacy_full(base: u32, count: usize, s: &mut Scratch) {
        mt_full::<true>(base, count, s)
    }

    /// One row of the twist in lanes `0..W`: `a = twist(a, b, c)`.
    #[inline(always)]
    fn twist_row<const PHP: bool, const W: usize>(a: &mut Lane32, b: &Lane32, c: &Lane32) {
        for l in 0..W {
            a[l] = if PHP {
                prng::mt::twist_word_php(a[l], b[l], c[l])
            } else {
                twist_word(a[l], b[l], c[l])
            };
        }
    }

    /// Raw outputs `0..count` from a seeded state `st` (lanes `0..W` of each
    /// row; written to `raw` lanes `first..first + W`): twists in place, row by
    /// row, only the words the outputs read (the last twist stops at the last
    /// output: word i reads words i + 1 and i + 397 mod 624 only, and those
    /// past the end are already twisted, as in the reference's in-place twist),
    /// tempering each word as it is twisted. `PHP`: PHP's `MT_RAND_PHP` twist
    /// and `>> 1`.
    #[inline(always)]
    fn twist_temper<const PHP: bool, const W: usize>(
        st: &mut [Lane32],
        first: usize,
        count: usize,
        raw: &mut [Lane64],
    ) {
        let mut done = 0;
        while done < count {
            let words = (count - done).min(N);
            for i in 0..words {
                if i + M < N {
                    let (lo, hi) = st.split_at_mut(i + 1);
                    twist_row::<PHP, W>(&mut lo[i], &hi[0], &hi[M - 1]);
                } else {
                    let (lo, hi) = st.split_at_mut(i);
                    let (a, rest) = hi.split_at_mut(1);
                    let b = if i + 1 < N { &rest[0] } else { &lo[0] };
                    twist_row::<PHP, W>(&mut a[0], b, &lo[i + M - N]);
                }
                let (row, out) = (&st[i], &mut raw[done + i]);
                for l in 0..W {
                    out[first + l] = if PHP {
                        u64::from(temper(row[l]) >> 1)
                    } else {
                        u64::from(temper(row[l]))
                    };
                }
            }
            done += words;
        }
    }

    /// Lanes per half-block of the CPython kernel: its 1,247 steps carry the
    /// running word and the key per lane, and 64 lanes of both spill AVX2 registers.
    const PY_HALF: usize = LANES / 2;

    #[inline(always)]
    pub(super) fn mt_python(base: u64, count: usize, s: &mut Scratch) {
        for h in 0..2 {
            mt_python_half(base, h * PY_HALF, count, s);
        }
    }

    #[inline(always)]
    fn mt_python_half(base: u64, first: usize, count: usize, s: &mut Scratch) {
        static C: OnceLock<[u32; N]> = OnceLock::new();
        let c = C.get_or_init(|| prng::mt::init_genrand(19_650_218));
        let klen = if base >> 32 == 0 { 1 } else { 2 };
        let mut key: [[u32; PY_HALF]; 2] = [[0; PY_HALF]; 2];
        for l in 0..PY_HALF {
            let seed = base + (first + l) as u64;
            key[0][l] = seed as u32;
            key[1][l] = (seed >> 32) as u32;
        }
        // The state, lanes first-half only: st[i][0..PY_HALF].
        let st = &mut s.a;
        let mut prev = [c[0]; PY_HALF];
        let f1 = |p: u32| (p ^ (p >> 30)).wrapping_mul(1_664_525);
        let f2 = |p: u32| (p ^ (p >> 30)).wrapping_mul(1_566_083_941);
        for i in 1..N {
            let j = (i - 1) % klen;
            let (ci, kj) = (c[i], &key[j]);
            for l in 0..PY_HALF {
                prev[l] = (ci ^ f1(prev[l]))
                    .wrapping_add(kj[l])
                    .wrapping_add(j as u32);
            }
            st[i][..PY_HALF].copy_from_slice(&prev);
        }
        let j = (N - 1) % klen;
        for l in 0..PY_HALF {
            prev[l] = (st[1][l] ^ f1(prev[l]))
                .wrapping_add(key[j][l])
                .wrapping_add(j as u32);
        }
        st[1][..PY_HALF].copy_from_slice(&prev);
        for i in 2..N {
            let row = &mut st[i];
            for l in 0..PY_HALF {
                prev[l] = (row[l] ^ f2(prev[l])).wrapping_sub(i as u32);
                row[l] = prev[l];
            }
        }
        for l in 0..PY_HALF {
            st[1][l] = (st[1][l] ^ f2(prev[l])).wrapping_sub(1);
        }
        for l in 0..PY_HALF {
            st[0][l] = 0x8000_0000;
        }
        twist_temper::<false, PY_HALF>(st, first, count, &mut s.raw);
    }

    #[inline(always)]
    pub(super) fn glibc(base: u32, count: usize, s: &mut Scratch) {
        const PM: u64 = 2_147_483_647;
        let w = &mut s.a;
        let mut x = [0u32; LANES];
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u32);
            let seed = if seed == 0 { 1 } else { seed };
            w[0][l] = seed;
            x[l] = (16_807 * i64::from(seed as i32)).rem_euclid(PM as i64) as u32;
            w[1][l] = x[l];
        }
        for row in w.iter_mut().take(31).skip(2) {
            for l in 0..LANES {
                // x < 2^31: a 32x32->64 multiply, then a Mersenne fold.
                let p = u64::from(x[l]) * 16_807;
                let r = (p & PM) + (p >> 31);
                x[l] = (if r >= PM { r - PM } else { r }) as u32;
                row[l] = x[l];
            }
        }
        let coeff = glibc_coeff();
        for (k, c) in coeff.iter().enumerate().take(count) {
            let mut acc: Lane32 = [0; LANES];
            for (j, cj) in c.iter().enumerate() {
                for l in 0..LANES {
                    acc[l] = acc[l].wrapping_add(cj.wrapping_mul(w[j][l]));
                }
            }
            for l in 0..LANES {
                s.raw[k][l] = u64::from(acc[l] >> 1);
            }
        }
    }

    #[inline(always)]
    pub(super) fn dotnet(base: u64, count: usize, s: &mut Scratch) {
        use prng::dotnet::MBIG;
        let sa = &mut s.dn;
        let mut mj = [0i32; LANES];
        let mut mk = [1i32; LANES];
        for l in 0..LANES {
            let seed = base.wrapping_add(l as u64) as u32 as i32;
            let sub = if seed == i32::MIN {
                i32::MAX
            } else {
                seed.wrapping_abs()
            };
            mj[l] = 161_803_398i32.wrapping_sub(sub);
        }
        sa[55] = mj;
        for i in 1..55 {
            let ii = (21 * i) % 55;
            for l in 0..LANES {
                sa[ii][l] = mk[l];
                let t = mj[l].wrapping_sub(mk[l]);
                mk[l] = if t < 0 { t.wrapping_add(MBIG) } else { t };
                mj[l] = sa[ii][l];
            }
        }
        for _ in 1..5 {
            for i in 1..56 {
                let src = sa[1 + (i + 30) % 55];
                for l in 0..LANES {
                    let t = sa[i][l].wrapping_sub(src[l]);
                    sa[i][l] = if t < 0 { t.wrapping_add(MBIG) } else { t };
                }
            }
        }
        let (mut inext, mut inextp) = (0usize, 21usize);
        for k in 0..count {
            inext = if inext + 1 >= 56 { 1 } else { inext + 1 };
            inextp = if inextp + 1 >= 56 { 1 } else { inextp + 1 };
            let q = sa[inextp];
            for l in 0..LANES {
                let mut v = sa[inext][l].wrapping_sub(q[l]);
                if v == MBIG {
                    v -= 1;
                }
                if v < 0 {
                    v = v.wrapping_add(MBIG);
                }
                sa[inext][l] = v;
                s.raw[k][l] = v as u64;
            }
        }
    }

    #[inline(always)]
    pub(super) fn scalar<G: RawStream>(
        base: u64,
        count: usize,
        s: &mut Scratch,
        mk: impl Fn(u64) -> G,
    ) {
        for l in 0..LANES {
            let mut g = mk(base.wrapping_add(l as u64));
            for i in 0..count {
                s.raw[i][l] = g.next_raw();
            }
        }
    }
}
mod cpp;
pub use cpp::KNUTH_B_COMPARE_MAX;
pub use cpp::{cpp_knuth_b, cpp_mt19937_64, cpp_ranlux24_base, cpp_ranlux48_base};
mod glibc;
pub use glibc::{glibc_type0, glibc_type1, glibc_type2, glibc_type4, TYPED_LINEAR_MAX};
mod go;
pub use go::go_rng_source;

mod lanes;
mod seedrandom;
pub use seedrandom::{
    seedrandom_tychei, seedrandom_xor128, seedrandom_xorshift7, seedrandom_xorwow,
};
mod java17;
pub use java17::{
    java_l128x1024mix, java_l128x128mix, java_l128x256mix, java_l32x64mix, java_l64x1024mix,
    java_l64x128mix, java_l64x128starstar, java_l64x256mix, java_splittable, java_xoroshiro128pp,
    java_xoshiro256pp, LAZY_1024_MAX,
};
mod numpy;
pub use numpy::{
    numpy_mt, numpy_pcg64, numpy_pcg64dxsm, numpy_philox, numpy_sfc64, NUMPY_MT_LAZY_MAX,
};
mod engines;
pub use engines::{
    go_pcg, php_pcg, php_xoshiro, rust_pcg32, rust_pcg64, rust_pcg64mcg, rust_xoroshiro128pp,
    rust_xoshiro256pp, rust_xoshiro256ss,
};
