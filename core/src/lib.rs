//! seedsieve core: find the generator, seed, position and range reduction behind
//! observed draws, and predict the next ones.
//!
//! # Layout
//!
//! - [`assess`]: the SP 800-90B non-IID min-entropy assessment (ten estimators).
//! - [`prng`]: exact scalar emulations of each runtime's generator (the reference).
//! - [`reduction`]: range reductions (modulo, float scaling, rejection loops).
//! - [`registry`]: sources (runtime APIs) mapped to family, seed space, reductions.
//! - [`kernel`]: CPU block kernels computing raw outputs for many seeds at once.
//! - [`backend`]: compute backends behind one trait: CPU, OpenCL, CUDA.
//! - [`sieve`]: the seed sweep with offset, skip and tolerance; survivors.
//! - [`plan`]: targets, seed ranges and window length of a job.
//! - [`rates`]: the sieve's per-family rates measured on this machine (cached),
//!   which the plan's estimates use.
//! - [`job`]: the wire protocol: ids, shards, results, `PROTOCOL_VERSION`.
//! - [`queue`]: the queue seam (`ShardQueue`) and the embedded queue.
//! - [`redis`]: the Redis layer: the key table, Lua scripts, one stream lease,
//!   typed errors, `RedisQueue`.
//! - [`fleet`]: a fleet worker's runtime: claim, renew, sweep, ack, janitor, shutdown.
//! - [`follow`]: following a fleet job to its end (submit and the watcher).
//! - [`engine`]: worker loop, embedded mode, confirmation, prediction, verdict.
//! - [`live`]: the embedded sweep as a user watches it: candidates as found,
//!   stop at the answer, interrupt with the partial report, restore and resume.
//! - [`handoff`]: `--prng all`: state recovery when the seed sweep finds nothing.
//! - [`recover`]: state recovery by algebra on the outputs (`--mode state`).
//! - [`report`]: the job's result as printed and serialized.
//! - [`schema`]: the `schema` id (name and version) of every JSON output.
//! - [`tuples`]: tuple draws from sampling functions (`random.sample`, shuffles).
//! - [`draws`]: draw-file parsing with file/line errors.
//! - [`feedback`]: the live feedback loop: draw streams, watch sessions,
//!   diagnostics, triggers, the advisor seam, acceptance, request records.

pub mod assess;
pub mod backend;
pub mod draws;
pub mod engine;
pub mod feedback;
pub mod fleet;
pub mod follow;
pub mod handoff;
pub mod job;
pub mod kernel;
pub mod live;
pub mod plan;
pub mod prng;
pub mod queue;
pub mod rates;
pub mod recover;
pub mod redis;
pub mod reduction;
pub mod registry;
pub mod report;
pub mod schema;
pub mod sieve;
pub mod tuples;
