//! The CUDA backend (`cudarc` with dynamic loading and NVRTC): one binary runs
//! on hosts with and without CUDA. cudarc panics when it cannot load the
//! driver library, so the driver and NVRTC libraries are probed with
//! `libloading` first, and a host without them gets
//! [`BackendError::Unavailable`]. PTX is cached on disk (key: source, device,
//! driver, options).

// Probing shared libraries, reading the driver version and launching kernels
// are unsafe calls. Each block says why it is sound.
#![allow(unsafe_code)]

use super::gpu::{GpuBackend, GpuDevice, Launch};
use super::kernels;
use super::{BackendError, BackendKind, ComputeBackend, DeviceInfo, OpenOptions};
use crate::registry::Family;
use cudarc::driver::sys::CUdevice_attribute;
use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, LaunchConfig, PushKernelArg,
};
use cudarc::nvrtc::{compile_ptx_with_opts, CompileOptions, Ptx};
use std::collections::HashMap;
use std::sync::Arc;

fn unavailable(why: impl std::fmt::Display) -> BackendError {
    BackendError::Unavailable {
        backend: BackendKind::Cuda,
        why: why.to_string(),
    }
}

fn probe(names: &[&str]) -> bool {
    names.iter().any(|n| {
        // SAFETY: loading a vendor library runs its initializers; the CUDA
        // driver and NVRTC libraries are the ones cudarc would load next anyway.
        unsafe { libloading::Library::new(n) }.is_ok()
    })
}

/// Whether the CUDA driver and NVRTC libraries can be loaded (cudarc panics
/// when they cannot, so this runs before any cudarc call).
pub fn libraries_present() -> Result<(), BackendError> {
    if !probe(&["libcuda.so.1", "libcuda.so", "nvcuda.dll"]) {
        return Err(unavailable("no CUDA driver library (libcuda.so.1)"));
    }
    if !probe(&[
        "libnvrtc.so",
        "libnvrtc.so.12",
        "libnvrtc.so.13",
        "nvrtc64_120_0.dll",
    ]) {
        return Err(unavailable(
            "no NVRTC library (libnvrtc.so.12): install the CUDA runtime's nvrtc",
        ));
    }
    Ok(())
}

fn driver_version() -> String {
    let mut v: std::ffi::c_int = 0;
    // SAFETY: the driver library is loaded (checked by libraries_present) and
    // the pointer is to a live c_int.
    let r = unsafe { cudarc::driver::sys::cuDriverGetVersion(&mut v) };
    if r == cudarc::driver::sys::CUresult::CUDA_SUCCESS {
        format!("{}.{}", v / 1000, (v % 1000) / 10)
    } else {
        "?".into()
    }
}

fn info_of(ctx: &CudaContext, ordinal: usize) -> DeviceInfo {
    let attr = |a| ctx.attribute(a).unwrap_or(0);
    DeviceInfo {
        backend: BackendKind::Cuda,
        index: ordinal.to_string(),
        name: ctx.name().unwrap_or_else(|_| "?".into()),
        platform: format!(
            "CUDA sm_{}{}",
            attr(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
            attr(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)
        ),
        driver: driver_version(),
        device_type: "gpu".into(),
        compute_units: attr(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT) as u32,
        // CU_DEVICE_ATTRIBUTE_CLOCK_RATE is in kHz.
        clock_mhz: (attr(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_CLOCK_RATE) / 1000) as u32,
    }
}

fn contexts() -> Result<Vec<(usize, Arc<CudaContext>)>, BackendError> {
    libraries_present()?;
    let n = CudaContext::device_count()
        .map_err(|e| unavailable(format!("cuInit/device count: {e}")))?;
    if n <= 0 {
        return Err(unavailable("the CUDA driver sees no device"));
    }
    let mut out = Vec::new();
    for i in 0..n as usize {
        match CudaContext::new(i) {
            Ok(c) => out.push((i, c)),
            Err(e) => tracing::error!("CUDA device {i}: {e}"),
        }
    }
    Ok(out)
}

/// Every CUDA device.
///
/// # Errors
/// [`BackendError::Unavailable`] without a driver, NVRTC or device.
pub fn devices() -> Result<Vec<DeviceInfo>, BackendError> {
    Ok(contexts()?.iter().map(|(i, c)| info_of(c, *i)).collect())
}

/// Opens every CUDA device, without the self-test (see [`super::open_gpus`]).
///
/// # Errors
/// [`BackendError::Unavailable`] without a driver, NVRTC or device.
pub fn open_all(opts: &OpenOptions) -> Result<Vec<Box<dyn ComputeBackend>>, BackendError> {
    let mut out: Vec<Box<dyn ComputeBackend>> = Vec::new();
    for (i, ctx) in contexts()? {
        let info = info_of(&ctx, i);
        let dev = CuDevice::new(ctx, info);
        match dev {
            Ok(d) => out.push(Box::new(GpuBackend::new(d, opts.candidate_cap, opts.chunk))),
            Err(e) => tracing::error!("CUDA device {i}: {e}"),
        }
    }
    if out.is_empty() {
        return Err(unavailable("no CUDA device could be opened"));
    }
    Ok(out)
}

/// One CUDA device: context, stream, modules, buffers.
pub struct CuDevice {
    info: DeviceInfo,
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    functions: HashMap<(usize, usize, Family), CudaFunction>,
    tables: HashMap<Family, CudaSlice<u64>>,
    out: Option<(u32, CudaSlice<u32>)>,
    counter: CudaSlice<u32>,
    arch: String,
}

impl CuDevice {
    fn err(&self, why: impl std::fmt::Display) -> BackendError {
        BackendError::Device {
            backend: BackendKind::Cuda,
            device: self.info.name.clone(),
            why: why.to_string(),
        }
    }

    fn new(ctx: Arc<CudaContext>, info: DeviceInfo) -> Result<Self, BackendError> {
        let stream = ctx.default_stream();
        let counter = stream
            .alloc_zeros::<u32>(1)
            .map_err(|e| BackendError::Device {
                backend: BackendKind::Cuda,
                device: info.name.clone(),
                why: format!("alloc: {e}"),
            })?;
        let arch = format!(
            "compute_{}{}",
            ctx.attribute(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
                .unwrap_or(5),
            ctx.attribute(CUdevice_attribute::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)
                .unwrap_or(2)
        );
        Ok(CuDevice {
            info,
            ctx,
            stream,
            functions: HashMap::new(),
            tables: HashMap::new(),
            out: None,
            counter,
            arch,
        })
    }

    fn module(&mut self, rmax: usize, dmax: usize) -> Result<(), BackendError> {
        if self
            .functions
            .contains_key(&(rmax, dmax, Family::MtGenrand))
        {
            return Ok(());
        }
        let defines = vec![
            format!("-DRMAX={rmax}"),
            format!("-DDMAX={dmax}"),
            format!("--gpu-architecture={}", self.arch),
        ];
        let key = kernels::cache_key(
            "cuda",
            &self.info.name,
            &self.info.driver,
            &defines.join(" "),
        );
        let ptx = match kernels::cache_get(&key, "ptx").and_then(|b| String::from_utf8(b).ok()) {
            Some(src) => Ptx::from_src(src),
            None => {
                let t = std::time::Instant::now();
                let ptx = compile_ptx_with_opts(
                    kernels::source(),
                    CompileOptions {
                        // The float reductions must round as the CPU does: no fused multiply-add.
                        fmad: Some(false),
                        options: defines,
                        ..Default::default()
                    },
                )
                .map_err(|e| BackendError::Build {
                    backend: BackendKind::Cuda,
                    device: self.info.name.clone(),
                    log: e.to_string(),
                })?;
                tracing::info!(device = %self.info.name, rmax, dmax, seconds = t.elapsed().as_secs_f64(), "CUDA module built");
                kernels::cache_put(&key, "ptx", ptx.to_src().as_bytes());
                ptx
            }
        };
        let module = self
            .ctx
            .load_module(ptx)
            .map_err(|e| self.err(format!("load module: {e}")))?;
        for f in Family::ALL.into_iter().filter(|f| kernels::has_kernel(*f)) {
            let func = module
                .load_function(&kernels::kernel_name(f))
                .map_err(|e| self.err(format!("function {}: {e}", kernels::kernel_name(f))))?;
            self.functions.insert((rmax, dmax, f), func);
        }
        Ok(())
    }
}

impl GpuDevice for CuDevice {
    fn info(&self) -> DeviceInfo {
        self.info.clone()
    }

    fn default_chunk(&self) -> u32 {
        1 << 26
    }

    fn launch(&mut self, l: &Launch<'_>, cap: u32) -> Result<(u32, Vec<u32>), BackendError> {
        self.module(l.rmax, l.dmax)?;
        if !self.tables.contains_key(&l.family) {
            let t = self
                .stream
                .memcpy_stod(&kernels::table(l.family))
                .map_err(|e| self.err(format!("copy: {e}")))?;
            self.tables.insert(l.family, t);
        }
        if !matches!(&self.out, Some((c, _)) if *c >= cap) {
            let b = self
                .stream
                .alloc_zeros::<u32>(4 * cap as usize)
                .map_err(|e| self.err(format!("alloc: {e}")))?;
            self.out = Some((cap, b));
        }
        let window = self
            .stream
            .memcpy_stod(l.window)
            .map_err(|e| self.err(format!("copy: {e}")))?;
        let tdesc = self
            .stream
            .memcpy_stod(l.tdesc)
            .map_err(|e| self.err(format!("copy: {e}")))?;
        self.stream
            .memset_zeros(&mut self.counter)
            .map_err(|e| self.err(format!("memset: {e}")))?;
        let (Some(func), Some(table), Some((_, out))) = (
            self.functions.get(&(l.rmax, l.dmax, l.family)),
            self.tables.get(&l.family),
            self.out.as_ref(),
        ) else {
            return Err(self.err("function or buffers missing after setup"));
        };
        let (p, ntargets) = (l.window.len() as u32, (l.tdesc.len() / 4) as u32);
        let mut b = self.stream.launch_builder(func);
        b.arg(&l.base)
            .arg(&l.count)
            .arg(&window)
            .arg(&p)
            .arg(&l.no)
            .arg(&l.nk)
            .arg(&l.mm)
            .arg(&tdesc)
            .arg(&ntargets)
            .arg(&l.r)
            .arg(&l.d)
            .arg(table)
            .arg(out)
            .arg(&self.counter)
            .arg(&cap);
        let cfg = LaunchConfig {
            grid_dim: (l.count.div_ceil(256), 1, 1),
            block_dim: (256, 1, 1),
            shared_mem_bytes: 0,
        };
        // SAFETY: the arguments match the kernel's signature in kernels/sieve.cl
        // one by one (u64, u32, u64*, u32 x4, u64*, u32 x3, u64*, u32*, u32*,
        // u32); the candidate buffer holds 4 * cap entries and the kernel writes
        // only below cap; work items past `count` return at once.
        unsafe { b.launch(cfg) }.map_err(|e| self.err(format!("launch: {e}")))?;
        let n = self
            .stream
            .memcpy_dtov(&self.counter)
            .map_err(|e| self.err(format!("copy back: {e}")))?
            .first()
            .copied()
            .unwrap_or(0);
        let take = 4 * n.min(cap) as usize;
        let mut cands = if take == 0 {
            Vec::new()
        } else {
            self.stream
                .memcpy_dtov(out)
                .map_err(|e| self.err(format!("copy back: {e}")))?
        };
        cands.truncate(take);
        Ok((n, cands))
    }
}
