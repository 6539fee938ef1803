//! Uploaded images are decoded and re-encoded, so only pixels survive (no
//! scripts in SVG, no polyglot files, no metadata), and resized for the web.
//!
//! Decoding costs memory by pixels, not by file size (a 12000 × 12000 PNG of
//! one colour is a few kilobytes and decodes to hundreds of megabytes), so
//! the size is read from the header and checked before any pixel buffer
//! exists, and the decoder's allocations are capped.

use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits,
    error::LimitErrorKind, imageops::FilterType,
};
use std::io::{BufRead, Cursor, Read, Seek, SeekFrom};

pub const MAX_WIDTH: u32 = 1600;
pub const THUMB_WIDTH: u32 = 400;
/// The most a decode may allocate (its pixel buffer included).
pub const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;

/// The largest image accepted (settings `image_max_pixels`, `image_max_side`).
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_pixels: u64,
    pub max_side: u32,
}

pub struct Processed {
    /// `png` or `jpg`.
    pub ext: &'static str,
    pub full: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
}

/// Why an image was refused: a message for the uploader (field `file`).
#[derive(Debug, PartialEq)]
pub struct Refused(pub String);

/// A pixel count as people say it.
fn amount(pixels: u64) -> String {
    if pixels >= 100_000 {
        format!("{:.1} megapixels", pixels as f64 / 1e6)
    } else {
        format!("{pixels} pixels")
    }
}

/// Whether a `width` × `height` image is within `bounds`; the message says
/// which limit it is over.
pub fn check_size(width: u32, height: u32, bounds: Bounds) -> Result<(), Refused> {
    let side = width.max(height);
    if side > bounds.max_side {
        return Err(Refused(format!(
            "The image is {width} × {height} pixels; at most {} pixels a side are accepted.",
            bounds.max_side
        )));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > bounds.max_pixels {
        return Err(Refused(format!(
            "The image is {width} × {height} pixels ({}); at most {} are accepted.",
            amount(pixels),
            amount(bounds.max_pixels)
        )));
    }
    Ok(())
}

fn too_much_memory() -> Refused {
    Refused(format!(
        "The image needs more than {} MiB to decode; save it smaller or in another format.",
        MAX_DECODE_BYTES / 1024 / 1024
    ))
}

fn unreadable(e: ImageError) -> Refused {
    match e {
        ImageError::Limits(l) if matches!(l.kind(), LimitErrorKind::InsufficientMemory) => {
            too_much_memory()
        }
        _ => Refused("The image could not be read.".into()),
    }
}

/// The most the smoothing filter's intermediate copy may take. It holds
/// (source width × target height) pixels as four f32s: 256 MB for a tall
/// 1601 × 10000 image, so such images are averaged instead.
const FILTER_BYTES: u64 = 64 * 1024 * 1024;

/// `img` at most `max_width` wide, same ratio. Large reductions first
/// average blocks of pixels down to twice the target (integer, no copy of
/// the whole image), freeing the original, then smooth to the target.
fn shrink(img: DynamicImage, max_width: u32) -> DynamicImage {
    if img.width() <= max_width {
        return img;
    }
    let height_at = |img: &DynamicImage, w: u32| {
        (u64::from(img.height()) * u64::from(w) / u64::from(img.width())).clamp(1, u32::MAX.into())
            as u32
    };
    let img = if img.width() > 2 * max_width {
        let smaller = img.thumbnail_exact(2 * max_width, height_at(&img, 2 * max_width));
        // Free the decoded original now (shadowing would keep it alive).
        drop(img);
        smaller
    } else {
        img
    };
    let h = height_at(&img, max_width);
    if u64::from(img.width()) * u64::from(h) * 16 <= FILTER_BYTES {
        img.resize_exact(max_width, h, FilterType::Triangle)
    } else {
        img.thumbnail_exact(max_width, h)
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

/// What a progressive JPEG's decoder holds besides the output: every DCT
/// coefficient of every component (2 bytes each, padded to whole 8 × 8
/// blocks) until the last scan. `None` for baseline JPEGs and anything that
/// is not a JPEG. Reads the markers up to the frame header and rewinds.
pub fn progressive_jpeg<R: Read + Seek>(input: &mut R) -> Option<ProgressiveJpeg> {
    let start = input.stream_position().ok()?;
    let found = frame_header(input);
    input.seek(SeekFrom::Start(start)).ok()?;
    let FrameHeader {
        progressive,
        width,
        height,
        sampling,
    } = found?;
    if !progressive || sampling.is_empty() {
        return None;
    }
    let pixels = width * height * sampling.len() as u64;
    let h_max = u64::from(sampling.iter().map(|s| s.0).max()?.max(1));
    let v_max = u64::from(sampling.iter().map(|s| s.1).max()?.max(1));
    let blocks =
        |len: u64, factor: u8, max: u64| (len * u64::from(factor)).div_ceil(max).div_ceil(8);
    let coefficients: u64 = sampling
        .iter()
        .map(|&(h, v)| blocks(width, h, h_max) * blocks(height, v, v_max) * 64 * 2)
        .sum();
    Some(ProgressiveJpeg {
        coefficients,
        pixels,
    })
}

/// The memory a progressive JPEG's decode needs, from its frame header.
#[derive(Debug, PartialEq)]
pub struct ProgressiveJpeg {
    /// Coefficient buffers, which the decoder allocates outside its limit.
    pub coefficients: u64,
    /// The decoded pixels (one byte per component).
    pub pixels: u64,
}

/// What a JPEG's frame header (SOF marker) says.
struct FrameHeader {
    progressive: bool,
    width: u64,
    height: u64,
    /// (horizontal, vertical) sampling factors per component.
    sampling: Vec<(u8, u8)>,
}

/// The first frame header, skipping other segments by their length.
fn frame_header<R: Read + Seek>(input: &mut R) -> Option<FrameHeader> {
    let mut two = [0u8; 2];
    input.read_exact(&mut two).ok()?;
    if two != [0xFF, 0xD8] {
        return None;
    }
    // A frame header comes after a few dozen segments at most.
    for _ in 0..256 {
        input.read_exact(&mut two).ok()?;
        if two[0] != 0xFF {
            return None;
        }
        let marker = two[1];
        if marker == 0xFF || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        input.read_exact(&mut two).ok()?;
        let len = u16::from_be_bytes(two);
        let payload = usize::from(len).checked_sub(2)?;
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if !is_sof {
            input.seek(SeekFrom::Current(payload as i64)).ok()?;
            continue;
        }
        let mut body = vec![0u8; payload];
        input.read_exact(&mut body).ok()?;
        let height = u64::from(u16::from_be_bytes([*body.get(1)?, *body.get(2)?]));
        let width = u64::from(u16::from_be_bytes([*body.get(3)?, *body.get(4)?]));
        let count = usize::from(*body.get(5)?);
        let sampling = (0..count)
            .map(|i| body.get(7 + i * 3).map(|f| (f >> 4, f & 0x0F)))
            .collect::<Option<Vec<_>>>()?;
        let progressive = matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE);
        return Some(FrameHeader {
            progressive,
            width,
            height,
            sampling,
        });
    }
    None
}

/// Decodes a PNG, JPEG, GIF or WebP within `bounds` and re-encodes it
/// (photos as JPEG, everything else as PNG). Blocking: run it off the async
/// workers, one per CPU at a time.
pub fn process<R: BufRead + Seek>(mut input: R, bounds: Bounds) -> Result<Processed, Refused> {
    let progressive = progressive_jpeg(&mut input);
    if progressive
        .as_ref()
        .is_some_and(|p| p.coefficients + p.pixels > MAX_DECODE_BYTES)
    {
        return Err(too_much_memory());
    }
    let coefficients = progressive.map_or(0, |p| p.coefficients);
    let mut reader = ImageReader::new(input)
        .with_guessed_format()
        .map_err(|_| Refused("Not an image.".into()))?;
    let format = reader
        .format()
        .filter(|f| {
            matches!(
                f,
                ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
            )
        })
        .ok_or_else(|| Refused("Only PNG, JPEG, GIF and WebP images are accepted.".into()))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits.clone());
    // Reads the header only: nothing of the pixels is allocated yet.
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, bounds)?;
    limits.max_image_width = Some(bounds.max_side);
    limits.max_image_height = Some(bounds.max_side);
    // The pixel buffer counts against the cap; the decoder gets the rest.
    // So do a progressive JPEG's coefficient buffers, which the decoder
    // allocates outside the limit it is given.
    limits
        .reserve(decoder.total_bytes())
        .and_then(|()| limits.reserve(coefficients))
        .map_err(|_| too_much_memory())?;
    decoder.set_limits(limits).map_err(unreadable)?;
    let img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let jpeg = format == ImageFormat::Jpeg;
    let full = shrink(img, MAX_WIDTH);
    let thumb = shrink(full.clone(), THUMB_WIDTH);
    let failed = |e: String| Refused(format!("The image could not be re-encoded: {e}"));
    Ok(Processed {
        ext: if jpeg { "jpg" } else { "png" },
        width: full.width(),
        height: full.height(),
        full: encode(&full, jpeg).map_err(failed)?,
        thumb: encode(&thumb, jpeg).map_err(failed)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Bounds = Bounds {
        max_pixels: 40_000_000,
        max_side: 10_000,
    };

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        encode(&img, false).unwrap()
    }

    fn run(bytes: &[u8]) -> Result<Processed, Refused> {
        process(Cursor::new(bytes), BOUNDS)
    }

    /// The start of a JPEG: SOI, an APP0 segment, then a frame header
    /// (`sof` = 0xC0 baseline, 0xC2 progressive) of `w` × `h` with YCbCr at
    /// `luma` sampling (chroma 1 × 1), and nothing after.
    fn jpeg_header(sof: u8, w: u16, h: u16, luma: (u8, u8)) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend_from_slice(&[0xFF, sof, 0, 17, 8]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[3, 1, (luma.0 << 4) | luma.1, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b
    }

    #[test]
    fn progressive_jpeg_coefficients_are_counted_from_the_frame_header() {
        let count = |bytes: Vec<u8>| {
            let mut c = Cursor::new(bytes);
            let got = progressive_jpeg(&mut c);
            assert_eq!(c.position(), 0, "rewound");
            got.map(|p| (p.coefficients, p.pixels))
        };
        // 4:2:0, 7000 × 5700: Y 875 × 713 blocks, Cb and Cr 438 × 357 each.
        let want = (875 * 713 + 2 * 438 * 357) * 128;
        assert_eq!(
            count(jpeg_header(0xC2, 7000, 5700, (2, 2))),
            Some((want, 7000 * 5700 * 3))
        );
        // 4:4:4 counts every component at full size.
        assert_eq!(
            count(jpeg_header(0xC2, 800, 600, (1, 1))),
            Some((3 * 100 * 75 * 128, 800 * 600 * 3))
        );
        assert_eq!(count(jpeg_header(0xC0, 7000, 5700, (2, 2))), None);
        assert_eq!(count(png(4, 4)), None);
        assert_eq!(count(vec![0xFF, 0xD8, 0xFF]), None);
        assert_eq!(count(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 1]), None);
    }

    #[test]
    fn a_progressive_jpeg_whose_coefficients_pass_the_cap_is_refused_before_decoding() {
        // 40 MP progressive: 120 MB of pixels plus 120 MB of coefficients.
        let refused = run(&jpeg_header(0xC2, 7000, 5700, (2, 2))).err().unwrap();
        assert!(refused.0.contains("MiB"), "{}", refused.0);
    }

    /// CRC-32 (ISO-HDLC), as PNG chunks carry it.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
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

    /// A PNG whose header claims `w` × `h` pixels of `bit_depth`-bit
    /// `color_type` with almost no pixel data: only the header is honest.
    fn claimed_png(w: u32, h: u32, bit_depth: u8, color_type: u8) -> Vec<u8> {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            let body = [kind, data].concat();
            c.extend_from_slice(&body);
            c.extend_from_slice(&crc32(&body).to_be_bytes());
            c
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[bit_depth, color_type, 0, 0, 0]);
        [
            &b"\x89PNG\r\n\x1a\n"[..],
            &chunk(b"IHDR", &ihdr),
            // An empty stored zlib stream.
            &chunk(
                b"IDAT",
                &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 1],
            ),
            &chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn wide_images_shrink_and_keep_their_ratio() {
        let p = run(&png(2000, 1000)).unwrap();
        assert_eq!((p.width, p.height, p.ext), (1600, 800, "png"));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 200));
        // Far wider than the target: averaged first, same result size.
        let p = run(&png(7000, 700)).unwrap();
        assert_eq!((p.width, p.height), (1600, 160));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 40));
        // Tall: the filter's copy would be too big, so averaged only.
        let p = run(&png(1700, 9000)).unwrap();
        assert_eq!((p.width, p.height), (1600, 8470));
    }

    #[test]
    fn small_images_keep_their_size() {
        let p = run(&png(10, 5)).unwrap();
        assert_eq!((p.width, p.height), (10, 5));
    }

    #[test]
    fn non_images_are_refused() {
        assert!(run(b"<svg onload=alert(1)></svg>").is_err());
        assert!(run(b"%PDF-1.4").is_err());
        assert!(run(&png(4, 4)[..20]).is_err());
    }

    #[test]
    fn sizes_are_checked_against_both_limits() {
        assert_eq!(check_size(10_000, 4_000, BOUNDS), Ok(()));
        assert_eq!(check_size(1, 10_000, BOUNDS), Ok(()));
        let side = check_size(10_001, 10, BOUNDS).unwrap_err().0;
        assert!(
            side.contains("10001 × 10") && side.contains("10000 pixels a side"),
            "{side}"
        );
        let area = check_size(8_000, 8_000, BOUNDS).unwrap_err().0;
        assert!(
            area.contains("(64.0 megapixels); at most 40.0 megapixels"),
            "{area}"
        );
        let small = Bounds {
            max_pixels: 2_000,
            max_side: 100,
        };
        let area = check_size(50, 50, small).unwrap_err().0;
        assert!(
            area.contains("(2500 pixels); at most 2000 pixels"),
            "{area}"
        );
    }

    #[test]
    fn oversized_headers_are_refused_before_decoding() {
        let err = run(&claimed_png(12_000, 12_000, 1, 0)).err().unwrap().0;
        assert!(err.contains("12000 × 12000"), "{err}");
        let err = run(&claimed_png(9_000, 9_000, 8, 2)).err().unwrap().0;
        assert!(err.contains("megapixels"), "{err}");
    }

    /// A valid one-grey 1-bit PNG, streamed row by row.
    fn grey_png(w: u32, h: u32) -> Vec<u8> {
        use std::io::Write;
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        let mut writer = enc.write_header().unwrap();
        let mut rows = writer.stream_writer().unwrap();
        let row = vec![0u8; w.div_ceil(8) as usize];
        for _ in 0..h {
            rows.write_all(&row).unwrap();
        }
        rows.finish().unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn large_images_within_the_limits_decode() {
        // 40 megapixels exactly, 40 MB decoded: within every limit.
        let p = run(&grey_png(10_000, 4_000)).unwrap();
        assert_eq!((p.width, p.height, p.ext), (1600, 640, "png"));
        // The same kind of file one pixel too wide is refused unread.
        let err = run(&grey_png(10_001, 100)).err().unwrap().0;
        assert!(err.contains("10001 × 100"), "{err}");
    }

    #[test]
    fn decodes_over_the_memory_cap_are_refused() {
        // 40 megapixels (within the size limits) of 16-bit RGBA: 320 MB.
        let err = run(&claimed_png(10_000, 4_000, 16, 6)).err().unwrap().0;
        assert!(err.contains("128 MiB"), "{err}");
        // The same size in 8-bit grey (40 MB) passes the cap and then fails
        // on the missing pixel data, as a plain unreadable image.
        let err = run(&claimed_png(10_000, 4_000, 8, 0)).err().unwrap().0;
        assert_eq!(err, "The image could not be read.");
    }
}
