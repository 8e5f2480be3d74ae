//! Run-time instruction-set dispatch for the block kernels (docs/adr/0003).
//!
//! `simd_kernels!` (in `kernel/mod.rs`) compiles each `#[inline(always)]`
//! lane loop once per level inside a `#[target_feature(enable = ...)]`
//! wrapper, and `dispatch!` calls the wrapper of [`level`], the widest level
//! this CPU has. One binary serves every host of a fleet; no `-C target-cpu`.
//! (A closure trampoline, one generic `#[target_feature]` function calling a
//! closure, measured 1.5x to 10x slower: LLVM kept the closure out of line.)
//!
//! `SEEDSIEVE_SIMD=avx512|avx2|baseline` caps the level (read once), so one
//! binary can measure the levels side by side; a cap above what the CPU has
//! is ignored.

use std::sync::OnceLock;

/// An instruction-set level of the block kernels, widest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SimdLevel {
    /// The target's baseline (SSE2 on x86-64).
    Baseline,
    /// AVX2 (256-bit integer vectors).
    Avx2,
    /// AVX-512 F, BW, DQ and VL (512-bit vectors, 64-bit lane multiplies).
    Avx512,
}

impl SimdLevel {
    /// `avx512`, `avx2` or `baseline`.
    pub fn name(self) -> &'static str {
        match self {
            SimdLevel::Baseline => "baseline",
            SimdLevel::Avx2 => "avx2",
            SimdLevel::Avx512 => "avx512",
        }
    }

    fn parse(s: &str) -> Option<SimdLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "avx512" => Some(SimdLevel::Avx512),
            "avx2" => Some(SimdLevel::Avx2),
            "baseline" | "none" | "scalar" => Some(SimdLevel::Baseline),
            _ => None,
        }
    }
}

/// The widest level this CPU supports.
fn detected() -> SimdLevel {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512dq")
            && std::is_x86_feature_detected!("avx512vl")
        {
            return SimdLevel::Avx512;
        }
        if std::is_x86_feature_detected!("avx2") {
            return SimdLevel::Avx2;
        }
    }
    SimdLevel::Baseline
}

/// The level the block kernels run with: the CPU's widest, capped by
/// `SEEDSIEVE_SIMD` (an unknown value is ignored). Detected once.
pub(crate) fn level() -> SimdLevel {
    static L: OnceLock<SimdLevel> = OnceLock::new();
    *L.get_or_init(|| {
        let cpu = detected();
        match std::env::var("SEEDSIEVE_SIMD")
            .ok()
            .as_deref()
            .and_then(SimdLevel::parse)
        {
            Some(cap) => cap.min(cpu),
            None => cpu,
        }
    })
}

/// The instruction set the block kernels run with here: `avx512`, `avx2` or
/// `baseline` (see [`level`]).
pub fn simd_level() -> &'static str {
    level().name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_and_order() {
        assert_eq!(SimdLevel::parse("AVX2"), Some(SimdLevel::Avx2));
        assert_eq!(SimdLevel::parse("avx512"), Some(SimdLevel::Avx512));
        assert_eq!(SimdLevel::parse("baseline"), Some(SimdLevel::Baseline));
        assert_eq!(SimdLevel::parse("sse9"), None);
        assert!(SimdLevel::Baseline < SimdLevel::Avx2 && SimdLevel::Avx2 < SimdLevel::Avx512);
        assert!(level() <= detected());
    }
}
