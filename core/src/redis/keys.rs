//! Every Redis key and stream of seedsieve, in one table: [`Keys`].
//!
//! Every key lives under a versioned prefix `ROOT:vN:` (ROOT is `seedsieve`
//! unless configured, N is [`PROTOCOL_VERSION`]). Each method of [`Keys`] is
//! one row of this table (mirrored in `docs/operations.md`):
//!
//! | key | type | owner (writer) | lifetime |
//! |---|---|---|---|
//! | `stream:sieve`, `stream:score`, `stream:train` | stream, group `workers` | scheduler adds, workers lease | an entry is deleted when acked, retried or dead-lettered; never trimmed |
//! | `stream:requests` | stream, group `watchers` | feedback loop and `approve` add, the watcher leases | an entry is deleted when acked or handed back |
//! | `stream:dead` | stream | workers, watcher | dead-letter: kept until an operator trims it |
//! | `stream:audit` | stream | feedback loop, watcher | every decision; kept |
//! | `delay:KIND` | sorted set (score: due ms) | workers | a member lives until its retry is due |
//! | `jobs` | sorted set (score: created ms) | scheduler | a member is removed by `scheduler purge` once its job is gone |
//! | `job:ID` | hash | scheduler, workers | expires the retention period after the job settles |
//! | `job:ID:results` | hash (shard index -> result JSON) | workers (HSETNX) | as `job:ID` |
//! | `job:ID:attempts` | hash (shard index -> count) | workers | as `job:ID` |
//! | `job:ID:dead` | hash (shard index -> error) | workers | as `job:ID` |
//! | `job:ID:partial` | hash (shard index -> seeds swept in the current attempt) | workers (renew replaces; ack, retry, hand-back, discard delete) | as `job:ID`; a field lives while its shard is leased |
//! | `job:ID:samples` | string (the samples of an `assess` scoring job, 1 or 2 bytes each, little-endian) | scheduler (`assess --redis`) | deleted by the scheduler once it has the results; expires the retention period after submission at the latest |
//! | `workers` | hash (consumer -> last seen ms) | workers (heartbeat) | a field is removed on clean exit |
//! | `draws:NAME` | stream, entry id `INDEX-1` | producer | kept |
//! | `sessions` | set | feedback loop | kept |
//! | `session:NAME` | string (JSON) | feedback loop | kept |
//! | `session:NAME:diag` | stream | feedback loop | kept |
//! | `session:NAME:inbox` | list | watcher pushes, feedback loop pops | an id is popped once taken in |
//! | `session:NAME:lock` | string (holder) | feedback loop | expires after the lease (`SET NX PX`) |
//! | `requests:seq` | counter | feedback loop | kept |
//! | `request:ID` | hash | feedback loop, watcher | kept |
//! | `watcher:halt` | string | `watch halt` / `resume` | until resumed |

use crate::job::{JobId, PROTOCOL_VERSION};

/// Default key root (`--prefix`).
pub const DEFAULT_ROOT: &str = "seedsieve";
/// Consumer group of the work streams.
pub const GROUP_WORKERS: &str = "workers";
/// Consumer group of the requests stream.
pub const GROUP_WATCHERS: &str = "watchers";

/// The leased streams of the protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamKind {
    /// Sieve shards (group `workers`).
    Sieve,
    /// Scoring shards: SP 800-90B estimator runs of `assess` (group `workers`).
    Score,
    /// Training shards (group `workers`; used by a later issue).
    Train,
    /// Feedback requests and approvals (group `watchers`).
    Requests,
}

impl StreamKind {
    /// Every stream.
    pub const ALL: [StreamKind; 4] = [
        StreamKind::Sieve,
        StreamKind::Score,
        StreamKind::Train,
        StreamKind::Requests,
    ];
    /// Streams consumed by workers.
    pub const WORK: [StreamKind; 3] = [StreamKind::Sieve, StreamKind::Score, StreamKind::Train];
    /// The name used in keys.
    pub fn name(self) -> &'static str {
        match self {
            StreamKind::Sieve => "sieve",
            StreamKind::Score => "score",
            StreamKind::Train => "train",
            StreamKind::Requests => "requests",
        }
    }
    /// The consumer group reading it.
    pub fn group(self) -> &'static str {
        match self {
            StreamKind::Requests => GROUP_WATCHERS,
            _ => GROUP_WORKERS,
        }
    }
}

/// Key names under the versioned prefix `ROOT:vN:`: the table of the module
/// documentation, one method per row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    base: String,
}

impl Keys {
    /// Keys under `root` (such as `seedsieve`, or a unique root per test).
    pub fn new(root: &str) -> Self {
        Keys {
            base: format!("{root}:v{PROTOCOL_VERSION}:"),
        }
    }
    /// The prefix every key starts with, e.g. `seedsieve:v1:`.
    pub fn base(&self) -> &str {
        &self.base
    }
    /// A work or request stream.
    pub fn stream(&self, kind: StreamKind) -> String {
        format!("{}stream:{}", self.base, kind.name())
    }
    /// The dead-letter stream.
    pub fn dead(&self) -> String {
        format!("{}stream:dead", self.base)
    }
    /// The audit stream of the feedback loop.
    pub fn audit(&self) -> String {
        format!("{}stream:audit", self.base)
    }
    /// The retry-delay sorted set of a stream.
    pub fn delay(&self, kind: StreamKind) -> String {
        format!("{}delay:{}", self.base, kind.name())
    }
    /// Job ids by creation time.
    pub fn jobs(&self) -> String {
        format!("{}jobs", self.base)
    }
    /// A job's record.
    pub fn job(&self, id: JobId) -> String {
        format!("{}job:{id}", self.base)
    }
    /// A job's results, by shard index.
    pub fn results(&self, id: JobId) -> String {
        format!("{}job:{id}:results", self.base)
    }
    /// A job's delivery counts, by shard index.
    pub fn attempts(&self, id: JobId) -> String {
        format!("{}job:{id}:attempts", self.base)
    }
    /// A job's dead shards and their last error, by shard index.
    pub fn dead_reasons(&self, id: JobId) -> String {
        format!("{}job:{id}:dead", self.base)
    }
    /// A job's partial progress: seeds swept so far in the current attempt
    /// of each leased shard, by shard index (written by lease renewals).
    pub fn partial(&self, id: JobId) -> String {
        format!("{}job:{id}:partial", self.base)
    }
    /// The samples of a scoring job (`assess --redis`), read by the
    /// scoring workers ([`crate::assess::fleet`]).
    pub fn samples(&self, id: JobId) -> String {
        format!("{}job:{id}:samples", self.base)
    }
    /// Every key of one job (record, results, attempts, dead reasons,
    /// partial progress), in the order the scripts take them (KEYS[2..6]).
    pub fn job_keys(&self, id: JobId) -> [String; 5] {
        [
            self.job(id),
            self.results(id),
            self.attempts(id),
            self.dead_reasons(id),
            self.partial(id),
        ]
    }
    /// Worker heartbeats.
    pub fn workers(&self) -> String {
        format!("{}workers", self.base)
    }
    /// A draw stream.
    pub fn draws(&self, name: &str) -> String {
        format!("{}draws:{name}", self.base)
    }
    /// The set of session names.
    pub fn sessions(&self) -> String {
        format!("{}sessions", self.base)
    }
    /// A watch session's state.
    pub fn session(&self, name: &str) -> String {
        format!("{}session:{name}", self.base)
    }
    /// A session's diagnostics time series.
    pub fn session_diag(&self, name: &str) -> String {
        format!("{}session:{name}:diag", self.base)
    }
    /// A session's inbox of settled request ids.
    pub fn session_inbox(&self, name: &str) -> String {
        format!("{}session:{name}:inbox", self.base)
    }
    /// The lock on a session's step.
    pub fn session_lock(&self, name: &str) -> String {
        format!("{}session:{name}:lock", self.base)
    }
    /// The request id counter.
    pub fn request_seq(&self) -> String {
        format!("{}requests:seq", self.base)
    }
    /// A request's record.
    pub fn request(&self, id: u64) -> String {
        format!("{}request:{id}", self.base)
    }
    /// The watcher's halt reason.
    pub fn halt(&self) -> String {
        format!("{}watcher:halt", self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_versioned_and_distinct() {
        let k = Keys::new("t");
        assert_eq!(
            k.stream(StreamKind::Sieve),
            format!("t:v{PROTOCOL_VERSION}:stream:sieve")
        );
        let id = JobId::new();
        let mut all = vec![
            k.dead(),
            k.audit(),
            k.jobs(),
            k.workers(),
            k.draws("x"),
            k.sessions(),
            k.session("x"),
            k.session_diag("x"),
            k.session_inbox("x"),
            k.session_lock("x"),
            k.request_seq(),
            k.request(1),
            k.halt(),
        ];
        all.extend(k.job_keys(id));
        all.push(k.samples(id));
        for s in StreamKind::ALL {
            all.push(k.stream(s));
            all.push(k.delay(s));
        }
        let set: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(set.len(), all.len());
        assert!(all.iter().all(|x| x.starts_with(k.base())));
    }
}
