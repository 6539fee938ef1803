use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::json;

#[actix_web::test]
async fn logo_and_banners_are_own_images_or_https() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let own = format!("/api/v1/sites/{}/images/logo.png", app.slug);
    let saved = expect(&app, "PUT", "/branding", Some(&admin), Some(json!({"logo_url": own, "banner_urls": ["https://cdn.example.tw/b1.jpg", format!("/api/v1/sites/{}/images/b2.jpg", app.slug)]})), 200).await;
    assert_eq!(saved["logo_url"], own.as_str());
    assert_eq!(saved["banner_urls"].as_array().unwrap().len(), 2);
    let public = app
        .client
        .get(app.site_url(""))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(public["logo_url"], own.as_str());
    for body in [
        json!({"logo_url": "http://cdn.example.tw/logo.png"}),
        json!({"logo_url": "/api/v1/sites/other/images/logo.png"}),
        json!({"banner_urls": ["javascript:alert(1)"]}),
    ] {
        let res = send(&app, "PUT", "/branding", Some(&admin), Some(body)).await;
        assert_problem(res, 422, "validation_failed").await;
    }
    let res = send(&app, "PUT", "/branding", None, Some(json!({}))).await;
    assert_problem(res, 401, "unauthorized").await;
}

#[actix_web::test]
async fn homepage_layout_defaults_and_validates() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let layout = expect(&app, "GET", "/homepage-layout", Some(&admin), None, 200).await;
    assert_eq!(layout["blocks"].as_array().unwrap().len(), 5);
    assert_eq!(layout["blocks"][0]["kind"], "announcements");
    let saved = expect(&app, "PUT", "/homepage-layout", Some(&admin), Some(json!({"blocks": [{"kind": "calendar", "enabled": true, "count": 3}, {"kind": "news", "enabled": true, "count": 8}]})), 200).await;
    assert_eq!(saved["blocks"][0]["kind"], "calendar");
    assert_eq!(saved["blocks"].as_array().unwrap().len(), 5);
    assert_eq!(saved["blocks"][4]["enabled"], false);
    let again = expect(&app, "GET", "/homepage-layout", Some(&admin), None, 200).await;
    assert_eq!(again, saved);
    let res = send(&app, "PUT", "/homepage-layout", Some(&admin), Some(json!({"blocks": [{"kind": "news", "enabled": true, "count": 0}, {"kind": "news", "enabled": true, "count": 5}]}))).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["blocks"].is_array());
    let res = send(
        &app,
        "PUT",
        "/homepage-layout",
        Some(&admin),
        Some(json!({"blocks": [{"kind": "weather", "enabled": true, "count": 5}]})),
    )
    .await;
    assert!(res.status().is_client_error());
    let res = send(&app, "GET", "/homepage-layout", None, None).await;
    assert_problem(res, 401, "unauthorized").await;
}
