//! The house fonts for the page: the style's font files (read from the
//! project, never fetched), each face the page uses cut down to the
//! characters it prints and inlined in the stylesheet as a data URL, so the
//! page looks as the PDF does and makes no request for its fonts.
//!
//! Subsetting is done by skera, the fontations project's port of
//! HarfBuzz's subsetter: it keeps what a browser needs (`cmap`, `OS/2`,
//! kerning and ligatures in `GPOS`/`GSUB`), which the PDF-only subsetter
//! Typst uses drops.

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine as _;
use quire_files::{FONT_FILE, ProjectRoot};
use read_fonts::collections::IntSet;
use read_fonts::tables::os2::SelectionFlags;
use read_fonts::types::NameId;
use read_fonts::{FontRef, TableProvider};

/// Why the house fonts could not be put in the page.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The font folder or a font in it could not be read.
    #[error("cannot read the font `{path}` for the HTML edition: {message}")]
    Read {
        /// The font file or folder.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A face could not be cut down to the page's characters.
    #[error("cannot cut the font `{path}` down to the page's characters: {message}")]
    Subset {
        /// The font file.
        path: String,
        /// What the subsetter said.
        message: String,
    },
}

/// One face of a family: the file it is in, whether it is bold and italic.
struct Face {
    path: String,
    bytes: Vec<u8>,
    family: String,
    bold: bool,
    italic: bool,
}

/// Reads the family name and style of a font file (the first font of a
/// collection). None when it is not a font the subsetter can read.
fn describe(bytes: &[u8]) -> Option<(String, bool, bool)> {
    let font = FontRef::new(bytes).ok()?;
    let name = font.name().ok()?;
    let data = name.string_data();
    let family = |id: NameId| {
        name.name_record()
            .iter()
            .filter(|r| r.name_id() == id)
            .find_map(|r| r.string(data).ok().map(|s| s.to_string()))
    };
    let family = family(NameId::TYPOGRAPHIC_FAMILY_NAME).or_else(|| family(NameId::FAMILY_NAME))?;
    let selection = font.os2().ok().map(|os2| os2.fs_selection());
    let bold = selection.is_some_and(|s| s.contains(SelectionFlags::BOLD));
    let italic = selection.is_some_and(|s| s.contains(SelectionFlags::ITALIC));
    Some((family, bold, italic))
}

/// The faces the page asks for: a family, bold and italic.
pub(crate) struct Wanted<'a> {
    /// Families, each with the (bold, italic) faces of it the page uses.
    pub faces: Vec<(&'a str, bool, bool)>,
}

/// `@font-face` rules for every face in `fonts_dir` that the page uses,
/// each cut down to `chars`. A family the folder lacks gets no rule (the
/// stylesheet's fallbacks then apply; the style check already warns about
/// fonts it cannot find).
pub(crate) fn font_faces(
    files: &ProjectRoot,
    fonts_dir: &Path,
    wanted: &Wanted<'_>,
    chars: &BTreeSet<char>,
) -> Result<String, FontError> {
    let read_error = |path: &Path, message: String| FontError::Read {
        path: path.display().to_string(),
        message,
    };
    let paths = files
        .font_files(fonts_dir)
        .map_err(|e| read_error(fonts_dir, e.to_string()))?;
    let mut faces = Vec::new();
    for path in paths {
        let bytes = files
            .read(&path, FONT_FILE)
            .map_err(|e| read_error(&path, e.to_string()))?;
        if let Some((family, bold, italic)) = describe(&bytes) {
            faces.push(Face {
                path: path.display().to_string(),
                bytes,
                family,
                bold,
                italic,
            });
        }
    }
    let unicodes: IntSet<u32> = chars.iter().map(|c| u32::from(*c)).collect();
    let mut css = String::new();
    let mut done = BTreeSet::new();
    for (family, bold, italic) in &wanted.faces {
        let Some(face) = faces
            .iter()
            .find(|f| f.family == *family && f.bold == *bold && f.italic == *italic)
        else {
            continue;
        };
        if !done.insert((face.family.clone(), face.bold, face.italic)) {
            continue;
        }
        let subset = subset(&face.bytes, &unicodes).map_err(|message| FontError::Subset {
            path: face.path.clone(),
            message,
        })?;
        let data = base64::engine::general_purpose::STANDARD.encode(subset);
        css.push_str(&format!(
            "@font-face {{ font-family: {}; font-weight: {}; font-style: {}; src: url(data:font/ttf;base64,{data}) format(\"truetype\"); }}\n",
            crate::css::family_name(&face.family),
            if face.bold { 700 } else { 400 },
            if face.italic { "italic" } else { "normal" },
        ));
    }
    Ok(css)
}

/// The font cut down to the characters `unicodes`, with the layout
/// features HarfBuzz keeps by default.
fn subset(bytes: &[u8], unicodes: &IntSet<u32>) -> Result<Vec<u8>, String> {
    let font = FontRef::new(bytes).map_err(|e| e.to_string())?;
    let mut drop_tables = IntSet::empty();
    drop_tables.extend(skera::DEFAULT_DROP_TABLES.iter().copied());
    let mut name_ids = IntSet::<NameId>::empty();
    // Copyright, family, style, identity, full name, version, PostScript
    // name, and the licence (the OFL asks that it travel with the font).
    for id in [0u16, 1, 2, 3, 4, 5, 6, 13, 14] {
        name_ids.insert(NameId::new(id));
    }
    let mut languages = IntSet::<u16>::empty();
    languages.insert(0x0409);
    let plan = skera::Plan::new(
        &IntSet::empty(),
        unicodes,
        &font,
        skera::SubsetFlags::default(),
        &drop_tables,
        &IntSet::all(),
        &skera::DEFAULT_LAYOUT_FEATURES.iter().copied().collect(),
        &name_ids,
        &languages,
    );
    skera::subset_font(&font, &plan).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn house_font(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../styles/fonts")
            .join(name);
        std::fs::read(path).unwrap()
    }

    #[test]
    fn faces_are_told_apart_by_family_weight_and_slope() {
        let regular = describe(&house_font("LiberationSans-Regular.ttf")).unwrap();
        assert_eq!(regular, ("Liberation Sans".into(), false, false));
        let bold_italic = describe(&house_font("LiberationSans-BoldItalic.ttf")).unwrap();
        assert_eq!(bold_italic, ("Liberation Sans".into(), true, true));
        assert!(describe(b"not a font").is_none());
    }

    #[test]
    fn a_subset_keeps_the_characters_asked_for_and_little_else() {
        let bytes = house_font("LiberationSans-Regular.ttf");
        let unicodes: IntSet<u32> = "Hate crime “strategy” 2004–2007"
            .chars()
            .map(u32::from)
            .collect();
        let small = subset(&bytes, &unicodes).unwrap();
        assert!(small.len() * 10 < bytes.len(), "{} bytes", small.len());
        let font = FontRef::new(&small).unwrap();
        let cmap = font.cmap().unwrap();
        for c in ['H', '“', '–', '7'] {
            assert!(cmap.map_codepoint(c).is_some(), "{c} is kept");
        }
        assert!(cmap.map_codepoint('Q').is_none(), "Q is dropped");
        assert!(font.os2().is_ok(), "browsers need OS/2");
    }
}
