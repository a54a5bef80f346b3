//! Fuzzes figure images: the bytes are checked and decoded as the pipeline
//! does before rendering, and a raster image that passes is made into the
//! Word copy's picture; nothing may panic, and nothing may take more memory
//! than the pixel limit allows.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::images;
use quire_files::image::ImageFormat;

fuzz_target!(|bytes: &[u8]| {
    let Ok(image) = images::decode(bytes.to_vec()) else {
        return;
    };
    if image.format != ImageFormat::Svg {
        let _ = quire_docx::word_picture(&image, 64);
    }
});
