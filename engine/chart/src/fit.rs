//! Fitting text into room: wrapping at spaces, breaking words too long for
//! a line, and shortening with an ellipsis what would take too many lines.
//! The chart's data table and alternative text always carry the full text.

use unicode_segmentation::UnicodeSegmentation;

use crate::metrics::{invisible, width};

const ELLIPSIS: char = '…';

/// `text` wrapped at spaces into lines no wider than `room` at `size`; none
/// if one word alone is wider.
pub(crate) fn wrap(text: &str, size: f64, room: f64) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if width(word, size) > room {
            return None;
        }
        push_word(&mut lines, word, size, room);
    }
    Some(lines)
}

fn push_word(lines: &mut Vec<String>, word: &str, size: f64, room: f64) {
    match lines.last_mut() {
        Some(line) if width(&format!("{line} {word}"), size) <= room => {
            line.push(' ');
            line.push_str(word);
        }
        _ => lines.push(word.to_string()),
    }
}

/// `text` in at most `most` lines no wider than `room`: wrapped at spaces,
/// a word too long for a line broken between characters, and the last
/// line ending in an ellipsis if the text goes on.
pub(crate) fn lines(text: &str, size: f64, room: f64, most: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if width(word, size) <= room {
            push_word(&mut out, word, size, room);
            continue;
        }
        // Broken between characters as a reader sees them (a letter and
        // its accents stay together), with no invisible joiner or mark
        // left dangling at a break.
        let mut piece = String::new();
        for grapheme in word.graphemes(true) {
            let longer = format!("{piece}{grapheme}");
            if !edges_trimmed(&piece).is_empty() && width(&longer, size) > room {
                out.push(edges_trimmed(&piece).to_string());
                piece = grapheme.to_string();
            } else {
                piece = longer;
            }
        }
        if !edges_trimmed(&piece).is_empty() {
            out.push(edges_trimmed(&piece).to_string());
        }
    }
    if out.len() > most.max(1) {
        out.truncate(most.max(1));
        let last = out.pop().unwrap_or_default();
        out.push(shorten(&format!("{last}{ELLIPSIS}{ELLIPSIS}"), size, room));
    }
    out
}

/// `text` on one line no wider than `room`, cut short with an ellipsis if
/// it is wider (only the ellipsis if nothing else fits).
pub(crate) fn shorten(text: &str, size: f64, room: f64) -> String {
    if width(text, size) <= room {
        return text.to_string();
    }
    let mut kept: String = String::new();
    for grapheme in text.graphemes(true) {
        if width(&format!("{kept}{grapheme}{ELLIPSIS}"), size) > room {
            break;
        }
        kept.push_str(grapheme);
    }
    let kept = edges_trimmed(kept.trim_end());
    format!("{kept}{ELLIPSIS}")
}

/// `text` without invisible characters (joiners, direction marks) at
/// either end, where a break has left them joining nothing.
fn edges_trimmed(text: &str) -> &str {
    text.trim_matches(invisible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_and_long_words_break() {
        assert_eq!(
            wrap("Homophobic crime", 10.0, 60.0).unwrap(),
            ["Homophobic", "crime"]
        );
        assert_eq!(wrap("Homophobic", 10.0, 20.0), None);
        let broken = lines("Antidisestablishment", 10.0, 40.0, 9);
        assert!(broken.len() > 1);
        assert_eq!(broken.concat(), "Antidisestablishment");
        assert!(broken.iter().all(|l| width(l, 10.0) <= 40.0));
    }

    #[test]
    fn breaks_keep_letters_whole_and_leave_no_joiner_at_an_edge() {
        let word = "ZQ4Zb$OVŒЩ\u{200d}HΠΟ?@Ůe\u{301}UZQ4Z";
        for room in [20.0, 30.0, 45.0, 60.0] {
            for line in lines(word, 10.0, room, 20) {
                assert!(
                    !line.starts_with(invisible) && !line.ends_with(invisible),
                    "{line:?}"
                );
                assert!(!line.starts_with('\u{301}'), "{line:?}");
            }
            let short = shorten(word, 10.0, room);
            assert!(
                !short.trim_end_matches('…').ends_with(invisible),
                "{short:?}"
            );
        }
    }

    #[test]
    fn too_much_text_ends_in_an_ellipsis_within_its_room() {
        let cut = lines("one two three four five six seven", 10.0, 40.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert!(cut.iter().all(|l| width(l, 10.0) <= 40.0));
        let short = shorten("Domestic violence", 10.0, 50.0);
        assert!(
            short.ends_with('…') && width(&short, 10.0) <= 50.0,
            "{short}"
        );
        assert_eq!(shorten("Race", 10.0, 50.0), "Race");
    }
}
