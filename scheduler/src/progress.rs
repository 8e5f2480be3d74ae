//! Progress for people while a job runs elsewhere or for long: a bar on
//! stderr (only on a terminal) whose message is the rate in SI units and an
//! ETA once the rate has settled ([`RateMeter`]), in 80 columns. Used by
//! `submit --redis` (following a fleet job) and `watch-session create`.

use crate::live::{human_duration, si_rate};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Seconds of samples the rate is measured over.
pub const RATE_WINDOW: Duration = Duration::from_secs(5);
/// Time before an ETA is shown: a rate over less is noise.
pub const ETA_AFTER: Duration = Duration::from_secs(3);

/// A bar of `total` seeds on stderr when `say` and stderr is a terminal,
/// else a hidden one: `{bar:16} {percent}% {msg}` (22 columns before the
/// message, which [`RateMeter::message`] keeps within 58).
pub fn bar(say: bool, total: u64) -> ProgressBar {
    if say && std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        style(&b);
        b
    } else {
        ProgressBar::hidden()
    }
}

/// Gives `b` the style of [`bar`] (on a bar made elsewhere).
pub fn style(b: &ProgressBar) {
    b.set_style(
        ProgressStyle::with_template("{bar:16} {percent:>3}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
}

/// The rate of a growing count over the last [`RATE_WINDOW`], and an ETA.
#[derive(Debug)]
pub struct RateMeter {
    samples: VecDeque<(Instant, u64)>,
    start: Instant,
}

impl Default for RateMeter {
    fn default() -> Self {
        RateMeter {
            samples: VecDeque::new(),
            start: Instant::now(),
        }
    }
}

impl RateMeter {
    /// Adds a sample (`done` seeds at `now`) and returns the rate in seeds
    /// per second, `None` until half a second of samples exists. A count
    /// that went down (a shard's partial progress dropped on retry) starts
    /// the window again.
    pub fn sample(&mut self, now: Instant, done: u64) -> Option<f64> {
        if self.samples.back().is_some_and(|(_, d)| *d > done) {
            self.samples.clear();
        }
        self.samples.push_back((now, done));
        while self
            .samples
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) > RATE_WINDOW)
        {
            self.samples.pop_front();
        }
        let (t0, d0) = *self.samples.front()?;
        let dt = now.duration_since(t0).as_secs_f64();
        (dt >= 0.5).then(|| done.saturating_sub(d0) as f64 / dt)
    }

    /// The rate of the last sample, if the window is long enough (see [`RateMeter::sample`]).
    pub fn rate(&self) -> Option<f64> {
        let (t0, d0) = *self.samples.front()?;
        let (t1, d1) = *self.samples.back()?;
        let dt = t1.duration_since(t0).as_secs_f64();
        (dt >= 0.5).then(|| d1.saturating_sub(d0) as f64 / dt)
    }

    /// The bar's message after a sample: `12.1 Mseeds/s  ETA 3 min` (the
    /// ETA once [`ETA_AFTER`] passed), then `tail`; at most 58 characters.
    pub fn message(&mut self, done: u64, total: u64, tail: &str) -> String {
        let now = Instant::now();
        let rate = self.sample(now, done);
        let mut msg = match rate {
            Some(r) => si_rate(r, "seeds/s"),
            None => "measuring".into(),
        };
        if let Some(r) = rate.filter(|r| *r > 0.0) {
            if now.duration_since(self.start) >= ETA_AFTER {
                let left = total.saturating_sub(done) as f64 / r;
                msg.push_str(&format!("  ETA {}", human_duration(left)));
            }
        }
        if !tail.is_empty() {
            msg.push_str("  ");
            msg.push_str(tail);
        }
        msg.chars().take(58).collect()
    }
}

/// Percent done of a job: `done` of `total` seeds, one decimal; 100 for an
/// empty job.
pub fn percent(done: u64, total: u64) -> f64 {
    if total == 0 {
        100.0
    } else {
        (done.min(total) as f64 * 100.0 / total as f64 * 10.0).floor() / 10.0
    }
}

/// The ETA of a job that swept `done` of `total` seeds in `elapsed_s` at an
/// even pace; `None` before any seed is done or when it is over.
pub fn eta_s(done: u64, total: u64, elapsed_s: f64) -> Option<f64> {
    (done > 0 && done < total && elapsed_s > 0.0)
        .then(|| (total - done) as f64 * elapsed_s / done as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_needs_half_a_second_and_restarts_when_the_count_drops() {
        let mut m = RateMeter::default();
        let t = Instant::now();
        assert_eq!(m.sample(t, 0), None);
        assert_eq!(m.sample(t + Duration::from_millis(200), 10), None);
        let r = m
            .sample(t + Duration::from_secs(1), 1_000_000)
            .expect("rate");
        assert!((r - 1e6).abs() < 1.0, "{r}");
        // A retried shard's partial progress is dropped: the count goes down.
        assert_eq!(m.sample(t + Duration::from_millis(1100), 500_000), None);
        let r = m
            .sample(t + Duration::from_secs(2), 1_400_000)
            .expect("rate");
        assert!((r - 900_000.0 / 0.9).abs() < 1.0, "{r}");
    }

    #[test]
    fn percent_and_eta() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(5, 3), 100.0);
        assert_eq!(percent(0, 0), 100.0);
        assert_eq!(eta_s(0, 10, 5.0), None);
        assert_eq!(eta_s(10, 10, 5.0), None);
        assert_eq!(eta_s(25, 100, 10.0), Some(30.0));
    }
}
