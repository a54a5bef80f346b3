//! Charts, completed once for every output: each chart a plugin returns
//! is checked against the house style, given alternative text written from
//! its data, and followed by its source note and, if the style asks, its
//! data as a table — so no figure lives only in a picture; the resolve
//! pass then draws it as SVG (with the style's palette, font and sizes)
//! through [`Charts`].

use crate::ChartStyle;
use quire_model::{
    Block, Chart, DrawChart, Enclosure, FigureContent, Inline, Vocabulary, class, text,
};
use quire_style::{Look, Style};

/// The drawing settings for charts in `style`. Both outputs print a chart
/// across the column it stands in (the PDF at the full text width, the
/// Word copy likewise), so its printed width is the portrait page's text
/// width, whatever the drawing's own size: the narrowest it appears, as
/// landscape pages only widen it.
pub fn chart_style(style: &Style) -> ChartStyle {
    let column = style.text_width().pt();
    ChartStyle {
        font_family: style.fonts.body.clone(),
        font_size: style.sizes.table,
        text_colour: style.colours.text.clone(),
        axis_colour: style.colours.text.clone(),
        background: "#ffffff".into(),
        palette: style.charts.palette.clone(),
        width: style.charts.width.pt(),
        height: style.charts.height.pt(),
        printed_width: column,
    }
}

/// The same settings for a chart inside a box drawn in `look`: its column
/// is narrower by the box's rules and padding.
fn inside(drawing: &ChartStyle, look: &Look) -> ChartStyle {
    let padding = look.padding.map_or(0.0, |p| p.pt());
    let rules = look.border.as_ref().map_or(0.0, |r| 2.0 * r.width.pt())
        + look.border_left.as_ref().map_or(0.0, |r| r.width.pt());
    let printed_width = (drawing.printed_width - 2.0 * padding - rules).max(1.0);
    ChartStyle {
        printed_width,
        ..drawing.clone()
    }
}

/// Completes every chart in `blocks` (and in the boxes they hold): checks
/// it, writes its alternative text and follows it with its source note
/// and data table. The drawing is made by the resolve pass ([`Charts`]).
/// An error names the chart by its caption and says what is wrong.
pub fn complete(blocks: Vec<Block>, style: &Style) -> Result<Vec<Block>, String> {
    let palette = style.charts.palette.len();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Figure(mut figure) => {
                let FigureContent::Chart(chart) = &mut figure.content else {
                    out.push(Block::Figure(figure));
                    continue;
                };
                let title = Inline::plain_text(&figure.caption);
                crate::check(chart, palette).map_err(|e| format!("the chart “{title}”: {e}"))?;
                let words = &style.vocabulary;
                figure.alt = crate::describe(chart, &title, words);
                let note = source_note(chart.source.as_deref(), chart.illustrative, words);
                let table = style.charts.data_tables.then(|| {
                    let mut caption = figure.caption.clone();
                    caption.push(Inline::Text(format!(
                        "{}{}",
                        words.caption_separator, words.chart_figures
                    )));
                    Block::Table(crate::data_table(chart, caption, words))
                });
                out.push(Block::Figure(figure));
                out.extend(note);
                out.extend(table);
            }
            Block::Div { class, blocks } => {
                let blocks = complete(blocks, style)?;
                out.push(Block::Div { class, blocks });
            }
            Block::Callout {
                class,
                title,
                blocks,
                at,
            } => out.push(Block::Callout {
                class,
                title,
                blocks: complete(blocks, style)?,
                at,
            }),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Draws charts for the resolve pass, with the house style: each for the
/// column it stands in (narrower inside a box, by the box's rules and
/// padding).
pub struct Charts<'a> {
    style: &'a Style,
    drawing: ChartStyle,
}

impl<'a> Charts<'a> {
    /// The drawer for `style`.
    pub fn new(style: &'a Style) -> Self {
        Self {
            style,
            drawing: chart_style(style),
        }
    }
}

impl DrawChart for Charts<'_> {
    fn draw(&self, chart: &Chart, within: &[Enclosure]) -> Result<String, String> {
        let mut drawing = self.drawing.clone();
        for enclosure in within {
            drawing = match enclosure {
                Enclosure::Division(class) => match self.style.look(class) {
                    Some(look) => inside(&drawing, look),
                    None => drawing,
                },
                Enclosure::Callout(class) => {
                    let look = self.style.look(class).cloned();
                    inside(
                        &drawing,
                        &look.unwrap_or_else(|| self.style.plain_callout()),
                    )
                }
            };
        }
        crate::check(chart, drawing.palette.len()).map_err(|e| e.to_string())?;
        crate::svg(chart, &drawing).map_err(|e| e.to_string())
    }
}

/// "Source: …", marked illustrative when the figures are.
fn source_note(source: Option<&str>, illustrative: bool, words: &Vocabulary) -> Option<Block> {
    if source.is_none() && !illustrative {
        return None;
    }
    let mut content = vec![Inline::Strong(text(format!("{}: ", words.source)))];
    content.push(Inline::Text(
        source.unwrap_or(&words.source_not_given).to_string(),
    ));
    if illustrative {
        content.push(Inline::Span {
            class: class::ILLUSTRATIVE.into(),
            content: text(format!(" ({})", words.illustrative_note)),
        });
    }
    content.push(Inline::Text(".".into()));
    Some(Block::classed(content, class::NOTE))
}
