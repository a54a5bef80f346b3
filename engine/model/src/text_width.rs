//! How wide text is set in the house fonts, without the fonts: Arial's
//! advance widths, which Liberation Sans (the house font) and Helvetica
//! share glyph for glyph. Tables' automatic columns
//! ([`crate::column_widths`]) and charts' labels are measured with it; the
//! chart crate's tests check the table against the shipped font files.
//! A character the table does not know counts as a full em, so an unknown
//! glyph can only make text measure too wide, never too narrow.

/// How much wider than the regular face the bold one can be, character
/// for character (Liberation Sans Bold's `"`: 474 against 355).
pub const BOLD: f64 = 1.34;

/// Advance widths of the printable ASCII characters (space to `~`), in
/// thousandths of an em.
const ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A to M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a to m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n to z
    334, 260, 334, 584, // { to ~
];

/// True for the characters that take no room and show nothing: joiners,
/// direction marks, zero-width spaces, the soft hyphen, the byte order mark.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
    )
}

/// The advance width of `c` in the regular face, in thousandths of an em.
pub fn advance(c: char) -> u16 {
    match c {
        c if invisible(c) => 0,
        ' '..='~' => ASCII[c as usize - 32],
        '\u{a0}' => 278,
        '£' | '€' | '–' | '•' => 556,
        '—' | '…' => 1000,
        '‘' | '’' => 222,
        '“' | '”' => 333,
        '°' => 400,
        '×' => 584,
        _ => 1000,
    }
}

/// The width of `text` on one line in the regular face, in ems.
pub fn ems(text: &str) -> f64 {
    let thousandths: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(thousandths) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up_and_invisible_characters_take_no_room() {
        // `m` is wider than `i`; digits share one width.
        assert!(ems("mmm") > ems("iii") * 3.0);
        assert_eq!(ems("0"), ems("9"));
        assert_eq!(ems("a\u{200b}b"), ems("ab"));
        assert_eq!(ems("\u{4e2d}"), 1.0, "an unknown glyph is a full em");
    }
}
