//! Image uploads cannot cost more memory than their header admits: sizes
//! are checked before decoding, and decodes wait for one of a few slots.

use crate::content_helpers::*;
use crate::helpers::*;
use serde_json::Value;
use std::io::Write;

/// A real, valid 12000 × 12000 PNG of one grey (1 bit per pixel) that
/// compresses to a few tens of kilobytes; decoding it whole takes 144 MB.
fn huge_png() -> Vec<u8> {
    let (w, h) = (12_000u32, 12_000u32);
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::One);
    enc.set_compression(png::Compression::High);
    let mut writer = enc.write_header().unwrap();
    let mut rows = writer.stream_writer().unwrap();
    let row = vec![0u8; (w / 8) as usize];
    for _ in 0..h {
        rows.write_all(&row).unwrap();
    }
    rows.finish().unwrap();
    writer.finish().unwrap();
    out
}

#[actix_web::test]
async fn huge_images_are_refused_from_their_header() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let bomb = huge_png();
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    let res = upload(&app, &c.t_student, "/images", "bomb.png", "image/png", bomb).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    let msg = p["errors"]["file"][0].as_str().unwrap();
    assert!(
        msg.contains("12000 × 12000") && msg.contains("10000 pixels a side"),
        "{msg}"
    );
    // Nothing of it was kept.
    assert!(stored_files(&app, app.site_id).await.is_empty());
}

#[actix_web::test]
async fn the_pixel_and_side_limits_are_settings() {
    let app = TestApp::spawn_with(|s| {
        s.image_max_pixels = 2_000;
        s.image_max_side = 60;
    })
    .await;
    let admin = app.admin_token().await;
    for (w, h, what) in [(50, 50, "at most 2000 pixels"), (61, 2, "60 pixels a side")] {
        let res = upload(&app, &admin, "/images", "a.png", "image/png", png(w, h)).await;
        let p = assert_problem(res, 422, "validation_failed").await;
        let msg = p["errors"]["file"][0].as_str().unwrap();
        assert!(msg.contains(what), "{w}×{h}: {msg}");
    }
    let res = upload(&app, &admin, "/images", "a.png", "image/png", png(60, 30)).await;
    assert_eq!(res.status(), 201);
}

#[actix_web::test]
async fn a_decode_that_waits_too_long_for_a_slot_is_503() {
    let app = TestApp::spawn_with(|s| s.image_decode_wait_secs = 1).await;
    let admin = app.admin_token().await;
    // Every slot busy, as under a burst of uploads.
    let slots = app.state.image_decodes.available_permits() as u32;
    assert!(slots >= 1);
    let held = app
        .state
        .image_decodes
        .clone()
        .acquire_many_owned(slots)
        .await
        .unwrap();
    let res = upload(&app, &admin, "/images", "a.png", "image/png", png(4, 4)).await;
    assert_eq!(res.headers()["retry-after"], "1");
    let p = assert_problem(res, 503, "server_busy").await;
    assert_eq!(p["retry_after"], 1);
    // A slot freed: the next upload goes through, and frees its slot.
    drop(held);
    let res = upload(&app, &admin, "/images", "a.png", "image/png", png(4, 4)).await;
    assert_eq!(res.status(), 201);
    assert_eq!(app.state.image_decodes.available_permits() as u32, slots);
}

#[actix_web::test]
async fn images_stream_with_ranges_and_validators() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = upload(&app, &admin, "/images", "a.png", "image/png", png(300, 200)).await;
    let url = app.url(res.json::<Value>().await.unwrap()["url"].as_str().unwrap());
    let whole = app.client.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    let etag = whole.headers()["etag"].clone();
    let bytes = whole.bytes().await.unwrap();
    let res = app
        .client
        .get(&url)
        .header("Range", "bytes=0-7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap(), bytes.slice(0..8));
    let res = app
        .client
        .get(&url)
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
}
