//! The checks on values that parse but cannot be used: out of range, not
//! a colour, too faint, an empty word.

use crate::{Invalid, Look, Style, classes, contrast, parse_hex};

impl Style {
    /// Adds every value that cannot be used to `problems`; each check is
    /// independent of the others, except contrast, which is only worked
    /// out once every colour is one.
    pub(crate) fn check(&self, problems: &mut Vec<Invalid>) {
        let colours_read = problems.is_empty();
        let before = problems.len();
        for (key, value) in self.colours.entries() {
            if parse_hex(value).is_none() {
                problems.push(Invalid::new(
                    format!("colours.{key}"),
                    format!("`{value}` is not a colour: expected #rrggbb"),
                ));
            }
        }
        let colours_read = colours_read && problems.len() == before;
        for (name, look) in &self.classes {
            self.check_class(name, look, problems);
        }
        if colours_read {
            problems.extend(
                self.contrasts()
                    .into_iter()
                    .filter(|c| c.ratio < c.needed)
                    .map(|low| {
                        Invalid::new(
                            low.field,
                            format!(
                                "{} has a contrast of {:.2}:1; text needs {}:1 (WCAG 1.4.3)",
                                low.what, low.ratio, low.needed
                            ),
                        )
                    }),
            );
        }
        self.check_charts(problems);
        self.check_sizes(problems);
        self.check_vocabulary(problems);
    }

    fn check_class(&self, name: &str, look: &Look, problems: &mut Vec<Invalid>) {
        let field = |key: &str| format!("classes.{name}.{key}");
        if !classes::is_class_name(name) {
            problems.push(Invalid::new(
                format!("classes.{name}"),
                "a class name is made of ASCII letters, digits, `-` and `_`",
            ));
        }
        if let Some(size) = look.text_size
            && !(4.0..=96.0).contains(&size)
        {
            problems.push(Invalid::new(
                field("text_size"),
                format!("{size} pt is out of range (4 to 96)"),
            ));
        }
        for (key, rule) in [("border_left", &look.border_left), ("border", &look.border)] {
            if let Some(rule) = rule
                && !(0.25..=12.0).contains(&rule.width.pt())
            {
                problems.push(Invalid::new(
                    field(&format!("{key}.width")),
                    format!("{} pt is out of range (0.25 to 12)", rule.width.pt()),
                ));
            }
        }
        // Word measures the room inside a rule in whole points, up to 31.
        for (key, length, most) in [
            ("padding", look.padding, 31.0),
            ("space_before", look.space_before, 72.0),
            ("space_after", look.space_after, 72.0),
        ] {
            if let Some(length) = length
                && length.pt() > most
            {
                problems.push(Invalid::new(
                    field(key),
                    format!("{} pt is out of range (0 to {most})", length.pt()),
                ));
            }
        }
    }

    fn check_charts(&self, problems: &mut Vec<Invalid>) {
        let charts = &self.charts;
        if charts.palette.is_empty() {
            problems.push(Invalid::new(
                "charts.palette",
                "the palette needs at least one colour",
            ));
        }
        let mut seen: Vec<(usize, (u8, u8, u8))> = Vec::new();
        for (i, value) in charts.palette.iter().enumerate() {
            let field = format!("charts.palette[{i}]");
            let Some(colour) = parse_hex(value) else {
                problems.push(Invalid::new(
                    field,
                    format!("`{value}` is not a colour: expected #rrggbb"),
                ));
                continue;
            };
            let against_page = contrast(colour, (255, 255, 255));
            if against_page < 3.0 {
                problems.push(Invalid::new(
                    field,
                    format!(
                        "`{value}` has a contrast of {against_page:.2}:1 against the white page; charts need 3:1 (WCAG 1.4.11)"
                    ),
                ));
            } else if let Some((j, _)) = seen
                .iter()
                .find(|(_, other)| contrast(colour, *other) < 1.5)
            {
                problems.push(Invalid::new(
                    field,
                    format!(
                        "`{value}` is too close in lightness to `{}` (charts.palette[{j}]): series would look alike in greyscale print (1.5:1 needed)",
                        charts.palette[*j]
                    ),
                ));
            }
            seen.push((i, colour));
        }
        for (field, value) in [
            ("charts.width", charts.width),
            ("charts.height", charts.height),
        ] {
            if !(72.0..=1200.0).contains(&value.pt()) {
                problems.push(Invalid::new(
                    field,
                    format!("{} pt is out of range (72 to 1200)", value.pt()),
                ));
            }
        }
    }

    fn check_sizes(&self, problems: &mut Vec<Invalid>) {
        let s = &self.sizes;
        let headings = s
            .headings
            .iter()
            .enumerate()
            .map(|(i, &h)| (format!("sizes.headings[{i}]"), h));
        for (field, value) in [
            ("sizes.body", s.body),
            ("sizes.table", s.table),
            ("sizes.footnote", s.footnote),
            ("sizes.title", s.title),
        ]
        .map(|(field, value)| (field.to_string(), value))
        .into_iter()
        .chain(headings)
        {
            if !(4.0..=96.0).contains(&value) {
                problems.push(Invalid::new(
                    field,
                    format!("{value} pt is out of range (4 to 96)"),
                ));
            }
        }
        let sp = &self.spacing;
        for (field, value) in [
            ("sizes.leading", s.leading),
            ("spacing.heading_leading", sp.heading_leading),
            ("spacing.table_leading", sp.table_leading),
            ("spacing.footnote_leading", sp.footnote_leading),
        ] {
            if !(0.8..=3.0).contains(&value) {
                problems.push(Invalid::new(
                    field,
                    format!("{value} is out of range (0.8 to 3.0)"),
                ));
            }
        }
        if !(0.0..=4.0).contains(&sp.heading_above) {
            problems.push(Invalid::new(
                "spacing.heading_above",
                format!("{} is out of range (0 to 4)", sp.heading_above),
            ));
        }
        if !(0.0..=72.0).contains(&sp.paragraph.pt()) {
            problems.push(Invalid::new(
                "spacing.paragraph",
                format!("{} pt is out of range (0 to 72)", sp.paragraph.pt()),
            ));
        }
        for (field, depth) in [
            ("headings.numbered_depth", self.headings.numbered_depth),
            ("headings.contents_depth", self.headings.contents_depth),
        ] {
            if !(1..=6).contains(&depth) {
                problems.push(Invalid::new(
                    field,
                    format!("{depth} is out of range (1 to 6)"),
                ));
            }
        }
    }

    fn check_vocabulary(&self, problems: &mut Vec<Invalid>) {
        for (key, word) in self.vocabulary.entries() {
            let field = format!("vocabulary.{key}");
            // A separator may be a space alone; a word needs more.
            let blank = if key == "caption_separator" {
                word.is_empty()
            } else {
                word.trim().is_empty()
            };
            if blank {
                problems.push(Invalid::new(field, "the word is empty"));
            } else if word.chars().any(char::is_control) {
                problems.push(Invalid::new(
                    field,
                    "the word has a line break or another control character",
                ));
            }
        }
        if self.vocabulary.appendix.contains('%') {
            problems.push(Invalid::new(
                "vocabulary.appendix",
                "`%` cannot be used: the Word copy's appendix numbering reads it as the place of the letter",
            ));
        }
    }
}
