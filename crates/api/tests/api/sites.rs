use crate::helpers::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[actix_web::test]
async fn platform_admin_creates_lists_updates_and_disables_sites() {
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let slug = unique("s");
    let host = format!("{slug}.school.example.tw");
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": slug, "name": "市立測試國中", "phone": "02-2345-6789", "hostnames": [host.to_uppercase()]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let site: Value = res.json().await.unwrap();
    assert_eq!(site["hostnames"], json!([host]));
    assert_eq!(site["phone_uri"], "tel:+886223456789");
    // A site made through the API is provisioned like one from the CLI or an
    // approved application: its administrators' group (so a webmaster can
    // be given to it) and a school's offices as staff groups.
    let groups: Value = app
        .client
        .get(app.url(&format!("/api/v1/sites/{slug}/groups")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = groups
        .as_array()
        .unwrap_or_else(|| panic!("{groups}"))
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "admin").count(),
        1,
        "{groups}"
    );
    assert!(groups.to_string().contains("教務處"), "{groups}");
    assert!(
        kinds.iter().all(|k| *k == "admin" || *k == "staff"),
        "{groups}"
    );

    let list: Value = app
        .client
        .get(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|s| s["slug"] == slug.as_str())
    );

    let resolved: Value = app
        .client
        .get(app.url(&format!("/api/v1/resolve?host={host}:443")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(resolved["slug"], slug.as_str());
    assert_eq!(resolved["primary"], true);

    // Update: clear the phone, rename.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/sites/{slug}")))
        .bearer_auth(&root)
        .json(&json!({"name": "新名稱", "phone": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["name"], "新名稱");
    assert_eq!(updated["phone"], Value::Null);

    // Disable: visitors and the resolver get 404 site_disabled.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/sites/{slug}")))
        .bearer_auth(&root)
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .get(app.url(&format!("/api/v1/sites/{slug}")))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "site_disabled").await;
    let res = app
        .client
        .get(app.url(&format!("/api/v1/resolve?host={host}")))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "site_disabled").await;
    let res = app
        .client
        .get(app.url("/api/v1/resolve?host=nobody.example.tw"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "site_not_found").await;
}

#[actix_web::test]
async fn site_creation_is_validated() {
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let other_host = format!("{}.example.tw", unique("h"));
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": unique("a"), "name": "A", "hostnames": [other_host]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    for (body, field) in [
        (json!({"slug": "api", "name": "x"}), "slug"),
        (json!({"slug": "admin", "name": "x"}), "slug"),
        (json!({"slug": "Bad Slug", "name": "x"}), "slug"),
        (json!({"slug": unique("b"), "name": "  "}), "name"),
        (
            json!({"slug": unique("b"), "name": "x", "phone": "call us"}),
            "phone",
        ),
        (
            json!({"slug": unique("b"), "name": "x", "email": "nope"}),
            "email",
        ),
        (
            json!({"slug": unique("b"), "name": "x", "map_embed_url": "https://evil.example/maps/embed"}),
            "map_embed_url",
        ),
        (
            json!({"slug": unique("b"), "name": "x", "hostnames": ["bad host"]}),
            "hostnames",
        ),
        (
            json!({"slug": unique("b"), "name": "x", "hostnames": [other_host]}),
            "hostnames",
        ),
        (json!({"slug": app.slug, "name": "x"}), "slug"),
    ] {
        let res = app
            .client
            .post(app.url("/api/v1/sites"))
            .bearer_auth(&root)
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{body} → {p}");
    }
}

#[actix_web::test]
async fn only_platform_admins_manage_sites_and_hostnames() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .json(&json!({"slug": unique("x"), "name": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&admin)
        .json(&json!({"slug": unique("x"), "name": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    // A site admin edits their own settings but not hostnames.
    let res = app
        .client
        .patch(app.site_url(""))
        .bearer_auth(&admin)
        .json(&json!({"slogan": "新標語"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .patch(app.site_url(""))
        .bearer_auth(&admin)
        .json(&json!({"hostnames": ["mine.example.tw"]}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let public: Value = app
        .client
        .get(app.site_url(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["slogan"], "新標語");
}

#[actix_web::test]
async fn openapi_and_docs_are_served() {
    let app = TestApp::spawn().await;
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/sites/{site}/auth/login"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let res = app
        .client
        .get(app.url("/api/v1/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger"), "the docs page is served locally");
    assert!(!html.contains("cdn"), "no CDN");
}

#[actix_web::test]
async fn a_bare_site_has_only_its_administrators_group_and_no_menu() {
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let slug = unique("b");
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": slug, "name": "空白國小", "bare": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let groups: Value = app
        .client
        .get(app.url(&format!("/api/v1/sites/{slug}/groups")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["admin"], "{groups}");
    let nav: Value = app
        .client
        .get(app.url(&format!("/api/v1/sites/{slug}/nav")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(nav, json!([]), "a bare site has no menu");
}
