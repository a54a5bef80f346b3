//! Positions in a source file: the line and column of a byte range, and the
//! part of a long line worth quoting.

use std::ops::Range;

/// A 1-based line and column, with the line's text for quoting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The whole line, without its line break.
    pub line_text: String,
    /// How many characters to underline (at least 1).
    pub width: usize,
    /// The byte range in the file (within one line; at least one character
    /// unless the file is empty).
    pub span: Range<usize>,
}

/// The most characters of a source line a diagnostic quotes; a longer
/// line (a minified export, a million-character string) is cut around the
/// problem.
pub const QUOTED_LINE: usize = 240;

/// The part of a long line worth quoting: up to [`QUOTED_LINE`] characters
/// around the 1-based `column`, with `…` where the line was cut, and the
/// column and underline width within it. Short lines are quoted whole.
pub fn window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let length = line.chars().count();
    if length <= QUOTED_LINE {
        return (line.to_string(), column, width);
    }
    let start = column
        .saturating_sub(1 + QUOTED_LINE / 4)
        .min(length - QUOTED_LINE);
    let end = start + QUOTED_LINE;
    let mut shown: String = line.chars().skip(start).take(QUOTED_LINE).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if end < length {
        shown.push('…');
    }
    let room = (shown.chars().count() + 1).saturating_sub(column);
    (shown, column, width.min(room).max(1))
}

/// When the line holding `span` is too long to quote whole: a stand-in for
/// `text` with the same line number (the lines before it left empty) whose
/// line is cut to [`QUOTED_LINE`] characters around the span, and the span
/// within it. `None` when the line can be quoted as it is.
pub fn shortened(text: &str, span: Range<usize>) -> Option<(String, Range<usize>)> {
    let at = locate(text, span);
    if at.line_text.chars().count() <= QUOTED_LINE {
        return None;
    }
    let (shown, column, width) = window(&at.line_text, at.column, at.width);
    let byte = |chars: usize| {
        shown
            .char_indices()
            .nth(chars)
            .map_or(shown.len(), |(i, _)| i)
    };
    let lead = at.line - 1;
    let span = lead + byte(column - 1)..lead + byte(column - 1 + width);
    Some(("\n".repeat(lead) + &shown, span))
}

/// The location of a byte range in `text`.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line_text = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    let underlined = &text[start..end.min(line_end)];
    let width = underlined.chars().count().max(1);
    let span_end = if underlined.is_empty() {
        // At least one character, if the line has one.
        text[start..line_end]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        start + underlined.len()
    };
    Location {
        line,
        column,
        line_text,
        width,
        span: start..span_end,
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "a = 1\nnamé = \"x\"\nz";
        let at = text.find("\"x\"").unwrap();
        let loc = locate(text, at..at + 3);
        assert_eq!((loc.line, loc.column, loc.width), (2, 8, 3));
        assert_eq!(loc.line_text, "namé = \"x\"");
        assert_eq!(locate(text, 100..200).line, 3);
    }

    #[test]
    fn a_long_line_is_quoted_around_the_column_with_the_underline_on_it() {
        let line = format!("{}X{}", "a".repeat(200_000), "b".repeat(300));
        let (shown, column, width) = window(&line, 200_001, 1);
        assert!(shown.chars().count() <= QUOTED_LINE + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().nth(column - 1), Some('X'));
        assert_eq!(width, 1);
        // At the very end of a long line, and a short line, whole.
        let (shown, column, _) = window(&line, line.len(), 1);
        assert_eq!(shown.chars().nth(column - 1), Some('b'));
        assert!(!shown.ends_with('…'));
        assert_eq!(window("short", 2, 3), ("short".to_string(), 2, 3));
    }

    #[test]
    fn a_long_line_is_shortened_keeping_its_line_number_and_span() {
        let text = format!("a = 1\nb = \"{}X{}\"\n", "y".repeat(5000), "z".repeat(5000));
        let at = text.find('X').unwrap();
        let (short, span) = shortened(&text, at..at + 1).unwrap();
        assert_eq!(&short[span.clone()], "X");
        let loc = locate(&short, span);
        assert_eq!((loc.line, loc.width), (2, 1));
        assert!(loc.line_text.chars().count() <= QUOTED_LINE + 2);
        assert_eq!(shortened(&text, 0..1), None, "a short line is quoted whole");
    }
}
