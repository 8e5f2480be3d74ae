//! GPU backends against the CPU reference: for every registry source, a
//! narrowed seed range with planted seeds, offsets and skips must give exactly
//! the CPU path's survivors. OpenCL runs on whatever platform is installed
//! (PoCL in CI: `.ci/run` installs it and sets SEEDSIEVE_REQUIRE_OPENCL=1, so a
//! missing platform fails there instead of skipping). CUDA runs where a driver
//! and a device exist and otherwise skips, saying why; on a GPU host set
//! SEEDSIEVE_REQUIRE_CUDA=1 so that a missing driver or device fails instead.

use seedsieve_core::backend::cpu::CpuBackend;
use seedsieve_core::backend::{self, BackendKind, ComputeBackend, OpenOptions};
use seedsieve_core::reduction::Reducer;
use seedsieve_core::registry::SourceId;
use seedsieve_core::sieve::{emulate, Survivor, Target, WindowSpec};

/// (name, family, targets, seeds, window).
type Case = (
    String,
    seedsieve_core::registry::Family,
    Vec<Target>,
    std::ops::Range<u64>,
    WindowSpec,
);

/// One device test at a time: OpenCL runtimes (PoCL) run every context on the
/// same worker threads, and a crash in one would take the others along.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn gpus(kind: BackendKind, cap: u32) -> Option<Vec<Box<dyn ComputeBackend>>> {
    let opts = OpenOptions {
        candidate_cap: cap,
        chunk: 1 << 12,
        opencl_gpu_only: false,
        skip_self_test: true,
    };
    match backend::open_gpus(kind, &opts) {
        Ok(v) if !v.is_empty() => Some(v),
        r => {
            let why = match r {
                Err(e) => e.to_string(),
                Ok(_) => "no device".into(),
            };
            let require = match kind {
                BackendKind::Opencl => Some("SEEDSIEVE_REQUIRE_OPENCL"),
                BackendKind::Cuda => Some("SEEDSIEVE_REQUIRE_CUDA"),
                _ => None,
            };
            if let Some(var) = require.filter(|v| std::env::var_os(v).is_some()) {
                panic!("{var} is set but the {kind} backend is unusable: {why}");
            }
            eprintln!("SKIPPED: {kind} backend unavailable: {why}");
            None
        }
    }
}

/// One case per (source, reduction that serves n) and bounds: planted seeds at
/// both ends and the middle of the range, at seed 0, and across 2^32 where
/// seeds are 64-bit. A rejecting reduction also gets a range of about 3/4 of
/// its widest, where about one word in four is rejected (and seeds run past
/// the prefilter's raw outputs), so that the kernels' rejection loops run.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for src in SourceId::all() {
        let info = src.info();
        let family = info.family;
        for (red, _) in info.reductions {
            let (min, max) = match red.id() {
                "shift1" => (0i64, (1i64 << 31) - 1),
                _ if red.is_float() => (0, seedsieve_core::reduction::FLOAT_N as i64 - 1),
                _ => (
                    1i64,
                    if src.raw_form() == (seedsieve_core::reduction::RawForm::Uint { bits: 15 }) {
                        6
                    } else {
                        49
                    },
                ),
            };
            let start = 1_000_003u64 * (src as u64 + 1);
            let mut ranges = vec![(min, max, false)];
            if red.rejects() {
                if let Some(n) = [3u64 << 61, 3 << 30, 3 << 29]
                    .into_iter()
                    .find(|n| Reducer::new(*red, src.raw_form(), *n).is_ok())
                {
                    ranges.push((0, n as i64 - 1, true));
                }
            }
            for (min, max, wide) in ranges {
                let n = (max - min + 1) as u64;
                let Ok(r) = Reducer::new(*red, src.raw_form(), n) else {
                    continue;
                };
                let mut plans = vec![
                    (start, start + 1499, (0u32, 0u32, 0u32, 0u32, 0u32)),
                    (start, start + 1499, (4, 2, 1, 3, 2)),
                ];
                if !wide {
                    plans.push((start, start + 1499, (2, 0, 0, 1, 0)));
                    // Seed 0, which many seedings special-case.
                    plans.push((0, 0, (0, 0, 0, 0, 0)));
                    if info.seeds.limit > 1 << 33 {
                        // Across 2^32: two-word seedings (CPython's key, numpy's
                        // entropy), the 64-bit seeds' high halves.
                        plans.push(((1 << 32) - 1500, (1 << 32) + 17, (4, 2, 1, 3, 2)));
                    }
                }
                for (start, planted, (no, nk, mm, off, skip)) in plans {
                    let seeds = start..start + 3000;
                    let len = off as usize + 14 * (skip as usize + 1);
                    let d = emulate(family, &r, planted, len);
                    let draws: Vec<i64> = (0..14)
                        .map(|j| d[off as usize + j * (skip as usize + 1)] as i64 + min)
                        .collect();
                    out.push((
                        format!(
                            "{} {} n{n} seed {planted} o{no} k{nk} m{mm}",
                            src.id(),
                            red.id()
                        ),
                        family,
                        vec![Target {
                            source: src,
                            reduction: *red,
                        }],
                        seeds,
                        WindowSpec {
                            min,
                            max,
                            draws,
                            max_offset: no,
                            max_skip: nk,
                            max_mismatches: mm,
                        },
                    ));
                }
            }
        }
    }
    out
}

/// Every case runs on the kernel, not on the GPU backends' CPU fallback: its
/// family has a kernel, its reductions a descriptor inc_reduce.h knows, and
/// its window fits the kernel's raw outputs and private arrays. The same for
/// the device self-test's cases (planted seeds of every family).
#[test]
fn every_case_and_self_test_case_runs_on_the_kernel() {
    use seedsieve_core::backend::kernels;
    use seedsieve_core::sieve::prefilter_shape;
    let fits = |name: &str, family, targets: &[Target], spec: &WindowSpec| {
        assert!(kernels::has_kernel(family), "{name}: no kernel");
        let shape = prefilter_shape(targets, spec);
        assert!(
            shape.r <= kernels::max_raw(family)
                && kernels::bound(shape.r) <= kernels::MAX_BOUND
                && kernels::bound(shape.d) <= kernels::MAX_BOUND,
            "{name}: {shape:?} does not fit the kernel"
        );
        for t in targets {
            let r = Reducer::new(t.reduction, t.source.raw_form(), spec.n())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(r.descriptor()[0] <= 20, "{name}: {:?}", r.descriptor());
        }
    };
    let cases = cases();
    for c in &cases {
        fits(&c.0, c.1, &c.2, &c.4);
    }
    for f in seedsieve_core::registry::Family::ALL {
        assert!(
            cases.iter().any(|c| c.1 == f) || !SourceId::all().any(|s| s.info().family == f),
            "{}: no parity case",
            f.id()
        );
    }
    let st = backend::test_cases(1 << 12);
    for f in seedsieve_core::registry::Family::ALL {
        assert!(
            st.iter().any(|c| c.family == f) || !SourceId::all().any(|s| s.info().family == f),
            "{}: no self-test case",
            f.id()
        );
    }
    for c in &st {
        fits(c.family.id(), c.family, &c.targets, &c.spec);
    }
}

fn sweep(b: &mut dyn ComputeBackend, c: &Case) -> Vec<Survivor> {
    let mut out = Vec::new();
    let n = b
        .sweep(c.1, &c.2, c.3.clone(), &c.4, &mut out, &mut |_| true)
        .unwrap_or_else(|e| panic!("{}: {e}", c.0));
    assert_eq!(n, c.3.end - c.3.start);
    out.sort();
    out
}

fn parity(kind: BackendKind, cap: u32) {
    let _g = serial();
    let Some(mut devs) = gpus(kind, cap) else {
        return;
    };
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut cpu = CpuBackend::default();
    for dev in devs.iter_mut() {
        for c in &cases {
            let want = sweep(&mut cpu, c);
            assert!(
                !want.is_empty(),
                "{}: the planted seed is found on the CPU",
                c.0
            );
            let got = sweep(dev.as_mut(), c);
            assert_eq!(got, want, "{} on {}", c.0, dev.info());
        }
    }
}

#[test]
fn opencl_matches_cpu_on_every_source() {
    parity(BackendKind::Opencl, 1 << 16);
}

#[test]
fn opencl_overflowing_candidate_buffer_reruns_in_halves() {
    // A tiny buffer and a window of 2 values: most seeds are candidates.
    parity_tiny_range(BackendKind::Opencl);
}

fn parity_tiny_range(kind: BackendKind) {
    let _g = serial();
    let Some(mut devs) = gpus(kind, 8) else {
        return;
    };
    let src = SourceId::PhpMtRand;
    let t = vec![Target {
        source: src,
        reduction: seedsieve_core::reduction::Reduction::Range32,
    }];
    let spec = WindowSpec {
        min: 0,
        max: 1,
        draws: vec![
            1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1,
        ],
        max_offset: 1,
        max_skip: 0,
        max_mismatches: 2,
    };
    let c = (
        "tiny".to_string(),
        src.info().family,
        t,
        5000u64..6000,
        spec,
    );
    let want = sweep(&mut CpuBackend::default(), &c);
    for dev in devs.iter_mut() {
        assert_eq!(sweep(dev.as_mut(), &c), want, "{}", dev.info());
    }
}

#[test]
fn cuda_matches_cpu_on_every_source() {
    parity(BackendKind::Cuda, 1 << 16);
}

#[test]
fn opencl_devices_pass_the_self_test() {
    let _g = serial();
    let Some(mut devs) = gpus(BackendKind::Opencl, 1 << 16) else {
        return;
    };
    for d in devs.iter_mut() {
        backend::self_test(d.as_mut()).unwrap_or_else(|e| panic!("{e}"));
    }
}
