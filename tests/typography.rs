//! End to end: the typography authors never have to think about. A
//! character the style's fonts cannot draw is a warning where it was
//! written, naming it and the font, in `check` and `build` alike; and
//! both outputs set quotation marks and apostrophes typographically, but
//! leave code as written.

use crate::common;

use common::{copy_project, docx_part, edit, quire};

/// The foreword's fifth line, whose eleventh character an edit below
/// makes one the house fonts do not have.
const FOREWORD_LINE: &str = "Southwark is one of the most diverse places";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_character_the_house_fonts_lack_is_a_warning_at_its_line_and_column() {
    let p = copy_project();
    let root = p.path();
    edit(
        &root.join("sections/prose/foreword.md"),
        FOREWORD_LINE,
        "Southwark ‣ is one of the most diverse places",
    );
    // In a heading: the bold face is the one asked.
    edit(
        &root.join("sections/data/plan.toml"),
        "title = \"Implementation plan\"",
        "title = \"Implementation plan ‣\"",
    );
    let prose = "sections/prose/foreword.md:5:11: warning: `‣` (U+2023) is not in Liberation Sans, the style's font for this text";
    let data = "sections/data/plan.toml:6:30: warning: `‣` (U+2023) is not in Liberation Sans Bold, the style's font for this text";

    let check = quire(root, &["--message-format", "short", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let said = stderr(&check);
    assert!(said.contains(prose), "{said}");
    assert!(said.contains(data), "{said}");
    // Once each, though the document and its profile both hold them.
    assert_eq!(said.matches("(U+2023)").count(), 2, "{said}");

    let build = quire(root, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let said = stderr(&build);
    assert!(
        said.contains("warning: `‣` (U+2023) is not in Liberation Sans, the style's font")
            && said.contains("--> sections/prose/foreword.md:5:11")
            && said.contains("add a font that has it to the style's font folder"),
        "{said}"
    );

    // `--quiet` keeps warnings, as it does every other warning.
    let quiet = quire(root, &["--quiet", "--message-format", "short", "build"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(quiet.stdout.is_empty());
    assert!(stderr(&quiet).contains(prose), "{}", stderr(&quiet));
}

#[test]
fn a_character_no_font_has_fails_the_pdf_pointing_where_it_was_written() {
    let p = copy_project();
    let root = p.path();
    edit(
        &root.join("sections/prose/foreword.md"),
        FOREWORD_LINE,
        "Southwark 中 is one of the most diverse places",
    );
    let check = quire(root, &["--message-format", "short", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("sections/prose/foreword.md:5:11: warning: `中` (U+4E2D)"),
        "{}",
        stderr(&check)
    );
    // PDF/UA-1 refuses a character it cannot show; the error says where.
    common::fails_with(
        root,
        &[
            "the PDF cannot show `中` (U+4E2D)",
            "`中` is first written at sections/prose/foreword.md:5:11",
        ],
    );
}

/// Whether `text` has a straight apostrophe between two letters.
fn straight_apostrophe_in_a_word(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).find_map(|w| {
        (w[1] == '\'' && w[0].is_alphabetic() && w[2].is_alphabetic()).then(|| w.iter().collect())
    })
}

#[test]
fn both_outputs_have_typographic_apostrophes_but_code_keeps_its_own() {
    if !common::tool("pdftotext", &["-v"]) {
        return;
    }
    let p = copy_project();
    let root = p.path();
    // Code keeps its straight apostrophe.
    common::append(
        &root.join("sections/prose/foreword.md"),
        "\nThe partners' shared file is `it's-list.csv`.\n",
    );
    common::builds(root);
    let out = root.join("out");
    let pdf = out.join("hate-crime-strategy.pdf");
    let status = std::process::Command::new("pdftotext")
        .args([pdf.as_os_str(), out.join("text.txt").as_os_str()])
        .status()
        .unwrap();
    assert!(status.success());
    let pdf_text = std::fs::read_to_string(out.join("text.txt")).unwrap();
    let docx = std::fs::read(out.join("hate-crime-strategy.docx")).unwrap();
    let word = docx_part(&docx, "word/document.xml");
    for (what, text) in [("PDF", pdf_text), ("Word", word)] {
        assert!(text.contains("it's-list.csv"), "{what}: the code");
        assert!(text.contains("partners’ shared file"), "{what}");
        assert!(text.contains("people’s services"), "{what}: a data field");
        let outside_code = text.replacen("it's-list.csv", "", 1);
        assert_eq!(
            straight_apostrophe_in_a_word(&outside_code),
            None,
            "{what} has a straight apostrophe"
        );
    }
}

#[test]
fn a_character_the_template_or_typst_sets_in_a_fallback_font_is_a_warning() {
    let p = copy_project();
    let root = p.path();
    let template = root.join("styles/quire.typ");
    let house_markers = "marker: ([•], [–], [◦])";
    edit(&template, house_markers, "marker: ([•], [‣], [◦])");
    // Where the template writes it: found in the file, not assumed.
    let text = std::fs::read_to_string(&template).unwrap();
    let (line, at) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("[‣]").map(|at| (i + 1, l[..at].chars().count() + 2)))
        .unwrap();
    let build = quire(root, &["--message-format", "short", "build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let said = stderr(&build);
    let expected = format!(
        "styles/quire.typ:{line}:{at}: warning: the PDF sets `‣` (U+2023) in Libertinus Serif, one of Typst's own fonts"
    );
    assert!(said.contains(&expected), "{expected} in:\n{said}");

    // Typst's own default marker is the same `‣`: a warning with no place.
    edit(&template, "marker: ([•], [‣], [◦])", "marker: ([•],)");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, text.replace(", marker: ([•],).map(hung)", "")).unwrap();
    let build = quire(root, &["--message-format", "short", "build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stderr(&build)
            .contains("warning: the PDF sets `‣` (U+2023) in Libertinus Serif, one of Typst's own fonts: the style's fonts do not have it"),
        "{}",
        stderr(&build)
    );

    // The house template draws every character in the house fonts.
    let clean = copy_project();
    let build = quire(clean.path(), &["build"]);
    assert!(build.status.success());
    assert!(
        !stderr(&build).contains("Typst's own fonts"),
        "{}",
        stderr(&build)
    );
}

#[cfg(unix)]
#[test]
fn watch_warns_about_a_character_the_house_fonts_lack() {
    let p = copy_project();
    edit(
        &p.path().join("sections/prose/foreword.md"),
        FOREWORD_LINE,
        "Southwark ‣ is one of the most diverse places",
    );
    let out = common::first_watch(p.path(), &["--message-format", "short"]);
    let said = stderr(&out);
    assert!(
        said.contains(
            "sections/prose/foreword.md:5:11: warning: `‣` (U+2023) is not in Liberation Sans"
        ),
        "{said}"
    );
}
