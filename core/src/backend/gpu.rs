//! Host logic shared by the GPU backends: a shard becomes launches of the
//! family's kernel over chunks of seeds; each launch writes prefilter
//! candidates to a bounded buffer with an atomic counter; an overflow re-runs
//! the chunk in halves (never a silent truncation); every candidate is
//! confirmed on the whole window by the CPU reference ([`Confirmer`]), so a GPU
//! backend reports exactly the CPU's survivors.

use super::cpu::CpuBackend;
use super::kernels;
use super::{BackendError, ComputeBackend, DeviceInfo};
use crate::registry::Family;
use crate::sieve::{prefilter_shape, Confirmer, Survivor, Target, WindowSpec};

/// The kernel's marker for "check every hypothesis of this seed".
pub const FULL: u32 = u32::MAX;

/// One kernel launch: the arguments of `sieve_FAMILY` (kernels/sieve.cl).
#[derive(Clone, Copy, Debug)]
pub struct Launch<'a> {
    /// The family (selects the kernel and its table).
    pub family: Family,
    /// First seed.
    pub base: u64,
    /// Seeds (work items).
    pub count: u32,
    /// The window's first `p` draws, in 0..n.
    pub window: &'a [u64],
    /// Max offset.
    pub no: u32,
    /// Max skip.
    pub nk: u32,
    /// Mismatches tolerated.
    pub mm: u32,
    /// Target descriptors, four u64 each.
    pub tdesc: &'a [u64],
    /// Raw outputs per seed.
    pub r: u32,
    /// Draws per target.
    pub d: u32,
    /// Private-array bound for raw outputs (program variant).
    pub rmax: usize,
    /// Private-array bound for draws (program variant).
    pub dmax: usize,
}

/// One GPU device as the shared host logic drives it.
pub trait GpuDevice: Send {
    /// The device.
    fn info(&self) -> DeviceInfo;
    /// Seeds per launch when the caller does not choose.
    fn default_chunk(&self) -> u32;
    /// Runs one launch with a candidate buffer of `cap` entries; returns the
    /// kernel's counter (which may exceed `cap`) and the first min(counter,
    /// cap) candidates, four u32 each: (seed - base, target, offset, skip).
    ///
    /// # Errors
    /// Build, memory or launch failures.
    fn launch(&mut self, l: &Launch<'_>, cap: u32) -> Result<(u32, Vec<u32>), BackendError>;
}

/// A [`ComputeBackend`] over one [`GpuDevice`].
pub struct GpuBackend<D: GpuDevice> {
    dev: D,
    cap: u32,
    chunk: u32,
    cpu: CpuBackend,
}

impl<D: GpuDevice> GpuBackend<D> {
    /// Wraps a device; `cap` candidates per launch, `chunk` seeds per launch
    /// (0: the device's default).
    pub fn new(dev: D, cap: u32, chunk: u32) -> Self {
        let chunk = if chunk == 0 {
            dev.default_chunk()
        } else {
            chunk
        };
        GpuBackend {
            dev,
            cap: cap.max(1),
            chunk: chunk.max(1),
            cpu: CpuBackend::default(),
        }
    }
}

impl<D: GpuDevice> ComputeBackend for GpuBackend<D> {
    fn info(&self) -> DeviceInfo {
        self.dev.info()
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
        let conf = Confirmer::new(family, targets, spec)?;
        if spec.draws.is_empty() || targets.is_empty() || seeds.start >= seeds.end {
            return Ok(0);
        }
        let shape = prefilter_shape(targets, spec);
        let (rmax, dmax) = (kernels::bound(shape.r), kernels::bound(shape.d));
        if !kernels::has_kernel(family)
            || shape.r > kernels::max_raw(family)
            || rmax > kernels::MAX_BOUND
            || dmax > kernels::MAX_BOUND
        {
            tracing::debug!(
                family = family.id(),
                raw = shape.r,
                draws = shape.d,
                "no kernel for the family, or a window too long for the kernel's private arrays: CPU path"
            );
            return self
                .cpu
                .sweep(family, targets, seeds, spec, out, keep_going);
        }
        let tdesc: Vec<u64> = conf.descriptors().concat();
        let hyps = targets.len() as u32 * (spec.max_offset + 1) * (spec.max_skip + 1);
        // One seed's candidates always fit, so halving terminates.
        let cap = self.cap.max(hyps);
        let template = Launch {
            family,
            base: 0,
            count: 0,
            window: &conf.window()[..shape.p],
            no: spec.max_offset,
            nk: spec.max_skip,
            mm: spec.max_mismatches,
            tdesc: &tdesc,
            r: shape.r as u32,
            d: shape.d as u32,
            rmax,
            dmax,
        };
        let mut found = Vec::new();
        let mut done = 0u64;
        let mut base = seeds.start;
        while base < seeds.end {
            let count = (seeds.end - base).min(u64::from(self.chunk)) as u32;
            let mut stack = vec![(base, count)];
            while let Some((b, c)) = stack.pop() {
                let l = Launch {
                    base: b,
                    count: c,
                    ..template
                };
                let (n, cands) = self.dev.launch(&l, cap)?;
                if n > cap {
                    tracing::debug!(
                        base = b,
                        seeds = c,
                        candidates = n,
                        cap,
                        "candidate buffer overflow: re-running in halves"
                    );
                    let h = c / 2;
                    stack.push((b + u64::from(h), c - h));
                    stack.push((b, h));
                    continue;
                }
                for q in cands.chunks_exact(4) {
                    let hyp = if q[2] == FULL {
                        None
                    } else {
                        Some((q[2], q[3]))
                    };
                    conf.confirm(q[1] as usize, b + u64::from(q[0]), hyp, &mut found);
                }
            }
            done += u64::from(count);
            base += u64::from(count);
            if !keep_going(u64::from(count)) {
                break;
            }
        }
        found.sort_by_key(|s| (s.seed, s.source, s.reduction, s.offset, s.skip));
        out.extend(found);
        Ok(done)
    }
}
