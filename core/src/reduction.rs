//! Range reductions: how a runtime maps raw outputs to a draw in [min, max].
//!
//! A [`Reduction`] names the runtime's algorithm; a [`Reducer`] is one compiled for
//! a source's raw form and a range of `n = max - min + 1` values, with every
//! constant precomputed, so that the sieve's inner loop only pulls raw words and
//! compares. Rejection loops are emulated exactly: a draw may consume several raw
//! outputs.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The range functions of registry v1, by algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reduction {
    /// `raw % n` (C `rand() % n`, `lrand48() % n`, `std::mt19937() % n`).
    Mod,
    /// Float scaling `(int)(raw / 2^w * n)`: glibc `rand() / (RAND_MAX + 1.0) * n`,
    /// `drand48() * n`, Perl `int(rand(n))`; .NET `Next(n)` = `(int)(Sample() * n)`.
    Float,
    /// Mask and reject: `v = raw & (2^k - 1)` until `v < n` (numpy legacy `randint`,
    /// Ruby `Random#rand(n)`).
    MaskReject,
    /// CPython `_randbelow_with_getrandbits`: `getrandbits(k)` (raw >> (32 - k))
    /// with k = n.bit_length(), until `< n`.
    Randbelow,
    /// PHP 7.1+ `mt_rand(min, max)`: full 32-bit word, reject above
    /// `UINT32_MAX - UINT32_MAX % n - 1`, then `% n` (`ext/random/random.c` range32).
    Range32,
    /// PHP `mt_rand()` without arguments: `raw >> 1`, range [0, 2^31 - 1] only.
    Shift1,
    /// `java.util.Random.nextInt(n)`: `next(31)` scaled for powers of two, else
    /// modulo with the overflow-test rejection.
    Nextint,
    /// Go `math/rand` `Rand.Intn(n)` for n < 2^31: `Int31n`, modulo with rejection
    /// above `2^31 - 1 - 2^31 % n`, `& (n - 1)` for powers of two.
    Int31n,
    /// Java 17 `RandomGenerator.nextInt(n)` (`RandomSupport.boundedNextInt`) on a
    /// 32-bit `nextInt()`: `r & (n - 1)` for powers of two, else `u = r >>> 1`,
    /// `r = u % n`, rejected while `u + (n - 1) - r` overflows int.
    BoundedNextInt,
    /// numpy `Generator.integers(lo, hi)` for ranges below 2^32:
    /// `buffered_bounded_lemire_uint32` (Lemire 2019, multiply and reject on the
    /// low half below `2^32 mod n`).
    Lemire32,
    /// Go `math/rand/v2` `IntN(n)` (`uint64n`): `Uint64() & (n - 1)` for powers of
    /// two, else the high word of `Uint64() * n`, rejected while the low word is
    /// below `2^64 mod n`.
    Lemire64,
    /// rand 0.9 `random_range` on u32/i32 (`sample_single_inclusive`, biased Canon):
    /// high word of `next_u32() * n`; when the low word exceeds `2^32 - n`, one more
    /// word's high product is added with carry.
    Canon32,
    /// A double in [0, 1) with 53 random bits from two 32-bit words, as an integer
    /// k = x * 2^53: `(a >> 5) * 2^26 + (b >> 6)` (MT19937 `genrand_res53`: CPython
    /// `random()`, numpy `RandomState.random_sample()`, Ruby `Random#rand`).
    /// Only for float draws (the range [0, 2^53 - 1]).
    Res53,
    /// java.util.Random `nextDouble()` as k = x * 2^53: `(next(26) << 27) + next(27)`.
    /// Float draws only.
    NextDouble,
    /// `drand48()` as k = x * 2^53 = X * 2^5 (the whole 48-bit state). Float draws only.
    Drand48,
}

/// Float draws are integers k = x * 2^53 in [0, 2^53 - 1]: the float reductions
/// serve this range only, and only they do.
pub const FLOAT_N: u64 = 1 << 53;

impl Reduction {
    /// Whether the reduction makes a float draw (k = x * 2^53), not an integer draw.
    pub fn is_float(self) -> bool {
        matches!(
            self,
            Reduction::Res53 | Reduction::NextDouble | Reduction::Drand48
        )
    }
    /// The stable id used on the command line, in JSON and on the wire.
    pub fn id(self) -> &'static str {
        match self {
            Reduction::Mod => "mod",
            Reduction::Float => "float",
            Reduction::MaskReject => "mask_reject",
            Reduction::Randbelow => "randbelow",
            Reduction::Range32 => "range32",
            Reduction::Shift1 => "shift1",
            Reduction::Nextint => "nextint",
            Reduction::Int31n => "int31n",
            Reduction::BoundedNextInt => "bounded_next_int",
            Reduction::Lemire32 => "lemire32",
            Reduction::Lemire64 => "lemire64",
            Reduction::Canon32 => "canon32",
            Reduction::Res53 => "res53",
            Reduction::NextDouble => "next_double",
            Reduction::Drand48 => "drand48",
        }
    }
    /// Whether the reduction may consume more than one raw output per draw.
    pub fn rejects(self) -> bool {
        matches!(
            self,
            Reduction::MaskReject
                | Reduction::Randbelow
                | Reduction::Range32
                | Reduction::Nextint
                | Reduction::Int31n
                | Reduction::BoundedNextInt
                | Reduction::Lemire32
                | Reduction::Lemire64
                | Reduction::Canon32
        )
    }
}

impl fmt::Display for Reduction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The raw form a source hands to its reductions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawForm {
    /// An unsigned integer of `bits` bits (the runtime's `rand()`-like value).
    Uint {
        /// Width in bits.
        bits: u32,
    },
    /// A 48-bit LCG state: rand48 (`lrand48` = X >> 17, `drand48` = X / 2^48) and
    /// java.util.Random (`next(31)` = X >> 17).
    State48,
    /// Go's 63-bit `Int63()`; `Int31()` = Int63 >> 32.
    Int63,
    /// .NET's `InternalSample()` in [0, 2^31 - 1); `Sample()` = raw * (1 / (2^31 - 1)).
    DotnetSample,
}

/// Why a reduction cannot serve a range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReductionError {
    /// The range has more values than the reduction can produce.
    #[error("reduction {reduction} cannot produce {n} distinct values (at most {limit})")]
    RangeTooWide {
        /// The reduction.
        reduction: Reduction,
        /// Values asked for.
        n: u64,
        /// Values it can produce.
        limit: u64,
    },
    /// The reduction produces one fixed range only.
    #[error("reduction {reduction} only produces the range [0, {max}]")]
    FixedRange {
        /// The reduction.
        reduction: Reduction,
        /// Its fixed maximum.
        max: u64,
    },
    /// This source's runtime has no such reduction.
    #[error("reduction {reduction} does not apply to this raw form")]
    Unsupported {
        /// The reduction.
        reduction: Reduction,
    },
}

/// [`Kind`] discriminants as const-generic parameters of [`Fixed`].
mod tag {
    pub const MODSHIFT: u8 = 0;
    pub const FLOATPOW2: u8 = 1;
    pub const FLOATDOTNET: u8 = 2;
    pub const MASK: u8 = 3;
    pub const GETRANDBITS: u8 = 4;
    pub const RANGE32: u8 = 5;
    pub const SHIFT: u8 = 6;
    pub const JAVAPOW2: u8 = 7;
    pub const JAVAMOD: u8 = 8;
    pub const GOPOW2: u8 = 9;
    pub const GOMOD: u8 = 10;
    pub const BOUNDEDPOW2: u8 = 11;
    pub const MASKPOW2: u8 = 12;
    pub const BOUNDEDMOD: u8 = 13;
    pub const LEMIRE32: u8 = 14;
    pub const LEMIRE64: u8 = 15;
    pub const CANON32: u8 = 16;
    pub const IDENTITY: u8 = 17;
    pub const RES53: u8 = 18;
    pub const NEXTDOUBLE: u8 = 19;
    pub const DRAND48: u8 = 20;
}

/// `K` of a draw that matches on the kind at run time.
const ANY: u8 = u8::MAX;

#[derive(Clone, Copy, Debug)]
enum Kind {
    ModShift { shift: u32, fm: FastMod },
    FloatPow2 { scale: f64, bits: u32 },
    FloatDotnet,
    Mask { mask: u64 },
    Getrandbits { shift: u32 },
    Range32 { limit: u64, fm: FastMod },
    Shift { shift: u32 },
    JavaPow2 { log2n: u32 },
    JavaMod,
    GoPow2,
    GoMod { max: u64, fm: FastMod },
    BoundedPow2,
    MaskPow2,
    BoundedMod { fm: FastMod },
    Lemire32 { threshold: u64 },
    Lemire64 { threshold: u64 },
    Canon32,
    Identity,
    Res53,
    NextDouble,
    Drand48,
}

/// Lemire's fast remainder for 32-bit operands (Lemire, Kaser, Kurz 2019,
/// "Faster remainder by direct computation").
#[derive(Clone, Copy, Debug)]
struct FastMod {
    m: u64,
    d: u64,
}

impl FastMod {
    fn new(d: u64) -> Self {
        // d in 1..=2^32; for d = 1 the product below is 0 as it should be.
        FastMod {
            m: (u64::MAX / d).wrapping_add(1),
            d,
        }
    }
    #[inline(always)]
    fn rem(self, a: u64) -> u64 {
        if a > u64::from(u32::MAX) {
            return a % self.d;
        }
        self.rem32(a)
    }
    /// `a % d` for a < 2^32 (and d <= 2^32), without a branch or a 128-bit
    /// product, so that a loop over lanes vectorizes: the high word of the
    /// 64x64 product `low * d` from its two halves (exact: `low * d =
    /// (hi * 2^32 + lo) * d`, and the sum below stays under 2^64 for d <= 2^32).
    /// For d = 2^32, m = 2^32 and the result is `a`, as it should be.
    #[inline(always)]
    fn rem32(self, a: u64) -> u64 {
        let low = self.m.wrapping_mul(a);
        ((low >> 32) * self.d + (((low & 0xffff_ffff) * self.d) >> 32)) >> 32
    }
}

/// A reduction compiled for one raw form and one range size.
#[derive(Clone, Copy, Debug)]
pub struct Reducer {
    kind: Kind,
    n: u64,
}

impl Reducer {
    /// Compiles `reduction` for `form` and `n` values (n >= 1).
    pub fn new(reduction: Reduction, form: RawForm, n: u64) -> Result<Self, ReductionError> {
        let too_wide = |limit: u64| {
            if n > limit {
                Err(ReductionError::RangeTooWide {
                    reduction,
                    n,
                    limit,
                })
            } else {
                Ok(())
            }
        };
        let unsupported = Err(ReductionError::Unsupported { reduction });
        let kind = match (reduction, form) {
            (Reduction::Mod, RawForm::Uint { bits }) => {
                too_wide(1u64.checked_shl(bits).unwrap_or(u64::MAX))?;
                Kind::ModShift {
                    shift: 0,
                    fm: FastMod::new(n),
                }
            }
            (Reduction::Mod, RawForm::State48) => {
                too_wide(1 << 31)?;
                Kind::ModShift {
                    shift: 17,
                    fm: FastMod::new(n),
                }
            }
            (Reduction::Float, RawForm::Uint { bits }) => {
                too_wide(1 << 31)?;
                Kind::FloatPow2 {
                    scale: 1.0 / (1u64 << bits) as f64,
                    bits,
                }
            }
            (Reduction::Float, RawForm::State48) => {
                too_wide(1 << 31)?;
                Kind::FloatPow2 {
                    scale: 1.0 / (1u64 << 48) as f64,
                    bits: 48,
                }
            }
            (Reduction::Float, RawForm::DotnetSample) => {
                too_wide(i32::MAX as u64)?;
                Kind::FloatDotnet
            }
            (Reduction::MaskReject, RawForm::Uint { bits: 32 }) => {
                too_wide(1 << 32)?;
                // gen_mask(n - 1): the smallest 2^k - 1 >= n - 1 (numpy `gen_mask`, Ruby `make_mask`).
                let rng = n - 1;
                Kind::Mask {
                    mask: if rng == 0 {
                        0
                    } else {
                        u64::MAX >> rng.leading_zeros()
                    },
                }
            }
            (Reduction::Randbelow, RawForm::Uint { bits: 32 }) => {
                too_wide(1 << 32)?;
                let k = 64 - n.leading_zeros(); // n.bit_length(), 1..=33
                if k > 32 {
                    return Err(ReductionError::RangeTooWide {
                        reduction,
                        n,
                        limit: (1 << 32) - 1,
                    });
                }
                Kind::Getrandbits { shift: 32 - k }
            }
            (Reduction::Range32, RawForm::Uint { bits: 32 }) => {
                too_wide(1 << 32)?;
                let u = u64::from(u32::MAX);
                let limit = if n == 1 << 32 || n.is_power_of_two() {
                    u
                } else {
                    u - u % n - 1
                };
                Kind::Range32 {
                    limit,
                    fm: FastMod::new(n),
                }
            }
            (Reduction::Shift1, RawForm::Uint { bits: 32 }) => {
                if n != 1 << 31 {
                    return Err(ReductionError::FixedRange {
                        reduction,
                        max: (1 << 31) - 1,
                    });
                }
                Kind::Shift { shift: 1 }
            }
            (Reduction::Nextint, RawForm::State48) => {
                too_wide(i32::MAX as u64)?;
                if n.is_power_of_two() {
                    Kind::JavaPow2 {
                        log2n: n.trailing_zeros(),
                    }
                } else {
                    Kind::JavaMod
                }
            }
            (Reduction::Int31n, RawForm::Int63) => {
                too_wide(i32::MAX as u64)?;
                if n.is_power_of_two() {
                    Kind::GoPow2
                } else {
                    let max = (1u64 << 31) - 1 - (1u64 << 31) % n;
                    Kind::GoMod {
                        max,
                        fm: FastMod::new(n),
                    }
                }
            }
            (Reduction::BoundedNextInt, RawForm::Uint { bits: 32 }) => {
                too_wide(i32::MAX as u64)?;
                if n.is_power_of_two() {
                    Kind::BoundedPow2
                } else {
                    Kind::BoundedMod {
                        fm: FastMod::new(n),
                    }
                }
            }
            (Reduction::Lemire32, RawForm::Uint { bits: 32 }) => {
                too_wide(1 << 32)?;
                if n == 1 << 32 {
                    // rng == 0xFFFFFFFF: next_uint32 itself.
                    Kind::Identity
                } else {
                    Kind::Lemire32 {
                        threshold: ((1u64 << 32) - n) % n,
                    }
                }
            }
            (Reduction::Lemire64, RawForm::Uint { bits: 64 }) => {
                too_wide(1 << 63)?;
                if n.is_power_of_two() {
                    Kind::MaskPow2
                } else {
                    Kind::Lemire64 {
                        threshold: n.wrapping_neg() % n,
                    }
                }
            }
            (Reduction::Res53 | Reduction::NextDouble | Reduction::Drand48, _) if n != FLOAT_N => {
                return Err(ReductionError::FixedRange {
                    reduction,
                    max: FLOAT_N - 1,
                })
            }
            (Reduction::Res53, RawForm::Uint { bits: 32 }) => Kind::Res53,
            (Reduction::NextDouble, RawForm::State48) => Kind::NextDouble,
            (Reduction::Drand48, RawForm::State48) => Kind::Drand48,
            (Reduction::Canon32, RawForm::Uint { bits: 32 }) => {
                too_wide(1 << 32)?;
                if n == 1 << 32 {
                    Kind::Identity
                } else {
                    Kind::Canon32
                }
            }
            _ => return unsupported,
        };
        Ok(Reducer { kind, n })
    }

    /// The number of values, n.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The reducer as the GPU kernels read it (kernels/inc_reduce.h): `[kind, n,
    /// p, bits]`. kind is the reducer's kind number (the `K_*` codes of
    /// inc_reduce.h): 0 mod-shift (p: shift), 1 float 2^-bits, 2 float .NET,
    /// 3 mask (p: mask), 4 getrandbits (p: shift), 5 range32 (p: limit),
    /// 6 shift (p: shift), 7 Java power of two (p: log2 n), 8 Java modulo,
    /// 9 Go power of two, 10 Go modulo (p: max), 11 Java 17 bounded power of
    /// two, 12 Go v2 power of two, 13 Java 17 bounded modulo, 14 Lemire 32
    /// (p: 2^32 mod n), 15 Lemire 64 (p: 2^64 mod n), 16 Canon 32, 17 identity,
    /// 18 res53, 19 nextDouble, 20 drand48. Every kind has a GPU form.
    pub fn descriptor(&self) -> [u64; 4] {
        let n = self.n;
        let k = |t: u8| u64::from(t);
        match self.kind {
            Kind::ModShift { shift, .. } => [k(tag::MODSHIFT), n, u64::from(shift), 0],
            Kind::FloatPow2 { bits, .. } => [k(tag::FLOATPOW2), n, 0, u64::from(bits)],
            Kind::FloatDotnet => [k(tag::FLOATDOTNET), n, 0, 0],
            Kind::Mask { mask } => [k(tag::MASK), n, mask, 0],
            Kind::Getrandbits { shift } => [k(tag::GETRANDBITS), n, u64::from(shift), 0],
            Kind::Range32 { limit, .. } => [k(tag::RANGE32), n, limit, 0],
            Kind::Shift { shift } => [k(tag::SHIFT), n, u64::from(shift), 0],
            Kind::JavaPow2 { log2n } => [k(tag::JAVAPOW2), n, u64::from(log2n), 0],
            Kind::JavaMod => [k(tag::JAVAMOD), n, 0, 0],
            Kind::GoPow2 => [k(tag::GOPOW2), n, 0, 0],
            Kind::GoMod { max, .. } => [k(tag::GOMOD), n, max, 0],
            Kind::BoundedPow2 => [k(tag::BOUNDEDPOW2), n, 0, 0],
            Kind::MaskPow2 => [k(tag::MASKPOW2), n, 0, 0],
            Kind::BoundedMod { .. } => [k(tag::BOUNDEDMOD), n, 0, 0],
            Kind::Lemire32 { threshold } => [k(tag::LEMIRE32), n, threshold, 0],
            Kind::Lemire64 { threshold } => [k(tag::LEMIRE64), n, threshold, 0],
            Kind::Canon32 => [k(tag::CANON32), n, 0, 0],
            Kind::Identity => [k(tag::IDENTITY), n, 0, 0],
            Kind::Res53 => [k(tag::RES53), n, 0, 0],
            Kind::NextDouble => [k(tag::NEXTDOUBLE), n, 0, 0],
            Kind::Drand48 => [k(tag::DRAND48), n, 0, 0],
        }
    }

    /// One draw in 0..n, pulling raw outputs from `next`; `None` when `next` runs dry
    /// (the sieve's precomputed raw buffers are finite).
    #[inline(always)]
    pub fn draw(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64> {
        self.draw_as::<ANY>(next)
    }

    /// [`Reducer::draw`] outside the hot loop (the fallback of a mismatched `K`).
    #[cold]
    #[inline(never)]
    fn draw_any(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64> {
        self.draw_as::<ANY>(next)
    }

    /// Calls `body` with this reducer as a [`Draw`] whose kind is a compile-time
    /// constant: the sieve's inner loop is compiled once per kind, without a
    /// per-draw `match` (loop unswitching by hand; LLVM's own unswitching of
    /// that loop depended on what was inlined around it).
    #[inline]
    pub fn unswitch<B: Unswitched>(&self, body: B) -> B::Out {
        let r = *self;
        match self.kind {
            Kind::ModShift { .. } => body.run(Fixed::<{ tag::MODSHIFT }>(r)),
            Kind::FloatPow2 { .. } => body.run(Fixed::<{ tag::FLOATPOW2 }>(r)),
            Kind::FloatDotnet => body.run(Fixed::<{ tag::FLOATDOTNET }>(r)),
            Kind::Mask { .. } => body.run(Fixed::<{ tag::MASK }>(r)),
            Kind::Getrandbits { .. } => body.run(Fixed::<{ tag::GETRANDBITS }>(r)),
            Kind::Range32 { .. } => body.run(Fixed::<{ tag::RANGE32 }>(r)),
            Kind::Shift { .. } => body.run(Fixed::<{ tag::SHIFT }>(r)),
            Kind::JavaPow2 { .. } => body.run(Fixed::<{ tag::JAVAPOW2 }>(r)),
            Kind::JavaMod => body.run(Fixed::<{ tag::JAVAMOD }>(r)),
            Kind::GoPow2 => body.run(Fixed::<{ tag::GOPOW2 }>(r)),
            Kind::GoMod { .. } => body.run(Fixed::<{ tag::GOMOD }>(r)),
            Kind::BoundedPow2 => body.run(Fixed::<{ tag::BOUNDEDPOW2 }>(r)),
            Kind::MaskPow2 => body.run(Fixed::<{ tag::MASKPOW2 }>(r)),
            Kind::BoundedMod { .. } => body.run(Fixed::<{ tag::BOUNDEDMOD }>(r)),
            Kind::Lemire32 { .. } => body.run(Fixed::<{ tag::LEMIRE32 }>(r)),
            Kind::Lemire64 { .. } => body.run(Fixed::<{ tag::LEMIRE64 }>(r)),
            Kind::Canon32 => body.run(Fixed::<{ tag::CANON32 }>(r)),
            Kind::Identity => body.run(Fixed::<{ tag::IDENTITY }>(r)),
            Kind::Res53 => body.run(Fixed::<{ tag::RES53 }>(r)),
            Kind::NextDouble => body.run(Fixed::<{ tag::NEXTDOUBLE }>(r)),
            Kind::Drand48 => body.run(Fixed::<{ tag::DRAND48 }>(r)),
        }
    }

    /// One draw with the kind fixed to `K` (or any kind for [`ANY`]).
    #[inline(always)]
    fn draw_as<const K: u8>(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64> {
        let n = self.n;
        Some(match self.kind {
            Kind::ModShift { shift, fm } if K == ANY || K == tag::MODSHIFT => {
                fm.rem(next()? >> shift)
            }
            Kind::FloatPow2 { scale, .. } if K == ANY || K == tag::FLOATPOW2 => {
                ((next()? as f64 * scale) * n as f64) as u64
            }
            Kind::FloatDotnet if K == ANY || K == tag::FLOATDOTNET => {
                ((next()? as f64 * (1.0 / i32::MAX as f64)) * n as f64) as u64
            }
            Kind::Mask { mask } if K == ANY || K == tag::MASK => loop {
                let v = next()? & mask;
                if v < n {
                    break v;
                }
            },
            Kind::Getrandbits { shift } if K == ANY || K == tag::GETRANDBITS => loop {
                let v = next()? >> shift;
                if v < n {
                    break v;
                }
            },
            Kind::Range32 { limit, fm } if K == ANY || K == tag::RANGE32 => loop {
                let v = next()?;
                if v <= limit {
                    break fm.rem(v);
                }
            },
            Kind::Shift { shift } if K == ANY || K == tag::SHIFT => next()? >> shift,
            Kind::JavaPow2 { log2n } if K == ANY || K == tag::JAVAPOW2 => {
                (next()? >> 17) >> (31 - log2n)
            }
            Kind::JavaMod if K == ANY || K == tag::JAVAMOD => loop {
                let bits = (next()? >> 17) as i32;
                let val = bits % n as i32;
                if bits.wrapping_sub(val).wrapping_add(n as i32 - 1) >= 0 {
                    break val as u64;
                }
            },
            Kind::GoPow2 if K == ANY || K == tag::GOPOW2 => (next()? >> 32) & (n - 1),
            Kind::BoundedPow2 | Kind::MaskPow2
                if K == ANY || K == tag::BOUNDEDPOW2 || K == tag::MASKPOW2 =>
            {
                next()? & (n - 1)
            }
            Kind::BoundedMod { fm } if K == ANY || K == tag::BOUNDEDMOD => loop {
                let u = (next()? >> 1) as i32;
                let r = fm.rem(u as u64) as i32;
                if u.wrapping_add(n as i32 - 1).wrapping_sub(r) >= 0 {
                    break r as u64;
                }
            },
            Kind::Lemire32 { threshold } if K == ANY || K == tag::LEMIRE32 => {
                let mut m = next()? * n;
                if m & 0xffff_ffff < n {
                    while m & 0xffff_ffff < threshold {
                        m = next()? * n;
                    }
                }
                m >> 32
            }
            Kind::Lemire64 { threshold } if K == ANY || K == tag::LEMIRE64 => {
                let mut m = u128::from(next()?) * u128::from(n);
                if (m as u64) < n {
                    while (m as u64) < threshold {
                        m = u128::from(next()?) * u128::from(n);
                    }
                }
                (m >> 64) as u64
            }
            Kind::Canon32 if K == ANY || K == tag::CANON32 => {
                let m = next()? * n;
                let (result, lo) = (m >> 32, m & 0xffff_ffff);
                if lo > (1 << 32) - n {
                    let hi2 = (next()? * n) >> 32;
                    result + u64::from(lo + hi2 > u64::from(u32::MAX))
                } else {
                    result
                }
            }
            Kind::Identity if K == ANY || K == tag::IDENTITY => next()?,
            Kind::Res53 if K == ANY || K == tag::RES53 => {
                let a = next()? >> 5;
                let b = next()? >> 6;
                (a << 26) | b
            }
            Kind::NextDouble if K == ANY || K == tag::NEXTDOUBLE => {
                let hi = next()? >> 22;
                let lo = next()? >> 21;
                (hi << 27) + lo
            }
            Kind::Drand48 if K == ANY || K == tag::DRAND48 => next()? << 5,
            Kind::GoMod { max, fm } if K == ANY || K == tag::GOMOD => loop {
                let v = next()? >> 32;
                if v <= max {
                    break fm.rem(v);
                }
            },
            // K names another kind than this reducer's: never taken when the
            // reducer came through `unswitch`, which picks K from the kind.
            _ => return self.draw_any(next),
        })
    }
}

impl Reducer {
    /// Whether every draw may come from one raw output, so that
    /// [`Reducer::single`] applies: all but the two-word float reductions
    /// (`res53`, `next_double`).
    pub fn has_single(&self) -> bool {
        !matches!(self.kind, Kind::Res53 | Kind::NextDouble)
    }

    /// About the probability that a draw takes more than one raw output (a
    /// rejection, or `canon32`'s second word), for raw outputs uniform over
    /// the raw form: an estimate within a factor of two, for sizing buffers.
    pub fn rejection_rate(&self) -> f64 {
        let n = self.n as f64;
        let two = |k: u32| (k as f64).exp2();
        match self.kind {
            Kind::Mask { mask } => 1.0 - n / (mask as f64 + 1.0),
            Kind::Getrandbits { shift } => 1.0 - n / two(32 - shift),
            Kind::Range32 { limit, .. } => (u64::from(u32::MAX) - limit) as f64 / two(32),
            Kind::JavaMod | Kind::BoundedMod { .. } => (two(31) % n) / two(31),
            Kind::GoMod { max, .. } => ((1u64 << 31) - 1 - max) as f64 / two(31),
            Kind::Lemire32 { threshold } => threshold as f64 / two(32),
            Kind::Lemire64 { threshold } => threshold as f64 / two(64),
            Kind::Canon32 => n / two(32),
            Kind::Res53 | Kind::NextDouble => 1.0,
            _ => 0.0,
        }
    }

    /// The draw made of the one raw output `raw`, and whether the draw takes
    /// exactly that output: `(v, true)` means [`Reducer::draw`] returns `v` after
    /// pulling `raw` alone; `(_, false)` means it would reject `raw` (a rejection
    /// loop goes on) or pull a second output (`canon32`'s carry word, the
    /// two-word floats). So a stream whose outputs `0..d` all give `true` has
    /// draw i = `single(raw_i).0` for every i < d. Branch-free in the common
    /// kinds, so that a loop of it over lanes vectorizes.
    #[inline(always)]
    pub fn single(&self, raw: u64) -> (u64, bool) {
        self.single_as::<ANY>(raw)
    }

    #[cold]
    #[inline(never)]
    fn single_any(&self, raw: u64) -> (u64, bool) {
        self.single_as::<ANY>(raw)
    }

    /// [`Reducer::single`] with the kind fixed to `K` (or any kind for [`ANY`]).
    #[inline(always)]
    fn single_as<const K: u8>(&self, raw: u64) -> (u64, bool) {
        let n = self.n;
        match self.kind {
            Kind::ModShift { shift, fm } if K == ANY || K == tag::MODSHIFT => {
                (fm.rem(raw >> shift), true)
            }
            Kind::FloatPow2 { scale, .. } if K == ANY || K == tag::FLOATPOW2 => {
                (((raw as f64 * scale) * n as f64) as u64, true)
            }
            Kind::FloatDotnet if K == ANY || K == tag::FLOATDOTNET => (
                ((raw as f64 * (1.0 / i32::MAX as f64)) * n as f64) as u64,
                true,
            ),
            Kind::Mask { mask } if K == ANY || K == tag::MASK => {
                let v = raw & mask;
                (v, v < n)
            }
            Kind::Getrandbits { shift } if K == ANY || K == tag::GETRANDBITS => {
                let v = raw >> shift;
                (v, v < n)
            }
            // The raw word is 32 bits (Range32 reads UINT32 forms only).
            Kind::Range32 { limit, fm } if K == ANY || K == tag::RANGE32 => {
                (fm.rem32(raw & 0xffff_ffff), raw <= limit)
            }
            Kind::Shift { shift } if K == ANY || K == tag::SHIFT => (raw >> shift, true),
            Kind::JavaPow2 { log2n } if K == ANY || K == tag::JAVAPOW2 => {
                ((raw >> 17) >> (31 - log2n), true)
            }
            Kind::JavaMod if K == ANY || K == tag::JAVAMOD => {
                let bits = (raw >> 17) as i32;
                let val = bits % n as i32;
                (
                    val as u64,
                    bits.wrapping_sub(val).wrapping_add(n as i32 - 1) >= 0,
                )
            }
            Kind::GoPow2 if K == ANY || K == tag::GOPOW2 => ((raw >> 32) & (n - 1), true),
            Kind::BoundedPow2 | Kind::MaskPow2
                if K == ANY || K == tag::BOUNDEDPOW2 || K == tag::MASKPOW2 =>
            {
                (raw & (n - 1), true)
            }
            Kind::BoundedMod { fm } if K == ANY || K == tag::BOUNDEDMOD => {
                let u = (raw >> 1) as i32;
                let r = fm.rem(u as u64) as i32;
                (r as u64, u.wrapping_add(n as i32 - 1).wrapping_sub(r) >= 0)
            }
            // Accepted at once when the low word is >= n, else when it is >=
            // the threshold (< n): so exactly when it is >= the threshold.
            Kind::Lemire32 { threshold } if K == ANY || K == tag::LEMIRE32 => {
                let m = raw * n;
                (m >> 32, (m & 0xffff_ffff) >= threshold)
            }
            Kind::Lemire64 { threshold } if K == ANY || K == tag::LEMIRE64 => {
                let m = u128::from(raw) * u128::from(n);
                ((m >> 64) as u64, m as u64 >= threshold)
            }
            Kind::Canon32 if K == ANY || K == tag::CANON32 => {
                let m = raw * n;
                (m >> 32, (m & 0xffff_ffff) <= (1 << 32) - n)
            }
            Kind::Identity if K == ANY || K == tag::IDENTITY => (raw, true),
            Kind::Drand48 if K == ANY || K == tag::DRAND48 => (raw << 5, true),
            Kind::GoMod { max, fm } if K == ANY || K == tag::GOMOD => {
                let v = raw >> 32;
                (fm.rem(v), v <= max)
            }
            Kind::Res53 | Kind::NextDouble
                if K == ANY || K == tag::RES53 || K == tag::NEXTDOUBLE =>
            {
                (0, false)
            }
            // K names another kind than this reducer's (never via `unswitch`).
            _ => self.single_any(raw),
        }
    }
}

/// A draw function: [`Reducer`] itself (the kind matched per draw) or
/// [`Fixed`] (the kind fixed at compile time, see [`Reducer::unswitch`]).
pub trait Draw: Copy {
    /// One draw in 0..n (see [`Reducer::draw`]).
    fn draw(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64>;
    /// The draw of one raw output and whether it takes exactly that output
    /// (see [`Reducer::single`]).
    fn single(&self, raw: u64) -> (u64, bool);
    /// Whether [`Draw::single`] may apply (see [`Reducer::has_single`]).
    fn has_single(&self) -> bool;
}

impl Draw for Reducer {
    #[inline(always)]
    fn draw(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64> {
        Reducer::draw(self, next)
    }
    #[inline(always)]
    fn single(&self, raw: u64) -> (u64, bool) {
        Reducer::single(self, raw)
    }
    fn has_single(&self) -> bool {
        Reducer::has_single(self)
    }
}

/// A reducer whose kind is the compile-time constant `K` (made only by
/// [`Reducer::unswitch`], which picks `K` from the kind).
#[derive(Clone, Copy, Debug)]
pub struct Fixed<const K: u8>(Reducer);

impl<const K: u8> Draw for Fixed<K> {
    #[inline(always)]
    fn draw(&self, next: &mut impl FnMut() -> Option<u64>) -> Option<u64> {
        self.0.draw_as::<K>(next)
    }
    #[inline(always)]
    fn single(&self, raw: u64) -> (u64, bool) {
        self.0.single_as::<K>(raw)
    }
    fn has_single(&self) -> bool {
        self.0.has_single()
    }
}

/// A body run with a [`Draw`] of fixed kind (see [`Reducer::unswitch`]).
pub trait Unswitched {
    /// What the body returns.
    type Out;
    /// Runs the body.
    fn run<D: Draw>(self, draw: D) -> Self::Out;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `single(raw)` is `(v, true)` exactly when `draw` returns `v` from `raw`
    /// alone, for every reduction, range and raw form it serves.
    #[test]
    fn single_is_the_one_output_draw() {
        let forms = [
            RawForm::Uint { bits: 31 },
            RawForm::Uint { bits: 32 },
            RawForm::Uint { bits: 64 },
            RawForm::State48,
            RawForm::Int63,
            RawForm::DotnetSample,
        ];
        let reductions = [
            Reduction::Mod,
            Reduction::Float,
            Reduction::MaskReject,
            Reduction::Randbelow,
            Reduction::Range32,
            Reduction::Shift1,
            Reduction::Nextint,
            Reduction::Int31n,
            Reduction::BoundedNextInt,
            Reduction::Lemire32,
            Reduction::Lemire64,
            Reduction::Canon32,
            Reduction::Res53,
            Reduction::NextDouble,
            Reduction::Drand48,
        ];
        let ns = [
            1u64,
            2,
            3,
            7,
            1000,
            1 << 20,
            (1 << 31) - 1,
            1 << 31,
            3 << 30,
            (1 << 32) - 1,
            1 << 32,
            FLOAT_N,
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut served = 0;
        for form in forms {
            let width = match form {
                RawForm::Uint { bits } => bits,
                RawForm::State48 => 48,
                RawForm::Int63 => 63,
                RawForm::DotnetSample => 31,
            };
            for red in reductions {
                for n in ns {
                    let Ok(r) = Reducer::new(red, form, n) else {
                        continue;
                    };
                    served += 1;
                    for i in 0..2000u64 {
                        // splitmix64, plus the extremes of the raw width.
                        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
                        let mut z = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                        let mask = if width == 64 {
                            u64::MAX
                        } else {
                            (1 << width) - 1
                        };
                        let raw = match i {
                            0 => 0,
                            1 => mask,
                            _ => (z ^ (z >> 31)) & mask,
                        };
                        let mut once = Some(raw);
                        let alone = r.draw(&mut || once.take());
                        let (v, ok) = r.single(raw);
                        assert_eq!(alone.is_some(), ok, "{red} {form:?} n {n} raw {raw:#x}");
                        if let Some(a) = alone {
                            assert_eq!(a, v, "{red} {form:?} n {n} raw {raw:#x}");
                        }
                    }
                }
            }
        }
        assert!(served > 40, "{served} reducers");
    }
}
