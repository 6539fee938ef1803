use crate::helpers::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn api_tokens_are_shown_once_scoped_and_revocable() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .client
        .post(app.site_url("/api-tokens"))
        .bearer_auth(&admin)
        .json(&json!({"name": "教育局介接", "scope": "read"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    let id = created["token"]["id"].as_i64().unwrap();
    assert!(secret.starts_with("yass_"));
    // Listed without the secret.
    let list: Value = app
        .client
        .get(app.site_url("/api-tokens"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains(&secret));
    // Read scope reads editor views, never writes, never sees users.
    let res = app
        .client
        .get(app.site_url("/manage/pages"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .get(app.site_url("/users"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .client
        .post(app.site_url("/groups"))
        .bearer_auth(&secret)
        .json(&json!({"name": "x", "kind": "staff"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    // A site_admin token of a site admin manages groups.
    let res = app
        .client
        .post(app.site_url("/api-tokens"))
        .bearer_auth(&admin)
        .json(&json!({"name": "排程", "scope": "site_admin"}))
        .send()
        .await
        .unwrap();
    let write = res.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .client
        .post(app.site_url("/groups"))
        .bearer_auth(&write)
        .json(&json!({"name": "x", "kind": "staff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // Revoked: 401 at once.
    let res = app
        .client
        .delete(app.site_url(&format!("/api-tokens/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .client
        .get(app.site_url("/manage/pages"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    // Not valid on another site.
    let root = app.platform_token().await;
    let other = unique("o");
    app.client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": other, "name": "別校"}))
        .send()
        .await
        .unwrap();
    let res = app
        .client
        .get(app.url(&format!("/api/v1/sites/{other}/users")))
        .bearer_auth(&write)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    // Staff cannot manage tokens.
    let staff_group = app.group(&admin, "教務處", "staff", None).await;
    app.user(&admin, "staffer", &[staff_group]).await;
    let staff = app.token_of("staffer", PASSWORD).await;
    let res = app
        .client
        .post(app.site_url("/api-tokens"))
        .bearer_auth(&staff)
        .json(&json!({"name": "x", "scope": "read"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}
