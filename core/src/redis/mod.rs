//! The Redis layer: every key in one table ([`keys`]), the Lua scripts
//! (`scripts/*.lua`, each opening with its KEYS/ARGV), one stream lease for
//! the shard and request streams ([`lease`]), the connection handle with typed
//! errors and URL redaction ([`conn`]), the shard queue ([`shards`]) and job
//! records ([`jobs`]).
//!
//! | file | what |
//! |---|---|
//! | `keys.rs` | [`Keys`]: every key and stream, its type, owner and lifetime |
//! | `conn.rs` | [`Redis`] (lazy connection, reconnect, TLS), [`fault`] (the one place Redis's error texts are read), [`redact_url`], [`url_from_file`], [`url_from_flags`], [`ca_from_file`], [`Backoff`] |
//! | `lease.rs` | [`LeaseStream`]: claim, reclaim, renew, ack, retry, dead-letter, hand back, group re-creation |
//! | `shards.rs` | [`RedisQueue`]: the [`crate::queue::ShardQueue`] on Redis, claims and the janitor |
//! | `jobs.rs` | job records: atomic submit, read, cancel, purge, status views |

pub mod conn;
pub mod jobs;
pub mod keys;
pub mod lease;
pub mod shards;

pub use crate::queue::JanitorReport;
pub use conn::{
    ca_from_file, fault, now_ms, redact_url, url_from_file, url_from_flags, Backoff, Fault, Redis,
};
pub use jobs::{
    DeadLetter, JobProgress, JobRecord, JobStatus, PurgeReport, StreamStatus, SubmitSettings,
    UnknownJobStatus, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETENTION,
};
pub use keys::{Keys, StreamKind, DEFAULT_ROOT, GROUP_WATCHERS, GROUP_WORKERS};
pub use lease::{retry_delay, LeaseStream, ShardRenewal};
pub use shards::RedisQueue;

use std::time::Duration;

/// Default lease, milliseconds.
pub const DEFAULT_LEASE_MS: u64 = 30_000;

/// Connection settings of a queue handle.
#[derive(Clone)]
pub struct RedisConfig {
    /// `redis://[user:password@]host:port[/db]`; never printed as is
    /// ([`redact_url`]).
    pub url: String,
    /// Key root (the versioned prefix is added).
    pub root: String,
    /// Lease length.
    pub lease: Duration,
    /// PEM certificate(s) of the CA that signed the server's TLS certificate
    /// (`rediss://` only; [`ca_from_file`]); `None`: the built-in web PKI roots.
    pub tls_ca: Option<Vec<u8>>,
}

impl std::fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &redact_url(&self.url))
            .field("root", &self.root)
            .field("lease", &self.lease)
            .field("tls_ca", &self.tls_ca.as_ref().map(|_| "PEM"))
            .finish()
    }
}

impl RedisConfig {
    /// Settings with the default root and lease.
    pub fn new(url: &str) -> Self {
        RedisConfig {
            url: url.to_string(),
            root: DEFAULT_ROOT.to_string(),
            lease: Duration::from_millis(DEFAULT_LEASE_MS),
            tls_ca: None,
        }
    }
}
