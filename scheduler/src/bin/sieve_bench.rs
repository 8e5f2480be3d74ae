//! `sieve-bench`: prints the CPU sieve's throughput per source, and optionally the
//! cost of a full 2^32 sweep, for a 10-draw window in 0..999.
//!
//! Usage:
//!   cargo run --release -p seedsieve-scheduler --bin sieve-bench               # seeds/s per source
//!   cargo run --release -p seedsieve-scheduler --bin sieve-bench -- --full php_mt_rand
//!   ... -- --backend opencl|cuda [--full php_mt_rand]                          # on a GPU device
//!   ... -- --only rand48,msvc_rand [--seeds 20000000]   # some sources, a given count of seeds
//!
//! With a GPU backend the first device (after its self-test) sweeps directly,
//! and `--full` also prints the fraction of the device's 32-bit integer peak
//! (SMs or CUs x 64 lanes x clock) reached, from a per-seed operation count of
//! the family (MT19937 init_genrand: 4 operations per step, 397 + R steps).
//!
//! Figures: wall seconds, CPU seconds (utime + stime from /proc/self/stat), peak
//! resident memory (VmHWM). The window's seed is planted outside the swept range,
//! so the sweep does the work of a search that finds nothing (the worst case).

use seedsieve_core::backend::{BackendKind, ComputeBackend, OpenOptions};
use seedsieve_core::engine::run_embedded;
use seedsieve_core::plan::{plan, SubmitOptions};
use seedsieve_core::registry::{SourceId, SOURCES};
use std::time::Instant;

fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat: utime, stime in clock ticks (USER_HZ = 100).
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn peak_rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn window(src: SourceId) -> Vec<i64> {
    let info = src.info();
    let (red, _) = info.reductions[0];
    let r = seedsieve_core::reduction::Reducer::new(red, src.raw_form(), 1000)
        .expect("0..999 fits every v1 reduction");
    // A seed outside the swept ranges below.
    seedsieve_core::sieve::emulate(info.family, &r, info.seeds.default_end - 1, 10)
        .into_iter()
        .map(|v| v as i64)
        .collect()
}

/// The bench job: `src` over seeds `lo..hi`, the 10-draw window of [`window`].
fn planned(src: SourceId, lo: u64, hi: u64) -> seedsieve_core::plan::Planned {
    let opts = SubmitOptions {
        sources: vec![src],
        seed_range: Some((lo, hi)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 0,
    };
    plan(&window(src), 0, 999, &opts).expect("plans")
}

fn sweep(src: SourceId, lo: u64, hi: u64, threads: usize) -> (f64, f64) {
    let planned = planned(src, lo, hi);
    let (c0, t) = (cpu_seconds(), Instant::now());
    run_embedded(&planned.spec, threads, 8 * threads as u64, &|_| {}).expect("runs");
    (t.elapsed().as_secs_f64(), cpu_seconds() - c0)
}

/// Sweeps `src` over `lo..hi` on one GPU device; returns wall seconds.
fn sweep_on(dev: &mut dyn ComputeBackend, src: SourceId, lo: u64, hi: u64) -> f64 {
    let planned = planned(src, lo, hi);
    let t = Instant::now();
    for p in &planned.spec.plan {
        let mut out = Vec::new();
        dev.sweep(
            p.family,
            &p.targets,
            p.seeds.start..p.seeds.end,
            &planned.spec.window,
            &mut out,
            &mut |_| true,
        )
        .expect("device sweep");
    }
    t.elapsed().as_secs_f64()
}

fn gpu_main(kind: BackendKind, full: Option<SourceId>) {
    let mut devs =
        seedsieve_core::backend::open(kind, 1, &OpenOptions::default()).unwrap_or_else(|e| {
            eprintln!("sieve-bench: {e}");
            std::process::exit(2)
        });
    let dev = devs[0].as_mut();
    let info = dev.info();
    println!("device: {info}");
    if let Some(src) = full {
        let (lo, hi) = (src.info().seeds.default_start, src.info().seeds.default_end);
        let wall = sweep_on(dev, src, lo, hi);
        let seeds = (hi - lo) as f64;
        println!(
            "full sweep: {src}, {} seeds, 10 draws in 0..999: wall {wall:.3} s, {:.1} Mseeds/s",
            hi - lo,
            seeds / wall / 1e6
        );
        if matches!(
            src.info().family,
            seedsieve_core::registry::Family::MtGenrand
        ) && info.clock_mhz > 0
        {
            // The prefilter needs R = 2 outputs: 397 + 2 init steps of 4 operations.
            let ops = 4.0 * (397.0 + 2.0) * seeds;
            let peak = f64::from(info.compute_units) * 64.0 * f64::from(info.clock_mhz) * 1e6;
            println!(
                "INT32 model: {:.2e} operations in {wall:.3} s = {:.2e}/s; device peak {} units x 64 lanes x {} MHz = {:.2e}/s: {:.1}% of peak",
                ops, ops / wall, info.compute_units, info.clock_mhz, peak, 100.0 * ops / wall / peak
            );
        }
        return;
    }
    println!(
        "{:<18} {:<14} {:>12} {:>12} {:>14}",
        "source", "reduction", "seeds", "wall s", "Mseeds/s"
    );
    for info in SOURCES {
        let src = info.id;
        let n: u64 = 1 << 22;
        let lo = info.seeds.default_start;
        let wall = sweep_on(dev, src, lo, lo + n);
        println!(
            "{:<18} {:<14} {:>12} {:>12.3} {:>14.1}",
            src.id(),
            info.reductions[0].0.id(),
            n,
            wall,
            n as f64 / wall / 1e6
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some(i) = args.iter().position(|a| a == "--backend") {
        let kind: BackendKind = args
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                eprintln!("usage: sieve-bench --backend auto|cpu|cuda|opencl [--full SOURCE_ID]");
                std::process::exit(2)
            });
        if kind != BackendKind::Cpu {
            let full = args
                .iter()
                .position(|a| a == "--full")
                .and_then(|j| args.get(j + 1))
                .and_then(|s| s.parse().ok());
            return gpu_main(kind, full);
        }
    }
    if let Some(i) = args.iter().position(|a| a == "--full") {
        let Some(src) = args.get(i + 1).and_then(|s| s.parse::<SourceId>().ok()) else {
            eprintln!("usage: sieve-bench --full SOURCE_ID");
            std::process::exit(2);
        };
        let (lo, hi) = (src.info().seeds.default_start, src.info().seeds.default_end);
        let (wall, cpu) = sweep(src, lo, hi - 1, threads);
        println!(
            "full sweep: {src}, {} seeds, 10 draws in 0..999, {threads} threads: wall {wall:.2} s, CPU {cpu:.2} s, {:.1} Mseeds/s, peak RSS {:.1} MiB",
            hi - 1 - lo,
            (hi - 1 - lo) as f64 / wall / 1e6,
            peak_rss_mib()
        );
        return;
    }
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .map(|j| args.get(j + 1).cloned().unwrap_or_default())
    };
    let only: Option<Vec<SourceId>> = value("--only").map(|list| {
        list.split(',')
            .map(|id| {
                id.parse().unwrap_or_else(|_| {
                    eprintln!("sieve-bench: --only: unknown source {id:?}");
                    std::process::exit(2)
                })
            })
            .collect()
    });
    let seeds: Option<u64> = value("--seeds").map(|n| {
        n.parse().unwrap_or_else(|_| {
            eprintln!("sieve-bench: --seeds: not a count of seeds: {n:?}");
            std::process::exit(2)
        })
    });
    println!("10-draw window in 0..999, no survivor; {threads} threads (and 1 thread for the per-core rate)");
    println!(
        "{:<18} {:<14} {:>12} {:>12} {:>14} {:>14}",
        "source", "reduction", "seeds", "wall s", "Mseeds/s", "Mseeds/s/core"
    );
    for info in SOURCES {
        let src = info.id;
        if only.as_ref().is_some_and(|o| !o.contains(&src)) {
            continue;
        }
        let n: u64 = seeds
            .unwrap_or(40_000_000 / seedsieve_core::job::family_cost(info.family) * 20)
            .max(4);
        let lo = info.seeds.default_start;
        let (wall, _) = sweep(src, lo, lo + n, threads);
        let (wall1, _) = sweep(src, lo, lo + n / 4, 1);
        println!(
            "{:<18} {:<14} {:>12} {:>12.3} {:>14.1} {:>14.1}",
            src.id(),
            info.reductions[0].0.id(),
            n,
            wall,
            n as f64 / wall / 1e6,
            (n / 4) as f64 / wall1 / 1e6
        );
    }
    println!("peak RSS {:.1} MiB", peak_rss_mib());
}
