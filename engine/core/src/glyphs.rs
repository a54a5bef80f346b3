//! Characters the style's fonts cannot draw, told where they were written.
//!
//! Typst sets a character its font lacks in one of its own fallback fonts
//! (a serif `‣` among sans-serif text) or, when none has it, cannot show
//! it at all; Word substitutes whatever font it finds. Either way the page
//! no longer looks like the house style, and nothing said so. Before
//! anything is typeset, every character of the resolved document is
//! looked up in the face the style sets it in — the body, heading or mono
//! family, bold or italic as the text is — and each one missing is a
//! warning at the file, line and column where it was first written, naming
//! the character and the face. A character another font of the style's
//! folder has (one added for it, as the warning advises) is not one.

use std::collections::HashSet;
use std::ops::Range;

use quire_files::FONT_FILE;
use quire_model::class;
use quire_model::resolve::Part;
use quire_model::resolved::{Block, Document, Inline};
use quire_style::Style;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// One face of a font file in the style's font folder.
#[derive(Debug)]
pub struct Face {
    /// Its family (`Liberation Sans`).
    pub family: String,
    /// Whether it is a bold face.
    pub bold: bool,
    /// Whether it is an italic face.
    pub italic: bool,
    /// The characters it has a glyph for.
    coverage: HashSet<u32>,
}

impl Face {
    /// Reads face `index` of a font file; `None` if it is not a font.
    pub fn parse(data: &[u8], index: u32) -> Option<Face> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let family = family_name(&face)?;
        let mut coverage = HashSet::new();
        if let Some(cmap) = face.tables().cmap {
            for table in cmap.subtables {
                if table.is_unicode() {
                    table.codepoints(|c| {
                        if table.glyph_index(c).is_some_and(|g| g.0 != 0) {
                            coverage.insert(c);
                        }
                    });
                }
            }
        }
        Some(Face {
            family,
            bold: face.is_bold(),
            italic: face.is_italic() || face.is_oblique(),
            coverage,
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.coverage.contains(&u32::from(c))
    }

    /// The face's name as a reader knows it: `Liberation Sans Bold Italic`.
    pub fn name(&self) -> String {
        let style = match (self.bold, self.italic) {
            (false, false) => "",
            (true, false) => " Bold",
            (false, true) => " Italic",
            (true, true) => " Bold Italic",
        };
        format!("{}{style}", self.family)
    }
}

/// The typographic family name (name ID 16), else the family (ID 1).
fn family_name(face: &ttf_parser::Face) -> Option<String> {
    let names = face.names();
    let find = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    find(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(ttf_parser::name_id::FAMILY))
}

/// The faces of the style's font folder. A folder that cannot be read, or
/// a file that is no font, gives no faces: typesetting reports those.
pub fn style_faces(project: &crate::Project) -> Vec<Face> {
    let dir = project.style_dir().join(&project.style.fonts_dir);
    let Ok(paths) = project.root.font_files(&dir) else {
        return Vec::new();
    };
    let mut faces = Vec::new();
    for path in paths {
        let Ok(data) = project.root.read(&path, FONT_FILE) else {
            continue;
        };
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        faces.extend((0..count).filter_map(|i| Face::parse(&data, i)));
    }
    faces
}

/// Which of the style's families a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Body,
    Headings,
    Mono,
}

/// How a run of text is set: its family, bold, italic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Setting {
    family: Family,
    bold: bool,
    italic: bool,
}

impl Setting {
    const BODY: Setting = Setting {
        family: Family::Body,
        bold: false,
        italic: false,
    };

    fn bold(self) -> Setting {
        Setting { bold: true, ..self }
    }

    fn italic(self) -> Setting {
        Setting {
            italic: true,
            ..self
        }
    }

    fn mono(self) -> Setting {
        Setting {
            family: Family::Mono,
            ..self
        }
    }
}

/// The face of `faces` the style sets `setting` in: the family's face
/// with the same weight and slant, else its nearest (regular first).
fn face_for<'a>(faces: &'a [Face], style: &Style, setting: Setting) -> Option<&'a Face> {
    let family = match setting.family {
        Family::Body => &style.fonts.body,
        Family::Headings => &style.fonts.headings,
        Family::Mono => &style.fonts.mono,
    };
    let of_family: Vec<&Face> = faces
        .iter()
        .filter(|f| f.family.eq_ignore_ascii_case(family))
        .collect();
    let score =
        |f: &Face| u8::from(f.bold != setting.bold) * 2 + u8::from(f.italic != setting.italic);
    of_family.into_iter().min_by_key(|f| score(f))
}

/// Characters with no glyph of their own, which no font is asked to draw:
/// white space, joiners, direction marks, variation selectors.
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{34F}'
                | '\u{61C}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A character a face lacks, and where in the document it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The top-level block it is in (`None`: the document's metadata).
    pub block: Option<(Part, usize)>,
    /// The character.
    pub character: char,
    /// The face that lacks it (`Liberation Sans Bold`).
    pub face: String,
}

/// Every character of `document` that the face the style sets it in
/// lacks, and no other face of the style's folder has, once per top-level
/// block, character and face, in reading order.
pub fn missing(document: &Document, style: &Style, faces: &[Face]) -> Vec<Missing> {
    let mut found: Vec<Missing> = Vec::new();
    let mut check = |block: Option<(Part, usize)>, text: &str, setting: Setting| {
        let Some(face) = face_for(faces, style, setting) else {
            return;
        };
        for c in text.chars() {
            // A font the style's folder adds for such characters (the
            // remedy the warning gives) is where Typst finds them.
            if !needs_no_glyph(c) && !face.has(c) && !faces.iter().any(|f| f.has(c)) {
                let m = Missing {
                    block,
                    character: c,
                    face: face.name(),
                };
                if !found.contains(&m) {
                    found.push(m);
                }
            }
        }
    };
    let meta = &document.meta;
    let title = Setting {
        family: Family::Headings,
        bold: true,
        italic: false,
    };
    check(None, &meta.title, title);
    check(None, &meta.author, Setting::BODY.bold());
    for text in [&meta.subtitle, &meta.organisation].into_iter().flatten() {
        check(None, text, Setting::BODY);
    }
    check(None, &meta.version, Setting::BODY);
    for (part, blocks) in [
        (Part::Front, &document.front),
        (Part::Body, &document.body),
        (Part::Appendices, &document.appendices),
    ] {
        for (index, block) in blocks.iter().enumerate() {
            let at = Some((part, index));
            walk_block(block, Setting::BODY, &mut |text, setting| {
                check(at, text, setting)
            });
        }
    }
    found
}

/// Hands `f` every piece of text in `block` with how it is set, as the
/// house template sets it: headings in the heading family and bold,
/// header cells, captions, terms and box titles bold, code in mono.
fn walk_block(block: &Block, setting: Setting, f: &mut dyn FnMut(&str, Setting)) {
    let blocks = |bs: &[Block], setting: Setting, f: &mut dyn FnMut(&str, Setting)| {
        for b in bs {
            walk_block(b, setting, f);
        }
    };
    match block {
        Block::Paragraph { content, class, .. } => {
            let setting = if class.as_deref() == Some(class::CODE) {
                setting.mono()
            } else {
                setting
            };
            walk_inlines(content, setting, f);
        }
        Block::Heading(h) => {
            let setting = Setting {
                family: Family::Headings,
                bold: true,
                italic: false,
            };
            if let Some(number) = &h.number {
                f(number, setting);
            }
            walk_inlines(&h.content, setting, f);
        }
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            for item in items {
                blocks(item, setting, f);
            }
        }
        Block::DefinitionList(definitions) => {
            for d in definitions {
                walk_inlines(&d.term, setting.bold(), f);
                blocks(&d.details, setting, f);
            }
        }
        Block::Table(table) => {
            if let Some(caption) = &table.caption {
                walk_inlines(caption, setting.bold(), f);
            }
            for row in &table.header {
                for cell in &row.cells {
                    blocks(&cell.content, setting.bold(), f);
                }
            }
            for row in &table.body {
                for cell in &row.cells {
                    blocks(&cell.content, setting, f);
                }
            }
            blocks(&table.notes, setting, f);
        }
        Block::Figure(figure) => walk_inlines(&figure.caption, setting.bold(), f),
        Block::Quote {
            blocks: quoted,
            attribution,
        } => {
            blocks(quoted, setting, f);
            if let Some(a) = attribution {
                walk_inlines(a, setting, f);
            }
        }
        Block::Callout {
            title,
            blocks: inside,
            ..
        } => {
            if let Some(t) = title {
                walk_inlines(t, setting.bold(), f);
            }
            blocks(inside, setting, f);
        }
        Block::Div { blocks: inside, .. } => blocks(inside, setting, f),
        Block::PageBreak => {}
    }
}

fn walk_inlines(inlines: &[Inline], setting: Setting, f: &mut dyn FnMut(&str, Setting)) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => f(t, setting),
            Inline::Code(t) => f(t, setting.mono()),
            Inline::Emph(c) => walk_inlines(c, setting.italic(), f),
            Inline::Strong(c) => walk_inlines(c, setting.bold(), f),
            Inline::Link { content, .. } | Inline::Span { content, .. } => {
                walk_inlines(content, setting, f)
            }
            Inline::Ref { target, .. } => {
                if let Some(t) = target {
                    f(&t.display, setting);
                }
            }
            Inline::Footnote(note) => {
                for b in note {
                    walk_block(b, Setting::BODY, f);
                }
            }
            Inline::LineBreak => {}
        }
    }
}

/// The warning for `missing`, at the first place in `files` (in order)
/// where the character is written; `None` if none holds it as written.
pub fn warning(missing: &Missing, files: &[&SourceFile]) -> Option<Diagnostic> {
    let c = missing.character;
    let (file, span) = files.iter().find_map(|file| {
        let at = file.text.find(c)?;
        Some((*file, at..at + c.len_utf8()))
    })?;
    Some(warning_at(missing, file, span))
}

/// The warning for `missing`, at `span` of `file`.
pub fn warning_at(missing: &Missing, file: &SourceFile, span: Range<usize>) -> Diagnostic {
    unplaced(missing).at(file, span)
}

/// The warning for `missing`, naming no place.
pub fn unplaced(missing: &Missing) -> Diagnostic {
    let c = missing.character;
    Diagnostic::warning(format!(
        "`{c}` (U+{:04X}) is not in {}, the style's font for this text: the PDF sets it in another font, or cannot show it",
        u32::from(c),
        missing.face
    ))
    .with_hint(
        "write a character the font has, or add a font that has it to the style's font folder (`fonts_dir` in the style file; `styles/fonts` in the shipped style)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_model::{Heading, Meta, NoCharts, ResolveOptions, resolve, text};

    fn liberation(file: &str) -> Face {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../styles/fonts")
            .join(file);
        Face::parse(&std::fs::read(path).unwrap(), 0).unwrap()
    }

    #[test]
    fn a_face_knows_its_family_style_and_characters() {
        let bold = liberation("LiberationSans-Bold.ttf");
        assert_eq!(bold.name(), "Liberation Sans Bold");
        assert!(bold.has('a') && bold.has('’') && bold.has('•') && bold.has('–'));
        assert!(!bold.has('‣') && !bold.has('中'));
    }

    #[test]
    fn each_character_is_checked_in_the_face_its_text_is_set_in() {
        let faces = vec![
            liberation("LiberationSans-Regular.ttf"),
            liberation("LiberationSans-Bold.ttf"),
            liberation("LiberationMono-Regular.ttf"),
        ];
        let house = concat!(env!("CARGO_MANIFEST_DIR"), "/../../styles/house.toml");
        let style = Style::from_toml(&std::fs::read_to_string(house).unwrap()).unwrap();
        let mut document = quire_model::Document::new(Meta {
            title: "Plan 中".into(),
            ..Meta::default()
        });
        document.body = vec![
            quire_model::Block::Heading(Heading::new(1, text("Aims ‣"))),
            quire_model::Block::paragraph(vec![
                quire_model::Inline::Text("plain “text” • – ".into()),
                quire_model::Inline::Code("x ‣".into()),
            ]),
        ];
        let (resolved, _) = resolve(document, ResolveOptions::default(), &NoCharts);
        let found = missing(resolved.document(), &style, &faces);
        let said = found
            .iter()
            .map(|m| (m.block, m.character, m.face.as_str()))
            .collect::<Vec<_>>();
        assert_eq!(
            said,
            [
                (None, '中', "Liberation Sans Bold"),
                (Some((Part::Body, 0)), '‣', "Liberation Sans Bold"),
                (Some((Part::Body, 1)), '‣', "Liberation Mono"),
            ]
        );
        let file = SourceFile {
            shown: "prose/a.md".into(),
            text: "# Aims\n\nA list ‣ here\n".into(),
        };
        let w = warning(&found[1], &[&file]).unwrap();
        assert_eq!(
            w.message,
            "`‣` (U+2023) is not in Liberation Sans Bold, the style's font for this text: the PDF sets it in another font, or cannot show it"
        );
        let at = w.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (3, 8));
        assert!(warning(&found[0], &[&file]).is_none());
    }
}
