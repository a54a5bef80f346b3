use serde::{Deserialize, Serialize};

use crate::{Inline, Origin, Table};

/// Block-level content.
///
/// Serialised adjacently tagged (`{"type": "paragraph", "c": …}`), the way
/// pandoc's JSON does it, so every variant has the same outer shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    content = "c",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Block {
    /// A paragraph of inline content, optionally with a class for the style.
    Paragraph {
        /// The text.
        content: Vec<Inline>,
        /// A class name the style may act on ([`crate::class`]: `note`, `meta`, …).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// Where the paragraph was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A heading.
    Heading(Heading),
    /// A bulleted list; each item holds blocks.
    ///
    /// Plugins of ABI minor 1 and before sent the items alone
    /// (`"c": [[…], […]]`); that form is still read.
    #[serde(deserialize_with = "crate::list_wire::bullet_list")]
    BulletList {
        /// The items.
        items: Vec<ListItem>,
        /// Where the list was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A numbered list.
    OrderedList {
        /// The number of the first item.
        start: u32,
        /// The items.
        items: Vec<ListItem>,
        /// Where the list was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// Terms and their descriptions (a glossary, a list of agencies).
    DefinitionList(Vec<Definition>),
    /// A table.
    Table(Table),
    /// A figure: an image with caption and alternative text.
    Figure(Figure),
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// Who or what is quoted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attribution: Option<Vec<Inline>>,
    },
    /// A boxed aside with a class ([`crate::class`]: `vision`, `definition`).
    Callout {
        /// The class name.
        class: String,
        /// An optional title shown at the top of the box.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Vec<Inline>>,
        /// The content.
        blocks: Vec<Block>,
        /// Where the box was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A group of blocks with a class. The class `wide`
    /// ([`crate::class::WIDE`]) asks for landscape pages in paged outputs.
    Div {
        /// The class name.
        class: String,
        /// The content.
        blocks: Vec<Block>,
    },
    /// Start a new page.
    PageBreak,
}

/// One list item: a sequence of blocks (usually one paragraph).
pub type ListItem = Vec<Block>;

/// A term and its description in a definition list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The term.
    pub term: Vec<Inline>,
    /// What it means.
    pub details: Vec<Block>,
}

/// A heading. Make one with [`Heading::new`] and its builder methods. Its
/// number and identity are the resolved heading's
/// ([`crate::resolved::Heading`]); a plugin that sends them is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Heading {
    /// 1 for a chapter, 2 for a section, and so on (at most 6).
    pub level: u8,
    /// The heading text.
    pub content: Vec<Inline>,
    /// Whether the heading takes a number (a foreword usually does not).
    #[serde(default = "yes")]
    pub numbered: bool,
    /// Whether the heading appears in the table of contents.
    #[serde(default = "yes")]
    pub outlined: bool,
    /// A label other content can refer to (`sec-baseline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the heading was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
}

fn yes() -> bool {
    true
}

impl Heading {
    /// A numbered, outlined heading with no label.
    pub fn new(level: u8, content: Vec<Inline>) -> Self {
        Self {
            level,
            content,
            numbered: true,
            outlined: true,
            label: None,
            at: None,
        }
    }

    /// The same heading with a label (as [`Heading::label`]).
    pub fn with_label(self, label: impl Into<String>) -> Self {
        self.label(label)
    }

    /// The same heading, unnumbered.
    pub fn unnumbered(mut self) -> Self {
        self.numbered = false;
        self
    }

    /// The same heading, left out of the table of contents.
    pub fn unlisted(mut self) -> Self {
        self.outlined = false;
        self
    }
}

/// Builder methods every labelled, located node shares.
macro_rules! labelled_node {
    ($node:ty) => {
        impl $node {
            /// The same node, written at `origin` (see [`Origin`]).
            pub fn at(mut self, origin: Origin) -> Self {
                self.at = Some(origin);
                self
            }

            /// The same node with a label other content can refer to.
            pub fn label(mut self, label: impl Into<String>) -> Self {
                self.label = Some(label.into());
                self
            }
        }
    };
}
pub(crate) use labelled_node;

labelled_node!(Heading);
labelled_node!(Figure);

/// A figure. Make one with [`Figure::image`] or [`Figure::chart`]. Its
/// number and identity are the resolved figure's
/// ([`crate::resolved::Figure`]); a plugin that sends them is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Figure {
    /// What is shown.
    pub content: FigureContent,
    /// The caption shown with the number.
    pub caption: Vec<Inline>,
    /// Alternative text for readers who cannot see the figure. Required.
    pub alt: String,
    /// A label to refer to the figure by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the figure was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
}

impl Figure {
    /// A figure showing `content`, with its caption and alternative text.
    pub fn new(content: FigureContent, caption: Vec<Inline>, alt: impl Into<String>) -> Self {
        Self {
            content,
            caption,
            alt: alt.into(),
            label: None,
            at: None,
        }
    }

    /// A figure showing the image at `src` (a path inside the project).
    pub fn image(src: impl Into<String>, caption: Vec<Inline>, alt: impl Into<String>) -> Self {
        let content = FigureContent::Image {
            src: src.into(),
            width: None,
        };
        Self::new(content, caption, alt)
    }

    /// A figure showing a chart the engine draws; its alternative text is
    /// written from the data when `alt` is empty.
    pub fn chart(chart: Chart, caption: Vec<Inline>, alt: impl Into<String>) -> Self {
        Self::new(FigureContent::Chart(chart), caption, alt)
    }
}

/// What a figure shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FigureContent {
    /// An image file, by path relative to the project root.
    Image {
        /// The path, inside the project.
        src: String,
        /// The width as a fraction of the text width (0–1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<f64>,
    },
    /// A chart the engine draws from its data.
    Chart(Chart),
}

/// A chart: categories along one axis, one or more series of values.
/// Plugins describe it; the engine checks it, draws it once (as SVG, with
/// the house style's palette and fonts: the resolved chart,
/// [`crate::resolved::Chart`], holds the drawing; a plugin that sends one
/// is refused), writes the figure's alternative text from the data, and
/// can follow it with the data as a table.
///
/// Make one with [`Chart::new`] and its builder methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Chart {
    /// What kind of chart.
    pub kind: ChartKind,
    /// The categories (bars, or points along a line), in order.
    pub categories: Vec<String>,
    /// The series: one value per category each.
    pub series: Vec<Series>,
    /// What the categories are (`Strand`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_label: Option<String>,
    /// What the values are (`Incidents recorded`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    /// The values' unit, shown after each value in the text (`%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// True when any figure is not from a published source.
    #[serde(default)]
    pub illustrative: bool,
}

impl Chart {
    /// A chart of `kind` over `categories`, with no series yet.
    pub fn new(kind: ChartKind, categories: Vec<String>) -> Self {
        Self {
            kind,
            categories,
            series: Vec::new(),
            x_label: None,
            y_label: None,
            unit: None,
            source: None,
            illustrative: false,
        }
    }

    /// The same chart with one more series.
    pub fn series(mut self, name: impl Into<String>, values: Vec<f64>) -> Self {
        self.series.push(Series {
            name: name.into(),
            values,
        });
        self
    }

    /// The same chart, saying what the categories and the values are.
    pub fn labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = Some(x.into());
        self.y_label = Some(y.into());
        self
    }

    /// The same chart, with the values' unit (`%`).
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = Some(unit.into());
        self
    }

    /// The same chart, saying where its figures come from.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same chart, marked as holding figures not from a published source.
    pub fn illustrative(mut self, illustrative: bool) -> Self {
        self.illustrative = illustrative;
        self
    }
}

/// What is wrong with a chart's data: the field (`series[1].values`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartProblem {
    /// The field, as a path inside the chart.
    pub path: String,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl Chart {
    /// Checks that the chart can be drawn: categories and series present,
    /// one finite value per category in every series, unique series names,
    /// and a single series for a plain bar chart.
    pub fn check(&self) -> Result<(), ChartProblem> {
        let problem = |path: String, message: String| Err(ChartProblem { path, message });
        if self.categories.is_empty() {
            return problem(
                "categories".into(),
                "a chart needs at least one category".into(),
            );
        }
        if self.series.is_empty() {
            return problem("series".into(), "a chart needs at least one series".into());
        }
        if self.kind == ChartKind::Bar && self.series.len() > 1 {
            return problem(
                "series".into(),
                format!(
                    "a `bar` chart has one series, not {}; use `grouped_bar` to compare several",
                    self.series.len()
                ),
            );
        }
        for (i, series) in self.series.iter().enumerate() {
            if series.name.trim().is_empty() {
                return problem(format!("series[{i}].name"), "a series needs a name".into());
            }
            if self.series[..i].iter().any(|s| s.name == series.name) {
                return problem(
                    format!("series[{i}].name"),
                    format!("two series are called `{}`", series.name),
                );
            }
            if series.values.len() != self.categories.len() {
                return problem(
                    format!("series[{i}].values"),
                    format!(
                        "{} values for {} categories: each series needs one value per category",
                        series.values.len(),
                        self.categories.len()
                    ),
                );
            }
            if let Some(j) = series.values.iter().position(|v| !v.is_finite()) {
                return problem(
                    format!("series[{i}].values[{j}]"),
                    "values must be finite numbers".into(),
                );
            }
        }
        Ok(())
    }
}

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// One bar per category (one series).
    Bar,
    /// A group of bars per category, one per series.
    GroupedBar,
    /// One line per series across the categories.
    Line,
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Its name, shown in the legend (`2000/01`).
    pub name: String,
    /// One value per category.
    pub values: Vec<f64>,
}

impl Block {
    /// A paragraph with no class.
    pub fn paragraph(content: Vec<Inline>) -> Self {
        Block::Paragraph {
            content,
            class: None,
            at: None,
        }
    }

    /// A paragraph with a class the style acts on ([`crate::class`]).
    pub fn classed(content: Vec<Inline>, class: impl Into<String>) -> Self {
        Block::Paragraph {
            content,
            class: Some(class.into()),
            at: None,
        }
    }

    /// A bulleted list.
    pub fn bullet_list(items: Vec<ListItem>) -> Self {
        Block::BulletList { items, at: None }
    }

    /// A numbered list starting at 1.
    pub fn ordered_list(items: Vec<ListItem>) -> Self {
        Block::OrderedList {
            start: 1,
            items,
            at: None,
        }
    }

    /// A box of `class` ([`crate::class`]) holding `blocks`, with no title.
    pub fn callout(class: impl Into<String>, blocks: Vec<Block>) -> Self {
        Block::Callout {
            class: class.into(),
            title: None,
            blocks,
            at: None,
        }
    }

    /// The same block, written at `origin`, so a problem found in it
    /// points there (see [`Origin`]). Blocks that carry no origin (a
    /// quotation, a division, a page break) are returned as they are.
    pub fn at(mut self, origin: Origin) -> Self {
        if let Some(at) = self.origin_mut() {
            *at = Some(origin);
        }
        self
    }

    /// Where the block was written, if it says.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            Block::Paragraph { at, .. }
            | Block::BulletList { at, .. }
            | Block::OrderedList { at, .. }
            | Block::Callout { at, .. } => at.as_ref(),
            Block::Heading(h) => h.at.as_ref(),
            Block::Table(t) => t.at.as_ref(),
            Block::Figure(f) => f.at.as_ref(),
            Block::DefinitionList(_)
            | Block::Quote { .. }
            | Block::Div { .. }
            | Block::PageBreak => None,
        }
    }

    fn origin_mut(&mut self) -> Option<&mut Option<Origin>> {
        match self {
            Block::Paragraph { at, .. }
            | Block::BulletList { at, .. }
            | Block::OrderedList { at, .. }
            | Block::Callout { at, .. } => Some(at),
            Block::Heading(h) => Some(&mut h.at),
            Block::Table(t) => Some(&mut t.at),
            Block::Figure(f) => Some(&mut f.at),
            Block::DefinitionList(_)
            | Block::Quote { .. }
            | Block::Div { .. }
            | Block::PageBreak => None,
        }
    }

    /// A heading block.
    pub fn heading(heading: Heading) -> Self {
        Block::Heading(heading)
    }
}
