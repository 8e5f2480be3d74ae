//! The watcher as a library: approval routing, dispatch, follow-up and
//! archival of requests, and the loop that also steps every session.
//!
//! The decisions ([`route`], [`settle_request`], [`mark_dispatched`]) go
//! through a [`RequestStore`] and a [`Clock`], so they are unit-tested over
//! [`super::request::MemoryStore`]; [`Watcher`] runs them on Redis. The
//! `scheduler watch` binary keeps argument parsing, rendering, the PID file,
//! the signals, the state file and the audit mirror ([`WatcherHooks`]).
//!
//! Authority: the watcher never approves a `human`-route request itself; it
//! executes what is approved, once (a re-delivered entry finds the job an
//! earlier holder dispatched, [`RequestStore::job_once`], and follows it).

use super::advisor::{Advisor, HeuristicAdvisor};
use super::policy::Policies;
use super::request::{Clock, RecordField, RequestStatus, RequestStore, SystemClock};
use super::session::SessionState;
use super::step::{found_of, plan_sieve, step_session};
use super::store::{self, AuditEvent, AuditKind, Held, Message};
use super::{
    ApprovalRoute, AssessmentNote, FeedbackError, Outcome, OutcomeVerdict, Request, RequestId, Work,
};
use crate::assess::fleet::{follow_score, plan_shards, submit_score, ScoreError};
use crate::assess::report::{build, SampleForm};
use crate::assess::samples::Samples;
use crate::engine::{default_shard_cost, finish};
use crate::follow::{follow, Control, FollowHooks, FollowOptions, Followed};
use crate::job::{JobId, WorkerId};
use crate::queue::QueueError;
use crate::redis::SubmitSettings;
use crate::redis::{JobStatus, RedisQueue, StreamKind, DEFAULT_MAX_ATTEMPTS};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The actor name the watcher records for its own decisions.
pub const WATCHER: &str = "watcher";

/// What a watcher needs to run.
pub struct WatcherConfig {
    /// Consumer name in the `watchers` group (and for the janitor).
    pub consumer: WorkerId,
    /// The policies (approval route, triggers, bounds, limits).
    pub policy: Policies,
    /// The advisor the feedback steps ask.
    pub advisor: Box<dyn Advisor + Send>,
    /// Poll interval (claim block, background pace).
    pub poll: Duration,
    /// Shards made at least per dispatched job.
    pub min_shards: u64,
    /// Attempts per shard before the dead-letter stream.
    pub max_attempts: u32,
}

impl WatcherConfig {
    /// The defaults: heuristic advisor, `DEFAULT_MAX_ATTEMPTS`, 64 shards.
    pub fn new(consumer: WorkerId, policy: Policies, poll: Duration) -> Self {
        WatcherConfig {
            consumer,
            policy,
            advisor: Box::new(HeuristicAdvisor),
            poll,
            min_shards: 64,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// What the watcher did so far (the daemon writes it to its state file).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WatcherStats {
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
    /// The last error a cycle met (a Redis outage, a lost group...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When, ms since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_ms: Option<u64>,
}

/// The daemon's side of the loop.
pub trait WatcherHooks {
    /// Runs after the feedback steps, at most once per poll (and at the end
    /// of each cycle): mirror the audit stream, write the state file.
    ///
    /// # Errors
    /// Whatever it fails with; the cycle reports it.
    fn background(&mut self, q: &RedisQueue, stats: &WatcherStats) -> Result<(), FeedbackError>;

    /// Runs after a failed cycle (Redis down, a lost group...), with the
    /// error recorded in `stats`: the daemon writes its state file, so that
    /// `--status` shows the error while it lasts.
    fn cycle_failed(&mut self, _stats: &WatcherStats) {}
}

/// Hooks that do nothing.
pub struct NoHooks;

impl WatcherHooks for NoHooks {
    fn background(&mut self, _: &RedisQueue, _: &WatcherStats) -> Result<(), FeedbackError> {
        Ok(())
    }
}

/// What to do with a held message after [`route`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routed {
    /// Nothing more (waiting for an operator, already settled, an approval
    /// that came too late): ack the entry.
    Done,
    /// Approved or already dispatched: run the work to its outcome.
    Execute(RequestId),
}

fn event(
    name: AuditKind,
    actor: &str,
    req: &Request,
    clock: &dyn Clock,
    d: serde_json::Value,
) -> AuditEvent {
    let mut ev = AuditEvent::new(name, actor, Some(&req.session), Some(req.id), d);
    ev.ts_ms = clock.now_ms();
    ev
}

/// Routes a held message: a `watcher`-route request is approved by the
/// watcher, a `human`-route one waits for an operator, an operator's
/// approval approves; an approved or dispatched request is executed.
///
/// # Errors
/// [`FeedbackError::Invalid`] when the record is missing or unreadable (the
/// caller dead-letters the entry); store failures.
pub fn route(
    store: &dyn RequestStore,
    clock: &dyn Clock,
    msg: &Message,
) -> Result<Routed, FeedbackError> {
    let (id, approver) = match msg {
        Message::Request(id) => (*id, None),
        Message::Approval(id, by) => (*id, Some(by.as_str())),
    };
    let rec = store.record(id)?;
    let req = &rec.request;
    use RequestStatus::*;
    match (approver, rec.status) {
        (None, Pending) => match req.route {
            ApprovalRoute::Human => {
                let ev = event(
                    AuditKind::AwaitingApproval,
                    WATCHER,
                    req,
                    clock,
                    json!({"route": "human", "work": req.work, "approve_with": format!("scheduler approve {id}")}),
                );
                store.transition(id, AwaitingApproval, &[], Some(&ev))?;
                Ok(Routed::Done)
            }
            ApprovalRoute::Watcher => {
                let ev = event(
                    AuditKind::Approved,
                    WATCHER,
                    req,
                    clock,
                    json!({"approved_by": WATCHER, "route": "watcher"}),
                );
                let fields = [
                    RecordField::ApprovedBy(WATCHER.into()),
                    RecordField::ApprovedMs(clock.now_ms()),
                ];
                store.transition(id, Approved, &fields, Some(&ev))?;
                Ok(Routed::Execute(id))
            }
        },
        (Some(by), Pending | AwaitingApproval) => {
            let ev = event(
                AuditKind::Approved,
                by,
                req,
                clock,
                json!({"approved_by": by, "route": req.route.as_str()}),
            );
            let fields = [
                RecordField::ApprovedBy(by.into()),
                RecordField::ApprovedMs(clock.now_ms()),
            ];
            store.transition(id, Approved, &fields, Some(&ev))?;
            Ok(Routed::Execute(id))
        }
        (_, Approved | Dispatched) => Ok(Routed::Execute(id)),
        (by, st) => {
            if let Some(by) = by {
                store.audit(&event(
                    AuditKind::ApprovalIgnored,
                    by,
                    req,
                    clock,
                    json!({"status": st.as_str()}),
                ))?;
            }
            Ok(Routed::Done)
        }
    }
}

/// Settles request `req` with `outcome` (status `done` or `failed`) and its
/// `outcome` audit event, once; `false` when it was already settled.
///
/// # Errors
/// Store failures; [`FeedbackError::Invalid`] for a status that does not settle.
pub fn settle_request(
    store: &dyn RequestStore,
    clock: &dyn Clock,
    req: &Request,
    approved_by: &str,
    status: RequestStatus,
    outcome: &Outcome,
) -> Result<bool, FeedbackError> {
    let ev = event(
        AuditKind::Outcome,
        WATCHER,
        req,
        clock,
        json!({"status": status.as_str(), "verdict": outcome.verdict, "found": outcome.found, "job": outcome.job,
               "seeds_tried": outcome.seeds_tried, "run_s": outcome.run_s, "error": outcome.error,
               "approved_by": approved_by}),
    );
    store.settle(req, status, outcome, &ev, clock.now_ms())
}

/// The size of a dispatched job, for its audit event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dispatch {
    /// The job.
    pub job: JobId,
    /// Its shards.
    pub shards: usize,
    /// Seeds it sweeps.
    pub seeds: u64,
    /// Draws in its window.
    pub window: usize,
}

/// Moves request `req` from `approved` to `dispatched` with its audit event;
/// `false` when it was not `approved`.
///
/// # Errors
/// Store failures.
pub fn mark_dispatched(
    store: &dyn RequestStore,
    clock: &dyn Clock,
    req: &Request,
    approved_by: &str,
    d: Dispatch,
) -> Result<bool, FeedbackError> {
    let ev = event(
        AuditKind::Dispatched,
        WATCHER,
        req,
        clock,
        json!({"job": d.job, "shards": d.shards, "seeds": d.seeds, "window": d.window, "approved_by": approved_by}),
    );
    store.transition(
        req.id,
        RequestStatus::Dispatched,
        &[RecordField::DispatchedMs(clock.now_ms())],
        Some(&ev),
    )
}

/// A failed outcome.
pub fn failed_outcome(job: Option<JobId>, from_index: u64, why: String, run_s: f64) -> Outcome {
    Outcome {
        verdict: OutcomeVerdict::Failed,
        job,
        found: Vec::new(),
        from_index,
        predicted: Vec::new(),
        seeds_tried: 0,
        error: Some(why),
        run_s,
        assessment: None,
    }
}

/// How handling one entry ended.
enum Flow {
    /// Acked, or left for its lease to expire.
    Done,
    /// Handed back because the watcher stops.
    Stopped,
}

/// Everything but the queue, so that the follow hooks can borrow it while
/// the queue is borrowed by [`follow`].
struct Core {
    cfg: WatcherConfig,
    stop: Arc<AtomicBool>,
    stats: WatcherStats,
    clock: SystemClock,
    last_background: Option<Instant>,
}

/// A watcher: runs the feedback steps of every session and executes
/// requests, until its stop flag is set.
pub struct Watcher {
    q: RedisQueue,
    core: Core,
}

impl Watcher {
    /// A watcher on `q` that stops when `stop` is set (a signal handler sets it).
    pub fn new(q: RedisQueue, cfg: WatcherConfig, stop: Arc<AtomicBool>) -> Self {
        Watcher {
            q,
            core: Core {
                cfg,
                stop,
                stats: WatcherStats::default(),
                clock: SystemClock,
                last_background: None,
            },
        }
    }

    /// The queue.
    pub fn queue(&self) -> &RedisQueue {
        &self.q
    }

    /// The statistics so far.
    pub fn stats(&self) -> &WatcherStats {
        &self.core.stats
    }

    /// Runs cycles until the stop flag is set. A failed cycle (Redis down,
    /// a request that cannot be handled) is logged, recorded as the last
    /// error and retried after a poll: it never stops the loop.
    pub fn run(&mut self, hooks: &mut dyn WatcherHooks) {
        let mut down = false;
        while !self.core.stopping() {
            self.core.stats.cycles += 1;
            match self.cycle(hooks) {
                Ok(()) => down = false,
                Err(e) => {
                    match &e {
                        FeedbackError::Queue(q) if q.is_transient() => {
                            if !down {
                                tracing::warn!("redis unavailable ({q}); retrying");
                            }
                            down = true;
                        }
                        _ => tracing::error!("cycle failed: {e}"),
                    }
                    self.core.note_error(&e.to_string());
                    hooks.cycle_failed(&self.core.stats);
                    std::thread::sleep(self.core.cfg.poll);
                }
            }
        }
        self.core.stats.holding = None;
    }

    /// One cycle: background work, then (unless halted) one request entry.
    ///
    /// # Errors
    /// Store failures and the hooks' errors.
    pub fn cycle(&mut self, hooks: &mut dyn WatcherHooks) -> Result<(), FeedbackError> {
        self.core.background(&self.q, hooks, true)?;
        let halted = store::halted(&self.q)?;
        self.core.stats.halted = halted.clone();
        if halted.is_some() {
            std::thread::sleep(self.core.cfg.poll);
            return Ok(());
        }
        let me = self.core.cfg.consumer.clone();
        if let Some(held) = store::claim(&self.q, &me, self.core.cfg.poll)? {
            self.core.stats.holding = Some(held.entry.clone());
            let r = self.handle(&held, hooks);
            self.core.stats.holding = None;
            if let Err(e) = r {
                // Leave the entry to be retried after its lease (or by us).
                tracing::error!(entry = %held.entry, "request handling failed: {e}");
                self.core
                    .note_error(&format!("request entry {}: {e}", held.entry));
            }
        }
        Ok(())
    }

    fn handle(&mut self, held: &Held, hooks: &mut dyn WatcherHooks) -> Result<Flow, FeedbackError> {
        let id = match &held.message {
            Message::Request(id) | Message::Approval(id, _) => *id,
        };
        self.core.stats.last_request = Some(id);
        let me = &self.core.cfg.consumer;
        match route(&self.q, &self.core.clock, &held.message) {
            Ok(Routed::Done) => {
                store::ack(&self.q, me, &held.entry)?;
                Ok(Flow::Done)
            }
            Ok(Routed::Execute(id)) => self.execute(held, id, hooks),
            Err(FeedbackError::Invalid(why)) => {
                let stream = self.q.keys().stream(StreamKind::Requests);
                let raw = serde_json::to_string(&held.fields)?;
                store::dead_letter(&self.q, "requests", &stream, &held.entry, &why, &raw)?;
                store::audit(
                    &self.q,
                    &AuditEvent::new(
                        AuditKind::DeadLetter,
                        WATCHER,
                        None,
                        Some(id),
                        json!({"entry": held.entry, "reason": why}),
                    ),
                )?;
                store::ack(&self.q, me, &held.entry)?;
                Ok(Flow::Done)
            }
            Err(e) => Err(e),
        }
    }

    fn settle(
        &mut self,
        held: &Held,
        req: &Request,
        by: &str,
        status: RequestStatus,
        outcome: Outcome,
    ) -> Result<Flow, FeedbackError> {
        if settle_request(&self.q, &self.core.clock, req, by, status, &outcome)? {
            self.core.stats.settled += 1;
            tracing::info!(request = %req.id, verdict = %outcome.verdict, "request settled");
        }
        store::ack(&self.q, &self.core.cfg.consumer, &held.entry)?;
        Ok(Flow::Done)
    }

    /// Runs an approved request to its outcome, once: a re-delivered entry
    /// finds the job an earlier holder dispatched and follows it.
    fn execute(
        &mut self,
        held: &Held,
        id: RequestId,
        hooks: &mut dyn WatcherHooks,
    ) -> Result<Flow, FeedbackError> {
        let rec = self.q.record(id)?;
        let req = rec.request.clone();
        let by = rec.approved_by.clone().unwrap_or_default();
        if !matches!(
            rec.status,
            RequestStatus::Approved | RequestStatus::Dispatched
        ) {
            store::ack(&self.q, &self.core.cfg.consumer, &held.entry)?;
            return Ok(Flow::Done);
        }
        let t = Instant::now();
        let session = match store::load_session(&self.q, &req.session) {
            Ok(s) => s,
            Err(FeedbackError::Invalid(why)) => {
                return self.settle(
                    held,
                    &req,
                    &by,
                    RequestStatus::Failed,
                    failed_outcome(None, 0, why, 0.0),
                );
            }
            Err(e) => return Err(e),
        };
        let params = match &req.work {
            Work::Predict { steps } => {
                let pool = session.pool(*steps);
                let outcome = Outcome {
                    verdict: OutcomeVerdict::Predicted,
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
                    assessment: None,
                };
                return self.settle(held, &req, &by, RequestStatus::Done, outcome);
            }
            Work::Assess { from_index, draws } => {
                return self.assess(held, &req, &by, &session, *from_index, *draws, hooks);
            }
            Work::Resieve(p) | Work::Confirm(p) => p.clone(),
        };
        let job = self.q.job_once(id, JobId::new())?;
        if self.q.job(job)?.is_none() {
            let planned = match plan_sieve(&self.q, &session.config, &params, job) {
                Ok(p) => p,
                Err(FeedbackError::Queue(e)) => return Err(e.into()),
                Err(e) => {
                    let o = failed_outcome(Some(job), params.from_index, e.to_string(), 0.0);
                    return self.settle(held, &req, &by, RequestStatus::Failed, o);
                }
            };
            let shards = planned
                .spec
                .shards(default_shard_cost(), self.core.cfg.min_shards);
            let d = Dispatch {
                job,
                shards: shards.len(),
                seeds: planned.spec.seeds_total(),
                window: planned.spec.window.draws.len(),
            };
            mark_dispatched(&self.q, &self.core.clock, &req, &by, d)?;
            self.q
                .submit(&planned, shards, self.core.cfg.max_attempts)?;
            tracing::info!(request = %id, %job, "dispatched");
        } else {
            tracing::info!(request = %id, %job, "resuming: following the job an earlier holder dispatched");
        }
        let mut f = Follower {
            core: &mut self.core,
            hooks,
            held,
            req: &req,
            job,
            renew_every: self.q.lease() / 3,
            renewed: Instant::now(),
            ended: None,
        };
        let poll = f.core.cfg.poll.min(Duration::from_millis(100));
        let opts = FollowOptions {
            poll,
            down_timeout: None,
        };
        let me = f.core.cfg.consumer.clone();
        let jr = match follow(&self.q, job, &me, &opts, &mut f)? {
            Followed::Over(jr) => jr,
            Followed::Stopped => return Ok(f.ended.unwrap_or(Flow::Stopped)),
            Followed::Disappeared => {
                let o = failed_outcome(
                    Some(job),
                    params.from_index,
                    format!("job {job} disappeared"),
                    t.elapsed().as_secs_f64(),
                );
                return self.settle(held, &req, &by, RequestStatus::Failed, o);
            }
            Followed::Unreachable(e) => return Err(e.into()),
        };
        if jr.status == JobStatus::Cancelled || jr.dead > 0 {
            let why = format!(
                "job {job} {} ({} dead shard(s)){}",
                jr.status,
                jr.dead,
                jr.last_error
                    .as_ref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            );
            let o = failed_outcome(Some(job), params.from_index, why, jr.elapsed_s());
            return self.settle(held, &req, &by, RequestStatus::Failed, o);
        }
        let results = self.q.results(job)?;
        let outcome = match finish(&jr.planned, &results, jr.elapsed_s()) {
            Ok(report) => Outcome {
                verdict: report.verdict.into(),
                job: Some(job),
                found: found_of(&report),
                from_index: params.from_index,
                predicted: Vec::new(),
                seeds_tried: report.searched.seeds_tried,
                error: None,
                run_s: jr.elapsed_s(),
                assessment: None,
            },
            Err(e) => {
                let o = failed_outcome(Some(job), params.from_index, e.to_string(), jr.elapsed_s());
                return self.settle(held, &req, &by, RequestStatus::Failed, o);
            }
        };
        self.settle(held, &req, &by, RequestStatus::Done, outcome)
    }
}

impl Watcher {
    /// Runs an approved `assess` request: the stream's draws
    /// `[from_index, from_index + draws)` as a scoring job on the fleet
    /// ([`crate::assess::fleet`]), followed like a re-sieve's job (the
    /// request's lease renewed, background work kept going, handed back on
    /// stop); a re-delivered entry follows the job an earlier holder submitted.
    #[allow(clippy::too_many_arguments)]
    fn assess(
        &mut self,
        held: &Held,
        req: &Request,
        by: &str,
        session: &SessionState,
        from_index: u64,
        draws: u32,
        hooks: &mut dyn WatcherHooks,
    ) -> Result<Flow, FeedbackError> {
        let t = Instant::now();
        let c = &session.config;
        let (got, _) = store::read_draws(
            &self.q,
            &c.stream,
            from_index,
            draws as usize,
            (c.min, c.max),
        )?;
        let values: Vec<i64> = got
            .iter()
            .filter(|d| d.index >= from_index)
            .take(draws as usize)
            .map(|d| d.value)
            .collect();
        let lines: Vec<usize> = (1..=values.len()).collect();
        let name = format!("draws:{} from index {from_index}", c.stream);
        let samples = match Samples::from_draws(&name, &values, &lines, c.min, c.max, None) {
            Ok(s) => s,
            Err(e) => {
                let o = failed_outcome(None, from_index, e.to_string(), 0.0);
                return self.settle(held, req, by, RequestStatus::Failed, o);
            }
        };
        let job = self.q.job_once(req.id, JobId::new())?;
        if self.q.progress(job)?.is_none() {
            let d = Dispatch {
                job,
                shards: plan_shards(self.q.keys(), job, &samples).len(),
                seeds: 0,
                window: values.len(),
            };
            mark_dispatched(&self.q, &self.core.clock, req, by, d)?;
            submit_score(
                &self.q,
                job,
                &samples,
                SubmitSettings {
                    max_attempts: self.core.cfg.max_attempts,
                    ..SubmitSettings::default()
                },
            )?;
            tracing::info!(request = %req.id, %job, "assessment dispatched");
        } else {
            tracing::info!(request = %req.id, %job, "resuming: following the scoring job an earlier holder dispatched");
        }
        let mut f = Follower {
            core: &mut self.core,
            hooks,
            held,
            req,
            job,
            renew_every: self.q.lease() / 3,
            renewed: Instant::now(),
            ended: None,
        };
        let poll = f.core.cfg.poll.min(Duration::from_millis(100));
        let me = f.core.cfg.consumer.clone();
        let mut err = None;
        let q = &self.q;
        let r = follow_score(q, job, &samples, &me, poll, |_| match f.tick(q) {
            Ok(Control::Continue) => true,
            Ok(Control::Stop) => false,
            Err(e) => {
                err = Some(e);
                false
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
        let assessment = match r {
            Ok(a) => a,
            Err(ScoreError::Stopped(_)) => return Ok(f.ended.unwrap_or(Flow::Stopped)),
            Err(ScoreError::Queue(e)) => return Err(e.into()),
            Err(e) => {
                let o = failed_outcome(
                    Some(job),
                    from_index,
                    e.to_string(),
                    t.elapsed().as_secs_f64(),
                );
                return self.settle(held, req, by, RequestStatus::Failed, o);
            }
        };
        let rep = build(
            &name,
            SampleForm::Draws,
            c.min,
            c.max,
            &samples,
            assessment,
            None,
        );
        let outcome = Outcome {
            verdict: OutcomeVerdict::Assessed,
            job: Some(job),
            found: Vec::new(),
            from_index,
            predicted: Vec::new(),
            seeds_tried: 0,
            error: None,
            run_s: t.elapsed().as_secs_f64(),
            assessment: Some(AssessmentNote {
                from_index,
                draws: values.len() as u64,
                min_entropy_per_draw: rep.min_entropy_per_draw,
                log2_range: rep.input.log2_range,
                verdict: rep.verdict,
                verdict_line: rep.verdict_line,
                job: Some(job),
            }),
        };
        self.settle(held, req, by, RequestStatus::Done, outcome)
    }
}

impl Core {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn note_error(&mut self, e: &str) {
        self.stats.last_error = Some(e.to_string());
        self.stats.last_error_ms = Some(self.clock.now_ms());
    }

    /// Feedback steps and the hooks' background work, at most once per poll
    /// unless `force`.
    fn background(
        &mut self,
        q: &RedisQueue,
        hooks: &mut dyn WatcherHooks,
        force: bool,
    ) -> Result<(), FeedbackError> {
        if !force
            && self
                .last_background
                .is_some_and(|t| t.elapsed() < self.cfg.poll)
        {
            return Ok(());
        }
        self.last_background = Some(Instant::now());
        for name in store::sessions(q)? {
            match step_session(
                q,
                &name,
                &self.cfg.policy,
                self.cfg.advisor.as_ref(),
                &self.cfg.consumer,
            ) {
                Ok(_) => {}
                Err(FeedbackError::Queue(e)) => return Err(e.into()),
                Err(e) => tracing::error!(session = %name, "feedback step failed: {e}"),
            }
        }
        hooks.background(q, &self.stats)
    }
}

/// The watcher's side of [`follow`]: hand back on stop, renew the lease,
/// keep the background work going.
struct Follower<'a> {
    core: &'a mut Core,
    hooks: &'a mut dyn WatcherHooks,
    held: &'a Held,
    req: &'a Request,
    job: JobId,
    renew_every: Duration,
    renewed: Instant,
    ended: Option<Flow>,
}

impl FollowHooks for Follower<'_> {
    type Error = FeedbackError;

    fn tick(&mut self, q: &RedisQueue) -> Result<Control, FeedbackError> {
        let me = &self.core.cfg.consumer;
        if self.core.stopping() {
            store::hand_back(q, me, self.held)?;
            let ev = event(
                AuditKind::HandedBack,
                WATCHER,
                self.req,
                &self.core.clock,
                json!({"job": self.job, "reason": "watcher stopping"}),
            );
            store::audit(q, &ev)?;
            self.ended = Some(Flow::Stopped);
            return Ok(Control::Stop);
        }
        if self.renewed.elapsed() >= self.renew_every {
            if !store::renew(q, me, &self.held.entry)? {
                tracing::warn!(request = %self.req.id, "lost the request's lease; another watcher holds it");
                self.ended = Some(Flow::Done);
                return Ok(Control::Stop);
            }
            self.renewed = Instant::now();
        }
        self.core.background(q, self.hooks, false)?;
        Ok(Control::Continue)
    }

    fn unavailable(&mut self, e: &QueueError) {
        tracing::warn!(request = %self.req.id, "redis unavailable while following job {} ({e}); waiting", self.job);
        self.core.note_error(&e.to_string());
    }
}

#[cfg(test)]
mod tests;
