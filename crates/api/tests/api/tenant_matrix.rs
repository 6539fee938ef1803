//! The tenant matrix, generated from the committed OpenAPI document: every
//! operation whose path has `{site}` and an id is called by another school's
//! admin with an id from this school. It must answer 404 (never 403: no
//! existence leak), and nothing on this school may change. This school's
//! token on the other school's path is refused too. An id-bearing operation
//! without a fixture fails the test, so a new endpoint cannot slip past.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One resource of site A for every kind of id a path can carry.
struct Fixtures {
    ids: BTreeMap<&'static str, String>,
    attachment_name: String,
}

async fn fixtures(app: &TestApp, admin: &str) -> Fixtures {
    let c = cast(app).await;
    let mut ids = BTreeMap::new();
    let id = |v: &Value| {
        v["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no id in {v}"))
            .to_string()
    };
    let cat = expect(
        app,
        "POST",
        "/news/categories",
        Some(admin),
        Some(json!({"name": "校園公告"})),
        201,
    )
    .await;
    ids.insert("news/categories", id(&cat));
    let n = news(
        app,
        admin,
        json!({"title": "甲校消息", "group_id": c.academic, "category_id": cat["id"]}),
    )
    .await;
    ids.insert("news", n.to_string());
    let page = expect(
        app,
        "POST",
        "/pages",
        Some(admin),
        Some(json!({"title": "甲校簡介", "body": "<p>甲</p>"})),
        201,
    )
    .await;
    ids.insert("pages", id(&page));
    let res = upload(
        app,
        admin,
        &format!("/news/{n}/attachments"),
        "甲.pdf",
        "application/pdf",
        b"%PDF-1.4 a".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let att: Value = res.json().await.unwrap();
    ids.insert("attachments", id(&att));
    let attachment_name = att["file_name"].as_str().unwrap_or("a.pdf").to_string();
    let res = upload(app, admin, "/images", "logo.png", "image/png", png(20, 20)).await;
    assert_eq!(res.status(), 201);
    let img: Value = res.json().await.unwrap();
    let img_name = img["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    ids.insert("images", img_name);
    let lc = expect(
        app,
        "POST",
        "/link-categories",
        Some(admin),
        Some(json!({"name": "教學資源"})),
        201,
    )
    .await;
    ids.insert("link-categories", id(&lc));
    let link = expect(
        app,
        "POST",
        "/links",
        Some(admin),
        Some(json!({"title": "甲校連結", "url": "https://a.example.tw/", "category_id": lc["id"]})),
        201,
    )
    .await;
    ids.insert("links", id(&link));
    let ext = expect(
        app,
        "POST",
        "/extensions",
        Some(admin),
        Some(json!({"title": "教務處", "extension": "123"})),
        201,
    )
    .await;
    ids.insert("extensions", id(&ext));
    let ev = expect(app, "POST", "/calendar/events", Some(admin), Some(json!({"title": "校慶", "when": {"kind": "all_day", "start": "2026-10-24", "end": "2026-10-25"}})), 201).await;
    ids.insert("calendar/events", id(&ev));
    let nav = expect(app, "POST", "/nav", Some(admin), Some(json!({"name": "甲校選單", "target": {"type": "link", "url": "https://a.example.tw/", "new_tab": false}})), 201).await;
    ids.insert("nav", id(&nav));
    ids.insert("groups", c.registry.to_string());
    let user = app.user(admin, &unique("u"), &[c.student]).await;
    ids.insert("users", user.to_string());
    let token = expect(
        app,
        "POST",
        "/api-tokens",
        Some(admin),
        Some(json!({"name": "甲校介接", "scope": "read"})),
        201,
    )
    .await;
    ids.insert("api-tokens", id(&token["token"]));
    // Something of A's in A's trash.
    let gone = expect(
        app,
        "POST",
        "/extensions",
        Some(admin),
        Some(json!({"title": "舊分機", "extension": "999"})),
        201,
    )
    .await;
    expect(
        app,
        "DELETE",
        &format!("/extensions/{}", id(&gone)),
        Some(admin),
        None,
        204,
    )
    .await;
    let trash = expect(app, "GET", "/trash", Some(admin), None, 200).await;
    ids.insert("trash", id(&trash[0]));
    Fixtures {
        ids,
        attachment_name,
    }
}

/// Everything site A's admin can read back, to prove nothing changed.
async fn everything(app: &TestApp, admin: &str) -> Vec<Value> {
    let mut out = vec![];
    for path in [
        "/manage/news?per_page=100",
        "/manage/pages",
        "/news/categories",
        "/links",
        "/extensions",
        "/calendar/events?from=2026-10-01&to=2026-11-30",
        "/manage/nav",
        "/groups",
        "/users",
        "/api-tokens",
    ] {
        let res = send(app, "GET", path, Some(admin), None).await;
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        assert_eq!(status, 200, "GET {path}: {text}");
        let mut v: Value = serde_json::from_str(&text).unwrap();
        // Sign-in times move as the test signs people in; not content.
        strip(&mut v, &["last_login_at", "last_used_at"]);
        out.push(v);
    }
    out
}

fn strip(v: &mut Value, keys: &[&str]) {
    match v {
        Value::Object(m) => {
            for k in keys {
                m.remove(*k);
            }
            m.values_mut().for_each(|x| strip(x, keys));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| strip(x, keys)),
        _ => {}
    }
}

/// A body that passes validation, so the answer is about the id alone.
fn body_for(method: &str, template: &str) -> Option<Value> {
    let b = match (method, template) {
        ("PUT", t) if t.ends_with("/calendar/events/{id}") => {
            json!({"title": "乙", "when": {"kind": "all_day", "start": "2026-10-24", "end": "2026-10-25"}})
        }
        ("PUT", t) if t.ends_with("/extensions/{id}") => json!({"title": "乙", "extension": "9"}),
        ("PATCH", t) if t.ends_with("/groups/{id}") => json!({"name": "乙"}),
        ("PATCH", t) if t.ends_with("/link-categories/{id}") => json!({"name": "乙"}),
        ("PUT", t) if t.ends_with("/order") => json!({"ids": []}),
        ("PUT", t) if t.ends_with("/links/{id}") => {
            json!({"title": "乙", "url": "https://b.example.tw/"})
        }
        ("PATCH", t) if t.ends_with("/nav/{id}") => json!({"name": "乙"}),
        ("POST", t) if t.ends_with("/move") => json!({"parent_id": null, "position": 0}),
        ("PATCH", t) if t.ends_with("/news/categories/{id}") => json!({"name": "乙"}),
        ("PUT", t) if t.ends_with("/news/{id}") => json!({"title": "乙"}),
        ("PATCH", t) if t.ends_with("/news/{id}") => json!({"title": "乙"}),
        ("PUT", t) if t.ends_with("/pages/{id}") => json!({"title": "乙"}),
        ("PATCH", t) if t.ends_with("/users/{id}") => json!({"display_name": "乙"}),
        _ => return None,
    };
    Some(b)
}

/// The fixture kind of a path: the segments between `{site}` and the first
/// other parameter (`news/categories`, `links`, …).
fn kind_of(template: &str) -> String {
    let rest = template.split("{site}/").nth(1).unwrap_or("");
    rest.split("/{").next().unwrap_or("").to_string()
}

fn concrete(template: &str, slug: &str, f: &Fixtures) -> Option<String> {
    let id = f.ids.get(kind_of(template).as_str())?;
    Some(
        template
            .replace("{site}", slug)
            .replace("{id}", id)
            .replace("{name}", id)
            .replace("{file_name}", &f.attachment_name)
            // Version numbers of A's items: their first exists.
            .replace("{number}", "1")
            .replace("{from}", "1")
            .replace("{to}", "1"),
    )
}

async fn call(
    app: &TestApp,
    method: &str,
    url: &str,
    token: &str,
    template: &str,
) -> (u16, String) {
    let mut req = match method {
        "GET" => app.client.get(url),
        "POST" => app.client.post(url),
        "PUT" => app.client.put(url),
        "PATCH" => app.client.patch(url),
        _ => app.client.delete(url),
    }
    .bearer_auth(token);
    if template.ends_with("/attachments") {
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 b".to_vec())
            .file_name("b.pdf")
            .mime_str("application/pdf")
            .unwrap();
        req = req.multipart(reqwest::multipart::Form::new().part("file", part));
    } else if let Some(b) = body_for(method, template) {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

fn operations() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = vec![];
    for (template, ops) in doc["paths"].as_object().unwrap() {
        let params = template.matches('{').count();
        if !template.contains("{site}") || params < 2 {
            continue;
        }
        for method in ops.as_object().unwrap().keys() {
            let m = method.to_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()) {
                out.push((m, template.clone()));
            }
        }
    }
    out
}

#[actix_web::test]
async fn another_schools_admin_gets_404_for_every_id_of_this_school() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixtures(&app, &admin).await;
    let (b_slug, b_admin) = app.other_site().await;
    let before = everything(&app, &admin).await;

    let ops = operations();
    let mut missing = vec![];
    let mut wrong = vec![];
    let mut covered = 0;
    for (method, template) in &ops {
        let Some(on_b) = concrete(template, &b_slug, &f) else {
            missing.push(format!("{method} {template}"));
            continue;
        };
        covered += 1;
        // B's admin, A's id, on B's path.
        let (status, text) = call(&app, method, &app.url(&on_b), &b_admin, template).await;
        if status != 404 {
            wrong.push(format!("{method} {on_b} as B's admin: {status} {text}"));
        }
        // B's admin on A's path: B's token does not authenticate anyone on A.
        let on_a = concrete(template, &app.slug, &f).unwrap();
        let (status, text) = call(&app, method, &app.url(&on_a), &b_admin, template).await;
        let public_read = method == "GET" && status == 200;
        if status != 401 && status != 404 && !public_read {
            wrong.push(format!("{method} {on_a} with B's token: {status} {text}"));
        }
    }
    println!("tenant matrix: covered = {covered}, total = {}", ops.len());
    assert!(
        missing.is_empty(),
        "operations without a fixture: {missing:#?}"
    );
    assert!(wrong.is_empty(), "tenancy broken: {wrong:#?}");
    assert_eq!(covered, ops.len());
    assert!(covered >= 30, "only {covered} id-bearing operations found");
    let after = everything(&app, &admin).await;
    assert_eq!(before, after, "site A changed");
}
