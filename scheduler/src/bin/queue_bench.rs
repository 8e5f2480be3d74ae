//! `queue-bench`: throughput and overhead of the Redis Streams queue.
//!
//! 1. No-op shards (empty seed ranges) through one Redis with 1 and 2 claim
//!    slots: claim + ack round trips per second, the protocol's own cost.
//! 2. A real sieve job at the default shard size, embedded (in-process queue)
//!    and through Redis with an in-process worker of the same thread count,
//!    alternated; the overhead is the fleet's extra wall time.
//!
//! Keys go under a fresh root `bench-XXXXXXXX` and are deleted afterwards.
//!
//! ```text
//! cargo run --release -p seedsieve-scheduler --bin queue-bench -- --redis redis://127.0.0.1:6379
//! ```

use anyhow::Context;
use clap::Parser;
use seedsieve_core::backend::{cpu::CpuBackend, ComputeBackend};
use seedsieve_core::engine::{default_shard_cost, run_embedded};
use seedsieve_core::fleet::{run_worker, WorkerOptions};
use seedsieve_core::job::{SeedRange, WorkerId};
use seedsieve_core::plan::{plan, Planned, SubmitOptions};
use seedsieve_core::redis::{JobStatus, RedisConfig, RedisQueue};
use seedsieve_core::reduction::{Reducer, Reduction};
use seedsieve_core::registry::SourceId;
use seedsieve_core::sieve::emulate;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Queue benchmark.
#[derive(Debug, Parser)]
#[command(name = "queue-bench", about)]
struct Args {
    /// Redis URL.
    #[arg(
        long,
        env = "SEEDSIEVE_REDIS",
        default_value = "redis://127.0.0.1:6379"
    )]
    redis: String,
    /// No-op shards per measurement.
    #[arg(long, default_value_t = 5000)]
    noop: usize,
    /// Seeds of php_mt_rand swept by the real job (2^N).
    #[arg(long, default_value_t = 30)]
    sieve_log2: u32,
    /// Worker threads for the real job (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Rounds of (embedded, fleet) for the real job (the best of each is compared).
    #[arg(long, default_value_t = 4)]
    rounds: usize,
}

fn planned(seed_end: u64) -> anyhow::Result<Planned> {
    let r = Reducer::new(Reduction::Range32, SourceId::PhpMtRand.raw_form(), 1000)?;
    let seed = seed_end - 12345;
    let draws: Vec<i64> = emulate(SourceId::PhpMtRand.info().family, &r, seed, 10)
        .into_iter()
        .map(|d| d as i64)
        .collect();
    let opts = SubmitOptions {
        sources: vec![SourceId::PhpMtRand],
        seed_range: Some((0, seed_end)),
        max_offset: 0,
        max_skip: 0,
        max_mismatches: 0,
        predict: 10,
    };
    Ok(plan(&draws, 0, 999, &opts)?)
}

fn cleanup(url: &str, q: &RedisQueue) -> anyhow::Result<()> {
    let mut c = redis::Client::open(url)?.get_connection()?;
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{}*", q.keys().base()))
        .query(&mut c)?;
    for k in keys {
        redis::cmd("DEL").arg(k).query::<()>(&mut c)?;
    }
    Ok(())
}

/// Submits `planned` with `shards` to a fresh root, runs an in-process worker
/// with `slots` claim slots until the job settles; returns the wall seconds.
fn through_redis(
    url: &str,
    planned: &Planned,
    shards: Vec<seedsieve_core::job::Shard>,
    slots: usize,
) -> anyhow::Result<f64> {
    let root = format!("bench-{}", &uuid_hex()[..8]);
    let cfg = RedisConfig {
        url: url.to_string(),
        root,
        lease: Duration::from_secs(30),
        tls_ca: None,
    };
    let q = RedisQueue::new(cfg.clone())?;
    q.ensure_groups()?;
    let stop = AtomicBool::new(false);
    let opts = WorkerOptions {
        queue: cfg,
        name: WorkerId("bench".into()),
    };
    let backends: Vec<Box<dyn ComputeBackend>> = (0..slots)
        .map(|_| Box::new(CpuBackend::default()) as Box<dyn ComputeBackend>)
        .collect();
    let id = planned.spec.id;
    let t = Instant::now();
    let secs = std::thread::scope(|s| -> anyhow::Result<f64> {
        let w = s.spawn(|| run_worker(&opts, backends, &stop));
        q.submit(planned, shards, 3)?;
        loop {
            if q.progress(id)?.is_some_and(|p| p.over) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let secs = t.elapsed().as_secs_f64();
        stop.store(true, Ordering::Relaxed);
        let _ = w.join();
        let rec = q.job(id)?.context("job record")?;
        anyhow::ensure!(rec.status == JobStatus::Done, "job ended {}", rec.status);
        Ok(secs)
    })?;
    cleanup(url, &q)?;
    Ok(secs)
}

fn uuid_hex() -> String {
    format!(
        "{:016x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    )
    .chars()
    .rev()
    .collect()
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    RedisQueue::new(RedisConfig::new(&args.redis))?
        .ping()
        .with_context(|| {
            format!(
                "no Redis at {}",
                seedsieve_core::redis::redact_url(&args.redis)
            )
        })?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    println!(
        "queue-bench: redis {}",
        seedsieve_core::redis::redact_url(&args.redis)
    );

    // 1. No-op shards.
    let p = planned(1 << 16)?;
    let template = p.spec.shards(default_shard_cost(), 1).remove(0);
    for slots in [1usize, 2] {
        let mut p = p.clone();
        p.spec.id = seedsieve_core::job::JobId::new();
        let shards: Vec<_> = (0..args.noop)
            .map(|i| {
                let mut s = template.clone();
                s.id.job = p.spec.id;
                s.id.index = i as u32;
                s.seeds = SeedRange { start: 0, end: 0 };
                s
            })
            .collect();
        let secs = through_redis(&args.redis, &p, shards, slots)?;
        println!(
            "no-op shards, {slots} slot(s): {} shards in {secs:.2} s = {:.0} shards/s (enqueue, claim, ack, settle)",
            args.noop,
            args.noop as f64 / secs
        );
    }

    // 2. A real job at the default shard size.
    let p = planned(1u64 << args.sieve_log2)?;
    let shards = p.spec.shards(default_shard_cost(), 8 * threads as u64);
    let n = shards.len();
    println!(
        "real job: php_mt_rand, 2^{} seeds, {n} shards of {} seeds, {threads} thread(s)",
        args.sieve_log2,
        shards[0].seeds.len()
    );
    let (mut emb, mut fl) = (Vec::new(), Vec::new());
    for round in 0..args.rounds {
        let t = Instant::now();
        run_embedded(&p.spec, threads, 8 * threads as u64, &|_| {})?;
        emb.push(t.elapsed().as_secs_f64());
        let mut p2 = p.clone();
        p2.spec.id = seedsieve_core::job::JobId::new();
        let shards = p2.spec.shards(default_shard_cost(), 8 * threads as u64);
        fl.push(through_redis(&args.redis, &p2, shards, threads)?);
        println!(
            "  round {}: embedded {:.2} s, redis {:.2} s",
            round + 1,
            emb[round],
            fl[round]
        );
    }
    // Best of N: on a shared machine noise only ever adds time.
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let (e, f) = (best(&emb), best(&fl));
    println!(
        "real job overhead (best of {}): embedded {e:.2} s, redis {f:.2} s: {:+.2}% of wall time",
        args.rounds,
        (f / e - 1.0) * 100.0
    );
    Ok(())
}
