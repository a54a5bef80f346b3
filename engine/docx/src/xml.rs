//! A small XML tree for the package layer: parse a part (quick-xml), change
//! it, write it back. Names are kept qualified (`w:p`) as the part wrote
//! them; text and attribute values are held unescaped.

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// A node: an element or a run of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, unescaped.
    Text(String),
}

/// An element with its attributes (in written order) and children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// The qualified name, e.g. `w:p`.
    pub name: String,
    /// Attributes, unescaped, in order.
    pub attrs: Vec<(String, String)>,
    /// Children, in order.
    pub children: Vec<Node>,
}

impl Element {
    /// An empty element.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The same element with an attribute.
    pub fn attr(mut self, name: &str, value: &str) -> Self {
        self.set_attr(name, value);
        self
    }

    /// The same element with a child.
    pub fn child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// The same element with text.
    pub fn text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// An attribute's value.
    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets (or replaces) an attribute.
    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => *v = value.into(),
            None => self.attrs.push((name.into(), value.into())),
        }
    }

    /// Element children.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Element children, mutably.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first child element called `name`, mutably.
    pub fn find_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The first child called `name`, created (at the end) if missing.
    pub fn find_or_insert(&mut self, name: &str) -> &mut Element {
        if self.find(name).is_none() {
            self.children.push(Node::Element(Element::new(name)));
        }
        self.find_mut(name).expect("just inserted")
    }

    /// Removes every child element called `name`.
    pub fn remove_all(&mut self, name: &str) {
        self.children
            .retain(|n| !matches!(n, Node::Element(e) if e.name == name));
    }

    /// Visits this element and every descendant, parents first.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Element)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    /// Visits this element and every descendant, parents first.
    pub fn walk(&self, f: &mut impl FnMut(&Element)) {
        f(self);
        for child in self.elements() {
            child.walk(f);
        }
    }

    /// All text below this element, in order.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text_content()),
            }
        }
        out
    }

    /// Orders the children by the position of their names in `order`;
    /// names not listed keep their place after the listed ones. Stable.
    pub fn sort_children(&mut self, order: &[&str]) {
        let rank = |n: &Node| match n {
            Node::Element(e) => order
                .iter()
                .position(|o| *o == e.name)
                .unwrap_or(order.len()),
            Node::Text(_) => order.len(),
        };
        self.children.sort_by_key(rank);
    }
}

/// Parses a whole part; the XML declaration and comments are dropped.
pub fn parse(bytes: &[u8]) -> Result<Element, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Element> = vec![Element::new("#root")];
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Start(start) => stack.push(element_of(&start)?),
            Event::Empty(start) => {
                let el = element_of(&start)?;
                push(&mut stack, Node::Element(el));
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                if stack.is_empty() {
                    return Err("unbalanced end tag".into());
                }
                push(&mut stack, Node::Element(el));
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text);
            }
            Event::CData(c) => {
                let text = c.decode().map_err(|e| e.to_string())?;
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => match r.decode().map_err(|e| e.to_string())?.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown entity `&{other};`")),
                    },
                };
                push_text(&mut stack, &text);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    let mut root = stack.pop().ok_or("empty document")?;
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    let mut elements = root.children.drain(..).filter_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    });
    elements.next().ok_or_else(|| "no root element".into())
}

fn element_of(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
    let mut el = Element::new(&name);
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = String::from_utf8(attr.key.as_ref().to_vec()).map_err(|e| e.to_string())?;
        let value = attr
            .normalized_value(XmlVersion::Explicit1_0)
            .map_err(|e| e.to_string())?;
        el.attrs.push((key, value.into_owned()));
    }
    Ok(el)
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(text);
        } else {
            top.children.push(Node::Text(text.into()));
        }
    }
}

/// Writes a part with the standard declaration.
pub fn write(root: &Element) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    write_element(root, &mut out);
    out.into_bytes()
}

fn write_element(el: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&el.name);
    for (k, v) in &el.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        escape_into(v, out, true);
        out.push('"');
    }
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in &el.children {
        match child {
            Node::Element(e) => write_element(e, out),
            Node::Text(t) => escape_into(t, out, false),
        }
    }
    out.push_str("</");
    out.push_str(&el.name);
    out.push('>');
}

/// Escapes text or an attribute value. A character XML 1.0 forbids (a C0
/// control other than tab, line feed and carriage return; U+FFFE, U+FFFF)
/// is never written, whatever put it there: the model is cleaned before it
/// is rendered, and this is the last line.
fn escape_into(s: &str, out: &mut String, attribute: bool) {
    for c in s.chars() {
        match c {
            c if quire_model::xml_chars::forbidden_in_xml(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_text_entities_and_attributes() {
        let src = br#"<?xml version="1.0"?><w:p a="x &amp; &quot;y&quot;"><w:t xml:space="preserve">a &lt;b&gt; &#169; c</w:t><w:br/></w:p>"#;
        let el = parse(src).unwrap();
        assert_eq!(el.get_attr("a"), Some("x & \"y\""));
        assert_eq!(el.text_content(), "a <b> © c");
        let again = parse(&write(&el)).unwrap();
        assert_eq!(again, el);
    }

    #[test]
    fn children_sort_by_schema_order() {
        let mut el = Element::new("w:pPr")
            .child(Element::new("w:jc"))
            .child(Element::new("w:pStyle"))
            .child(Element::new("w:x"));
        el.sort_children(&["w:pStyle", "w:jc"]);
        let names: Vec<&str> = el.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["w:pStyle", "w:jc", "w:x"]);
    }

    #[test]
    fn characters_xml_forbids_are_never_written() {
        let el = Element::new("w:t")
            .attr("descr", "a\u{1}b\u{FFFF}")
            .text("x\u{B}y\u{1B}[0m\u{0}z\u{FFFE}\tw");
        let written = String::from_utf8(write(&el)).unwrap();
        assert!(
            !written
                .chars()
                .any(quire_model::xml_chars::forbidden_in_xml),
            "{written:?}"
        );
        let again = parse(written.as_bytes()).unwrap();
        assert_eq!(again.text_content(), "xy[0mz\tw");
        assert_eq!(again.get_attr("descr"), Some("ab"));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
    }
}
