//! Every output Quire makes: one renderer each, in the order their files
//! are reported. A fourth output is a crate implementing
//! [`Renderer`] and one line here.

use quire_render::Renderer;

/// The renderers, one for each output.
pub fn renderers() -> Vec<Box<dyn Renderer>> {
    vec![
        Box::new(quire_typst::Pdf),
        Box::new(quire_docx::Word),
        Box::new(quire_html::Html),
    ]
}

/// The outputs' extensions, which name them on the command line
/// (`--only pdf,docx`).
pub fn extensions() -> Vec<&'static str> {
    renderers().iter().map(|r| r.extension()).collect()
}

/// Forgets what every renderer keeps between builds and is long unused
/// (see [`Renderer::trim_caches`]).
pub fn trim_caches() {
    renderers().iter().for_each(|r| r.trim_caches());
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_renderer_paginates_and_extensions_are_distinct() {
        let all = super::renderers();
        assert_eq!(all.iter().filter(|r| r.paginates()).count(), 1);
        let mut extensions = super::extensions();
        extensions.sort();
        extensions.dedup();
        assert_eq!(extensions.len(), all.len());
    }
}
