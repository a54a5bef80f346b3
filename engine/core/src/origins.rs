//! From where content says it was written to a place in a file: the
//! origin map that turns a node's [`Origin`] (a line of a prose template,
//! or a field path in a data file) into a span a diagnostic can show.
//!
//! Nothing here searches for words: a prose origin holds its line and
//! column, and a data path is followed key by key through the TOML file.

use std::ops::Range;

use quire_model::Origin;

use crate::data;
use crate::source::SourceFile;

/// The files one section was built from, by the names origins use.
#[derive(Debug, Default)]
pub struct SectionFiles {
    /// Its data file, if it has one.
    pub data: Option<SourceFile>,
    /// Its prose templates, each with the path the manifest gives it (the
    /// name in [`Origin::Text`]).
    pub prose: Vec<(String, SourceFile)>,
}

impl SectionFiles {
    /// Where `origin` is written: the file and the span to show. `shared`
    /// is the shared data file (for paths starting `shared.`).
    pub fn locate<'a>(
        &'a self,
        origin: &Origin,
        shared: Option<&'a SourceFile>,
    ) -> Option<(&'a SourceFile, Range<usize>)> {
        match origin {
            Origin::Text {
                file,
                line,
                column,
                length,
            } => {
                let (_, source) = self.prose.iter().find(|(name, _)| name == file)?;
                let span = line_column_span(
                    &source.text,
                    *line as usize,
                    *column as usize,
                    *length as usize,
                )?;
                Some((source, span))
            }
            Origin::Data { path } => self.locate_data(path, shared),
            // An origin a later model may add.
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Where the data item at `path` is written (`measures[2].value`;
    /// `shared.` for the shared file): its value, or the key of an item
    /// the data does not have.
    pub fn locate_data<'a>(
        &'a self,
        path: &str,
        shared: Option<&'a SourceFile>,
    ) -> Option<(&'a SourceFile, Range<usize>)> {
        let (file, field) = match path.strip_prefix("shared.") {
            Some(rest) => (shared?, rest),
            None => (self.data.as_ref()?, path),
        };
        let span = data::span_of_path(&file.text, field)
            .or_else(|| data::key_span_of_path(&file.text, field))?;
        Some((file, span))
    }
}

/// Within the line `span` is on, the first `needle` at or after the line's
/// start, as the span to show (for a label written in an attribute block
/// on a heading's line); `span` itself if the line does not hold it. Only
/// the one line the origin names is read, never the rest of the file.
pub fn narrow_on_line(text: &str, span: Range<usize>, needle: &str) -> Range<usize> {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    match text[start..end].find(needle) {
        Some(at) if !needle.is_empty() => start + at..start + at + needle.len(),
        _ => span,
    }
}

/// The span of `length` characters from 1-based `column` of 1-based
/// `line` (0, or more than the line has: to the end of the line's text;
/// at least one character), if the text has that line.
fn line_column_span(text: &str, line: usize, column: usize, length: usize) -> Option<Range<usize>> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(start..)?.lines().next()?;
    let from = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let rest = line_text[from..].trim_end();
    let rest = match rest.char_indices().nth(length) {
        Some((end, _)) if length > 0 => &rest[..end],
        _ => rest,
    };
    let end = if rest.is_empty() {
        line_text[from..]
            .chars()
            .next()
            .map_or(from, |c| from + c.len_utf8())
    } else {
        from + rest.len()
    };
    Some(start + from..start + end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            shown: PathBuf::from("f"),
            text: text.into(),
        }
    }

    #[test]
    fn a_prose_origin_is_its_line_from_its_column() {
        let files = SectionFiles {
            data: None,
            prose: vec![(
                "prose/a.md".into(),
                file("# Aims\n\nSee é @tbl-x here.  \n"),
            )],
        };
        let (source, span) = files
            .locate(&Origin::text("prose/a.md", 3, 7), None)
            .unwrap();
        assert_eq!(&source.text[span], "@tbl-x here.");
        let (source, span) = files
            .locate(&Origin::text("prose/a.md", 3, 8).with_length(5), None)
            .unwrap();
        assert_eq!(&source.text[span], "tbl-x");
        assert!(
            files
                .locate(&Origin::text("prose/other.md", 1, 1), None)
                .is_none()
        );
        assert!(
            files
                .locate(&Origin::text("prose/a.md", 40, 1), None)
                .is_none()
        );
    }

    #[test]
    fn a_data_origin_follows_its_path_in_the_right_file() {
        let files = SectionFiles {
            data: Some(file(
                "[[measures]]\nname = \"a\"\n\n[[measures]]\nname = \"b\"\n",
            )),
            prose: Vec::new(),
        };
        let shared = file("[[strands]]\nid = \"race\"\n");
        let (source, span) = files
            .locate(&Origin::data("measures[1].name"), Some(&shared))
            .unwrap();
        assert_eq!(&source.text[span], "\"b\"");
        let (source, span) = files
            .locate(&Origin::data("shared.strands[0].id"), Some(&shared))
            .unwrap();
        assert_eq!(&source.text[span], "\"race\"");
    }
}
