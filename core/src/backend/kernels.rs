//! The GPU kernel source and what goes with it: the source assembled from
//! `kernels/` (vendor header, generators, reductions, sieve), the kernel name
//! and constant table of each family, the private-array bounds, and the
//! on-disk compile cache.

use crate::registry::Family;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The kernel source, headers first, as both OpenCL C 1.2 and NVRTC read it.
pub fn source() -> String {
    [
        include_str!("../../../kernels/inc_vendor.h"),
        include_str!("../../../kernels/inc_prng.h"),
        include_str!("../../../kernels/inc_reduce.h"),
        include_str!("../../../kernels/sieve.cl"),
    ]
    .join("\n")
}

/// Whether kernels/sieve.cl has a kernel for the family (the family row's
/// [`crate::registry::FamilyInfo::gpu`]; every family has one now, and
/// gpu_parity.rs checks that its cases run on them).
pub fn has_kernel(f: Family) -> bool {
    f.info().gpu.is_some()
}

/// The kernel entry point of a family.
pub fn kernel_name(f: Family) -> String {
    format!("sieve_{}", f.id())
}

/// The family's constant table (`table` argument): CPython's
/// init_genrand(19650218) state; Go's rngCooked then the powers of 48271;
/// the tables of [`super::tables`] (knuth_b, numpy MT19937, seedrandom's
/// linear generators); one zero for the others.
pub fn table(f: Family) -> Vec<u64> {
    f.info().gpu.map_or_else(|| vec![0], |k| (k.table)())
}

/// The largest raw-output count a family's kernel can produce: lazy MT needs
/// word i + 397 of the seeded state (i < 227; numpy's MT19937 one output
/// more, MT19937-64 i + 156 of 312); Go's direct outputs need the feed index
/// to stay ahead of the tap (k < 273); knuth_b's table holds 256 refills.
pub fn max_raw(f: Family) -> usize {
    f.info().gpu.map_or(4096, |k| k.max_raw)
}

/// Largest private-array bound a program is built with.
pub const MAX_BOUND: usize = 256;

/// The private-array bound used for `need` entries: the next power of two,
/// at least 8 (so few program variants are built).
pub fn bound(need: usize) -> usize {
    need.max(8).next_power_of_two()
}

/// Build options of a program variant.
pub fn defines(rmax: usize, dmax: usize) -> String {
    format!("-D RMAX={rmax} -D DMAX={dmax}")
}

/// Cache key: SHA-256 of the backend, the kernel source, the device, the
/// driver version and the build options (never the build time).
pub fn cache_key(backend: &str, device: &str, driver: &str, options: &str) -> String {
    let mut h = Sha256::new();
    for part in [backend, &source(), device, driver, options] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The compile cache folder: `$SEEDSIEVE_KERNEL_CACHE`, else
/// `$XDG_CACHE_HOME/seedsieve/kernels`, else `~/.cache/seedsieve/kernels`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SEEDSIEVE_KERNEL_CACHE") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("seedsieve").join("kernels"))
}

/// Reads a cached artifact.
pub fn cache_get(key: &str, ext: &str) -> Option<Vec<u8>> {
    std::fs::read(cache_dir()?.join(format!("{key}.{ext}"))).ok()
}

/// Stores an artifact (write to a temporary name, then rename: readers never
/// see half a file). Failures are logged and otherwise ignored.
pub fn cache_put(key: &str, ext: &str, bytes: &[u8]) {
    let Some(dir) = cache_dir() else { return };
    let tmp = dir.join(format!("{key}.{ext}.{}.tmp", std::process::id()));
    let r = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, dir.join(format!("{key}.{ext}"))));
    if let Err(e) = r {
        tracing::warn!("kernel cache {}: {e}", dir.display());
    }
}
