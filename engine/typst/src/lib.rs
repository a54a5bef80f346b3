//! The Typst back end: the document model and the house style go to Typst as
//! **data** (two JSON files in an in-memory world), never as markup; the
//! house Typst template in `styles/` turns them into pages; `typst-pdf`
//! writes a tagged PDF with the fonts embedded.
//!
//! Because every string from the model reaches Typst inside JSON, text full
//! of Typst syntax (`#`, `$`, `*`, `<label>`) is typeset literally.

mod diagnostics;
mod fallback;
mod fonts;
mod renderer;
mod where_written;
mod world;

use std::path::{Path, PathBuf};

pub use diagnostics::TypstError;
pub use fallback::fallback_warnings;
use quire_files::ProjectRoot;
use quire_render::RenderContext;
pub use quire_render::{Conformance, Diagnostic};
use quire_style::running::Piece;
pub use renderer::Pdf;
use typst::diag::Warned;
use typst::foundations::{Datetime, Smart};
pub use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
pub use world::QuireWorld;

/// The Typst sources Quire emits for a document: the main file, and the two
/// JSON files it reads. With the template, they compile on their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmittedSources {
    /// `main.typ`: imports the template and applies it to the data.
    pub main: String,
    /// The document model as JSON.
    pub document_json: String,
    /// The house style, with values worked out for the template, as JSON.
    pub style_json: String,
    /// The template's path inside the project (`/styles/quire.typ`).
    pub template: String,
    /// Font folder of the style.
    pub fonts_dir: PathBuf,
}

/// Works out the Typst sources for a document.
pub fn emit(input: RenderContext<'_>) -> Result<EmittedSources, TypstError> {
    let template_path = quire_path(
        input.files,
        &input.style_dir.join(&input.style.template),
        "template",
    )?;
    let logo = match &input.style.logo {
        Some(logo) => Some(quire_path(
            input.files,
            &input.style_dir.join(logo),
            "logo",
        )?),
        None => None,
    };
    let meta = input.document.meta();
    let (lang, region) = match meta.language.split_once('-') {
        Some((l, r)) => (l.to_ascii_lowercase(), Some(r.to_ascii_lowercase())),
        None => (meta.language.to_ascii_lowercase(), None),
    };
    // The running header's and footer's patterns, read once here (the same
    // pieces the Word copy uses): the template fills in the values.
    let running = &input.style.running;
    let pieces = |pattern: &str| -> Vec<serde_json::Value> {
        quire_style::running::pieces(pattern)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => serde_json::json!({ "text": text }),
                Piece::Title => serde_json::json!({ "field": "title" }),
                Piece::Version => serde_json::json!({ "field": "version" }),
                Piece::Date => serde_json::json!({ "field": "date" }),
                Piece::Author => serde_json::json!({ "field": "author" }),
                Piece::Organisation => serde_json::json!({ "field": "organisation" }),
                Piece::Page => serde_json::json!({ "field": "page" }),
                Piece::Pages => serde_json::json!({ "field": "pages" }),
            })
            .collect()
    };
    let settings = serde_json::json!({
        "running": {
            "header_left": pieces(&running.header_left),
            "header_right": pieces(&running.header_right),
            "footer_left": pieces(&running.footer_left),
            "footer_right": pieces(&running.footer_right),
        },
        "style": input.style,
        // The classes that carry structure (landscape pages, verbatim
        // text), named as the model names them; their looks are in
        // `style.classes` like every other class's.
        "class": {
            "wide": quire_model::class::WIDE,
            "code": quire_model::class::CODE,
            "numbered": quire_model::class::NUMBERED,
            "title_page": quire_model::class::TITLE_PAGE,
        },
        // The lengths and looks every output shares, lengths in points.
        "layout": input.layout,
        // Two of them as templates written before the layout model read
        // them (a project's `quire.typ` is its own copy).
        "numbered_indent": input.layout.numbered_indent,
        "plain_callout": input.layout.plain_callout,
        "date": input.display_date,
        "ymd": ymd(&meta.date),
        "lang": lang,
        "region": region,
        "logo": logo,
    });
    let mut document = serde_json::to_value(input.document.document())
        .map_err(|e| TypstError::message(format!("cannot serialise the model: {e}")))?;
    let mut settings = settings;
    lists_as_templates_read_them(&mut document);
    drop_forbidden_characters(&mut document);
    drop_forbidden_characters(&mut settings);
    let document_json = document.to_string();
    let style_json = settings.to_string();
    let main = format!(
        "#import {template:?}: render\n#render(json(\"{doc}\"), json(\"{style}\"))\n",
        template = template_path,
        doc = world::DOCUMENT_PATH,
        style = world::STYLE_PATH,
    );
    // The fonts come from inside the project, like everything else.
    let fonts_dir = input.style_dir.join(&input.style.fonts_dir);
    Ok(EmittedSources {
        main,
        document_json,
        style_json,
        template: template_path,
        fonts_dir,
    })
}

/// Gives every bulleted list the shape templates read: its items alone
/// (`"c": [[…], […]]`). The model's list became an object with an origin
/// (`"c": {"items": …, "at": …}`, ABI 2.2), but a project's `quire.typ` is
/// its own copy, written by the `quire init` of its day: the template's
/// data stays in the shape it was written against, and it has no use for
/// origins.
fn lists_as_templates_read_them(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("bullet_list")
                && let Some(Value::Object(list)) = map.get_mut("c")
                && let Some(items) = list.remove("items")
            {
                map.insert("c".into(), items);
            }
            map.values_mut().for_each(lists_as_templates_read_them);
        }
        Value::Array(items) => items.iter_mut().for_each(lists_as_templates_read_them),
        _ => {}
    }
}

/// Removes every character XML 1.0 forbids from the strings of a JSON
/// value, whatever put them there: Typst writes them into the PDF's XMP
/// metadata and refuses them in text. The engine cleans the model before
/// rendering (`quire_model::xml_chars`); this is the last line.
fn drop_forbidden_characters(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            quire_model::xml_chars::clean_line(s);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_forbidden_characters),
        serde_json::Value::Object(map) => map.values_mut().for_each(drop_forbidden_characters),
        _ => {}
    }
}

/// A path inside the project as Typst sees it (`/styles/quire.typ`).
fn quire_path(files: &ProjectRoot, path: &Path, what: &str) -> Result<String, TypstError> {
    let real = files.resolve(path).map_err(|e| {
        TypstError::message(format!(
            "the style's {what} `{}` cannot be used: {e}",
            path.display()
        ))
    })?;
    Ok(virtual_path(files, &real))
}

/// The path Typst gives a real path inside the project folder.
fn virtual_path(files: &ProjectRoot, real: &Path) -> String {
    let rel = real.strip_prefix(files.path()).unwrap_or(real);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("/{}", parts.join("/"))
}

fn ymd(iso: &str) -> Option<(i32, u8, u8)> {
    let mut parts = iso.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next().and_then(|d| d.parse().ok()).unwrap_or(1);
    Some((y, m, d))
}

/// Typesets a document into pages.
pub fn compile(world: &QuireWorld) -> Result<(PagedDocument, Vec<Diagnostic>), TypstError> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    let warnings = diagnostics::convert(world, &warnings);
    match output {
        Ok(doc) => Ok((doc, warnings)),
        Err(errors) => Err(TypstError::from(diagnostics::convert(world, &errors))),
    }
}

/// The page number of each heading the contents list, in the contents'
/// order, as the PDF's contents print them (the template leaves them as
/// metadata labelled `quire-contents-pages`); empty if the document has no
/// contents. The Word copy's contents carry the same numbers.
pub fn contents_pages(pages: &PagedDocument) -> Vec<String> {
    use typst::foundations::{Label, Repr, Value};
    use typst::introspection::Introspector;
    use typst::introspection::MetadataElem;
    use typst::utils::PicoStr;
    let Some(label) = Label::new(PicoStr::intern("quire-contents-pages")) else {
        return Vec::new();
    };
    let Ok(found) = pages.introspector().query_label(label) else {
        return Vec::new();
    };
    let Some(meta) = found.to_packed::<MetadataElem>() else {
        return Vec::new();
    };
    match &meta.value {
        Value::Array(numbers) => numbers
            .iter()
            .map(|n| match n {
                Value::Str(s) => s.to_string(),
                other => other.repr().to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The standards of `conformance`, as Typst's exporter names them: PDF/UA-1
/// (accessible: tagged, titled, with alternative text, headings in order)
/// unless turned off; PDF/A-2b (archival) when asked. Typst checks each
/// while exporting, and any breach is an error. The PDF is tagged either way.
fn standards(conformance: Conformance) -> Result<PdfStandards, TypstError> {
    let mut list = Vec::new();
    if conformance.accessible {
        list.push(PdfStandard::Ua_1);
    }
    if conformance.archival {
        list.push(PdfStandard::A_2b);
    }
    PdfStandards::new(&list).map_err(|e| {
        TypstError::message(format!(
            "these PDF standards cannot be combined: {}",
            e.message()
        ))
    })
}

/// Writes typeset pages as a tagged PDF of the `conformance` standards. The creation date (the document's
/// `YYYY-MM-DD` date) and the document id are given, so building twice gives
/// the same bytes.
pub fn export_pdf(
    pages: &PagedDocument,
    date: &str,
    ident: &str,
    conformance: Conformance,
) -> Result<Vec<u8>, TypstError> {
    let timestamp = ymd(date)
        .and_then(|(y, m, d)| Datetime::from_ymd(y, m, d))
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        timestamp,
        tagged: true,
        standards: standards(conformance)?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(pages, &options).map_err(|errors| diagnostics::convert_detached(&errors))
}

/// Emits, typesets and exports in one go. Returns the PDF bytes and Typst's warnings.
pub fn render_pdf(
    input: RenderContext<'_>,
    ident: &str,
) -> Result<(Vec<u8>, Vec<Diagnostic>), TypstError> {
    let sources = emit(input)?;
    let world = QuireWorld::new(input.files, sources, input.images)?;
    let (pages, warnings) = compile(&world)?;
    let pdf = export_pdf(
        &pages,
        &input.document.meta().date,
        ident,
        Conformance::default(),
    )?;
    Ok((pdf, warnings))
}

#[cfg(test)]
mod tests;
