use crate::content_helpers::*;
use crate::helpers::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn files_upload_and_download_with_safe_names_and_headers() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "招生簡章", "group_id": c.registry}),
    )
    .await;
    let path = format!("/news/{id}/attachments");

    let res = upload(
        &app,
        &c.t_intern,
        &path,
        "招生 簡章.pdf",
        "application/pdf",
        b"%PDF-1.4 demo".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let a: Value = res.json().await.unwrap();
    assert_eq!(
        (a["file_name"].as_str(), a["size"].as_u64()),
        (Some("招生 簡章.pdf"), Some(13))
    );
    let res = app
        .client
        .get(app.url(a["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let hd = res.headers().clone();
    assert_eq!(hd["content-type"], "application/pdf");
    assert_eq!(hd["x-content-type-options"], "nosniff");
    assert_eq!(hd["content-security-policy"], "default-src 'none'; sandbox");
    assert_eq!(
        hd["content-disposition"],
        "attachment; filename=\"__ __.pdf\"; filename*=UTF-8''%E6%8B%9B%E7%94%9F%20%E7%B0%A1%E7%AB%A0.pdf"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.4 demo");

    // A path as a name is only a name.
    let res = upload(
        &app,
        &c.admin,
        &path,
        "../../etc/passwd",
        "text/plain",
        b"root:x".to_vec(),
    )
    .await;
    let a: Value = res.json().await.unwrap();
    assert_eq!(a["file_name"], "passwd");
    assert!(!app.data_dir.join("etc").exists());

    // HTML never runs inline.
    let res = upload(
        &app,
        &c.admin,
        &path,
        "page.html",
        "text/html",
        b"<script>alert(1)</script>".to_vec(),
    )
    .await;
    let a: Value = res.json().await.unwrap();
    let res = app
        .client
        .get(app.url(a["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/octet-stream");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    // Raster images are shown inline.
    let res = upload(&app, &c.admin, &path, "photo.png", "image/png", png(2, 2)).await;
    let a: Value = res.json().await.unwrap();
    let res = app
        .client
        .get(app.url(a["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );

    // The item lists its attachments; the list counts them.
    let (_, item) = get_json(&app, &format!("/news/{id}"), None).await;
    assert_eq!(item["attachments"].as_array().unwrap().len(), 4);
    let (_, list) = get_json(&app, "/news", None).await;
    assert_eq!(list["items"][0]["attachment_count"], 4);

    // Empty files and strangers are refused.
    let res = upload(&app, &c.admin, &path, "empty.txt", "text/plain", vec![]).await;
    assert_problem(res, 422, "validation_failed").await;
    let res = upload(
        &app,
        &c.t_student,
        &path,
        "x.txt",
        "text/plain",
        b"x".to_vec(),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;

    // Deleting the item keeps its files for the trash; deleting it for good
    // removes them.
    assert_eq!(stored_files(&app, app.site_id).await.len(), 4);
    let res = app
        .client
        .delete(app.site_url(&format!("/news/{id}")))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        stored_files(&app, app.site_id).await.len(),
        4,
        "in the trash, restorable"
    );
    let trash: Value = app
        .client
        .get(app.site_url("/trash"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = trash
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "news" && t["item_id"] == id)
        .unwrap();
    let res = app
        .client
        .delete(app.site_url(&format!("/trash/{}", entry["id"])))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(stored_files(&app, app.site_id).await.len(), 0);
}

#[actix_web::test]
async fn uploads_over_the_limit_are_413() {
    let app = TestApp::spawn_with(|s| s.upload_limit_bytes = 1024).await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "x", "group_id": c.academic}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "big.bin",
        "application/octet-stream",
        vec![7u8; 4096],
    )
    .await;
    assert_problem(res, 413, "payload_too_large").await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "ok.bin",
        "application/octet-stream",
        vec![7u8; 1024],
    )
    .await;
    assert_eq!(res.status(), 201);
}

#[actix_web::test]
async fn downloads_follow_the_owners_visibility() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let draft = news(
        &app,
        &c.admin,
        json!({"title": "草稿", "group_id": c.registry, "draft": true}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{draft}/attachments"),
        "a.txt",
        "text/plain",
        b"a".to_vec(),
    )
    .await;
    let url = res.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        app.client.get(app.url(&url)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        app.client
            .get(app.url(&url))
            .bearer_auth(&c.t_intern)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let res = app.client.post(app.site_url("/pages")).bearer_auth(&c.admin)
        .json(&json!({"title": "教職員專區", "read_group_ids": [c.registry], "edit_group_ids": [c.registry]})).send().await.unwrap();
    let page = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = upload(
        &app,
        &c.t_registry,
        &format!("/pages/{page}/attachments"),
        "會議紀錄.txt",
        "text/plain",
        b"x".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let a: Value = res.json().await.unwrap();
    let url = a["url"].as_str().unwrap().to_string();
    assert_eq!(
        app.client.get(app.url(&url)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        app.client
            .get(app.url(&url))
            .bearer_auth(&c.t_student)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = app
        .client
        .get(app.url(&url))
        .bearer_auth(&c.t_intern)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );

    // Removing one attachment.
    let del = app.site_url(&format!("/attachments/{}", a["id"]));
    assert_eq!(
        app.client
            .delete(&del)
            .bearer_auth(&c.t_student)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        app.client
            .delete(&del)
            .bearer_auth(&c.t_registry)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        app.client
            .get(app.url(&url))
            .bearer_auth(&c.t_intern)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[actix_web::test]
async fn images_are_reencoded_and_cached_forever() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let res = upload(
        &app,
        &c.t_intern,
        "/images",
        "logo.png",
        "image/png",
        png(2000, 100),
    )
    .await;
    assert_eq!(res.status(), 201);
    let img: Value = res.json().await.unwrap();
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(1600), Some(80))
    );
    for key in ["url", "thumbnail_url"] {
        let res = app
            .client
            .get(app.url(img[key].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers()["content-type"], "image/png");
        let bytes = res.bytes().await.unwrap();
        assert!(image::load_from_memory(&bytes).is_ok());
    }
    let res = upload(
        &app,
        &c.admin,
        "/images",
        "x.svg",
        "image/svg+xml",
        b"<svg onload=\"alert(1)\"/>".to_vec(),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .post(app.site_url("/images"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(
        app.client
            .get(app.site_url("/images/..%2F..%2Fetc%2Fpasswd"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// Uploads `data` as `name` claiming `claimed`; returns the attachment and
/// the download's (content type, disposition, body).
async fn round_trip(
    app: &TestApp,
    token: &str,
    path: &str,
    name: &str,
    claimed: &str,
    data: Vec<u8>,
) -> (Value, String, String, Vec<u8>) {
    let res = upload(app, token, path, name, claimed, data).await;
    assert_eq!(res.status(), 201, "{name}");
    let a: Value = res.json().await.unwrap();
    let res = app
        .client
        .get(app.url(a["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{name}");
    let h = |k: &str| res.headers()[k].to_str().unwrap().to_string();
    let (ct, cd) = (h("content-type"), h("content-disposition"));
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("content-security-policy"), "default-src 'none'; sandbox");
    (a, ct, cd, res.bytes().await.unwrap().to_vec())
}

#[actix_web::test]
async fn served_types_come_from_the_name_and_bytes_never_the_claim() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "型別", "group_id": c.registry}),
    )
    .await;
    let path = format!("/news/{id}/attachments");
    let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let opaque = "application/octet-stream";
    let mut zip = b"PK\x03\x04\x14\0\x06\0".to_vec();
    zip.extend_from_slice(&[0u8; 64]);
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0].to_vec();
    let cases: Vec<(&str, &str, Vec<u8>, &str, bool)> = vec![
        // Not PNG bytes, whatever the name and the claim say.
        ("photo.png", "text/html", html.clone(), opaque, false),
        ("photo.png", "image/png", html.clone(), opaque, false),
        ("page.html", "text/html", html.clone(), opaque, false),
        ("page", "text/html", html.clone(), opaque, false),
        (
            "x.svg",
            "image/svg+xml",
            b"<svg onload=\"alert(1)\"/>".to_vec(),
            opaque,
            false,
        ),
        (
            "x.js",
            "text/javascript",
            b"alert(1)".to_vec(),
            opaque,
            false,
        ),
        // A real PNG is a PNG, whatever was claimed; even under a JPEG name.
        ("photo.png", "text/html", png(3, 3), "image/png", true),
        (
            "photo.jpg",
            "application/x-evil",
            png(3, 3),
            "image/png",
            true,
        ),
        // A real PNG under a name that is no image type stays opaque.
        ("photo.html", "image/png", png(3, 3), opaque, false),
        (
            "簡章.pdf",
            "text/html",
            b"%PDF-1.7\n%demo".to_vec(),
            "application/pdf",
            false,
        ),
        (
            "簡章.pdf",
            "application/pdf",
            b"MZ\x90\0".to_vec(),
            opaque,
            false,
        ),
        (
            "成績.xlsx",
            "text/html",
            zip.clone(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        (
            "成績.xls",
            "text/html",
            ole.clone(),
            "application/vnd.ms-excel",
            false,
        ),
        (
            "成績.xls",
            "application/vnd.ms-excel",
            zip.clone(),
            opaque,
            false,
        ),
        (
            "會議.odt",
            "text/html",
            zip,
            "application/vnd.oasis.opendocument.text",
            false,
        ),
        (
            "說明.txt",
            "text/html",
            "招生簡章\n".as_bytes().to_vec(),
            "text/plain; charset=utf-8",
            false,
        ),
        // Big5, as older school PCs save: text, but no UTF-8 charset.
        (
            "名單.csv",
            "text/csv; charset=utf-8",
            vec![0xA9, 0xDB, 0xA5, 0xCD, b','],
            "text/csv",
            false,
        ),
    ];
    for (name, claimed, data, want, inline) in cases {
        let (a, ct, cd, body) =
            round_trip(&app, &c.admin, &path, name, claimed, data.clone()).await;
        assert_eq!((name, ct.as_str()), (name, want));
        assert_eq!(a["content_type"], want, "{name}: stored type");
        let disposition = if inline { "inline;" } else { "attachment;" };
        assert!(cd.starts_with(disposition), "{name}: {cd}");
        assert_eq!(body, data, "{name}");
    }
}

#[actix_web::test]
async fn rows_stored_with_a_claimed_type_are_served_by_their_bytes() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use yass_api::storage::entities::attachments as entity;
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "舊資料", "group_id": c.registry}),
    )
    .await;
    let path = format!("/news/{id}/attachments");
    let res = upload(
        &app,
        &c.admin,
        &path,
        "a.png",
        "text/plain",
        b"<html>x".to_vec(),
    )
    .await;
    let a: Value = res.json().await.unwrap();
    // As the type rule before this one stored it: the extension's type.
    for stored in ["image/png", "text/html", "text/plain; charset=utf-8"] {
        entity::Entity::update_many()
            .col_expr(entity::Column::ContentType, Expr::value(stored))
            .filter(entity::Column::Id.eq(a["id"].as_i64().unwrap()))
            .exec(&app.state.db)
            .await
            .unwrap();
        let res = app
            .client
            .get(app.url(a["url"].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-type"], "application/octet-stream");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
    }
}

#[actix_web::test]
async fn downloads_stream_whole_and_in_ranges() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "大檔", "group_id": c.registry}),
    )
    .await;
    // Several read chunks long, not a repeating pattern.
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "大檔.zip",
        "application/zip",
        [&b"PK\x03\x04"[..], &data].concat(),
    )
    .await;
    let a: Value = res.json().await.unwrap();
    let url = app.url(a["url"].as_str().unwrap());
    let res = app.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert_eq!(res.headers()["cache-control"], "public, max-age=30");
    let etag = res.headers()["etag"].clone();
    assert_eq!(res.bytes().await.unwrap().len(), 300_004);
    let res = app
        .client
        .get(&url)
        .header("Range", "bytes=100004-100013")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.headers()["content-range"], "bytes 100004-100013/300004");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(res.bytes().await.unwrap(), &data[100_000..100_010]);
    let res = app
        .client
        .get(&url)
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
}

#[actix_web::test]
async fn a_stored_file_that_is_gone_is_404_and_counted_never_500() {
    // 127.0.0.1 is a trusted proxy in tests and sends a 10.x client address.
    let app = TestApp::spawn_with(|s| s.metrics_allow = vec!["10.0.0.0/8".parse().unwrap()]).await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "遺失的附件", "group_id": c.registry}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "簡章.pdf",
        "application/pdf",
        b"%PDF-1.4 gone".to_vec(),
    )
    .await;
    let a: Value = res.json().await.unwrap();
    let url = app.url(a["url"].as_str().unwrap());
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 200);

    // The object goes missing behind yass's back (a store restored from an
    // older copy, an operator's mistake).
    let site = yass_api::storage::sites::load(&app.state.db, &app.slug, false)
        .await
        .unwrap();
    let row = yass_api::storage::attachments::get(
        &app.state.db,
        site.site_id(),
        a["id"].as_i64().unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    app.state
        .files
        .delete(&yass_api::file_store::FileKey::attachment(
            site.site_id(),
            &row.stored_name,
        ))
        .await
        .unwrap();

    let missing = |text: &str| {
        crate::metrics::value(
            text,
            "yass_file_store_requests_total",
            &[("outcome", "missing")],
        )
    };
    let scrape = || async {
        let res = app.client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        res.text().await.unwrap()
    };
    let before = missing(&scrape().await);
    let res = app.client.get(&url).send().await.unwrap();
    assert_eq!(
        res.status(),
        404,
        "a missing object is not found, never 500"
    );
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "a problem, not a half-sent file"
    );
    assert!(
        missing(&scrape().await) >= before + 1.0,
        "the missing object is counted (the alert YassFilesMissing reads it)"
    );
}
