//! The CPU backend: the block kernels and sieve of `crate::kernel` and
//! `crate::sieve`, the reference every other backend is checked against.

use super::{BackendError, BackendKind, ComputeBackend, DeviceInfo};
use crate::kernel::Scratch;
use crate::registry::Family;
use crate::sieve::{sieve, Survivor, Target, WindowSpec};

/// One CPU sweep context (one per thread).
#[derive(Default)]
pub struct CpuBackend {
    scratch: Scratch,
}

impl ComputeBackend for CpuBackend {
    fn info(&self) -> DeviceInfo {
        DeviceInfo {
            backend: BackendKind::Cpu,
            index: "0".into(),
            name: format!("CPU sieve ({})", crate::kernel::simd_level()),
            platform: std::env::consts::ARCH.into(),
            driver: env!("CARGO_PKG_VERSION").into(),
            device_type: "cpu".into(),
            compute_units: 1,
            clock_mhz: 0,
        }
    }

    fn sweep(
        &mut self,
        family: Family,
        targets: &[Target],
        seeds: std::ops::Range<u64>,
        spec: &WindowSpec,
        out: &mut Vec<Survivor>,
        keep_going: &mut dyn FnMut(u64) -> bool,
    ) -> Result<u64, BackendError> {
        Ok(sieve(
            family,
            targets,
            seeds,
            spec,
            &mut self.scratch,
            out,
            keep_going,
        )?)
    }
}
