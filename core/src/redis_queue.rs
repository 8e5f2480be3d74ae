//! The lease protocol on Redis Streams: key and stream names, the atomic
//! owner-checked scripts, job records, and [`RedisQueue`], the Redis
//! implementation of [`ShardQueue`].
//!
//! # Keys
//!
//! Every key lives under a versioned prefix `ROOT:vN:` ([`Keys`]; ROOT is
//! `seedsieve` unless configured, N is [`PROTOCOL_VERSION`]):
//!
//! | key | type | holds |
//! |---|---|---|
//! | `stream:sieve`, `stream:score`, `stream:train` | stream, group `workers` | shards waiting or leased |
//! | `stream:requests` | stream, group `watchers` | feedback requests and approvals |
//! | `stream:dead` | stream | dead-letter: shards past `max_attempts`, malformed messages |
//! | `delay:KIND` | sorted set (score: due time, ms) | shards waiting out a retry backoff |
//! | `jobs` | sorted set (score: creation time, ms) | job ids |
//! | `job:ID` | hash | the planned job, status and counters |
//! | `job:ID:results` | hash (shard index -> result JSON) | results, written once (HSETNX) |
//! | `job:ID:attempts` | hash (shard index -> count) | deliveries, counted by us |
//! | `job:ID:dead` | hash (shard index -> error) | why a shard went to the dead-letter stream |
//! | `workers` | hash (consumer -> last seen, ms) | worker heartbeats |
//!
//! # Messages
//!
//! A work-stream entry has fields `v` (protocol version), `job` (job id) and
//! `body` (the [`Shard`] as JSON). A consumer that meets another `v` logs it and
//! leaves the entry pending for a consumer that speaks it; an entry without a
//! readable `v` or `body` goes to the dead-letter stream with the reason.
//!
//! # Lease
//!
//! Claims are `XREADGROUP ... BLOCK` on a connection of the claimer's own (the
//! synchronous connection has no response timeout, so a blocked read never
//! times out client-side and leaves a delivery nobody saw). A lease lasts
//! `lease` from the last claim or renewal; renewal, ack, retry, release and
//! dead-lettering are Lua scripts that first check, with `XPENDING`, that the
//! caller still owns the entry, so a stale holder can change nothing. Attempts
//! are counted in `job:ID:attempts`, since `XCLAIM JUSTID` does not count
//! deliveries. The janitor ([`RedisQueue::janitor`]) runs `XAUTOCLAIM` past the
//! lease and sends what it reclaims through the retry path. Acked entries are
//! deleted (`XDEL`); work streams are never trimmed by length.

use crate::job::{JobId, Shard, ShardId, ShardResult, WorkerId, PROTOCOL_VERSION};
use crate::plan::Planned;
use crate::queue::{AckOutcome, Lease, QueueError, RenewOutcome, ShardQueue};
use backon::{BackoffBuilder, ExponentialBuilder};
use redis::streams::{StreamAutoClaimReply, StreamId, StreamReadReply};
use redis::{Connection, RedisError, Script};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Default key root (`--prefix`).
pub const DEFAULT_ROOT: &str = "seedsieve";
/// Consumer group of the work streams.
pub const GROUP_WORKERS: &str = "workers";
/// Consumer group of the requests stream.
pub const GROUP_WATCHERS: &str = "watchers";
/// Default lease, milliseconds.
pub const DEFAULT_LEASE_MS: u64 = 30_000;
/// Default attempts before the dead-letter stream.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The streams of the protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamKind {
    /// Sieve shards (group `workers`).
    Sieve,
    /// Scoring shards (group `workers`; used by a later issue).
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

/// Key names under the versioned prefix `ROOT:vN:`.
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
    /// Worker heartbeats.
    pub fn workers(&self) -> String {
        format!("{}workers", self.base)
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Retry delay before attempt `attempt + 1`: jittered exponential backoff from
/// 250 ms, doubling, capped at 30 s (backon's `ExponentialBuilder`).
pub fn retry_delay(attempt: u32) -> Duration {
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(250))
        .with_factor(2.0)
        .with_max_delay(Duration::from_secs(30))
        .with_max_times(64)
        .with_jitter()
        .build()
        .nth(attempt.saturating_sub(1) as usize)
        .unwrap_or(Duration::from_secs(30))
}

// Every script starts with these helpers. `holder` is the consumer whose pending
// entries list holds the entry, or false. `settle` marks a job finished once
// every shard is done or dead.
const LUA_HELPERS: &str = r#"
local function holder(stream, group, id)
  local p = redis.call('XPENDING', stream, group, id, id, 1)
  if p[1] == nil then return false end
  return p[1][2]
end
local function settle(job, now)
  local n = tonumber(redis.call('HGET', job, 'shards') or '0')
  local d = tonumber(redis.call('HGET', job, 'done') or '0')
  local x = tonumber(redis.call('HGET', job, 'dead') or '0')
  if n > 0 and d + x >= n and redis.call('HEXISTS', job, 'finished_ms') == 0 then
    redis.call('HSET', job, 'finished_ms', now)
    if redis.call('HGET', job, 'status') == 'running' then
      if x > 0 then redis.call('HSET', job, 'status', 'failed')
      else redis.call('HSET', job, 'status', 'done') end
    end
  end
end
"#;

// KEYS: stream, job, results. ARGV: group, id, consumer, index, result, seeds, now.
const LUA_ACK: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  redis.call('HINCRBY', KEYS[2], 'stale', 1)
  if redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then
    redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
  end
  return 'stale'
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[5]) == 0 then
  redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
  return 'duplicate'
end
redis.call('HINCRBY', KEYS[2], 'seeds_done', ARGV[6])
redis.call('HINCRBY', KEYS[2], 'done', 1)
settle(KEYS[2], ARGV[7])
return 'recorded'
"#;

// KEYS: stream, job, results. ARGV: group, id, consumer, index.
const LUA_RENEW: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  redis.call('HINCRBY', KEYS[2], 'stale', 1)
  if redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1 then
    redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
  end
  return 'lost'
end
if redis.call('HGET', KEYS[2], 'status') == 'cancelled' then return 'cancelled' end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
return 'held'
"#;

// KEYS: stream, job, attempts, delay, dead stream, dead reasons.
// ARGV: group, id, consumer, index, body, error, due, now, v, job id, kind.
const LUA_FAIL: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then
  redis.call('HINCRBY', KEYS[2], 'stale', 1)
  return 'stale'
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
local a = tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0')
local m = tonumber(redis.call('HGET', KEYS[2], 'max_attempts') or '3')
redis.call('HSET', KEYS[2], 'last_error', ARGV[6])
if a >= m then
  redis.call('XADD', KEYS[5], '*', 'v', ARGV[9], 'kind', ARGV[11], 'job', ARGV[10],
    'index', ARGV[4], 'attempts', a, 'error', ARGV[6], 'from_id', ARGV[2],
    'at_ms', ARGV[8], 'body', ARGV[5])
  redis.call('HSET', KEYS[6], ARGV[4], ARGV[6])
  redis.call('HINCRBY', KEYS[2], 'dead', 1)
  settle(KEYS[2], ARGV[8])
  return 'dead'
end
redis.call('ZADD', KEYS[4], ARGV[7], ARGV[5])
redis.call('HINCRBY', KEYS[2], 'retried', 1)
return 'retry'
"#;

// KEYS: stream, attempts. ARGV: group, id, consumer, index, body, v, job id.
const LUA_RELEASE: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[4], -1)
redis.call('XADD', KEYS[1], '*', 'v', ARGV[6], 'job', ARGV[7], 'body', ARGV[5])
return 1
"#;

// KEYS: stream, job. ARGV: group, id, consumer.
const LUA_DISCARD: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'cancelled_shards', 1)
return 1
"#;

// KEYS: stream, dead stream. ARGV: group, id, consumer, reason, raw fields, now, kind.
const LUA_MALFORMED: &str = r#"
if holder(KEYS[1], ARGV[1], ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('XADD', KEYS[2], '*', 'kind', ARGV[7], 'error', ARGV[4], 'from_id', ARGV[2],
  'at_ms', ARGV[6], 'raw', ARGV[5])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1
"#;

// KEYS: delay, stream. ARGV: now, v, limit.
const LUA_PROMOTE: &str = r#"
local m = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, body in ipairs(m) do
  local job = ''
  local ok, d = pcall(cjson.decode, body)
  if ok and type(d) == 'table' and type(d.id) == 'table' then job = tostring(d.id.job) end
  redis.call('XADD', KEYS[2], '*', 'v', ARGV[2], 'job', job, 'body', body)
  redis.call('ZREM', KEYS[1], body)
end
return #m
"#;

// KEYS: attempts, job. ARGV: index. Returns {attempt, status or ''}.
const LUA_BEGIN: &str = r#"
local a = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local s = redis.call('HGET', KEYS[2], 'status') or ''
return {a, s}
"#;

struct Scripts {
    ack: Script,
    renew: Script,
    fail: Script,
    release: Script,
    discard: Script,
    malformed: Script,
    promote: Script,
    begin: Script,
}

impl Scripts {
    fn new() -> Self {
        let s = |body: &str| Script::new(&format!("{LUA_HELPERS}{body}"));
        Scripts {
            ack: s(LUA_ACK),
            renew: s(LUA_RENEW),
            fail: s(LUA_FAIL),
            release: s(LUA_RELEASE),
            discard: s(LUA_DISCARD),
            malformed: s(LUA_MALFORMED),
            promote: s(LUA_PROMOTE),
            begin: s(LUA_BEGIN),
        }
    }
}

/// Connection settings of a queue handle.
#[derive(Clone, Debug)]
pub struct RedisConfig {
    /// `redis://host:port[/db]`.
    pub url: String,
    /// Key root (the versioned prefix is added).
    pub root: String,
    /// Lease length.
    pub lease: Duration,
}

impl RedisConfig {
    /// Settings with the default root and lease.
    pub fn new(url: &str) -> Self {
        RedisConfig {
            url: url.to_string(),
            root: DEFAULT_ROOT.to_string(),
            lease: Duration::from_millis(DEFAULT_LEASE_MS),
        }
    }
}

/// A job's record as stored in `job:ID`.
#[derive(Clone, Debug, Serialize)]
pub struct JobRecord {
    /// The job.
    pub id: JobId,
    /// `running`, `done`, `failed` or `cancelled`.
    pub status: String,
    /// The planned job (spec, expected false survivors, notes).
    #[serde(skip)]
    pub planned: Planned,
    /// Shards in the job.
    pub shards: u64,
    /// Shards with a recorded result.
    pub done: u64,
    /// Shards in the dead-letter stream.
    pub dead: u64,
    /// Retries scheduled (failures and expired leases).
    pub retried: u64,
    /// Completions of a shard that already had a result.
    pub duplicates: u64,
    /// Renewals or acks refused because the caller no longer held the lease.
    pub stale: u64,
    /// Shards discarded after cancellation.
    pub cancelled_shards: u64,
    /// Seeds swept in recorded results.
    pub seeds_done: u64,
    /// Seeds the job sweeps.
    pub seeds_total: u64,
    /// Attempts allowed per shard.
    pub max_attempts: u32,
    /// Creation time, ms since the epoch.
    pub created_ms: u64,
    /// When the last shard settled, ms since the epoch.
    pub finished_ms: Option<u64>,
    /// The last error a shard failed with.
    pub last_error: Option<String>,
}

impl JobRecord {
    /// Whether every shard settled (done or dead), or the job was cancelled.
    pub fn is_over(&self) -> bool {
        self.finished_ms.is_some() || self.status == "cancelled"
    }
    /// Wall-clock seconds from creation to settling (or to now).
    pub fn elapsed_s(&self) -> f64 {
        let end = self.finished_ms.unwrap_or_else(now_ms);
        end.saturating_sub(self.created_ms) as f64 / 1e3
    }
}

/// A job's counters, read without its plan ([`RedisQueue::progress`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobProgress {
    /// `running`, `done`, `failed` or `cancelled`.
    pub status: String,
    /// Shards in the job.
    pub shards: u64,
    /// Shards with a result.
    pub done: u64,
    /// Shards in the dead-letter stream.
    pub dead: u64,
    /// Seeds swept in recorded results.
    pub seeds_done: u64,
    /// Every shard settled, or the job was cancelled.
    pub over: bool,
}

/// What one janitor pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JanitorReport {
    /// Entries reclaimed past their lease and sent through the retry path.
    pub reclaimed: u64,
    /// Pending entries whose stream entry was deleted (XAUTOCLAIM `deleted_ids`).
    pub deleted_ids: Vec<String>,
    /// Entries of another protocol version left pending.
    pub parked: u64,
    /// Malformed entries sent to the dead-letter stream.
    pub malformed: u64,
    /// Delayed retries moved back into their stream.
    pub promoted: u64,
}

/// Per-stream counts for `scheduler status`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StreamStatus {
    /// Stream name.
    pub stream: String,
    /// Entries in the stream (waiting and leased).
    pub length: u64,
    /// Entries leased (the group's pending entries list).
    pub pending: u64,
    /// Entries waiting out a retry delay.
    pub delayed: u64,
}

/// A dead-letter stream entry: its id and fields (`error`, `attempts`, `job`,
/// `index`, `body` for a shard; `error`, `raw` for a malformed message).
pub type DeadLetter = (String, HashMap<String, String>);

/// One handle on the Redis queue: a client and one lazily opened connection.
/// Each thread that blocks on claims needs a handle of its own.
pub struct RedisQueue {
    client: redis::Client,
    cfg: RedisConfig,
    keys: Keys,
    conn: Mutex<Option<Connection>>,
    scripts: Scripts,
}

fn transport(e: &RedisError) -> bool {
    e.is_io_error()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || e.is_timeout()
        || e.is_unrecoverable_error()
}

fn qerr(e: RedisError) -> QueueError {
    if transport(&e) {
        QueueError::Unavailable(e.to_string())
    } else {
        QueueError::Backend(e.to_string())
    }
}

/// A parsed stream entry.
enum Entry {
    Shard(Box<Shard>),
    /// Another protocol version.
    Foreign(String),
    /// Unreadable: the reason.
    Malformed(String),
}

fn parse_entry(e: &StreamId) -> Entry {
    let Some(v) = e.get::<String>("v") else {
        return Entry::Malformed("no protocol version field `v`".into());
    };
    let Ok(v) = v.trim().parse::<u32>() else {
        return Entry::Malformed(format!("protocol version `v` is not a number: {v:?}"));
    };
    if v != PROTOCOL_VERSION {
        return Entry::Foreign(format!(
            "entry {} speaks protocol {v}, this build speaks {PROTOCOL_VERSION}",
            e.id
        ));
    }
    let Some(body) = e.get::<String>("body") else {
        return Entry::Malformed("no `body` field".into());
    };
    match serde_json::from_str::<Shard>(&body) {
        Ok(s) if s.protocol_version != PROTOCOL_VERSION => Entry::Foreign(format!(
            "shard {} speaks protocol {}, this build speaks {PROTOCOL_VERSION}",
            s.id, s.protocol_version
        )),
        Ok(s) => Entry::Shard(Box::new(s)),
        Err(err) => Entry::Malformed(format!("`body` is not a shard: {err}")),
    }
}

pub(crate) fn raw_fields(e: &StreamId) -> String {
    let m: BTreeMap<&String, String> = e
        .map
        .iter()
        .map(|(k, v)| {
            (
                k,
                redis::from_redis_value::<String>(v).unwrap_or_else(|_| format!("{v:?}")),
            )
        })
        .collect();
    serde_json::to_string(&m).unwrap_or_default()
}

fn num<T: std::str::FromStr + Default>(m: &HashMap<String, String>, k: &str) -> T {
    m.get(k).and_then(|v| v.parse().ok()).unwrap_or_default()
}

impl RedisQueue {
    /// A handle; the connection opens on first use.
    ///
    /// # Errors
    /// [`QueueError::Backend`] when the URL is not a Redis URL.
    pub fn new(cfg: RedisConfig) -> Result<Self, QueueError> {
        let client = redis::Client::open(cfg.url.as_str())
            .map_err(|e| QueueError::Backend(format!("redis URL {:?}: {e}", cfg.url)))?;
        Ok(RedisQueue {
            client,
            keys: Keys::new(&cfg.root),
            cfg,
            conn: Mutex::new(None),
            scripts: Scripts::new(),
        })
    }

    /// Another handle with the same settings (its own connection).
    pub fn handle(&self) -> Self {
        RedisQueue {
            client: self.client.clone(),
            keys: self.keys.clone(),
            cfg: self.cfg.clone(),
            conn: Mutex::new(None),
            scripts: Scripts::new(),
        }
    }

    /// The key names.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// The lease length.
    pub fn lease(&self) -> Duration {
        self.cfg.lease
    }

    /// Runs `f` on the connection, opening it first if needed; a transport error
    /// drops the connection so the next call reconnects.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> redis::RedisResult<T>,
    ) -> Result<T, QueueError> {
        // A panic inside `f` cannot leave the Option half-written: ignore poison.
        let mut g = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let conn = match g.as_mut() {
            Some(c) => c,
            None => {
                let c = self
                    .client
                    .get_connection_with_timeout(Duration::from_secs(2))
                    .map_err(qerr)?;
                g.insert(c)
            }
        };
        match f(conn) {
            Ok(v) => Ok(v),
            Err(e) => {
                if transport(&e) {
                    *g = None;
                }
                Err(qerr(e))
            }
        }
    }

    /// Checks the server answers.
    pub fn ping(&self) -> Result<(), QueueError> {
        self.with(|c| redis::cmd("PING").query::<String>(c))
            .map(|_| ())
    }

    /// Creates every stream and its consumer group (idempotent).
    pub fn ensure_groups(&self) -> Result<(), QueueError> {
        for kind in StreamKind::ALL {
            let r = self.with(|c| {
                redis::cmd("XGROUP")
                    .arg("CREATE")
                    .arg(self.keys.stream(kind))
                    .arg(kind.group())
                    .arg("0")
                    .arg("MKSTREAM")
                    .query::<()>(c)
            });
            match r {
                Ok(()) => {}
                Err(QueueError::Backend(m)) if m.contains("BUSYGROUP") => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Records a job (status `running`) and enqueues its shards.
    pub fn submit(
        &self,
        planned: &Planned,
        shards: Vec<Shard>,
        max_attempts: u32,
    ) -> Result<(), QueueError> {
        self.ensure_groups()?;
        let id = planned.spec.id;
        let body =
            serde_json::to_string(planned).map_err(|e| QueueError::Backend(e.to_string()))?;
        let now = now_ms();
        let fields: Vec<(&str, String)> = vec![
            ("planned", body),
            ("status", "running".into()),
            ("shards", shards.len().to_string()),
            ("seeds_total", planned.spec.seeds_total().to_string()),
            ("max_attempts", max_attempts.max(1).to_string()),
            ("created_ms", now.to_string()),
            ("done", "0".into()),
            ("dead", "0".into()),
            ("retried", "0".into()),
            ("duplicates", "0".into()),
            ("stale", "0".into()),
            ("cancelled_shards", "0".into()),
            ("seeds_done", "0".into()),
        ];
        self.with(|c| {
            redis::pipe()
                .atomic()
                .hset_multiple(self.keys.job(id), &fields)
                .ignore()
                .zadd(self.keys.jobs(), id.to_string(), now)
                .ignore()
                .query::<()>(c)
        })?;
        self.enqueue(shards)
    }

    /// Claims one entry with `XREADGROUP ... BLOCK`, handling foreign and
    /// malformed entries; `Ok(None)` when nothing arrived within `block`.
    /// Claims up to `count` entries with one `XREADGROUP ... COUNT count BLOCK`,
    /// handling foreign and malformed entries on the way; empty when nothing
    /// arrived within `block`. Each returned lease runs from now.
    pub fn claim_batch(
        &self,
        consumer: &WorkerId,
        count: usize,
        block: Duration,
    ) -> Result<Vec<Lease>, QueueError> {
        let stream = self.keys.stream(StreamKind::Sieve);
        let reply: Option<StreamReadReply> = self.with(|c| {
            redis::cmd("XREADGROUP")
                .arg("GROUP")
                .arg(GROUP_WORKERS)
                .arg(&consumer.0)
                .arg("COUNT")
                .arg(count.max(1))
                .arg("BLOCK")
                .arg(block.as_millis().max(1) as u64)
                .arg("STREAMS")
                .arg(&stream)
                .arg(">")
                .query(c)
        })?;
        let entries = reply
            .and_then(|r| r.keys.into_iter().next())
            .map(|k| k.ids)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            match parse_entry(&entry) {
                Entry::Foreign(why) => {
                    tracing::error!(entry = %entry.id, "{why}: left pending for a consumer that speaks it");
                }
                Entry::Malformed(why) => {
                    tracing::error!(entry = %entry.id, "malformed entry sent to the dead-letter stream: {why}");
                    self.dead_letter_malformed(consumer, StreamKind::Sieve, &entry, &why)?;
                }
                Entry::Shard(shard) => {
                    let id = shard.id;
                    let (attempt, status): (u32, String) = self.with(|c| {
                        self.scripts
                            .begin
                            .key(self.keys.attempts(id.job))
                            .key(self.keys.job(id.job))
                            .arg(id.index)
                            .invoke(c)
                    })?;
                    let lease = Lease {
                        shard: *shard,
                        consumer: consumer.clone(),
                        attempt,
                        token: entry.id.clone(),
                    };
                    if status == "cancelled" || status.is_empty() {
                        tracing::info!(shard = %id, "job {} is {}: shard discarded", id.job, if status.is_empty() { "unknown" } else { "cancelled" });
                        self.discard(&lease)?;
                        continue;
                    }
                    out.push(lease);
                }
            }
        }
        Ok(out)
    }

    fn dead_letter_malformed(
        &self,
        consumer: &WorkerId,
        kind: StreamKind,
        entry: &StreamId,
        why: &str,
    ) -> Result<(), QueueError> {
        self.with(|c| {
            self.scripts
                .malformed
                .key(self.keys.stream(kind))
                .key(self.keys.dead())
                .arg(kind.group())
                .arg(&entry.id)
                .arg(&consumer.0)
                .arg(why)
                .arg(raw_fields(entry))
                .arg(now_ms())
                .arg(kind.name())
                .invoke::<i64>(c)
        })
        .map(|_| ())
    }

    /// Acks a lease of a cancelled (or unknown) job without a result.
    pub fn discard(&self, lease: &Lease) -> Result<(), QueueError> {
        self.with(|c| {
            self.scripts
                .discard
                .key(self.keys.stream(StreamKind::Sieve))
                .key(self.keys.job(lease.shard.id.job))
                .arg(GROUP_WORKERS)
                .arg(&lease.token)
                .arg(&lease.consumer.0)
                .invoke::<i64>(c)
        })
        .map(|_| ())
    }

    /// One janitor pass over the work streams: `XAUTOCLAIM` entries idle past the
    /// lease to `me` and send them through the retry path (attempts past the
    /// limit go to the dead-letter stream), then move due delayed retries back
    /// into their streams.
    pub fn janitor(&self, me: &WorkerId) -> Result<JanitorReport, QueueError> {
        let mut rep = JanitorReport::default();
        let lease_ms = self.cfg.lease.as_millis() as u64;
        for kind in StreamKind::WORK {
            let stream = self.keys.stream(kind);
            let mut cursor = "0-0".to_string();
            loop {
                let r: StreamAutoClaimReply = match self.with(|c| {
                    redis::cmd("XAUTOCLAIM")
                        .arg(&stream)
                        .arg(kind.group())
                        .arg(&me.0)
                        .arg(lease_ms)
                        .arg(&cursor)
                        .arg("COUNT")
                        .arg(100)
                        .query(c)
                }) {
                    Ok(r) => r,
                    // No stream or group yet: nothing to reclaim.
                    Err(QueueError::Backend(m)) if m.contains("NOGROUP") => break,
                    Err(e) => return Err(e),
                };
                if !r.deleted_ids.is_empty() {
                    tracing::warn!(stream = %stream, ids = ?r.deleted_ids, "pending entries whose stream entry was deleted (removed from the pending entries list)");
                }
                rep.deleted_ids.extend(r.deleted_ids);
                for e in &r.claimed {
                    match parse_entry(e) {
                        Entry::Foreign(why) => {
                            tracing::warn!(entry = %e.id, "{why}: left pending");
                            rep.parked += 1;
                        }
                        Entry::Malformed(why) => {
                            tracing::error!(entry = %e.id, "malformed entry sent to the dead-letter stream: {why}");
                            self.dead_letter_malformed(me, kind, e, &why)?;
                            rep.malformed += 1;
                        }
                        Entry::Shard(shard) => {
                            let attempt: u32 = self
                                .with(|c| {
                                    redis::cmd("HGET")
                                        .arg(self.keys.attempts(shard.id.job))
                                        .arg(shard.id.index)
                                        .query::<Option<u32>>(c)
                                })?
                                .unwrap_or(1);
                            tracing::warn!(shard = %shard.id, attempt, "lease expired ({lease_ms} ms without renewal): shard sent to retry");
                            let lease = Lease {
                                shard: *shard,
                                consumer: me.clone(),
                                attempt,
                                token: e.id.clone(),
                            };
                            self.fail_kind(
                                kind,
                                &lease,
                                &format!("lease expired: no renewal for {lease_ms} ms"),
                            )?;
                            rep.reclaimed += 1;
                        }
                    }
                }
                if r.next_stream_id == "0-0" || r.next_stream_id.is_empty() {
                    break;
                }
                cursor = r.next_stream_id;
            }
            let moved: u64 = self.with(|c| {
                self.scripts
                    .promote
                    .key(self.keys.delay(kind))
                    .key(&stream)
                    .arg(now_ms())
                    .arg(PROTOCOL_VERSION)
                    .arg(1000)
                    .invoke(c)
            })?;
            rep.promoted += moved;
        }
        Ok(rep)
    }

    fn fail_kind(&self, kind: StreamKind, lease: &Lease, error: &str) -> Result<(), QueueError> {
        let id = lease.shard.id;
        let body =
            serde_json::to_string(&lease.shard).map_err(|e| QueueError::Backend(e.to_string()))?;
        let now = now_ms();
        let due = now + retry_delay(lease.attempt).as_millis() as u64;
        let r: String = self.with(|c| {
            self.scripts
                .fail
                .key(self.keys.stream(kind))
                .key(self.keys.job(id.job))
                .key(self.keys.attempts(id.job))
                .key(self.keys.delay(kind))
                .key(self.keys.dead())
                .key(self.keys.dead_reasons(id.job))
                .arg(kind.group())
                .arg(&lease.token)
                .arg(&lease.consumer.0)
                .arg(id.index)
                .arg(&body)
                .arg(error)
                .arg(due)
                .arg(now)
                .arg(PROTOCOL_VERSION)
                .arg(id.job.to_string())
                .arg(kind.name())
                .invoke(c)
        })?;
        match r.as_str() {
            "stale" => Err(QueueError::NotHeld(id)),
            "dead" => {
                tracing::error!(shard = %id, attempts = lease.attempt, "shard sent to the dead-letter stream: {error}");
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Writes a heartbeat for `me` (seen by `scheduler status`).
    pub fn heartbeat(&self, me: &WorkerId) -> Result<(), QueueError> {
        self.with(|c| {
            redis::cmd("HSET")
                .arg(self.keys.workers())
                .arg(&me.0)
                .arg(now_ms())
                .query::<()>(c)
        })
    }

    /// Removes `me`'s heartbeat (clean exit).
    pub fn forget_worker(&self, me: &WorkerId) -> Result<(), QueueError> {
        self.with(|c| {
            redis::cmd("HDEL")
                .arg(self.keys.workers())
                .arg(&me.0)
                .query::<()>(c)
        })
    }

    /// Workers and when each was last seen (ms since the epoch), newest first.
    pub fn workers_seen(&self) -> Result<Vec<(String, u64)>, QueueError> {
        let m: HashMap<String, u64> =
            self.with(|c| redis::cmd("HGETALL").arg(self.keys.workers()).query(c))?;
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(v)
    }

    /// A job's record, or `None` when no such job exists.
    ///
    /// # Errors
    /// [`QueueError::Backend`] when the stored plan cannot be read.
    pub fn job(&self, id: JobId) -> Result<Option<JobRecord>, QueueError> {
        let m: HashMap<String, String> =
            self.with(|c| redis::cmd("HGETALL").arg(self.keys.job(id)).query(c))?;
        let Some(planned) = m.get("planned") else {
            return Ok(None);
        };
        let planned: Planned = serde_json::from_str(planned)
            .map_err(|e| QueueError::Backend(format!("job {id}: stored plan unreadable: {e}")))?;
        Ok(Some(JobRecord {
            id,
            status: m.get("status").cloned().unwrap_or_default(),
            planned,
            shards: num(&m, "shards"),
            done: num(&m, "done"),
            dead: num(&m, "dead"),
            retried: num(&m, "retried"),
            duplicates: num(&m, "duplicates"),
            stale: num(&m, "stale"),
            cancelled_shards: num(&m, "cancelled_shards"),
            seeds_done: num(&m, "seeds_done"),
            seeds_total: num(&m, "seeds_total"),
            max_attempts: num(&m, "max_attempts"),
            created_ms: num(&m, "created_ms"),
            finished_ms: m.get("finished_ms").and_then(|v| v.parse().ok()),
            last_error: m.get("last_error").cloned(),
        }))
    }

    /// A job's progress without its plan (cheap enough to poll); `None` when no
    /// such job.
    pub fn progress(&self, id: JobId) -> Result<Option<JobProgress>, QueueError> {
        let v: Vec<Option<String>> = self.with(|c| {
            redis::cmd("HMGET")
                .arg(self.keys.job(id))
                .arg(&[
                    "status",
                    "shards",
                    "done",
                    "dead",
                    "seeds_done",
                    "finished_ms",
                ])
                .query(c)
        })?;
        let Some(Some(status)) = v.first().cloned() else {
            return Ok(None);
        };
        let n = |i: usize| -> u64 {
            v.get(i)
                .and_then(|x| x.as_deref())
                .and_then(|x| x.parse().ok())
                .unwrap_or(0)
        };
        let (shards, done, dead, seeds_done) = (n(1), n(2), n(3), n(4));
        Ok(Some(JobProgress {
            over: v.get(5).is_some_and(|x| x.is_some()) || status == "cancelled",
            status,
            shards,
            done,
            dead,
            seeds_done,
        }))
    }

    /// Job ids, newest first, at most `limit`.
    pub fn jobs(&self, limit: usize) -> Result<Vec<JobId>, QueueError> {
        let ids: Vec<String> = self.with(|c| {
            redis::cmd("ZREVRANGE")
                .arg(self.keys.jobs())
                .arg(0)
                .arg(limit.max(1) as i64 - 1)
                .query(c)
        })?;
        Ok(ids
            .iter()
            .filter_map(|s| s.parse().ok().map(JobId))
            .collect())
    }

    /// A job's recorded results, by shard index.
    pub fn results(&self, id: JobId) -> Result<Vec<ShardResult>, QueueError> {
        let m: HashMap<u32, String> =
            self.with(|c| redis::cmd("HGETALL").arg(self.keys.results(id)).query(c))?;
        let mut out = Vec::with_capacity(m.len());
        for (i, v) in m {
            out.push(serde_json::from_str::<ShardResult>(&v).map_err(|e| {
                QueueError::Backend(format!("job {id}: result of shard {i} unreadable: {e}"))
            })?);
        }
        out.sort_by_key(|r| r.shard);
        Ok(out)
    }

    /// Delivery counts per shard index.
    pub fn attempts(&self, id: JobId) -> Result<BTreeMap<u32, u32>, QueueError> {
        self.with(|c| redis::cmd("HGETALL").arg(self.keys.attempts(id)).query(c))
    }

    /// A job's dead shards and their last error.
    pub fn dead_reasons(&self, id: JobId) -> Result<Vec<(ShardId, String)>, QueueError> {
        let m: BTreeMap<u32, String> = self.with(|c| {
            redis::cmd("HGETALL")
                .arg(self.keys.dead_reasons(id))
                .query(c)
        })?;
        Ok(m.into_iter()
            .map(|(index, e)| (ShardId { job: id, index }, e))
            .collect())
    }

    /// Marks a job cancelled: workers discard its shards at claim and stop its
    /// leased shards at the next renewal. Returns false when no such job exists.
    pub fn cancel(&self, id: JobId) -> Result<bool, QueueError> {
        if self.job(id)?.is_none() {
            return Ok(false);
        }
        self.with(|c| {
            redis::cmd("HSET")
                .arg(self.keys.job(id))
                .arg("status")
                .arg("cancelled")
                .query::<()>(c)
        })?;
        Ok(true)
    }

    /// Shards of `id` leased now (entries of the job in the pending entries list).
    pub fn leased(&self, id: JobId) -> Result<u64, QueueError> {
        let stream = self.keys.stream(StreamKind::Sieve);
        let pel: Vec<(String, String, u64, u64)> = match self.with(|c| {
            redis::cmd("XPENDING")
                .arg(&stream)
                .arg(GROUP_WORKERS)
                .arg("-")
                .arg("+")
                .arg(10_000)
                .query(c)
        }) {
            Ok(p) => p,
            Err(QueueError::Backend(m)) if m.contains("NOGROUP") => return Ok(0),
            Err(e) => return Err(e),
        };
        if pel.is_empty() {
            return Ok(0);
        }
        let job = id.to_string();
        let mut pipe = redis::pipe();
        for (eid, ..) in &pel {
            pipe.cmd("XRANGE").arg(&stream).arg(eid).arg(eid);
        }
        let entries: Vec<Vec<(String, HashMap<String, String>)>> = self.with(|c| pipe.query(c))?;
        Ok(entries
            .iter()
            .flatten()
            .filter(|(_, f)| f.get("job").is_some_and(|j| *j == job))
            .count() as u64)
    }

    /// Length, pending and delayed counts of each work stream.
    pub fn streams(&self) -> Result<Vec<StreamStatus>, QueueError> {
        let mut out = Vec::new();
        for kind in StreamKind::ALL {
            let stream = self.keys.stream(kind);
            let (length, delayed): (u64, u64) = self.with(|c| {
                redis::pipe()
                    .cmd("XLEN")
                    .arg(&stream)
                    .cmd("ZCARD")
                    .arg(self.keys.delay(kind))
                    .query(c)
            })?;
            let pending: u64 = match self.with(|c| {
                redis::cmd("XPENDING")
                    .arg(&stream)
                    .arg(kind.group())
                    .query::<(u64, redis::Value, redis::Value, redis::Value)>(c)
            }) {
                Ok(p) => p.0,
                Err(QueueError::Backend(m)) if m.contains("NOGROUP") => 0,
                Err(e) => return Err(e),
            };
            out.push(StreamStatus {
                stream,
                length,
                pending,
                delayed,
            });
        }
        Ok(out)
    }

    /// Entries of the dead-letter stream, oldest first, as field maps.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>, QueueError> {
        self.with(|c| {
            redis::cmd("XRANGE")
                .arg(self.keys.dead())
                .arg("-")
                .arg("+")
                .query(c)
        })
    }
}

impl ShardQueue for RedisQueue {
    fn enqueue(&self, shards: Vec<Shard>) -> Result<(), QueueError> {
        let stream = self.keys.stream(StreamKind::Sieve);
        for chunk in shards.chunks(1000) {
            let mut pipe = redis::pipe();
            for s in chunk {
                let body =
                    serde_json::to_string(s).map_err(|e| QueueError::Backend(e.to_string()))?;
                pipe.cmd("XADD")
                    .arg(&stream)
                    .arg("*")
                    .arg("v")
                    .arg(s.protocol_version)
                    .arg("job")
                    .arg(s.id.job.to_string())
                    .arg("body")
                    .arg(body)
                    .ignore();
            }
            self.with(|c| pipe.query::<()>(c))?;
        }
        Ok(())
    }

    fn claim(&self, consumer: &WorkerId, wait: Duration) -> Result<Option<Lease>, QueueError> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if let Some(l) = self
                .claim_batch(consumer, 1, left.max(Duration::from_millis(1)))?
                .into_iter()
                .next()
            {
                return Ok(Some(l));
            }
            if std::time::Instant::now() >= deadline {
                return Ok(None);
            }
        }
    }

    fn ack(&self, lease: &Lease, result: ShardResult) -> Result<AckOutcome, QueueError> {
        let id = lease.shard.id;
        let body =
            serde_json::to_string(&result).map_err(|e| QueueError::Backend(e.to_string()))?;
        let r: String = self.with(|c| {
            self.scripts
                .ack
                .key(self.keys.stream(StreamKind::Sieve))
                .key(self.keys.job(id.job))
                .key(self.keys.results(id.job))
                .arg(GROUP_WORKERS)
                .arg(&lease.token)
                .arg(&lease.consumer.0)
                .arg(id.index)
                .arg(&body)
                .arg(result.seeds_tried)
                .arg(now_ms())
                .invoke(c)
        })?;
        match r.as_str() {
            "recorded" => Ok(AckOutcome::Recorded),
            "duplicate" => Ok(AckOutcome::Duplicate),
            _ => Err(QueueError::NotHeld(id)),
        }
    }

    fn fail(&self, lease: &Lease, error: &str) -> Result<(), QueueError> {
        self.fail_kind(StreamKind::Sieve, lease, error)
    }

    fn renew(&self, lease: &Lease) -> Result<RenewOutcome, QueueError> {
        let id = lease.shard.id;
        let r: String = self.with(|c| {
            self.scripts
                .renew
                .key(self.keys.stream(StreamKind::Sieve))
                .key(self.keys.job(id.job))
                .key(self.keys.results(id.job))
                .arg(GROUP_WORKERS)
                .arg(&lease.token)
                .arg(&lease.consumer.0)
                .arg(id.index)
                .invoke(c)
        })?;
        Ok(match r.as_str() {
            "held" => RenewOutcome::Held,
            "cancelled" => RenewOutcome::Cancelled,
            _ => RenewOutcome::Lost,
        })
    }

    fn release(&self, lease: &Lease) -> Result<(), QueueError> {
        let id = lease.shard.id;
        let body =
            serde_json::to_string(&lease.shard).map_err(|e| QueueError::Backend(e.to_string()))?;
        let r: i64 = self.with(|c| {
            self.scripts
                .release
                .key(self.keys.stream(StreamKind::Sieve))
                .key(self.keys.attempts(id.job))
                .arg(GROUP_WORKERS)
                .arg(&lease.token)
                .arg(&lease.consumer.0)
                .arg(id.index)
                .arg(&body)
                .arg(PROTOCOL_VERSION)
                .arg(id.job.to_string())
                .invoke(c)
        })?;
        if r == 1 {
            Ok(())
        } else {
            Err(QueueError::NotHeld(id))
        }
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
        let all = [
            k.job(id),
            k.results(id),
            k.attempts(id),
            k.dead_reasons(id),
            k.dead(),
            k.jobs(),
            k.workers(),
            k.delay(StreamKind::Sieve),
        ];
        let set: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(set.len(), all.len());
        assert!(all.iter().all(|x| x.starts_with(k.base())));
    }

    #[test]
    fn retry_delay_grows_and_is_capped() {
        for a in 1..=3 {
            let d = retry_delay(a);
            let base = 250u64 << (a - 1);
            // Jitter adds up to one more base delay.
            assert!(
                d.as_millis() as u64 >= base && d.as_millis() as u64 <= 2 * base,
                "{a}: {d:?}"
            );
        }
        assert!(retry_delay(60) <= Duration::from_secs(60));
    }
}
