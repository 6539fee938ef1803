//! Helpers for the news, pages and attachments tests.

use crate::helpers::*;
use chrono::TimeDelta;
use reqwest::Response;
use serde_json::{Value, json};
use yass_shared_types::site::CreateSite;
use yass_shared_types::users::{CreateUser, UserStatus};

/// A small group tree and one user in each group:
/// academic (staff) ─ registry (staff) ─ intern (normal); student (staff).
pub struct Cast {
    pub admin: String,
    pub academic: i64,
    pub registry: i64,
    pub student: i64,
    pub t_academic: String,
    pub t_registry: String,
    pub t_intern: String,
    pub t_student: String,
}

pub async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin_token().await;
    let academic = app.group(&admin, "教務處", "staff", None).await;
    let registry = app.group(&admin, "註冊組", "staff", Some(academic)).await;
    let intern = app.group(&admin, "實習", "normal", Some(registry)).await;
    let student = app.group(&admin, "學務處", "staff", None).await;
    for (a, g) in [
        ("u_academic", academic),
        ("u_registry", registry),
        ("u_intern", intern),
        ("u_student", student),
    ] {
        app.user(&admin, a, &[g]).await;
    }
    Cast {
        t_academic: app.token_of("u_academic", PASSWORD).await,
        t_registry: app.token_of("u_registry", PASSWORD).await,
        t_intern: app.token_of("u_intern", PASSWORD).await,
        t_student: app.token_of("u_student", PASSWORD).await,
        admin,
        academic,
        registry,
        student,
    }
}

/// The admin token of a second site on the same server.
pub async fn other_site_admin(app: &TestApp) -> String {
    let slug = unique("o");
    let site = yass_api::routes::sites::create(
        &app.state,
        CreateSite {
            slug: slug.clone(),
            name: "別的學校".into(),
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
            account: "other_admin".into(),
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
        .json(&json!({"account": "other_admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

pub async fn post_news(app: &TestApp, token: &str, body: Value) -> Response {
    app.client
        .post(app.site_url("/news"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Creates a news item; returns its id.
pub async fn news(app: &TestApp, token: &str, body: Value) -> i64 {
    let res = post_news(app, token, body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

pub async fn get_json(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut rb = app.client.get(app.site_url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub fn at(app: &TestApp, offset: TimeDelta) -> String {
    (app.clock.now() + offset).to_rfc3339()
}

pub fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect()
}

/// A tiny PNG.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    name: &str,
    mime: &str,
    data: Vec<u8>,
) -> Response {
    let part = reqwest::multipart::Part::bytes(data)
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client
        .post(app.site_url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}
