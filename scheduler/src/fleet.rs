//! The fleet side of the scheduler: `submit --redis` (enqueue, follow, report),
//! `status`, `result` and `cancel`. While it follows a job the scheduler also
//! runs the janitor, so expired leases are reclaimed even when every worker is
//! gone.

use crate::cli::{CancelArgs, FleetArgs, PurgeArgs, ResultArgs, StatusArgs, SubmitArgs};
use crate::live::{human_duration, si_rate};
use crate::progress::RateMeter;
use crate::submit::print_report;
use crate::{SchedulerError, EXIT_INTERRUPTED, EXIT_PENDING};
use indicatif::ProgressBar;
use seedsieve_core::engine::{default_shard_cost, finish, EngineError};
use seedsieve_core::follow::{follow, Control, FollowHooks, FollowOptions, Followed};
use seedsieve_core::job::{JobId, WorkerId};
use seedsieve_core::plan::Planned;
use seedsieve_core::queue::QueueError;
use seedsieve_core::redis::{
    ca_from_file, now_ms, redact_url, url_from_flags, JobProgress, JobRecord, JobStatus,
    RedisConfig, RedisQueue, SubmitSettings,
};
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Shards made at least, on a fleet (whose size the scheduler does not know).
pub const FLEET_MIN_SHARDS: u64 = 64;

/// The fleet's Redis URL: `--redis` (`SEEDSIEVE_REDIS`) or the one line of
/// `--redis-file` (`SEEDSIEVE_REDIS_FILE`); `None` when neither is given.
///
/// # Errors
/// [`SchedulerError::Queue`] (`BadUrl`, exit 2) when both are given or the
/// file is unusable.
pub fn redis_url(f: &FleetArgs) -> Result<Option<String>, SchedulerError> {
    Ok(url_from_flags(f.redis.as_deref(), f.redis_file.as_deref())?)
}

pub(crate) fn queue(f: &FleetArgs) -> Result<RedisQueue, SchedulerError> {
    let Some(url) = redis_url(f)? else {
        return Err(SchedulerError::BadInput(
            "--redis URL or --redis-file PATH (or SEEDSIEVE_REDIS, SEEDSIEVE_REDIS_FILE) is required: this command reads the fleet's queue"
                .into(),
        ));
    };
    queue_at(f, &url)
}

pub(crate) fn queue_at(f: &FleetArgs, url: &str) -> Result<RedisQueue, SchedulerError> {
    Ok(RedisQueue::new(RedisConfig {
        url: url.to_string(),
        root: f.prefix.clone(),
        lease: Duration::from_millis(f.lease_ms.max(100)),
        tls_ca: f.redis_ca.as_deref().map(ca_from_file).transpose()?,
    })?)
}

fn parse_job(s: &str) -> Result<JobId, SchedulerError> {
    s.trim()
        .parse()
        .map(JobId)
        .map_err(|e| SchedulerError::BadInput(format!("job id {s:?}: {e}")))
}

fn load(q: &RedisQueue, id: JobId) -> Result<JobRecord, SchedulerError> {
    q.job(id)?.ok_or_else(|| {
        SchedulerError::BadInput(format!(
            "no job {id} under prefix {} (check --prefix and --redis)",
            q.keys().base()
        ))
    })
}

/// `scheduler submit --redis URL`: records the job, enqueues its shards, and
/// unless `--detach` follows it to the end and prints the same report as the
/// embedded mode.
pub fn submit(
    args: &SubmitArgs,
    url: &str,
    planned: &Planned,
    bar: &ProgressBar,
) -> Result<ExitCode, SchedulerError> {
    let q = queue_at(&args.fleet, url)?;
    let shards = planned.spec.shards(
        default_shard_cost(),
        args.shards.unwrap_or(FLEET_MIN_SHARDS),
    );
    let id = planned.spec.id;
    let n = shards.len();
    q.submit_with(
        planned,
        shards,
        SubmitSettings {
            max_attempts: args.max_attempts,
            retention: (!args.retention.is_zero()).then_some(args.retention),
        },
    )?;
    if args.detach {
        bar.finish_and_clear();
        println!("{id}");
        return Ok(ExitCode::SUCCESS);
    }
    if !args.quiet {
        eprintln!("job {id}: {n} shards queued on {}", redact_url(url));
    }
    let timeout = args.timeout.map(Duration::from);
    let on_interrupt = if args.cancel_on_interrupt {
        OnInterrupt::Cancel
    } else {
        OnInterrupt::KeepRunning
    };
    match follow_job(&q, id, args.quiet, timeout, url, bar, on_interrupt)? {
        Ok(rec) => report(&q, &rec, args.json),
        Err(code) => Ok(code),
    }
}

/// `submit --redis`'s side of [`follow`]: the progress bar, a line when
/// Redis stops answering, and Ctrl-C (SIGINT or SIGTERM) ends the wait.
struct SubmitFollow<'a> {
    bar: &'a ProgressBar,
    interrupted: Arc<AtomicBool>,
    quiet: bool,
    url: &'a str,
    timeout: Option<Duration>,
    meter: RateMeter,
    total: u64,
}

impl FollowHooks for SubmitFollow<'_> {
    type Error = SchedulerError;

    fn tick(&mut self, _: &RedisQueue) -> Result<Control, SchedulerError> {
        Ok(if self.interrupted.load(Ordering::Relaxed) {
            Control::Stop
        } else {
            Control::Continue
        })
    }

    fn progress(&mut self, p: &JobProgress) {
        if self.bar.is_hidden() {
            return;
        }
        // Partial progress counts: a rate from the first renewal, not the
        // first finished shard.
        let done = p.seeds_swept();
        self.bar.set_position(done);
        let tail = format!("shards {}/{}", p.done, p.shards);
        self.bar
            .set_message(self.meter.message(done, self.total, &tail));
    }

    fn unavailable(&mut self, e: &QueueError) {
        if self.quiet {
            return;
        }
        let limit = match self.timeout {
            Some(t) => format!("for at most {} (--timeout)", humantime::format_duration(t)),
            None => "until it answers (--timeout limits the wait)".into(),
        };
        self.bar.suspend(|| {
            eprintln!(
                "waiting for Redis at {} ({e}), {limit}; the job's state is kept there",
                redact_url(self.url)
            )
        });
    }

    fn back(&mut self, down: Duration) {
        if !self.quiet {
            self.bar
                .suspend(|| eprintln!("Redis is back after {:.1} s", down.as_secs_f64()));
        }
    }
}

/// Follows job `id` until it settles (see [`follow`]), showing its progress
/// on `bar` (SI rate, ETA); Ctrl-C stops the wait and says how to cancel the
/// job, which keeps running (`Err(130)`); Redis unreachable longer than
/// `timeout` gives up.
pub(crate) fn follow_job(
    q: &RedisQueue,
    id: JobId,
    quiet: bool,
    timeout: Option<Duration>,
    url: &str,
    bar: &ProgressBar,
    on_interrupt: OnInterrupt,
) -> Result<Result<JobRecord, ExitCode>, SchedulerError> {
    if !bar.is_hidden() {
        crate::progress::style(bar);
    }
    let interrupted = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // A second Ctrl-C exits at once.
        signal_hook::flag::register_conditional_shutdown(
            sig,
            EXIT_INTERRUPTED.into(),
            Arc::clone(&interrupted),
        )?;
        signal_hook::flag::register(sig, Arc::clone(&interrupted))?;
    }
    let me = WorkerId(format!(
        "scheduler-{}",
        seedsieve_core::fleet::consumer_name().0
    ));
    let opts = FollowOptions {
        poll: Duration::from_millis(200),
        down_timeout: timeout,
    };
    let mut hooks = SubmitFollow {
        bar,
        interrupted,
        quiet,
        url,
        timeout: opts.down_timeout,
        meter: RateMeter::default(),
        total: bar.length().unwrap_or(0),
    };
    match follow(q, id, &me, &opts, &mut hooks)? {
        Followed::Over(rec) => {
            bar.finish_and_clear();
            Ok(Ok(*rec))
        }
        Followed::Disappeared => Err(SchedulerError::Queue(QueueError::Backend(format!(
            "job {id} disappeared from the queue"
        )))),
        Followed::Stopped => {
            bar.finish_and_clear();
            match on_interrupt {
                OnInterrupt::Cancel => {
                    q.cancel(id)?;
                    eprintln!(
                        "interrupted: job {id} cancelled (--cancel-on-interrupt): waiting shards are dropped, leased ones at their next renewal"
                    );
                }
                OnInterrupt::KeepRunning => eprintln!(
                    "interrupted: job {id} keeps running on the fleet; see `scheduler status {id}`, \
                     stop it with `scheduler cancel {id}`, or read it later with `scheduler result {id}` \
                     (same --redis and --prefix)"
                ),
            }
            Ok(Err(ExitCode::from(EXIT_INTERRUPTED)))
        }
        Followed::Unreachable(e) => {
            bar.finish_and_clear();
            eprintln!(
                "gave up waiting for Redis after {}: job {id} may still run; \
                 see `scheduler status {id}`, stop it with `scheduler cancel {id}`",
                humantime::format_duration(opts.down_timeout.unwrap_or_default())
            );
            Err(e.into())
        }
    }
}

/// What Ctrl-C does to a followed fleet job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OnInterrupt {
    /// The job goes on; the message says how to see, cancel or read it.
    KeepRunning,
    /// The job is cancelled (`submit --cancel-on-interrupt`).
    Cancel,
}

/// Turns a settled job into the report, or the error that explains why not.
fn report(q: &RedisQueue, rec: &JobRecord, json: bool) -> Result<ExitCode, SchedulerError> {
    if rec.status == JobStatus::Cancelled {
        return Err(SchedulerError::Cancelled(rec.id.to_string()));
    }
    if rec.dead > 0 {
        return Err(EngineError::ShardsFailed(q.dead_reasons(rec.id)?).into());
    }
    let results = q.results(rec.id)?;
    let report = finish(&rec.planned, &results, rec.elapsed_s())?;
    let w = &rec.planned.spec.window;
    print_report(&report, json, w.min, w.min + w.n() as i64 - 1)
}

/// `scheduler result JOB`: the report of a settled job (exit 4 while it runs).
pub fn result(args: &ResultArgs) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    let rec = load(&q, parse_job(&args.job)?)?;
    if !rec.is_over() {
        eprintln!(
            "job {} is {}: {} of {} shards done",
            rec.id, rec.status, rec.done, rec.shards
        );
        return Ok(ExitCode::from(EXIT_PENDING));
    }
    report(&q, &rec, args.json)
}

/// `scheduler cancel JOB`.
pub fn cancel(args: &CancelArgs) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    let id = parse_job(&args.job)?;
    let rec = load(&q, id)?;
    if rec.finished_ms.is_some() {
        println!("job {id} already {}", rec.status);
        return Ok(ExitCode::SUCCESS);
    }
    q.cancel(id)?;
    println!("job {id} cancelled: waiting shards are dropped at claim, leased ones at their next renewal");
    Ok(ExitCode::SUCCESS)
}

/// `scheduler purge`: deletes settled jobs older than `--older-than` and ids
/// whose record expired (retention); prints what it deleted.
pub fn purge(args: &PurgeArgs) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    let rep = q.purge(args.older_than, args.dry_run)?;
    if args.json {
        let mut out = std::io::stdout().lock();
        let doc = PurgeDoc {
            schema: seedsieve_core::schema::PURGE,
            report: &rep,
        };
        serde_json::to_writer(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let verb = if args.dry_run {
        "would delete"
    } else {
        "deleted"
    };
    for id in &rep.jobs {
        println!("{verb} job {id}");
    }
    println!(
        "{verb} {} settled job(s) and {} expired id(s); {} running job(s) kept",
        rep.jobs.len(),
        rep.expired,
        rep.running
    );
    Ok(ExitCode::SUCCESS)
}

/// `scheduler purge --json` (schema [`seedsieve_core::schema::PURGE`],
/// docs/schema/purge.schema.json).
#[derive(serde::Serialize)]
struct PurgeDoc<'a> {
    schema: seedsieve_core::schema::Schema,
    #[serde(flatten)]
    report: &'a seedsieve_core::redis::PurgeReport,
}

/// `scheduler status JOB --json` (schema [`seedsieve_core::schema::JOB_STATUS`],
/// docs/schema/job_status.schema.json): the job as [`JobView`].
#[derive(serde::Serialize)]
struct JobStatusDoc<'a> {
    schema: seedsieve_core::schema::Schema,
    #[serde(flatten)]
    job: &'a JobView,
}

/// `scheduler status --json` without a job (schema
/// [`seedsieve_core::schema::QUEUE_STATUS`], docs/schema/queue_status.schema.json):
/// the queue's key prefix, its streams, the latest jobs and the workers seen.
#[derive(serde::Serialize)]
struct QueueStatusDoc<'a> {
    schema: seedsieve_core::schema::Schema,
    prefix: &'a str,
    streams: &'a [seedsieve_core::redis::StreamStatus],
    jobs: &'a [JobView],
    workers: Vec<WorkerSeen<'a>>,
}

/// A worker (stream consumer) and when it was last seen, ms since the epoch.
#[derive(serde::Serialize)]
struct WorkerSeen<'a> {
    consumer: &'a str,
    last_seen_ms: u64,
}

/// One job as `scheduler status` shows it: the record and derived counts.
/// Seeds swept count the partial progress of the shards being swept
/// ([`JobRecord::seeds_swept`]), so a job has a rate from its first lease
/// renewal.
#[derive(serde::Serialize)]
struct JobView {
    #[serde(flatten)]
    record: JobRecord,
    pending: u64,
    leased: u64,
    /// Seeds swept, partial progress included (at most seeds_total).
    seeds_swept: u64,
    /// Percent of seeds_total swept, one decimal.
    percent_done: f64,
    /// Seeds swept per second of the job's life.
    seeds_per_s: f64,
    /// Seconds left at that rate; null before any seed or once over.
    eta_s: Option<f64>,
    elapsed_s: f64,
}

fn job_status(q: &RedisQueue, rec: JobRecord) -> Result<JobView, SchedulerError> {
    let leased = if rec.is_over() { 0 } else { q.leased(rec.id)? };
    let settled = rec.done + rec.dead + rec.cancelled_shards;
    let elapsed_s = rec.elapsed_s();
    let swept = rec.seeds_swept();
    Ok(JobView {
        pending: rec.shards.saturating_sub(settled + leased),
        leased,
        seeds_swept: swept,
        percent_done: crate::progress::percent(swept, rec.seeds_total),
        seeds_per_s: if elapsed_s > 0.0 {
            swept as f64 / elapsed_s
        } else {
            0.0
        },
        eta_s: if rec.is_over() {
            None
        } else {
            crate::progress::eta_s(swept, rec.seeds_total, elapsed_s)
        },
        elapsed_s,
        record: rec,
    })
}

/// `scheduler status [JOB]`.
pub fn status(args: &StatusArgs) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    let now = now_ms();
    let workers: Vec<(String, u64)> = q.workers_seen()?;
    let mut out = std::io::stdout().lock();
    if let Some(job) = &args.job {
        let st = job_status(&q, load(&q, parse_job(job)?)?)?;
        if args.json {
            let doc = JobStatusDoc {
                schema: seedsieve_core::schema::JOB_STATUS,
                job: &st,
            };
            serde_json::to_writer(&mut out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            write_job(&mut out, &st)?;
            write_workers(&mut out, &workers, now)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let streams = q.streams()?;
    let mut jobs = Vec::new();
    for id in q.jobs(10)? {
        if let Some(rec) = q.job(id)? {
            jobs.push(job_status(&q, rec)?);
        }
    }
    if args.json {
        let doc = QueueStatusDoc {
            schema: seedsieve_core::schema::QUEUE_STATUS,
            prefix: q.keys().base(),
            streams: &streams,
            jobs: &jobs,
            workers: workers
                .iter()
                .map(|(consumer, last_seen_ms)| WorkerSeen {
                    consumer,
                    last_seen_ms: *last_seen_ms,
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "queue {}", q.keys().base())?;
    for s in &streams {
        writeln!(
            out,
            "  {:<28} length {:>6}  leased {:>6}  delayed {:>6}",
            s.stream, s.length, s.pending, s.delayed
        )?;
    }
    write_workers(&mut out, &workers, now)?;
    if jobs.is_empty() {
        writeln!(out, "no jobs")?;
    }
    for st in &jobs {
        write_job(&mut out, st)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_job(out: &mut impl Write, st: &JobView) -> std::io::Result<()> {
    let r = &st.record;
    writeln!(out, "job {}  {}", r.id, r.status)?;
    writeln!(
        out,
        "  shards {}: pending {}, leased {}, done {}, dead {}, cancelled {}; retried {}, duplicates {}, stale {}",
        r.shards, st.pending, st.leased, r.done, r.dead, r.cancelled_shards, r.retried, r.duplicates, r.stale
    )?;
    writeln!(
        out,
        "  seeds {} of {} ({:.1}%; {} in shards being swept), {} over {}{}",
        st.seeds_swept,
        r.seeds_total,
        st.percent_done,
        r.seeds_partial,
        si_rate(st.seeds_per_s, "seeds/s"),
        human_duration(st.elapsed_s),
        st.eta_s
            .map(|e| format!(", ETA {}", human_duration(e)))
            .unwrap_or_default()
    )?;
    if let Some(e) = &r.last_error {
        writeln!(out, "  last error: {e}")?;
    }
    Ok(())
}

fn write_workers(out: &mut impl Write, w: &[(String, u64)], now: u64) -> std::io::Result<()> {
    if w.is_empty() {
        return writeln!(out, "workers seen: none");
    }
    writeln!(out, "workers seen:")?;
    for (name, t) in w {
        writeln!(
            out,
            "  {name:<40} {:.1} s ago",
            now.saturating_sub(*t) as f64 / 1e3
        )?;
    }
    Ok(())
}
