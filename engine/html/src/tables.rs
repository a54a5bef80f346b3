//! Tables: a caption with the table's number, header cells scoped to their
//! columns (or rows, in a key-value table), each group of rows its own
//! `tbody` headed by a `rowgroup` cell, and the whole in a focusable scroll
//! container named by the caption, so a wide table scrolls on its own and
//! the page never does (WCAG 1.4.10).

use maud::{Markup, html};
use quire_model::resolved::{Cell, Row, Table};
use quire_model::{Align, class};

use crate::HtmlError;
use crate::blocks::{Renderer, css_class};

/// The rows of a table's body, cut where a group row starts a group.
fn groups(rows: &[Row]) -> Vec<&[Row]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        if i > start && row.class.as_deref() == Some(class::GROUP) {
            groups.push(&rows[start..i]);
            start = i;
        }
    }
    if start < rows.len() {
        groups.push(&rows[start..]);
    }
    groups
}

fn align_class(align: Align) -> Option<&'static str> {
    match align {
        Align::Start => None,
        Align::Center => Some("center"),
        Align::End => Some("end"),
    }
}

fn span(n: u32) -> Option<u32> {
    (n > 1).then_some(n)
}

impl Renderer<'_> {
    pub(crate) fn table(&mut self, table: &Table) -> Result<Markup, HtmlError> {
        let words = &self.input.style.vocabulary;
        let id = match &table.label {
            Some(label) => label.clone(),
            None => format!("t-{}", table.id),
        };
        let caption_id = format!("{id}-caption");
        let label = table
            .number
            .as_ref()
            .map(|n| format!("{} {n}", words.table));
        let separator = words.caption_separator.clone();
        let unnamed = words.table.clone();
        let caption = table.caption.as_ref().map(|c| self.inlines(c));
        let mut head = Vec::new();
        for row in &table.header {
            head.push(self.row(table, row, true)?);
        }
        let mut bodies = Vec::new();
        for group in groups(&table.body) {
            let mut rows = Vec::new();
            for row in group {
                rows.push(self.row(table, row, false)?);
            }
            bodies.push(rows);
        }
        let notes = self.blocks(&table.notes)?;
        let look = table
            .class
            .as_deref()
            .filter(|c| self.input.style.look(c).is_some())
            .map(css_class);
        Ok(html! {
            @if caption.is_some() {
                div.table-scroll role="region" tabindex="0" aria-labelledby=(caption_id) {
                    (self_table(&id, look.as_deref(), Some((&caption_id, label.as_deref(), &separator, caption)), &head, &bodies))
                }
            } @else {
                div.table-scroll role="region" tabindex="0" aria-label=(unnamed) {
                    (self_table(&id, look.as_deref(), None, &head, &bodies))
                }
            }
            @if !table.notes.is_empty() { div.table-notes { (notes) } }
        })
    }

    fn row(&mut self, table: &Table, row: &Row, header: bool) -> Result<Markup, HtmlError> {
        let group = row.class.as_deref() == Some(class::GROUP);
        let mut cells = Vec::new();
        let mut column = 0usize;
        for (i, cell) in row.cells.iter().enumerate() {
            let align = cell
                .align
                .or_else(|| table.columns.get(column).map(|c| c.align))
                .and_then(align_class);
            column += cell.colspan as usize;
            let kind = if header {
                Kind::Header(if cell.colspan > 1 { "colgroup" } else { "col" })
            } else if group {
                Kind::Header("rowgroup")
            } else if i == 0 && table.row_headers {
                Kind::Header("row")
            } else {
                Kind::Data
            };
            cells.push(self.cell(cell, kind, align)?);
        }
        let look = row
            .class
            .as_deref()
            .filter(|c| *c == class::GROUP || self.input.style.look(c).is_some())
            .map(css_class);
        Ok(html! { tr class=[look] { @for cell in cells { (cell) } } })
    }

    fn cell(&mut self, cell: &Cell, kind: Kind, align: Option<&str>) -> Result<Markup, HtmlError> {
        let content = self.item(&cell.content)?;
        let (colspan, rowspan) = (span(cell.colspan), span(cell.rowspan));
        Ok(match kind {
            Kind::Header(scope) => html! {
                th scope=(scope) colspan=[colspan] rowspan=[rowspan] class=[align] { (content) }
            },
            Kind::Data => html! {
                td colspan=[colspan] rowspan=[rowspan] class=[align] { (content) }
            },
        })
    }
}

enum Kind {
    Header(&'static str),
    Data,
}

/// The caption of a table: its id, its label (`Table 3`), the separator
/// and its text.
type Caption<'c> = (&'c str, Option<&'c str>, &'c str, Option<Markup>);

fn self_table(
    id: &str,
    look: Option<&str>,
    caption: Option<Caption<'_>>,
    head: &[Markup],
    bodies: &[Vec<Markup>],
) -> Markup {
    html! {
        table id=(id) class=[look] {
            @if let Some((caption_id, label, separator, text)) = caption {
                caption id=(caption_id) {
                    @if let Some(label) = label { span.caption-number { (label) } (separator) }
                    @if let Some(text) = text { (text) }
                }
            }
            @if !head.is_empty() { thead { @for row in head { (row) } } }
            @for body in bodies { tbody { @for row in body { (row) } } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_row_starts_a_group() {
        let row = |class: Option<&str>| Row {
            cells: Vec::new(),
            class: class.map(str::to_string),
        };
        let (plain, group) = (row(None), row(Some(class::GROUP)));
        let rows = vec![
            plain.clone(),
            group.clone(),
            plain.clone(),
            group.clone(),
            plain,
        ];
        let cut: Vec<usize> = groups(&rows).iter().map(|g| g.len()).collect();
        assert_eq!(cut, [1, 2, 2]);
        assert!(groups(&[]).is_empty());
    }
}
