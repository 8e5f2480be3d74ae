//! A watch session: a draw stream tied to the current survivors and their
//! prediction pool, and the pure step that scores new draws and evaluates the
//! triggers. Nothing here touches Redis ([`super::store`] does).

use super::policy::Policies;
use super::stats::{binomial_tail, log_loss};
use super::{Draw, Found, Hypothesis, Outcome, OutcomeVerdict, RequestId};
use crate::reduction::Reducer;
use crate::registry::SourceId;
use crate::sieve::emulate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// What a session watches and how its first sieve ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// Session name (also used in keys).
    pub name: String,
    /// Draw stream name (`producer ingest --stream NAME`).
    pub stream: String,
    /// Smallest value a draw takes.
    pub min: i64,
    /// Largest value a draw takes.
    pub max: i64,
    /// Sources the sieve sweeps.
    pub sources: Vec<SourceId>,
    /// Seeds swept, `[lo, hi)`; `None`: each source's default sweep.
    pub seed_range: Option<(u64, u64)>,
    /// Offset of the first sieve.
    pub max_offset: u32,
    /// Skip of the sieve.
    pub max_skip: u32,
}

impl SessionConfig {
    /// Values a draw can take.
    pub fn n(&self) -> u64 {
        (self.max as i128 - self.min as i128 + 1) as u64
    }
}

/// A session's state, kept as JSON under `session:NAME`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// What it watches.
    pub config: SessionConfig,
    /// Hypotheses still consistent (within the tolerance).
    pub survivors: Vec<Hypothesis>,
    /// Survivors retired so far.
    pub retired: u64,
    /// Next stream index to score.
    pub cursor: u64,
    /// Last stream index some survivor predicted.
    pub last_explained: Option<u64>,
    /// First stream index no survivor explains, once every survivor is retired.
    pub exhausted_at: Option<u64>,
    /// Draws scored since the last sieve outcome was adopted.
    pub since_sieve: u64,
    /// Draws scored with a non-empty pool.
    pub scored: u64,
    /// hit@1 among them.
    pub hits1: u64,
    /// hit@k among them.
    pub hitk: u64,
    /// Sum of their log-losses (nats).
    pub log_loss_sum: f64,
    /// hit@1 of the last scored draws (the baseline window).
    pub recent: VecDeque<bool>,
    /// Re-sieves that found nothing since the last adopted survivors.
    pub failed_resieves: u32,
    /// The latest assessment of the stream's draws (an `assess` request).
    #[serde(default)]
    pub assessment: Option<super::AssessmentNote>,
    /// The request raised and not yet settled.
    pub open_request: Option<RequestId>,
    /// When requests were accepted (ms), the last hour's.
    pub accepted_ms: Vec<u64>,
    /// Created, ms since the epoch.
    pub created_ms: u64,
    /// No trigger is acted on before this time (ms): set after a rejection,
    /// so a rejected proposal is not proposed again on every draw.
    #[serde(default)]
    pub quiet_until_ms: u64,
}

/// One scored draw: a point of the session's time series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Stream index.
    pub index: u64,
    /// The draw.
    pub value: i64,
    /// The pool's first value (most shared), if any survivor.
    pub predicted: Option<i64>,
    /// The pool's first value was the draw.
    pub hit1: bool,
    /// The draw was among the pool's first k values.
    pub hitk: bool,
    /// Log-loss of the draw, nats.
    pub log_loss: f64,
    /// Survivors after this draw.
    pub survivors: usize,
    /// Survivors retired at this draw.
    pub retired: usize,
    /// Exact binomial p-value of every hit@1 so far against the uniform baseline.
    pub p_value: f64,
    /// The source's timestamp, ms.
    pub ts_ms: u64,
}

/// Why a request should be raised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "trigger", rename_all = "snake_case")]
pub enum Trigger {
    /// Every survivor is retired; `draws` arrived from `from_index` on.
    SurvivorsExhausted {
        /// First unexplained stream index.
        from_index: u64,
        /// Draws since then.
        draws: u64,
    },
    /// hit@1 over the last `window` scored draws is not above the baseline.
    Baseline {
        /// Draws in the window.
        window: u32,
        /// hit@1 in it.
        hits: u32,
        /// Its exact binomial p-value.
        p_value: f64,
    },
    /// `draws` were scored since the last sieve.
    NewDraws {
        /// Draws since the last sieve.
        draws: u64,
    },
}

/// Which rule fired, without its figures (a request's `trigger` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    /// [`Trigger::SurvivorsExhausted`].
    SurvivorsExhausted,
    /// [`Trigger::Baseline`].
    Baseline,
    /// [`Trigger::NewDraws`].
    NewDraws,
}

impl TriggerKind {
    /// `survivors_exhausted`, `baseline` or `new_draws`.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::SurvivorsExhausted => "survivors_exhausted",
            TriggerKind::Baseline => "baseline",
            TriggerKind::NewDraws => "new_draws",
        }
    }
}

impl std::fmt::Display for TriggerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Trigger {
    /// Which rule fired.
    pub fn kind(&self) -> TriggerKind {
        match self {
            Trigger::SurvivorsExhausted { .. } => TriggerKind::SurvivorsExhausted,
            Trigger::Baseline { .. } => TriggerKind::Baseline,
            Trigger::NewDraws { .. } => TriggerKind::NewDraws,
        }
    }
    /// `survivors_exhausted`, `baseline` or `new_draws`.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }
}

/// The draws hypothesis `h` predicts at stream `indices` (increasing, each at
/// least `h.anchor`), by the scalar reference emulation ([`emulate`]).
pub fn predict(h: &Hypothesis, min: i64, n: u64, indices: &[u64]) -> Vec<i64> {
    let Some(&last) = indices.last() else {
        return Vec::new();
    };
    let Ok(reducer) = Reducer::new(h.reduction, h.prng.raw_form(), n) else {
        return Vec::new();
    };
    let stride = h.skip as u64 + 1;
    let pos = |i: u64| h.offset as u64 + i.saturating_sub(h.anchor) * stride;
    let d = emulate(
        h.prng.info().family,
        &reducer,
        h.seed,
        pos(last) as usize + 1,
    );
    indices
        .iter()
        .map(|&i| d[pos(i) as usize] as i64 + min)
        .collect()
}

/// The pool for one draw: values with their share of survivors, most shared
/// first (ties: smaller value first).
fn pool_of(values: &[i64]) -> Vec<(i64, f64)> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(*v).or_default() += 1;
    }
    let mut out: Vec<(i64, f64)> = counts
        .into_iter()
        .map(|(v, k)| (v, k as f64 / values.len() as f64))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

impl SessionState {
    /// A fresh session whose first sieve found `found` on the window starting
    /// at `from_index`, with `cursor` the next index to score.
    pub fn new(
        config: SessionConfig,
        found: &[Found],
        from_index: u64,
        cursor: u64,
        now_ms: u64,
    ) -> Self {
        let survivors: Vec<Hypothesis> = found.iter().map(|f| anchor(f, from_index)).collect();
        SessionState {
            exhausted_at: survivors.is_empty().then_some(from_index),
            last_explained: (!survivors.is_empty()).then(|| cursor.saturating_sub(1)),
            survivors,
            config,
            retired: 0,
            cursor,
            since_sieve: 0,
            scored: 0,
            hits1: 0,
            hitk: 0,
            log_loss_sum: 0.0,
            recent: VecDeque::new(),
            failed_resieves: 0,
            assessment: None,
            open_request: None,
            accepted_ms: Vec::new(),
            created_ms: now_ms,
            quiet_until_ms: 0,
        }
    }

    /// hit@1 rate of the scored draws.
    pub fn hit1_rate(&self) -> f64 {
        if self.scored == 0 {
            0.0
        } else {
            self.hits1 as f64 / self.scored as f64
        }
    }

    /// Exact binomial p-value of all hit@1 so far against the uniform baseline.
    pub fn p_value(&self) -> f64 {
        binomial_tail(self.hits1, self.scored, 1.0 / self.config.n() as f64)
    }

    /// Scores `draws` (indices at or after the cursor, increasing; values in
    /// range) against the pool, retires survivors past `policy`'s tolerance,
    /// and returns the time-series points.
    pub fn score(&mut self, draws: &[Draw], policy: &Policies) -> Vec<Point> {
        let draws: Vec<&Draw> = draws.iter().filter(|d| d.index >= self.cursor).collect();
        if draws.is_empty() {
            return Vec::new();
        }
        let (min, n) = (self.config.min, self.config.n());
        let indices: Vec<u64> = draws.iter().map(|d| d.index).collect();
        let preds: Vec<Vec<i64>> = self
            .survivors
            .iter()
            .map(|h| predict(h, min, n, &indices))
            .collect();
        let k = policy.diagnostics.k as usize;
        let window = policy.triggers.baseline_window as usize;
        let mut alive: Vec<bool> = vec![true; self.survivors.len()];
        let mut out = Vec::with_capacity(draws.len());
        for (j, d) in draws.iter().enumerate() {
            let live: Vec<usize> = (0..alive.len())
                .filter(|&s| alive[s] && preds[s].len() > j)
                .collect();
            let values: Vec<i64> = live.iter().map(|&s| preds[s][j]).collect();
            let pool = pool_of(&values);
            let mut retired = 0;
            let (hit1, hitk, ll, predicted) = if pool.is_empty() {
                (false, false, (n as f64).ln(), None)
            } else {
                let share = pool.iter().find(|p| p.0 == d.value).map_or(0.0, |p| p.1);
                let hit1 = pool[0].0 == d.value;
                let hitk = pool.iter().take(k).any(|p| p.0 == d.value);
                self.scored += 1;
                self.hits1 += hit1 as u64;
                self.hitk += hitk as u64;
                let ll = log_loss(share, n);
                self.log_loss_sum += ll;
                if window > 0 {
                    self.recent.push_back(hit1);
                    while self.recent.len() > window {
                        self.recent.pop_front();
                    }
                }
                for &s in &live {
                    if preds[s][j] == d.value {
                        self.last_explained = Some(d.index);
                    } else {
                        self.survivors[s].misses += 1;
                        if self.survivors[s].misses > policy.diagnostics.tolerance {
                            alive[s] = false;
                            retired += 1;
                        }
                    }
                }
                (hit1, hitk, ll, Some(pool[0].0))
            };
            self.retired += retired as u64;
            self.since_sieve += 1;
            self.cursor = d.index + 1;
            let left = alive.iter().filter(|a| **a).count();
            if left == 0 && !self.survivors.is_empty() && self.exhausted_at.is_none() {
                self.exhausted_at = Some(self.last_explained.map_or(d.index, |e| e + 1));
            }
            out.push(Point {
                index: d.index,
                value: d.value,
                predicted,
                hit1,
                hitk,
                log_loss: ll,
                survivors: left,
                retired,
                p_value: self.p_value(),
                ts_ms: d.ts_ms,
            });
        }
        let mut i = 0;
        self.survivors.retain(|_| {
            i += 1;
            alive[i - 1]
        });
        out
    }

    /// The trigger to act on now, if any (none while a request is open).
    pub fn trigger(&self, policy: &Policies) -> Option<Trigger> {
        if self.open_request.is_some() {
            return None;
        }
        let t = &policy.triggers;
        if self.survivors.is_empty() {
            let from = self.exhausted_at?;
            let draws = self.cursor.saturating_sub(from);
            return (t.survivors_exhausted && draws >= t.min_draws as u64).then_some(
                Trigger::SurvivorsExhausted {
                    from_index: from,
                    draws,
                },
            );
        }
        let window = t.baseline_window as usize;
        if window > 0 && self.recent.len() >= window {
            let hits = self.recent.iter().filter(|h| **h).count() as u64;
            let p = binomial_tail(hits, window as u64, 1.0 / self.config.n() as f64);
            if p >= t.alpha {
                return Some(Trigger::Baseline {
                    window: window as u32,
                    hits: hits as u32,
                    p_value: p,
                });
            }
        }
        (t.new_draws > 0 && self.since_sieve >= t.new_draws as u64).then_some(Trigger::NewDraws {
            draws: self.since_sieve,
        })
    }

    /// Takes in the outcome of a request. An assessment is kept as the
    /// session's latest. A sieve request's candidates become the
    /// survivors, checked first on `later` (draws from the job's window up to
    /// the cursor, the later ones already scored without them). A candidate
    /// that explains a stretch and then misses means another reseed: the
    /// session stays exhausted from the end of that stretch. None found keeps
    /// the session exhausted where it was and counts a failed re-sieve.
    pub fn adopt(&mut self, outcome: &Outcome, later: &[Draw], policy: &Policies) {
        if let Some(a) = &outcome.assessment {
            self.assessment = Some(a.clone());
            return;
        }
        if outcome.found.is_empty() {
            // A job that failed (not a search that found nothing) says
            // nothing about the draws: the trigger fires again after the cooldown.
            if matches!(
                outcome.verdict,
                OutcomeVerdict::NotFound | OutcomeVerdict::Ambiguous
            ) {
                self.failed_resieves += 1;
            }
            return;
        }
        let (min, n) = (self.config.min, self.config.n());
        let later: Vec<&Draw> = later
            .iter()
            .filter(|d| d.index < self.cursor && d.index >= outcome.from_index)
            .collect();
        let indices: Vec<u64> = later.iter().map(|d| d.index).collect();
        let tolerance = policy.diagnostics.tolerance;
        let mut next = Vec::new();
        // The furthest index + 1 that a candidate explained before it missed.
        let mut reach: Option<u64> = None;
        for f in &outcome.found {
            let mut h = anchor(f, outcome.from_index);
            let p = predict(&h, min, n, &indices);
            let mut last_ok = None;
            let mut dead = false;
            for (v, d) in p.iter().zip(&later) {
                if *v == d.value {
                    last_ok = Some(d.index);
                } else {
                    h.misses += 1;
                    if h.misses > tolerance {
                        dead = true;
                        break;
                    }
                }
            }
            if dead {
                self.retired += 1;
                if let Some(l) = last_ok {
                    reach = Some(reach.map_or(l + 1, |r: u64| r.max(l + 1)));
                }
            } else {
                next.push(h);
            }
        }
        if next.is_empty() {
            // Every candidate explained a stretch and then missed: the source
            // was reseeded again while the job ran. Progress: the next
            // re-sieve starts after that stretch.
            match reach {
                Some(r) if self.exhausted_at.is_none_or(|e| r > e) => {
                    self.exhausted_at = Some(r);
                    self.last_explained = Some(r - 1);
                    self.failed_resieves = 0;
                }
                _ => self.failed_resieves += 1,
            }
            return;
        }
        self.survivors = next;
        self.exhausted_at = None;
        self.failed_resieves = 0;
        self.since_sieve = 0;
        self.recent.clear();
        self.last_explained = Some(self.cursor.saturating_sub(1));
    }

    /// The next `steps` draws the pool predicts: (index, values with shares).
    pub fn pool(&self, steps: u32) -> Vec<(u64, Vec<(i64, f64)>)> {
        let indices: Vec<u64> = (self.cursor..self.cursor + steps as u64).collect();
        let preds: Vec<Vec<i64>> = self
            .survivors
            .iter()
            .map(|h| predict(h, self.config.min, self.config.n(), &indices))
            .collect();
        indices
            .iter()
            .enumerate()
            .map(|(j, &i)| {
                let v: Vec<i64> = preds.iter().filter_map(|p| p.get(j).copied()).collect();
                (i, pool_of(&v))
            })
            .collect()
    }
}

/// A sieve candidate as a hypothesis anchored at `from_index`.
pub fn anchor(f: &Found, from_index: u64) -> Hypothesis {
    Hypothesis {
        prng: f.prng,
        reduction: f.reduction,
        seed: f.seed,
        offset: f.offset,
        skip: f.skip,
        anchor: from_index,
        misses: 0,
    }
}
