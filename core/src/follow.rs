//! Following a fleet job to its end: the one routine that both
//! `scheduler submit --redis` and the watcher use. Each poll runs a janitor
//! pass (so expired leases are reclaimed even when every worker is gone) and
//! reads the job's progress; a Redis outage is waited out (optionally up to
//! a limit), and the caller's [`FollowHooks`] see every poll, the progress
//! and the outage.

use crate::job::{JobId, WorkerId};
use crate::queue::QueueError;
use crate::redis::{JobProgress, JobRecord, RedisQueue};
use std::time::{Duration, Instant};

/// How to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowOptions {
    /// Pause between polls.
    pub poll: Duration,
    /// Longest time Redis may stay unreachable before [`follow`] gives up
    /// with [`Followed::Unreachable`]; `None` waits for ever.
    pub down_timeout: Option<Duration>,
}

/// Whether to keep following, from [`FollowHooks::tick`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Poll again.
    Continue,
    /// Stop following ([`Followed::Stopped`]); the job keeps running.
    Stop,
}

/// What the caller does along the way. Every method has a default that does
/// nothing.
pub trait FollowHooks {
    /// The error a hook may return (a queue error converts into it).
    type Error: From<QueueError>;

    /// Before each poll: check a stop flag, renew a lease, do other work.
    ///
    /// # Errors
    /// Whatever the hook's work fails with; [`follow`] returns it.
    fn tick(&mut self, _q: &RedisQueue) -> Result<Control, Self::Error> {
        Ok(Control::Continue)
    }
    /// The job's counters after each successful poll.
    fn progress(&mut self, _p: &JobProgress) {}
    /// Redis became unreachable (called once per outage, with its first error).
    fn unavailable(&mut self, _e: &QueueError) {}
    /// Redis answers again after an outage of `down`.
    fn back(&mut self, _down: Duration) {}
}

/// How following ended.
#[derive(Debug)]
pub enum Followed {
    /// Every shard settled, or the job was cancelled: its record.
    Over(Box<JobRecord>),
    /// The job's record is gone (Redis lost its data, or it was deleted).
    Disappeared,
    /// [`FollowHooks::tick`] said stop; the job keeps running.
    Stopped,
    /// Redis stayed unreachable longer than
    /// [`FollowOptions::down_timeout`]; its last error.
    Unreachable(QueueError),
}

/// Polls job `job` until it is over, as consumer `me` for the janitor.
///
/// # Errors
/// A non-transient [`QueueError`] (converted), or a hook's error.
pub fn follow<H: FollowHooks>(
    q: &RedisQueue,
    job: JobId,
    me: &WorkerId,
    opts: &FollowOptions,
    hooks: &mut H,
) -> Result<Followed, H::Error> {
    let mut down_since: Option<Instant> = None;
    loop {
        if hooks.tick(q)? == Control::Stop {
            return Ok(Followed::Stopped);
        }
        let step = q.janitor(me).and_then(|_| q.progress(job)).and_then(|p| {
            // The record is read only once the job is over.
            match p {
                Some(p) if p.over => q.job(job).map(|r| Some((p, r))),
                Some(p) => Ok(Some((p, None))),
                None => Ok(None),
            }
        });
        match step {
            Ok(Some((p, rec))) => {
                if let Some(t) = down_since.take() {
                    hooks.back(t.elapsed());
                }
                hooks.progress(&p);
                match rec {
                    Some(r) => return Ok(Followed::Over(Box::new(r))),
                    None if p.over => return Ok(Followed::Disappeared),
                    None => {}
                }
            }
            Ok(None) => return Ok(Followed::Disappeared),
            Err(e) if e.is_transient() => {
                let t = *down_since.get_or_insert_with(|| {
                    hooks.unavailable(&e);
                    Instant::now()
                });
                if opts.down_timeout.is_some_and(|d| t.elapsed() >= d) {
                    return Ok(Followed::Unreachable(e));
                }
            }
            Err(e) => return Err(e.into()),
        }
        std::thread::sleep(opts.poll);
    }
}
