//! The document budget: a document whose typesetting would take more memory
//! than a build may use is refused after it is assembled and before Typst
//! sees it, naming the sections that make it so big.
//!
//! Typesetting memory follows the document's [`Size`]: its blocks,
//! headings, table cells, footnotes and characters. Each costs about a fixed amount (the
//! `*_COST` constants, measured with both outputs made at once, rounded up),
//! so their sum estimates what a build needs; a document may take at most
//! [`BUDGET`], which keeps any document it admits within 4 GiB of memory
//! together with the engine's own (fonts, Typst's library).

use quire_model::Size;
use quire_model::format::thousands;

/// What a block (a paragraph, heading, list item, a cell's or a footnote's
/// paragraph…) costs to typeset: 50,000 one-line paragraphs took 1.0 GiB,
/// 150,000 list items 3.7 GiB.
pub const BLOCK_COST: u64 = 24 * 1024;

/// What a heading costs beyond its block (its number, its entry in the
/// contents and the PDF's outline): 30,000 took 4.4 GiB.
pub const HEADING_COST: u64 = 144 * 1024;

/// What a table cell costs with its first block (an empty one nearly as
/// much): 200,000 cells of 20-column tables, nearly all empty, took 2.5 GiB.
pub const CELL_COST: u64 = 14 * 1024;

/// What a footnote costs beyond its blocks: 20,000 took 1.7 GiB.
pub const FOOTNOTE_COST: u64 = 48 * 1024;

/// What a character costs: 5 million in 50 paragraphs took 1.8 GiB.
pub const CHAR_COST: u64 = 400;

/// The most memory a document's content may be estimated to take.
pub const BUDGET: u64 = 3584 * 1024 * 1024;

/// One of the measures of a document's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Paragraphs, headings, list items and other blocks.
    Blocks,
    /// Headings.
    Headings,
    /// Table cells.
    Cells,
    /// Footnotes.
    Footnotes,
    /// Characters of text.
    Chars,
}

impl Measure {
    const ALL: [Measure; 5] = [
        Measure::Blocks,
        Measure::Headings,
        Measure::Cells,
        Measure::Footnotes,
        Measure::Chars,
    ];

    /// How many of this measure `size` has.
    pub fn count(self, size: &Size) -> usize {
        match self {
            Measure::Blocks => size.blocks,
            Measure::Headings => size.headings,
            Measure::Cells => size.cells,
            Measure::Footnotes => size.footnotes,
            Measure::Chars => size.chars,
        }
    }

    /// What one of this measure costs to typeset, in bytes.
    pub fn cost(self) -> u64 {
        match self {
            Measure::Blocks => BLOCK_COST,
            Measure::Headings => HEADING_COST,
            Measure::Cells => CELL_COST,
            Measure::Footnotes => FOOTNOTE_COST,
            Measure::Chars => CHAR_COST,
        }
    }

    /// Its name in a sentence (`table cells`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Blocks => "paragraphs and other blocks",
            Measure::Headings => "headings",
            Measure::Cells => "table cells",
            Measure::Footnotes => "footnotes",
            Measure::Chars => "characters",
        }
    }

    /// The most of this measure a document of nothing else may have.
    pub fn most(self) -> u64 {
        BUDGET / self.cost()
    }

    /// What to change when this measure makes a section too big.
    fn advice(self) -> &'static str {
        match self {
            Measure::Cells => {
                "publish data that big as a spreadsheet beside the document, or split the document into volumes"
            }
            Measure::Footnotes => {
                "gather the notes into a list of sources at the end, or split the document into volumes"
            }
            Measure::Headings => {
                "make the smallest headings bold paragraphs, or split the document into volumes"
            }
            Measure::Blocks | Measure::Chars => {
                "split the document into volumes, or publish the longest material beside it"
            }
        }
    }
}

/// The memory typesetting `size` is estimated to take, in bytes.
pub fn estimate(size: &Size) -> u64 {
    Measure::ALL
        .iter()
        .map(|m| (m.count(size) as u64).saturating_mul(m.cost()))
        .fold(0, u64::saturating_add)
}

/// A document over its budget: what it would take, and the sections that
/// take most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// The whole document's size.
    pub total: Size,
    /// The estimated memory for it, in bytes.
    pub estimate: u64,
    /// Up to three sections, largest first: their index in the list
    /// checked, their size and estimate.
    pub largest: Vec<(usize, Size, u64)>,
}

/// Checks a document, given each section's size in order, against
/// [`BUDGET`].
pub fn check(sections: &[Size]) -> Result<(), Overrun> {
    let mut total = Size::default();
    for size in sections {
        total += *size;
    }
    let estimate = estimate(&total);
    if estimate <= BUDGET {
        return Ok(());
    }
    let mut largest: Vec<(usize, Size, u64)> = sections
        .iter()
        .enumerate()
        .map(|(index, size)| (index, *size, self::estimate(size)))
        .collect();
    largest.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    largest.truncate(3);
    Err(Overrun {
        total,
        estimate,
        largest,
    })
}

impl Overrun {
    /// The index of the section that takes most.
    pub fn section(&self) -> usize {
        self.largest.first().map_or(0, |(index, _, _)| *index)
    }

    /// The measure that takes most of the largest section's memory.
    pub fn measure(&self) -> Measure {
        let size = self.largest.first().map(|(_, s, _)| *s).unwrap_or_default();
        Measure::ALL
            .into_iter()
            .max_by_key(|m| (m.count(&size) as u64).saturating_mul(m.cost()))
            .unwrap_or(Measure::Blocks)
    }

    /// The error, in plain words: the largest section (named by `id`), what
    /// it has of the document's total, the memory that would take and the
    /// limit, and the next largest sections that take a tenth of it or more.
    pub fn message(&self, id: impl Fn(usize) -> String) -> String {
        let measure = self.measure();
        let (index, size, _) = self.largest[0];
        let mut message = format!(
            "section `{}` has {} {} of the document's {}: typesetting the document would take about {} of memory, and a document may take at most {} (about {} {} if it had nothing else)",
            id(index),
            count(measure.count(&size)),
            measure.name(),
            count(measure.count(&self.total)),
            gib(self.estimate),
            gib(BUDGET),
            count(round_down(measure.most())),
            measure.name(),
        );
        let next: Vec<String> = self.largest[1..]
            .iter()
            .filter(|(_, _, bytes)| *bytes >= self.estimate / 10)
            .map(|(index, _, bytes)| format!("section `{}` ({})", id(*index), gib(*bytes)))
            .collect();
        if !next.is_empty() {
            message.push_str(&format!(
                "; section `{}` takes {}, then {}",
                id(index),
                gib(self.largest[0].2),
                next.join(", ")
            ));
        }
        message
    }

    /// What to change.
    pub fn hint(&self) -> String {
        self.measure().advice().to_string()
    }
}

/// A count with thousands separators.
fn count(n: usize) -> String {
    thousands(n as f64, 0)
}

/// `n` rounded down to two significant figures (262,144 is 260,000).
fn round_down(n: u64) -> usize {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n / unit * unit) as usize
}

/// Bytes as GiB, one decimal.
fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1024.0 * 1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(n: usize) -> Size {
        Size {
            cells: n,
            chars: 3 * n,
            ..Size::default()
        }
    }

    fn paragraphs(n: usize) -> Size {
        Size {
            blocks: n,
            chars: 60 * n,
            ..Size::default()
        }
    }

    fn names(index: usize) -> String {
        ["foreword", "data", "notes", "appendix"][index].to_string()
    }

    #[test]
    fn a_normal_document_is_far_inside_the_budget() {
        // About 400 pages: 3,000 paragraphs of 800 characters, 400
        // headings, 100 tables of 50 cells, 100 footnotes.
        let size = Size {
            blocks: 3_000 + 400,
            headings: 400,
            cells: 5_000,
            footnotes: 100,
            chars: 2_400_000 + 50_000,
        };
        assert!(estimate(&size) < BUDGET / 2);
        assert_eq!(check(&[size, size]), Ok(()));
    }

    #[test]
    fn the_estimate_adds_every_measure() {
        let size = Size {
            blocks: 1,
            headings: 5,
            cells: 2,
            footnotes: 3,
            chars: 4,
        };
        let expected =
            BLOCK_COST + 5 * HEADING_COST + 2 * CELL_COST + 3 * FOOTNOTE_COST + 4 * CHAR_COST;
        assert_eq!(estimate(&size), expected);
        let huge = Size {
            chars: usize::MAX,
            ..size
        };
        assert_eq!(estimate(&huge), u64::MAX, "saturates, never wraps");
    }

    #[test]
    fn an_overrun_names_the_largest_section_and_its_measure() {
        let sections = [
            paragraphs(10),
            cells(240_000),
            paragraphs(15_000),
            cells(60_000),
        ];
        let overrun = check(&sections).unwrap_err();
        assert_eq!(overrun.section(), 1);
        assert_eq!(overrun.measure(), Measure::Cells);
        assert_eq!(overrun.total.cells, 300_000);
        let message = overrun.message(names);
        assert!(
            message.starts_with("section `data` has 240,000 table cells of the document's 300,000: typesetting the document would take about"),
            "{message}"
        );
        assert!(
            message.contains(&format!("a document may take at most {}", gib(BUDGET))),
            "{message}"
        );
        let most = count(round_down(Measure::Cells.most()));
        assert!(
            message.contains(&format!(
                "(about {most} table cells if it had nothing else)"
            )),
            "{message}"
        );
        let (appendix, notes) = (
            message.find("then section `appendix` ("),
            message.find(", section `notes` ("),
        );
        assert!(
            appendix.is_some() && appendix < notes,
            "largest first: {message}"
        );
        assert!(
            !message.contains("foreword"),
            "only the three largest: {message}"
        );
        assert!(overrun.hint().contains("spreadsheet"));
    }

    #[test]
    fn the_measure_named_is_the_one_that_costs_most() {
        let notes = Size {
            blocks: 2 * 40_000,
            footnotes: 40_000,
            chars: 400_000,
            ..Size::default()
        };
        let overrun = check(&[notes]).unwrap_err();
        assert_eq!(overrun.measure(), Measure::Footnotes);
        let text = Size {
            blocks: 100,
            chars: 20_000_000,
            ..Size::default()
        };
        let overrun = check(&[text]).unwrap_err();
        assert_eq!(overrun.measure(), Measure::Chars);
        let message = overrun.message(names);
        assert!(!message.contains("; section"), "one section: {message}");
        assert!(overrun.hint().starts_with("split the document"));
    }

    #[test]
    fn limits_are_said_in_round_numbers() {
        assert_eq!(round_down(262_144), 260_000);
        assert_eq!(round_down(99), 99);
        assert_eq!(round_down(9_395_240), 9_300_000);
    }

    #[test]
    fn the_budget_is_exact_at_its_edge() {
        let most = (BUDGET / BLOCK_COST) as usize;
        let at = Size {
            blocks: most,
            ..Size::default()
        };
        assert_eq!(check(&[at]), Ok(()));
        let over = Size {
            blocks: most + 1,
            ..Size::default()
        };
        assert!(check(&[over]).is_err());
    }
}
