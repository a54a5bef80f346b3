//! Charts for Word: the engine's SVG drawing rasterised with resvg at print
//! resolution, typeset with the style's own fonts (never the machine's).

use std::path::Path;

use resvg::{tiny_skia, usvg};

/// Print resolution for rasterised charts.
const DPI: f32 = 300.0;

/// Rasterises charts with the style's fonts, read once for all the charts
/// of a document.
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Rasteriser {
    /// Loads the font files (`.ttf`, `.otf`, `.ttc`, `.otc`) of `fonts_dir`.
    pub fn new(fonts_dir: &Path) -> Result<Self, String> {
        let mut options = usvg::Options::default();
        let fonts = options.fontdb_mut();
        let mut entries: Vec<_> = std::fs::read_dir(fonts_dir)
            .map_err(|e| format!("cannot read the font folder `{}`: {e}", fonts_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            let is_font = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            });
            if is_font {
                let data = std::fs::read(&path)
                    .map_err(|e| format!("cannot read the font `{}`: {e}", path.display()))?;
                fonts.load_font_data(data);
            }
        }
        Ok(Self { options })
    }

    /// The SVG (sized in points) as a PNG at [`DPI`], on a white background.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let scale = DPI / 72.0;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or("the chart has no size")?;
        let mut pixmap =
            tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the chart is too large")?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().map_err(|e| e.to_string())
    }
}
