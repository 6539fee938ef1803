use crate::helpers::*;
use serde_json::json;

#[actix_web::test]
async fn bad_requests_get_clear_problems_never_500() {
    let app = TestApp::spawn_with(|s| s.json_limit_bytes = 4096).await;
    let login = app.site_url("/auth/login");
    // Malformed JSON.
    let res = app
        .client
        .post(&login)
        .header("content-type", "application/json")
        .body("{\"account\":")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "malformed_json").await;
    // Wrong types.
    let res = app
        .client
        .post(&login)
        .json(&json!({"account": 5, "password": []}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    // Unknown fields are refused, not ignored.
    let res = app
        .client
        .post(&login)
        .json(&json!({"account": "a", "password": "b", "admin": true}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    // Wrong content type.
    let res = app
        .client
        .post(&login)
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported_media_type").await;
    // Oversized body.
    let big = "x".repeat(10_000);
    let res = app
        .client
        .post(&login)
        .json(&json!({"account": big, "password": "b"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 413, "payload_too_large").await;
    // Unknown site, unknown route, non-numeric id, bad paging.
    let res = app
        .client
        .get(app.url("/api/v1/sites/no-such-school"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "site_not_found").await;
    let res = app
        .client
        .get(app.url("/api/v1/nope"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let token = app.admin_token().await;
    let res = app
        .client
        .get(app.site_url("/users/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .get(app.site_url("/users?page=0"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .get(app.site_url("/users?per_page=lots"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    // A malformed Authorization header.
    let res = app
        .client
        .get(app.site_url("/me"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}
