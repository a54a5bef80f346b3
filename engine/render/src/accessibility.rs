//! An output's own accessibility checks, for `quire check --a11y`.

use quire_model::AccessibilityRule;

/// One automatic check of an output, and how it came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What the rule asks (`every picture has alternative text`).
    pub rule: String,
    /// What it looked at (`58 headings`).
    pub scope: String,
    /// Each problem found; none when it passed.
    pub problems: Vec<String>,
    /// Why it passed only in part (a check turned off); each line says what.
    pub warnings: Vec<String>,
    /// The document model's rule this check repeats, if any: a problem the
    /// manifest accepts there as a warning is a warning here too.
    pub model_rule: Option<AccessibilityRule>,
}

/// `n` things in words: `1 heading`, `3 headings`.
pub fn counted(n: usize, what: &str) -> String {
    format!(
        "{n} {}",
        if n == 1 {
            what.trim_end_matches('s')
        } else {
            what
        }
    )
}
