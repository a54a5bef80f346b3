//! End to end: every kind of bad input gets a clear error that names the
//! file, line and column (and field), the build exits 1, and no output is
//! written.

use crate::common;

use std::path::Path;

use common::{copy_project, edit, fails_with};

/// The `file:line:col` of the first `needle` in a project file, as the
/// error should print it.
fn position_of(project: &Path, file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(project.join(file)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{file}:{line}:{column}")
}

#[test]
fn malformed_toml() {
    let p = copy_project();
    let file = "sections/data/plan.toml";
    edit(&p.path().join(file), "title = ", "title = = ");
    let line = position_of(p.path(), file, "title = = ");
    let line = line.rsplit_once(':').unwrap().0;
    fails_with(p.path(), &["this TOML is not valid", line]);
}

#[test]
fn missing_data_file() {
    let p = copy_project();
    edit(
        &p.path().join("sections/quire.toml"),
        "data = \"data/plan.toml\"",
        "data = \"data/plans.toml\"",
    );
    let at = position_of(p.path(), "sections/quire.toml", "\"data/plans.toml\"");
    fails_with(
        p.path(),
        &["the data file `data/plans.toml` does not exist", &at],
    );
}

#[test]
fn wrong_type_names_the_field_path() {
    let p = copy_project();
    let file = "sections/data/baseline.toml";
    let text = std::fs::read_to_string(p.path().join(file)).unwrap();
    let first = text
        .lines()
        .find(|l| l.starts_with("latest = "))
        .unwrap()
        .to_string();
    edit(&p.path().join(file), &first, "latest = \"lots\"");
    let at = position_of(p.path(), file, "\"lots\"");
    fails_with(
        p.path(),
        &[
            "field `groups[0].measures[0].latest`: should be a number, not the text \"lots\"",
            &at,
        ],
    );
}

#[test]
fn unknown_field_is_underlined() {
    let p = copy_project();
    let file = "sections/shared.toml";
    edit(
        &p.path().join(file),
        "statement = \"\"\"",
        "statment = \"\"\"",
    );
    let at = position_of(p.path(), file, "statment");
    fails_with(
        p.path(),
        &[
            "unknown field `statment`",
            "the fields here are",
            &at,
            "^^^^^^^^",
        ],
    );
}

#[test]
fn unknown_plugin_lists_the_known_ones() {
    let p = copy_project();
    edit(
        &p.path().join("sections/quire.toml"),
        "plugin = \"baseline\"",
        "plugin = \"basline\"",
    );
    let at = position_of(p.path(), "sections/quire.toml", "\"basline\"");
    fails_with(
        p.path(),
        &[
            "there is no plugin called `basline`",
            "did you mean `baseline`?",
            "aims, baseline,",
            &at,
        ],
    );
}

#[test]
fn handlebars_error_points_at_the_template_line() {
    let p = copy_project();
    let file = "sections/prose/introduction.md";
    edit(
        &p.path().join(file),
        "## Purpose of this strategy",
        "## Purpose of this strategy\n\nBy {{meta.editor}}.",
    );
    let at = position_of(p.path(), file, "{{meta.editor}}");
    let line = at.rsplit_once(':').unwrap().0;
    fails_with(p.path(), &["template:", "meta.editor", line]);
}

/// Fails like [`fails_with`], and neither panics nor aborts.
fn fails_cleanly(project: &Path, expected: &[&str]) {
    let stderr = fails_with(project, expected);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("overflow"), "{stderr}");
}

#[test]
fn a_triple_stash_is_refused_at_its_expression() {
    let p = copy_project();
    let file = "sections/prose/foreword.md";
    edit(
        &p.path().join(file),
        "**{{shared.partnership.chair}}**",
        "**{{{shared.partnership.chair}}}**",
    );
    let at = position_of(p.path(), file, "{{{shared");
    fails_cleanly(p.path(), &["`{{{…}}}`", &at, "use `{{…}}`"]);
}

#[test]
fn a_partial_that_includes_itself_is_an_error_not_a_stack_overflow() {
    let p = copy_project();
    let file = "sections/prose/foreword.md";
    // Its own name: once, it would have included itself for ever.
    edit(
        &p.path().join(file),
        "# Foreword {.unnumbered}",
        "# Foreword {.unnumbered}\n\n{{> sections/prose/foreword.md}} {{> prose/foreword.md}}",
    );
    let at = position_of(p.path(), file, "{{> sections");
    fails_cleanly(p.path(), &["partials", &at]);
}

#[test]
fn two_templates_that_include_each_other_are_errors_not_a_stack_overflow() {
    let p = copy_project();
    for (file, other) in [
        ("sections/prose/foreword.md", "prose/introduction.md"),
        ("sections/prose/introduction.md", "prose/foreword.md"),
    ] {
        let text = std::fs::read_to_string(p.path().join(file)).unwrap();
        std::fs::write(
            p.path().join(file),
            format!("{{{{> {other}}}}}\n{{{{> sections/{other}}}}}\n\n{text}"),
        )
        .unwrap();
    }
    fails_cleanly(
        p.path(),
        &[
            "partials",
            "sections/prose/foreword.md:1:1",
            "sections/prose/introduction.md:1:1",
        ],
    );
}

#[test]
fn loops_over_big_lists_stop_at_the_output_bound_not_the_memory() {
    let p = copy_project();
    let list: Vec<String> = (0..2000).map(|i| i.to_string()).collect();
    let shared = p.path().join("sections/shared.toml");
    let text = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(&shared, format!("numbers = [{}]\n{text}", list.join(", "))).unwrap();
    let file = "sections/prose/foreword.md";
    edit(
        &p.path().join(file),
        "# Foreword {.unnumbered}",
        // Each pass prints some 15 bytes, so the text reaches its bound
        // (8 MiB) before the loops reach theirs (a million passes:
        // `runaway.rs`).
        "# Foreword {.unnumbered}\n\n{{#each shared.numbers}}{{#each ../shared.numbers}}{{#each ../../shared.numbers}}{{this}} {{this}} {{this}} {{/each}}{{/each}}{{/each}}",
    );
    let line = position_of(p.path(), file, "{{#each shared");
    let line = line.rsplit_once(':').unwrap().0;
    fails_cleanly(p.path(), &["over 8 MiB", line]);
}

#[test]
fn dangling_reference_suggests_the_label() {
    let p = copy_project();
    let file = "sections/prose/introduction.md";
    edit(
        &p.path().join(file),
        "## Purpose of this strategy",
        "## Purpose of this strategy\n\nSee @sec-overveiw.",
    );
    let at = position_of(p.path(), file, "sec-overveiw");
    fails_with(
        p.path(),
        &[
            "`@sec-overveiw` points at no heading",
            "did you mean `@sec-overview`?",
            &at,
        ],
    );
}

#[test]
fn duplicate_label_points_at_the_author_s_label() {
    let p = copy_project();
    let file = "sections/prose/introduction.md";
    edit(
        &p.path().join(file),
        "## Purpose of this strategy",
        "## Purpose of this strategy {#sec-overview}",
    );
    let at = position_of(p.path(), file, "sec-overview}");
    fails_with(p.path(), &["the label `sec-overview` is used twice", &at]);
}

#[test]
fn every_independent_error_is_reported() {
    let p = copy_project();
    edit(
        &p.path().join("sections/data/plan.toml"),
        "title = ",
        "title = = ",
    );
    edit(
        &p.path().join("sections/shared.toml"),
        "statement = \"\"\"",
        "statment = \"\"\"",
    );
    edit(
        &p.path().join("sections/quire.toml"),
        "plugin = \"baseline\"",
        "plugin = \"basline\"",
    );
    let stderr = fails_with(
        p.path(),
        &[
            "sections/data/plan.toml:",
            "sections/shared.toml:",
            "sections/quire.toml:",
        ],
    );
    assert!(stderr.contains("stopped with 3 errors"), "{stderr}");
}

#[test]
fn a_path_outside_the_project_is_refused() {
    let p = copy_project();
    edit(
        &p.path().join("sections/quire.toml"),
        "data = \"data/plan.toml\"",
        "data = \"../../etc/passwd\"",
    );
    fails_with(p.path(), &["is outside the project folder"]);
}
