//! The feedback loop's commands: `watch-session`, the `watch` daemon and its
//! controls (`--status`, `--stop`, `explain`, `approve`, `halt`, `resume`).
//!
//! The daemon runs two roles with separate authority in one loop:
//!
//! - the feedback loop ([`seedsieve_core::feedback::step`]) steps every
//!   session: scores new draws, retires survivors, evaluates triggers, asks
//!   the advisor, runs acceptance and raises requests;
//! - the watcher consumes the requests stream in the `watchers` group with
//!   lease and ack, approves per route (never a `human` one), dispatches the
//!   work to the fleet as an ordinary job, follows it (renewing its lease and
//!   running the janitor), and archives the outcome with `approved_by`.
//!
//! The loop is [`seedsieve_core::feedback::watcher`]; the process side
//! (PID file lock, signals, state file, audit mirror, webhook) is
//! [`crate::daemon`]. This module parses and renders.

use crate::cli::SessionCreateArgs;
use crate::cli::{ApproveBody, FleetArgs, SessionAction, WatchAction, WatchArgs, WatchSessionArgs};
use crate::daemon::{self, state_path, Probe, WatchState};
use crate::fleet::queue;
use crate::live::human_duration;
use crate::progress::RateMeter;
use crate::submit::{parse_seed_range, parse_sources};
use crate::SchedulerError;
use seedsieve_core::engine::{default_shard_cost, finish, EngineError};
use seedsieve_core::feedback::session::SessionConfig;
use seedsieve_core::feedback::session::SessionState;
use seedsieve_core::feedback::step::{plan_session, save_new_session, sweep_session};
use seedsieve_core::feedback::store::{self, AuditEvent, AuditKind};
use seedsieve_core::feedback::RequestId;
use seedsieve_core::job::JobId;
use seedsieve_core::redis::JobStatus;
use seedsieve_core::redis::RedisQueue;
use seedsieve_core::report::Report;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `println!` that returns a write error (a closed pipe) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {
        writeln!(std::io::stdout().lock(), $($t)*)?
    };
}

fn parse_request(s: &str) -> Result<RequestId, SchedulerError> {
    s.parse().map_err(SchedulerError::BadInput)
}

/// `watch-session create`'s main job: plans it, says what it will sweep and
/// about how long it takes (stderr), then runs it embedded with a progress
/// bar (a terminal only) or, with `--fleet`, on the workers as an ordinary
/// job followed to its end; saves the session with its survivors.
fn create(
    q: &RedisQueue,
    f: &FleetArgs,
    c: &SessionCreateArgs,
    config: SessionConfig,
) -> Result<Result<(SessionState, Report), ExitCode>, SchedulerError> {
    let start = plan_session(q, config, JobId::new())?;
    let workers = c
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let summary = start.planned.summary(workers);
    let total = start.planned.spec.seeds_total();
    eprintln!(
        "session {}: first sieve on draws {}..{} of stream {}: {} source(s), {} seeds, window {} draws; \
         expected false candidates {:.2e}",
        start.config.name,
        start.first,
        start.first + start.draws as u64,
        start.config.stream,
        summary.rows.iter().map(|r| r.sources.len()).sum::<usize>(),
        total,
        summary.window_draws,
        summary.expected_false_candidates
    );
    let bar = crate::progress::bar(true, total);
    let report = if c.fleet {
        let url = crate::fleet::redis_url(f)?.unwrap_or_default();
        let id = start.planned.spec.id;
        let shards = start
            .planned
            .spec
            .shards(default_shard_cost(), crate::fleet::FLEET_MIN_SHARDS);
        eprintln!(
            "on the fleet: job {id}, {} shards (about {} on {workers} CPU thread(s); the workers decide); \
             `scheduler status {id}` shows it",
            shards.len(),
            human_duration(summary.estimate_s)
        );
        q.submit(&start.planned, shards, c.max_attempts)?;
        let rec = match crate::fleet::follow_job(
            q,
            id,
            false,
            None,
            &url,
            &bar,
            crate::fleet::OnInterrupt::KeepRunning,
        )? {
            Ok(rec) => rec,
            Err(code) => {
                eprintln!(
                    "session {} not created: run `scheduler watch-session create` again once job {id} is over",
                    start.config.name
                );
                return Ok(Err(code));
            }
        };
        if rec.status == JobStatus::Cancelled {
            return Err(SchedulerError::Cancelled(id.to_string()));
        }
        if rec.dead > 0 {
            return Err(EngineError::ShardsFailed(q.dead_reasons(id)?).into());
        }
        finish(&rec.planned, &q.results(id)?, rec.elapsed_s())?
    } else {
        eprintln!(
            "embedded: about {} on {workers} CPU thread(s) here; --fleet runs it on the workers",
            human_duration(summary.estimate_s)
        );
        let meter = Mutex::new((RateMeter::default(), 0u64));
        let report = sweep_session(&start, workers, &|n| {
            if bar.is_hidden() {
                return;
            }
            // The meter is a few numbers: poison leaves it usable.
            let mut m = meter.lock().unwrap_or_else(|p| p.into_inner());
            m.1 += n;
            let done = m.1;
            bar.set_position(done);
            bar.set_message(m.0.message(done, total, ""));
        })?;
        bar.finish_and_clear();
        report
    };
    let s = save_new_session(q, &start, &report, &operator())?;
    Ok(Ok((s, report)))
}

/// `scheduler watch-session ...`.
pub fn session(args: &WatchSessionArgs) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    match &args.action {
        SessionAction::Create(c) => {
            if c.min > c.max {
                return Err(SchedulerError::BadInput(format!(
                    "--min {} is greater than --max {}",
                    c.min, c.max
                )));
            }
            let config = SessionConfig {
                name: c.name.clone().unwrap_or_else(|| c.stream.clone()),
                stream: c.stream.clone(),
                min: c.min,
                max: c.max,
                sources: parse_sources(&c.prng)?,
                seed_range: c.seed_range.as_deref().map(parse_seed_range).transpose()?,
                max_offset: c.max_offset,
                max_skip: c.max_skip,
            };
            let (s, report) = match create(&q, &args.fleet, c, config)? {
                Ok(x) => x,
                Err(code) => return Ok(code),
            };
            out!(
                "session {}: stream {}, draws {}..{} sieved: {} ({} survivor(s), {} seeds in {:.2} s)",
                s.config.name,
                s.config.stream,
                s.survivors.first().map_or(s.exhausted_at.unwrap_or(0), |h| h.anchor),
                s.cursor,
                report.verdict.as_str(),
                s.survivors.len(),
                report.searched.seeds_tried,
                report.searched.elapsed_s
            );
            for h in s.survivors.iter().take(10) {
                out!(
                    "  {} {} seed {} offset {} skip {}",
                    h.prng,
                    h.reduction,
                    h.seed,
                    h.offset,
                    h.skip
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        SessionAction::Show { name, points, json } => show(&q, name, *points, *json),
        SessionAction::List => {
            for name in store::sessions(&q)? {
                match store::load_session(&q, &name) {
                    Ok(s) => out!(
                        "{name}: stream {}, cursor {}, survivors {}, scored {}, hit@1 {:.3}, p {:.3e}{}",
                        s.config.stream,
                        s.cursor,
                        s.survivors.len(),
                        s.scored,
                        s.hit1_rate(),
                        s.p_value(),
                        s.open_request.map(|r| format!(", open request {r}")).unwrap_or_default()
                    ),
                    Err(e) => out!("{name}: {e}"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `scheduler watch-session show NAME --json` (schema
/// [`seedsieve_core::schema::WATCH_SESSION`], docs/schema/watch_session.schema.json):
/// the session as stored, its scores, the prediction pool and the last points.
#[derive(serde::Serialize)]
struct WatchSessionDoc<'a, S: serde::Serialize, P: serde::Serialize> {
    schema: seedsieve_core::schema::Schema,
    /// The session as stored.
    session: &'a S,
    /// Share of scored draws the top prediction hit.
    hit1_rate: f64,
    /// Share of scored draws one of the top k predictions hit.
    hitk_rate: f64,
    /// Mean log loss of the predictions over scored draws (nats).
    mean_log_loss: f64,
    /// The log loss of a uniform guess, ln n.
    baseline_log_loss: f64,
    /// The probability of the hits by chance.
    p_value: f64,
    /// Per next index, the predicted values and their shares.
    pool: Vec<serde_json::Value>,
    /// The last points of the time series.
    points: &'a P,
}

fn show(q: &RedisQueue, name: &str, n: usize, as_json: bool) -> Result<ExitCode, SchedulerError> {
    let s = store::load_session(q, name)?;
    let pts = store::points(q, name, n)?;
    let pool = s.pool(5);
    if as_json {
        let v = WatchSessionDoc {
            schema: seedsieve_core::schema::WATCH_SESSION,
            hit1_rate: s.hit1_rate(),
            hitk_rate: if s.scored == 0 {
                0.0
            } else {
                s.hitk as f64 / s.scored as f64
            },
            mean_log_loss: if s.scored == 0 {
                0.0
            } else {
                s.log_loss_sum / s.scored as f64
            },
            baseline_log_loss: (s.config.n() as f64).ln(),
            p_value: s.p_value(),
            pool: pool
                .iter()
                .map(|(i, v)| json!({"index": i, "values": v.iter().map(|(x, p)| json!({"value": x, "share": p})).collect::<Vec<_>>()}))
                .collect(),
            points: &pts,
            session: &s,
        };
        let v = serde_json::to_string(&v).map_err(std::io::Error::from)?;
        out!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    let c = &s.config;
    out!(
        "session {}: stream {}, range [{}, {}], next index {}",
        c.name,
        c.stream,
        c.min,
        c.max,
        s.cursor
    );
    let k = if s.scored == 0 {
        0.0
    } else {
        s.hitk as f64 / s.scored as f64
    };
    out!(
        "  scored {}: hit@1 {}/{} ({:.3}), hit@k {:.3}, mean log-loss {:.4} nats (uniform {:.4}), p-value vs uniform {:.3e}",
        s.scored,
        s.hits1,
        s.scored,
        s.hit1_rate(),
        k,
        if s.scored == 0 { 0.0 } else { s.log_loss_sum / s.scored as f64 },
        (c.n() as f64).ln(),
        s.p_value()
    );
    out!(
        "  survivors {} (retired {}){}{}",
        s.survivors.len(),
        s.retired,
        s.exhausted_at
            .map(|e| format!(", exhausted at index {e}"))
            .unwrap_or_default(),
        s.open_request
            .map(|r| format!(", open request {r}"))
            .unwrap_or_default()
    );
    if let Some(a) = &s.assessment {
        out!(
            "  assessment of {} draws from index {}: {}",
            a.draws,
            a.from_index,
            a.verdict_line
        );
    }
    for h in s.survivors.iter().take(10) {
        out!(
            "    {} {} seed {} offset {} skip {} anchor {} misses {}",
            h.prng,
            h.reduction,
            h.seed,
            h.offset,
            h.skip,
            h.anchor,
            h.misses
        );
    }
    for (i, v) in &pool {
        let vals: Vec<String> = v
            .iter()
            .take(3)
            .map(|(x, p)| format!("{x} ({:.0}%)", p * 100.0))
            .collect();
        if !vals.is_empty() {
            out!("  predict index {i}: {}", vals.join(", "));
        }
    }
    if !pts.is_empty() {
        out!(
            "  last {} points: index value predicted hit@1 log-loss survivors p-value",
            pts.len()
        );
        for p in &pts {
            out!(
                "    {:>6} {:>8} {:>9} {:>5} {:>8.4} {:>5} {:.3e}",
                p.index,
                p.value,
                p.predicted.map_or("-".into(), |v| v.to_string()),
                p.hit1,
                p.log_loss,
                p.survivors,
                p.p_value
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn operator() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "operator".into())
}

/// `scheduler approve ID` / `scheduler watch approve ID`.
pub fn approve(f: &FleetArgs, b: &ApproveBody) -> Result<ExitCode, SchedulerError> {
    let q = queue(f)?;
    let id = parse_request(&b.id)?;
    let by = b.by.trim();
    if by.is_empty() || by == "watcher" {
        return Err(SchedulerError::BadInput(format!(
            "--by {by:?}: name the operator (\"watcher\" is the daemon's own name)"
        )));
    }
    let rec = store::record(&q, id)?;
    if !rec.status.approvable() {
        return Err(SchedulerError::BadInput(format!(
            "request {id} is {}{}: nothing to approve",
            rec.status,
            rec.approved_by
                .map(|a| format!(" (approved by {a})"))
                .unwrap_or_default()
        )));
    }
    store::enqueue_approval(&q, id, by)?;
    out!("request {id}: approval by {by} queued; a watcher dispatches it");
    Ok(ExitCode::SUCCESS)
}

/// `scheduler watch ...`.
pub fn watch(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    if args.status {
        return status(args);
    }
    if args.stop {
        return stop(args);
    }
    match &args.action {
        Some(WatchAction::Explain { id }) => explain(args, parse_request(id)?),
        Some(WatchAction::Approve(b)) => approve(&args.fleet, b),
        Some(WatchAction::Halt { reason }) => {
            let q = queue(&args.fleet)?;
            store::halt(&q, reason)?;
            store::audit(
                &q,
                &AuditEvent::new(
                    AuditKind::Halt,
                    &operator(),
                    None,
                    None,
                    json!({"reason": reason}),
                ),
            )?;
            out!("halted: no new dispatch until `scheduler watch resume`");
            Ok(ExitCode::SUCCESS)
        }
        Some(WatchAction::Resume) => {
            let q = queue(&args.fleet)?;
            let was = store::halted(&q)?;
            if store::resume(&q)? {
                store::audit(
                    &q,
                    &AuditEvent::new(
                        AuditKind::Resume,
                        &operator(),
                        None,
                        None,
                        json!({"was": was}),
                    ),
                )?;
                out!("resumed");
            } else {
                out!("not halted");
            }
            Ok(ExitCode::SUCCESS)
        }
        None => daemon::run(args),
    }
}

/// `scheduler watch --status --json` (schema
/// [`seedsieve_core::schema::WATCH_STATUS`], docs/schema/watch_status.schema.json).
#[derive(serde::Serialize)]
struct WatchStatusDoc<'a, P: serde::Serialize, S: serde::Serialize> {
    schema: seedsieve_core::schema::Schema,
    /// Whether a watcher process runs in the directory.
    running: bool,
    /// Its PID (from the PID file); null without one.
    pid: P,
    /// The state file; null when there is none.
    state: &'a S,
}

/// `scheduler watch explain N --json` (schema
/// [`seedsieve_core::schema::WATCH_EXPLAIN`], docs/schema/watch_explain.schema.json).
#[derive(serde::Serialize)]
struct WatchExplainDoc<'a, R: serde::Serialize, E: serde::Serialize> {
    schema: seedsieve_core::schema::Schema,
    /// The request's record.
    record: &'a R,
    /// The audit events of the request (the trigger and proposal before it first).
    events: &'a E,
}

fn status(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    let st: Option<WatchState> = std::fs::read(state_path(&args.dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let probe = daemon::probe(&args.dir)?;
    let (running, pid) = match probe {
        Probe::Running(p) => (true, p),
        Probe::Stale(p) => (false, p),
        Probe::None => (false, None),
    };
    if args.json {
        let doc = WatchStatusDoc {
            schema: seedsieve_core::schema::WATCH_STATUS,
            running,
            pid,
            state: &st,
        };
        out!(
            "{}",
            serde_json::to_string(&doc).map_err(std::io::Error::from)?
        );
    } else {
        match (&st, running) {
            (Some(s), true) => out!(
                "watcher running: pid {}, consumer {}, prefix {}, up {:.1} s, {} cycles, {} requests settled, last request {}, holding {}{}",
                s.pid,
                s.consumer,
                s.prefix,
                s.uptime_s,
                s.stats.cycles,
                s.stats.settled,
                s.stats.last_request.map_or("none".into(), |r| r.to_string()),
                s.stats.holding.as_deref().unwrap_or("nothing"),
                s.stats.halted.as_ref().map(|h| format!(", HALTED: {h}")).unwrap_or_default()
            ),
            (_, true) => out!("watcher running: pid {}, no state file yet", pid.map_or("unknown".into(), |p| p.to_string())),
            (Some(s), false) => out!(
                "no watcher running in {} (last: pid {}, {}, {} cycles){}",
                args.dir.display(),
                s.pid,
                s.status.as_str(),
                s.stats.cycles,
                if matches!(probe, Probe::Stale(_)) { "; stale PID file" } else { "" }
            ),
            (None, false) => out!("no watcher running in {}", args.dir.display()),
        }
        if let Some(s) = &st {
            if let Some(e) = &s.stats.last_error {
                out!(
                    "  last error{}: {e}",
                    s.stats
                        .last_error_ms
                        .map(|t| format!(
                            " at {}",
                            humantime::format_rfc3339_millis(
                                std::time::UNIX_EPOCH + Duration::from_millis(t)
                            )
                        ))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(if running {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Signals the daemon that holds the PID file's lock, never a PID that a
/// stale file merely names.
fn stop(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    let pid = match daemon::probe(&args.dir)? {
        Probe::Running(Some(pid)) => pid,
        Probe::Running(None) => {
            return Err(SchedulerError::BadInput(format!(
                "a watcher is starting in {} (no PID written yet); try again",
                args.dir.display()
            )))
        }
        Probe::Stale(p) => {
            out!(
                "no watcher running in {}{}",
                args.dir.display(),
                p.map(|p| format!(" (stale PID file names pid {p}, not signalled)"))
                    .unwrap_or_default()
            );
            return Ok(ExitCode::from(1));
        }
        Probe::None => {
            out!("no watcher running in {}", args.dir.display());
            return Ok(ExitCode::from(1));
        }
    };
    let t = Instant::now();
    let p = rustix::process::Pid::from_raw(pid as i32)
        .ok_or_else(|| SchedulerError::BadInput(format!("bad pid {pid} in the PID file")))?;
    rustix::process::kill_process(p, rustix::process::Signal::TERM)
        .map_err(|e| SchedulerError::Output(std::io::Error::from(e)))?;
    // The lock is released when the daemon exits.
    let running = |dir: &Path| matches!(daemon::probe(dir), Ok(Probe::Running(_)));
    while running(&args.dir) && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    if running(&args.dir) {
        eprintln!(
            "watcher pid {pid} still runs {:.1} s after SIGTERM",
            t.elapsed().as_secs_f64()
        );
        return Ok(ExitCode::from(crate::EXIT_FAILED));
    }
    out!(
        "watcher pid {pid} stopped in {} ms",
        t.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every audit event of request `id`, with the trigger and proposal that
/// preceded its acceptance.
fn explain(args: &WatchArgs, id: RequestId) -> Result<ExitCode, SchedulerError> {
    let q = queue(&args.fleet)?;
    let rec = store::record(&q, id)?;
    let mut all = Vec::new();
    let mut cursor = "0-0".to_string();
    loop {
        let batch = store::audit_since(&q, &cursor, 1000)?;
        let Some(last) = batch.last() else { break };
        cursor = last.0.clone();
        all.extend(batch.into_iter().map(|(_, e)| e));
    }
    let mut events = Vec::new();
    if let Some(at) = all
        .iter()
        .position(|e| e.request == Some(id) && e.event == AuditKind::Accepted)
    {
        // The trigger and proposal just before, of the same session.
        let mut pre = Vec::new();
        for e in all[..at].iter().rev() {
            if e.session != Some(rec.request.session.clone()) {
                continue;
            }
            if !matches!(e.event, AuditKind::Trigger | AuditKind::Proposal) {
                break;
            }
            pre.push(e.clone());
        }
        pre.reverse();
        events.extend(pre);
    }
    events.extend(all.iter().filter(|e| e.request == Some(id)).cloned());
    if args.json {
        let doc = WatchExplainDoc {
            schema: seedsieve_core::schema::WATCH_EXPLAIN,
            record: &rec,
            events: &events,
        };
        out!(
            "{}",
            serde_json::to_string(&doc).map_err(std::io::Error::from)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let r = &rec.request;
    out!(
        "request {id}: {} for session {} ({}), route {}, status {}, approved_by {}",
        r.work.kind(),
        r.session,
        r.trigger,
        r.route.as_str(),
        rec.status,
        rec.approved_by.as_deref().unwrap_or("-")
    );
    out!(
        "  work: {}",
        serde_json::to_string(&r.work).map_err(std::io::Error::from)?
    );
    for why in &r.reasons {
        out!("  why: {why}");
    }
    if let Some(j) = rec.job {
        out!("  job: {j}");
    }
    if let Some(o) = &rec.outcome {
        out!(
            "  outcome: {} ({} found, {} seeds, {:.2} s){}",
            o.verdict,
            o.found.len(),
            o.seeds_tried,
            o.run_s,
            o.error
                .as_ref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        );
        for f in o.found.iter().take(5) {
            out!(
                "    {} {} seed {} offset {} skip {}",
                f.prng,
                f.reduction,
                f.seed,
                f.offset,
                f.skip
            );
        }
    }
    out!("  audit trail:");
    for e in &events {
        out!(
            "    {} {:<18} by {:<20} {}",
            humantime::format_rfc3339_millis(
                std::time::UNIX_EPOCH + Duration::from_millis(e.ts_ms)
            ),
            e.event,
            e.actor,
            e.detail
        );
    }
    Ok(ExitCode::SUCCESS)
}
