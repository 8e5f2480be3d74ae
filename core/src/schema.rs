//! The `schema` field of every JSON output: a name and a version,
//! `seedsieve.NAME/VERSION`, and the JSON Schema (draft 2020-12) file of
//! docs/schema/ that describes each output (checked against the real outputs
//! by tests/tests/json_schema.rs).
//!
//! The version goes up when a field is removed, renamed or changes meaning;
//! a new optional field keeps it. A reader checks the name and version
//! before it reads anything else.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A JSON output's schema id, `seedsieve.NAME/VERSION` (JSON: the string).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Schema(Cow<'static, str>);

impl Schema {
    /// The schema `id` (`seedsieve.NAME/VERSION`).
    pub const fn new(id: &'static str) -> Self {
        Schema(Cow::Borrowed(id))
    }

    /// The whole id, e.g. `seedsieve.report/2`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, e.g. `seedsieve.report`.
    pub fn name(&self) -> &str {
        self.0.split_once('/').map_or(&self.0, |(n, _)| n)
    }

    /// The version, e.g. 2; `None` when the id has no `/VERSION`.
    pub fn version(&self) -> Option<u32> {
        self.0.split_once('/').and_then(|(_, v)| v.parse().ok())
    }
}

impl std::fmt::Display for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for Schema {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// `scheduler submit --json` (sweep, `--mode state` and `--tuples` alike, told
/// apart by `kind`), `scheduler result --json`, and the last line of
/// `submit --json --events`: [`crate::report::Report`],
/// [`crate::report::StateModeReport`], [`crate::report::TupleReport`].
/// Version 2: one shape for the three (version 1 had no `schema`, and state
/// mode printed `mode`/`reports`/`skipped`).
pub const REPORT: Schema = Schema::new("seedsieve.report/2");

/// `scheduler generators --json`: the registry of sources, state-only
/// generators and controls.
pub const GENERATORS: Schema = Schema::new("seedsieve.generators/2");

/// `scheduler status JOB --json`: one fleet job's counters.
pub const JOB_STATUS: Schema = Schema::new("seedsieve.job_status/1");

/// `scheduler status --json` without a job: the queue's streams, latest jobs
/// and workers.
pub const QUEUE_STATUS: Schema = Schema::new("seedsieve.queue_status/1");

/// `scheduler purge --json`: the jobs deleted (or that would be).
pub const PURGE: Schema = Schema::new("seedsieve.purge/1");

/// `scheduler watch-session show NAME --json`: a watch session's state,
/// diagnostics and prediction pool.
pub const WATCH_SESSION: Schema = Schema::new("seedsieve.watch_session/1");

/// `scheduler watch --status --json`: whether the watcher runs, its pid and
/// its state file.
pub const WATCH_STATUS: Schema = Schema::new("seedsieve.watch_status/1");

/// `scheduler watch explain N --json`: a request's record and its audit events.
pub const WATCH_EXPLAIN: Schema = Schema::new("seedsieve.watch_explain/1");

/// Every JSON output's schema id and its file under docs/schema/.
pub const FILES: &[(&str, &str)] = &[
    ("seedsieve.report/2", "report.schema.json"),
    (crate::plan::PLAN_SCHEMA, "plan.schema.json"),
    (crate::live::EVENT_SCHEMA, "event.schema.json"),
    (crate::live::RESTORE_SCHEMA, "restore.schema.json"),
    ("seedsieve.generators/2", "generators.schema.json"),
    ("seedsieve.job_status/1", "job_status.schema.json"),
    ("seedsieve.queue_status/1", "queue_status.schema.json"),
    ("seedsieve.purge/1", "purge.schema.json"),
    ("seedsieve.watch_session/1", "watch_session.schema.json"),
    ("seedsieve.watch_status/1", "watch_status.schema.json"),
    ("seedsieve.watch_explain/1", "watch_explain.schema.json"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_name_and_version_and_every_id_has_a_file() {
        assert_eq!(REPORT.name(), "seedsieve.report");
        assert_eq!(REPORT.version(), Some(2));
        assert_eq!(Schema::new("x").version(), None);
        for s in [
            &REPORT,
            &GENERATORS,
            &JOB_STATUS,
            &QUEUE_STATUS,
            &PURGE,
            &WATCH_SESSION,
            &WATCH_STATUS,
            &WATCH_EXPLAIN,
        ] {
            assert!(
                FILES.iter().any(|(id, _)| s == id),
                "{s} has no docs/schema file"
            );
        }
        let json = serde_json::to_string(&REPORT).expect("a string serializes");
        assert_eq!(json, "\"seedsieve.report/2\"");
        let back: Schema = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, REPORT);
    }
}
