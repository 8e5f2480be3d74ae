//! The feedback loop's step on one session: take in settled outcomes, score
//! new draws, dead-letter unusable ones, evaluate the triggers, ask the
//! advisor, run acceptance and raise the request. Every decision is audited.

use super::advisor::{accept, Acceptance, Advisor};
use super::policy::Policies;
use super::session::{SessionConfig, SessionState};
use super::store::{self, AuditEvent, AuditKind};
use super::{Draw, FeedbackError, Found, Request, RequestId, SieveParams};
use crate::engine::{finish, run_embedded};
use crate::job::{JobId, WorkerId};
use crate::plan::{plan, Planned, SubmitOptions};
use crate::redis::{now_ms, RedisQueue};
use crate::report::Report;
use serde_json::json;

/// Draws scored per step at most.
pub const STEP_DRAWS: usize = 4096;

/// What one step did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepReport {
    /// Draws scored.
    pub scored: usize,
    /// Entries sent to the dead-letter stream.
    pub dead: usize,
    /// Outcomes taken in.
    pub adopted: usize,
    /// The request raised, if any.
    pub raised: Option<RequestId>,
}

/// The longest run of consecutive indices at the start of `draws`, from
/// `from`, at most `max` long, as values.
pub fn contiguous(draws: &[Draw], from: u64, max: usize) -> Vec<i64> {
    draws
        .iter()
        .zip(from..)
        .take_while(|(d, want)| d.index == *want)
        .take(max)
        .map(|(d, _)| d.value)
        .collect()
}

/// Plans the sieve job of `p` on `session`'s draw stream, with job id `id`.
///
/// # Errors
/// [`FeedbackError::Invalid`] when too few consecutive draws exist,
/// [`FeedbackError::Plan`] when the plan fails, [`FeedbackError::Queue`].
pub fn plan_sieve(
    q: &RedisQueue,
    c: &SessionConfig,
    p: &SieveParams,
    id: JobId,
) -> Result<Planned, FeedbackError> {
    let (draws, _) =
        store::read_draws(q, &c.stream, p.from_index, p.draws as usize, (c.min, c.max))?;
    let values = contiguous(&draws, p.from_index, p.draws as usize);
    if values.len() < 2 {
        return Err(FeedbackError::Invalid(format!(
            "draw stream {:?} has {} consecutive draws from index {}: too few to sieve",
            c.stream,
            values.len(),
            p.from_index
        )));
    }
    let mut planned = plan(
        &values,
        c.min,
        c.max,
        &SubmitOptions {
            sources: p.sources.clone(),
            seed_range: p.seed_range,
            max_offset: p.max_offset,
            max_skip: p.max_skip,
            max_mismatches: 0,
            predict: 0,
        },
    )?;
    planned.spec.id = id;
    Ok(planned)
}

/// The candidates of a report as [`Found`].
pub fn found_of(r: &Report) -> Vec<Found> {
    r.candidates
        .iter()
        .map(|c| Found {
            prng: c.prng,
            reduction: c.reduction,
            seed: c.seed,
            offset: c.offset,
            skip: c.skip,
        })
        .collect()
}

/// A session about to be created: its first sieve planned on the stream's
/// draws so far ([`plan_session`]), not yet run.
#[derive(Clone, Debug)]
pub struct SessionStart {
    /// The session's configuration.
    pub config: SessionConfig,
    /// Index of the first draw sieved on.
    pub first: u64,
    /// Consecutive draws sieved on, from `first`.
    pub draws: usize,
    /// The first sieve's job (id, spec, expected false survivors).
    pub planned: Planned,
}

/// `scheduler watch-session create`, first half: checks the names, that no
/// such session exists and that the stream has draws, and plans the main
/// job on the stream's first [`STEP_DRAWS`] consecutive draws (job id
/// `id`). Nothing is written. Run the job embedded ([`run_embedded`], or
/// [`sweep_session`]) or on the fleet, then [`save_new_session`].
///
/// # Errors
/// [`FeedbackError::Invalid`] when the session exists or the stream has too
/// few draws; planning errors.
pub fn plan_session(
    q: &RedisQueue,
    config: SessionConfig,
    id: JobId,
) -> Result<SessionStart, FeedbackError> {
    store::check_name("session", &config.name)?;
    store::check_name("stream", &config.stream)?;
    if store::load_session(q, &config.name).is_ok() {
        return Err(FeedbackError::Invalid(format!(
            "watch session {:?} exists",
            config.name
        )));
    }
    let (draws, bad) =
        store::read_draws(q, &config.stream, 0, STEP_DRAWS, (config.min, config.max))?;
    let Some(first) = draws.first().map(|d| d.index) else {
        return Err(FeedbackError::Invalid(format!(
            "draw stream {:?} has no usable draw yet{}",
            config.stream,
            bad.first()
                .map(|b| format!(" (entry {}: {})", b.id, b.reason))
                .unwrap_or_default()
        )));
    };
    let values = contiguous(&draws, first, STEP_DRAWS);
    let params = SieveParams {
        from_index: first,
        draws: values.len() as u32,
        sources: config.sources.clone(),
        seed_range: config.seed_range,
        max_offset: config.max_offset,
        max_skip: config.max_skip,
    };
    let planned = plan_sieve(q, &config, &params, id)?;
    Ok(SessionStart {
        config,
        first,
        draws: values.len(),
        planned,
    })
}

/// Runs a planned session's main job embedded on `workers` CPU threads;
/// `progress` gets seeds done as shards finish (increments).
///
/// # Errors
/// Engine errors.
pub fn sweep_session(
    start: &SessionStart,
    workers: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report, FeedbackError> {
    let t = std::time::Instant::now();
    let results = run_embedded(&start.planned.spec, workers, (workers * 8) as u64, progress)?;
    Ok(finish(&start.planned, &results, t.elapsed().as_secs_f64())?)
}

/// `scheduler watch-session create`, second half: saves the session with
/// the survivors of `report` (its main job's report, embedded or fleet) and
/// audits its creation by `actor`.
///
/// # Errors
/// [`FeedbackError::Invalid`] when a session of that name appeared in the
/// meantime; [`FeedbackError::Queue`].
pub fn save_new_session(
    q: &RedisQueue,
    start: &SessionStart,
    report: &Report,
    actor: &str,
) -> Result<SessionState, FeedbackError> {
    if store::load_session(q, &start.config.name).is_ok() {
        return Err(FeedbackError::Invalid(format!(
            "watch session {:?} exists (created while this one was sieving)",
            start.config.name
        )));
    }
    let cursor = start.first + start.draws as u64;
    let s = SessionState::new(
        start.config.clone(),
        &found_of(report),
        start.first,
        cursor,
        now_ms(),
    );
    store::save_session(q, &s)?;
    store::audit(
        q,
        &AuditEvent::new(
            AuditKind::SessionCreated,
            actor,
            Some(&s.config.name),
            None,
            json!({"stream": s.config.stream, "draws": start.draws, "from_index": start.first,
                   "verdict": report.verdict.as_str(), "survivors": s.survivors.len(),
                   "seeds_tried": report.searched.seeds_tried,
                   "job": start.planned.spec.id.to_string()}),
        ),
    )?;
    Ok(s)
}

/// `scheduler watch-session create` in one call: [`plan_session`], the main
/// job embedded on `workers` threads, [`save_new_session`].
///
/// # Errors
/// [`FeedbackError::Invalid`] when the session exists or the stream has too
/// few draws; planning and engine errors.
pub fn create_session(
    q: &RedisQueue,
    config: SessionConfig,
    workers: usize,
    actor: &str,
) -> Result<(SessionState, Report), FeedbackError> {
    let start = plan_session(q, config, JobId::new())?;
    let report = sweep_session(&start, workers, &|_| {})?;
    let s = save_new_session(q, &start, &report, actor)?;
    Ok((s, report))
}

/// One step of session `name` (skipped, returning `None`, when another
/// watcher holds its lock).
///
/// # Errors
/// [`FeedbackError`] when Redis fails or the session is unreadable.
pub fn step_session(
    q: &RedisQueue,
    name: &str,
    policy: &Policies,
    advisor: &dyn Advisor,
    me: &WorkerId,
) -> Result<Option<StepReport>, FeedbackError> {
    if !store::lock_session(q, name, me, q.lease().as_millis() as u64)? {
        return Ok(None);
    }
    let mut s = store::load_session(q, name)?;
    let mut rep = StepReport::default();
    let range = (s.config.min, s.config.max);
    // Outcomes first: peek, take in, save, then pop.
    while let Some(rid) = store::peek_inbox(q, name)? {
        // A settled request is no longer open, whatever its record says.
        if s.open_request == Some(rid) {
            s.open_request = None;
        }
        if let Ok(rec) = store::record(q, rid) {
            if let Some(out) = &rec.outcome {
                let (later, _) =
                    store::read_draws(q, &s.config.stream, out.from_index, STEP_DRAWS, range)?;
                let before = s.survivors.len();
                s.adopt(out, &later, policy);
                store::audit(
                    q,
                    &AuditEvent::new(
                        AuditKind::Adopted,
                        "feedback",
                        Some(name),
                        Some(rid),
                        json!({"verdict": out.verdict, "found": out.found.len(),
                               "survivors_before": before, "survivors": s.survivors.len(),
                               "exhausted_at": s.exhausted_at,
                               "failed_resieves": s.failed_resieves}),
                    ),
                )?;
                rep.adopted += 1;
            }
        }
        store::save_session(q, &s)?;
        store::pop_inbox(q, name)?;
    }
    let (good, bad) = store::read_draws(q, &s.config.stream, s.cursor, STEP_DRAWS, range)?;
    let draws_key = store::draws_key(q, &s.config.stream);
    for b in &bad {
        if b.index < s.cursor {
            continue;
        }
        // Score the good draws before it, then step past it.
        let before: Vec<Draw> = good.iter().filter(|d| d.index < b.index).copied().collect();
        let pts = s.score(&before, policy);
        rep.scored += pts.len();
        store::append_points(q, name, &pts)?;
        store::dead_letter(q, "draws", &draws_key, &b.id, &b.reason, &b.raw)?;
        store::audit(
            q,
            &AuditEvent::new(
                AuditKind::DeadLetter,
                "feedback",
                Some(name),
                None,
                json!({"entry": b.id, "reason": b.reason}),
            ),
        )?;
        s.cursor = s.cursor.max(b.index + 1);
        rep.dead += 1;
    }
    let pts = s.score(&good, policy);
    rep.scored += pts.len();
    store::append_points(q, name, &pts)?;
    let now = now_ms();
    if now >= s.quiet_until_ms {
        if let Some(t) = s.trigger(policy) {
            store::audit(
                q,
                &AuditEvent::new(
                    AuditKind::Trigger,
                    "feedback",
                    Some(name),
                    None,
                    serde_json::to_value(&t)?,
                ),
            )?;
            let proposals = advisor.advise(&s, &t, policy);
            let actor = format!("advisor:{}", advisor.name());
            match proposals.first() {
                None => {
                    store::audit(
                        q,
                        &AuditEvent::new(
                            AuditKind::NoProposal,
                            &actor,
                            Some(name),
                            None,
                            json!({"trigger": t.name()}),
                        ),
                    )?;
                    s.quiet_until_ms =
                        now.saturating_add(policy.limits.cooldown_s.max(5).saturating_mul(1000));
                }
                Some(p) => {
                    store::audit(
                        q,
                        &AuditEvent::new(
                            AuditKind::Proposal,
                            &actor,
                            Some(name),
                            None,
                            serde_json::to_value(p)?,
                        ),
                    )?;
                    match accept(p, &s, policy, now) {
                        Acceptance::Rejected {
                            reason,
                            retry_at_ms,
                        } => {
                            // Quiet until the same proposal could pass; a
                            // rejection on bounds waits for a new state.
                            s.quiet_until_ms = retry_at_ms.unwrap_or(now.saturating_add(
                                policy.limits.cooldown_s.max(30).saturating_mul(1000),
                            ));
                            store::audit(
                                q,
                                &AuditEvent::new(
                                    AuditKind::Rejected,
                                    "acceptance",
                                    Some(name),
                                    None,
                                    json!({"reason": reason, "quiet_until_ms": s.quiet_until_ms}),
                                ),
                            )?;
                        }
                        Acceptance::Accepted { work, notes } => {
                            let mut reasons = p.reasons.clone();
                            reasons.extend(notes.iter().cloned());
                            let mut req = Request {
                                id: RequestId(0),
                                session: name.to_string(),
                                trigger: t.kind(),
                                work,
                                reasons,
                                advisor: advisor.name().to_string(),
                                route: policy.approval_route,
                                created_ms: now,
                            };
                            let id = store::raise(q, &mut req)?;
                            s.open_request = Some(id);
                            s.accepted_ms.retain(|&a| now.saturating_sub(a) < 3_600_000);
                            s.accepted_ms.push(now);
                            store::audit(
                                q,
                                &AuditEvent::new(
                                    AuditKind::Accepted,
                                    "acceptance",
                                    Some(name),
                                    Some(id),
                                    json!({"work": req.work, "clamped": notes, "route": req.route.as_str()}),
                                ),
                            )?;
                            rep.raised = Some(id);
                        }
                    }
                }
            }
        }
    }
    store::save_session(q, &s)?;
    Ok(Some(rep))
}
