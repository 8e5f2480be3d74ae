//! `producer`: appends draws to a draw stream, one entry per draw, with a
//! strictly increasing draw index and the source's timestamp
//! (see [`seedsieve_core::feedback::store`] for the stream's layout).
//!
//! # Layout
//!
//! - [`Cli`]: arguments (clap).
//! - [`ingest`]: draws from a file or stdin; lines without an index continue
//!   after the stream's last index (or from `--start-index`); a repeated
//!   index is refused, so re-running a file whose lines carry their index
//!   appends nothing.
//! - [`inject`]: the synthetic injector for soak tests: plays a known source
//!   from a known seed, so a test knows the truth.

use clap::{Args, Parser, Subcommand};
use seedsieve_core::feedback::store::{self, Appended};
use seedsieve_core::feedback::Draw;
use seedsieve_core::prng::RawStream;
use seedsieve_core::queue::QueueError;
use seedsieve_core::redis::{
    ca_from_file, now_ms, url_from_flags, RedisConfig, RedisQueue, DEFAULT_LEASE_MS, DEFAULT_ROOT,
};
use seedsieve_core::reduction::Reducer;
use seedsieve_core::registry::SourceId;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The version `--version` prints: the crate version and the git commit it
/// was built from (`unknown` outside a git checkout; build-support/commit.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SEEDSIEVE_COMMIT"),
    ")"
);

/// seedsieve producer: append draws to a Redis draw stream.
#[derive(Debug, Parser)]
#[command(name = "producer", version = VERSION, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Append draws from a file (or `-`, stdin). A line is `VALUE`,
    /// `INDEX VALUE` or `INDEX VALUE TS_MS`; `#` comments and blank lines are
    /// ignored. A line without INDEX gets the index after the previous
    /// line's (the first line: --start-index, by default the index after the
    /// stream's last).
    Ingest(IngestArgs),
    /// Play a known source from a known seed, one draw every DURATION.
    Inject(InjectArgs),
}

/// The stream.
#[derive(Debug, Args)]
pub struct StreamArgs {
    /// Draw stream name (A-Z a-z 0-9 _ - .).
    #[arg(long)]
    pub stream: String,
    /// Redis URL (default redis://127.0.0.1:6379).
    #[arg(long, env = "SEEDSIEVE_REDIS", value_name = "URL")]
    pub redis: Option<String>,
    /// A file holding the Redis URL on one line (a systemd credential):
    /// keeps a password off the command line.
    #[arg(long, env = "SEEDSIEVE_REDIS_FILE", value_name = "PATH")]
    pub redis_file: Option<PathBuf>,
    /// PEM file of the private CA that signed the Redis server's TLS
    /// certificate (rediss:// URLs): only it is trusted then, instead of the
    /// built-in web PKI roots.
    #[arg(long, env = "SEEDSIEVE_REDIS_CA", value_name = "PATH")]
    pub redis_ca: Option<PathBuf>,
    /// Key root; keys live under ROOT:vN:.
    #[arg(long, env = "SEEDSIEVE_PREFIX", default_value = DEFAULT_ROOT)]
    pub prefix: String,
}

/// `producer ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The stream.
    #[command(flatten)]
    pub stream: StreamArgs,
    /// File of draws; `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// Index of the first line when it has no INDEX (default: after the
    /// stream's last, 0 for a new stream, as `inject` does).
    #[arg(long)]
    pub start_index: Option<u64>,
    /// No summary line.
    #[arg(long)]
    pub quiet: bool,
}

/// `producer inject`.
#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The stream.
    #[command(flatten)]
    pub stream: StreamArgs,
    /// Source id (see `scheduler generators`).
    #[arg(long)]
    pub prng: String,
    /// Seed given to the source's seeding function.
    #[arg(long)]
    pub seed: u64,
    /// Smallest value.
    #[arg(long, allow_hyphen_values = true, default_value_t = 0)]
    pub min: i64,
    /// Largest value.
    #[arg(long, allow_hyphen_values = true, default_value_t = 99)]
    pub max: i64,
    /// Range reduction (default: the source's first integer reduction for the range).
    #[arg(long)]
    pub reduction: Option<String>,
    /// Interval between draws, e.g. 50ms, 1s.
    #[arg(long, default_value = "1s", value_parser = humantime::parse_duration)]
    pub every: Duration,
    /// Draws to append (default: until stopped).
    #[arg(long)]
    pub count: Option<u64>,
    /// Index of the first draw (default: after the stream's last).
    #[arg(long)]
    pub start_index: Option<u64>,
    /// Generator draws skipped before the first appended one.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

/// Errors, each with its exit status.
#[derive(Debug, thiserror::Error)]
pub enum ProducerError {
    /// Bad input: the message names the file, line and field.
    #[error("{0}")]
    BadInput(String),
    /// Redis failed.
    #[error("queue: {0}")]
    Queue(#[from] QueueError),
    /// Reading failed.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

impl ProducerError {
    /// 2 for bad input, 3 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            ProducerError::BadInput(_)
            | ProducerError::Queue(QueueError::BadUrl(_) | QueueError::Tls(_)) => ExitCode::from(2),
            _ => ExitCode::from(3),
        }
    }
}

fn queue(s: &StreamArgs) -> Result<RedisQueue, ProducerError> {
    store::check_name("stream", &s.stream).map_err(|e| ProducerError::BadInput(e.to_string()))?;
    let url = url_from_flags(s.redis.as_deref(), s.redis_file.as_deref())?
        .unwrap_or_else(|| "redis://127.0.0.1:6379".into());
    Ok(RedisQueue::new(RedisConfig {
        url,
        root: s.prefix.clone(),
        lease: Duration::from_millis(DEFAULT_LEASE_MS),
        tls_ca: s.redis_ca.as_deref().map(ca_from_file).transpose()?,
    })?)
}

/// Runs a parsed command line.
///
/// # Errors
/// [`ProducerError`].
pub fn run(cli: Cli) -> Result<ExitCode, ProducerError> {
    match cli.command {
        Command::Ingest(a) => ingest(&a),
        Command::Inject(a) => inject(&a),
    }
}

/// Parses one line (`VALUE`, `INDEX VALUE` or `INDEX VALUE TS_MS`); `None`
/// for blank and comment lines.
///
/// # Errors
/// A message naming the field.
pub fn parse_line(line: &str, default_index: u64, now: u64) -> Result<Option<Draw>, String> {
    let t = line.split('#').next().unwrap_or("").trim();
    if t.is_empty() {
        return Ok(None);
    }
    let f: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    let num = |name: &str, s: &str| -> Result<i64, String> {
        s.parse::<i64>()
            .map_err(|_| format!("field `{name}`: {s:?} is not an integer"))
    };
    let idx = |s: &str| -> Result<u64, String> {
        s.parse::<u64>()
            .map_err(|_| format!("field `index`: {s:?} is not a draw index (0 or more)"))
    };
    match f.as_slice() {
        [v] => Ok(Some(Draw {
            index: default_index,
            value: num("value", v)?,
            ts_ms: now,
        })),
        [i, v] => Ok(Some(Draw {
            index: idx(i)?,
            value: num("value", v)?,
            ts_ms: now,
        })),
        [i, v, ts] => Ok(Some(Draw {
            index: idx(i)?,
            value: num("value", v)?,
            ts_ms: ts.parse().map_err(|_| {
                format!("field `ts_ms`: {ts:?} is not milliseconds since the epoch")
            })?,
        })),
        _ => Err(format!(
            "{} fields; expected VALUE, INDEX VALUE or INDEX VALUE TS_MS",
            f.len()
        )),
    }
}

/// Counts of an ingest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Draws appended.
    pub appended: u64,
    /// Draws refused: the stream holds their index or a later one.
    pub repeated: u64,
    /// Last index appended.
    pub last: Option<u64>,
    /// The index a line without INDEX started from.
    pub start: u64,
    /// The stream's last index before the ingest.
    pub stream_last: Option<u64>,
}

impl IngestSummary {
    /// The one-line summary `producer ingest` prints on stdout.
    pub fn line(&self, stream: &str) -> String {
        format!(
            "stream {stream}: appended {}, repeated {} (index already present), last index {}",
            self.appended,
            self.repeated,
            self.last.map_or("-".into(), |l| l.to_string())
        )
    }

    /// A warning for stderr when nothing was appended because every index
    /// was present already; `None` otherwise.
    pub fn nothing_appended(&self, stream: &str) -> Option<String> {
        (self.appended == 0 && self.repeated > 0).then(|| {
            format!(
                "warning: nothing appended: stream {stream} holds every index of this input \
                 (its last index is {}); lines without INDEX continue after it unless \
                 --start-index is given",
                self.stream_last.map_or("-".into(), |l| l.to_string())
            )
        })
    }
}

/// `producer ingest`. A file is checked in full before anything is appended;
/// stdin is appended line by line and stops at the first bad line. Lines
/// without INDEX start at `--start-index`, by default the index after the
/// stream's last ([`store::last_index`]), so a second file continues the
/// stream; a line with INDEX keeps it (a repeated index is refused, counted
/// and warned about when nothing at all was appended).
///
/// # Errors
/// [`ProducerError::BadInput`] naming the file, line and field.
pub fn ingest(a: &IngestArgs) -> Result<ExitCode, ProducerError> {
    let q = queue(&a.stream)?;
    let name = if a.file.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        a.file.display().to_string()
    };
    let stream_last = store::last_index(&q, &a.stream.stream)?;
    let start = a
        .start_index
        .unwrap_or_else(|| stream_last.map_or(0, |l| l.saturating_add(1)));
    let mut sum = IngestSummary {
        start,
        stream_last,
        ..IngestSummary::default()
    };
    let mut next = start;
    let mut parse = |lineno: usize, line: &str| -> Result<Option<Draw>, ProducerError> {
        let r = parse_line(line, next, now_ms())
            .map_err(|e| ProducerError::BadInput(format!("{name}:{lineno}: {e}")))?;
        if let Some(d) = &r {
            next = d.index.saturating_add(1);
        }
        Ok(r)
    };
    let put = |d: &Draw, sum: &mut IngestSummary| -> Result<(), ProducerError> {
        match store::append_draw(&q, &a.stream.stream, d)? {
            Appended::New => {
                sum.appended += 1;
                sum.last = Some(d.index);
            }
            Appended::Repeated => sum.repeated += 1,
        }
        Ok(())
    };
    if a.file.as_os_str() == "-" {
        for (i, line) in std::io::stdin().lock().lines().enumerate() {
            if let Some(d) = parse(i + 1, &line?)? {
                put(&d, &mut sum)?;
            }
        }
    } else {
        let text = std::fs::read_to_string(&a.file)
            .map_err(|e| ProducerError::BadInput(format!("{name}: cannot read: {e}")))?;
        let mut draws = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(d) = parse(i + 1, line)? {
                draws.push(d);
            }
        }
        for d in &draws {
            put(d, &mut sum)?;
        }
    }
    if !a.quiet {
        println!("{}", sum.line(&a.stream.stream));
    }
    if let Some(w) = sum.nothing_appended(&a.stream.stream) {
        eprintln!("{w}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `producer inject`.
///
/// # Errors
/// [`ProducerError::BadInput`] for an unknown source or reduction, a seed out
/// of the source's space, or a range the reduction cannot produce.
pub fn inject(a: &InjectArgs) -> Result<ExitCode, ProducerError> {
    let src: SourceId = a
        .prng
        .parse()
        .map_err(|e| ProducerError::BadInput(format!("--prng: {e}")))?;
    if a.min > a.max {
        return Err(ProducerError::BadInput(format!(
            "--min {} is greater than --max {}",
            a.min, a.max
        )));
    }
    let info = src.info();
    if a.seed >= info.seeds.limit {
        return Err(ProducerError::BadInput(format!(
            "--seed {}: {src} takes seeds below {}",
            a.seed, info.seeds.limit
        )));
    }
    let n = (a.max as i128 - a.min as i128 + 1) as u64;
    let reduction = match &a.reduction {
        Some(r) => info
            .reductions
            .iter()
            .map(|(x, _)| *x)
            .find(|x| x.to_string() == r.trim())
            .ok_or_else(|| {
                let names: Vec<String> =
                    info.reductions.iter().map(|(x, _)| x.to_string()).collect();
                ProducerError::BadInput(format!("--reduction {r}: {src} has {}", names.join(", ")))
            })?,
        None => info
            .reductions
            .iter()
            .map(|(r, _)| *r)
            .find(|r| !r.is_float() && Reducer::new(*r, src.raw_form(), n).is_ok())
            .ok_or_else(|| {
                ProducerError::BadInput(format!(
                    "{src} has no integer reduction for [{}, {}]",
                    a.min, a.max
                ))
            })?,
    };
    let reducer = Reducer::new(reduction, src.raw_form(), n).map_err(|e| {
        ProducerError::BadInput(format!("{src} {reduction} on [{}, {}]: {e}", a.min, a.max))
    })?;
    let q = queue(&a.stream)?;
    let start = match a.start_index {
        Some(s) => s,
        None => store::last_index(&q, &a.stream.stream)?.map_or(0, |l| l + 1),
    };
    let mut g = info.family.stream(a.seed);
    let mut draw = || {
        let mut next = || Some(g.next_raw());
        reducer.draw(&mut next).map(|v| v as i64 + a.min)
    };
    for _ in 0..a.offset {
        draw();
    }
    eprintln!(
        "injecting {src} ({reduction}) seed {} on [{}, {}] into {} from index {start}, every {}",
        a.seed,
        a.min,
        a.max,
        a.stream.stream,
        humantime::format_duration(a.every)
    );
    let mut i = 0u64;
    let mut repeated = 0u64;
    while a.count.is_none_or(|c| i < c) {
        let Some(value) = draw() else {
            return Err(ProducerError::BadInput(format!(
                "{src}: the generator ran dry"
            )));
        };
        let d = Draw {
            index: start + i,
            value,
            ts_ms: now_ms(),
        };
        if store::append_draw(&q, &a.stream.stream, &d)? == Appended::Repeated {
            repeated += 1;
        }
        i += 1;
        if a.count.is_none_or(|c| i < c) {
            std::thread::sleep(a.every);
        }
    }
    println!(
        "stream {}: injected {} draws, indices {start}..{}, repeated {repeated}",
        a.stream.stream,
        i,
        start + i
    );
    Ok(ExitCode::SUCCESS)
}
