//! `worker`: a fleet worker that claims sieve shards from Redis Streams.
//!
//! The Redis queue arrives with the distributed-execution issue; until then the
//! same worker loop (`seedsieve_core::engine::work_loop`) runs in-process inside
//! `scheduler submit` (embedded mode). This binary says so and exits 2.

use clap::Parser;

/// seedsieve worker: claims sieve shards from a Redis Streams queue, sweeps them
/// on this host's CPU (or GPU) and acks the results.
#[derive(Debug, Parser)]
#[command(name = "worker", version, about)]
struct Args {
    /// Redis URL of the queue.
    #[arg(long, env = "SEEDSIEVE_REDIS")]
    redis: Option<String>,
    /// Shards processed at once.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    /// Compute backend.
    #[arg(long, default_value = "cpu")]
    backend: String,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    eprintln!(
        "worker: the Redis Streams queue is not built yet (asked for redis={:?}, concurrency={}, backend={}).\n\
         Today `scheduler submit` runs the same worker loop in-process on every core (embedded mode).",
        args.redis, args.concurrency, args.backend
    );
    std::process::ExitCode::from(2)
}
