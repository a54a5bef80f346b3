//! Contrast: the WCAG ratio of every pair of text and background colours
//! the style puts together.

use crate::{Style, parse_hex};

impl Style {
    /// The contrast of every pair of text and background colours the house
    /// style puts together, with what WCAG 1.4.3 (AA) needs: the colours'
    /// own pairs, then each class's text on its background (the page's
    /// white if it has none). Colours that do not parse count as black
    /// (the check reports them first).
    pub fn contrasts(&self) -> Vec<Contrast> {
        let c = &self.colours;
        let rgb = |v: &str| parse_hex(v).unwrap_or((0, 0, 0));
        let white = (255, 255, 255);
        let text = rgb(&c.text);
        [
            ("colours.text", "body text on the page", text, white),
            (
                "colours.accent",
                "headings and links on the page",
                rgb(&c.accent),
                white,
            ),
            (
                "colours.table_header",
                "text in table header rows",
                text,
                rgb(&c.table_header),
            ),
            (
                "colours.table_group",
                "text in table group rows",
                text,
                rgb(&c.table_group),
            ),
            ("colours.callout", "text in callouts", text, rgb(&c.callout)),
        ]
        .into_iter()
        .map(|(field, what, fg, bg)| (field.to_string(), what.to_string(), fg, bg))
        .chain(self.classes.iter().filter_map(|(name, look)| {
            if look.colour.is_none() && look.background.is_none() {
                return None;
            }
            let field = if look.colour.is_some() {
                format!("classes.{name}.colour")
            } else {
                format!("classes.{name}.background")
            };
            Some((
                field,
                format!("text of the `{name}` class"),
                look.colour.as_deref().map_or(text, rgb),
                look.background.as_deref().map_or(white, rgb),
            ))
        }))
        .map(|(field, what, fg, bg)| Contrast {
            field,
            what,
            ratio: contrast(fg, bg),
            needed: 4.5,
        })
        .collect()
    }

    /// The WCAG contrast ratio of body text against white, for checks and reports.
    pub fn text_contrast(&self) -> f64 {
        contrast(
            parse_hex(&self.colours.text).unwrap_or((0, 0, 0)),
            (255, 255, 255),
        )
    }
}

/// The contrast of one pair of colours the house style puts together.
#[derive(Debug, Clone, PartialEq)]
pub struct Contrast {
    /// The style field that sets the colour that matters.
    pub field: String,
    /// Which text on which background.
    pub what: String,
    /// The WCAG contrast ratio.
    pub ratio: f64,
    /// The least ratio WCAG 1.4.3 (AA) allows for it.
    pub needed: f64,
}

/// WCAG 2 contrast ratio between two sRGB colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let lum =
        |(r, g, b): (u8, u8, u8)| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (la, lb) = (lum(a), lum(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}
