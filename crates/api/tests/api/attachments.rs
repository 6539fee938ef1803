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

    // Deleting the item deletes its files.
    let dir = app.data_dir.join("uploads").join(app.site_id.to_string());
    let files = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_file())
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(files(&dir), 4);
    let res = app
        .client
        .delete(app.site_url(&format!("/news/{id}")))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(files(&dir), 0);
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
