//! Uploaded images are decoded and re-encoded, so only pixels survive (no
//! scripts in SVG, no polyglot files, no metadata), and resized for the web.

use image::{DynamicImage, ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

pub const MAX_WIDTH: u32 = 1600;
pub const THUMB_WIDTH: u32 = 400;

pub struct Processed {
    /// `png` or `jpg`.
    pub ext: &'static str,
    pub full: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
}

fn shrink(img: &DynamicImage, max_width: u32) -> DynamicImage {
    if img.width() <= max_width {
        img.clone()
    } else {
        let h = (u64::from(img.height()) * u64::from(max_width) / u64::from(img.width())).max(1);
        img.resize_exact(max_width, h as u32, FilterType::Triangle)
    }
}

fn encode(img: &DynamicImage, jpeg: bool) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    if jpeg {
        let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
        rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out, 85,
        ))
        .map_err(|e| e.to_string())?;
    } else {
        img.write_to(&mut out, ImageFormat::Png)
            .map_err(|e| e.to_string())?;
    }
    Ok(out.into_inner())
}

/// Decodes a PNG, JPEG, GIF or WebP and re-encodes it (photos as JPEG,
/// everything else as PNG). Errors are messages for the uploader.
pub fn process(bytes: &[u8]) -> Result<Processed, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "Not an image.".to_string())?;
    let format = reader
        .format()
        .filter(|f| {
            matches!(
                f,
                ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
            )
        })
        .ok_or("Only PNG, JPEG, GIF and WebP images are accepted.")?;
    // Refuse decompression bombs before allocating.
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|_| "The image could not be read.".to_string())?;
    let jpeg = format == ImageFormat::Jpeg;
    let full = shrink(&img, MAX_WIDTH);
    let thumb = shrink(&img, THUMB_WIDTH);
    Ok(Processed {
        ext: if jpeg { "jpg" } else { "png" },
        width: full.width(),
        height: full.height(),
        full: encode(&full, jpeg)?,
        thumb: encode(&thumb, jpeg)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        encode(&img, false).unwrap()
    }

    #[test]
    fn wide_images_shrink_and_keep_their_ratio() {
        let p = process(&png(2000, 1000)).unwrap();
        assert_eq!((p.width, p.height, p.ext), (1600, 800, "png"));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 200));
    }

    #[test]
    fn small_images_keep_their_size() {
        let p = process(&png(10, 5)).unwrap();
        assert_eq!((p.width, p.height), (10, 5));
    }

    #[test]
    fn non_images_are_refused() {
        assert!(process(b"<svg onload=alert(1)></svg>").is_err());
        assert!(process(b"%PDF-1.4").is_err());
        assert!(process(&png(4, 4)[..20]).is_err());
    }
}
