//! End to end: charts declared in section data are drawn once and appear
//! in both outputs — vector graphics in the PDF, a print-resolution picture
//! with alternative text written from the data in the Word copy — numbered
//! and captioned alike, followed by their data as a table.

use crate::common;

use common::{copy_project, docx_part, edit, fails_with, pdf_text, quire};

/// Every value the first chart of the shipped strategy shows, as the text
/// writes them (from `sections/data/baseline.toml`).
const INCIDENTS: [&str; 6] = ["1,046", "912", "58", "97", "4,870", "5,640"];

fn built() -> tempfile::TempDir {
    let p = copy_project();
    let out = quire(p.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

#[test]
fn the_pdf_has_the_charts_as_numbered_vector_figures_with_their_data() {
    let p = built();
    let pdf = p.path().join("out/hate-crime-strategy.pdf");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Figure 1: Incidents recorded by the police in Southwark, by strand"),
        "{text}"
    );
    assert!(text.contains("Figure 2: Sanction detection rates in Southwark, by strand"));
    assert!(text.contains("illustrative figures, not from a published source"));
    assert!(text.contains("Incidents recorded by the police in Southwark, by strand: the figures"));
    // Drawn as vector graphics: the PDF holds no raster image at all.
    let bytes = std::fs::read(&pdf).unwrap();
    let raster = bytes.windows(13).filter(|w| w == b"/Subtype /Ima").count()
        + bytes.windows(12).filter(|w| w == b"/Subtype/Ima").count();
    assert_eq!(raster, 0, "charts must not be raster images in the PDF");
}

#[test]
fn the_word_copy_has_the_charts_as_pictures_with_alt_text_from_the_data() {
    let p = built();
    let docx = std::fs::read(p.path().join("out/hate-crime-strategy.docx")).unwrap();
    let parts = quire_docx::package::read_parts(&docx).unwrap();
    let pngs = parts
        .iter()
        .filter(|part| part.name.starts_with("word/media/") && part.bytes.starts_with(b"\x89PNG"))
        .count();
    assert_eq!(pngs, 2, "one picture per chart");
    let document = docx_part(&docx, "word/document.xml");
    let descr = document
        .split("descr=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|d| d.contains("Incidents recorded by the police"))
        .unwrap_or_else(|| panic!("no alt text for the incidents chart"));
    for value in INCIDENTS.iter().chain(&[
        "Race crime",
        "Homophobic crime",
        "Domestic violence",
        "2000/01",
        "2003/04",
    ]) {
        assert!(descr.contains(value), "alt text lacks {value}: {descr}");
    }
    // The caption's number is a field whose result is the PDF's number.
    let xml = roxmltree::Document::parse(&document).unwrap();
    let text: String = xml
        .descendants()
        .filter(|n| n.has_tag_name("t"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("Figure 1: Incidents recorded by the police"),
        "the caption carries the same number"
    );
    assert!(
        document.contains(" SEQ Figure "),
        "the number is a SEQ field"
    );
}

#[test]
fn a_chart_naming_a_measure_that_does_not_exist_is_an_error_at_its_line() {
    let p = copy_project();
    edit(
        &p.path().join("sections/data/baseline.toml"),
        "\"homophobic-incidents\", \"dv-incidents\"]",
        "\"homophobic-incidents\", \"dv-incidentz\"]",
    );
    fails_with(
        p.path(),
        &[
            "sections/data/baseline.toml:",
            "charts[0].measures[2]",
            "no measure has the id `dv-incidentz`",
        ],
    );
}
