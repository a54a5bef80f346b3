//! The house style: everything about how a Quire document looks, read from
//! one TOML file in `styles/`. Renderers map the model's semantic kinds and
//! class names onto it; the document model itself carries no look.
//!
//! Lengths are written with units (`25mm`, `1in`, `12pt`, `2.5cm`) and held in
//! points. Colours are `#rrggbb`; a class's look may also name a colour
//! under `[colours]`.

pub mod classes;
mod length;
pub mod running;
mod vocabulary;

pub use classes::{Classes, Look, Rule};
pub use length::{Length, LengthError};
pub use quire_model::Vocabulary;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The hanging indent a numbered paragraph's number sits in
/// (`quire_model::class::NUMBERED`), in both outputs: half an inch.
pub const NUMBERED_INDENT: Length = Length(36.0);

/// A parsed house-style file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The Typst template, relative to the style file.
    pub template: String,
    /// Folder of font files shipped with the style, relative to the style file.
    pub fonts_dir: String,
    /// Page size and margins.
    pub page: Page,
    /// Font families.
    pub fonts: Fonts,
    /// Font sizes in points.
    pub sizes: Sizes,
    /// Colours.
    pub colours: Colours,
    /// Heading numbering and breaks.
    pub headings: Headings,
    /// Running header and footer.
    pub running: Running,
    /// An optional logo for the title page, relative to the style file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// How charts are drawn.
    #[serde(default)]
    pub charts: Charts,
    /// The words the document prints around its authors' text (`Table`,
    /// `Contents`); English unless the style changes them.
    #[serde(default)]
    #[schemars(with = "vocabulary::Words")]
    pub vocabulary: Vocabulary,
    /// How blocks of each class look (`[classes.<name>]`), in both
    /// outputs; a class with no entry is drawn plainly ([`classes`]).
    #[serde(default)]
    pub classes: Classes,
    /// Vertical spacing: line heights and the room between blocks, the
    /// same in both outputs so they break pages alike.
    #[serde(default)]
    pub spacing: Spacing,
    /// The HTML edition's own settings (`[html]`).
    #[serde(default)]
    pub html: Html,
}

/// The HTML edition's own settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Html {
    /// Where the page's fonts come from.
    pub fonts: HtmlFonts,
}

/// Where the HTML edition's fonts come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HtmlFonts {
    /// The style's own font files, cut down to the page's characters and
    /// inlined in it: the page looks like the PDF.
    #[default]
    Shipped,
    /// The reader's system fonts (`system-ui` and the like): a lighter
    /// page, in the fonts the reader's device uses everywhere else.
    System,
}

/// Vertical spacing, which both renderers read so that the PDF and the
/// Word copy put the same lines on each page.
///
/// Every line of a kind of text is exactly its size times its line height
/// (Word's "exactly" line spacing), and the room between two blocks is
/// given once, above the second (Word's space before; Typst's block
/// spacing): Typst takes the larger of two neighbours' spacings, Word adds
/// them and LibreOffice, reading a Word file, may take either, so a block
/// never leaves room below itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Spacing {
    /// Room between paragraphs, and above lists, tables and figures.
    pub paragraph: Length,
    /// Room above a heading, as a multiple of the heading's size. (Below a
    /// heading is the room above what follows it: the paragraph spacing.)
    pub heading_above: f64,
    /// Line height of headings and the title, as a multiple of their size.
    pub heading_leading: f64,
    /// Line height of table text and running heads, as a multiple of its size.
    pub table_leading: f64,
    /// Line height of footnotes, as a multiple of their size.
    pub footnote_leading: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Self {
            paragraph: Length(6.0),
            heading_above: 1.2,
            heading_leading: 1.2,
            table_leading: 1.2,
            footnote_leading: 1.2,
        }
    }
}

impl Style {
    /// The text widths of portrait and landscape pages in ems of table
    /// text, in which tables' automatic columns are settled.
    pub fn table_widths(&self) -> quire_model::column_widths::TextWidths {
        let (w, h) = self.page.paper.size();
        let margins = self.page.margin_left.pt() + self.page.margin_right.pt();
        quire_model::column_widths::TextWidths {
            portrait: (w - margins) / self.sizes.table,
            landscape: (h - margins) / self.sizes.table,
        }
    }
}

/// How charts are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charts {
    /// Series colours, in order (`#rrggbb`). Each must stand out from the
    /// white page by 3:1 (WCAG 1.4.11, graphical objects), and each from
    /// the others by 1.5:1 in lightness, so series stay apart in greyscale
    /// print. A chart may have as many series as there are colours.
    pub palette: Vec<String>,
    /// Follow every chart with its data as a table, so nothing is only in a
    /// picture.
    pub data_tables: bool,
    /// The drawing's width. Charts print across the text column, so with
    /// `height` this gives the drawing's proportions; its text is sized for
    /// the column.
    pub width: Length,
    /// The drawing's height.
    pub height: Length,
}

impl Default for Charts {
    fn default() -> Self {
        Self {
            palette: vec!["#14213d".into(), "#a0451a".into(), "#2f9e8f".into()],
            data_tables: true,
            width: Length(453.5),
            height: Length(255.1),
        }
    }
}

/// Page size and margins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Paper name understood by every renderer: `a4` or `letter`.
    pub paper: Paper,
    /// Top margin.
    pub margin_top: Length,
    /// Bottom margin.
    pub margin_bottom: Length,
    /// Inside (left) margin.
    pub margin_left: Length,
    /// Outside (right) margin.
    pub margin_right: Length,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

impl Paper {
    /// Width and height in points (portrait).
    pub fn size(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.2756, 841.8898),
            Paper::UsLetter => (612.0, 792.0),
        }
    }
}

/// Font families. Each must be found in the style's fonts folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Running text.
    pub body: String,
    /// Headings and the title page.
    pub headings: String,
    /// Code and verbatim text.
    pub mono: String,
    /// Font names for the Word copy, which cannot embed the shipped fonts:
    /// body, headings and mono (e.g. Arial, metric-compatible with
    /// Liberation Sans). Each falls back to the family above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<WordFonts>,
}

/// Font names the Word copy asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordFonts {
    /// Running text.
    pub body: String,
    /// Headings and the title page.
    pub headings: String,
    /// Code and verbatim text.
    pub mono: String,
}

impl Fonts {
    /// The fonts the Word copy names: `word` if given, else the shipped families.
    pub fn for_word(&self) -> WordFonts {
        self.word.clone().unwrap_or_else(|| WordFonts {
            body: self.body.clone(),
            headings: self.headings.clone(),
            mono: self.mono.clone(),
        })
    }
}

/// Font sizes, in points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    /// Running text.
    pub body: f64,
    /// Table text.
    pub table: f64,
    /// Footnotes.
    pub footnote: f64,
    /// Headings, level 1, 2, 3 and deeper.
    pub headings: [f64; 4],
    /// The title on the title page.
    pub title: f64,
    /// Line spacing as a multiple of the font size (1.0 = solid).
    pub leading: f64,
}

/// Colours, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Running text.
    #[schemars(extend("examples" = ["#1b1b1b"]))]
    pub text: String,
    /// Headings, rules and the title page band.
    #[schemars(extend("examples" = ["#00447c"]))]
    pub accent: String,
    /// Background of table header rows.
    #[schemars(extend("examples" = ["#dce6f0"]))]
    pub table_header: String,
    /// A light fill for group rows inside tables (the shipped styles'
    /// `[classes.group]` names it).
    #[schemars(extend("examples" = ["#eef2f6"]))]
    pub table_group: String,
    /// Table rules.
    #[schemars(extend("examples" = ["#7a7a7a"]))]
    pub rule: String,
    /// Background of callouts whose class has no look (the plain box), and
    /// a fill class looks may name.
    #[schemars(extend("examples" = ["#eef2f6"]))]
    pub callout: String,
}

impl Colours {
    /// Every colour with its key under `[colours]`, in the order declared.
    pub fn entries(&self) -> [(&'static str, &str); 6] {
        named_fields!(self; text, accent, table_header, table_group, rule, callout)
    }
}

/// `[("name", value.name.as_str()), …]` for the `String` fields named.
macro_rules! named_fields {
    ($value:expr; $($field:ident),+ $(,)?) => {
        [$((stringify!($field), $value.$field.as_str())),+]
    };
}
use named_fields;

/// Heading numbering, the contents and page breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// Headings deeper than this are not numbered.
    pub numbered_depth: u8,
    /// Headings deeper than this are not listed in the table of contents
    /// (2: chapters and their sections).
    #[serde(default = "default_contents_depth")]
    pub contents_depth: u8,
    /// Start every level-1 heading on a new page.
    pub break_before_chapter: bool,
}

fn default_contents_depth() -> u8 {
    2
}

/// Running header and footer. `{title}`, `{version}` and `{date}` are
/// replaced with the document's metadata; `{page}` and `{pages}` with the
/// page number and the page count. The pattern is read once
/// ([`running::pieces`]): what replaces a placeholder is never read again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Running {
    /// Header, left.
    pub header_left: String,
    /// Header, right.
    pub header_right: String,
    /// Footer, left.
    pub footer_left: String,
    /// Footer, right.
    pub footer_right: String,
}

/// Why a style file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StyleError {
    /// The TOML does not parse or does not fit the style's shape. This is
    /// serde's first error; [`Style::schema`] finds every one.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// Values that parse but cannot be used (out of range, not a colour,
    /// too faint), every one found, in the order of the file's tables.
    #[error("{}", display_all(.0))]
    Invalid(Vec<Invalid>),
}

/// A value in a style that parses but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct Invalid {
    /// The field path (`colours.accent`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Invalid {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn display_all(problems: &[Invalid]) -> String {
    problems
        .iter()
        .map(Invalid::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Style {
    /// Parses and checks a style file's text. Colours a class's look names
    /// (`accent`) are replaced with their values. Every value that cannot
    /// be used is reported, not only the first.
    pub fn from_toml(source: &str) -> Result<Self, StyleError> {
        let mut style: Style = toml::from_str(source)?;
        let mut problems = style.resolve_class_colours();
        style.check(&mut problems);
        if problems.is_empty() {
            Ok(style)
        } else {
            Err(StyleError::Invalid(problems))
        }
    }

    /// The JSON Schema of a style file, with each field's doc comment as
    /// its description: what a style that does not read is checked
    /// against, so that every wrong type, unknown field and missing field
    /// in it is found at once.
    pub fn schema() -> schemars::Schema {
        schemars::schema_for!(Style)
    }

    /// The look of blocks of `class`, if the style gives one.
    pub fn look(&self, class: &str) -> Option<&Look> {
        self.classes.get(class)
    }

    /// The look of a callout whose class the style gives none: the plain
    /// box, `colours.callout` with a rule in the accent colour down its left.
    pub fn plain_callout(&self) -> Look {
        Look {
            background: Some(self.colours.callout.clone()),
            border_left: Some(Rule {
                width: Length(3.0),
                colour: self.colours.accent.clone(),
            }),
            padding: Some(Length(10.0)),
            ..Look::default()
        }
    }

    /// The colour under `[colours]` called `name`.
    fn named_colour(&self, name: &str) -> Option<&str> {
        let entries = self.colours.entries();
        entries
            .into_iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Replaces every colour name in the classes' looks with its value;
    /// each colour that is neither is a problem.
    fn resolve_class_colours(&mut self) -> Vec<Invalid> {
        let mut classes = std::mem::take(&mut self.classes);
        let mut problems = Vec::new();
        for (name, look) in &mut classes {
            for (key, value) in look.colours_mut() {
                if parse_hex(value).is_some() {
                    continue;
                }
                match self.named_colour(value) {
                    // A named colour is checked where it is defined.
                    Some(named) => *value = named.to_string(),
                    None => problems.push(Invalid::new(
                        format!("classes.{name}.{key}"),
                        format!(
                            "`{value}` is not a colour: expected #rrggbb or the name of one under [colours] ({})",
                            self.colours.entries().map(|(key, _)| key).join(", ")
                        ),
                    )),
                }
            }
        }
        self.classes = classes;
        problems
    }

    /// Adds every value that cannot be used to `problems`; each check is
    /// independent of the others, except contrast, which is only worked
    /// out once every colour is one.
    fn check(&self, problems: &mut Vec<Invalid>) {
        let colours_read = problems.is_empty();
        let before = problems.len();
        for (key, value) in self.colours.entries() {
            if parse_hex(value).is_none() {
                problems.push(Invalid::new(
                    format!("colours.{key}"),
                    format!("`{value}` is not a colour: expected #rrggbb"),
                ));
            }
        }
        let colours_read = colours_read && problems.len() == before;
        for (name, look) in &self.classes {
            self.check_class(name, look, problems);
        }
        if colours_read {
            problems.extend(
                self.contrasts()
                    .into_iter()
                    .filter(|c| c.ratio < c.needed)
                    .map(|low| {
                        Invalid::new(
                            low.field,
                            format!(
                                "{} has a contrast of {:.2}:1; text needs {}:1 (WCAG 1.4.3)",
                                low.what, low.ratio, low.needed
                            ),
                        )
                    }),
            );
        }
        self.check_charts(problems);
        self.check_sizes(problems);
        self.check_vocabulary(problems);
    }

    fn check_class(&self, name: &str, look: &Look, problems: &mut Vec<Invalid>) {
        let field = |key: &str| format!("classes.{name}.{key}");
        if !classes::is_class_name(name) {
            problems.push(Invalid::new(
                format!("classes.{name}"),
                "a class name is made of ASCII letters, digits, `-` and `_`",
            ));
        }
        if let Some(size) = look.text_size
            && !(4.0..=96.0).contains(&size)
        {
            problems.push(Invalid::new(
                field("text_size"),
                format!("{size} pt is out of range (4 to 96)"),
            ));
        }
        for (key, rule) in [("border_left", &look.border_left), ("border", &look.border)] {
            if let Some(rule) = rule
                && !(0.25..=12.0).contains(&rule.width.pt())
            {
                problems.push(Invalid::new(
                    field(&format!("{key}.width")),
                    format!("{} pt is out of range (0.25 to 12)", rule.width.pt()),
                ));
            }
        }
        // Word measures the room inside a rule in whole points, up to 31.
        for (key, length, most) in [
            ("padding", look.padding, 31.0),
            ("space_before", look.space_before, 72.0),
            ("space_after", look.space_after, 72.0),
        ] {
            if let Some(length) = length
                && length.pt() > most
            {
                problems.push(Invalid::new(
                    field(key),
                    format!("{} pt is out of range (0 to {most})", length.pt()),
                ));
            }
        }
    }

    fn check_charts(&self, problems: &mut Vec<Invalid>) {
        let charts = &self.charts;
        if charts.palette.is_empty() {
            problems.push(Invalid::new(
                "charts.palette",
                "the palette needs at least one colour",
            ));
        }
        let mut seen: Vec<(usize, (u8, u8, u8))> = Vec::new();
        for (i, value) in charts.palette.iter().enumerate() {
            let field = format!("charts.palette[{i}]");
            let Some(colour) = parse_hex(value) else {
                problems.push(Invalid::new(
                    field,
                    format!("`{value}` is not a colour: expected #rrggbb"),
                ));
                continue;
            };
            let against_page = contrast(colour, (255, 255, 255));
            if against_page < 3.0 {
                problems.push(Invalid::new(
                    field,
                    format!(
                        "`{value}` has a contrast of {against_page:.2}:1 against the white page; charts need 3:1 (WCAG 1.4.11)"
                    ),
                ));
            } else if let Some((j, _)) = seen
                .iter()
                .find(|(_, other)| contrast(colour, *other) < 1.5)
            {
                problems.push(Invalid::new(
                    field,
                    format!(
                        "`{value}` is too close in lightness to `{}` (charts.palette[{j}]): series would look alike in greyscale print (1.5:1 needed)",
                        charts.palette[*j]
                    ),
                ));
            }
            seen.push((i, colour));
        }
        for (field, value) in [
            ("charts.width", charts.width),
            ("charts.height", charts.height),
        ] {
            if !(72.0..=1200.0).contains(&value.pt()) {
                problems.push(Invalid::new(
                    field,
                    format!("{} pt is out of range (72 to 1200)", value.pt()),
                ));
            }
        }
    }

    fn check_sizes(&self, problems: &mut Vec<Invalid>) {
        let s = &self.sizes;
        let headings = s
            .headings
            .iter()
            .enumerate()
            .map(|(i, &h)| (format!("sizes.headings[{i}]"), h));
        for (field, value) in [
            ("sizes.body", s.body),
            ("sizes.table", s.table),
            ("sizes.footnote", s.footnote),
            ("sizes.title", s.title),
        ]
        .map(|(field, value)| (field.to_string(), value))
        .into_iter()
        .chain(headings)
        {
            if !(4.0..=96.0).contains(&value) {
                problems.push(Invalid::new(
                    field,
                    format!("{value} pt is out of range (4 to 96)"),
                ));
            }
        }
        let sp = &self.spacing;
        for (field, value) in [
            ("sizes.leading", s.leading),
            ("spacing.heading_leading", sp.heading_leading),
            ("spacing.table_leading", sp.table_leading),
            ("spacing.footnote_leading", sp.footnote_leading),
        ] {
            if !(0.8..=3.0).contains(&value) {
                problems.push(Invalid::new(
                    field,
                    format!("{value} is out of range (0.8 to 3.0)"),
                ));
            }
        }
        if !(0.0..=4.0).contains(&sp.heading_above) {
            problems.push(Invalid::new(
                "spacing.heading_above",
                format!("{} is out of range (0 to 4)", sp.heading_above),
            ));
        }
        if !(0.0..=72.0).contains(&sp.paragraph.pt()) {
            problems.push(Invalid::new(
                "spacing.paragraph",
                format!("{} pt is out of range (0 to 72)", sp.paragraph.pt()),
            ));
        }
        for (field, depth) in [
            ("headings.numbered_depth", self.headings.numbered_depth),
            ("headings.contents_depth", self.headings.contents_depth),
        ] {
            if !(1..=6).contains(&depth) {
                problems.push(Invalid::new(
                    field,
                    format!("{depth} is out of range (1 to 6)"),
                ));
            }
        }
    }

    fn check_vocabulary(&self, problems: &mut Vec<Invalid>) {
        for (key, word) in self.vocabulary.entries() {
            let field = format!("vocabulary.{key}");
            // A separator may be a space alone; a word needs more.
            let blank = if key == "caption_separator" {
                word.is_empty()
            } else {
                word.trim().is_empty()
            };
            if blank {
                problems.push(Invalid::new(field, "the word is empty"));
            } else if word.chars().any(char::is_control) {
                problems.push(Invalid::new(
                    field,
                    "the word has a line break or another control character",
                ));
            }
        }
        if self.vocabulary.appendix.contains('%') {
            problems.push(Invalid::new(
                "vocabulary.appendix",
                "`%` cannot be used: the Word copy's appendix numbering reads it as the place of the letter",
            ));
        }
    }

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

/// Parses `#rrggbb`.
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../styles/house.toml");

    #[test]
    fn chart_palettes_must_stand_out_from_the_page_and_from_each_other() {
        let shipped = r##"palette = ["#14213d", "#a0451a", "#2f9e8f"]"##;
        assert!(
            SHIPPED.contains(shipped),
            "the shipped palette line changed"
        );
        let with = |palette: &str| {
            Style::from_toml(&SHIPPED.replace(shipped, &format!("palette = {palette}")))
        };
        assert!(with(r##"["#14213d", "#a0451a", "#2f9e8f"]"##).is_ok());
        let pale = with(r##"["#14213d", "#f0c0a0"]"##).unwrap_err().to_string();
        assert!(
            pale.contains("charts.palette[1]") && pale.contains("3:1"),
            "{pale}"
        );
        let alike = with(r##"["#a0451a", "#9a4a1c"]"##).unwrap_err().to_string();
        assert!(alike.contains("greyscale"), "{alike}");
    }

    #[test]
    fn the_shipped_style_parses_and_reads_well() {
        let style = Style::from_toml(SHIPPED).unwrap();
        assert!(style.sizes.body >= 12.0, "GOV.UK asks for 12pt or more");
        assert!(style.text_contrast() >= 7.0, "AAA contrast for body text");
        let accent = parse_hex(&style.colours.accent).unwrap();
        assert!(
            contrast(accent, (255, 255, 255)) >= 4.5,
            "headings need AA contrast"
        );
        let header = parse_hex(&style.colours.table_header).unwrap();
        assert!(contrast(parse_hex(&style.colours.text).unwrap(), header) >= 4.5);
    }

    #[test]
    fn bad_values_name_their_field() {
        let bad = SHIPPED.replacen("accent = \"", "accent = \"x", 1);
        let err = Style::from_toml(&bad).unwrap_err();
        assert!(
            err.to_string().starts_with("field `colours.accent`"),
            "{err}"
        );
        let bad = SHIPPED.replacen("margin_top = \"", "margin_top = \"ten ", 1);
        assert!(
            Style::from_toml(&bad)
                .unwrap_err()
                .to_string()
                .contains("is not a length")
        );
    }

    #[test]
    fn a_vocabulary_changes_only_the_words_it_gives() {
        assert_eq!(
            Style::from_toml(SHIPPED).unwrap().vocabulary,
            Vocabulary::default()
        );
        let style = Style::from_toml(&format!(
            "{SHIPPED}\n[vocabulary]\ntable = \"Tabell\"\ncontents = \"Innhold\"\n"
        ))
        .unwrap();
        assert_eq!(style.vocabulary.table, "Tabell");
        assert_eq!(style.vocabulary.contents, "Innhold");
        assert_eq!(style.vocabulary.figure, "Figure");
    }

    #[test]
    fn bad_vocabulary_is_refused() {
        let with = |words: &str| {
            Style::from_toml(&format!("{SHIPPED}\n[vocabulary]\n{words}\n"))
                .unwrap_err()
                .to_string()
        };
        let unknown = with("tabel = \"Tabell\"");
        assert!(unknown.contains("unknown field `tabel`"), "{unknown}");
        let empty = with("figure = \" \"");
        assert!(empty.starts_with("field `vocabulary.figure`"), "{empty}");
        let broken = with("contents = \"Con\\ntents\"");
        assert!(
            broken.starts_with("field `vocabulary.contents`"),
            "{broken}"
        );
        let percent = with("appendix = \"%1 Annex\"");
        assert!(
            percent.starts_with("field `vocabulary.appendix`"),
            "{percent}"
        );
        assert!(
            Style::from_toml(&format!(
                "{SHIPPED}\n[vocabulary]\ncaption_separator = \" \"\n"
            ))
            .is_ok(),
            "a separator may be a space"
        );
    }

    #[test]
    fn the_contents_depth_is_two_unless_given_and_one_to_six() {
        let with =
            |line: &str| Style::from_toml(&SHIPPED.replacen("contents_depth = 2\n", line, 1));
        assert_eq!(with("").unwrap().headings.contents_depth, 2);
        let depth = |d: u8| with(&format!("contents_depth = {d}\n"));
        assert_eq!(depth(3).unwrap().headings.contents_depth, 3);
        let err = depth(7).unwrap_err().to_string();
        assert!(err.starts_with("field `headings.contents_depth`"), "{err}");
    }

    #[test]
    fn text_below_aa_contrast_is_refused_naming_the_colour() {
        let style = Style::from_toml(SHIPPED).unwrap();
        let faint = SHIPPED.replacen(
            &format!("table_header = \"{}\"", style.colours.table_header),
            "table_header = \"#777777\"",
            1,
        );
        assert_ne!(faint, SHIPPED, "the shipped style sets table_header");
        let err = Style::from_toml(&faint).unwrap_err().to_string();
        assert!(err.starts_with("field `colours.table_header`"), "{err}");
        assert!(err.contains("text in table header rows"), "{err}");
        assert!(err.contains("4.5:1"), "{err}");
    }

    const COMMITTEE: &str = include_str!("../../../styles/committee.toml");

    /// The shipped style with `entry` (a `[classes.x]` table) at its end.
    fn with_class(entry: &str) -> Result<Style, StyleError> {
        Style::from_toml(&format!("{SHIPPED}\n{entry}\n"))
    }

    #[test]
    fn the_shipped_styles_give_every_class_the_sections_use_a_look() {
        for (name, source) in [("house", SHIPPED), ("committee", COMMITTEE)] {
            let style = Style::from_toml(source).unwrap();
            for class in quire_model::class::ALL {
                // Structural classes (landscape pages, numbered paragraphs…)
                // are drawn whether or not the style gives them a look.
                if quire_model::class::STRUCTURAL.contains(&class) {
                    continue;
                }
                assert!(style.look(class).is_some(), "{name}: no [classes.{class}]");
            }
        }
        let house = Style::from_toml(SHIPPED).unwrap();
        let group = house.look(quire_model::class::GROUP).unwrap();
        // Named colours are resolved when the style is read.
        assert_eq!(group.background.as_deref(), Some("#eef2f6"));
        assert!(group.bold);
        assert!(house.look(quire_model::class::ILLUSTRATIVE).unwrap().italic);
        assert_eq!(house.look("no-such-class"), None);
    }

    #[test]
    fn a_class_look_reads_every_key() {
        let style = with_class(
            r##"[classes.box]
background = "#fff8dc"
colour = "accent"
border_left = { width = "3pt", colour = "#00447c" }
border = { width = "1mm", colour = "rule" }
padding = "6pt"
text_size = 11.5
italic = true
bold = true
space_before = "2mm"
space_after = "12pt""##,
        )
        .unwrap();
        let look = style.look("box").unwrap();
        assert_eq!(look.background.as_deref(), Some("#fff8dc"));
        assert_eq!(look.colour.as_deref(), Some("#00447c"));
        let left = look.border_left.as_ref().unwrap();
        assert_eq!((left.width.pt(), left.colour.as_str()), (3.0, "#00447c"));
        let border = look.border.as_ref().unwrap();
        assert!((border.width.pt() - 72.0 / 25.4).abs() < 1e-9);
        assert_eq!(border.colour, "#7a7a7a");
        assert_eq!(look.padding.map(Length::pt), Some(6.0));
        assert_eq!(look.text_size, Some(11.5));
        assert!(look.italic && look.bold);
        assert!((look.space_before.unwrap().pt() - 2.0 * 72.0 / 25.4).abs() < 1e-9);
        assert_eq!(look.space_after.map(Length::pt), Some(12.0));
        // An empty entry is a look with nothing added.
        let plain = with_class("[classes.plain]").unwrap();
        assert_eq!(plain.look("plain"), Some(&Look::default()));
    }

    #[test]
    fn an_unknown_key_in_a_class_is_an_error_at_its_line() {
        let source =
            format!("{SHIPPED}\n[classes.box]\nbackground = \"#ffffff\"\nshade = \"#eeeeee\"\n");
        let Err(StyleError::Toml(err)) = Style::from_toml(&source) else {
            panic!("an unknown key must be refused");
        };
        assert!(err.message().contains("unknown field `shade`"), "{err}");
        let span = err.span().expect("the error points into the file");
        let line = source[..span.start].lines().count() + 1;
        let expected = source.lines().position(|l| l.starts_with("shade")).unwrap() + 1;
        assert_eq!(line, expected, "{err}");
        // So is a rule with a key it does not have.
        let rule = with_class("[classes.box]\nborder = { width = \"1pt\", color = \"#000000\" }")
            .unwrap_err()
            .to_string();
        assert!(rule.contains("unknown field `color`"), "{rule}");
    }

    #[test]
    fn bad_class_values_name_their_field() {
        let err = |entry: &str| with_class(entry).unwrap_err().to_string();
        let colour = err("[classes.box]\nbackground = \"pale blue\"");
        assert!(
            colour.contains("the name of one under [colours]"),
            "{colour}"
        );
        for (entry, field) in [
            ("background = \"pale blue\"", "classes.box.background"),
            (
                "border_left = { width = \"3pt\", colour = \"#12345\" }",
                "classes.box.border_left.colour",
            ),
            ("text_size = 200", "classes.box.text_size"),
            (
                "border = { width = \"20pt\", colour = \"accent\" }",
                "classes.box.border.width",
            ),
            ("padding = \"2cm\"", "classes.box.padding"),
        ] {
            let message = err(&format!("[classes.box]\n{entry}"));
            assert!(
                message.starts_with(&format!("field `{field}`")),
                "{message}"
            );
        }
        let length = err("[classes.box]\nspace_after = \"12\"");
        assert!(length.contains("is not a length"), "{length}");
        let name = err("[classes.\"two words\"]\nbold = true");
        assert!(name.starts_with("field `classes.two words`"), "{name}");
    }

    #[test]
    fn class_text_below_aa_contrast_is_refused_naming_the_colour() {
        let faint = with_class("[classes.aside]\ncolour = \"#999999\"")
            .unwrap_err()
            .to_string();
        assert!(faint.starts_with("field `classes.aside.colour`"), "{faint}");
        assert!(faint.contains("text of the `aside` class"), "{faint}");
        let dark = with_class("[classes.aside]\nbackground = \"#555555\"")
            .unwrap_err()
            .to_string();
        assert!(
            dark.starts_with("field `classes.aside.background`"),
            "{dark}"
        );
        assert!(
            with_class("[classes.aside]\ncolour = \"#ffffff\"\nbackground = \"#00447c\"").is_ok()
        );
        let style = Style::from_toml(SHIPPED).unwrap();
        let meta = style
            .contrasts()
            .into_iter()
            .find(|c| c.field == "classes.meta.colour")
            .expect("the meta class's grey is checked");
        assert!(meta.ratio >= 4.5, "{meta:?}");
    }

    #[test]
    fn every_value_that_cannot_be_used_is_reported_at_once() {
        let bad = SHIPPED
            .replacen("accent = \"", "accent = \"x", 1)
            .replacen("numbered_depth = ", "numbered_depth = 9", 1)
            .replacen("body = 12", "body = 200", 1);
        let bad = format!("{bad}\n[vocabulary]\nfigure = \" \"\n");
        let Err(StyleError::Invalid(problems)) = Style::from_toml(&bad) else {
            panic!("the style must be refused");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "colours.accent",
                "sizes.body",
                "headings.numbered_depth",
                "vocabulary.figure"
            ],
            "{problems:?}"
        );
    }

    #[test]
    fn each_faint_colour_and_each_bad_heading_size_is_its_own_problem() {
        let faint = with_class(
            "[classes.faint]\ncolour = \"#999999\"\n[classes.dark]\nbackground = \"#555555\"\ntext_size = 1",
        );
        let Err(StyleError::Invalid(problems)) = faint else {
            panic!("the style must be refused");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "classes.dark.text_size",
                "classes.dark.background",
                "classes.faint.colour"
            ]
        );
        let sizes = SHIPPED.replacen("headings = [", "headings = [1, 200, ", 1);
        let err = Style::from_toml(&sizes);
        let Err(StyleError::Invalid(problems)) = err else {
            panic!("{err:?}");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["sizes.headings[0]", "sizes.headings[1]"]);
    }

    #[test]
    fn the_schema_describes_every_field_the_style_reads() {
        let schema = Style::schema();
        let schema = schema.as_value();
        let properties = |at: &str| -> Vec<String> {
            let mut keys: Vec<String> = schema
                .pointer(at)
                .and_then(|p| p.as_object())
                .unwrap_or_else(|| panic!("no {at}"))
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        let mut style = Style::from_toml(SHIPPED).unwrap();
        style.logo = Some("logo.svg".into());
        let style = toml::Value::try_from(style).unwrap();
        let mut written: Vec<String> = style.as_table().unwrap().keys().cloned().collect();
        written.sort();
        assert_eq!(properties("/properties"), written);
        assert_eq!(schema["additionalProperties"], false);
        let words = schema["properties"]["vocabulary"]["$ref"].as_str().unwrap();
        let mut vocabulary: Vec<String> = Vocabulary::default()
            .entries()
            .map(|(k, _)| k.to_string())
            .to_vec();
        vocabulary.sort();
        assert_eq!(
            properties(&format!("{}/properties", words.trim_start_matches('#'))),
            vocabulary
        );
        assert_eq!(
            schema["properties"]["template"]["description"],
            "The Typst template, relative to the style file."
        );
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((255, 255, 255), (255, 255, 255)) - 1.0).abs() < 1e-9);
    }
}
