//! `--prng all`'s hand-off from the seed sweep to state recovery: when the
//! sweep of every source finds nothing, the state-recovery methods that fit
//! integer draws (48-bit java.util.Random seeds, V8 `Math.random`'s 128-bit
//! state: spaces too wide to sweep) get their turn on the same draws.

use crate::recover::{recover, Observed, StateReport, STATE_SOURCES};
use crate::report::{Report, Verdict, VerdictBy};

/// The state-recovery methods that apply to integer draws in [min, max]
/// (`values`) and find something (recovered or ambiguous), strongest verdict
/// first, each predicting `predict` draws. Methods for other draw forms
/// (raw outputs, floats) and methods that refuse the draws are left out.
pub fn state_reports_for_ints(
    values: &[i64],
    min: i64,
    max: i64,
    predict: usize,
) -> Vec<StateReport> {
    let obs = Observed::Ints {
        values: values.to_vec(),
        min,
        max,
    };
    let mut ids: Vec<&str> = STATE_SOURCES.iter().map(|(id, _, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out: Vec<StateReport> = ids
        .into_iter()
        .filter_map(|id| recover(id, &obs, predict).ok())
        .filter(|r| r.verdict != Verdict::NotFound)
        .collect();
    out.sort_by_key(|r| r.verdict.rank());
    out
}

/// Hands a sweep over every source (`--prng all`) that found no candidate to
/// state recovery: the draws `values` in [min, max] go through
/// [`state_reports_for_ints`]; if a method finds something, `report` gains
/// the reports (`state_reports`), takes the best one's verdict, and says so
/// (`verdict_by: state_recovery`). A report with candidates is left as it is.
/// Returns whether the hand-off changed the report.
pub fn hand_off_to_state_recovery(
    report: &mut Report,
    values: &[i64],
    min: i64,
    max: i64,
    predict: usize,
) -> bool {
    if !report.candidates.is_empty() {
        return false;
    }
    attach_state_reports(report, state_reports_for_ints(values, min, max, predict))
}

/// [`hand_off_to_state_recovery`] with the state reports already made
/// (`--prng all` runs state recovery before the sweep): a report without
/// candidates whose sweep was not interrupted gains them and the best one's
/// verdict. Returns whether the report changed.
pub fn attach_state_reports(report: &mut Report, state: Vec<StateReport>) -> bool {
    if !report.candidates.is_empty() || report.verdict == Verdict::Incomplete {
        return false;
    }
    let Some(best) = state.first() else {
        return false;
    };
    report.verdict = best.verdict;
    report.verdict_by = Some(VerdictBy::StateRecovery);
    report.state_reports = state;
    true
}
