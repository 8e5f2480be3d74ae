//! The OpenCL backend (`opencl3`, which loads libOpenCL at run time and
//! returns errors where no platform exists; ADR 0002). Programs are built
//! from `kernels/` per private-array variant and cached on disk as device
//! binaries (key: source, device, driver, options).

// The OpenCL API is C: buffer creation, argument setting and enqueueing are
// unsafe calls. Each block says why its arguments are valid.
#![allow(unsafe_code)]

use super::gpu::{GpuBackend, GpuDevice, Launch};
use super::kernels;
use super::{BackendError, BackendKind, ComputeBackend, DeviceInfo, OpenOptions};
use crate::registry::Family;
use opencl3::command_queue::CommandQueue;
use opencl3::context::Context;
use opencl3::device::{Device, CL_DEVICE_TYPE_ALL, CL_DEVICE_TYPE_CPU, CL_DEVICE_TYPE_GPU};
use opencl3::kernel::{ExecuteKernel, Kernel};
use opencl3::memory::{Buffer, CL_MEM_READ_ONLY, CL_MEM_READ_WRITE};
use opencl3::program::Program;
use opencl3::types::{cl_uint, cl_ulong, CL_BLOCKING};
use std::collections::HashMap;
use std::ptr;

/// Work-group size: small, so that a CPU runtime (PoCL) keeps each group's
/// private arrays (up to ~7 KiB per work item for CPython's state) on its
/// stack; work items past `count` return at once.
const LOCAL: usize = 32;

fn unavailable(why: impl std::fmt::Display) -> BackendError {
    BackendError::Unavailable {
        backend: BackendKind::Opencl,
        why: why.to_string(),
    }
}

fn all_devices() -> Result<Vec<(String, Device, usize, usize)>, BackendError> {
    let platforms = opencl3::platform::get_platforms().map_err(|e| {
        unavailable(format!(
            "no OpenCL platform ({e}); install an ICD such as pocl-opencl-icd"
        ))
    })?;
    let mut out = Vec::new();
    for (pi, p) in platforms.iter().enumerate() {
        let pname = p.name().unwrap_or_else(|_| "?".into());
        let ids = match p.get_devices(CL_DEVICE_TYPE_ALL) {
            Ok(ids) => ids,
            Err(e) => {
                tracing::debug!("OpenCL platform {pname}: no devices ({e})");
                continue;
            }
        };
        for (di, id) in ids.into_iter().enumerate() {
            out.push((pname.clone(), Device::new(id), pi, di));
        }
    }
    if out.is_empty() {
        return Err(unavailable("OpenCL platforms have no devices"));
    }
    Ok(out)
}

fn info_of(pname: &str, d: &Device, pi: usize, di: usize) -> DeviceInfo {
    let t = d.dev_type().unwrap_or(0);
    DeviceInfo {
        backend: BackendKind::Opencl,
        index: format!("{pi}.{di}"),
        name: d.name().unwrap_or_else(|_| "?".into()).trim().to_string(),
        platform: pname.trim().to_string(),
        driver: d
            .driver_version()
            .unwrap_or_else(|_| "?".into())
            .trim()
            .to_string(),
        device_type: if t & CL_DEVICE_TYPE_GPU != 0 {
            "gpu"
        } else if t & CL_DEVICE_TYPE_CPU != 0 {
            "cpu"
        } else {
            "accelerator"
        }
        .into(),
        compute_units: d.max_compute_units().unwrap_or(1),
        clock_mhz: d.max_clock_frequency().unwrap_or(0),
    }
}

/// Every OpenCL device of every platform.
///
/// # Errors
/// [`BackendError::Unavailable`] when libOpenCL or a platform is missing.
pub fn devices() -> Result<Vec<DeviceInfo>, BackendError> {
    Ok(all_devices()?
        .iter()
        .map(|(p, d, pi, di)| info_of(p, d, *pi, *di))
        .collect())
}

/// Opens every OpenCL device (GPU-type only with `opts.opencl_gpu_only`),
/// without the self-test (see [`super::open_gpus`]).
///
/// # Errors
/// [`BackendError::Unavailable`] when no device can be opened.
pub fn open_all(opts: &OpenOptions) -> Result<Vec<Box<dyn ComputeBackend>>, BackendError> {
    let mut out: Vec<Box<dyn ComputeBackend>> = Vec::new();
    for (pname, d, pi, di) in all_devices()? {
        let info = info_of(&pname, &d, pi, di);
        if opts.opencl_gpu_only && info.device_type != "gpu" {
            continue;
        }
        match ClDevice::open(d, info.clone()) {
            Ok(dev) => out.push(Box::new(GpuBackend::new(
                dev,
                opts.candidate_cap,
                opts.chunk,
            ))),
            Err(e) => tracing::error!("OpenCL device {info}: {e}"),
        }
    }
    if out.is_empty() {
        return Err(unavailable(if opts.opencl_gpu_only {
            "no OpenCL GPU device"
        } else {
            "no OpenCL device could be opened"
        }));
    }
    Ok(out)
}

/// One OpenCL device with its context, queue, built programs and buffers.
pub struct ClDevice {
    info: DeviceInfo,
    device: Device,
    context: Context,
    queue: CommandQueue,
    kernels: HashMap<(usize, usize, Family), Kernel>,
    programs: Vec<Program>,
    tables: HashMap<Family, Buffer<cl_ulong>>,
    out: Option<(u32, Buffer<cl_uint>)>,
    counter: Buffer<cl_uint>,
}

impl ClDevice {
    fn err(&self, why: impl std::fmt::Display) -> BackendError {
        BackendError::Device {
            backend: BackendKind::Opencl,
            device: self.info.name.clone(),
            why: why.to_string(),
        }
    }

    /// Opens a device: context, in-order queue, counter buffer.
    ///
    /// # Errors
    /// OpenCL failures.
    pub fn open(device: Device, info: DeviceInfo) -> Result<Self, BackendError> {
        let e = |why: String| BackendError::Device {
            backend: BackendKind::Opencl,
            device: info.name.clone(),
            why,
        };
        let context = Context::from_device(&device).map_err(|x| e(format!("context: {x}")))?;
        #[allow(deprecated)]
        // clCreateCommandQueue: the OpenCL 1.2 call, what PoCL and every GPU driver take
        let queue =
            CommandQueue::create_default(&context, 0).map_err(|x| e(format!("queue: {x}")))?;
        // SAFETY: a 1-element buffer, no host pointer.
        let counter =
            unsafe { Buffer::<cl_uint>::create(&context, CL_MEM_READ_WRITE, 1, ptr::null_mut()) }
                .map_err(|x| e(format!("buffer: {x}")))?;
        Ok(ClDevice {
            info,
            device,
            context,
            queue,
            kernels: HashMap::new(),
            programs: Vec::new(),
            tables: HashMap::new(),
            out: None,
            counter,
        })
    }

    fn program(&mut self, rmax: usize, dmax: usize) -> Result<(), BackendError> {
        if self.kernels.contains_key(&(rmax, dmax, Family::MtGenrand)) {
            return Ok(());
        }
        let options = format!("{} -cl-std=CL1.2", kernels::defines(rmax, dmax));
        let key = kernels::cache_key("opencl", &self.info.name, &self.info.driver, &options);
        let cached = kernels::cache_get(&key, "clbin").and_then(|bin| {
            Program::create_and_build_from_binary(&self.context, &[&bin], &options)
                .map_err(|e| tracing::info!("cached OpenCL binary rejected ({e}); rebuilding"))
                .ok()
        });
        let program = match cached {
            Some(p) => p,
            None => {
                let t = std::time::Instant::now();
                let p = Program::create_and_build_from_source(
                    &self.context,
                    &kernels::source(),
                    &options,
                )
                .map_err(|log| BackendError::Build {
                    backend: BackendKind::Opencl,
                    device: self.info.name.clone(),
                    log,
                })?;
                tracing::info!(device = %self.info.name, rmax, dmax, seconds = t.elapsed().as_secs_f64(), "OpenCL program built");
                if let Ok(bins) = p.get_binaries() {
                    if let Some(b) = bins.first().filter(|b| !b.is_empty()) {
                        kernels::cache_put(&key, "clbin", b);
                    }
                }
                p
            }
        };
        for f in Family::ALL.into_iter().filter(|f| kernels::has_kernel(*f)) {
            let k = Kernel::create(&program, &kernels::kernel_name(f))
                .map_err(|e| self.err(format!("kernel {}: {e}", kernels::kernel_name(f))))?;
            self.kernels.insert((rmax, dmax, f), k);
        }
        self.programs.push(program);
        let _ = &self.device;
        Ok(())
    }

    fn upload(&self, data: &[u64]) -> Result<Buffer<cl_ulong>, BackendError> {
        // SAFETY: the buffer holds data.len() (>= 1) elements and no host pointer
        // is passed; the blocking write copies exactly data.len() elements.
        unsafe {
            let mut b = Buffer::<cl_ulong>::create(
                &self.context,
                CL_MEM_READ_ONLY,
                data.len().max(1),
                ptr::null_mut(),
            )
            .map_err(|e| self.err(format!("buffer: {e}")))?;
            self.queue
                .enqueue_write_buffer(&mut b, CL_BLOCKING, 0, data, &[])
                .map_err(|e| self.err(format!("write: {e}")))?;
            Ok(b)
        }
    }
}

impl GpuDevice for ClDevice {
    fn info(&self) -> DeviceInfo {
        self.info.clone()
    }

    fn default_chunk(&self) -> u32 {
        if self.info.device_type == "gpu" {
            1 << 24
        } else {
            1 << 18
        }
    }

    fn launch(&mut self, l: &Launch<'_>, cap: u32) -> Result<(u32, Vec<u32>), BackendError> {
        self.program(l.rmax, l.dmax)?;
        if !self.tables.contains_key(&l.family) {
            let t = self.upload(&kernels::table(l.family))?;
            self.tables.insert(l.family, t);
        }
        if !matches!(&self.out, Some((c, _)) if *c >= cap) {
            // SAFETY: 4 * cap elements, no host pointer.
            let b = unsafe {
                Buffer::<cl_uint>::create(
                    &self.context,
                    CL_MEM_READ_WRITE,
                    4 * cap as usize,
                    ptr::null_mut(),
                )
            }
            .map_err(|e| self.err(format!("buffer: {e}")))?;
            self.out = Some((cap, b));
        }
        let window = self.upload(l.window)?;
        let tdesc = self.upload(l.tdesc)?;
        let (Some(kernel), Some(table), Some((_, out))) = (
            self.kernels.get(&(l.rmax, l.dmax, l.family)),
            self.tables.get(&l.family),
            self.out.as_ref(),
        ) else {
            return Err(self.err("kernel or buffers missing after setup"));
        };
        let zero = [0 as cl_uint];
        let mut counter = [0 as cl_uint];
        let ntargets = (l.tdesc.len() / 4) as cl_uint;
        let p = l.window.len() as cl_uint;
        // SAFETY: the arguments match the kernel's signature in kernels/sieve.cl
        // one by one (u64, u32, buffer u64, u32 x4, buffer u64, u32 x3, buffer
        // u64, buffer u32, buffer u32, u32); the candidate buffer holds 4 * cap
        // entries and the kernel writes only below cap; the blocking reads copy
        // into slices of the sizes read.
        unsafe {
            self.queue
                .enqueue_write_buffer(&mut self.counter, CL_BLOCKING, 0, &zero, &[])
                .map_err(|e| self.err(format!("write: {e}")))?;
            ExecuteKernel::new(kernel)
                .set_arg(&(l.base as cl_ulong))
                .set_arg(&(l.count as cl_uint))
                .set_arg(&window)
                .set_arg(&p)
                .set_arg(&(l.no as cl_uint))
                .set_arg(&(l.nk as cl_uint))
                .set_arg(&(l.mm as cl_uint))
                .set_arg(&tdesc)
                .set_arg(&ntargets)
                .set_arg(&(l.r as cl_uint))
                .set_arg(&(l.d as cl_uint))
                .set_arg(table)
                .set_arg(out)
                .set_arg(&self.counter)
                .set_arg(&(cap as cl_uint))
                .set_global_work_size((l.count as usize).div_ceil(LOCAL) * LOCAL)
                .set_local_work_size(LOCAL)
                .enqueue_nd_range(&self.queue)
                .map_err(|e| self.err(format!("launch: {e}")))?;
            self.queue
                .enqueue_read_buffer(&self.counter, CL_BLOCKING, 0, &mut counter, &[])
                .map_err(|e| self.err(format!("read: {e}")))?;
            let n = counter[0];
            let mut cands = vec![0 as cl_uint; 4 * n.min(cap) as usize];
            if !cands.is_empty() {
                self.queue
                    .enqueue_read_buffer(out, CL_BLOCKING, 0, &mut cands, &[])
                    .map_err(|e| self.err(format!("read: {e}")))?;
            }
            Ok((n, cands))
        }
    }
}
