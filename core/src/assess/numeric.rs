//! Numeric helpers shared by the SP 800-90B estimators: the 99% normal quantile,
//! the "close enough" test and the bisection the standard's searches use.
//!
//! Source: NIST SP 800-90B (January 2018), section 6.3 (the `Z_{1-0.005}` bound of
//! each estimator and the binary searches of 6.3.4 step 7 and 6.3.7-6.3.10's
//! P_local); the stopping rule follows the NIST reference tool's
//! `relEpsilonEqual(a, b, DBL_MIN, DBL_EPSILON, 4)` so that searches end where
//! the reference's do.

/// `Z_{1-0.005}`, the 99.5th percentile of the standard normal distribution
/// (SP 800-90B 6.3, used for every 99% upper confidence bound).
pub const Z_ALPHA: f64 = 2.575_829_303_548_901;

/// Largest number of bisection steps (the reference's `ITERMAX`): enough to walk
/// the whole double range.
const ITER_MAX: usize = 1076;

/// Whether `a` and `b` are equal for the purpose of a search: within
/// `max_rel * max(|a|, |b|)`, or (when a relative test is meaningless) within
/// `max_abs`, or within `max_ulp` units in the last place.
pub fn rel_epsilon_equal(a: f64, b: f64, max_abs: f64, max_rel: f64, max_ulp: u64) -> bool {
    if a.is_nan() || b.is_nan() {
        return false;
    }
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    let (small, large) = if a.abs() > b.abs() { (b, a) } else { (a, b) };
    let (abs_small, abs_large) = (small.abs(), large.abs());
    let diff = (large - small).abs();
    if abs_small < f64::MIN_POSITIVE
        || diff < f64::MIN_POSITIVE
        || diff.is_infinite()
        || abs_large * max_rel < f64::MIN_POSITIVE
    {
        return diff <= max_abs;
    }
    if diff <= abs_large * max_rel {
        return true;
    }
    if small.is_sign_negative() != large.is_sign_negative() {
        return false;
    }
    abs_large.to_bits() - abs_small.to_bits() <= max_ulp
}

fn in_closed(x: f64, a: f64, b: f64) -> bool {
    if a > b {
        x >= b && x <= a
    } else {
        x >= a && x <= b
    }
}

fn in_open(x: f64, a: f64, b: f64) -> bool {
    if a > b {
        x > b && x < a
    } else {
        x > a && x < b
    }
}

/// What a bisection returns when its invariants break: the low end of the
/// domain (the compression estimate's "full entropy") or the high end (the
/// predictors' P_local, which then awards no entropy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Return the domain's low end.
    Low,
    /// Return the domain's high end.
    High,
}

/// Solves `f(p) = target` for `p` in `[low, high]` by bisection, for a function
/// that decreases in `p`. Returns the last `p` tried, or a domain end on a
/// broken invariant (`on_failure`), exactly as the searches of SP 800-90B
/// 6.3.4 and 6.3.7 (and the reference tool's loops) do.
pub fn bisect_decreasing(
    f: impl Fn(f64) -> f64,
    target: f64,
    low: f64,
    high: f64,
    on_failure: OnFailure,
) -> f64 {
    let fail = match on_failure {
        OnFailure::Low => low,
        OnFailure::High => high,
    };
    let (mut lbound, mut hbound) = (low, high);
    let (mut lvalue, mut hvalue) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut p = (lbound + hbound) / 2.0;
    let mut value = f(p);
    for _ in 0..ITER_MAX {
        if rel_epsilon_equal(value, target, f64::MIN_POSITIVE, f64::EPSILON, 4) {
            break;
        }
        if target < value {
            lbound = p;
            lvalue = value;
        } else {
            hbound = p;
            hvalue = value;
        }
        if lbound >= hbound {
            return lbound.max(hbound).min(high);
        }
        if !(in_closed(lbound, low, high) && in_closed(hbound, low, high)) {
            return fail;
        }
        if !in_closed(target, lvalue, hvalue) {
            return fail;
        }
        let last = p;
        p = (lbound + hbound) / 2.0;
        if !in_open(p, lbound, hbound) {
            return hbound;
        }
        if last == p {
            return hbound;
        }
        value = f(p);
        if !in_closed(value, lvalue, hvalue) {
            return hbound;
        }
    }
    p
}

/// Kahan-compensated running sum (the compression estimate sums a million
/// logarithms; the reference tool sums them the same way).
#[derive(Debug, Default, Clone, Copy)]
pub struct KahanSum {
    sum: f64,
    comp: f64,
}

impl KahanSum {
    /// Adds `x`.
    pub fn add(&mut self, x: f64) {
        let y = x - self.comp;
        let t = self.sum + y;
        self.comp = (t - self.sum) - y;
        self.sum = t;
    }

    /// The sum so far.
    pub fn value(&self) -> f64 {
        self.sum
    }
}
