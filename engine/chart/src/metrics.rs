//! How wide and tall text is, for laying labels out without overlaps.
//!
//! The widths are Arial's, which Liberation Sans (the house font) and
//! Helvetica share glyph for glyph: the renderers typeset the drawing's
//! text with the house fonts, so a label measured here takes the same room
//! on the page. A test checks the table against the shipped font file.
//! A character the table does not know is taken as a full em, so an
//! unknown glyph can only make a label's box too large, never too small.

/// Height above the baseline, as a fraction of the font size.
pub(crate) const ASCENT: f64 = 0.905;
/// Depth below the baseline, as a fraction of the font size.
pub(crate) const DESCENT: f64 = 0.212;

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
pub(crate) fn invisible(c: char) -> bool {
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

/// The advance width of `c`, in thousandths of an em.
pub(crate) fn advance(c: char) -> u16 {
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

/// The width of `text` set at `size`, in the size's unit.
pub(crate) fn width(text: &str, size: f64) -> f64 {
    let thousandths: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(thousandths) / 1000.0 * size
}

/// The height of one line of text at `size`: ascent and descent.
pub(crate) fn line_height(size: f64) -> f64 {
    (ASCENT + DESCENT) * size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is the house font's: every printable ASCII character of
    /// the shipped Liberation Sans advances as the table says, and its
    /// ascent and descent are the ones used here.
    #[test]
    fn the_widths_are_the_house_fonts() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../styles/fonts/LiberationSans-Regular.ttf"
        );
        let data = std::fs::read(path).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let em = f64::from(face.units_per_em());
        for c in ' '..='~' {
            let glyph = face.glyph_index(c).unwrap();
            let font = f64::from(face.glyph_hor_advance(glyph).unwrap()) / em * 1000.0;
            let table = f64::from(advance(c));
            assert!(
                (font - table).abs() <= 1.0,
                "`{c}`: font {font}, table {table}"
            );
        }
        for c in ['£', '€', '–', '—', '‘', '’', '“', '”', '…', '•', '°', '×'] {
            let glyph = face.glyph_index(c).unwrap();
            let font = f64::from(face.glyph_hor_advance(glyph).unwrap()) / em * 1000.0;
            assert!(font <= f64::from(advance(c)) + 1.0, "`{c}`: font {font}");
        }
        let ascent = f64::from(face.ascender()) / em;
        let descent = -f64::from(face.descender()) / em;
        assert!((ascent - ASCENT).abs() < 0.002, "ascent {ascent}");
        assert!((descent - DESCENT).abs() < 0.002, "descent {descent}");
    }

    /// Bold text is measured as the regular face's widths times
    /// [`crate::canvas::BOLD`]: never narrower than the bold face sets it.
    #[test]
    fn bold_is_measured_wide_enough() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../styles/fonts/LiberationSans-Bold.ttf"
        );
        let data = std::fs::read(path).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let em = f64::from(face.units_per_em());
        for c in ' '..='~' {
            let glyph = face.glyph_index(c).unwrap();
            let bold = f64::from(face.glyph_hor_advance(glyph).unwrap()) / em * 1000.0;
            let measured = f64::from(advance(c)) * crate::canvas::BOLD;
            assert!(
                bold <= measured + 1.0,
                "`{c}`: bold {bold}, measured {measured}"
            );
        }
    }

    #[test]
    fn unknown_characters_take_a_full_em() {
        assert_eq!(width("漢", 10.0), 10.0);
        assert!((width("6,000", 10.0) - 25.02).abs() < 1e-9);
    }
}
