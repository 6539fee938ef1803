//! Helpers shared by the site-content tests (links, extensions, calendar, nav).

use crate::helpers::*;
use reqwest::Response;
use serde_json::Value;

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

/// Sends; returns the status and the JSON body (Null when none).
pub async fn call(
    app: &TestApp,
    method: impl AsRef<str>,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let res = send(app, method.as_ref(), path, token, body).await;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Sends as `token` and expects success (2xx); returns the JSON body.
pub async fn ok(
    app: &TestApp,
    method: impl AsRef<str>,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Value {
    let m = method.as_ref().to_string();
    let (s, v) = call(app, &m, path, Some(token), body).await;
    assert!((200..300).contains(&s), "{m} {path}: {s} {v}");
    v
}

pub fn field_error(body: &Value, field: &str) -> String {
    body["errors"][field].to_string()
}
