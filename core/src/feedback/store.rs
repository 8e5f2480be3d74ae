//! The feedback loop's Redis side.
//!
//! # Keys (under `ROOT:vN:`)
//!
//! | key | type | holds |
//! |---|---|---|
//! | `draws:NAME` | stream, entry id `INDEX-1` | one draw per entry: `v`, `value`, `ts_ms`; Redis refuses an id not above the last, so a repeated index is rejected |
//! | `sessions` | set | session names |
//! | `session:NAME` | string | [`SessionState`] as JSON |
//! | `session:NAME:diag` | stream | one [`Point`] per scored draw (`point` field, JSON) |
//! | `session:NAME:inbox` | list | ids of settled requests whose outcome the session has not taken in |
//! | `requests:seq` | counter | the last request id |
//! | `request:ID` | hash | `body` ([`Request`] JSON), `status`, `approved_by`, `job`, `outcome`, timings |
//! | `stream:requests` | stream, group `watchers` | `type` = `request` or `approval`, `request` = ID, `by` (approvals) |
//! | `stream:audit` | stream | every decision: `event` (JSON [`AuditEvent`]) |
//! | `watcher:halt` | string | the halt reason while halted |
//!
//! (Every key, with its owner and lifetime, is in [`crate::redis::keys`].)
//!
//! Request entries are leased with the shards' lease ([`LeaseStream`]): the
//! holder is checked with `XPENDING` in each script, renewal re-claims the
//! entry, a stopping watcher hands it back (ack, delete, re-add), a crashed
//! one's entry is taken over with `XAUTOCLAIM` after the lease, and a group
//! lost with the server's data is created again. The record's status moves by
//! compare-and-set, the dispatched job id is set once (`HSETNX`), and the
//! outcome is recorded once, so a re-delivered entry resumes where the last
//! holder stopped instead of running the work again.

use super::session::{Point, SessionState};
use super::{Draw, FeedbackError, RequestId};
use crate::job::{WorkerId, PROTOCOL_VERSION};
use crate::queue::QueueError;
use crate::redis::conn::{fault, Fault};
use crate::redis::lease::{raw_fields, LeaseStream};
use crate::redis::{now_ms, RedisQueue, StreamKind};
use redis::streams::{StreamId, StreamRangeReply};
use serde::{Deserialize, Serialize};

mod requests;
pub use requests::*;

// Request records moved to `records` (Redis) and `request` (the status
// machine); these names stay here for callers.
pub use super::records::{enqueue_approval, job_once, raise, record, settle, transition};
pub use super::request::RequestRecord;

/// Key of a draw stream.
pub fn draws_key(q: &RedisQueue, name: &str) -> String {
    q.keys().draws(name)
}
/// Key of the audit stream.
pub fn audit_key(q: &RedisQueue) -> String {
    q.keys().audit()
}
fn halt_key(q: &RedisQueue) -> String {
    q.keys().halt()
}
fn requests(q: &RedisQueue) -> LeaseStream {
    q.lease_stream(StreamKind::Requests)
}

/// `XRANGE key start + COUNT count` (`start` may be exclusive: `(ID`).
fn xrange(
    q: &RedisQueue,
    key: &str,
    start: &str,
    count: usize,
) -> Result<StreamRangeReply, QueueError> {
    q.with(|c| {
        redis::cmd("XRANGE")
            .arg(key)
            .arg(start)
            .arg("+")
            .arg("COUNT")
            .arg(count.max(1))
            .query(c)
    })
}

/// `XREVRANGE key + - COUNT count`: the newest entries first.
fn xrevrange(q: &RedisQueue, key: &str, count: usize) -> Result<StreamRangeReply, QueueError> {
    q.with(|c| {
        redis::cmd("XREVRANGE")
            .arg(key)
            .arg("+")
            .arg("-")
            .arg("COUNT")
            .arg(count.max(1))
            .query(c)
    })
}

/// Checks a stream or session name: 1 to 64 of `[A-Za-z0-9_.-]`.
///
/// # Errors
/// [`FeedbackError::Invalid`] naming the bad name.
pub fn check_name(what: &str, name: &str) -> Result<(), FeedbackError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(FeedbackError::Invalid(format!(
            "{what} name {name:?}: use 1 to 64 of A-Z a-z 0-9 _ - ."
        )))
    }
}

/// Whether [`append_draw`] stored the draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    /// Stored.
    New,
    /// Refused: the stream already holds this index or a later one.
    Repeated,
}

/// Appends one draw as entry `INDEX-1` of `draws:NAME`.
///
/// # Errors
/// [`QueueError`] when Redis fails (a repeated index is [`Appended::Repeated`]).
pub fn append_draw(q: &RedisQueue, stream: &str, d: &Draw) -> Result<Appended, QueueError> {
    let key = draws_key(q, stream);
    let r = q.redis().with_raw(|c| {
        redis::cmd("XADD")
            .arg(&key)
            .arg(format!("{}-1", d.index))
            .arg("v")
            .arg(PROTOCOL_VERSION)
            .arg("value")
            .arg(d.value)
            .arg("ts_ms")
            .arg(d.ts_ms)
            .query::<String>(c)
    });
    match r {
        Ok(_) => Ok(Appended::New),
        Err(e) if fault(&e) == Fault::IdNotAbove => Ok(Appended::Repeated),
        Err(e) => Err(q.redis().note(&e)),
    }
}

/// The last index of a draw stream, if it has any entry.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn last_index(q: &RedisQueue, stream: &str) -> Result<Option<u64>, QueueError> {
    let r = xrevrange(q, &draws_key(q, stream), 1)?;
    Ok(r.ids.first().and_then(|e| entry_index(&e.id)))
}

fn entry_index(id: &str) -> Option<u64> {
    id.split('-').next()?.parse().ok()
}

/// An entry of a draw stream that is not a usable draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadDraw {
    /// Its stream index (from the entry id).
    pub index: u64,
    /// The entry id.
    pub id: String,
    /// Why it is unusable.
    pub reason: String,
    /// Its fields as JSON.
    pub raw: String,
}

fn parse_draw(e: &StreamId, range: (i64, i64)) -> Result<Draw, String> {
    let index = entry_index(&e.id).ok_or("entry id is not INDEX-SEQ")?;
    let v: Option<String> = e.get("v");
    if v.as_deref().map(str::trim) != Some(&PROTOCOL_VERSION.to_string()) {
        return Err(format!("field `v` is {v:?}, expected {PROTOCOL_VERSION:?}"));
    }
    let value: String = e.get("value").ok_or("no field `value`")?;
    let value: i64 = value
        .trim()
        .parse()
        .map_err(|_| format!("field `value` {value:?} is not an integer"))?;
    if value < range.0 || value > range.1 {
        return Err(format!(
            "field `value` {value} is outside the session's range [{}, {}]",
            range.0, range.1
        ));
    }
    let ts: Option<String> = e.get("ts_ms");
    let ts_ms = match ts {
        None => 0,
        Some(t) => t
            .trim()
            .parse()
            .map_err(|_| format!("field `ts_ms` {t:?} is not milliseconds"))?,
    };
    Ok(Draw {
        index,
        value,
        ts_ms,
    })
}

/// Up to `count` entries of a draw stream from index `from` on, split into
/// draws in `[min, max]` and unusable entries.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn read_draws(
    q: &RedisQueue,
    stream: &str,
    from: u64,
    count: usize,
    range: (i64, i64),
) -> Result<(Vec<Draw>, Vec<BadDraw>), QueueError> {
    let r = xrange(q, &draws_key(q, stream), &format!("{from}-0"), count)?;
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for e in &r.ids {
        match parse_draw(e, range) {
            Ok(d) => good.push(d),
            Err(reason) => bad.push(BadDraw {
                index: entry_index(&e.id).unwrap_or(from),
                id: e.id.clone(),
                reason,
                raw: raw_fields(e),
            }),
        }
    }
    Ok((good, bad))
}

/// Sends an unusable entry (draw or request) to the dead-letter stream.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn dead_letter(
    q: &RedisQueue,
    kind: &str,
    from: &str,
    id: &str,
    reason: &str,
    raw: &str,
) -> Result<(), QueueError> {
    let dead = q.keys().dead();
    q.with(|c| {
        redis::cmd("XADD")
            .arg(&dead)
            .arg("*")
            .arg("kind")
            .arg(kind)
            .arg("stream")
            .arg(from)
            .arg("from_id")
            .arg(id)
            .arg("error")
            .arg(reason)
            .arg("at_ms")
            .arg(now_ms())
            .arg("raw")
            .arg(raw)
            .query::<String>(c)
    })
    .map(|_| ())
}

/// Saves a session (and lists its name).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn save_session(q: &RedisQueue, s: &SessionState) -> Result<(), QueueError> {
    let body = serde_json::to_string(s).map_err(|e| QueueError::Backend(e.to_string()))?;
    let (key, set) = (q.keys().session(&s.config.name), q.keys().sessions());
    q.with(|c| {
        redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(&key)
            .arg(&body)
            .ignore()
            .cmd("SADD")
            .arg(&set)
            .arg(&s.config.name)
            .ignore()
            .query::<()>(c)
    })
}

/// Loads a session.
///
/// # Errors
/// [`FeedbackError::Invalid`] when it does not exist or cannot be read.
pub fn load_session(q: &RedisQueue, name: &str) -> Result<SessionState, FeedbackError> {
    let key = q.keys().session(name);
    let body: Option<String> = q.with(|c| redis::cmd("GET").arg(&key).query(c))?;
    let body = body.ok_or_else(|| {
        FeedbackError::Invalid(format!(
            "no watch session {name:?} under {}",
            q.keys().base()
        ))
    })?;
    serde_json::from_str(&body)
        .map_err(|e| FeedbackError::Invalid(format!("session {name:?}: unreadable state: {e}")))
}

/// Every session name, sorted.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn sessions(q: &RedisQueue) -> Result<Vec<String>, QueueError> {
    let set = q.keys().sessions();
    let mut v: Vec<String> = q.with(|c| redis::cmd("SMEMBERS").arg(&set).query(c))?;
    v.sort();
    Ok(v)
}

/// Appends points to a session's time series.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn append_points(q: &RedisQueue, name: &str, points: &[Point]) -> Result<(), QueueError> {
    if points.is_empty() {
        return Ok(());
    }
    let key = q.keys().session_diag(name);
    let mut p = redis::pipe();
    for pt in points {
        let body = serde_json::to_string(pt).map_err(|e| QueueError::Backend(e.to_string()))?;
        p.cmd("XADD")
            .arg(&key)
            .arg("*")
            .arg("point")
            .arg(body)
            .ignore();
    }
    q.with(|c| p.query::<()>(c))
}

/// The last `count` points of a session's time series, oldest first.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn points(q: &RedisQueue, name: &str, count: usize) -> Result<Vec<Point>, QueueError> {
    let r = xrevrange(q, &q.keys().session_diag(name), count)?;
    let mut v: Vec<Point> = r
        .ids
        .iter()
        .filter_map(|e| e.get::<String>("point"))
        .filter_map(|s| serde_json::from_str(&s).ok())
        .collect();
    v.reverse();
    Ok(v)
}

/// Takes the next settled request id from a session's inbox.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn pop_inbox(q: &RedisQueue, name: &str) -> Result<Option<RequestId>, QueueError> {
    let key = q.keys().session_inbox(name);
    let v: Option<u64> = q.with(|c| redis::cmd("LPOP").arg(&key).query(c))?;
    Ok(v.map(RequestId))
}

/// What an [`AuditEvent`] records. Serialized snake_case, the `event`
/// strings of the audit stream and the daemon's JSONL mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// A watch session was created (`step`).
    SessionCreated,
    /// A trigger fired on a session.
    Trigger,
    /// The advisor proposed work.
    Proposal,
    /// The advisor proposed nothing.
    NoProposal,
    /// Acceptance took a proposal: a request was raised.
    Accepted,
    /// Acceptance refused a proposal (bounds, cooldown, rate limit).
    Rejected,
    /// A request waits for an operator's approval.
    AwaitingApproval,
    /// A request was approved (by route or by an operator).
    Approved,
    /// An approval came for a request no longer awaiting one.
    ApprovalIgnored,
    /// A request's job was submitted.
    Dispatched,
    /// A request settled (`done` or `failed`) with its outcome.
    Outcome,
    /// A session took a settled request's outcome in.
    Adopted,
    /// An operator halted dispatch (`scheduler watch halt`).
    Halt,
    /// An operator resumed dispatch (`scheduler watch resume`).
    Resume,
    /// An unusable entry went to the dead-letter stream.
    DeadLetter,
    /// A stopping watcher handed a request back.
    HandedBack,
}

impl AuditKind {
    /// Every kind.
    pub const ALL: [AuditKind; 16] = [
        AuditKind::SessionCreated,
        AuditKind::Trigger,
        AuditKind::Proposal,
        AuditKind::NoProposal,
        AuditKind::Accepted,
        AuditKind::Rejected,
        AuditKind::AwaitingApproval,
        AuditKind::Approved,
        AuditKind::ApprovalIgnored,
        AuditKind::Dispatched,
        AuditKind::Outcome,
        AuditKind::Adopted,
        AuditKind::Halt,
        AuditKind::Resume,
        AuditKind::DeadLetter,
        AuditKind::HandedBack,
    ];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::SessionCreated => "session_created",
            AuditKind::Trigger => "trigger",
            AuditKind::Proposal => "proposal",
            AuditKind::NoProposal => "no_proposal",
            AuditKind::Accepted => "accepted",
            AuditKind::Rejected => "rejected",
            AuditKind::AwaitingApproval => "awaiting_approval",
            AuditKind::Approved => "approved",
            AuditKind::ApprovalIgnored => "approval_ignored",
            AuditKind::Dispatched => "dispatched",
            AuditKind::Outcome => "outcome",
            AuditKind::Adopted => "adopted",
            AuditKind::Halt => "halt",
            AuditKind::Resume => "resume",
            AuditKind::DeadLetter => "dead_letter",
            AuditKind::HandedBack => "handed_back",
        }
    }
}

impl std::fmt::Display for AuditKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One decision of the feedback loop or the watcher.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// When, ms since the epoch.
    pub ts_ms: u64,
    /// What happened.
    pub event: AuditKind,
    /// Who decided: `feedback`, `advisor:NAME`, `acceptance`, `watcher`, or the operator.
    pub actor: String,
    /// The session, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The request, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestId>,
    /// Details (trigger, proposal, reason, job, outcome...).
    pub detail: serde_json::Value,
}

impl AuditEvent {
    /// An event now.
    pub fn new(
        event: AuditKind,
        actor: &str,
        session: Option<&str>,
        request: Option<RequestId>,
        detail: serde_json::Value,
    ) -> Self {
        AuditEvent {
            ts_ms: now_ms(),
            event,
            actor: actor.into(),
            session: session.map(str::to_string),
            request,
            detail,
        }
    }
}

/// Appends an event to the audit stream; returns its entry id.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn audit(q: &RedisQueue, ev: &AuditEvent) -> Result<String, QueueError> {
    let body = serde_json::to_string(ev).map_err(|e| QueueError::Backend(e.to_string()))?;
    let key = audit_key(q);
    q.with(|c| {
        redis::cmd("XADD")
            .arg(&key)
            .arg("*")
            .arg("event")
            .arg(&body)
            .query(c)
    })
}

/// Audit events after entry id `after` (exclusive; `0-0` for all), up to
/// `count`, with their entry ids.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn audit_since(
    q: &RedisQueue,
    after: &str,
    count: usize,
) -> Result<Vec<(String, AuditEvent)>, QueueError> {
    let r = xrange(q, &audit_key(q), &format!("({after}"), count)?;
    Ok(r.ids
        .iter()
        .filter_map(|e| {
            let s: String = e.get("event")?;
            Some((e.id.clone(), serde_json::from_str(&s).ok()?))
        })
        .collect())
}

/// The first settled request id in a session's inbox, left in place until
/// [`pop_inbox`] (take it in, save the session, then pop: a crash in between
/// takes the same outcome in again, which changes nothing).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn peek_inbox(q: &RedisQueue, name: &str) -> Result<Option<RequestId>, QueueError> {
    let key = q.keys().session_inbox(name);
    let v: Option<u64> = q.with(|c| redis::cmd("LINDEX").arg(&key).arg(0).query(c))?;
    Ok(v.map(RequestId))
}

/// Takes a lock on a session's step for `ms` milliseconds (`SET NX PX`), so
/// that two watchers never step one session at once; `false` when another
/// holds it.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn lock_session(
    q: &RedisQueue,
    name: &str,
    me: &WorkerId,
    ms: u64,
) -> Result<bool, QueueError> {
    let key = q.keys().session_lock(name);
    let r: Option<String> = q.with(|c| {
        redis::cmd("SET")
            .arg(&key)
            .arg(&me.0)
            .arg("NX")
            .arg("PX")
            .arg(ms.max(1))
            .query(c)
    })?;
    if r.is_some() {
        return Ok(true);
    }
    let holder: Option<String> = q.with(|c| redis::cmd("GET").arg(&key).query(c))?;
    if holder.as_deref() == Some(me.0.as_str()) {
        q.with(|c| {
            redis::cmd("PEXPIRE")
                .arg(&key)
                .arg(ms.max(1))
                .query::<i64>(c)
        })?;
        return Ok(true);
    }
    Ok(false)
}

/// Halts dispatch with `reason` (until [`resume`]).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn halt(q: &RedisQueue, reason: &str) -> Result<(), QueueError> {
    let key = halt_key(q);
    q.with(|c| redis::cmd("SET").arg(&key).arg(reason).query::<()>(c))
}

/// Lifts a halt; `false` when none was in force.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn resume(q: &RedisQueue) -> Result<bool, QueueError> {
    let key = halt_key(q);
    let n: i64 = q.with(|c| redis::cmd("DEL").arg(&key).query(c))?;
    Ok(n == 1)
}

/// The halt reason in force, if any.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn halted(q: &RedisQueue) -> Result<Option<String>, QueueError> {
    let key = halt_key(q);
    q.with(|c| redis::cmd("GET").arg(&key).query(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_kinds_keep_their_json_names() {
        let names = [
            "session_created",
            "trigger",
            "proposal",
            "no_proposal",
            "accepted",
            "rejected",
            "awaiting_approval",
            "approved",
            "approval_ignored",
            "dispatched",
            "outcome",
            "adopted",
            "halt",
            "resume",
            "dead_letter",
            "handed_back",
        ];
        for (k, name) in AuditKind::ALL.into_iter().zip(names) {
            assert_eq!(k.as_str(), name);
            assert_eq!(format!("{k:<18}|"), format!("{name:<18}|"));
            assert_eq!(serde_json::to_value(k).expect("serializes"), name);
        }
        // An entry as stored in the audit stream still reads, and writes back
        // byte for byte.
        let stored = r#"{"ts_ms":5,"event":"awaiting_approval","actor":"watcher","request":7,"detail":{"route":"operator"}}"#;
        let ev: AuditEvent = serde_json::from_str(stored).expect("reads");
        assert_eq!(ev.event, AuditKind::AwaitingApproval);
        assert_eq!(serde_json::to_string(&ev).expect("writes"), stored);
        assert!(serde_json::from_str::<AuditEvent>(
            &stored.replace("awaiting_approval", "no_such_event")
        )
        .is_err());
    }
}
