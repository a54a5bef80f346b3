use super::*;

const SHIPPED: &str = include_str!("../../../styles/house.toml");

#[test]
fn chart_palettes_must_stand_out_from_the_page_and_from_each_other() {
    let shipped = r##"palette = ["#14213d", "#a0451a", "#2f9e8f"]"##;
    assert!(
        SHIPPED.contains(shipped),
        "the shipped palette line changed"
    );
    let with = |palette: &str| {
        Style::from_toml(&SHIPPED.replace(shipped, &format!("palette = {palette}")))
    };
    assert!(with(r##"["#14213d", "#a0451a", "#2f9e8f"]"##).is_ok());
    let pale = with(r##"["#14213d", "#f0c0a0"]"##).unwrap_err().to_string();
    assert!(
        pale.contains("charts.palette[1]") && pale.contains("3:1"),
        "{pale}"
    );
    let alike = with(r##"["#a0451a", "#9a4a1c"]"##).unwrap_err().to_string();
    assert!(alike.contains("greyscale"), "{alike}");
}

#[test]
fn the_shipped_style_parses_and_reads_well() {
    let style = Style::from_toml(SHIPPED).unwrap();
    assert!(style.sizes.body >= 12.0, "GOV.UK asks for 12pt or more");
    assert!(style.text_contrast() >= 7.0, "AAA contrast for body text");
    let accent = parse_hex(&style.colours.accent).unwrap();
    assert!(
        contrast(accent, (255, 255, 255)) >= 4.5,
        "headings need AA contrast"
    );
    let header = parse_hex(&style.colours.table_header).unwrap();
    assert!(contrast(parse_hex(&style.colours.text).unwrap(), header) >= 4.5);
}

#[test]
fn bad_values_name_their_field() {
    let bad = SHIPPED.replacen("accent = \"", "accent = \"x", 1);
    let err = Style::from_toml(&bad).unwrap_err();
    assert!(
        err.to_string().starts_with("field `colours.accent`"),
        "{err}"
    );
    let bad = SHIPPED.replacen("margin_top = \"", "margin_top = \"ten ", 1);
    assert!(
        Style::from_toml(&bad)
            .unwrap_err()
            .to_string()
            .contains("is not a length")
    );
}

#[test]
fn a_vocabulary_changes_only_the_words_it_gives() {
    assert_eq!(
        Style::from_toml(SHIPPED).unwrap().vocabulary,
        Vocabulary::default()
    );
    let style = Style::from_toml(&format!(
        "{SHIPPED}\n[vocabulary]\ntable = \"Tabell\"\ncontents = \"Innhold\"\n"
    ))
    .unwrap();
    assert_eq!(style.vocabulary.table, "Tabell");
    assert_eq!(style.vocabulary.contents, "Innhold");
    assert_eq!(style.vocabulary.figure, "Figure");
}

#[test]
fn bad_vocabulary_is_refused() {
    let with = |words: &str| {
        Style::from_toml(&format!("{SHIPPED}\n[vocabulary]\n{words}\n"))
            .unwrap_err()
            .to_string()
    };
    let unknown = with("tabel = \"Tabell\"");
    assert!(unknown.contains("unknown field `tabel`"), "{unknown}");
    let empty = with("figure = \" \"");
    assert!(empty.starts_with("field `vocabulary.figure`"), "{empty}");
    let broken = with("contents = \"Con\\ntents\"");
    assert!(
        broken.starts_with("field `vocabulary.contents`"),
        "{broken}"
    );
    let percent = with("appendix = \"%1 Annex\"");
    assert!(
        percent.starts_with("field `vocabulary.appendix`"),
        "{percent}"
    );
    assert!(
        Style::from_toml(&format!(
            "{SHIPPED}\n[vocabulary]\ncaption_separator = \" \"\n"
        ))
        .is_ok(),
        "a separator may be a space"
    );
}

#[test]
fn the_contents_depth_is_two_unless_given_and_one_to_six() {
    let with = |line: &str| Style::from_toml(&SHIPPED.replacen("contents_depth = 2\n", line, 1));
    assert_eq!(with("").unwrap().headings.contents_depth, 2);
    let depth = |d: u8| with(&format!("contents_depth = {d}\n"));
    assert_eq!(depth(3).unwrap().headings.contents_depth, 3);
    let err = depth(7).unwrap_err().to_string();
    assert!(err.starts_with("field `headings.contents_depth`"), "{err}");
}

#[test]
fn text_below_aa_contrast_is_refused_naming_the_colour() {
    let style = Style::from_toml(SHIPPED).unwrap();
    let faint = SHIPPED.replacen(
        &format!("table_header = \"{}\"", style.colours.table_header),
        "table_header = \"#777777\"",
        1,
    );
    assert_ne!(faint, SHIPPED, "the shipped style sets table_header");
    let err = Style::from_toml(&faint).unwrap_err().to_string();
    assert!(err.starts_with("field `colours.table_header`"), "{err}");
    assert!(err.contains("text in table header rows"), "{err}");
    assert!(err.contains("4.5:1"), "{err}");
}

const COMMITTEE: &str = include_str!("../../../styles/committee.toml");

/// The shipped style with `entry` (a `[classes.x]` table) at its end.
fn with_class(entry: &str) -> Result<Style, StyleError> {
    Style::from_toml(&format!("{SHIPPED}\n{entry}\n"))
}

#[test]
fn the_shipped_styles_give_every_class_the_sections_use_a_look() {
    for (name, source) in [("house", SHIPPED), ("committee", COMMITTEE)] {
        let style = Style::from_toml(source).unwrap();
        for class in quire_model::class::ALL {
            // Structural classes (landscape pages, numbered paragraphs…)
            // are drawn whether or not the style gives them a look.
            if quire_model::class::STRUCTURAL.contains(&class) {
                continue;
            }
            assert!(style.look(class).is_some(), "{name}: no [classes.{class}]");
        }
    }
    let house = Style::from_toml(SHIPPED).unwrap();
    let group = house.look(quire_model::class::GROUP).unwrap();
    // Named colours are resolved when the style is read.
    assert_eq!(group.background.as_deref(), Some("#eef2f6"));
    assert!(group.bold);
    assert!(house.look(quire_model::class::ILLUSTRATIVE).unwrap().italic);
    assert_eq!(house.look("no-such-class"), None);
}

#[test]
fn a_class_look_reads_every_key() {
    let style = with_class(
        r##"[classes.box]
background = "#fff8dc"
colour = "accent"
border_left = { width = "3pt", colour = "#00447c" }
border = { width = "1mm", colour = "rule" }
padding = "6pt"
text_size = 11.5
italic = true
bold = true
space_before = "2mm"
space_after = "12pt""##,
    )
    .unwrap();
    let look = style.look("box").unwrap();
    assert_eq!(look.background.as_deref(), Some("#fff8dc"));
    assert_eq!(look.colour.as_deref(), Some("#00447c"));
    let left = look.border_left.as_ref().unwrap();
    assert_eq!((left.width.pt(), left.colour.as_str()), (3.0, "#00447c"));
    let border = look.border.as_ref().unwrap();
    assert!((border.width.pt() - 72.0 / 25.4).abs() < 1e-9);
    assert_eq!(border.colour, "#7a7a7a");
    assert_eq!(look.padding.map(Length::pt), Some(6.0));
    assert_eq!(look.text_size, Some(11.5));
    assert!(look.italic && look.bold);
    assert!((look.space_before.unwrap().pt() - 2.0 * 72.0 / 25.4).abs() < 1e-9);
    assert_eq!(look.space_after.map(Length::pt), Some(12.0));
    // An empty entry is a look with nothing added.
    let plain = with_class("[classes.plain]").unwrap();
    assert_eq!(plain.look("plain"), Some(&Look::default()));
}

#[test]
fn an_unknown_key_in_a_class_is_an_error_at_its_line() {
    let source =
        format!("{SHIPPED}\n[classes.box]\nbackground = \"#ffffff\"\nshade = \"#eeeeee\"\n");
    let Err(StyleError::Toml(err)) = Style::from_toml(&source) else {
        panic!("an unknown key must be refused");
    };
    assert!(err.message().contains("unknown field `shade`"), "{err}");
    let span = err.span().expect("the error points into the file");
    let line = source[..span.start].lines().count() + 1;
    let expected = source.lines().position(|l| l.starts_with("shade")).unwrap() + 1;
    assert_eq!(line, expected, "{err}");
    // So is a rule with a key it does not have.
    let rule = with_class("[classes.box]\nborder = { width = \"1pt\", color = \"#000000\" }")
        .unwrap_err()
        .to_string();
    assert!(rule.contains("unknown field `color`"), "{rule}");
}

#[test]
fn bad_class_values_name_their_field() {
    let err = |entry: &str| with_class(entry).unwrap_err().to_string();
    let colour = err("[classes.box]\nbackground = \"pale blue\"");
    assert!(
        colour.contains("the name of one under [colours]"),
        "{colour}"
    );
    for (entry, field) in [
        ("background = \"pale blue\"", "classes.box.background"),
        (
            "border_left = { width = \"3pt\", colour = \"#12345\" }",
            "classes.box.border_left.colour",
        ),
        ("text_size = 200", "classes.box.text_size"),
        (
            "border = { width = \"20pt\", colour = \"accent\" }",
            "classes.box.border.width",
        ),
        ("padding = \"2cm\"", "classes.box.padding"),
    ] {
        let message = err(&format!("[classes.box]\n{entry}"));
        assert!(
            message.starts_with(&format!("field `{field}`")),
            "{message}"
        );
    }
    let length = err("[classes.box]\nspace_after = \"12\"");
    assert!(length.contains("is not a length"), "{length}");
    let name = err("[classes.\"two words\"]\nbold = true");
    assert!(name.starts_with("field `classes.two words`"), "{name}");
}

#[test]
fn class_text_below_aa_contrast_is_refused_naming_the_colour() {
    let faint = with_class("[classes.aside]\ncolour = \"#999999\"")
        .unwrap_err()
        .to_string();
    assert!(faint.starts_with("field `classes.aside.colour`"), "{faint}");
    assert!(faint.contains("text of the `aside` class"), "{faint}");
    let dark = with_class("[classes.aside]\nbackground = \"#555555\"")
        .unwrap_err()
        .to_string();
    assert!(
        dark.starts_with("field `classes.aside.background`"),
        "{dark}"
    );
    assert!(with_class("[classes.aside]\ncolour = \"#ffffff\"\nbackground = \"#00447c\"").is_ok());
    let style = Style::from_toml(SHIPPED).unwrap();
    let meta = style
        .contrasts()
        .into_iter()
        .find(|c| c.field == "classes.meta.colour")
        .expect("the meta class's grey is checked");
    assert!(meta.ratio >= 4.5, "{meta:?}");
}

#[test]
fn every_value_that_cannot_be_used_is_reported_at_once() {
    let bad = SHIPPED
        .replacen("accent = \"", "accent = \"x", 1)
        .replacen("numbered_depth = ", "numbered_depth = 9", 1)
        .replacen("body = 12", "body = 200", 1);
    let bad = format!("{bad}\n[vocabulary]\nfigure = \" \"\n");
    let Err(StyleError::Invalid(problems)) = Style::from_toml(&bad) else {
        panic!("the style must be refused");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "colours.accent",
            "sizes.body",
            "headings.numbered_depth",
            "vocabulary.figure"
        ],
        "{problems:?}"
    );
}

#[test]
fn each_faint_colour_and_each_bad_heading_size_is_its_own_problem() {
    let faint = with_class(
        "[classes.faint]\ncolour = \"#999999\"\n[classes.dark]\nbackground = \"#555555\"\ntext_size = 1",
    );
    let Err(StyleError::Invalid(problems)) = faint else {
        panic!("the style must be refused");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "classes.dark.text_size",
            "classes.dark.background",
            "classes.faint.colour"
        ]
    );
    let sizes = SHIPPED.replacen("headings = [", "headings = [1, 200, ", 1);
    let err = Style::from_toml(&sizes);
    let Err(StyleError::Invalid(problems)) = err else {
        panic!("{err:?}");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["sizes.headings[0]", "sizes.headings[1]"]);
}

#[test]
fn the_schema_describes_every_field_the_style_reads() {
    let schema = Style::schema();
    let schema = schema.as_value();
    let properties = |at: &str| -> Vec<String> {
        let mut keys: Vec<String> = schema
            .pointer(at)
            .and_then(|p| p.as_object())
            .unwrap_or_else(|| panic!("no {at}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let mut style = Style::from_toml(SHIPPED).unwrap();
    style.logo = Some("logo.svg".into());
    let style = toml::Value::try_from(style).unwrap();
    let mut written: Vec<String> = style.as_table().unwrap().keys().cloned().collect();
    written.sort();
    assert_eq!(properties("/properties"), written);
    assert_eq!(schema["additionalProperties"], false);
    let words = schema["properties"]["vocabulary"]["$ref"].as_str().unwrap();
    let mut vocabulary: Vec<String> = Vocabulary::default()
        .entries()
        .map(|(k, _)| k.to_string())
        .to_vec();
    vocabulary.sort();
    assert_eq!(
        properties(&format!("{}/properties", words.trim_start_matches('#'))),
        vocabulary
    );
    assert_eq!(
        schema["properties"]["template"]["description"],
        "The Typst template, relative to the style file."
    );
}

#[test]
fn contrast_matches_wcag_examples() {
    assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    assert!((contrast((255, 255, 255), (255, 255, 255)) - 1.0).abs() < 1e-9);
}
