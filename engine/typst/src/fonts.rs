//! Fonts come from the style's font folder, so output never depends on the
//! machine. Typst's embedded fonts follow as a fallback for missing glyphs.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

use crate::TypstError;

/// Loads every `.ttf`, `.otf`, `.ttc` and `.otc` in `dir` (sorted by name, so
/// the font order is stable), then the embedded fallback fonts.
pub fn load(dir: &Path) -> Result<FontStore, TypstError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        TypstError::message(format!(
            "the style's font folder `{}` cannot be read: {e}",
            dir.display()
        ))
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            })
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(TypstError::message(format!(
            "the style's font folder `{}` holds no fonts",
            dir.display()
        )));
    }
    let mut store = FontStore::new();
    for path in paths {
        let data = std::fs::read(&path).map_err(|e| {
            TypstError::message(format!("cannot read the font `{}`: {e}", path.display()))
        })?;
        let fonts: Vec<Font> = Font::iter(Bytes::new(data)).collect();
        if fonts.is_empty() {
            return Err(TypstError::message(format!(
                "`{}` is not a font Typst can read",
                path.display()
            )));
        }
        store.extend(fonts.into_iter().map(|f| {
            let info = f.info().clone();
            (f, info)
        }));
    }
    store.extend(typst_kit::fonts::embedded());
    Ok(store)
}
