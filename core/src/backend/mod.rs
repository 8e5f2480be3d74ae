//! Compute backends: one trait, [`ComputeBackend`], for the CPU reference and the
//! GPU kernels (OpenCL through `opencl3`, CUDA through `cudarc`), so the worker
//! loop never asks which one it drives.
//!
//! - [`cpu`]: the CPU sieve (`crate::sieve`), the reference.
//! - [`gpu`]: host logic shared by the GPU backends: launch plan, candidate
//!   buffer with overflow re-runs, confirmation on the CPU reference.
//! - [`opencl`], [`cuda`]: the two device APIs.
//! - [`kernels`]: the kernel source (`kernels/` at the top of the repository),
//!   family tables and the on-disk compile cache.
//! - [`tables`]: the constant tables of the newer families' kernels.
//!
//! Every GPU device runs [`self_test`] before it is used: planted seeds of every
//! family must be found and its survivors must equal the CPU path's.

pub mod cpu;
pub mod cuda;
pub mod gpu;
pub mod kernels;
pub mod opencl;
pub mod tables;

use crate::job::SeedRange;
use crate::reduction::ReductionError;
use crate::registry::{Family, SourceId};
use crate::sieve::{Survivor, Target, WindowSpec};
use std::fmt;

/// Which backend to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackendKind {
    /// CUDA devices, else OpenCL GPU devices, else the CPU.
    Auto,
    /// The CPU sieve.
    Cpu,
    /// CUDA devices (driver and NVRTC loaded at run time).
    Cuda,
    /// OpenCL devices of every platform (libOpenCL loaded at run time).
    Opencl,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Auto => "auto",
            BackendKind::Cpu => "cpu",
            BackendKind::Cuda => "cuda",
            BackendKind::Opencl => "opencl",
        })
    }
}

impl std::str::FromStr for BackendKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(BackendKind::Auto),
            "cpu" => Ok(BackendKind::Cpu),
            "cuda" => Ok(BackendKind::Cuda),
            "opencl" => Ok(BackendKind::Opencl),
            _ => Err(format!("unknown backend {s:?} (auto, cpu, cuda, opencl)")),
        }
    }
}

/// Backend failures.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The backend's runtime library is absent (no CUDA driver, no libOpenCL).
    #[error("{backend}: not available: {why}")]
    Unavailable {
        /// The backend.
        backend: BackendKind,
        /// Why.
        why: String,
    },
    /// A device call failed.
    #[error("{backend} device {device}: {why}")]
    Device {
        /// The backend.
        backend: BackendKind,
        /// The device.
        device: String,
        /// What failed.
        why: String,
    },
    /// The kernel did not compile.
    #[error("{backend} device {device}: kernel build failed: {log}")]
    Build {
        /// The backend.
        backend: BackendKind,
        /// The device.
        device: String,
        /// The compiler's log.
        log: String,
    },
    /// A shard's reduction does not fit its range.
    #[error(transparent)]
    Reduction(#[from] ReductionError),
    /// The start-up self-test failed: the device disagrees with the CPU reference.
    #[error("self-test failed on {device}: {why}")]
    SelfTest {
        /// The device.
        device: String,
        /// The first disagreement.
        why: String,
    },
}

/// A device a backend can drive.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DeviceInfo {
    /// The backend.
    pub backend: BackendKind,
    /// Index within the backend (CUDA ordinal, or OpenCL platform.device).
    pub index: String,
    /// Device name.
    pub name: String,
    /// Platform or vendor.
    pub platform: String,
    /// Driver version.
    pub driver: String,
    /// `gpu`, `cpu` or `accelerator`.
    pub device_type: String,
    /// Compute units (SMs, CUs, cores).
    pub compute_units: u32,
    /// Maximum clock, MHz (0 when unknown).
    pub clock_mhz: u32,
}

impl fmt::Display for DeviceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} ({}; {}, {} compute units, driver {})",
            self.backend,
            self.index,
            self.name,
            self.platform,
            self.device_type,
            self.compute_units,
            self.driver
        )
    }
}

/// What sweeps shards: the CPU reference or one GPU device.
pub trait ComputeBackend: Send {
    /// The device, for logs and `--list-devices`.
    fn info(&self) -> DeviceInfo;
    /// Sweeps `seeds` of `family` for `targets` on `spec`, appending survivors
    /// (exactly the CPU reference's, in seed order). `keep_going` receives
    /// seeds done as they finish; false stops early. Returns seeds swept n:
    /// always the prefix `seeds.start..seeds.start + n` (a sweep cut short
    /// resumes from there, see [`crate::live`]).
    ///
    /// # Errors
    /// A target that cannot serve the range; a device failure.
    fn sweep(
        &mut self,
        family: Family,
        targets: &[Target],
        seeds: std::ops::Range<u64>,
        spec: &WindowSpec,
        out: &mut Vec<Survivor>,
        keep_going: &mut dyn FnMut(u64) -> bool,
    ) -> Result<u64, BackendError>;
}

/// Options for opening GPU backends.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// Candidate buffer entries per launch (overflow re-runs in halves).
    pub candidate_cap: u32,
    /// Seeds per launch (0: chosen per device).
    pub chunk: u32,
    /// Only GPU-type OpenCL devices (what `auto` uses); false takes CPU
    /// OpenCL devices too (PoCL, in tests and CI).
    pub opencl_gpu_only: bool,
    /// Skip the start-up self-test (benchmarks that run it separately).
    pub skip_self_test: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            candidate_cap: 1 << 16,
            chunk: 0,
            opencl_gpu_only: false,
            skip_self_test: false,
        }
    }
}

/// Opens what `kind` asks for: `cpu_threads` CPU backends for `Cpu`; the
/// self-tested GPU devices for `Cuda` and `Opencl`; for `Auto`, CUDA devices,
/// else OpenCL GPU devices, else `cpu_threads` CPU backends.
///
/// # Errors
/// [`BackendError::Unavailable`] when `Cuda` or `Opencl` finds no usable device.
pub fn open(
    kind: BackendKind,
    cpu_threads: usize,
    opts: &OpenOptions,
) -> Result<Vec<Box<dyn ComputeBackend>>, BackendError> {
    let cpus = || {
        (0..cpu_threads.max(1))
            .map(|_| Box::new(cpu::CpuBackend::default()) as Box<dyn ComputeBackend>)
            .collect::<Vec<_>>()
    };
    match kind {
        BackendKind::Cpu => Ok(cpus()),
        BackendKind::Auto => {
            let g = open_gpus(kind, opts)?;
            if g.is_empty() {
                tracing::info!("backend auto: no usable GPU device; using the CPU");
                Ok(cpus())
            } else {
                Ok(g)
            }
        }
        BackendKind::Cuda | BackendKind::Opencl => {
            let g = open_gpus(kind, opts)?;
            if g.is_empty() {
                return Err(BackendError::Unavailable {
                    backend: kind,
                    why: "no device passed the self-test".into(),
                });
            }
            Ok(g)
        }
    }
}

/// Every device each GPU backend sees, and why a backend sees none.
pub fn list_devices() -> (Vec<DeviceInfo>, Vec<String>) {
    let mut devices = Vec::new();
    let mut notes = Vec::new();
    match cuda::devices() {
        Ok(d) => devices.extend(d),
        Err(e) => notes.push(e.to_string()),
    }
    match opencl::devices() {
        Ok(d) => devices.extend(d),
        Err(e) => notes.push(e.to_string()),
    }
    (devices, notes)
}

/// Opens the GPU devices of `kind` (Cuda or Opencl; Auto tries CUDA, then
/// OpenCL GPU devices). Each device runs [`self_test`] first; a device that
/// fails is left out with an error log line. An empty result means no usable
/// device: the caller falls back to the CPU for `auto` and reports the error
/// otherwise.
pub fn open_gpus(
    kind: BackendKind,
    opts: &OpenOptions,
) -> Result<Vec<Box<dyn ComputeBackend>>, BackendError> {
    let candidates: Vec<Box<dyn ComputeBackend>> = match kind {
        BackendKind::Cpu => return Ok(Vec::new()),
        BackendKind::Cuda => cuda::open_all(opts)?,
        BackendKind::Opencl => opencl::open_all(opts)?,
        BackendKind::Auto => {
            let c = cuda::open_all(opts).unwrap_or_else(|e| {
                tracing::info!("{e}");
                Vec::new()
            });
            if !c.is_empty() {
                c
            } else {
                let o = OpenOptions {
                    opencl_gpu_only: true,
                    ..opts.clone()
                };
                opencl::open_all(&o).unwrap_or_else(|e| {
                    tracing::info!("{e}");
                    Vec::new()
                })
            }
        }
    };
    let mut ok = Vec::new();
    for mut b in candidates {
        if opts.skip_self_test {
            ok.push(b);
            continue;
        }
        match self_test(b.as_mut()) {
            Ok(()) => {
                tracing::info!("self-test passed: {}", b.info());
                ok.push(b);
            }
            Err(e) => tracing::error!("DEVICE NOT USED: {e}"),
        }
    }
    Ok(ok)
}

/// One self-test case: a narrowed range of one family with planted seeds.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// The family.
    pub family: Family,
    /// Targets swept.
    pub targets: Vec<Target>,
    /// Seeds swept.
    pub seeds: SeedRange,
    /// Window and bounds.
    pub spec: WindowSpec,
    /// Planted hypotheses that must survive: (source, reduction, seed, offset, skip).
    pub planted: Vec<Survivor>,
}

fn first_source(family: Family) -> Option<SourceId> {
    SourceId::all().find(|s| s.info().family == family)
}

/// Self-test cases: for every family, `count` seeds from a family-specific base
/// with a seed planted in the middle, range 0..999 (0..2^15-1 where the raw
/// form is narrower) with every reduction of the family's first source, and
/// once more with offset and skip hypotheses.
pub fn test_cases(count: u64) -> Vec<TestCase> {
    let mut out = Vec::new();
    for family in Family::ALL {
        let Some(src) = first_source(family) else {
            continue;
        };
        let (min, max) = (0i64, 999i64);
        let targets: Vec<Target> = src
            .info()
            .reductions
            .iter()
            .map(|(r, _)| Target {
                source: src,
                reduction: *r,
            })
            .filter(|t| crate::reduction::Reducer::new(t.reduction, src.raw_form(), 1000).is_ok())
            .collect();
        if targets.is_empty() {
            continue;
        }
        let base = 0x9e37u64 * 977 + family as u64 * 65_537;
        let planted_seed = base + count / 2;
        for (no, nk, offset, skip) in [(0u32, 0u32, 0u32, 0u32), (3, 1, 2, 1)] {
            let t = targets[0];
            let r = crate::reduction::Reducer::new(t.reduction, src.raw_form(), 1000)
                .unwrap_or_else(|_| unreachable!("filtered above"));
            let len = offset as usize + 12 * (skip as usize + 1);
            let d = crate::sieve::emulate(family, &r, planted_seed, len);
            let draws: Vec<i64> = (0..12)
                .map(|j| d[offset as usize + j * (skip as usize + 1)] as i64 + min)
                .collect();
            out.push(TestCase {
                family,
                targets: targets.clone(),
                seeds: SeedRange {
                    start: base,
                    end: base + count,
                },
                spec: WindowSpec {
                    min,
                    max,
                    draws,
                    max_offset: no,
                    max_skip: nk,
                    max_mismatches: if no == 0 { 0 } else { 1 },
                },
                planted: vec![Survivor {
                    source: src,
                    reduction: t.reduction,
                    seed: planted_seed,
                    offset,
                    skip,
                    mismatches: 0,
                }],
            });
        }
    }
    out
}

/// Runs the self-test on `b`: every case's survivors must contain the planted
/// hypotheses and equal the CPU reference's.
///
/// # Errors
/// [`BackendError::SelfTest`] with the first disagreement, or the device's error.
pub fn self_test(b: &mut dyn ComputeBackend) -> Result<(), BackendError> {
    let mut cpu = cpu::CpuBackend::default();
    let device = b.info().to_string();
    for case in test_cases(1 << 12) {
        let run = |be: &mut dyn ComputeBackend| -> Result<Vec<Survivor>, BackendError> {
            let mut out = Vec::new();
            be.sweep(
                case.family,
                &case.targets,
                case.seeds.start..case.seeds.end,
                &case.spec,
                &mut out,
                &mut |_| true,
            )?;
            out.sort();
            Ok(out)
        };
        let want = run(&mut cpu)?;
        let got = run(b)?;
        let fam = case.family.id();
        if got != want {
            return Err(BackendError::SelfTest {
                device,
                why: format!(
                    "{fam}: {} survivors, the CPU reference has {} (first difference: {:?})",
                    got.len(),
                    want.len(),
                    got.iter()
                        .zip(&want)
                        .find(|(a, b)| a != b)
                        .map(|(a, _)| a)
                        .or(got.get(want.len()))
                        .or(want.get(got.len()))
                ),
            });
        }
        for p in &case.planted {
            if !got.iter().any(|s| {
                s.seed == p.seed
                    && s.offset == p.offset
                    && s.skip == p.skip
                    && s.reduction == p.reduction
            }) {
                return Err(BackendError::SelfTest {
                    device,
                    why: format!(
                        "{fam}: planted seed {} (offset {}, skip {}) not found",
                        p.seed, p.offset, p.skip
                    ),
                });
            }
        }
    }
    Ok(())
}
