use super::*;

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::new(width, height)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG whose header claims `width` × `height` (with a correct checksum)
/// and whose pixels are missing.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_whole_png_is_taken_with_its_size() {
    let image = decode(png(3, 2)).unwrap();
    assert_eq!(image.format, ImageFormat::Png);
    assert_eq!((image.width, image.height), (3.0, 2.0));
}

#[test]
fn what_cannot_be_decoded_is_refused_in_words() {
    let mut truncated = png(40, 40);
    truncated.truncate(truncated.len() / 2);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty", Vec::new(), "is an empty file"),
        ("text", b"just some words".to_vec(), "is not an image"),
        ("truncated", truncated, "is a damaged PNG file"),
        (
            "bmp",
            {
                let mut out = Vec::new();
                image::RgbImage::new(2, 2)
                    .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Bmp)
                    .unwrap();
                out
            },
            "is a BMP image, which Quire does not take",
        ),
    ];
    for (name, bytes, expected) in cases {
        let error = decode(bytes).unwrap_err();
        assert!(error.contains(expected), "{name}: {error}");
    }
}

#[test]
fn too_many_pixels_are_refused_before_decoding() {
    let error = decode(png_header_only(30_000, 30_000)).unwrap_err();
    assert!(
        error.starts_with("is 30000 × 30000 pixels (900.0 megapixels)"),
        "{error}"
    );
}

#[test]
fn an_svg_is_taken_with_its_size_and_a_broken_one_is_refused() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="teal"/></svg>"#;
    let image = decode(svg.to_vec()).unwrap();
    assert_eq!(image.format, ImageFormat::Svg);
    assert_eq!((image.width, image.height), (120.0, 60.0));
    let error = decode(b"<svg xmlns='http://www.w3.org/2000/svg'><rect".to_vec()).unwrap_err();
    assert!(error.starts_with("is not an SVG drawing"), "{error}");
}

#[test]
fn an_svg_reads_no_file_it_links_to() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.png");
    std::fs::write(&secret, png(10, 10)).unwrap();
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
        secret.display()
    );
    let tree = usvg::Tree::from_data(svg.as_bytes(), &svg_options()).unwrap();
    assert!(
        !tree.root().has_children(),
        "the linked picture was left out"
    );
}

#[test]
fn a_document_has_a_pixel_budget() {
    let mut images = Images::new();
    let big = Image {
        bytes: Arc::new(Vec::new()),
        format: ImageFormat::Png,
        width: 7_000.0,
        height: 7_000.0,
    };
    for i in 0..4 {
        images.insert(format!("{i}.png"), big.clone());
    }
    assert!(check_document_pixels(&images).is_ok());
    images.insert("5.png".into(), big);
    let error = check_document_pixels(&images).unwrap_err();
    assert!(error.contains("245.0 megapixels"), "{error}");
}
