use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::json;

#[actix_web::test]
async fn extensions_carry_a_tap_to_call_uri_and_reject_bad_numbers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = expect(
        &app,
        "POST",
        "/extensions",
        Some(&admin),
        Some(json!({"title": "教務處", "extension": "123", "on_homepage": true})),
        201,
    )
    .await;
    assert_eq!(created["tel_uri"], "tel:+886223456789,123");
    expect(
        &app,
        "POST",
        "/extensions",
        Some(&admin),
        Some(json!({"title": "學務處", "extension": " 1 20 "})),
        201,
    )
    .await;

    let res = send(
        &app,
        "POST",
        "/extensions",
        Some(&admin),
        Some(json!({"title": "總務處", "extension": "12a"})),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(field_error(&body, "extension").contains("digits"));
    let res = send(
        &app,
        "POST",
        "/extensions",
        Some(&admin),
        Some(json!({"title": " ", "extension": "123456789"})),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["title"].is_array() && body["errors"]["extension"].is_array());

    let res = send(&app, "GET", "/extensions", None, None).await;
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public, max-age=")
    );
    let list: serde_json::Value = res.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["extension"], "120");
    assert_eq!(list[1]["tel_uri"], "tel:+886223456789,120");

    // Reorder, update, delete.
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let reordered = expect(
        &app,
        "PUT",
        "/extensions/order",
        Some(&admin),
        Some(json!({"ids": [ids[1], ids[0]]})),
        200,
    )
    .await;
    assert_eq!(reordered[0]["id"], ids[1]);
    expect(
        &app,
        "PUT",
        "/extensions/order",
        Some(&admin),
        Some(json!({"ids": [ids[1]]})),
        422,
    )
    .await;
    let id = ids[0];
    let updated = expect(
        &app,
        "PUT",
        &format!("/extensions/{id}"),
        Some(&admin),
        Some(json!({"title": "教務處", "extension": "110"})),
        200,
    )
    .await;
    assert_eq!(updated["tel_uri"], "tel:+886223456789,110");
    expect(
        &app,
        "DELETE",
        &format!("/extensions/{id}"),
        Some(&admin),
        None,
        204,
    )
    .await;
    expect(
        &app,
        "DELETE",
        &format!("/extensions/{id}"),
        Some(&admin),
        None,
        404,
    )
    .await;
}

#[actix_web::test]
async fn only_site_admins_write_extensions() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = send(
        &app,
        "POST",
        "/extensions",
        None,
        Some(json!({"title": "校長室", "extension": "100"})),
    )
    .await;
    assert_problem(res, 401, "unauthorized").await;
    let staff_group = app.group(&admin, "教務處", "staff", None).await;
    app.user(&admin, "teacher", &[staff_group]).await;
    let staff = app.token_of("teacher", PASSWORD).await;
    let res = send(
        &app,
        "POST",
        "/extensions",
        Some(&staff),
        Some(json!({"title": "校長室", "extension": "100"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    let other = other_site_admin_token(&app).await;
    let res = send(
        &app,
        "POST",
        "/extensions",
        Some(&other),
        Some(json!({"title": "校長室", "extension": "100"})),
    )
    .await;
    assert_problem(res, 401, "unauthorized").await;
}
