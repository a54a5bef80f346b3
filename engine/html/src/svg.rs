//! Charts as inline SVG that assistive technology reads as one picture:
//! `role="img"`, named by a `title` (the figure's number and caption) and
//! described by a `desc` (the alternative text written from the chart's
//! data, the same words as the PDF's and the Word copy's), scaled to the
//! column and never wider than it prints.

use maud::html;

/// The chart crate's drawing (`<svg … width="W" height="H" viewBox="…">`,
/// sized in points) with its opening tag replaced by one that names and
/// describes it and lets it scale. The drawing is the engine's own, and
/// every text in it is escaped by the chart crate.
pub(crate) fn accessible(drawing: &str, id: &str, title: &str, desc: &str) -> String {
    let (open, rest) = match drawing.find("<svg").and_then(|start| {
        drawing[start..]
            .find('>')
            .map(|end| (&drawing[start..=start + end], &drawing[start + end + 1..]))
    }) {
        Some(split) => split,
        None => ("", drawing),
    };
    let view_box = attribute(open, "viewBox").unwrap_or_default();
    // Printed in points; a CSS pixel is three quarters of a point.
    let max_width = attribute(open, "width")
        .and_then(|w| w.parse::<f64>().ok())
        .map(|w| format!("max-width: {:.0}px", w * 4.0 / 3.0));
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let head = html! {
        title id=(title_id) { (title) }
        desc id=(desc_id) { (desc) }
    };
    let mut out = String::with_capacity(drawing.len() + title.len() + desc.len() + 256);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"");
    out.push_str(&format!(
        " viewBox=\"{}\" aria-labelledby=\"{title_id}\" aria-describedby=\"{desc_id}\"",
        escape_attribute(&view_box)
    ));
    if let Some(style) = max_width {
        out.push_str(&format!(" style=\"{style}\""));
    }
    out.push('>');
    out.push_str(&head.into_string());
    out.push_str(rest);
    out
}

/// The value of `name="…"` in an opening tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawing_is_named_described_and_scaled() {
        let drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"450\" height=\"250\" viewBox=\"0 0 450 250\">\n<rect/></svg>";
        let svg = accessible(
            drawing,
            "fig-1",
            "Figure 1: <Incidents>",
            "A bar chart & more",
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 450 250\" aria-labelledby=\"fig-1-title\" aria-describedby=\"fig-1-desc\" style=\"max-width: 600px\">"), "{svg}");
        assert!(svg.contains("<title id=\"fig-1-title\">Figure 1: &lt;Incidents&gt;</title>"));
        assert!(svg.contains("<desc id=\"fig-1-desc\">A bar chart &amp; more</desc>"));
        assert!(svg.ends_with("\n<rect/></svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }
}
