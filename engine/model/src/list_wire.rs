//! Reading a bulleted list from the wire in either of its two shapes.
//!
//! Until ABI minor 2 a bulleted list was a tuple variant: its content was
//! the items alone (`{"type": "bullet_list", "c": [[…], […]]}`). Now it is
//! an object with the items and where the list was written (`"c": {"items":
//! […], "at": …}`), as the numbered list always was. A plugin built against
//! an older SDK still sends the first shape, so both are read. Hand-written
//! rather than an untagged enum, so that an error inside an item keeps its
//! own message instead of "did not match any variant".

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::{ListItem, Origin};

/// The fields of [`crate::Block::BulletList`], from either shape.
pub(crate) fn bullet_list<'de, D>(
    deserializer: D,
) -> Result<(Vec<ListItem>, Option<Origin>), D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(ListVisitor)
}

struct ListVisitor;

const FIELDS: &[&str] = &["items", "at"];

impl<'de> Visitor<'de> for ListVisitor {
    type Value = (Vec<ListItem>, Option<Origin>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a bulleted list: an object with `items` (or, from older plugins, a list of items)",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<ListItem>()? {
            items.push(item);
        }
        Ok((items, None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items: Option<Vec<ListItem>> = None;
        let mut at: Option<Option<Origin>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "items" if items.is_none() => items = Some(map.next_value()?),
                "at" if at.is_none() => at = Some(map.next_value()?),
                "items" | "at" => {
                    return Err(de::Error::custom(format!("duplicate field `{key}`")));
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field("items"))?;
        Ok((items, at.flatten()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Block, Inline, Origin};

    fn item(s: &str) -> Vec<Block> {
        vec![Block::paragraph(vec![Inline::Text(s.into())])]
    }

    #[test]
    fn a_list_round_trips_with_its_origin() {
        let list = Block::bullet_list(vec![item("one"), item("two")]).at(Origin::data("items"));
        let json = serde_json::to_string(&list).unwrap();
        assert!(json.contains(r#""items":"#), "{json}");
        assert_eq!(serde_json::from_str::<Block>(&json).unwrap(), list);
    }

    #[test]
    fn the_older_shape_of_a_bulleted_list_is_still_read() {
        let old = r#"{"type":"bullet_list","c":[[{"type":"paragraph","c":{"content":[{"type":"text","c":"one"}]}}]]}"#;
        let read: Block = serde_json::from_str(old).unwrap();
        assert_eq!(read, Block::bullet_list(vec![item("one")]));
    }

    #[test]
    fn an_error_inside_an_item_keeps_its_own_words() {
        let bad = r#"{"type":"bullet_list","c":{"items":[[{"type":"paragraph","c":{"content":[], "colour": 1}}]]}}"#;
        let error = serde_json::from_str::<Block>(bad).unwrap_err().to_string();
        assert!(error.contains("unknown field `colour`"), "{error}");
        let unknown = r#"{"type":"bullet_list","c":{"items":[],"start":2}}"#;
        let error = serde_json::from_str::<Block>(unknown)
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown field `start`"), "{error}");
    }
}
