//! Pictures for Word: charts (the engine's SVG drawing) and SVG figures
//! rasterised with resvg at print resolution, typeset with the style's own
//! fonts (never the machine's); raster figures scaled down to print
//! resolution at their printed width. Word gets PNG.

use std::io::Cursor;
use std::path::Path;

use quire_files::image::{Image, ImageFormat};
use quire_files::{FONT_FILE, ProjectRoot};
use resvg::{tiny_skia, usvg};

/// Print resolution for pictures.
const DPI: f64 = 300.0;

/// A picture as Word takes it: PNG bytes and the size in pixels.
pub struct Png {
    /// The PNG file.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Rasterises drawings with the style's fonts, read once for all the
/// pictures of a document.
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Rasteriser {
    /// Loads the font files (`.ttf`, `.otf`, `.ttc`, `.otc`) of `fonts_dir`,
    /// inside the project folder.
    pub fn new(files: &ProjectRoot, fonts_dir: &Path) -> Result<Self, String> {
        let mut options = usvg::Options {
            // A drawing reads nothing but itself: a picture it links to by
            // path or address is left out (embedded `data:` ones are kept).
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        let fonts = options.fontdb_mut();
        let paths = files
            .font_files(fonts_dir)
            .map_err(|e| format!("cannot read the font folder `{}`: {e}", fonts_dir.display()))?;
        for path in paths {
            let data = files
                .read(&path, FONT_FILE)
                .map_err(|e| format!("cannot read the font `{}`: {e}", path.display()))?;
            fonts.load_font_data(data);
        }
        Ok(Self { options })
    }

    /// A chart's SVG (sized in points) as a PNG at [`DPI`], on a white background.
    pub fn chart(&self, svg: &str) -> Result<Png, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let scale = (DPI / 72.0) as f32;
        self.render(&tree, scale)
    }

    /// An SVG figure as a PNG `width` pixels wide, on a white background.
    pub fn drawing(&self, svg: &[u8], width: u32) -> Result<Png, String> {
        let tree = usvg::Tree::from_data(svg, &self.options).map_err(|e| e.to_string())?;
        let scale = width as f32 / tree.size().width();
        self.render(&tree, scale)
    }

    fn render(&self, tree: &usvg::Tree, scale: f32) -> Result<Png, String> {
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or("the drawing has no size")?;
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or("the drawing is too large")?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Ok(Png {
            bytes: pixmap.encode_png().map_err(|e| e.to_string())?,
            width: size.width(),
            height: size.height(),
        })
    }
}

/// The widest a picture printed `inches` wide needs to be, in pixels.
pub fn print_width(inches: f64) -> u32 {
    (inches * DPI).ceil().max(1.0) as u32
}

/// A raster figure (checked before rendering) as PNG, scaled down to
/// `max_width` pixels when it is wider: a photograph of 6,000 pixels
/// printed across the page needs about 2,000.
pub fn raster(image: &Image, max_width: u32) -> Result<Png, String> {
    let (width, height) = (image.width as u32, image.height as u32);
    if image.format == ImageFormat::Png && width <= max_width {
        return Ok(Png {
            bytes: image.bytes.to_vec(),
            width,
            height,
        });
    }
    let mut decoded = image::load_from_memory(&image.bytes).map_err(|e| e.to_string())?;
    if width > max_width {
        decoded = decoded.resize(max_width, u32::MAX, image::imageops::FilterType::Triangle);
    }
    let mut bytes = Vec::new();
    decoded
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(Png {
        bytes,
        width: decoded.width(),
        height: decoded.height(),
    })
}
