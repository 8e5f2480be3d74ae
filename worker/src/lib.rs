//! The `worker` command: a fleet worker that claims sieve shards from Redis
//! Streams, sweeps them and acks the results (see `seedsieve_core::fleet`).
//!
//! # Layout
//!
//! - [`Args`]: command-line arguments (clap).
//! - [`run`]: logging, signal handling, and the worker runtime.

use clap::Parser;
use seedsieve_core::backend::{open, BackendKind, OpenOptions};
use seedsieve_core::fleet::{consumer_name, run_worker, WorkerOptions};
use seedsieve_core::job::WorkerId;
use seedsieve_core::redis::{
    ca_from_file, url_from_flags, RedisConfig, DEFAULT_LEASE_MS, DEFAULT_ROOT,
};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// Prints every device the GPU backends see (and why a backend sees none).
pub fn print_devices() {
    let (devices, notes) = seedsieve_core::backend::list_devices();
    println!(
        "cpu 0: CPU sieve ({}), {} threads",
        seedsieve_core::kernel::simd_level(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for d in devices {
        println!("{d}");
    }
    for n in notes {
        println!("({n})");
    }
}

/// The version `--version` prints: the crate version and the git commit it
/// was built from (`unknown` outside a git checkout; build-support/commit.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SEEDSIEVE_COMMIT"),
    ")"
);

/// seedsieve worker: claims sieve shards from a Redis Streams queue, sweeps them
/// and acks the results. SIGTERM or SIGINT: stop claiming, hand the current
/// shards back, exit 0 (a second SIGINT exits at once).
#[derive(Debug, Parser)]
#[command(name = "worker", version = VERSION, about)]
pub struct Args {
    /// Redis URL of the queue, e.g. redis://127.0.0.1:6379.
    #[arg(
        long,
        env = "SEEDSIEVE_REDIS",
        value_name = "URL",
        required_unless_present_any = ["list_devices", "redis_file"]
    )]
    pub redis: Option<String>,
    /// A file holding the Redis URL on one line (a systemd credential, or a
    /// file only the service user reads): keeps a password off the command line.
    #[arg(long, env = "SEEDSIEVE_REDIS_FILE", value_name = "PATH")]
    pub redis_file: Option<std::path::PathBuf>,
    /// PEM file of the private CA that signed the Redis server's TLS
    /// certificate (rediss:// URLs): only it is trusted then, instead of the
    /// built-in web PKI roots.
    #[arg(long, env = "SEEDSIEVE_REDIS_CA", value_name = "PATH")]
    pub redis_ca: Option<std::path::PathBuf>,
    /// CPU threads with the cpu backend (default: one per core). GPU backends
    /// run one slot per device.
    #[arg(long, env = "SEEDSIEVE_CONCURRENCY")]
    pub concurrency: Option<usize>,
    /// Compute backend: auto picks CUDA, then OpenCL GPU devices, then the CPU.
    /// Every GPU device runs a self-test against the CPU first.
    #[arg(
        long,
        default_value = "auto",
        env = "SEEDSIEVE_BACKEND",
        value_name = "auto|cpu|cuda|opencl"
    )]
    pub backend: BackendKind,
    /// List the devices each backend sees and exit.
    #[arg(long)]
    pub list_devices: bool,
    /// Key root; keys live under ROOT:vN: (N: protocol version).
    #[arg(long, default_value = DEFAULT_ROOT, env = "SEEDSIEVE_PREFIX")]
    pub prefix: String,
    /// Lease length in milliseconds (renewed every third of it; the same on every
    /// worker and scheduler of a fleet).
    #[arg(long, default_value_t = DEFAULT_LEASE_MS, env = "SEEDSIEVE_LEASE_MS")]
    pub lease_ms: u64,
    /// Consumer name (default: HOST-PID-RANDOM).
    #[arg(long)]
    pub name: Option<String>,
}

/// Runs the worker until SIGTERM/SIGINT.
///
/// # Errors
/// Signal registration failures and an unusable Redis URL.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.list_devices {
        print_devices();
        return Ok(ExitCode::SUCCESS);
    }
    let Some(redis) = url_from_flags(args.redis.as_deref(), args.redis_file.as_deref())? else {
        anyhow::bail!("--redis URL or --redis-file PATH is required");
    };
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        // A second signal while stopping exits at once with status 1.
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let opts = WorkerOptions {
        queue: RedisConfig {
            url: redis,
            root: args.prefix.clone(),
            lease: Duration::from_millis(args.lease_ms.max(100)),
            tls_ca: args.redis_ca.as_deref().map(ca_from_file).transpose()?,
        },
        name: args
            .name
            .clone()
            .map(WorkerId)
            .unwrap_or_else(consumer_name),
    };
    let threads = args
        .concurrency
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let backends = open(args.backend, threads, &OpenOptions::default())?;
    let summary = run_worker(&opts, backends, &stop)?;
    tracing::info!(consumer = %opts.name, "worker stopped: {summary}");
    Ok(ExitCode::SUCCESS)
}
