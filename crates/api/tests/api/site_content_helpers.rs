//! Helpers shared by the site-content tests (links, extensions, calendar, nav).

use crate::helpers::*;
use reqwest::Response;
use serde_json::{Value, json};
use yass_shared_types::site::CreateSite;
use yass_shared_types::users::{CreateUser, UserStatus};

/// A second site on the same server with its own admin; returns the admin's
/// token (valid on that site only).
pub async fn other_site_admin_token(app: &TestApp) -> String {
    let slug = unique("o");
    let site = yass_api::routes::sites::create(
        &app.state,
        CreateSite {
            slug: slug.clone(),
            name: "另一所國小".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let g = yass_api::demo::ensure_admin_group(&app.state, site.id)
        .await
        .unwrap();
    yass_api::routes::users::create(
        &app.state,
        Some(site.id),
        CreateUser {
            account: "other".into(),
            password: PASSWORD.into(),
            display_name: None,
            emails: vec![],
            group_ids: vec![g],
            status: Some(UserStatus::Active),
        },
    )
    .await
    .unwrap();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sites/{slug}/auth/login")))
        .json(&json!({"account": "other", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

pub async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Response {
    let url = app.site_url(path);
    let mut req = match method {
        "GET" => app.client.get(url),
        "POST" => app.client.post(url),
        "PUT" => app.client.put(url),
        "PATCH" => app.client.patch(url),
        "DELETE" => app.client.delete(url),
        _ => unreachable!(),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

/// Sends and expects `status`; returns the JSON body (Null when empty).
pub async fn expect(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    status: u16,
) -> Value {
    let res = send(app, method, path, token, body).await;
    let got = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{method} {path}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

pub fn field_error(body: &Value, field: &str) -> String {
    body["errors"][field].to_string()
}
