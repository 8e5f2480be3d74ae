//! The registry: each source (the runtime API a user knows) mapped to its
//! algorithm, seeding function, seed space and range reductions, and each
//! generator family described by one row.
//!
//! Sources that share a generator and a seeding function share a [`Family`]: the
//! sieve computes their raw outputs once per seed and checks every source's
//! reductions on them (PHP, Ruby, numpy and C++ all seed MT19937 with
//! `init_genrand`).
//!
//! # One row per family
//!
//! A [`FamilyInfo`] row holds everything the rest of the crate asks of a family:
//! its id, state bits, raw form, shard cost, throughput figures, the scalar
//! reference stream, the CPU block kernel and the GPU kernel if any. Rows and
//! the sources that read them live in one file per runtime group:
//!
//! | file | runtimes |
//! |---|---|
//! | `mt.rs` | MT19937 by `init_genrand` / `init_by_array`: CPython, PHP, Ruby, numpy `RandomState`, C++ `mt19937`, PHP `MT_RAND_PHP` |
//! | `libc.rs` | glibc `rand`/`random` (every `initstate` type), `rand_r`, `rand48`, MSVC `rand` |
//! | `cpp.rs` | libstdc++ engines: `knuth_b`, `ranlux24_base`, `ranlux48_base`, `mt19937_64`, `minstd_rand0`, `minstd_rand` |
//! | `managed.rs` | `java.util.Random`, .NET `System.Random`, Go `math/rand` |
//! | `java17.rs` | Java 17 `SplittableRandom` and `RandomGeneratorFactory` |
//! | `numpy.rs` | numpy `Generator` bit generators |
//! | `engines.rs` | PHP 8.2 `Random\Engine`s, Go `math/rand/v2` PCG, Rust `rand` crates |
//! | `seedrandom.rs` | npm `seedrandom` |
//!
//! Adding a family: a [`Family`] variant (its serde name is the wire id), its
//! emulation in [`crate::prng`], and its row (with its sources) in the group's
//! file. Nothing else matches on families. State recovery is keyed by source id
//! (some generators it covers have no seed sweep): see [`crate::recover`].

mod controls;
mod cpp;
mod engines;
mod ids;
mod java17;
mod libc;
mod managed;
mod mt;
mod numpy;
mod seedrandom;
mod stream;

pub use controls::{control, ControlInfo, CONTROLS};
pub use ids::{suggest as ids_suggest, Family, SourceId, UnknownSource};
pub use stream::Stream;

use crate::kernel::BlockFn;
use crate::reduction::{RawForm, Reduction};
use serde::Serialize;

/// What a source's seeding function accepts and what the sieve sweeps by default.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SeedSpace {
    /// Seeds the sieve sweeps when no `--seed-range` is given: [start, end).
    pub default_start: u64,
    /// End (exclusive) of the default sweep.
    pub default_end: u64,
    /// Largest seed the emulation accepts, exclusive.
    pub limit: u64,
    /// How the runtime maps the seed argument into this space.
    pub note: &'static str,
}

/// A registry entry.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SourceInfo {
    /// The source.
    pub id: SourceId,
    /// The family whose raw outputs it reads.
    pub family: Family,
    /// The algorithm, in the field's terms.
    pub algorithm: &'static str,
    /// The calls a user made, as they would write them.
    pub calls: &'static str,
    /// The seed space.
    pub seeds: SeedSpace,
    /// Range reductions this runtime applies, each with the call that uses it.
    pub reductions: &'static [(Reduction, &'static str)],
    /// The reference the emulation follows.
    pub reference: &'static str,
    /// How common the runtime is: `--prng all` sweeps likelier sources first
    /// (see [`Prior`] and [`crate::job::JobSpec::shards`]).
    pub prior: Prior,
}

/// How likely a source is behind draws of unknown origin: the prior that
/// orders the work of a sweep over many sources (likely first, then cheap
/// first). A judgement of how common the call is in deployed code, in three
/// classes (docs/design.md, "Sweep order"):
///
/// - `Common`: the default integer-seeded generator of a widespread runtime
///   (glibc `rand`, PHP `mt_rand`, CPython `random`, `java.util.Random`,
///   .NET `System.Random`, MSVC `rand`, C++ `std::mt19937`, numpy's
///   `RandomState` and `default_rng`, Go `math/rand`, Ruby `Random`);
/// - `Frequent`: other calls of those runtimes and the popular alternatives
///   (glibc `random`, `rand_r`, `rand48`, minstd, `mt19937_64`, the Rust
///   `rand` crates, Go's PCG, numpy's `MT19937`, PHP 8.2's engines, Java's
///   `SplittableRandom`, seedrandom's `xor128`);
/// - `Rare`: the rest (`knuth_b`, ranlux, Java 17's LXM family, numpy's
///   SFC64/Philox/PCG64DXSM, seedrandom's other generators).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Prior {
    /// The default generator of a widespread runtime.
    Common,
    /// Another call of a common runtime, or a popular alternative.
    Frequent,
    /// Anything else.
    Rare,
}

/// A family's GPU sieve kernel (`kernels/sieve.cl`, entry `sieve_<id>`).
#[derive(Clone, Copy, Debug)]
pub struct GpuKernel {
    /// The largest raw-output count the kernel can produce per seed.
    pub max_raw: usize,
    /// The kernel's constant table (its `table` argument; one zero when unused).
    pub table: fn() -> Vec<u64>,
}

impl GpuKernel {
    /// A kernel without a constant table, producing up to 4096 raw outputs.
    pub const PLAIN: GpuKernel = GpuKernel {
        max_raw: 4096,
        table: no_table,
    };
}

fn no_table() -> Vec<u64> {
    vec![0]
}

/// One generator family: the single row the sieve, the planner, the backends
/// and `scheduler generators` read.
///
/// The hot loops stay monomorphic: [`FamilyInfo::block`] is called once per
/// block of [`crate::kernel::LANES`] seeds, and each row's block function is
/// its own code (a SIMD kernel, or [`crate::kernel::scalar`] instantiated with
/// the family's concrete generator), never a per-seed indirect call.
#[derive(Clone, Copy, Debug)]
pub struct FamilyInfo {
    /// The family.
    pub family: Family,
    /// The stable id (snake case, as in JSON and kernel names; equals the serde name).
    pub id: &'static str,
    /// Bits of generator state (what brute force over states would face).
    pub state_bits: u32,
    /// The raw word its sources' reductions read.
    pub raw_form: RawForm,
    /// Relative CPU cost of one seed, for shard sizing (init_genrand = 100).
    pub cost: u64,
    /// Seeds per second per CPU core of the sieve on a 10-draw window, millions:
    /// measured with `sieve-bench` on the development machine (AMD EPYC, AVX2,
    /// 2026-11); an estimate elsewhere.
    pub cpu_mseeds_per_core: f64,
    /// 32-bit integer operations per seed of the GPU prefilter (a model), for
    /// time estimates on a GPU.
    pub gpu_ops_per_seed: f64,
    /// The scalar reference stream from a seed (already in the family's seed
    /// space; callers map a source's seed with [`SourceInfo::seeds`]).
    pub stream: fn(u64) -> Stream,
    /// The CPU block kernel: raw outputs `0..count` of seeds `base .. base + LANES`
    /// into `scratch.raw` (sized by the caller). Equals [`FamilyInfo::stream`] lane for lane.
    pub block: BlockFn,
    /// The GPU kernel, if `kernels/sieve.cl` has one (the others run on the CPU
    /// path of every backend).
    pub gpu: Option<GpuKernel>,
}

/// Lengths of `groups` summed (for the const concatenations below).
const fn total_len<T>(groups: &[&[T]]) -> usize {
    let (mut n, mut g) = (0, 0);
    while g < groups.len() {
        n += groups[g].len();
        g += 1;
    }
    n
}

/// The sources' groups, in registry order (the order `scheduler generators`
/// prints and `--prng all` sweeps).
const SOURCE_GROUPS: &[&[SourceInfo]] = &[
    mt::SOURCES,
    libc::RANDOM_SOURCES,
    cpp::ENGINE_SOURCES,
    mt::PHP_LEGACY_SOURCES,
    libc::LCG_SOURCES,
    managed::SOURCES,
    libc::MSVC_SOURCES,
    cpp::MINSTD_SOURCES,
    java17::SOURCES,
    numpy::SOURCES,
    engines::SOURCES,
    seedrandom::SOURCES,
];

const fn concat_sources<const N: usize>(groups: &[&[SourceInfo]]) -> [SourceInfo; N] {
    let mut out = [groups[0][0]; N];
    let (mut g, mut k) = (0, 0);
    while g < groups.len() {
        let mut i = 0;
        while i < groups[g].len() {
            out[k] = groups[g][i];
            k += 1;
            i += 1;
        }
        g += 1;
    }
    assert!(k == N, "source count");
    out
}

const N_SOURCES: usize = total_len(SOURCE_GROUPS);

/// Registry v1, in a stable order.
pub const SOURCES: &[SourceInfo] = &concat_sources::<N_SOURCES>(SOURCE_GROUPS);

const FAMILY_GROUPS: &[&[FamilyInfo]] = &[
    mt::FAMILIES,
    libc::FAMILIES,
    cpp::FAMILIES,
    managed::FAMILIES,
    java17::FAMILIES,
    numpy::FAMILIES,
    engines::FAMILIES,
    seedrandom::FAMILIES,
];

const N_FAMILIES: usize = total_len(FAMILY_GROUPS);

/// The rows indexed by `Family as usize`. Fails the build when two rows name
/// the same family or a row's family is past the count.
const fn by_family(groups: &[&[FamilyInfo]]) -> [FamilyInfo; N_FAMILIES] {
    let mut out = [groups[0][0]; N_FAMILIES];
    let mut seen = [false; N_FAMILIES];
    let mut g = 0;
    while g < groups.len() {
        let mut i = 0;
        while i < groups[g].len() {
            let row = groups[g][i];
            let k = row.family as usize;
            assert!(k < N_FAMILIES, "a Family variant has no FamilyInfo row");
            assert!(!seen[k], "two FamilyInfo rows for one family");
            seen[k] = true;
            out[k] = row;
            i += 1;
        }
        g += 1;
    }
    out
}

/// Every family's row, in [`Family`] order.
pub static FAMILIES: [FamilyInfo; N_FAMILIES] = by_family(FAMILY_GROUPS);

const fn families_in_order() -> [Family; N_FAMILIES] {
    let rows = by_family(FAMILY_GROUPS);
    let mut out = [rows[0].family; N_FAMILIES];
    let mut i = 0;
    while i < N_FAMILIES {
        out[i] = rows[i].family;
        i += 1;
    }
    out
}

impl SourceId {
    /// Its registry entry.
    pub fn info(self) -> &'static SourceInfo {
        // SOURCES lists every variant; the registry test checks it.
        SOURCES
            .iter()
            .find(|s| s.id == self)
            .expect("every SourceId has a SOURCES entry")
    }
    /// Every source, in registry order.
    pub fn all() -> impl Iterator<Item = SourceId> {
        SOURCES.iter().map(|s| s.id)
    }
    /// The raw form its reductions read.
    pub fn raw_form(self) -> RawForm {
        self.info().family.info().raw_form
    }
}

impl Family {
    /// Every family, in declaration order.
    pub const ALL: [Family; N_FAMILIES] = families_in_order();
    /// Its row.
    pub fn info(self) -> &'static FamilyInfo {
        // by_family places row k at index k and fails the build on a gap past
        // the count; the registry test checks every source's family has a row.
        FAMILIES
            .get(self as usize)
            .expect("every Family has a FamilyInfo row")
    }
    /// Bits of generator state (what brute force over states would face).
    pub fn state_bits(self) -> u32 {
        self.info().state_bits
    }
    /// Seeds per second per CPU core of the sieve on a 10-draw window, millions
    /// (see [`FamilyInfo::cpu_mseeds_per_core`]).
    pub fn cpu_mseeds_per_core(self) -> f64 {
        self.info().cpu_mseeds_per_core
    }
    /// 32-bit integer operations per seed of the GPU prefilter (a model: MT19937
    /// needs 397 + R init steps of 4 operations), for time estimates on a GPU.
    pub fn gpu_ops_per_seed(self) -> f64 {
        self.info().gpu_ops_per_seed
    }
    /// The stable id (snake case, as in JSON and kernel names).
    pub fn id(self) -> &'static str {
        self.info().id
    }
    /// The scalar reference stream of this family from `seed` (already in the
    /// family's seed space; callers map a source's seed with [`SourceInfo::seeds`]).
    pub fn stream(self, seed: u64) -> Stream {
        (self.info().stream)(seed)
    }
}

/// 2^32, the default sweep's end for most sources.
const U32: u64 = 1 << 32;
/// 2^31.
const U31: u64 = 1 << 31;
/// 2^31 - 1, the Lehmer / Park-Miller modulus.
const PM: u64 = (1 << 31) - 1;

/// The 32-bit raw form most families have.
const UINT32: RawForm = RawForm::Uint { bits: 32 };
/// The 31-bit raw form of `rand()`-like outputs.
const UINT31: RawForm = RawForm::Uint { bits: 31 };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_row_sits_at_its_index_and_its_id_is_its_serde_name() {
        assert_eq!(Family::ALL.len(), FAMILIES.len());
        for (i, f) in Family::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i);
            assert_eq!(f.info().family, f);
            assert_eq!(
                serde_json::to_string(&f).expect("a unit variant serializes"),
                format!("\"{}\"", f.id())
            );
        }
    }

    #[test]
    fn every_source_has_one_entry_and_its_family_a_row() {
        for s in SOURCES {
            assert_eq!(SOURCES.iter().filter(|t| t.id == s.id).count(), 1);
            assert_eq!(s.family.info().family, s.family);
            assert_eq!(
                serde_json::to_string(&s.id).expect("a unit variant serializes"),
                format!("\"{}\"", s.id.id())
            );
        }
    }
}
