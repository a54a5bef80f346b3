//! "Did you mean": the known name nearest a written one, when it is near
//! enough to be a slip.

/// The id in `known` nearest `written` by edit distance, when it is near
/// enough to be a typing slip (a third of its length, at least two edits,
/// but never every character of it: `9z` is not a slip for `1a`; a
/// difference of letter case alone always counts).
pub fn closest<'a>(written: &str, known: &[&'a str]) -> Option<&'a str> {
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(written)) {
        return Some(same);
    }
    let length = written.chars().count();
    let limit = (length / 3).max(2).min(length.saturating_sub(1));
    known
        .iter()
        .map(|k| (quire_model::resolve::edit_distance(written, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
