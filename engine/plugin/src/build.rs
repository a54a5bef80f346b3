//! Small builders for the block shapes sections share, and the way plain
//! text from data enters the document: [`text`] and [`cell`] set its
//! quotation marks and apostrophes typographically (‘ ’ “ ”), as Markdown
//! fields ([`prose_field`], [`inline_field`]) and prose templates are set.

use quire_model::{Block, Cell, Heading, Inline, Origin, class};

use crate::markdown::quotes;

use crate::{PluginError, SectionRequest, markdown};

/// Plain text (a data field that is not Markdown, or the plugin's own
/// words) as inline content, with typographic quotation marks and
/// apostrophes: `partners' plan` reads `partners’ plan`. Use it, not the
/// model's `text`, for everything a reader sees.
pub fn text(words: impl AsRef<str>) -> Vec<Inline> {
    vec![Inline::Text(quotes::in_text(words.as_ref()))]
}

/// A table cell holding one paragraph of plain text, set as [`text`] sets
/// it (empty text gives an empty cell).
pub fn cell(words: impl AsRef<str>) -> Cell {
    let words = words.as_ref();
    if words.is_empty() {
        Cell::blocks(Vec::new())
    } else {
        Cell::inlines(text(words))
    }
}

/// The section's top heading: level 1, numbered, labelled with the label the
/// engine assigned (`sec-<id>`).
pub fn section_heading(request: &SectionRequest, title: &str) -> Block {
    Block::Heading(Heading::new(1, text(title)).with_label(request.section.label.clone()))
}

/// A numbered sub-heading at `level` with no label, worded by the plugin.
pub fn heading(level: u8, title: &str) -> Block {
    Block::Heading(Heading::new(level, text(title)))
}

/// A numbered sub-heading at `level` whose words come from the data item at
/// `path` (`approach[2].heading`), so a problem with it points there.
pub fn heading_at(level: u8, title: &str, path: &str) -> Block {
    Block::Heading(Heading::new(level, text(title)).at(Origin::data(path)))
}

/// Markdown from a data field, as blocks; headings start at `heading_offset + 1`.
/// Errors name the field, and every heading, table, figure, link and
/// cross-reference in it carries the field as its origin.
pub fn prose_field(
    path: &str,
    source: &str,
    heading_offset: u8,
) -> Result<Vec<Block>, PluginError> {
    let origin = Origin::data(path);
    markdown::to_blocks_located(source, heading_offset, &|_| Some(origin.clone()))
        .map_err(|e| PluginError::data(path, format!("Markdown {e}")))
}

/// Markdown from a data field, as inline content. Errors name the field,
/// and links and cross-references in it carry the field as their origin.
pub fn inline_field(path: &str, source: &str) -> Result<Vec<Inline>, PluginError> {
    let origin = Origin::data(path);
    markdown::to_inlines_located(source, &|_| Some(origin.clone()))
        .map_err(|e| PluginError::data(path, format!("Markdown {e}")))
}

/// A bulleted list with one paragraph per item.
pub fn bullets(items: impl IntoIterator<Item = Vec<Inline>>) -> Block {
    Block::bullet_list(
        items
            .into_iter()
            .map(|i| vec![Block::paragraph(i)])
            .collect(),
    )
}

/// The word shown beside every figure that is not from a published source
/// (the class that marks such figures is [`class::ILLUSTRATIVE`]).
pub const ILLUSTRATIVE: &str = "illustrative";

/// Marks inline content as illustrative: the style shows the class, and the
/// text itself says so, so the mark survives in every output and in plain text.
pub fn illustrative(content: Vec<Inline>) -> Inline {
    let mut marked = content;
    marked.push(Inline::Text(format!(" ({ILLUSTRATIVE})")));
    Inline::Span {
        class: class::ILLUSTRATIVE.into(),
        content: marked,
    }
}

/// The note printed under a table or list holding illustrative figures.
pub fn illustrative_note() -> Block {
    Block::classed(
        vec![
            Inline::Strong(text("Illustrative figures: ")),
            Inline::Text(
                "figures marked “illustrative” are not taken from a published source. They show the \
                 shape of the monitoring the partnership will report and must be replaced with \
                 verified figures before publication."
                    .into(),
            ),
        ],
        class::NOTE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_from_data_gets_typographic_quotes() {
        assert_eq!(
            text("Young people's \"services\""),
            vec![Inline::Text(
                "Young people\u{2019}s \u{201C}services\u{201D}".into()
            )]
        );
        assert_eq!(
            cell("the borough's"),
            Cell::inlines(vec![Inline::Text("the borough\u{2019}s".into())])
        );
        assert_eq!(cell(""), Cell::blocks(Vec::new()));
        let Block::Heading(h) = heading_at(2, "Partners' roles", "roles") else {
            unreachable!()
        };
        assert_eq!(Inline::plain_text(&h.content), "Partners\u{2019} roles");
    }
}
