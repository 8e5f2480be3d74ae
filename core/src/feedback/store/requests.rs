//! The request stream's lease: the watcher's claim, renewal, ack and
//! hand-back, on the shards' [`LeaseStream`](crate::redis::lease::LeaseStream).
//! The request records themselves are in [`crate::feedback::records`].

use super::{audit, requests, AuditEvent, AuditKind};
use crate::feedback::RequestId;
use crate::job::{WorkerId, PROTOCOL_VERSION};
use crate::queue::QueueError;
use crate::redis::lease::{fields_of, Acked, Renewed};
use crate::redis::RedisQueue;
use redis::streams::StreamId;
use std::time::Duration;

/// A message of the requests stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A request to act on.
    Request(RequestId),
    /// An operator's approval of a request.
    Approval(RequestId, String),
}

/// A leased entry of the requests stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// The entry id.
    pub entry: String,
    /// What it says.
    pub message: Message,
    /// Its fields, to re-add on hand-back.
    pub fields: Vec<(String, String)>,
}

fn parse_message(e: &StreamId) -> Result<Message, String> {
    let v: Option<String> = e.get("v");
    if v.as_deref().map(str::trim) != Some(&PROTOCOL_VERSION.to_string()) {
        return Err(format!("field `v` is {v:?}, expected {PROTOCOL_VERSION:?}"));
    }
    let id: String = e.get("request").ok_or("no field `request`")?;
    let id: RequestId = id.parse()?;
    match e.get::<String>("type").as_deref() {
        Some("request") => Ok(Message::Request(id)),
        Some("approval") => {
            let by: String = e.get("by").ok_or("approval without field `by`")?;
            if by.trim().is_empty() || by == "watcher" {
                return Err(format!("approval `by` {by:?} must name an operator"));
            }
            Ok(Message::Approval(id, by))
        }
        t => Err(format!(
            "field `type` is {t:?}, expected \"request\" or \"approval\""
        )),
    }
}

/// Claims one entry of the requests stream: first one whose lease expired
/// (`XAUTOCLAIM`, a crashed watcher's), then a new one (`XREADGROUP`, waiting
/// up to `block`). Malformed entries go to the dead-letter stream with their
/// reason and are acked. A consumer group lost with the server's data is
/// created again (and the claim finds nothing this time).
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn claim(q: &RedisQueue, me: &WorkerId, block: Duration) -> Result<Option<Held>, QueueError> {
    let ls = requests(q);
    let mut entries = ls.reclaim(q.redis(), &me.0, "0-0", 1)?.claimed;
    if entries.is_empty() {
        entries = ls.read(q.redis(), &me.0, 1, block)?;
    } else {
        tracing::warn!(entry = %entries[0].id, "took over a request entry whose lease expired");
    }
    for e in entries {
        match parse_message(&e) {
            Ok(message) => {
                return Ok(Some(Held {
                    entry: e.id.clone(),
                    fields: fields_of(&e),
                    message,
                }))
            }
            Err(why) => {
                tracing::error!(entry = %e.id, "malformed request sent to the dead-letter stream: {why}");
                ls.dead_letter(q.redis(), &me.0, &e, &why)?;
                let _ = audit(
                    q,
                    &AuditEvent::new(
                        AuditKind::DeadLetter,
                        &me.0,
                        None,
                        None,
                        serde_json::json!({"entry": e.id, "reason": why}),
                    ),
                );
            }
        }
    }
    Ok(None)
}

/// Renews the lease on a held entry; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn renew(q: &RedisQueue, me: &WorkerId, entry: &str) -> Result<bool, QueueError> {
    Ok(requests(q).renew(q.redis(), &me.0, entry, None)? == Renewed::Held)
}

/// Acks and deletes a held entry; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn ack(q: &RedisQueue, me: &WorkerId, entry: &str) -> Result<bool, QueueError> {
    Ok(requests(q).ack(q.redis(), &me.0, entry, None)? == Acked::Recorded)
}

/// Hands a held entry back (ack, delete, re-add with the same fields) so that
/// another watcher takes it at once; `false` when it is no longer ours.
///
/// # Errors
/// [`QueueError`] when Redis fails.
pub fn hand_back(q: &RedisQueue, me: &WorkerId, held: &Held) -> Result<bool, QueueError> {
    requests(q).hand_back(q.redis(), &me.0, &held.entry, &held.fields, None)
}
