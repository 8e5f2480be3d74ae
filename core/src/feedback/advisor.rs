//! The advisor seam and acceptance.
//!
//! An [`Advisor`] turns a trigger and the session's diagnostics into typed
//! [`Proposal`]s; it decides nothing. [`accept`] checks a proposal against the
//! policies' bounds, cooldown and rate limit: values out of bounds are clamped
//! (with a note) or the proposal is rejected (with the reason). This issue
//! ships [`HeuristicAdvisor`]; an LLM advisor constrained by a GBNF grammar
//! comes later behind the same trait.

use super::policy::Policies;
use super::session::{SessionState, Trigger};
use super::{SieveParams, Work};
use crate::registry::SourceId;
use serde::{Deserialize, Serialize};

/// A proposed change, with the reasons for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// The work proposed.
    pub work: Work,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
}

/// Turns diagnostics into proposals. Implementations must be pure: the same
/// session and trigger give the same proposals.
pub trait Advisor {
    /// Its name, recorded with each request (`heuristic`, later `llm:MODEL`).
    fn name(&self) -> &str;
    /// Proposals for `trigger` on `session`, best first (possibly none).
    fn advise(&self, session: &SessionState, trigger: &Trigger, policy: &Policies)
        -> Vec<Proposal>;
}

/// Deterministic rules:
///
/// - survivors exhausted after [`ASSESS_AFTER_FAILED_RESIEVES`] failed
///   re-sieves, and not yet assessed at this index: assess the draws since
///   the first unexplained index (SP 800-90B, a scoring job), then re-sieve.
/// - survivors exhausted: re-sieve `2 * min_draws` draws (at most
///   `bounds.max_draws`) from the first unexplained index, with the offset widened (the new stream may start a few draws later:
///   chance matches, tolerance), doubling per failed re-sieve; after a failed
///   re-sieve the source set widens to every source.
/// - hit rate not above baseline: re-sieve the baseline window with one more
///   skip and every source.
/// - K new draws: confirm the survivors' seeds on every draw since their anchor.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeuristicAdvisor;

impl Advisor for HeuristicAdvisor {
    fn name(&self) -> &str {
        "heuristic"
    }

    fn advise(&self, s: &SessionState, trigger: &Trigger, policy: &Policies) -> Vec<Proposal> {
        let c = &s.config;
        let max_draws = policy.bounds.max_draws as u64;
        match *trigger {
            Trigger::SurvivorsExhausted { from_index, draws } => {
                let resieve = self.resieve(s, from_index, draws, policy);
                if s.failed_resieves >= ASSESS_AFTER_FAILED_RESIEVES
                    && s.assessment.as_ref().is_none_or(|a| a.from_index != from_index)
                {
                    let n = draws.min(max_draws).max(1) as u32;
                    return vec![
                        Proposal {
                            work: Work::Assess {
                                from_index,
                                draws: n,
                            },
                            reasons: vec![
                                format!(
                                    "{} re-sieve(s) from index {from_index} found nothing: assess how predictable the {n} draws since are (SP 800-90B), once for this index",
                                    s.failed_resieves
                                ),
                            ],
                        },
                        resieve,
                    ];
                }
                vec![resieve]
            }
            Trigger::Baseline { window, hits, p_value } => vec![Proposal {
                work: Work::Resieve(SieveParams {
                    from_index: s.cursor.saturating_sub(window as u64),
                    draws: (window as u64).min(max_draws) as u32,
                    sources: SourceId::all().collect(),
                    seed_range: c.seed_range,
                    max_offset: c.max_offset.max(4) * 2,
                    max_skip: c.max_skip + 1,
                }),
                reasons: vec![format!(
                    "hit@1 {hits}/{window} is not above the uniform baseline 1/{} (p = {p_value:.3e} >= alpha {})",
                    c.n(),
                    policy.triggers.alpha
                ), "re-sieve the window with one more skip and every source".into()],
            }],
            Trigger::NewDraws { draws } => {
                let Some(from) = s.survivors.iter().map(|h| h.anchor).min() else {
                    return Vec::new();
                };
                let lo = s.survivors.iter().map(|h| h.seed).min().unwrap_or(0);
                let hi = s.survivors.iter().map(|h| h.seed).max().unwrap_or(0);
                let mut sources: Vec<SourceId> = s.survivors.iter().map(|h| h.prng).collect();
                sources.sort();
                sources.dedup();
                vec![Proposal {
                    work: Work::Confirm(SieveParams {
                        from_index: from,
                        draws: (s.cursor - from).min(4096) as u32,
                        sources,
                        seed_range: Some((lo, hi + 1)),
                        max_offset: s.survivors.iter().map(|h| h.offset).max().unwrap_or(0),
                        max_skip: s.survivors.iter().map(|h| h.skip).max().unwrap_or(0),
                    }),
                    reasons: vec![format!(
                        "{draws} draws since the last sieve: confirm the {} survivor(s) on every draw since index {from}",
                        s.survivors.len()
                    )],
                }]
            }
        }
    }
}

impl HeuristicAdvisor {
    /// The re-sieve proposed when the survivors are exhausted.
    fn resieve(
        &self,
        s: &SessionState,
        from_index: u64,
        draws: u64,
        policy: &Policies,
    ) -> Proposal {
        let c = &s.config;
        let max_draws = policy.bounds.max_draws as u64;
        let base = c.max_offset.max(4);
        let widened = base
            .saturating_mul(2)
            .saturating_mul(1 << s.failed_resieves.min(16));
        let mut reasons = vec![format!(
                    "every survivor was retired; index {from_index} is the first no survivor explains and {draws} draws came after it"
                ),
                format!("offset widened from {} to {widened}: a new stream may begin up to a few draws before or after the first miss", c.max_offset)];
        let sources = if s.failed_resieves > 0 {
            reasons.push(format!(
                "{} re-sieve(s) found nothing with the session's sources: every source this time",
                s.failed_resieves
            ));
            SourceId::all().collect()
        } else {
            c.sources.clone()
        };
        // A short window from the switch point: the sieve needs a few
        // draws, and a long one may run into the next reseed.
        let want = (2 * policy.triggers.min_draws as u64).min(max_draws);
        Proposal {
            work: Work::Resieve(SieveParams {
                from_index,
                draws: draws.min(want) as u32,
                sources,
                seed_range: c.seed_range,
                max_offset: widened,
                max_skip: c.max_skip,
            }),
            reasons,
        }
    }
}

/// Failed re-sieves at one exhaustion point after which the
/// [`HeuristicAdvisor`] proposes an `assess` of the unexplained draws (once
/// per exhaustion index) before the next re-sieve.
pub const ASSESS_AFTER_FAILED_RESIEVES: u32 = 2;

/// What acceptance made of a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Acceptance {
    /// Accepted, possibly clamped: the work to request and the notes.
    Accepted {
        /// The work after clamping.
        work: Work,
        /// What was clamped, and to what.
        notes: Vec<String>,
    },
    /// Rejected, with the reason.
    Rejected {
        /// Why.
        reason: String,
        /// When the same proposal could pass (end of the cooldown, or when
        /// the oldest request leaves the hourly window), ms since the epoch;
        /// `None` when only a change of proposal or policy helps.
        retry_at_ms: Option<u64>,
    },
}

/// Checks `p` against the policies' bounds, the session's cooldown and its
/// rate limit at time `now_ms`.
pub fn accept(p: &Proposal, s: &SessionState, policy: &Policies, now_ms: u64) -> Acceptance {
    let l = &policy.limits;
    if let Some(&last) = s.accepted_ms.iter().max() {
        let since = now_ms.saturating_sub(last);
        // Saturating: a policy's cooldown in seconds may be any u64.
        let cooldown_ms = l.cooldown_s.saturating_mul(1000);
        if since < cooldown_ms {
            return Acceptance::Rejected {
                reason: format!(
                    "cooldown: the session's last request was accepted {:.1} s ago (limits.cooldown_s = {})",
                    since as f64 / 1e3,
                    l.cooldown_s
                ),
                retry_at_ms: Some(last.saturating_add(cooldown_ms)),
            };
        }
    }
    let in_hour: Vec<u64> = s
        .accepted_ms
        .iter()
        .copied()
        .filter(|&t| now_ms.saturating_sub(t) < 3_600_000)
        .collect();
    let hour = in_hour.len();
    if hour >= l.max_per_hour as usize {
        return Acceptance::Rejected {
            reason: format!(
                "rate limit: {hour} requests accepted in the last hour (limits.max_per_hour = {})",
                l.max_per_hour
            ),
            retry_at_ms: in_hour.iter().min().map(|t| t + 3_600_000),
        };
    }
    let b = &policy.bounds;
    let mut work = p.work.clone();
    let mut notes = Vec::new();
    if let Work::Resieve(q) | Work::Confirm(q) = &mut work {
        let mut clamp = |name: &str, v: &mut u32, max: u32| {
            if *v > max {
                notes.push(format!("{name} {v} clamped to {max} (bounds.{name})"));
                *v = max;
            }
        };
        clamp("max_offset", &mut q.max_offset, b.max_offset);
        clamp("max_skip", &mut q.max_skip, b.max_skip);
        if matches!(p.work, Work::Resieve(_)) {
            clamp("max_draws", &mut q.draws, b.max_draws);
        }
        for src in &q.sources {
            let span = match q.seed_range {
                Some((lo, hi)) => hi - lo,
                None => {
                    let sp = src.info().seeds;
                    sp.default_end - sp.default_start
                }
            };
            if span > b.max_seed_span {
                return Acceptance::Rejected {
                    reason: format!(
                        "{src}: {span} seeds to sweep, above bounds.max_seed_span = {}",
                        b.max_seed_span
                    ),
                    retry_at_ms: None,
                };
            }
        }
    }
    Acceptance::Accepted { work, notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::session::{predict, SessionConfig};
    use crate::feedback::{Draw, Found, Hypothesis, OutcomeVerdict};
    use crate::reduction::Reduction;

    fn config() -> SessionConfig {
        SessionConfig {
            name: "s".into(),
            stream: "s".into(),
            min: 1,
            max: 100,
            sources: vec![SourceId::PhpMtRand],
            seed_range: Some((0, 1 << 20)),
            max_offset: 0,
            max_skip: 0,
        }
    }

    fn found(seed: u64) -> Found {
        Found {
            prng: SourceId::PhpMtRand,
            reduction: Reduction::Range32,
            seed,
            offset: 0,
            skip: 0,
        }
    }

    /// Draws `from..from + n` of `seed` placed at stream indices starting at `at`.
    fn draws(seed: u64, from: u64, n: u64, at: u64) -> Vec<Draw> {
        let h = Hypothesis {
            prng: SourceId::PhpMtRand,
            reduction: Reduction::Range32,
            seed,
            offset: 0,
            skip: 0,
            anchor: 0,
            misses: 0,
        };
        let idx: Vec<u64> = (from..from + n).collect();
        predict(&h, 1, 100, &idx)
            .into_iter()
            .enumerate()
            .map(|(i, value)| Draw {
                index: at + i as u64,
                value,
                ts_ms: 0,
            })
            .collect()
    }

    #[test]
    fn a_seed_switch_retires_the_survivor_and_triggers_a_widened_resieve() {
        let mut policy = Policies::default();
        policy.triggers.min_draws = 6;
        let mut s = SessionState::new(config(), &[found(11)], 0, 12, 0);
        let pts = s.score(&draws(11, 12, 8, 12), &policy);
        assert!(pts.iter().all(|p| p.hit1 && p.survivors == 1));
        assert_eq!((s.hits1, s.scored), (8, 8));
        assert!(s.p_value() < 1e-15);
        assert_eq!(s.trigger(&policy), None);
        // Reseeded at index 20.
        let d = draws(99, 0, 8, 20);
        let pts = s.score(&d, &policy);
        assert_eq!(pts[0].retired, 1, "{pts:?}");
        assert!(s.survivors.is_empty());
        assert_eq!(s.exhausted_at, Some(20));
        let t = s.trigger(&policy).expect("trigger");
        assert_eq!(
            t,
            Trigger::SurvivorsExhausted {
                from_index: 20,
                draws: 8
            }
        );
        let p = HeuristicAdvisor.advise(&s, &t, &policy);
        let Work::Resieve(q) = &p[0].work else {
            panic!("{p:?}")
        };
        assert_eq!((q.from_index, q.draws, q.max_offset), (20, 8, 8));
        assert_eq!(q.sources, vec![SourceId::PhpMtRand]);
        // Taking in the new seed makes it predict the draws that follow.
        let outcome = crate::feedback::Outcome {
            verdict: OutcomeVerdict::Recovered,
            job: None,
            found: vec![found(99)],
            from_index: 20,
            predicted: Vec::new(),
            seeds_tried: 0,
            error: None,
            run_s: 0.0,
            assessment: None,
        };
        s.adopt(&outcome, &d, &policy);
        assert_eq!(s.survivors.len(), 1);
        assert_eq!(s.survivors[0].anchor, 20);
        let pts = s.score(&draws(99, 8, 4, 28), &policy);
        assert!(pts.iter().all(|p| p.hit1), "{pts:?}");
        // A failed re-sieve widens the source set next time.
        s.survivors.clear();
        s.failed_resieves = 1;
        s.exhausted_at = Some(32);
        s.cursor = 40;
        let t = s.trigger(&policy).expect("trigger");
        let p = HeuristicAdvisor.advise(&s, &t, &policy);
        let Work::Resieve(q) = &p[0].work else {
            panic!("{p:?}")
        };
        assert_eq!(q.max_offset, 16);
        assert!(q.sources.len() > 40, "every source after a failure");
    }

    #[test]
    fn failed_resieves_raise_one_assessment_per_exhaustion_index() {
        let policy = Policies::default();
        let mut s = SessionState::new(config(), &[], 0, 0, 0);
        s.score(&draws(5, 0, 40, 0), &policy);
        assert_eq!(s.exhausted_at, Some(0));
        let t = s.trigger(&policy).expect("trigger");
        let not_found = crate::feedback::Outcome {
            verdict: OutcomeVerdict::NotFound,
            job: None,
            found: Vec::new(),
            from_index: 0,
            predicted: Vec::new(),
            seeds_tried: 1,
            error: None,
            run_s: 0.0,
            assessment: None,
        };
        // One failed re-sieve: re-sieve again (every source).
        s.adopt(&not_found, &[], &policy);
        let p = HeuristicAdvisor.advise(&s, &t, &policy);
        assert!(matches!(p[0].work, Work::Resieve(_)), "{p:?}");
        // The second: assess the unexplained draws first.
        s.adopt(&not_found, &[], &policy);
        assert_eq!(s.failed_resieves, ASSESS_AFTER_FAILED_RESIEVES);
        let p = HeuristicAdvisor.advise(&s, &t, &policy);
        assert_eq!(
            p[0].work,
            Work::Assess {
                from_index: 0,
                draws: 40
            },
            "{p:?}"
        );
        assert!(matches!(p[1].work, Work::Resieve(_)), "{p:?}");
        assert!(matches!(
            accept(&p[0], &s, &policy, 0),
            Acceptance::Accepted { .. }
        ));
        // Its outcome is kept as the session's latest assessment, counts no
        // failure, and the next trigger at the same index re-sieves.
        let note = crate::feedback::AssessmentNote {
            from_index: 0,
            draws: 40,
            min_entropy_per_draw: 6.1,
            log2_range: 100f64.log2(),
            verdict: crate::assess::report::AssessVerdict::Chance,
            verdict_line: "6.10 of 6.64 bits/draw".into(),
            job: None,
        };
        let assessed = crate::feedback::Outcome {
            verdict: OutcomeVerdict::Assessed,
            assessment: Some(note.clone()),
            ..not_found.clone()
        };
        s.adopt(&assessed, &[], &policy);
        assert_eq!(s.assessment, Some(note));
        assert_eq!(s.failed_resieves, ASSESS_AFTER_FAILED_RESIEVES);
        let p = HeuristicAdvisor.advise(&s, &t, &policy);
        assert!(matches!(p[0].work, Work::Resieve(_)), "{p:?}");
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn an_outcome_overtaken_by_another_reseed_moves_the_exhaustion_point() {
        let policy = Policies::default();
        let mut s = SessionState::new(config(), &[], 0, 0, 0);
        // Seed 5 from index 0 to 29, then seed 6 from 30: all scored with no survivor.
        let mut d = draws(5, 0, 30, 0);
        d.extend(draws(6, 0, 10, 30));
        s.score(&d, &policy);
        assert_eq!(s.exhausted_at, Some(0));
        let outcome = crate::feedback::Outcome {
            verdict: OutcomeVerdict::Recovered,
            job: None,
            found: vec![found(5)],
            from_index: 0,
            predicted: Vec::new(),
            seeds_tried: 0,
            error: None,
            run_s: 0.0,
            assessment: None,
        };
        s.adopt(&outcome, &d, &policy);
        assert!(s.survivors.is_empty(), "seed 5 misses at 30");
        assert_eq!(
            s.exhausted_at,
            Some(30),
            "the next re-sieve starts at the reseed"
        );
        assert_eq!(s.failed_resieves, 0);
    }

    #[test]
    fn tolerance_keeps_a_survivor_through_one_miss() {
        let mut policy = Policies::default();
        policy.diagnostics.tolerance = 1;
        let mut s = SessionState::new(config(), &[found(11)], 0, 0, 0);
        let mut d = draws(11, 0, 6, 0);
        d[2].value = if d[2].value == 1 { 2 } else { 1 };
        let pts = s.score(&d, &policy);
        assert_eq!(s.survivors.len(), 1);
        assert_eq!(s.survivors[0].misses, 1);
        assert!(!pts[2].hit1 && pts[3].hit1);
        d = draws(11, 6, 1, 6);
        d[0].value = if d[0].value == 1 { 2 } else { 1 };
        s.score(&d, &policy);
        assert!(s.survivors.is_empty(), "second miss retires it");
    }

    #[test]
    fn baseline_trigger_fires_when_hits_do_not_beat_chance() {
        let mut policy = Policies::default();
        policy.triggers.baseline_window = 10;
        policy.diagnostics.tolerance = 1000;
        // A wrong survivor that the tolerance keeps alive.
        let mut s = SessionState::new(config(), &[found(12345)], 0, 0, 0);
        s.score(&draws(54321, 0, 10, 0), &policy);
        assert_eq!(s.survivors.len(), 1);
        match s.trigger(&policy) {
            Some(Trigger::Baseline {
                window: 10,
                hits,
                p_value,
            }) => {
                assert!(
                    hits <= 1 && p_value >= policy.triggers.alpha,
                    "{hits} {p_value}"
                )
            }
            t => panic!("{t:?}"),
        }
    }

    #[test]
    fn acceptance_clamps_rejects_and_limits() {
        let mut policy = Policies::default();
        policy.bounds.max_offset = 8;
        policy.bounds.max_draws = 20;
        policy.bounds.max_seed_span = 1 << 20;
        let mut s = SessionState::new(config(), &[], 0, 0, 0);
        let mut p = Proposal {
            work: Work::Resieve(SieveParams {
                from_index: 0,
                draws: 50,
                sources: vec![SourceId::PhpMtRand],
                seed_range: Some((0, 1 << 20)),
                max_offset: 100,
                max_skip: 0,
            }),
            reasons: vec![],
        };
        match accept(&p, &s, &policy, 1_000_000) {
            Acceptance::Accepted {
                work: Work::Resieve(q),
                notes,
            } => {
                assert_eq!((q.max_offset, q.draws), (8, 20));
                assert_eq!(notes.len(), 2, "{notes:?}");
                assert!(notes[0].contains("bounds.max_offset"), "{notes:?}");
            }
            a => panic!("{a:?}"),
        }
        s.accepted_ms.push(1_000_000);
        match accept(&p, &s, &policy, 1_000_000 + 2_000) {
            Acceptance::Rejected { reason, .. } => {
                assert!(reason.starts_with("cooldown"), "{reason}")
            }
            a => panic!("{a:?}"),
        }
        policy.limits.max_per_hour = 1;
        match accept(&p, &s, &policy, 1_000_000 + 60_000) {
            Acceptance::Rejected { reason, .. } => {
                assert!(reason.starts_with("rate limit"), "{reason}")
            }
            a => panic!("{a:?}"),
        }
        s.accepted_ms.clear();
        if let Work::Resieve(q) = &mut p.work {
            q.seed_range = None;
        }
        match accept(&p, &s, &policy, 1_000_000) {
            Acceptance::Rejected { reason, .. } => {
                assert!(reason.contains("bounds.max_seed_span"), "{reason}")
            }
            a => panic!("{a:?}"),
        }
    }

    #[test]
    fn a_huge_cooldown_does_not_wrap_to_a_short_one() {
        let mut policy = Policies::default();
        // (u64::MAX / 1000 + 1) * 1000 wraps to 384 ms.
        policy.limits.cooldown_s = u64::MAX / 1000 + 1;
        let mut s = SessionState::new(config(), &[], 0, 0, 0);
        s.accepted_ms.push(1_000_000);
        let p = Proposal {
            work: Work::Predict { steps: 1 },
            reasons: vec![],
        };
        match accept(&p, &s, &policy, 1_000_000 + 2_000) {
            Acceptance::Rejected {
                reason,
                retry_at_ms,
            } => {
                assert!(reason.starts_with("cooldown"), "{reason}");
                assert_eq!(retry_at_ms, Some(u64::MAX));
            }
            a => panic!("{a:?}"),
        }
    }
}
