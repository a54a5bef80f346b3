//! Profiles: front sections, output name and style, and their errors, on a
//! small project in a temporary folder built by a stub plugin.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_model::resolved;
use quire_model::{Block, Heading, text};
use quire_wire::{PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse};
use serde::Deserialize;

use super::*;

const HOUSE: &str = include_str!("../../../../styles/house.toml");
const COMMITTEE: &str = include_str!("../../../../styles/committee.toml");
const SHIPPED_MANIFEST: &str = include_str!("../../../../sections/quire.toml");

const MANIFEST: &str = r#"
[document]
title = "Strategy"
author = "Partnership"
date = "2004-06-30"
language = "en-GB"
version = "1.0"

[project]
style = "house.toml"

[output]
name = "strategy"

[[sections]]
id = "one"
plugin = "stub"
data = "data/one.toml"

[[sections]]
id = "two"
plugin = "stub"
data = "data/two.toml"

[profiles.committee]
output = "strategy-committee"
style = "committee.toml"
front = [
  { id = "report", plugin = "stub", data = "data/report.toml" },
]

[profiles.plain]
output = "strategy-plain"
"#;

/// A section plugin for tests: a level-1 heading labelled with the section's
/// label and a level-2 heading under it, numbered or not.
struct Stub;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StubData {
    title: String,
    #[serde(default = "yes")]
    numbered: bool,
}

fn yes() -> bool {
    true
}

/// The stub's data as a plugin reads it: serde's first error, at the path
/// of its field.
fn stub_data(data: &Json) -> Result<StubData, PluginError> {
    serde_path_to_error::deserialize(data).map_err(|e| PluginError::Data {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })
}

impl SectionPlugin for Stub {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("stub", "0", "test sections").needs_data()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data = stub_data(&request.data)?;
        let mut top = Heading::new(1, text(&data.title)).with_label(request.section.label.clone());
        let mut sub = Heading::new(2, text("Part"));
        if !data.numbered {
            top = top.unnumbered();
            sub = sub.unnumbered();
        }
        Ok(SectionResponse::new(vec![
            Block::Heading(top),
            Block::Heading(sub),
        ]))
    }
}

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(Arc::new(Stub));
    registry
}

/// A project folder holding `MANIFEST` (edited by `edit`), both styles and
/// the three data files.
fn project(edit: impl FnOnce(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("quire.toml", &edit(MANIFEST));
    write("house.toml", HOUSE);
    write("committee.toml", COMMITTEE);
    write("data/one.toml", "title = \"One\"\n");
    write("data/two.toml", "title = \"Two\"\n");
    write("data/report.toml", "title = \"Report\"\nnumbered = false\n");
    let manifest = dir.path().join("quire.toml");
    (dir, manifest)
}

fn unchanged(text: &str) -> String {
    text.to_string()
}

/// Every heading of the front matter and the body: its text and its number.
fn headings(assembled: &Assembled) -> Vec<(String, Option<String>)> {
    let doc = &assembled.document;
    doc.front()
        .iter()
        .chain(doc.body())
        .filter_map(|b| match b {
            resolved::Block::Heading(h) => {
                Some((resolved::Inline::plain_text(&h.content), h.number.clone()))
            }
            _ => None,
        })
        .collect()
}

fn errors(manifest: &Path, profile: Option<&str>) -> Vec<Diagnostic> {
    assemble_profile(manifest, &registry(), profile)
        .map(|_| ())
        .unwrap_err()
        .0
}

fn n(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn a_profile_puts_its_front_sections_first() {
    let (_dir, manifest) = project(unchanged);
    let assembled = assemble_profile(&manifest, &registry(), Some("committee")).unwrap();
    assert!(
        !assembled.document.front().is_empty(),
        "front sections are front matter"
    );
    assert_eq!(
        headings(&assembled),
        [
            ("Report".to_string(), None),
            ("Part".to_string(), None),
            ("One".to_string(), n("1")),
            ("Part".to_string(), n("1.1")),
            ("Two".to_string(), n("2")),
            ("Part".to_string(), n("2.1")),
        ]
    );
    let project = &assembled.project;
    assert_eq!(project.name, "strategy-committee");
    assert_eq!(project.profile.as_deref(), Some("committee"));
    assert!(
        project
            .output("pdf")
            .ends_with("out/strategy-committee.pdf")
    );
    let ids: Vec<&str> = project
        .sections()
        .iter()
        .map(|s| s.id.get_ref().as_str())
        .collect();
    assert_eq!(ids, ["report", "one", "two"]);
}

#[test]
fn a_profile_reads_its_own_style() {
    let (_dir, manifest) = project(unchanged);
    let assembled = assemble_profile(&manifest, &registry(), Some("committee")).unwrap();
    assert!(assembled.project.style_path.ends_with("committee.toml"));
    assert_eq!(
        assembled.project.style,
        quire_style::Style::from_toml(COMMITTEE).unwrap()
    );
}

#[test]
fn a_profile_without_a_style_keeps_the_manifests() {
    let (_dir, manifest) = project(unchanged);
    let assembled = assemble_profile(&manifest, &registry(), Some("plain")).unwrap();
    assert!(assembled.project.style_path.ends_with("house.toml"));
    assert_eq!(assembled.project.name, "strategy-plain");
    assert_eq!(headings(&assembled).len(), 4);
}

#[test]
fn without_a_profile_the_manifest_is_built_as_written() {
    let (_dir, manifest) = project(unchanged);
    let assembled = assemble(&manifest, &registry()).unwrap();
    assert_eq!(assembled.project.name, "strategy");
    assert_eq!(assembled.project.profile, None);
    assert!(assembled.project.style_path.ends_with("house.toml"));
    assert_eq!(
        headings(&assembled)[0],
        ("One".to_string(), n("1")),
        "no front sections"
    );
}

#[test]
fn an_unknown_profile_lists_the_profiles() {
    let (_dir, manifest) = project(unchanged);
    let ds = errors(&manifest, Some("comittee"));
    assert_eq!(ds.len(), 1);
    let d = &ds[0];
    assert!(
        d.message.contains(
            "no profile called `comittee`; the manifest's profiles are: committee, plain"
        ),
        "{}",
        d.message
    );
    assert_eq!(d.hint(), Some("did you mean `committee`?"));
    assert!(d.file.as_ref().unwrap().ends_with("quire.toml"));
}

#[test]
fn an_unknown_profile_is_reported_with_the_manifests_other_problems() {
    let (_dir, manifest) = project(|m| m.replace("2004-06-30", "30 June 2004"));
    let ds = errors(&manifest, Some("comittee"));
    let messages: Vec<&str> = ds.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("no profile called `comittee`"));
    assert!(messages[1].starts_with("field `document.date`"));
}

#[test]
fn a_manifest_without_profiles_says_so() {
    let (_dir, manifest) = project(|m| m[..m.find("[profiles.committee]").unwrap()].to_string());
    let ds = errors(&manifest, Some("committee"));
    assert!(
        ds[0].message.contains("the manifest has no profiles"),
        "{}",
        ds[0].message
    );
}

#[test]
fn front_sections_report_errors_like_any_other() {
    let (dir, manifest) = project(|m| m.replace("data/two.toml", "data/three.toml"));
    std::fs::write(dir.path().join("data/report.toml"), "titel = \"Report\"\n").unwrap();
    let ds = errors(&manifest, Some("committee"));
    let messages: Vec<String> = ds.iter().map(ToString::to_string).collect();
    assert_eq!(ds.len(), 2, "{messages:#?}");
    assert!(
        ds[0]
            .message
            .starts_with("section `report`: field `titel`: unknown field `titel`"),
        "{}",
        ds[0]
    );
    assert!(ds[0].file.as_ref().unwrap().ends_with("data/report.toml"));
    assert_eq!(ds[0].location.as_ref().unwrap().line, 1);
    assert!(
        ds[1].message.contains("`data/three.toml` does not exist"),
        "{}",
        ds[1]
    );
    // Without the profile, the front section is not built at all.
    assert_eq!(errors(&manifest, None).len(), 1);
}

#[test]
fn front_section_ids_share_the_documents_ids() {
    let (_dir, manifest) = project(|m| m.replace("{ id = \"report\"", "{ id = \"one\""));
    let ds = errors(&manifest, Some("committee"));
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_eq!(ds[0].message, "two sections have the id `one`");
    let at = ds[0].location.as_ref().unwrap();
    assert_eq!(
        (at.line, at.line_text.trim()),
        (
            29,
            r#"{ id = "one", plugin = "stub", data = "data/report.toml" },"#
        )
    );
    assert!(ds[0].hint().unwrap().contains("front sections"));
}

#[test]
fn a_bad_profile_style_is_pointed_at() {
    let (dir, manifest) = project(unchanged);
    let bad = COMMITTEE.replacen("accent = \"#", "accent = \"#zz", 1);
    std::fs::write(dir.path().join("committee.toml"), bad).unwrap();
    let ds = errors(&manifest, Some("committee"));
    assert!(
        ds[0].message.starts_with("field `colours.accent`"),
        "{}",
        ds[0]
    );
    assert!(ds[0].file.as_ref().unwrap().ends_with("committee.toml"));
    // The manifest's own build does not read the profile's style.
    assert!(assemble(&manifest, &registry()).is_ok());

    let (_dir, manifest) = project(|m| m.replace("\"committee.toml\"", "\"missing.toml\""));
    let ds = errors(&manifest, Some("committee"));
    assert!(
        ds[0]
            .message
            .contains("the style file `missing.toml` does not exist"),
        "{}",
        ds[0]
    );
    assert!(ds[0].file.as_ref().unwrap().ends_with("quire.toml"));
}

#[test]
fn a_bad_profile_output_name_is_pointed_at() {
    let (_dir, manifest) = project(|m| m.replace("\"strategy-committee\"", "\"out/x\""));
    let ds = errors(&manifest, Some("committee"));
    assert_eq!(
        ds[0].message,
        "field `profiles.committee.output`: `out/x` is not a file name"
    );
    assert_eq!(
        ds[0].location.as_ref().unwrap().line_text,
        "output = \"out/x\""
    );
}

#[test]
fn the_committee_style_is_arial_12pt() {
    let style = quire_style::Style::from_toml(COMMITTEE).unwrap();
    let house = quire_style::Style::from_toml(HOUSE).unwrap();
    // Liberation Sans is metric-compatible with Arial.
    assert_eq!(style.fonts.body, "Liberation Sans");
    assert_eq!(style.fonts.headings, "Liberation Sans");
    assert_eq!((style.sizes.body, style.sizes.table), (12.0, 12.0));
    assert!(style.text_contrast() >= 7.0);
    // The appended strategy's chapters start new pages, as in the strategy.
    assert!(style.headings.break_before_chapter);
    // Same template and fonts as the house style, found next to it.
    assert_eq!(
        (&style.template, &style.fonts_dir),
        (&house.template, &house.fonts_dir)
    );
    for text in [
        &style.running.header_left,
        &style.running.header_right,
        &style.running.footer_left,
        &style.running.footer_right,
    ] {
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("closed placeholder") + open;
            let name = &rest[open + 1..close];
            assert!(
                [
                    "title",
                    "author",
                    "organisation",
                    "version",
                    "date",
                    "page",
                    "pages"
                ]
                .contains(&name),
                "unknown placeholder `{{{name}}}`"
            );
            rest = &rest[close + 1..];
        }
    }
}

#[test]
fn the_shipped_manifest_has_the_committee_profile() {
    let manifest: Manifest = toml::from_str(SHIPPED_MANIFEST).unwrap();
    let profile = &manifest.profiles["committee"];
    assert_eq!(profile.output.get_ref(), "hate-crime-strategy-committee");
    assert_eq!(
        profile.style.as_ref().unwrap().get_ref(),
        "../styles/committee.toml"
    );
    let front: Vec<(&str, &str)> = profile
        .front
        .iter()
        .map(|s| {
            (
                s.plugin.get_ref().as_str(),
                s.data.as_ref().unwrap().get_ref().as_str(),
            )
        })
        .collect();
    assert_eq!(front, [("committee", "data/committee.toml")]);
}

/// A plugin that makes control characters of its own: U+0001 and U+000B
/// after the title.
struct Noisy;

impl SectionPlugin for Noisy {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("noisy", "0", "control characters").needs_data()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data = stub_data(&request.data)?;
        let title = format!("{}\u{1}\u{B}made", data.title);
        Ok(SectionResponse::new(vec![Block::Heading(
            Heading::new(1, text(&title)).with_label(request.section.label.clone()),
        )]))
    }
}

#[test]
fn characters_a_plugin_makes_are_cleaned_and_the_plugin_named() {
    let (_dir, manifest) = project(|m| {
        m.replace(
            "plugin = \"stub\"\ndata = \"data/two.toml\"",
            "plugin = \"noisy\"\ndata = \"data/two.toml\"",
        )
    });
    let mut registry = registry();
    registry.register(Arc::new(Noisy));
    let assembled = assemble(&manifest, &registry).unwrap();
    let [warning] = about_characters(&assembled.warnings)[..] else {
        panic!("{:?}", assembled.warnings)
    };
    assert!(
        warning
            .message
            .starts_with("section `two`: the `noisy` plugin gave 1 character(s)"),
        "{}",
        warning.message
    );
    assert_eq!(
        warning.location.as_ref().unwrap().line,
        22,
        "the section's `plugin` line"
    );
    let resolved::Block::Heading(h) = &assembled.document.body()[2] else {
        panic!("{:?}", assembled.document.body())
    };
    assert_eq!(
        h.content,
        vec![
            resolved::Inline::Text("Two".into()),
            resolved::Inline::LineBreak,
            resolved::Inline::Text("made".into())
        ]
    );
}

/// The warnings other than the stub sections' empty headings (a stub
/// section is a heading alone).
fn about_characters(warnings: &[Diagnostic]) -> Vec<&Diagnostic> {
    warnings
        .iter()
        .filter(|w| !w.message.contains("has nothing under it"))
        .collect()
}

#[test]
fn characters_in_the_manifest_s_document_table_are_reported_and_cleaned() {
    let (_dir, manifest) = project(|m| {
        m.replace(
            "title = \"Strategy\"",
            "title = \"Strat\\u0007egy\\u000Bnow\"",
        )
    });
    let assembled = assemble(&manifest, &registry()).unwrap();
    let [warning] = about_characters(&assembled.warnings)[..] else {
        panic!("{:?}", assembled.warnings)
    };
    assert!(
        warning
            .message
            .starts_with("field `document.title`: the character U+0007 "),
        "{}",
        warning.message
    );
    assert_eq!(warning.location.as_ref().unwrap().line, 3);
    assert_eq!(assembled.document.meta().title, "Strategy now");
}

/// The messages and lines of a style's errors, as the project reports them.
fn style_problems(text: &str) -> Vec<(String, usize)> {
    let file = SourceFile {
        shown: "house.toml".into(),
        text: text.into(),
    };
    let error = Style::from_toml(text).unwrap_err();
    project::style_errors(&file, &error)
        .into_iter()
        .map(|d| (d.message, d.location.map_or(0, |l| l.line)))
        .collect()
}

fn line_of(text: &str, start: &str) -> usize {
    text.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

#[test]
fn every_shape_error_in_a_style_is_reported_at_its_line() {
    let text = HOUSE
        .replacen("body = 12", "body = \"12pt\"", 1)
        .replacen("bold = true", "bold = \"yes\"", 1)
        .replacen("numbered_depth = ", "numbered_dept = ", 1);
    let problems = style_problems(&text);
    let fields: Vec<(&str, usize)> = problems
        .iter()
        .map(|(m, line)| (m.split(':').next().unwrap(), *line))
        .collect();
    assert_eq!(
        fields,
        [
            ("field `sizes.body`", line_of(&text, "body = \"12pt\"")),
            (
                "field `classes.group.bold`",
                line_of(&text, "bold = \"yes\"")
            ),
            (
                "field `headings.numbered_dept`",
                line_of(&text, "numbered_dept")
            ),
        ],
        "{problems:?}"
    );
}

#[test]
fn a_length_only_the_style_can_read_is_reported_as_it_says() {
    let text = HOUSE.replacen("margin_top = \"", "margin_top = \"ten ", 1);
    let problems = style_problems(&text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .0
            .starts_with("field `margin_top`: `ten 25mm` is not a length"),
        "{problems:?}"
    );
    assert_eq!(problems[0].1, line_of(&text, "margin_top"));
}

#[test]
fn every_value_a_style_cannot_use_is_reported_at_its_line() {
    let text = HOUSE
        .replacen("rule = \"#7a7a7a\"", "rule = \"grey\"", 1)
        .replacen("contents_depth = 2", "contents_depth = 0", 1);
    let problems = style_problems(&text);
    let lines: Vec<usize> = problems.iter().map(|(_, line)| *line).collect();
    assert_eq!(
        lines,
        [line_of(&text, "rule = "), line_of(&text, "contents_depth")],
        "{problems:?}"
    );
}

#[test]
fn a_length_only_the_style_can_read_is_reported_beside_the_shape_errors() {
    let text = HOUSE
        .replacen("margin_top = \"", "margin_top = \"ten ", 1)
        .replacen("body = 12", "body = \"12pt\"", 1);
    let problems = style_problems(&text);
    let lines: Vec<usize> = problems.iter().map(|(_, line)| *line).collect();
    assert_eq!(
        lines,
        [
            line_of(&text, "margin_top"),
            line_of(&text, "body = \"12pt\"")
        ],
        "{problems:?}"
    );
    assert!(
        problems[0]
            .0
            .starts_with("field `margin_top`: `ten 25mm` is not a length"),
        "{problems:?}"
    );
}
