//! A small SVG writer: rectangles, lines, circles, polylines and text, in
//! the drawing's own units, written in the order drawn. Coordinates are
//! written to two decimals, so the same drawing always gives the same bytes.

use std::fmt::Write;

use crate::metrics::{ASCENT, DESCENT, invisible, width};

/// Where a text's `x` is: at its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// A line of text: `x` and the baseline `y`, horizontal or turned a
/// quarter anticlockwise (reading upwards, the baseline along `x`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub upright: bool,
    pub bold: bool,
}

pub(crate) use quire_model::text_width::BOLD;

/// A box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bounds {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Bounds {
    /// True when the boxes share more than a hair of area.
    pub(crate) fn overlaps(&self, other: &Bounds) -> bool {
        const HAIR: f64 = 0.01;
        self.left < other.right - HAIR
            && other.left < self.right - HAIR
            && self.top < other.bottom - HAIR
            && other.top < self.bottom - HAIR
    }

    /// True when `self` lies inside `other`.
    pub(crate) fn within(&self, other: &Bounds) -> bool {
        const HAIR: f64 = 0.01;
        self.left >= other.left - HAIR
            && self.right <= other.right + HAIR
            && self.top >= other.top - HAIR
            && self.bottom <= other.bottom + HAIR
    }
}

impl Label {
    /// A horizontal label.
    pub(crate) fn new(text: impl Into<String>, x: f64, y: f64, size: f64, anchor: Anchor) -> Self {
        Label {
            text: text.into(),
            x,
            y,
            size,
            anchor,
            upright: true,
            bold: false,
        }
    }

    /// The same label turned to read upwards.
    pub(crate) fn turned(mut self) -> Self {
        self.upright = false;
        self
    }

    /// The same label in bold.
    pub(crate) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// The box the label's glyphs take (bold measured as a little wider).
    pub(crate) fn bounds(&self) -> Bounds {
        text_bounds(
            &self.text,
            self.x,
            self.y,
            self.size,
            self.anchor,
            self.upright,
            self.bold,
        )
    }
}

/// The box of `text` at baseline point (`x`, `y`), the computation behind
/// [`Label::bounds`], also used to check drawings read back from SVG.
pub(crate) fn text_bounds(
    text: &str,
    x: f64,
    y: f64,
    size: f64,
    anchor: Anchor,
    upright: bool,
    bold: bool,
) -> Bounds {
    let length = width(text, size) * if bold { BOLD } else { 1.0 };
    let (before, after) = match anchor {
        Anchor::Start => (0.0, length),
        Anchor::Middle => (length / 2.0, length / 2.0),
        Anchor::End => (length, 0.0),
    };
    if upright {
        Bounds {
            left: x - before,
            right: x + after,
            top: y - ASCENT * size,
            bottom: y + DESCENT * size,
        }
    } else {
        // Turned anticlockwise: the text runs up from (x, y), its glyphs
        // rise to the left of the baseline.
        Bounds {
            left: x - ASCENT * size,
            right: x + DESCENT * size,
            top: y - after,
            bottom: y + before,
        }
    }
}

/// An SVG drawing being written; its height is known when it is finished.
pub(crate) struct Canvas {
    width: f64,
    font: String,
    background: String,
    body: String,
}

fn n(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// `text` as SVG character data. Invisible formatting characters (joiners,
/// direction marks) are left out: the house fonts show nothing for them,
/// and Typst cannot map some (a joiner after a backslash in bold) back to
/// text, which PDF/UA forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !invisible(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Canvas {
    /// A drawing `width` units wide, its text in `font`, on `background`.
    pub(crate) fn new(width: f64, font: &str, background: &str) -> Self {
        Canvas {
            width,
            font: font.to_string(),
            background: background.to_string(),
            body: String::new(),
        }
    }

    /// A filled rectangle.
    pub(crate) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            n(x),
            n(y),
            n(w),
            n(h)
        );
    }

    /// A straight line.
    pub(crate) fn line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        stroke: &str,
        width: f64,
        opacity: f64,
    ) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}" stroke-opacity="{}"/>"#,
            n(from.0),
            n(from.1),
            n(to.0),
            n(to.1),
            n(width),
            n(opacity)
        );
    }

    /// A line through `points`.
    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let points: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="{}" stroke-linejoin="round"/>"#,
            points.join(" "),
            n(width)
        );
    }

    /// A filled circle.
    pub(crate) fn circle(&mut self, centre: (f64, f64), radius: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}"/>"#,
            n(centre.0),
            n(centre.1),
            n(radius)
        );
    }

    /// A line of text in `fill`; with a `halo`, a band of that colour
    /// behind the glyphs keeps the text clear of lines it crosses.
    pub(crate) fn text(&mut self, label: &Label, fill: &str, halo: Option<&str>) {
        let anchor = match label.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let mut attributes = format!(
            r#"x="{}" y="{}" font-family="{}" font-size="{}" text-anchor="{anchor}" fill="{fill}""#,
            n(label.x),
            n(label.y),
            escape(&self.font),
            n(label.size)
        );
        if label.bold {
            attributes.push_str(r#" font-weight="bold""#);
        }
        if !label.upright {
            let _ = write!(
                attributes,
                r#" transform="rotate(-90 {} {})""#,
                n(label.x),
                n(label.y)
            );
        }
        if let Some(halo) = halo {
            let _ = write!(
                attributes,
                r#" stroke="{halo}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke""#,
                n(label.size * 0.25)
            );
        }
        let _ = writeln!(
            self.body,
            "<text {attributes}>{}</text>",
            escape(&label.text)
        );
    }

    /// The finished SVG document, `height` units tall, on its background.
    pub(crate) fn finish(self, height: f64) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
             <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n{}</svg>\n",
            self.background,
            self.body,
            w = n(self.width),
            h = n(height),
        )
    }
}
