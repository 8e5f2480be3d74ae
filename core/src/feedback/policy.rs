//! The policies file (TOML) the feedback loop and the watcher obey.
//!
//! ```toml
//! approval_route = "watcher"     # or "human": wait for `scheduler approve ID`
//!
//! [diagnostics]
//! k = 3                          # hit@k
//! tolerance = 0                  # mispredictions a survivor survives
//!
//! [triggers]
//! survivors_exhausted = true     # re-sieve once every survivor is retired
//! min_draws = 12                 # ...and this many draws came after the last explained one
//! baseline_window = 50           # hit rate over the last N scored draws ...
//! alpha = 0.01                   # ... not above the baseline at this level
//! new_draws = 0                  # confirm after K draws since the last sieve (0: off)
//!
//! [bounds]                       # proposals are clamped to these
//! max_offset = 64
//! max_skip = 4
//! max_draws = 64
//! max_seed_span = 4294967296     # a proposal sweeping more seeds is rejected
//!
//! [limits]
//! cooldown_s = 10                # between accepted requests of one session
//! max_per_hour = 30              # accepted requests per session per hour
//!
//! [notify]
//! webhook = "http://127.0.0.1:9000/hook"   # optional
//! ```
//!
//! Every key is optional (defaults above); an unknown key, a wrong type or a
//! value out of range is refused with the file, line and key.

use super::{ApprovalRoute, FeedbackError};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policies {
    /// Who approves requests.
    pub approval_route: ApprovalRoute,
    /// Scoring.
    pub diagnostics: DiagnosticsPolicy,
    /// When requests are raised.
    pub triggers: TriggerPolicy,
    /// What a proposal may ask for.
    pub bounds: Bounds,
    /// How often.
    pub limits: Limits,
    /// Where events go.
    pub notify: Notify,
}

impl Default for Policies {
    fn default() -> Self {
        Policies {
            approval_route: ApprovalRoute::Watcher,
            diagnostics: DiagnosticsPolicy::default(),
            triggers: TriggerPolicy::default(),
            bounds: Bounds::default(),
            limits: Limits::default(),
            notify: Notify::default(),
        }
    }
}

/// `[diagnostics]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiagnosticsPolicy {
    /// k of hit@k (1..=1000).
    pub k: u32,
    /// Mispredictions a survivor may make before it is retired.
    pub tolerance: u32,
}

impl Default for DiagnosticsPolicy {
    fn default() -> Self {
        DiagnosticsPolicy { k: 3, tolerance: 0 }
    }
}

/// `[triggers]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TriggerPolicy {
    /// Raise a re-sieve when every survivor is retired.
    pub survivors_exhausted: bool,
    /// Draws needed after the last explained one before that re-sieve (2..=4096).
    pub min_draws: u32,
    /// Scored draws over which the hit rate is compared with the baseline (0: off).
    pub baseline_window: u32,
    /// Significance level of that comparison, in (0, 1).
    pub alpha: f64,
    /// Raise a confirm after this many draws since the last sieve (0: off).
    pub new_draws: u32,
}

impl Default for TriggerPolicy {
    fn default() -> Self {
        TriggerPolicy {
            survivors_exhausted: true,
            min_draws: 12,
            baseline_window: 50,
            alpha: 0.01,
            new_draws: 0,
        }
    }
}

/// `[bounds]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Bounds {
    /// Largest offset a proposal may ask for (clamped).
    pub max_offset: u32,
    /// Largest skip (clamped).
    pub max_skip: u32,
    /// Largest number of draws in a re-sieve (clamped).
    pub max_draws: u32,
    /// Most seeds a proposal may sweep per source (rejected above).
    pub max_seed_span: u64,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            max_offset: 64,
            max_skip: 4,
            max_draws: 64,
            max_seed_span: 1 << 32,
        }
    }
}

/// `[limits]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Seconds between accepted requests of one session.
    pub cooldown_s: u64,
    /// Accepted requests per session per rolling hour.
    pub max_per_hour: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cooldown_s: 10,
            max_per_hour: 30,
        }
    }
}

/// `[notify]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Notify {
    /// URL receiving a JSON POST on approvals needed, halts and failures.
    pub webhook: Option<String>,
}

/// The 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The dotted key defined on `line` (1-based): the section in force there and
/// the name before `=`, or the section header itself.
fn key_at(text: &str, line: usize) -> String {
    let mut section = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            section = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            if i + 1 == line {
                return section;
            }
        } else if i + 1 == line {
            let name = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            return if section.is_empty() {
                name.to_string()
            } else {
                format!("{section}.{name}")
            };
        }
    }
    section
}

/// The line defining `section.key` (or top-level `key` when `section` is
/// empty), if the file has one.
fn find_key(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut cur = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            cur = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        } else if cur == section && t.split('=').next().map(str::trim) == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

impl Policies {
    /// Reads and checks a policies file.
    ///
    /// # Errors
    /// [`FeedbackError::Policy`] naming the file, the line and the key: the
    /// file cannot be read, is not TOML, has an unknown key or a wrong type,
    /// or a value is out of range.
    pub fn load(path: &Path) -> Result<Self, FeedbackError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| FeedbackError::Policy(format!("{}: cannot read: {e}", path.display())))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses and checks policies text; `name` names it in errors.
    ///
    /// # Errors
    /// As [`Policies::load`].
    pub fn parse(text: &str, name: &str) -> Result<Self, FeedbackError> {
        let p: Policies = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let line = line_of(text, span.start);
                    let key = key_at(text, line);
                    FeedbackError::Policy(format!("{name}: line {line}, key `{key}`: {msg}"))
                }
                None => FeedbackError::Policy(format!("{name}: {msg}")),
            }
        })?;
        let bad = |section: &str, key: &str, why: String| {
            let full = if section.is_empty() {
                key.to_string()
            } else {
                format!("{section}.{key}")
            };
            let line = find_key(text, section, key)
                .map(|l| format!("line {l}, "))
                .unwrap_or_default();
            FeedbackError::Policy(format!("{name}: {line}key `{full}`: {why}"))
        };
        let d = &p.diagnostics;
        if !(1..=1000).contains(&d.k) {
            return Err(bad(
                "diagnostics",
                "k",
                format!("{} is not in 1..=1000", d.k),
            ));
        }
        let t = &p.triggers;
        if !(t.alpha > 0.0 && t.alpha < 1.0) {
            return Err(bad(
                "triggers",
                "alpha",
                format!("{} is not in (0, 1)", t.alpha),
            ));
        }
        if !(2..=4096).contains(&t.min_draws) {
            return Err(bad(
                "triggers",
                "min_draws",
                format!("{} is not in 2..=4096", t.min_draws),
            ));
        }
        let b = &p.bounds;
        if b.max_draws < t.min_draws {
            return Err(bad(
                "bounds",
                "max_draws",
                format!(
                    "{} is below triggers.min_draws {}",
                    b.max_draws, t.min_draws
                ),
            ));
        }
        if b.max_offset > 1 << 20 {
            return Err(bad(
                "bounds",
                "max_offset",
                format!("{} is above 2^20", b.max_offset),
            ));
        }
        if b.max_skip > 1 << 10 {
            return Err(bad(
                "bounds",
                "max_skip",
                format!("{} is above 1024", b.max_skip),
            ));
        }
        if b.max_seed_span == 0 {
            return Err(bad("bounds", "max_seed_span", "0 sweeps nothing".into()));
        }
        if p.limits.max_per_hour == 0 {
            return Err(bad(
                "limits",
                "max_per_hour",
                "0 would refuse every request".into(),
            ));
        }
        if let Some(url) = &p.notify.webhook {
            if !url.starts_with("http://") && !url.starts_with("https://") {
                return Err(bad(
                    "notify",
                    "webhook",
                    format!("{url:?} is not an http:// or https:// URL"),
                ));
            }
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Policies::parse(text, "p.toml")
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn defaults_and_a_full_file_parse() {
        assert_eq!(
            Policies::parse("", "p.toml").expect("empty"),
            Policies::default()
        );
        let p = Policies::parse(
            "approval_route = \"human\"\n[triggers]\nalpha = 0.001\nmin_draws = 8\n",
            "p.toml",
        )
        .expect("parses");
        assert_eq!(p.approval_route, ApprovalRoute::Human);
        assert_eq!(p.triggers.min_draws, 8);
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let e = err("approval_route = \"watcher\"\n[triggers]\nalpah = 0.1\n");
        assert!(e.contains("p.toml: line 3, key `triggers.alpah`"), "{e}");
        let e = err("[bounds]\nmax_skip = \"four\"\n");
        assert!(e.contains("line 2, key `bounds.max_skip`"), "{e}");
        let e = err("approval_route = \"robot\"\n");
        assert!(e.contains("line 1, key `approval_route`"), "{e}");
        let e = err("[triggers]\n\nalpha = 1.5\n");
        assert!(
            e.contains("line 3, key `triggers.alpha`: 1.5 is not in (0, 1)"),
            "{e}"
        );
    }
}
