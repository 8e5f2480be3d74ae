//! The `scheduler watch` daemon's process side: the PID file and its lock,
//! the signals, the state file, the audit mirror (`DIR/audit.jsonl`) and the
//! webhook. The loop itself is [`seedsieve_core::feedback::watcher`].
//!
//! Files in `DIR`:
//! - `watch.pid`: the daemon's PID, under an exclusive `flock` held for its
//!   whole life. A PID file whose lock is free is stale, whatever process
//!   now has that PID: `--stop` signals only a PID whose file is locked, and
//!   a new daemon replaces a stale file. Two daemons started at once: one
//!   takes the lock, the other refuses.
//! - `watch.state.json`: [`WatchState`], written atomically (a unique
//!   temporary file in `DIR`, then rename).
//! - `audit.jsonl`: the audit stream, one event per line with its `stream_id`.

use crate::cli::WatchArgs;
use crate::fleet::{queue, FLEET_MIN_SHARDS};
use crate::SchedulerError;
use rustix::fs::{flock, FlockOperation};
use seedsieve_core::feedback::policy::Policies;
use seedsieve_core::feedback::store::{self, AuditKind};
use seedsieve_core::feedback::watcher::{Watcher, WatcherConfig, WatcherHooks, WatcherStats};
use seedsieve_core::feedback::{FeedbackError, OutcomeVerdict};
use seedsieve_core::job::WorkerId;
use seedsieve_core::redis::{now_ms, redact_url, RedisQueue};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fs::File;
use std::io::{BufRead, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Whether the daemon runs or has stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DaemonStatus {
    /// Running.
    #[default]
    Running,
    /// Stopped cleanly.
    Stopped,
}

impl DaemonStatus {
    /// `running` or `stopped`.
    pub fn as_str(self) -> &'static str {
        match self {
            DaemonStatus::Running => "running",
            DaemonStatus::Stopped => "stopped",
        }
    }
}

/// The daemon's state file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct WatchState {
    /// Running or stopped.
    pub status: DaemonStatus,
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
    /// The watcher's counters, last request, holding, halt and last error.
    #[serde(flatten)]
    pub stats: WatcherStats,
    /// Last audit entry mirrored into audit.jsonl.
    pub audit_cursor: String,
}

pub(crate) fn pid_path(dir: &Path) -> PathBuf {
    dir.join("watch.pid")
}
pub(crate) fn state_path(dir: &Path) -> PathBuf {
    dir.join("watch.state.json")
}

/// Takes `op` on `f` without waiting: `false` when another holds a
/// conflicting lock.
fn try_flock(f: &File, op: FlockOperation) -> std::io::Result<bool> {
    match flock(f, op) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn pid_in(mut f: &File) -> Option<u32> {
    let mut s = String::new();
    f.rewind().ok()?;
    f.read_to_string(&mut s).ok()?;
    s.trim().parse().ok()
}

/// What a PID file says about the daemon of a directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// No PID file.
    None,
    /// A PID file no daemon holds (a crashed one's, or one written by hand).
    Stale(Option<u32>),
    /// A daemon holds the lock: its PID (none while it is starting).
    Running(Option<u32>),
}

/// Looks at `DIR/watch.pid` and its lock.
///
/// # Errors
/// I/O errors other than a missing file.
pub fn probe(dir: &Path) -> std::io::Result<Probe> {
    let f = match File::open(pid_path(dir)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Probe::None),
        Err(e) => return Err(e),
    };
    // A shared lock is granted only while no daemon holds its exclusive one;
    // it is released when `f` closes.
    let free = try_flock(&f, FlockOperation::NonBlockingLockShared)?;
    let pid = pid_in(&f);
    Ok(if free {
        Probe::Stale(pid)
    } else {
        Probe::Running(pid)
    })
}

/// The PID file, locked for the daemon's life; removed when it ends.
pub struct PidLock {
    /// Held open: closing it releases the lock.
    _file: File,
    path: PathBuf,
}

impl Drop for PidLock {
    fn drop(&mut self) {
        // Still locked here: no other daemon can have replaced the file.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Locks `DIR/watch.pid` and writes our PID into it.
///
/// # Errors
/// [`SchedulerError::BadInput`] when a daemon holds it; I/O errors.
pub fn acquire_pid(dir: &Path) -> Result<PidLock, SchedulerError> {
    std::fs::create_dir_all(dir)?;
    let path = pid_path(dir);
    let mut refused = 0;
    loop {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        if !try_flock(&file, FlockOperation::NonBlockingLockExclusive)? {
            // A `--status` probe holds a shared lock for a moment: retry briefly.
            refused += 1;
            if refused < 5 {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            let pid = pid_in(&file).map_or("unknown".into(), |p| p.to_string());
            return Err(SchedulerError::BadInput(format!(
                "a watcher already runs with pid {pid} ({} is locked); stop it with `scheduler watch --stop --dir {}`",
                path.display(),
                dir.display()
            )));
        }
        // The daemon that held it may have removed the file between our open
        // and our lock: then lock the file the path names now.
        let same = std::fs::metadata(&path)
            .ok()
            .is_some_and(|m| m.ino() == file.metadata().map(|f| f.ino()).unwrap_or(0));
        if !same {
            continue;
        }
        if let Some(pid) = pid_in(&file) {
            tracing::warn!(
                "stale PID file {} (pid {pid} holds no lock on it): replaced",
                path.display()
            );
        }
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(format!("{}\n", std::process::id()).as_bytes())?;
        file.sync_all()?;
        return Ok(PidLock { _file: file, path });
    }
}

/// Writes `body` to `path` atomically: a temporary file unique to this call
/// in the same directory, synced, then renamed over `path`.
///
/// # Errors
/// I/O errors.
pub fn write_atomic(path: &Path, body: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".watch.state.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(body)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Sends JSON events to a webhook from a background thread; a full queue
/// drops the event (logged), a failing POST is logged: the loop never waits.
/// Redirects are not followed (a POST must not turn into a GET elsewhere):
/// a 3xx answer is logged with its status, like any other non-2xx answer.
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
            let shown = redact_url(&url);
            let secret = url::Url::parse(&url)
                .ok()
                .and_then(|u| u.password().map(str::to_string));
            let hide = |m: String| {
                let m = m.replace(&url, &shown);
                match &secret {
                    Some(p) if !p.is_empty() => m.replace(p.as_str(), "***"),
                    _ => m,
                }
            };
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(2))
                .redirects(0)
                .build();
            for ev in rx {
                match agent
                    .post(&url)
                    .set("content-type", "application/json")
                    .send_string(&ev.to_string())
                {
                    Ok(r) if (200..300).contains(&r.status()) => {}
                    Ok(r) => tracing::warn!(
                        "webhook {shown}: status {} {}{} (not followed)",
                        r.status(),
                        r.status_text(),
                        r.header("location")
                            .map(|l| format!(", location {}", hide(l.to_string())))
                            .unwrap_or_default()
                    ),
                    Err(e) => tracing::warn!("webhook {shown}: {}", hide(e.to_string())),
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

fn last_mirrored(path: &Path) -> String {
    let Ok(f) = File::open(path) else {
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

/// The daemon's hooks: audit mirror, webhook, state file.
struct Files {
    dir: PathBuf,
    state: WatchState,
    started: Instant,
    jsonl: File,
    notifier: Notifier,
}

impl Files {
    fn mirror(&mut self, q: &RedisQueue) -> Result<(), FeedbackError> {
        loop {
            let batch = store::audit_since(q, &self.state.audit_cursor, 256)?;
            let Some(last) = batch.last().map(|b| b.0.clone()) else {
                return Ok(());
            };
            for (sid, ev) in &batch {
                let mut v = serde_json::to_value(ev)?;
                if let Some(o) = v.as_object_mut() {
                    o.insert("stream_id".into(), json!(sid));
                }
                writeln!(self.jsonl, "{v}")?;
                let notify = match ev.event {
                    AuditKind::AwaitingApproval | AuditKind::Halt | AuditKind::DeadLetter => true,
                    AuditKind::Outcome => {
                        ev.detail.get("verdict").and_then(|x| x.as_str())
                            == Some(OutcomeVerdict::Failed.as_str())
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

    fn write_state(&mut self, stats: &WatcherStats) -> Result<(), FeedbackError> {
        self.state.stats = stats.clone();
        self.state.updated_ms = now_ms();
        self.state.uptime_s = self.started.elapsed().as_secs_f64();
        let body = serde_json::to_vec_pretty(&self.state)?;
        if let Err(e) = write_atomic(&state_path(&self.dir), &body) {
            // A full disk must not stop request handling: logged, retried next poll.
            tracing::warn!("cannot write the state file: {e}");
        }
        Ok(())
    }
}

impl WatcherHooks for Files {
    fn background(&mut self, q: &RedisQueue, stats: &WatcherStats) -> Result<(), FeedbackError> {
        self.mirror(q)?;
        self.write_state(stats)
    }

    fn cycle_failed(&mut self, stats: &WatcherStats) {
        if let Err(e) = self.write_state(stats) {
            tracing::error!("cannot write the state file: {e}");
        }
    }
}

/// Runs the daemon until SIGTERM or SIGINT.
///
/// # Errors
/// Bad policies, an unreachable queue at start, a held PID file, I/O.
pub fn run(args: &WatchArgs) -> Result<ExitCode, SchedulerError> {
    // Policies are checked before anything else: a bad file never starts a daemon.
    let policy = match &args.policies {
        Some(p) => Policies::load(p)?,
        None => Policies::default(),
    };
    let q = queue(&args.fleet)?;
    // Every stream and group, the watchers' group on the requests stream included.
    q.ensure_groups()?;
    // Handlers first: a SIGTERM that arrives once the PID file names us must
    // not kill the process before the PID file's guard can remove it.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        // A second signal while stopping exits at once with status 1.
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))?;
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let _pid = acquire_pid(&args.dir)?;
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
    let mut files = Files {
        dir: args.dir.clone(),
        state: WatchState {
            status: DaemonStatus::Running,
            pid: std::process::id(),
            consumer: me.0.clone(),
            prefix: q.keys().base().to_string(),
            started_ms: now,
            updated_ms: now,
            stats: WatcherStats::default(),
            audit_cursor: cursor,
            uptime_s: 0.0,
        },
        started: Instant::now(),
        jsonl,
        notifier: Notifier::new(policy.notify.webhook.clone()),
    };
    let mut cfg = WatcherConfig::new(
        me,
        policy,
        Duration::from_millis(args.poll_ms.clamp(10, 1000)),
    );
    cfg.min_shards = FLEET_MIN_SHARDS;
    let mut watcher = Watcher::new(q, cfg, stop);
    watcher.run(&mut files);
    // Mirror what came in since the last cycle (an operator's last halt,
    // our own hand-back) before the state says stopped.
    if let Err(e) = files.mirror(watcher.queue()) {
        tracing::warn!("final audit mirror failed: {e}");
    }
    files.state.status = DaemonStatus::Stopped;
    files.write_state(watcher.stats())?;
    tracing::info!("watcher stopped after {} cycles", watcher.stats().cycles);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_state_writes_never_collide_on_a_temporary_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("watch.state.json");
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let p = path.clone();
                std::thread::spawn(move || {
                    for j in 0..200 {
                        write_atomic(&p, format!("{i}-{j}").as_bytes()).expect("written");
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("joins");
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_webhook_url_is_logged_without_its_credentials() {
        let r = redact_url("https://bob:s3cret@hooks.example/x?y=1");
        assert!(!r.contains("bob") && !r.contains("s3cret"), "{r}");
        assert!(r.contains("hooks.example/x?y=1"), "{r}");
        assert_eq!(
            redact_url("http://hooks.example/a"),
            "http://hooks.example/a"
        );
        // The core redaction (shared with Redis URLs) on a webhook URL.
        assert_eq!(
            redact_url("https://bob:p@ss@hooks.example"),
            "https://***@hooks.example"
        );
    }

    #[test]
    fn the_pid_file_lock_decides_who_runs() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A PID file no daemon holds is stale, whatever the PID.
        std::fs::write(pid_path(dir.path()), "1\n").expect("write");
        assert_eq!(probe(dir.path()).expect("probe"), Probe::Stale(Some(1)));
        let held = acquire_pid(dir.path()).expect("replaces a stale file");
        assert_eq!(
            probe(dir.path()).expect("probe"),
            Probe::Running(Some(std::process::id()))
        );
        assert!(matches!(
            acquire_pid(dir.path()),
            Err(SchedulerError::BadInput(_))
        ));
        drop(held);
        assert_eq!(probe(dir.path()).expect("probe"), Probe::None);
    }
}
