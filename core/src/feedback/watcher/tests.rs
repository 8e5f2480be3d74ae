//! The request state machine over an in-memory store and a manual clock.

use super::*;
use crate::feedback::request::{ManualClock, MemoryStore};
use crate::feedback::session::TriggerKind;
use crate::feedback::SieveParams;
use crate::registry::SourceId;

fn request(id: u64, route: ApprovalRoute) -> Request {
    Request {
        id: RequestId(id),
        session: "s".into(),
        trigger: TriggerKind::SurvivorsExhausted,
        work: Work::Resieve(SieveParams {
            from_index: 0,
            draws: 20,
            sources: vec![SourceId::PhpMtRand],
            seed_range: Some((0, 1 << 20)),
            max_offset: 0,
            max_skip: 0,
        }),
        reasons: vec![],
        advisor: "heuristic".into(),
        route,
        created_ms: 1,
    }
}

fn kinds(store: &MemoryStore) -> Vec<String> {
    store
        .events()
        .into_iter()
        .map(|e| e.event.as_str().to_string())
        .collect()
}

fn done() -> Outcome {
    Outcome {
        verdict: OutcomeVerdict::Recovered,
        job: None,
        found: vec![],
        from_index: 0,
        predicted: vec![],
        seeds_tried: 10,
        error: None,
        run_s: 0.5,
        assessment: None,
    }
}

#[test]
fn the_watcher_route_is_approved_by_the_watcher_at_the_clocks_time() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(5_000));
    store.insert(request(1, ApprovalRoute::Watcher));
    let r = route(&store, &clock, &Message::Request(RequestId(1))).expect("routes");
    assert_eq!(r, Routed::Execute(RequestId(1)));
    let rec = store.record(RequestId(1)).expect("record");
    assert_eq!(rec.status, RequestStatus::Approved);
    assert_eq!(rec.approved_by.as_deref(), Some("watcher"));
    assert_eq!(rec.approved_ms, Some(5_000));
    assert_eq!(kinds(&store), ["approved"]);
    assert_eq!(store.events()[0].ts_ms, 5_000);
    // A re-delivered entry resumes the execution, without a second approval.
    let r = route(&store, &clock, &Message::Request(RequestId(1))).expect("routes");
    assert_eq!(r, Routed::Execute(RequestId(1)));
    assert_eq!(kinds(&store), ["approved"]);
}

#[test]
fn the_human_route_waits_for_an_operator_and_never_self_approves() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(1_000));
    store.insert(request(2, ApprovalRoute::Human));
    let msg = Message::Request(RequestId(2));
    assert_eq!(route(&store, &clock, &msg).expect("routes"), Routed::Done);
    assert_eq!(route(&store, &clock, &msg).expect("routes"), Routed::Done);
    let rec = store.record(RequestId(2)).expect("record");
    assert_eq!(rec.status, RequestStatus::AwaitingApproval);
    assert!(rec.approved_by.is_none());
    assert_eq!(kinds(&store), ["awaiting_approval"]);
    clock.advance(60_000);
    let ok = Message::Approval(RequestId(2), "alice".into());
    assert_eq!(
        route(&store, &clock, &ok).expect("routes"),
        Routed::Execute(RequestId(2))
    );
    let rec = store.record(RequestId(2)).expect("record");
    assert_eq!(rec.status, RequestStatus::Approved);
    assert_eq!(rec.approved_by.as_deref(), Some("alice"));
    assert_eq!(rec.approved_ms, Some(61_000));
    let ev = store.events();
    assert_eq!(
        (ev[1].event.as_str(), ev[1].actor.as_str()),
        ("approved", "alice")
    );
}

#[test]
fn a_late_approval_is_recorded_as_ignored_and_changes_nothing() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(1_000));
    let req = request(3, ApprovalRoute::Watcher);
    store.insert(req.clone());
    route(&store, &clock, &Message::Request(RequestId(3))).expect("routes");
    assert!(settle_request(
        &store,
        &clock,
        &req,
        "watcher",
        RequestStatus::Done,
        &done()
    )
    .expect("settles"));
    let late = Message::Approval(RequestId(3), "bob".into());
    assert_eq!(route(&store, &clock, &late).expect("routes"), Routed::Done);
    let rec = store.record(RequestId(3)).expect("record");
    assert_eq!(rec.status, RequestStatus::Done);
    assert_eq!(rec.approved_by.as_deref(), Some("watcher"));
    assert_eq!(kinds(&store), ["approved", "outcome", "approval_ignored"]);
    assert_eq!(store.events()[2].detail["status"], "done");
}

#[test]
fn dispatch_and_settle_happen_once_in_order() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(1_000));
    let req = request(4, ApprovalRoute::Watcher);
    store.insert(req.clone());
    let d = Dispatch {
        job: JobId::new(),
        shards: 3,
        seeds: 100,
        window: 20,
    };
    // Not approved yet: no dispatch, no settlement.
    assert!(!mark_dispatched(&store, &clock, &req, "watcher", d).expect("cas"));
    assert!(
        !settle_request(&store, &clock, &req, "", RequestStatus::Failed, &done()).expect("cas")
    );
    route(&store, &clock, &Message::Request(RequestId(4))).expect("routes");
    clock.advance(10);
    assert!(mark_dispatched(&store, &clock, &req, "watcher", d).expect("cas"));
    assert!(!mark_dispatched(&store, &clock, &req, "watcher", d).expect("cas"));
    // job_once keeps the first job id.
    assert_eq!(store.job_once(req.id, d.job).expect("job"), d.job);
    assert_eq!(store.job_once(req.id, JobId::new()).expect("job"), d.job);
    clock.advance(10);
    assert!(settle_request(
        &store,
        &clock,
        &req,
        "watcher",
        RequestStatus::Done,
        &done()
    )
    .expect("settles"));
    assert!(!settle_request(
        &store,
        &clock,
        &req,
        "watcher",
        RequestStatus::Failed,
        &done()
    )
    .expect("once"));
    let rec = store.record(req.id).expect("record");
    assert_eq!(rec.status, RequestStatus::Done);
    assert_eq!(
        (rec.dispatched_ms, rec.finished_ms),
        (Some(1_010), Some(1_020))
    );
    assert_eq!(store.inbox(), [("s".to_string(), req.id)]);
    assert_eq!(kinds(&store), ["approved", "dispatched", "outcome"]);
    // A settled request is never routed to execution again.
    let again = route(&store, &clock, &Message::Request(req.id)).expect("routes");
    assert_eq!(again, Routed::Done);
}

#[test]
fn a_status_that_does_not_settle_is_refused() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(1));
    let req = request(5, ApprovalRoute::Watcher);
    store.insert(req.clone());
    let e = settle_request(&store, &clock, &req, "", RequestStatus::Approved, &done());
    assert!(matches!(e, Err(FeedbackError::Invalid(_))), "{e:?}");
}

#[test]
fn an_unknown_request_is_invalid_for_the_dead_letter_stream() {
    let (store, clock) = (MemoryStore::default(), ManualClock::at(1));
    let r = route(&store, &clock, &Message::Request(RequestId(99)));
    assert!(matches!(r, Err(FeedbackError::Invalid(_))), "{r:?}");
}
