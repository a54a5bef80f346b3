use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A length, held in points, written in files with a unit: `25mm`, `2.5cm`,
/// `1in` or `12pt`. Serialised (for renderers) as a number of points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Length(pub f64);

/// A length that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a length: expected a number with a unit, like 25mm, 2.5cm, 1in or 12pt")]
pub struct LengthError(pub String);

impl Length {
    /// The length in points.
    pub fn pt(self) -> f64 {
        self.0
    }

    /// The length in twentieths of a point (Word's unit).
    pub fn twips(self) -> i64 {
        (self.0 * 20.0).round() as i64
    }

    /// The length in the HTML edition's `rem`: a `rem` is 16 CSS pixels,
    /// which is 12 pt.
    pub fn rem(self) -> f64 {
        self.0 / 12.0
    }

    /// Parses `25mm`, `2.5cm`, `1in` or `12pt`.
    pub fn parse(s: &str) -> Result<Self, LengthError> {
        let t = s.trim();
        let split = t
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| LengthError(s.into()))?;
        let (number, unit) = t.split_at(split);
        let value: f64 = number.trim().parse().map_err(|_| LengthError(s.into()))?;
        let factor = match unit {
            "pt" => 1.0,
            "mm" => 72.0 / 25.4,
            "cm" => 72.0 / 2.54,
            "in" => 72.0,
            _ => return Err(LengthError(s.into())),
        };
        if !value.is_finite() || value < 0.0 {
            return Err(LengthError(s.into()));
        }
        Ok(Length(value * factor))
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}pt", self.0)
    }
}

impl Serialize for Length {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

/// In a schema, a length is text with a unit, as it is written.
impl JsonSchema for Length {
    fn schema_name() -> Cow<'static, str> {
        "Length".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A length with a unit: 25mm, 2.5cm, 1in or 12pt.",
            "type": "string",
            "examples": ["25mm"]
        })
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Length::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_points() {
        assert!((Length::parse("25.4mm").unwrap().pt() - 72.0).abs() < 1e-9);
        assert!((Length::parse("2.54cm").unwrap().pt() - 72.0).abs() < 1e-9);
        assert_eq!(Length::parse("1in").unwrap().pt(), 72.0);
        assert_eq!(Length::parse(" 12pt ").unwrap().twips(), 240);
        for bad in ["12", "mm", "12px", "-3mm", "1..2mm"] {
            assert!(Length::parse(bad).is_err(), "{bad}");
        }
    }
}
