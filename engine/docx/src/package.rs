//! The package layer: takes docx-rs's parts, mends them, and writes a
//! deterministic, compressed zip.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::document::Built;
use crate::xml::{self, Element};
use crate::{DocxError, RenderContext};

mod fixes;

/// One part of the package.
pub struct Part {
    /// Its name in the zip (`word/document.xml`).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Packs docx-rs's output, applies every fix, and zips it again.
pub fn finish(built: Built, input: RenderContext<'_>) -> Result<Vec<u8>, DocxError> {
    let mut raw = Cursor::new(Vec::new());
    built
        .docx
        .build()
        .pack(&mut raw)
        .map_err(|e| DocxError::Package(e.to_string()))?;
    let mut parts = read_parts(&raw.into_inner())?;
    fixes::apply(&mut parts, &built.fixups, input)?;
    write_parts(&parts)
}

/// Reads every entry of a zip.
pub fn read_parts(bytes: &[u8]) -> Result<Vec<Part>, DocxError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Package(e.to_string()))?;
    let mut parts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| DocxError::Package(e.to_string()))?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)
            .map_err(|e| DocxError::Package(e.to_string()))?;
        parts.push(Part {
            name: file.name().to_string(),
            bytes: data,
        });
    }
    Ok(parts)
}

/// Writes parts as a zip: `[Content_Types].xml` first, then the rest by
/// name; every entry deflated and dated 1980-01-01, so equal parts give
/// equal bytes.
pub fn write_parts(parts: &[Part]) -> Result<Vec<u8>, DocxError> {
    let mut order: Vec<&Part> = parts.iter().collect();
    order.sort_by(|a, b| {
        (a.name != "[Content_Types].xml", &a.name).cmp(&(b.name != "[Content_Types].xml", &b.name))
    });
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for part in order {
        zip.start_file(part.name.as_str(), options)
            .map_err(|e| DocxError::Package(e.to_string()))?;
        zip.write_all(&part.bytes)
            .map_err(|e| DocxError::Package(e.to_string()))?;
    }
    let cursor = zip
        .finish()
        .map_err(|e| DocxError::Package(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// Parses a part as XML.
pub fn parse_part(part: &Part) -> Result<Element, DocxError> {
    xml::parse(&part.bytes).map_err(|message| DocxError::Xml {
        part: part.name.clone(),
        message,
    })
}
