//! How wide and tall text is, for laying labels out without overlaps.
//!
//! The widths are the model's ([`quire_model::text_width`]: Arial's, which
//! Liberation Sans, the house font, shares glyph for glyph): the renderers
//! typeset the drawing's text with the house fonts, so a label measured
//! here takes the same room on the page. The tests below check the table
//! against the shipped font files.

/// Height above the baseline, as a fraction of the font size.
pub(crate) const ASCENT: f64 = 0.905;
/// Depth below the baseline, as a fraction of the font size.
pub(crate) const DESCENT: f64 = 0.212;

pub(crate) use quire_model::text_width::invisible;

/// The width of `text` set at `size`, in the size's unit.
pub(crate) fn width(text: &str, size: f64) -> f64 {
    quire_model::text_width::ems(text) * size
}

/// The height of one line of text at `size`: ascent and descent.
pub(crate) fn line_height(size: f64) -> f64 {
    (ASCENT + DESCENT) * size
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_model::text_width::advance;

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
