//! Platform admins manage each other and their own password; nobody
//! disables themselves, and a disabled admin's sessions end at once.

use crate::helpers::*;
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = app.client.request(method, app.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[actix_web::test]
async fn platform_admins_add_and_disable_each_other_but_never_themselves() {
    use reqwest::Method as M;
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let staff = app.admin_token().await;
    assert_eq!(
        call(&app, M::GET, "/api/v1/platform-admins", None, None)
            .await
            .0,
        401
    );
    assert_eq!(
        call(&app, M::GET, "/api/v1/platform-admins", Some(&staff), None)
            .await
            .0,
        403
    );
    let account = unique("pa");
    let body = json!({"account": account, "password": PASSWORD, "display_name": "第二位管理員", "status": "active"});
    assert_eq!(
        call(
            &app,
            M::POST,
            "/api/v1/platform-admins",
            Some(&staff),
            Some(body.clone())
        )
        .await
        .0,
        403
    );
    let (s, made) = call(
        &app,
        M::POST,
        "/api/v1/platform-admins",
        Some(&root),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 201, "{made}");
    let (s, _) = call(
        &app,
        M::POST,
        "/api/v1/platform-admins",
        Some(&root),
        Some(body),
    )
    .await;
    assert_eq!(s, 422, "the account exists");
    let (s, list) = call(&app, M::GET, "/api/v1/platform-admins", Some(&root), None).await;
    assert_eq!(s, 200);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|u| u["account"] == account.as_str())
    );

    // The new admin signs in; nobody disables themselves.
    let second = app.token_of_platform(&account, PASSWORD).await;
    let me: Value = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own = format!("/api/v1/platform-admins/{}", me["id"]);
    let (s, p) = call(
        &app,
        M::PATCH,
        &own,
        Some(&second),
        Some(json!({"status": "disabled"})),
    )
    .await;
    assert_eq!((s, p["code"].as_str()), (409, Some("conflict")), "{p}");
    // Another admin disables them: their session ends at once.
    let (s, _) = call(
        &app,
        M::PATCH,
        &own,
        Some(&root),
        Some(json!({"status": "disabled"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        call(&app, M::GET, "/api/v1/platform-admins", Some(&second), None)
            .await
            .0,
        401
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"account": account, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // A site admin's id is no platform admin's.
    let (s, _) = call(
        &app,
        M::PATCH,
        "/api/v1/platform-admins/999999999",
        Some(&root),
        Some(json!({"status": "disabled"})),
    )
    .await;
    assert_eq!(s, 404);
}

#[actix_web::test]
async fn a_platform_admin_changes_their_own_password() {
    use reqwest::Method as M;
    let app = TestApp::spawn().await;
    let account = unique("pw");
    let root = app.platform_token().await;
    let (s, _) = call(
        &app,
        M::POST,
        "/api/v1/platform-admins",
        Some(&root),
        Some(json!({"account": account, "password": PASSWORD})),
    )
    .await;
    assert_eq!(s, 201);
    // Made with a first password: nothing but the change until it is done.
    let token = app.token_of_platform(&account, PASSWORD).await;
    let (s, p) = call(&app, M::GET, "/api/v1/platform-admins", Some(&token), None).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (403, Some("password_change_required")),
        "{p}"
    );
    let wrong = json!({"current_password": "not it at all", "new_password": "a new platform pass"});
    let (s, p) = call(
        &app,
        M::POST,
        "/api/v1/auth/me/password",
        Some(&token),
        Some(wrong),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    let good = json!({"current_password": PASSWORD, "new_password": "a new platform pass"});
    let (s, t) = call(
        &app,
        M::POST,
        "/api/v1/auth/me/password",
        Some(&token),
        Some(good),
    )
    .await;
    assert_eq!(s, 200, "{t}");
    // The old session ended; the new tokens work; the new password signs in.
    assert_eq!(
        call(&app, M::GET, "/api/v1/auth/me", Some(&token), None)
            .await
            .0,
        401
    );
    let fresh = t["access_token"].as_str().unwrap();
    assert_eq!(
        call(&app, M::GET, "/api/v1/auth/me", Some(fresh), None)
            .await
            .0,
        200
    );
    app.token_of_platform(&account, "a new platform pass").await;
    // Recorded in the platform's log, without the password.
    let (_, log) = call(
        &app,
        M::GET,
        "/api/v1/audit-log?site=-&per_page=50",
        Some(&root),
        None,
    )
    .await;
    let e = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "platform_admin" && e["actor_name"] == account.as_str())
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(e["action"], "update");
    assert!(!e.to_string().contains("a new platform pass"));
    // Site staff have no such route.
    let staff = app.admin_token().await;
    let (s, _) = call(
        &app,
        M::POST,
        "/api/v1/auth/me/password",
        Some(&staff),
        Some(json!({"current_password": PASSWORD, "new_password": "whatever long"})),
    )
    .await;
    assert_eq!(s, 403);
}
