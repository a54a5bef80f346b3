//! Figures: images and charts as pictures, with their captions.

use docx_rs::{Paragraph, Pic, Run};
use quire_files::image::ImageFormat;
use quire_model::resolved::{Figure, FigureContent, Inline};

use super::captions::{SEQ_FIGURE, caption_number};
use super::inlines::Marks;
use super::{Builder, Child, para};
use crate::DocxError;
use crate::picture::Png;

/// Before a picture's node id in its relationship id (`rIdFigure-n3`),
/// which the package layer reads.
pub const PICTURE_MARK: &str = "rIdFigure-";

impl Builder<'_> {
    /// The style's fonts for drawings, read at the first one.
    pub(super) fn rasteriser(&mut self) -> Result<&crate::picture::Rasteriser, String> {
        if self.rasteriser.is_none() {
            let rasteriser =
                crate::picture::Rasteriser::new(self.input.files, self.input.fonts_dir)?;
            self.rasteriser = Some(rasteriser);
        }
        Ok(self.rasteriser.as_ref().expect("made above"))
    }

    /// A figure's picture as PNG for a printed width of `inches`.
    pub(super) fn picture(&mut self, fig: &Figure, inches: f64) -> Result<Png, DocxError> {
        match &fig.content {
            FigureContent::Image { src, .. } => {
                let problem = |message: String| DocxError::Image {
                    path: src.clone(),
                    message,
                };
                let image = self
                    .input
                    .images
                    .get(src)
                    .ok_or_else(|| problem("it was not read before rendering".into()))?;
                let width = crate::picture::print_width(inches);
                if image.format == ImageFormat::Svg {
                    self.rasteriser()
                        .and_then(|r| r.drawing(&image.bytes, width))
                        .map_err(problem)
                } else {
                    crate::picture::raster(image, width).map_err(problem)
                }
            }
            FigureContent::Chart(chart) => {
                let problem = |message: String| DocxError::Chart {
                    title: Inline::plain_text(&fig.caption),
                    message,
                };
                self.rasteriser()
                    .and_then(|r| r.chart(&chart.svg))
                    .map_err(problem)
            }
        }
    }

    /// A figure: its picture, then its caption.
    pub(super) fn figure(&mut self, fig: &Figure, out: &mut Vec<Child>) -> Result<(), DocxError> {
        let width = match &fig.content {
            FigureContent::Image { width, .. } => *width,
            FigureContent::Chart(_) => None,
        };
        let max = f64::from(self.text_width()) * 635.0 * width.unwrap_or(1.0);
        let png = self.picture(fig, max / 914_400.0)?;
        let scale = if png.width == 0 {
            1.0
        } else {
            max / f64::from(png.width)
        };
        let height = (f64::from(png.height) * scale) as u32;
        let key = fig.id.to_string();
        let pic = Pic::new_with_dimensions(png.bytes, png.width, png.height)
            .size(max as u32, height)
            .id(format!("{PICTURE_MARK}{key}"));
        self.fixups.alt_texts.insert(key, fig.alt.clone());
        out.push(para(
            Paragraph::new()
                .style("Figure")
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        ));
        let number = &fig.number;
        let mut p = Paragraph::new().style("Caption");
        let words = &self.style.vocabulary;
        p = self.bookmarked(p, fig.label.as_deref(), |p| {
            caption_number(p, &words.figure, SEQ_FIGURE, number)
        });
        p = p.add_run(Run::new().add_text(&words.caption_separator));
        out.push(para(self.inlines(p, &fig.caption, Marks::default())));
        Ok(())
    }
}
