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
//! It also mirrors the audit stream into `DIR/audit.jsonl` and sends the
//! events worth a human's attention to the webhook (from a background thread
//! with a bounded queue: a slow or failing webhook never blocks the loop).
//! Files in `DIR`: `watch.pid` (stale PIDs are detected and replaced),
//! `watch.state.json` (written atomically: temp file, then rename),
//! `audit.jsonl`.

use crate::cli::{ApproveBody, FleetArgs, SessionAction, WatchAction, WatchArgs, WatchSessionArgs};
use crate::fleet::{queue, FLEET_MIN_SHARDS};
use crate::submit::{parse_seed_range, parse_sources};
use crate::SchedulerError;
use seedsieve_core::engine::{default_shard_cost, finish};
use seedsieve_core::feedback::advisor::HeuristicAdvisor;
use seedsieve_core::feedback::policy::Policies;
use seedsieve_core::feedback::session::SessionConfig;
use seedsieve_core::feedback::step::{create_session, found_of, plan_sieve, step_session};
use seedsieve_core::feedback::store::{self, AuditEvent, Held, Message};
use seedsieve_core::feedback::{ApprovalRoute, FeedbackError, Outcome, RequestId, Work};
use seedsieve_core::job::{JobId, WorkerId};
use seedsieve_core::redis_queue::{now_ms, RedisQueue};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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
            let workers = c
                .workers
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let who = operator();
            let (s, report) = create_session(&q, config, workers, &who)?;
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

fn show(q: &RedisQueue, name: &str, n: usize, as_json: bool) -> Result<ExitCode, SchedulerError> {
    let s = store::load_session(q, name)?;
    let pts = store::points(q, name, n)?;
    let pool = s.pool(5);
    if as_json {
        let v = json!({
            "session": s,
            "hit1_rate": s.hit1_rate(),
            "hitk_rate": if s.scored == 0 { 0.0 } else { s.hitk as f64 / s.scored as f64 },
            "mean_log_loss": if s.scored == 0 { 0.0 } else { s.log_loss_sum / s.scored as f64 },
            "baseline_log_loss": (s.config.n() as f64).ln(),
            "p_value": s.p_value(),
            "pool": pool.iter().map(|(i, v)| json!({"index": i, "values": v.iter().map(|(x, p)| json!({"value": x, "share": p})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "points": pts,
        });
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
    if !matches!(rec.status.as_str(), "awaiting_approval" | "pending") {
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
                &AuditEvent::new("halt", &operator(), None, None, json!({"reason": reason})),
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
                    &AuditEvent::new("resume", &operator(), None, None, json!({"was": was})),
                )?;
                out!("resumed");
            } else {
                out!("not halted");
            }
            Ok(ExitCode::SUCCESS)
        }
        None => Daemon::start(args)?.run(),
    }
}

/// The daemon's state file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// `running` or `stopped`.
    pub status: String,
    /// Process id.
    pub pid: u32,
    /// Consumer name in the `watchers` group.
    pub consumer: String,
    /// Key prefix.
    pub prefix: String,
    /// Started, ms since the epoch.
    pub started_ms: u64,
    /// Written, ms since the epoch.
    pub updated_ms: u64,
    /// Seconds since start.
    pub uptime_s: f64,
    /// Loop cycles.
    pub cycles: u64,
    /// Requests settled by this process.
    pub settled: u64,
    /// The last request handled.
    pub last_request: Option<RequestId>,
    /// The request entry held now.
    pub holding: Option<String>,
    /// The halt in force.
    pub halted: Option<String>,
    /// Last audit entry mirrored into audit.jsonl.
    pub audit_cursor: String,
}

fn pid_path(dir: &Path) -> PathBuf {
    dir.join("watch.pid")
}
fn state_path(dir: &Path) -> PathBuf {
    dir.join("watch.state.json")
}

/// Whether process `pid` runs (a zombie does not).
fn alive(pid: u32) -> bool {
    let Some(p) = rustix::process::Pid::from_raw(pid as i32) else {
        return false;
    };
    match rustix::process::test_kill_process(p) {
        Ok(()) | Err(rustix::io::Errno::PERM) => {}
        Err(_) => return false,
    }
    // A zombie (state Z) has exited.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| r.trim_start().starts_with('Z'))
        })
        != Some(true)
}

fn read_pid(dir: &Path) -> Option<u32> {
    std::fs::read_to_string(pid_path(dir))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn write_atomic(path: &Path, body: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(body)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

fn status(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    let st: Option<WatchState> = std::fs::read(state_path(&args.dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let pid = read_pid(&args.dir);
    let running = pid.is_some_and(alive);
    if args.json {
        out!("{}", json!({"running": running, "pid": pid, "state": st}));
    } else {
        match (&st, running) {
            (Some(s), true) => out!(
                "watcher running: pid {}, consumer {}, prefix {}, up {:.1} s, {} cycles, {} requests settled, last request {}, holding {}{}",
                s.pid,
                s.consumer,
                s.prefix,
                s.uptime_s,
                s.cycles,
                s.settled,
                s.last_request.map_or("none".into(), |r| r.to_string()),
                s.holding.as_deref().unwrap_or("nothing"),
                s.halted.as_ref().map(|h| format!(", HALTED: {h}")).unwrap_or_default()
            ),
            (_, true) => out!("watcher running: pid {}, no state file yet", pid.unwrap_or(0)),
            (Some(s), false) => out!(
                "no watcher running in {} (last: pid {}, {}, {} cycles){}",
                args.dir.display(),
                s.pid,
                s.status,
                s.cycles,
                if pid.is_some() { "; stale PID file" } else { "" }
            ),
            (None, false) => out!("no watcher running in {}", args.dir.display()),
        }
    }
    Ok(if running {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn stop(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    let Some(pid) = read_pid(&args.dir).filter(|p| alive(*p)) else {
        out!("no watcher running in {}", args.dir.display());
        return Ok(ExitCode::from(1));
    };
    let t = Instant::now();
    let p = rustix::process::Pid::from_raw(pid as i32)
        .ok_or_else(|| SchedulerError::BadInput(format!("bad pid {pid} in the PID file")))?;
    rustix::process::kill_process(p, rustix::process::Signal::TERM)
        .map_err(|e| SchedulerError::Output(std::io::Error::from(e)))?;
    while alive(pid) && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    if alive(pid) {
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
        .position(|e| e.request == Some(id) && e.event == "accepted")
    {
        // The trigger and proposal just before, of the same session.
        let mut pre = Vec::new();
        for e in all[..at].iter().rev() {
            if e.session != Some(rec.request.session.clone()) {
                continue;
            }
            if !matches!(e.event.as_str(), "trigger" | "proposal") {
                break;
            }
            pre.push(e.clone());
        }
        pre.reverse();
        events.extend(pre);
    }
    events.extend(all.iter().filter(|e| e.request == Some(id)).cloned());
    if args.json {
        out!("{}", json!({"record": rec, "events": events}));
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
        serde_json::to_string(&r.work).unwrap_or_default()
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
            serde_json::to_string(&e.detail).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Removes the PID file when the daemon ends (if it still names us).
struct PidGuard(PathBuf);

impl Drop for PidGuard {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            == Some(std::process::id());
        if ours {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

fn acquire_pid(dir: &Path) -> Result<PidGuard, SchedulerError> {
    std::fs::create_dir_all(dir)?;
    let path = pid_path(dir);
    if let Some(pid) = read_pid(dir) {
        if pid != std::process::id() && alive(pid) {
            return Err(SchedulerError::BadInput(format!(
                "a watcher already runs with pid {pid} ({}); stop it with `scheduler watch --stop --dir {}`",
                path.display(),
                dir.display()
            )));
        }
        tracing::warn!(
            "stale PID file {} (pid {pid} is gone): replaced",
            path.display()
        );
    }
    write_atomic(&path, format!("{}\n", std::process::id()).as_bytes())?;
    Ok(PidGuard(path))
}

/// Sends JSON events to a webhook from a background thread; a full queue
/// drops the event (logged), a failing POST is logged: the loop never waits.
struct Notifier {
    tx: Option<std::sync::mpsc::SyncSender<serde_json::Value>>,
}

impl Notifier {
    fn new(url: Option<String>) -> Self {
        let Some(url) = url else {
            return Notifier { tx: None };
        };
        let (tx, rx) = std::sync::mpsc::sync_channel::<serde_json::Value>(64);
        std::thread::spawn(move || {
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(2))
                .build();
            for ev in rx {
                if let Err(e) = agent
                    .post(&url)
                    .set("content-type", "application/json")
                    .send_string(&ev.to_string())
                {
                    tracing::warn!("webhook {url}: {e}");
                }
            }
        });
        Notifier { tx: Some(tx) }
    }

    fn send(&self, ev: serde_json::Value) {
        if let Some(tx) = &self.tx {
            if tx.try_send(ev).is_err() {
                tracing::warn!("webhook queue full: event dropped");
            }
        }
    }
}

enum Flow {
    Done,
    Stopped,
}

struct Daemon {
    q: RedisQueue,
    me: WorkerId,
    policy: Policies,
    advisor: HeuristicAdvisor,
    stop: Arc<AtomicBool>,
    dir: PathBuf,
    poll: Duration,
    state: WatchState,
    started: Instant,
    jsonl: std::fs::File,
    notifier: Notifier,
    last_background: Option<Instant>,
    _pid: PidGuard,
}

fn last_mirrored(path: &Path) -> String {
    let Ok(f) = std::fs::File::open(path) else {
        return "0-0".into();
    };
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .filter_map(|v| {
            v.get("stream_id")
                .and_then(|s| s.as_str())
                .map(str::to_string)
        })
        .last()
        .unwrap_or_else(|| "0-0".into())
}

impl Daemon {
    fn start(args: &WatchArgs) -> Result<Self, SchedulerError> {
        // Policies are checked before anything else: a bad file never starts a daemon.
        let policy = match &args.policies {
            Some(p) => Policies::load(p)?,
            None => Policies::default(),
        };
        let q = queue(&args.fleet)?;
        // Every stream and group, the watchers' group on the requests stream included.
        q.ensure_groups()?;
        let pid = acquire_pid(&args.dir)?;
        let stop = Arc::new(AtomicBool::new(false));
        for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
            // A second signal while stopping exits at once with status 1.
            signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))?;
            signal_hook::flag::register(sig, Arc::clone(&stop))?;
        }
        let me = WorkerId(format!(
            "watcher-{}",
            seedsieve_core::fleet::consumer_name().0
        ));
        let jsonl_path = args.dir.join("audit.jsonl");
        let cursor = last_mirrored(&jsonl_path);
        let jsonl = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&jsonl_path)?;
        let now = now_ms();
        tracing::info!(consumer = %me, route = policy.approval_route.as_str(), prefix = q.keys().base(), "watcher started");
        Ok(Daemon {
            state: WatchState {
                status: "running".into(),
                pid: std::process::id(),
                consumer: me.0.clone(),
                prefix: q.keys().base().to_string(),
                started_ms: now,
                updated_ms: now,
                audit_cursor: cursor,
                ..WatchState::default()
            },
            notifier: Notifier::new(policy.notify.webhook.clone()),
            q,
            me,
            policy,
            advisor: HeuristicAdvisor,
            stop,
            dir: args.dir.clone(),
            poll: Duration::from_millis(args.poll_ms.clamp(10, 1000)),
            started: Instant::now(),
            jsonl,
            last_background: None,
            _pid: pid,
        })
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn run(mut self) -> Result<ExitCode, SchedulerError> {
        let mut down_since: Option<Instant> = None;
        while !self.stopping() {
            self.state.cycles += 1;
            match self.cycle() {
                Ok(()) => {
                    down_since = None;
                }
                Err(SchedulerError::Queue(e)) if e.is_transient() => {
                    if down_since.is_none() {
                        tracing::warn!("redis unavailable ({e}); retrying");
                    }
                    down_since.get_or_insert_with(Instant::now);
                    std::thread::sleep(self.poll);
                }
                Err(e) => {
                    // A failed step of one request or session does not stop the daemon.
                    tracing::error!("cycle failed: {e}");
                    std::thread::sleep(self.poll);
                }
            }
        }
        // Mirror what came in since the last cycle (an operator's last halt,
        // our own hand-back) before the state says stopped.
        if let Err(e) = self.mirror() {
            tracing::warn!("final audit mirror failed: {e}");
        }
        self.state.status = "stopped".into();
        self.state.holding = None;
        self.write_state();
        tracing::info!("watcher stopped after {} cycles", self.state.cycles);
        Ok(ExitCode::SUCCESS)
    }

    fn cycle(&mut self) -> Result<(), SchedulerError> {
        self.background(true)?;
        let halted = store::halted(&self.q)?;
        self.state.halted = halted.clone();
        if halted.is_some() {
            std::thread::sleep(self.poll);
            return Ok(());
        }
        if let Some(held) = store::claim(&self.q, &self.me, self.poll)? {
            self.state.holding = Some(held.entry.clone());
            let r = self.handle(&held);
            self.state.holding = None;
            match r {
                Ok(Flow::Done | Flow::Stopped) => {}
                Err(e) => {
                    // Leave the entry to be retried after its lease (or by us).
                    tracing::error!(entry = %held.entry, "request handling failed: {e}");
                }
            }
        }
        Ok(())
    }

    /// Feedback steps, the audit mirror and the state file, at most once per poll.
    fn background(&mut self, force: bool) -> Result<(), SchedulerError> {
        if !force
            && self
                .last_background
                .is_some_and(|t| t.elapsed() < self.poll)
        {
            return Ok(());
        }
        self.last_background = Some(Instant::now());
        for name in store::sessions(&self.q)? {
            match step_session(&self.q, &name, &self.policy, &self.advisor, &self.me) {
                Ok(_) => {}
                Err(FeedbackError::Queue(e)) => return Err(e.into()),
                Err(e) => tracing::error!(session = %name, "feedback step failed: {e}"),
            }
        }
        self.mirror()?;
        self.write_state();
        Ok(())
    }

    fn mirror(&mut self) -> Result<(), SchedulerError> {
        loop {
            let batch = store::audit_since(&self.q, &self.state.audit_cursor, 256)?;
            let Some(last) = batch.last().map(|b| b.0.clone()) else {
                return Ok(());
            };
            for (sid, ev) in &batch {
                let mut v = serde_json::to_value(ev).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("stream_id".into(), json!(sid));
                }
                writeln!(self.jsonl, "{v}")?;
                let notify = match ev.event.as_str() {
                    "awaiting_approval" | "halt" | "dead_letter" => true,
                    "outcome" => {
                        ev.detail.get("verdict").and_then(|x| x.as_str()) == Some("failed")
                    }
                    _ => false,
                };
                if notify {
                    self.notifier.send(v);
                }
            }
            self.jsonl.flush()?;
            self.state.audit_cursor = last;
        }
    }

    fn write_state(&mut self) {
        self.state.updated_ms = now_ms();
        self.state.uptime_s = self.started.elapsed().as_secs_f64();
        let body = serde_json::to_vec_pretty(&self.state).unwrap_or_default();
        if let Err(e) = write_atomic(&state_path(&self.dir), &body) {
            tracing::warn!("cannot write the state file: {e}");
        }
    }

    fn event(
        &self,
        name: &str,
        actor: &str,
        session: &str,
        id: RequestId,
        detail: serde_json::Value,
    ) -> AuditEvent {
        AuditEvent::new(name, actor, Some(session), Some(id), detail)
    }

    fn handle(&mut self, held: &Held) -> Result<Flow, SchedulerError> {
        let (id, approver) = match &held.message {
            Message::Request(id) => (*id, None),
            Message::Approval(id, by) => (*id, Some(by.clone())),
        };
        self.state.last_request = Some(id);
        let rec = match store::record(&self.q, id) {
            Ok(r) => r,
            Err(FeedbackError::Invalid(why)) => {
                let stream = self
                    .q
                    .keys()
                    .stream(seedsieve_core::redis_queue::StreamKind::Requests);
                store::dead_letter(
                    &self.q,
                    "requests",
                    &stream,
                    &held.entry,
                    &why,
                    &serde_json::to_string(&held.fields).unwrap_or_default(),
                )?;
                store::audit(
                    &self.q,
                    &AuditEvent::new(
                        "dead_letter",
                        "watcher",
                        None,
                        Some(id),
                        json!({"entry": held.entry, "reason": why}),
                    ),
                )?;
                store::ack(&self.q, &self.me, &held.entry)?;
                return Ok(Flow::Done);
            }
            Err(e) => return Err(e.into()),
        };
        let session = rec.request.session.clone();
        match (approver, rec.status.as_str()) {
            (None, "pending") => match rec.request.route {
                ApprovalRoute::Human => {
                    let ev = self.event("awaiting_approval", "watcher", &session, id, json!({"route": "human", "work": rec.request.work, "approve_with": format!("scheduler approve {id}")}));
                    store::transition(
                        &self.q,
                        id,
                        &["pending"],
                        "awaiting_approval",
                        &[],
                        Some(&ev),
                    )?;
                    store::ack(&self.q, &self.me, &held.entry)?;
                    Ok(Flow::Done)
                }
                ApprovalRoute::Watcher => {
                    let ev = self.event(
                        "approved",
                        "watcher",
                        &session,
                        id,
                        json!({"approved_by": "watcher", "route": "watcher"}),
                    );
                    store::transition(
                        &self.q,
                        id,
                        &["pending"],
                        "approved",
                        &[
                            ("approved_by", "watcher".into()),
                            ("approved_ms", now_ms().to_string()),
                        ],
                        Some(&ev),
                    )?;
                    self.execute(held, id)
                }
            },
            (Some(by), "pending" | "awaiting_approval") => {
                let ev = self.event(
                    "approved",
                    &by,
                    &session,
                    id,
                    json!({"approved_by": by, "route": rec.request.route.as_str()}),
                );
                store::transition(
                    &self.q,
                    id,
                    &["pending", "awaiting_approval"],
                    "approved",
                    &[
                        ("approved_by", by.clone()),
                        ("approved_ms", now_ms().to_string()),
                    ],
                    Some(&ev),
                )?;
                self.execute(held, id)
            }
            (_, "approved" | "dispatched") => self.execute(held, id),
            (by, st) => {
                if let Some(by) = by {
                    store::audit(
                        &self.q,
                        &self.event("approval_ignored", &by, &session, id, json!({"status": st})),
                    )?;
                }
                store::ack(&self.q, &self.me, &held.entry)?;
                Ok(Flow::Done)
            }
        }
    }

    /// Runs an approved request to its outcome, once: a re-delivered entry
    /// finds the job an earlier holder dispatched and follows it.
    fn execute(&mut self, held: &Held, id: RequestId) -> Result<Flow, SchedulerError> {
        let rec = store::record(&self.q, id)?;
        let req = rec.request.clone();
        let approved_by = rec.approved_by.clone().unwrap_or_default();
        if !matches!(rec.status.as_str(), "approved" | "dispatched") {
            store::ack(&self.q, &self.me, &held.entry)?;
            return Ok(Flow::Done);
        }
        let t = Instant::now();
        let settle = |me: &mut Self,
                      status: &str,
                      outcome: Outcome|
         -> Result<Flow, SchedulerError> {
            let ev = me.event(
                "outcome",
                "watcher",
                &req.session,
                id,
                json!({"status": status, "verdict": outcome.verdict, "found": outcome.found, "job": outcome.job,
                       "seeds_tried": outcome.seeds_tried, "run_s": outcome.run_s, "error": outcome.error,
                       "approved_by": approved_by}),
            );
            if store::settle(&me.q, &req, status, &outcome, &ev)? {
                me.state.settled += 1;
                tracing::info!(request = %id, verdict = %outcome.verdict, "request settled");
            }
            store::ack(&me.q, &me.me, &held.entry)?;
            Ok(Flow::Done)
        };
        let session = match store::load_session(&self.q, &req.session) {
            Ok(s) => s,
            Err(FeedbackError::Invalid(why)) => {
                return settle(self, "failed", failed_outcome(None, 0, why, 0.0));
            }
            Err(e) => return Err(e.into()),
        };
        let params = match &req.work {
            Work::Predict { steps } => {
                let pool = session.pool(*steps);
                let outcome = Outcome {
                    verdict: "predicted".into(),
                    job: None,
                    found: Vec::new(),
                    from_index: session.cursor,
                    predicted: pool
                        .iter()
                        .filter_map(|(_, v)| v.first().map(|x| x.0))
                        .collect(),
                    seeds_tried: 0,
                    error: None,
                    run_s: t.elapsed().as_secs_f64(),
                };
                return settle(self, "done", outcome);
            }
            Work::Resieve(p) | Work::Confirm(p) => p.clone(),
        };
        let job = store::job_once(&self.q, id, JobId::new())?;
        if self.q.job(job)?.is_none() {
            let planned = match plan_sieve(&self.q, &session.config, &params, job) {
                Ok(p) => p,
                Err(FeedbackError::Queue(e)) => return Err(e.into()),
                Err(e) => {
                    return settle(
                        self,
                        "failed",
                        failed_outcome(Some(job), params.from_index, e.to_string(), 0.0),
                    )
                }
            };
            let shards = planned.spec.shards(default_shard_cost(), FLEET_MIN_SHARDS);
            let ev = self.event(
                "dispatched",
                "watcher",
                &req.session,
                id,
                json!({"job": job, "shards": shards.len(), "seeds": planned.spec.seeds_total(),
                       "window": planned.spec.window.draws.len(), "approved_by": approved_by}),
            );
            store::transition(
                &self.q,
                id,
                &["approved"],
                "dispatched",
                &[("dispatched_ms", now_ms().to_string())],
                Some(&ev),
            )?;
            self.q.submit(
                &planned,
                shards,
                seedsieve_core::redis_queue::DEFAULT_MAX_ATTEMPTS,
            )?;
            tracing::info!(request = %id, %job, "dispatched");
        } else {
            tracing::info!(request = %id, %job, "resuming: following the job an earlier holder dispatched");
        }
        let renew_every = self.q.lease() / 3;
        let mut renewed = Instant::now();
        loop {
            if self.stopping() {
                store::hand_back(&self.q, &self.me, held)?;
                store::audit(
                    &self.q,
                    &self.event(
                        "handed_back",
                        "watcher",
                        &req.session,
                        id,
                        json!({"job": job, "reason": "watcher stopping"}),
                    ),
                )?;
                return Ok(Flow::Stopped);
            }
            if renewed.elapsed() >= renew_every {
                if !store::renew(&self.q, &self.me, &held.entry)? {
                    tracing::warn!(request = %id, "lost the request's lease; another watcher holds it");
                    return Ok(Flow::Done);
                }
                renewed = Instant::now();
            }
            self.q.janitor(&self.me)?;
            // A job that disappeared is settled as failed just below.
            if self.q.progress(job)?.map_or(true, |p| p.over) {
                break;
            }
            self.background(false)?;
            std::thread::sleep(self.poll.min(Duration::from_millis(100)));
        }
        let Some(jr) = self.q.job(job)? else {
            return settle(
                self,
                "failed",
                failed_outcome(
                    Some(job),
                    params.from_index,
                    format!("job {job} disappeared"),
                    t.elapsed().as_secs_f64(),
                ),
            );
        };
        if jr.status == "cancelled" || jr.dead > 0 {
            let why = format!(
                "job {job} {} ({} dead shard(s)){}",
                jr.status,
                jr.dead,
                jr.last_error
                    .as_ref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            );
            return settle(
                self,
                "failed",
                failed_outcome(Some(job), params.from_index, why, jr.elapsed_s()),
            );
        }
        let results = self.q.results(job)?;
        let report = match finish(&jr.planned, &results, jr.elapsed_s()) {
            Ok(r) => r,
            Err(e) => {
                return settle(
                    self,
                    "failed",
                    failed_outcome(Some(job), params.from_index, e.to_string(), jr.elapsed_s()),
                )
            }
        };
        let outcome = Outcome {
            verdict: report.verdict.as_str().into(),
            job: Some(job),
            found: found_of(&report),
            from_index: params.from_index,
            predicted: Vec::new(),
            seeds_tried: report.searched.seeds_tried,
            error: None,
            run_s: jr.elapsed_s(),
        };
        settle(self, "done", outcome)
    }
}

fn failed_outcome(job: Option<JobId>, from_index: u64, why: String, run_s: f64) -> Outcome {
    Outcome {
        verdict: "failed".into(),
        job,
        found: Vec::new(),
        from_index,
        predicted: Vec::new(),
        seeds_tried: 0,
        error: Some(why),
        run_s,
    }
}
