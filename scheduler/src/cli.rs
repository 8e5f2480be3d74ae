//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The version `--version` prints: the crate version and the git commit it
/// was built from (`unknown` outside a git checkout; build-support/commit.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SEEDSIEVE_COMMIT"),
    ")"
);

/// seedsieve: find the PRNG, seed, position and range reduction behind draws.
#[derive(Debug, Parser)]
#[command(name = "scheduler", version = VERSION, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recover seeds from a file of draws and predict the next draws.
    Submit(SubmitArgs),
    /// List the registry: sources, algorithms, seed spaces, reductions.
    Generators(GeneratorsArgs),
    /// Show the fleet's queues and workers, or one job's progress (needs --redis).
    Status(StatusArgs),
    /// Print a fleet job's result, as `submit` would have (needs --redis).
    Result(ResultArgs),
    /// Cancel a fleet job: workers drop its shards (needs --redis).
    Cancel(CancelArgs),
    /// Delete settled fleet jobs (record, results, attempts) older than a
    /// period, and ids whose record expired (needs --redis).
    Purge(PurgeArgs),
    /// Watch sessions: a draw stream tied to survivors and predictions (needs --redis).
    WatchSession(WatchSessionArgs),
    /// The watcher daemon: runs the feedback loop and executes requests
    /// (needs --redis); also --status, --stop, explain, approve, halt, resume.
    Watch(WatchArgs),
    /// Approve a request waiting for an operator (same as `watch approve`).
    Approve(ApproveArgs),
    /// Print a shell completion script, e.g. `scheduler completions bash >
    /// ~/.local/share/bash-completion/completions/scheduler`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `scheduler man > scheduler.1; man ./scheduler.1`.
    Man,
    /// How predictable is this source? SP 800-90B min-entropy estimators
    /// beside the sieve, with a verdict (see docs/output.md).
    Assess(AssessArgs),
}

/// `scheduler watch-session`.
#[derive(Debug, Args)]
pub struct WatchSessionArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: SessionAction,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `scheduler watch-session` actions.
#[derive(Debug, Subcommand)]
pub enum SessionAction {
    /// Create a session: sieve the stream's draws so far (embedded, or on
    /// the workers with --fleet) and keep the survivors. Prints the plan and
    /// its estimated time first, and a progress bar on a terminal.
    Create(SessionCreateArgs),
    /// A session's state, diagnostics and next predictions.
    Show {
        /// Session name.
        name: String,
        /// Points of the time series to print.
        #[arg(long, default_value_t = 10)]
        points: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every session, one line each.
    List,
}

/// `scheduler watch-session create`.
#[derive(Debug, Args)]
pub struct SessionCreateArgs {
    /// Session name (default: the stream's name).
    pub name: Option<String>,
    /// Draw stream (`producer ingest --stream NAME`).
    #[arg(long)]
    pub stream: String,
    /// Smallest value a draw can take.
    #[arg(long, allow_hyphen_values = true)]
    pub min: i64,
    /// Largest value a draw can take.
    #[arg(long, allow_hyphen_values = true)]
    pub max: i64,
    /// Sources to sweep: comma-separated ids or `all`.
    #[arg(long, default_value = "all", value_name = "ID[,ID...]|all")]
    pub prng: String,
    /// Seeds to sweep, `LO..HI` or `LO..=HI` (default: each source's whole domain).
    #[arg(long, value_name = "LO..HI")]
    pub seed_range: Option<String>,
    /// Largest offset of the first sieve.
    #[arg(long, default_value_t = 0)]
    pub max_offset: u32,
    /// Largest skip.
    #[arg(long, default_value_t = 0)]
    pub max_skip: u32,
    /// Threads for the first sieve (default: one per core).
    #[arg(long, conflicts_with = "fleet")]
    pub workers: Option<usize>,
    /// Run the first sieve on the fleet's workers (the queue of --redis) as
    /// an ordinary job, followed to its end, instead of embedded here.
    #[arg(long)]
    pub fleet: bool,
    /// Attempts per shard on the fleet before the dead-letter stream.
    #[arg(long, default_value_t = seedsieve_core::redis::DEFAULT_MAX_ATTEMPTS, requires = "fleet")]
    pub max_attempts: u32,
}

/// `scheduler watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A control command; without one (and without --status/--stop) the daemon runs.
    #[command(subcommand)]
    pub action: Option<WatchAction>,
    /// Print the running daemon's state (exit 1 when none runs).
    #[arg(long, conflicts_with = "stop")]
    pub status: bool,
    /// Stop the running daemon (SIGTERM) and wait for it.
    #[arg(long)]
    pub stop: bool,
    /// Policies file (TOML; see docs/feedback-loop.md). Default: built-in defaults.
    #[arg(long, env = "SEEDSIEVE_POLICIES", value_name = "FILE")]
    pub policies: Option<PathBuf>,
    /// Directory of the PID file, the state file and the audit JSONL.
    /// Default: $XDG_STATE_HOME/seedsieve/watch, else
    /// ~/.local/state/seedsieve/watch (XDG Base Directory), else ./seedsieve-watch.
    #[arg(
        long,
        env = "SEEDSIEVE_WATCH_DIR",
        default_value_os_t = default_watch_dir(),
        value_name = "DIR"
    )]
    pub dir: PathBuf,
    /// Poll interval in milliseconds.
    #[arg(long, default_value_t = 200)]
    pub poll_ms: u64,
    /// Print JSON (--status, explain); also accepted after the subcommand
    /// (`watch explain N --json`, as docs/feedback-loop.md writes it).
    #[arg(long, global = true)]
    pub json: bool,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `scheduler watch` control commands.
#[derive(Debug, Subcommand)]
pub enum WatchAction {
    /// The decision record of request N: its record and every audit event.
    Explain {
        /// Request id.
        id: String,
    },
    /// Approve request ID (it must be waiting for an operator).
    Approve(ApproveBody),
    /// Halt: no new dispatch until `resume`.
    Halt {
        /// Why (recorded in the audit trail).
        reason: String,
    },
    /// Lift a halt.
    Resume,
}

/// Who approves what.
#[derive(Debug, Args)]
pub struct ApproveBody {
    /// Request id.
    pub id: String,
    /// The operator's name (recorded as `approved_by`).
    #[arg(long, env = "USER", default_value = "operator")]
    pub by: String,
}

/// `scheduler approve`.
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Request and operator.
    #[command(flatten)]
    pub body: ApproveBody,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// Where the fleet's queue is.
#[derive(Debug, Args, Clone)]
pub struct FleetArgs {
    /// Redis URL of the fleet's queue, e.g. redis://127.0.0.1:6379. Without it,
    /// `submit` runs embedded (in-process, every core).
    #[arg(long, env = "SEEDSIEVE_REDIS", value_name = "URL")]
    pub redis: Option<String>,
    /// A file holding the Redis URL on one line (a systemd credential, or a
    /// file only this user reads): keeps a password off the command line.
    #[arg(long, env = "SEEDSIEVE_REDIS_FILE", value_name = "PATH")]
    pub redis_file: Option<PathBuf>,
    /// PEM file of the private CA that signed the Redis server's TLS
    /// certificate (rediss:// URLs): only it is trusted then, instead of the
    /// built-in web PKI roots.
    #[arg(long, env = "SEEDSIEVE_REDIS_CA", value_name = "PATH")]
    pub redis_ca: Option<PathBuf>,
    /// Key root; keys live under ROOT:vN: (N: protocol version).
    #[arg(long, default_value = seedsieve_core::redis::DEFAULT_ROOT, env = "SEEDSIEVE_PREFIX")]
    pub prefix: String,
    /// Lease length in milliseconds, the same as the workers'.
    #[arg(long, default_value_t = seedsieve_core::redis::DEFAULT_LEASE_MS, env = "SEEDSIEVE_LEASE_MS")]
    pub lease_ms: u64,
}

/// `scheduler status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// A job id; without it, every stream and the latest jobs.
    pub job: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `scheduler result`.
#[derive(Debug, Args)]
pub struct ResultArgs {
    /// The job id `submit --detach` printed.
    pub job: String,
    /// Print one JSON object (documented in docs/output.md).
    #[arg(long)]
    pub json: bool,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `scheduler cancel`.
#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The job id.
    pub job: String,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `scheduler purge`.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Delete jobs that settled (done, failed, cancelled) longer ago than
    /// this, e.g. 7d, 12h, 0s; running jobs are never deleted.
    #[arg(long, default_value = "7d", value_parser = humantime::parse_duration)]
    pub older_than: std::time::Duration,
    /// Only list what would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The queue.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

impl SubmitArgs {
    /// `--workers`, one per core when not given.
    pub fn workers(&self) -> usize {
        self.workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
    /// `--prng`, `all` when not given.
    pub fn prng(&self) -> &str {
        self.prng.as_deref().unwrap_or("all")
    }
    /// `--draws`. Only `--resume` runs without it, and it never asks.
    pub fn draws(&self) -> &std::path::Path {
        self.draws
            .as_deref()
            .unwrap_or_else(|| std::path::Path::new("-"))
    }
}

/// `scheduler submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// File of draws, one integer per line (`#` comments and blank lines ignored); `-` reads stdin.
    /// Without --min/--max (and --raw), the draws are read as floats in [0, 1), as --float.
    #[arg(long, value_name = "FILE", required_unless_present = "resume")]
    pub draws: Option<PathBuf>,
    /// Smallest value a draw can take.
    #[arg(long, allow_hyphen_values = true, requires = "max")]
    pub min: Option<i64>,
    /// Largest value a draw can take.
    #[arg(long, allow_hyphen_values = true, requires = "min")]
    pub max: Option<i64>,
    /// `sieve`: sweep seeds (the default). `state`: recover the generator's state
    /// by algebra on the draws (MT19937 from 624 raw outputs, java.util.Random
    /// from nextInt(n), V8 Math.random, xoshiro256**); see `scheduler generators`.
    #[arg(long, value_enum, default_value = "sieve")]
    pub mode: Mode,
    /// The draws are floats in [0, 1) as the runtime printed them, in full
    /// (sieve: CPython random(), numpy random_sample(), Java nextDouble(),
    /// drand48(); state mode: V8 Math.random()). With `--prng all`, V8
    /// Math.random state recovery runs first (milliseconds) and ends the run
    /// when it explains the draws.
    #[arg(long, conflicts_with_all = ["min", "max", "raw"])]
    pub float: bool,
    /// Each line is a tuple of k distinct values of [min, max] (space or comma
    /// separated) made by the source's sampling function: CPython random.sample,
    /// Java Collections.shuffle then the first k, PHP shuffle then array_slice.
    #[arg(long, conflicts_with_all = ["float", "raw"])]
    pub tuples: bool,
    /// With --tuples: each tuple was sorted before it was printed.
    #[arg(long, requires = "tuples")]
    pub sorted: bool,
    /// The draws are the generator's raw outputs, unsigned (state mode).
    #[arg(long, conflicts_with_all = ["min", "max"])]
    pub raw: bool,
    /// With --raw: each output is truncated to its top K bits (CPython
    /// getrandbits(K) with K < 32); MT19937 is then solved over GF(2).
    #[arg(long, value_name = "K", requires = "raw", value_parser = clap::value_parser!(u32).range(1..32))]
    pub bits: Option<u32>,
    /// Sources to sweep: comma-separated ids (see `scheduler generators`) or
    /// `all` (the default). Without it, a plan estimated past an hour asks
    /// first (or needs --yes).
    #[arg(long, value_name = "ID[,ID...]|all")]
    pub prng: Option<String>,
    /// Print the plan (sources in sweep order, seed spaces, offsets and skips,
    /// the time it takes on this machine, expected false candidates) and exit.
    #[arg(long)]
    pub plan: bool,
    /// Sweep a plan estimated past an hour without asking (when --prng is not given).
    #[arg(long)]
    pub yes: bool,
    /// Sweep the whole plan even after a candidate is recovered (by default
    /// the sweep stops at the answer and says what it left).
    #[arg(long)]
    pub exhaustive: bool,
    /// With --json: print events as JSON lines while sweeping (`candidate`,
    /// `progress`, `plan`), then the report as the last line.
    #[arg(long, requires = "json")]
    pub events: bool,
    /// Resume an interrupted embedded sweep from its restore file (or its job
    /// id, looked up in the restore directory) without sweeping again what it swept.
    #[arg(long, value_name = "FILE|JOB", conflicts_with_all = ["draws", "tuples", "raw", "float", "mode"])]
    pub resume: Option<String>,
    /// Where the embedded sweep keeps its restore file (default:
    /// $XDG_STATE_HOME/seedsieve/restore/JOB.json, ~/.local/state when unset).
    #[arg(long, value_name = "FILE")]
    pub restore_file: Option<PathBuf>,
    /// Seeds to sweep, `LO..HI` (HI exclusive) or `LO..=HI`; numbers in decimal, 0x hex or 2^N.
    /// Default: each source's whole seeding domain (see `scheduler generators`).
    #[arg(long, value_name = "LO..HI")]
    pub seed_range: Option<String>,
    /// Largest number of draws consumed before the first observed one.
    #[arg(long, default_value_t = 0)]
    pub max_offset: u32,
    /// Largest number of draws consumed between observed draws (constant across the window).
    #[arg(long, default_value_t = 0)]
    pub max_skip: u32,
    /// Mismatching draws tolerated.
    #[arg(long, default_value_t = 0)]
    pub max_mismatches: u32,
    /// Draws to predict per candidate.
    #[arg(long, default_value_t = 10)]
    pub predict: u32,
    /// Print one JSON object (documented in docs/output.md).
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no notes on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads in embedded mode with the cpu backend (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Compute backend in embedded mode: auto picks CUDA, then OpenCL GPU
    /// devices, then the CPU (fleet workers choose their own).
    #[arg(
        long,
        default_value = "auto",
        env = "SEEDSIEVE_BACKEND",
        value_name = "auto|cpu|cuda|opencl"
    )]
    pub backend: seedsieve_core::backend::BackendKind,
    /// Split the job into at least this many shards (default: 8 per embedded
    /// worker; 64 on a fleet). Shards are otherwise about one core-second each.
    #[arg(long, value_name = "N")]
    pub shards: Option<u64>,
    /// With --redis (or --redis-file): print the job id and return at once
    /// (see `scheduler status`, `result`, `cancel`).
    #[arg(long)]
    pub detach: bool,
    /// With --redis: Ctrl-C (or SIGTERM) cancels the job instead of leaving
    /// it running on the fleet.
    #[arg(long, conflicts_with = "detach")]
    pub cancel_on_interrupt: bool,
    /// With --redis: attempts per shard before the dead-letter stream (at least 1).
    #[arg(long, default_value_t = seedsieve_core::redis::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: u32,
    /// With --redis: how long to wait for Redis while it does not answer
    /// (e.g. `30s`, `5m`) before giving up with exit 3; the job itself keeps
    /// its state in Redis. Default: wait until it answers.
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<humantime::Duration>,
    /// With --redis: how long the job's keys (record, results, attempts) stay
    /// in Redis after it settles, e.g. 7d, 12h; 0s keeps them until
    /// `scheduler purge`.
    #[arg(long, default_value = "7d", env = "SEEDSIEVE_RETENTION", value_parser = humantime::parse_duration)]
    pub retention: std::time::Duration,
    /// The queue (--redis URL runs the job on the fleet).
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// How `submit` explains the draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Sweep seeds of each source.
    Sieve,
    /// Recover the state by algebra on the outputs.
    State,
}

/// `scheduler generators`.
#[derive(Debug, Args)]
pub struct GeneratorsArgs {
    /// Show only the generators whose id contains this text (e.g. `php`,
    /// `v8_math_random`); an id that matches nothing gets suggestions.
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// The same as ID.
    #[arg(long, value_name = "ID", conflicts_with = "id")]
    pub filter: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The watcher's default directory, per the XDG Base Directory specification's
/// state directory: `$XDG_STATE_HOME/seedsieve/watch` (an absolute
/// XDG_STATE_HOME only), else `$HOME/.local/state/seedsieve/watch`, else
/// `seedsieve-watch` in the current directory.
pub fn default_watch_dir() -> PathBuf {
    let abs = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    std::env::var_os("XDG_STATE_HOME")
        .and_then(abs)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(abs)
                .map(|h| h.join(".local/state"))
        })
        .map_or_else(
            || PathBuf::from("seedsieve-watch"),
            |d| d.join("seedsieve/watch"),
        )
}

/// `scheduler assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// File of integer draws in [--min, --max], one per line (`#` comments and
    /// blank lines ignored); `-` reads stdin.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "bytes",
        conflicts_with = "bytes"
    )]
    pub draws: Option<PathBuf>,
    /// Binary file of samples, one per byte (its low --bits-per-symbol bits),
    /// as NIST's ea_non_iid reads them.
    #[arg(long, value_name = "FILE")]
    pub bytes: Option<PathBuf>,
    /// Smallest value a draw can take (with --draws).
    #[arg(long, allow_hyphen_values = true, requires = "draws")]
    pub min: Option<i64>,
    /// Largest value a draw can take (with --draws).
    #[arg(long, allow_hyphen_values = true, requires = "draws")]
    pub max: Option<i64>,
    /// Bits per sample (1-8 for --bytes, 1-16 for --draws). Default: for
    /// --bytes the highest bit used (as ea_non_iid), for --draws
    /// ceil(log2(max - min + 1)).
    #[arg(long, value_name = "BITS")]
    pub bits_per_symbol: Option<u32>,
    /// Skip the sieve and state recovery: estimators only.
    #[arg(long)]
    pub no_sieve: bool,
    /// Threads for the estimators (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Print one JSON object (documented in docs/output.md).
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no notes on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Sieve: sources to sweep, comma-separated ids or `all` (as submit).
    #[arg(long, default_value = "all", value_name = "ID[,ID...]|all")]
    pub prng: String,
    /// Sieve: seeds to sweep, `LO..HI` or `LO..=HI` (as submit).
    #[arg(long, value_name = "LO..HI")]
    pub seed_range: Option<String>,
    /// Sieve: largest offset (as submit).
    #[arg(long, default_value_t = 0)]
    pub max_offset: u32,
    /// Sieve: largest skip (as submit).
    #[arg(long, default_value_t = 0)]
    pub max_skip: u32,
    /// Sieve: mismatching draws tolerated (as submit).
    #[arg(long, default_value_t = 0)]
    pub max_mismatches: u32,
    /// Next draws to predict when a generator is recovered.
    #[arg(long, default_value_t = 10)]
    pub predict: u32,
    /// Sieve: worker threads (default: one per core).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Sieve: compute backend (as submit).
    #[arg(
        long,
        default_value = "auto",
        env = "SEEDSIEVE_BACKEND",
        value_name = "auto|cpu|cuda|opencl"
    )]
    pub backend: seedsieve_core::backend::BackendKind,
    /// Sieve: at least this many shards (as submit).
    #[arg(long, value_name = "N")]
    pub shards: Option<u64>,
    /// With --redis: attempts per shard before the dead-letter stream (at least 1).
    #[arg(long, default_value_t = seedsieve_core::redis::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: u32,
    /// The queue: with --redis URL the estimators run as scoring shards
    /// (`stream:score`) and the sieve as a sieve job on the fleet's workers,
    /// followed to their end; the report is the embedded run's.
    #[command(flatten)]
    pub fleet: FleetArgs,
}
