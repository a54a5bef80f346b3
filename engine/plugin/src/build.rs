//! Small builders for the block shapes sections share.

use quire_model::{Block, Heading, Inline, Origin, class, text};

use crate::{PluginError, SectionRequest, markdown};

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
    Block::BulletList(
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
    Block::Paragraph {
        content: vec![
            Inline::Strong(text("Illustrative figures: ")),
            Inline::Text(
                "figures marked “illustrative” are not taken from a published source. They show the \
                 shape of the monitoring the partnership will report and must be replaced with \
                 verified figures before publication."
                    .into(),
            ),
        ],
        class: Some(class::NOTE.into()),
    }
}
