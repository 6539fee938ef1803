//! Issue 12 item 5: deleting a group never publishes what it restricted, and
//! a restricted page whose read groups are gone is for site admins only.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::{Value, json};

async fn anon_status(app: &TestApp, url: &str) -> u16 {
    app.client.get(url).send().await.unwrap().status().as_u16()
}

async fn sitemap(app: &TestApp) -> String {
    let res = app
        .client
        .get(app.site_url("/sitemap.xml"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

#[actix_web::test]
async fn deleting_a_referenced_group_is_409_listing_every_reference() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let g = c.registry;
    let read = expect(
        &app,
        "POST",
        "/pages",
        Some(&c.admin),
        Some(json!({"title": "教職員專區", "read_group_ids": [g]})),
        201,
    )
    .await;
    let edit = expect(
        &app,
        "POST",
        "/pages",
        Some(&c.admin),
        Some(json!({"title": "註冊須知", "edit_group_ids": [g]})),
        201,
    )
    .await;
    let n = news(&app, &c.admin, json!({"title": "註冊公告", "group_id": g})).await;
    let link = expect(
        &app,
        "POST",
        "/links",
        Some(&c.admin),
        Some(json!({"title": "註冊系統", "url": "https://example.org/", "group_id": g})),
        201,
    )
    .await;
    let res = send(
        &app,
        "DELETE",
        &format!("/groups/{g}"),
        Some(&c.admin),
        None,
    )
    .await;
    let p = assert_problem(res, 409, "group_in_use").await;
    let refs: Vec<(String, i64, String)> = p["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["id"].as_i64().unwrap(),
                r["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |kind: &str, id: i64, title: &str| {
        refs.contains(&(kind.to_string(), id, title.to_string()))
    };
    assert!(
        has("page_read", read["id"].as_i64().unwrap(), "教職員專區"),
        "{refs:?}"
    );
    assert!(
        has("page_edit", edit["id"].as_i64().unwrap(), "註冊須知"),
        "{refs:?}"
    );
    assert!(has("news", n, "註冊公告"), "{refs:?}");
    assert!(
        has("link", link["id"].as_i64().unwrap(), "註冊系統"),
        "{refs:?}"
    );
    assert!(
        refs.iter().any(|r| r.0 == "member" && r.2 == "u_registry"),
        "{refs:?}"
    );
    assert!(
        refs.iter().any(|r| r.0 == "sub_group" && r.2 == "實習"),
        "{refs:?}"
    );
    // Nothing changed: the group is there and the page still restricted.
    let groups = expect(&app, "GET", "/groups", Some(&c.admin), None, 200).await;
    assert!(groups.as_array().unwrap().iter().any(|x| x["id"] == g));
    let url = app.site_url(&format!("/pages/{}", read["id"]));
    assert_eq!(anon_status(&app, &url).await, 404);
    assert!(
        !sitemap(&app)
            .await
            .contains(&format!("/pages/{}<", read["id"]))
    );

    // A group nothing refers to is deleted.
    let spare = app.group(&c.admin, "臨時", "normal", None).await;
    expect(
        &app,
        "DELETE",
        &format!("/groups/{spare}"),
        Some(&c.admin),
        None,
        204,
    )
    .await;
    let groups = expect(&app, "GET", "/groups", Some(&c.admin), None, 200).await;
    assert!(!groups.as_array().unwrap().iter().any(|x| x["id"] == spare));
}

#[actix_web::test]
async fn restricted_pages_without_read_groups_are_for_site_admins_only() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    // A page restricted to registry, with an attachment.
    let page = expect(&app, "POST", "/pages", Some(&c.admin),
        Some(json!({"title": "教職員專區", "body": "<p>x</p>", "read_group_ids": [c.registry], "edit_group_ids": [c.registry]})), 201).await;
    assert_eq!(page["visibility"], "restricted");
    let id = page["id"].as_i64().unwrap();
    let res = upload(
        &app,
        &c.t_registry,
        &format!("/pages/{id}/attachments"),
        "紀錄.txt",
        "text/plain",
        b"x".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let file = app.url(res.json::<Value>().await.unwrap()["url"].as_str().unwrap());
    let url = app.site_url(&format!("/pages/{id}"));
    let page_as = |t: Option<&str>| {
        let mut r = app.client.get(&url);
        if let Some(t) = t {
            r = r.bearer_auth(t);
        }
        async move { r.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(page_as(Some(&c.t_registry)).await, 200);

    // The read groups are taken away without saying "public": the page
    // stays restricted, now for site admins only.
    let p = expect(
        &app,
        "PUT",
        &format!("/pages/{id}"),
        Some(&c.admin),
        Some(json!({"title": "教職員專區", "body": "<p>x</p>", "read_group_ids": []})),
        200,
    )
    .await;
    assert_eq!(p["visibility"], "restricted");
    assert_eq!(p["read_group_ids"], json!([]));
    assert_eq!(page_as(None).await, 404);
    assert_eq!(page_as(Some(&c.t_registry)).await, 404);
    assert_eq!(page_as(Some(&c.t_student)).await, 404);
    assert_eq!(page_as(Some(&c.admin)).await, 200);
    assert_eq!(anon_status(&app, &file).await, 404);
    let with = |t: &str| app.client.get(&file).bearer_auth(t.to_string()).send();
    assert_eq!(with(&c.t_registry).await.unwrap().status(), 404);
    assert_eq!(with(&c.admin).await.unwrap().status(), 200);
    assert!(!sitemap(&app).await.contains(&format!("/pages/{id}<")));
    let nav = expect(
        &app,
        "POST",
        "/nav",
        Some(&c.admin),
        Some(json!({"name": "教職員專區連結", "target": {"type": "page", "page_id": id}})),
        201,
    )
    .await;
    let visitor_nav = expect(&app, "GET", "/nav", None, None, 200).await;
    assert!(
        !visitor_nav.to_string().contains("教職員專區連結"),
        "{visitor_nav}"
    );
    let admin_nav = expect(&app, "GET", "/nav", Some(&c.admin), None, 200).await;
    assert!(
        admin_nav.to_string().contains("教職員專區連結"),
        "{admin_nav}"
    );
    let _ = nav;
    // The admins' list says so.
    let m = expect(&app, "GET", "/manage/pages", Some(&c.admin), None, 200).await;
    let row = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["visibility"], "restricted");

    // Made public explicitly: everyone reads it (and caches learn it) …
    let p = expect(
        &app,
        "PUT",
        &format!("/pages/{id}"),
        Some(&c.admin),
        Some(json!({"title": "教職員專區", "body": "<p>x</p>", "visibility": "public"})),
        200,
    )
    .await;
    assert_eq!(p["visibility"], "public");
    assert_eq!(page_as(None).await, 200);
    assert_eq!(anon_status(&app, &file).await, 200);
    assert!(sitemap(&app).await.contains(&format!("/pages/{id}<")));
    // … and restricted again: cached public copies are dropped at once.
    let p = expect(
        &app,
        "PUT",
        &format!("/pages/{id}"),
        Some(&c.admin),
        Some(json!({"title": "教職員專區", "body": "<p>x</p>", "visibility": "restricted"})),
        200,
    )
    .await;
    assert_eq!(p["visibility"], "restricted");
    assert_eq!(page_as(None).await, 404);
    assert_eq!(anon_status(&app, &file).await, 404);
    assert!(!sitemap(&app).await.contains(&format!("/pages/{id}<")));
    // Public with read groups is a contradiction.
    let e = expect(
        &app,
        "PUT",
        &format!("/pages/{id}"),
        Some(&c.admin),
        Some(json!({"title": "t", "visibility": "public", "read_group_ids": [c.registry]})),
        422,
    )
    .await;
    assert!(e["errors"]["visibility"].is_array(), "{e}");
    // Only admins change visibility.
    let res = send(
        &app,
        "PUT",
        &format!("/pages/{id}"),
        Some(&c.t_registry),
        Some(json!({"title": "教職員專區", "visibility": "public"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
}

#[actix_web::test]
async fn a_restricted_page_created_without_groups_is_not_public() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let p = expect(
        &app,
        "POST",
        "/pages",
        Some(&admin),
        Some(json!({"title": "草稿區", "visibility": "restricted"})),
        201,
    )
    .await;
    let url = app.site_url(&format!("/pages/{}", p["id"]));
    assert_eq!(anon_status(&app, &url).await, 404);
    let res = app
        .client
        .get(&url)
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    // No visibility and no groups: public, as before.
    let q = expect(
        &app,
        "POST",
        "/pages",
        Some(&admin),
        Some(json!({"title": "學校簡介"})),
        201,
    )
    .await;
    assert_eq!(q["visibility"], "public");
    assert_eq!(
        anon_status(&app, &app.site_url(&format!("/pages/{}", q["id"]))).await,
        200
    );
}

#[actix_web::test]
async fn pages_restricted_before_visibility_existed_stay_restricted() {
    use sea_orm::{ActiveModelTrait, Set};
    use yass_api::storage::entities::{page_read_groups, pages};
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let g = app.group(&admin, "全體教師", "normal", None).await;
    // As the old schema stored it: read groups, and the column's default.
    let now = app.clock.now_naive();
    let old = pages::ActiveModel {
        site_id: Set(app.site_id.get()),
        title: Set("教職員專區".into()),
        body: Set("<p>x</p>".into()),
        visibility: Set("public".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    page_read_groups::ActiveModel {
        page_id: Set(old.id),
        group_id: Set(g),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    let open = expect(
        &app,
        "POST",
        "/pages",
        Some(&admin),
        Some(json!({"title": "簡介"})),
        201,
    )
    .await;
    yass_migrations::m20261203_000200_page_visibility::mark_restricted(&app.state.db)
        .await
        .unwrap();
    let url = app.site_url(&format!("/pages/{}", old.id));
    assert_eq!(anon_status(&app, &url).await, 404);
    let p = expect(
        &app,
        "GET",
        &format!("/pages/{}", old.id),
        Some(&admin),
        None,
        200,
    )
    .await;
    assert_eq!(p["visibility"], "restricted");
    let url = app.site_url(&format!("/pages/{}", open["id"]));
    assert_eq!(anon_status(&app, &url).await, 200);
}
