//! Plain words for data errors: what a value is ("the text \"A1\"", "the
//! whole number 300") and what a field takes ("a whole number", "a list of
//! text"), and serde's own messages (``invalid type: string "A1", expected
//! u32``) said the same way, for errors that come from a deserializer rather
//! than from a schema ([`crate::check`]). The engine uses [`serde_message`]
//! for the manifest, the style and the shared data too, so every data error
//! reads alike.

/// The longest text quoted whole in a message; longer text is cut there.
const QUOTED_CHARS: usize = 40;

/// What `value` is, as a message says it: `the text "A1"`, `the whole
/// number 300`, `the number 2.5`, `` `true` ``, `a list`, `a table`.
pub fn found(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("the whole number {n}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {}", quote(s)),
        Value::Array(items) if items.is_empty() => "an empty list".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a table".into(),
    }
}

/// Text in double quotes, cut after 40 characters, with
/// control characters shown as their pictures (`␇`), never raw.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in text.chars().enumerate() {
        if i == QUOTED_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Names in backticks, joined in words: `` `a`, `b` and `c` `` (`last`:
/// "and" or "or").
pub fn list(names: &[&str], last: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// A number as a person writes it: `5`, not `5.0`.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The bounds of a number in words (` from 1 to 5`, ` (0 or more)`, ` of at
/// most 10`), empty when it has none.
pub fn bounds(min: Option<Bound>, max: Option<Bound>) -> String {
    match (min, max) {
        (None, None) => String::new(),
        (Some(Bound::Inclusive(a)), Some(Bound::Inclusive(b))) => {
            format!(" from {} to {}", number(a), number(b))
        }
        (Some(Bound::Inclusive(0.0)), None) => " (0 or more)".into(),
        (min, max) => {
            let mut parts = Vec::new();
            match min {
                Some(Bound::Inclusive(a)) => parts.push(format!("at least {}", number(a))),
                Some(Bound::Exclusive(a)) => parts.push(format!("greater than {}", number(a))),
                None => {}
            }
            match max {
                Some(Bound::Inclusive(b)) => parts.push(format!("at most {}", number(b))),
                Some(Bound::Exclusive(b)) => parts.push(format!("less than {}", number(b))),
                None => {}
            }
            format!(" {}", parts.join(" and "))
        }
    }
}

/// One end of a number's range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The number may be this.
    Inclusive(f64),
    /// The number must be beyond this.
    Exclusive(f64),
}

/// serde's message about a value (``invalid type: string "A1", expected
/// u32``, ``unknown field `titel`, expected one of `title`, `date` ``) in
/// plain words (`should be a whole number (0 or more), not the text "A1"`;
/// ``unknown field `titel`; the fields here are `title` and `date` ``).
/// A message it does not recognise comes back as it was.
pub fn serde_message(message: &str) -> String {
    let message = message.trim_end();
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((unexpected, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "should be {}, not {}",
            expected_words(expected),
            unexpected_words(unexpected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((unexpected, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "should be {}, not {}",
            expected_words(expected),
            unexpected_words(unexpected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((length, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "should be {}, but it has {length} items",
            expected_words(expected)
        );
    }
    for (serde_words, ours, kind) in [
        ("unknown field `", "unknown field `", "fields here"),
        ("unknown variant `", "unknown choice `", "choices"),
    ] {
        if let Some(rest) = message.strip_prefix(serde_words)
            && let Some((written, expected)) = rest.split_once("`, ")
        {
            let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            return if names.is_empty() {
                format!("{ours}{written}`; there are no {kind}")
            } else {
                format!("{ours}{written}`; the {kind} are {}", list(&names, "and"))
            };
        }
    }
    if let Some(rest) = message.strip_prefix("duplicate field `")
        && let Some(name) = rest.strip_suffix('`')
    {
        return format!("`{name}` is given twice");
    }
    message.to_string()
}

/// What serde says was expected, in plain words.
fn expected_words(expected: &str) -> String {
    let expected = expected.trim();
    let words = match expected {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" | "u64" | "u128" | "usize" => "a whole number (0 or more)",
        "i8" => "a whole number from -128 to 127",
        "i16" => "a whole number from -32768 to 32767",
        "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "string" => "text",
        "a boolean" | "bool" => "true or false",
        "a sequence" => "a list",
        "a map" => "a table",
        "a character" | "char" => "a single character",
        "unit" => "nothing",
        _ => {
            if expected.starts_with("struct ") {
                "a table"
            } else if let Some(size) = expected
                .strip_prefix("a tuple of size ")
                .or_else(|| expected.strip_prefix("tuple of size "))
            {
                return format!("a list of {size} items");
            } else if let Some(size) = expected.strip_prefix("an array of length ") {
                return format!("a list of {size} items");
            } else {
                return expected.to_string();
            }
        }
    };
    words.to_string()
}

/// What serde says it found, in plain words.
fn unexpected_words(unexpected: &str) -> String {
    let inner = |prefix: &str| {
        unexpected
            .strip_prefix(prefix)
            .map(|rest| rest.trim_matches('`').to_string())
    };
    if let Some(n) = inner("integer ") {
        return format!("the whole number {n}");
    }
    if let Some(n) = inner("floating point ") {
        return format!("the number {n}");
    }
    if let Some(b) = inner("boolean ") {
        return format!("`{b}`");
    }
    if let Some(c) = inner("character ") {
        return format!("the character `{c}`");
    }
    if let Some(s) = unexpected.strip_prefix("string ") {
        let text = s.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
        return match text {
            Some(text) => format!("the text {}", quote(&unescape(text))),
            None => format!("the text {s}"),
        };
    }
    match unexpected {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        "unit value" => "nothing".into(),
        "string" => "text".into(),
        _ => unexpected.to_string(),
    }
}

/// serde quotes strings with Rust's `Debug` escapes; undoes the common ones
/// so `quote` can show the text as written.
fn unescape(text: &str) -> String {
    text.replace("\\\"", "\"").replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_named_in_words() {
        assert_eq!(found(&json!("A1")), "the text \"A1\"");
        assert_eq!(found(&json!(300)), "the whole number 300");
        assert_eq!(found(&json!(2.5)), "the number 2.5");
        assert_eq!(found(&json!(true)), "`true`");
        assert_eq!(found(&json!([])), "an empty list");
        assert_eq!(found(&json!({"a": 1})), "a table");
        let long = "x".repeat(100);
        assert_eq!(quote(&long).chars().count(), QUOTED_CHARS + 3);
        assert_eq!(quote("a\u{7}b"), "\"a␇b\"");
    }

    #[test]
    fn bounds_read_as_a_person_says_them() {
        use Bound::*;
        assert_eq!(
            bounds(Some(Inclusive(1.0)), Some(Inclusive(5.0))),
            " from 1 to 5"
        );
        assert_eq!(bounds(Some(Inclusive(0.0)), None), " (0 or more)");
        assert_eq!(
            bounds(Some(Exclusive(0.0)), Some(Inclusive(2.5))),
            " greater than 0 and at most 2.5"
        );
        assert_eq!(bounds(None, None), "");
    }

    #[test]
    fn serde_messages_are_said_in_plain_words() {
        for (serde, plain) in [
            (
                "invalid type: string \"A1\", expected u32",
                "should be a whole number (0 or more), not the text \"A1\"",
            ),
            (
                "invalid value: integer `300`, expected u8",
                "should be a whole number from 0 to 255, not the whole number 300",
            ),
            (
                "invalid type: map, expected a sequence",
                "should be a list, not a table",
            ),
            (
                "invalid type: integer `3`, expected a string",
                "should be text, not the whole number 3",
            ),
            (
                "invalid type: sequence, expected struct Meta",
                "should be a table, not a list",
            ),
            (
                "unknown field `titel`, expected one of `title`, `date`",
                "unknown field `titel`; the fields here are `title` and `date`",
            ),
            (
                "unknown field `x`, there are no fields",
                "unknown field `x`; there are no fields here",
            ),
            (
                "unknown variant `landscpe`, expected `portrait` or `landscape`",
                "unknown choice `landscpe`; the choices are `portrait` and `landscape`",
            ),
            ("missing field `vision`", "missing field `vision`"),
            ("duplicate field `title`", "`title` is given twice"),
            ("something else", "something else"),
        ] {
            assert_eq!(serde_message(serde), plain, "{serde}");
        }
    }
}
