//! Errors and warnings that point at a file, line and column: Quire's one
//! diagnostic type ([`quire_diagnostic`]), and the "did you mean" hint.

pub use quire_diagnostic::{Diagnostic, Diagnostics, Severity};

/// A "did you mean" hint for unknown-field and unknown-choice messages,
/// in plain words (``unknown field `titel`; the fields here are `title` and
/// `caption` ``) or serde's (``unknown variant `landscpe`, expected …``),
/// naming the closest known name when one is close enough.
pub fn did_you_mean(message: &str) -> Option<String> {
    let (_, rest) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown choice `"))
        .or_else(|| message.split_once("unknown variant `"))?;
    let (written, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2);
    let limit = (written.chars().count() / 3).max(2);
    let (best, distance) = candidates
        .map(|c| (c, quire_model::resolve::edit_distance(written, c)))
        .min_by_key(|(_, d)| *d)?;
    (distance <= limit).then(|| format!("did you mean `{best}`?"))
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let message = "unknown field `titel`, expected one of `title`, `caption`, `aims`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `title`?")
        );
        let message = "unknown variant `landscpe`, expected `portrait` or `landscape`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `landscape`?")
        );
        let message = "unknown choice `counts`; the choices are `count` and `percent`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `count`?")
        );
        let message = "unknown field `statment`; the fields here are `number` and `statement`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `statement`?")
        );
        assert_eq!(did_you_mean("unknown field `zzz`, expected `title`"), None);
        assert_eq!(did_you_mean("invalid type: string"), None);
    }
}
