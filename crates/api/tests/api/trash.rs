//! The trash (issue 14): a delete hides an item from visitors at once and
//! keeps it; restore puts it back where it was (same id, its files, its
//! menu place) or says where it went; purge removes rows and files.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::{call, ok};
use reqwest::Method;
use serde_json::{Value, json};

/// The trash entry of an item, as `token` sees the trash.
async fn entry(app: &TestApp, token: &str, kind: &str, item: i64) -> Option<i64> {
    let list = ok(app, Method::GET, "/trash", token, None).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == kind && t["item_id"] == item)
        .map(|t| t["id"].as_i64().unwrap())
}

async fn bytes(app: &TestApp, url: &str) -> (u16, Vec<u8>) {
    let res = app.client.get(app.url(url)).send().await.unwrap();
    (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
}

#[actix_web::test]
async fn a_deleted_page_is_hidden_at_once_and_comes_back_whole() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let admin = &c.admin;
    let page = ok(
        &app,
        Method::POST,
        "/pages",
        admin,
        Some(json!({"title": "校史沿革", "body": "<p>創校於民國六十年。</p>", "tags": ["校史"]})),
    )
    .await;
    let id = page["id"].as_i64().unwrap();
    let pdf = b"%PDF-1.4 history".to_vec();
    let res = upload(
        &app,
        admin,
        &format!("/pages/{id}/attachments"),
        "校史.pdf",
        "application/pdf",
        pdf.clone(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let file: Value = res.json().await.unwrap();
    let file_url = file["url"].as_str().unwrap().to_string();
    let menu = ok(
        &app,
        Method::POST,
        "/nav",
        admin,
        Some(json!({"name": "認識我們", "target": {"type": "submenu"}})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok(&app, Method::POST, "/nav", admin, Some(json!({"name": "最前", "parent_id": menu, "target": {"type": "link", "url": "https://example.tw/", "new_tab": false}}))).await;
    let item = ok(
        &app,
        Method::POST,
        "/nav",
        admin,
        Some(json!({"name": "校史", "parent_id": menu, "target": {"type": "page", "page_id": id}})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok(&app, Method::POST, "/nav", admin, Some(json!({"name": "最後", "parent_id": menu, "target": {"type": "link", "url": "https://example.tw/", "new_tab": false}}))).await;
    // Warm the visitors' caches first: the delete must reach them too.
    assert_eq!(get_json(&app, &format!("/pages/{id}"), None).await.0, 200);
    let (_, nav) = get_json(&app, "/nav", None).await;
    assert!(nav.to_string().contains("校史"));

    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/pages/{id}"),
        Some(admin),
        None,
    )
    .await;
    assert_eq!(s, 204);
    assert_eq!(
        get_json(&app, &format!("/pages/{id}"), None).await.0,
        404,
        "gone for visitors at once"
    );
    assert!(
        !get_json(&app, "/nav", None)
            .await
            .1
            .to_string()
            .contains("校史"),
        "and from the menu"
    );
    assert_eq!(bytes(&app, &file_url).await.0, 404, "its file too");

    let e = entry(&app, admin, "page", id).await.expect("in the trash");
    let out = ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        (out["kind"].as_str(), out["item_id"].as_i64()),
        (Some("page"), Some(id))
    );
    assert_eq!(out["notes"], json!([]));
    let (s, back) = get_json(&app, &format!("/pages/{id}"), None).await;
    assert_eq!(s, 200, "same id, public again");
    assert_eq!(back["body"], page["body"]);
    assert_eq!(back["tags"], json!(["校史"]));
    assert_eq!(
        bytes(&app, &file_url).await,
        (200, pdf),
        "the file, byte for byte"
    );
    let (_, nav) = get_json(&app, "/manage/nav", Some(admin)).await;
    let sub = nav
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == menu)
        .unwrap();
    let names: Vec<&str> = sub["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["最前", "校史", "最後"],
        "its menu item is back in its place"
    );
    assert!(
        sub["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == item)
    );
    assert!(
        entry(&app, admin, "page", id).await.is_none(),
        "out of the trash"
    );
    let (_, log) = call(
        &app,
        Method::GET,
        &format!("/audit-log?kind=page&entity={id}"),
        Some(admin),
        None,
    )
    .await;
    assert_eq!(log["items"][0]["action"], "restore");
}

#[actix_web::test]
async fn whoever_may_edit_an_item_may_restore_it_and_no_one_else() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.t_academic,
        json!({"title": "教務處公告", "group_id": c.academic}),
    )
    .await;
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/news/{id}"),
        Some(&c.t_academic),
        None,
    )
    .await;
    assert_eq!(s, 204);
    assert!(
        entry(&app, &c.t_student, "news", id).await.is_none(),
        "another office does not see it"
    );
    let e = entry(&app, &c.t_registry, "news", id)
        .await
        .expect("a group below the owner sees it");
    assert_eq!(
        call(
            &app,
            Method::POST,
            &format!("/trash/{e}/restore"),
            Some(&c.t_student),
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(
            &app,
            Method::DELETE,
            &format!("/trash/{e}"),
            Some(&c.t_student),
            None
        )
        .await
        .0,
        403
    );
    let other = app.other_site_admin_token().await;
    assert_eq!(
        call(
            &app,
            Method::POST,
            &format!("/trash/{e}/restore"),
            Some(&other),
            None
        )
        .await
        .0,
        401
    );
    assert_eq!(call(&app, Method::GET, "/trash", None, None).await.0, 401);
    ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        &c.t_registry,
        None,
    )
    .await;
    assert_eq!(get_json(&app, &format!("/news/{id}"), None).await.0, 200);
    assert_eq!(
        call(
            &app,
            Method::POST,
            &format!("/trash/{e}/restore"),
            Some(&c.admin),
            None
        )
        .await
        .0,
        404,
        "once only"
    );
}

#[actix_web::test]
async fn a_menu_with_sub_items_comes_back_and_a_gone_place_is_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let link = |name: &str, parent: Option<i64>| json!({"name": name, "parent_id": parent, "target": {"type": "link", "url": "https://example.tw/", "new_tab": false}});
    ok(&app, Method::POST, "/nav", &admin, Some(link("首頁", None))).await;
    let menu = ok(
        &app,
        Method::POST,
        "/nav",
        &admin,
        Some(json!({"name": "行政單位", "target": {"type": "submenu"}})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok(
        &app,
        Method::POST,
        "/nav",
        &admin,
        Some(link("聯絡我們", None)),
    )
    .await;
    for n in ["教務處", "學務處"] {
        ok(
            &app,
            Method::POST,
            "/nav",
            &admin,
            Some(link(n, Some(menu))),
        )
        .await;
    }
    let before = ok(&app, Method::GET, "/manage/nav", &admin, None).await;
    ok(
        &app,
        Method::DELETE,
        &format!("/nav/{menu}?children=delete"),
        &admin,
        None,
    )
    .await;
    let e = entry(&app, &admin, "nav_item", menu).await.unwrap();
    let out = ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        &admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([]));
    assert_eq!(
        ok(&app, Method::GET, "/manage/nav", &admin, None).await,
        before,
        "the same tree, the same place"
    );

    // A link whose category is gone lands in the default category.
    let cat = ok(
        &app,
        Method::POST,
        "/link-categories",
        &admin,
        Some(json!({"name": "暫時分類"})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let l = ok(
        &app,
        Method::POST,
        "/links",
        &admin,
        Some(json!({"title": "教育部", "url": "https://www.edu.tw/", "category_id": cat})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok(&app, Method::DELETE, &format!("/links/{l}"), &admin, None).await;
    ok(
        &app,
        Method::DELETE,
        &format!("/link-categories/{cat}"),
        &admin,
        None,
    )
    .await;
    let e = entry(&app, &admin, "link", l).await.unwrap();
    let out = ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        &admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([{"kind": "moved_to_default_category"}]));
    let links = ok(&app, Method::GET, "/links", &admin, None).await;
    let default = links
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["is_default"] == true)
        .unwrap();
    assert!(
        default["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == l)
    );
}

#[actix_web::test]
async fn a_restore_says_when_an_owning_or_editing_group_is_gone() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let club = app.group(&admin, "社團", "staff", None).await;
    let link = ok(
        &app,
        Method::POST,
        "/links",
        &admin,
        Some(json!({"title": "社團網站", "url": "https://club.example.tw/", "group_id": club})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let page = ok(
        &app,
        Method::POST,
        "/pages",
        &admin,
        Some(json!({"title": "社團介紹", "body": "<p>社團</p>", "edit_group_ids": [club]})),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    ok(
        &app,
        Method::DELETE,
        &format!("/links/{link}"),
        &admin,
        None,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/pages/{page}"),
        &admin,
        None,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/groups/{club}"),
        &admin,
        None,
    )
    .await;

    let e = entry(&app, &admin, "link", link).await.unwrap();
    let out = ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        &admin,
        None,
    )
    .await;
    assert_eq!(
        out["notes"],
        json!([{"kind": "owner_group_gone_site_admins_only"}])
    );
    let e = entry(&app, &admin, "page", page).await.unwrap();
    let out = ok(
        &app,
        Method::POST,
        &format!("/trash/{e}/restore"),
        &admin,
        None,
    )
    .await;
    assert_eq!(out["notes"], json!([{"kind": "edit_groups_gone"}]));
    let back = ok(&app, Method::GET, &format!("/pages/{page}"), &admin, None).await;
    assert_eq!(back["edit_group_ids"], json!([]));
}

#[actix_web::test]
async fn a_file_of_an_item_in_the_trash_waits_for_its_item() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "附件測試", "group_id": c.academic}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "a.pdf",
        "application/pdf",
        b"%PDF-1.4 a".to_vec(),
    )
    .await;
    let file = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    ok(
        &app,
        Method::DELETE,
        &format!("/attachments/{file}"),
        &c.admin,
        None,
    )
    .await;
    ok(&app, Method::DELETE, &format!("/news/{id}"), &c.admin, None).await;
    let fe = entry(&app, &c.t_academic, "attachment", file)
        .await
        .expect("the owner's editors see the file");
    let (s, p) = call(
        &app,
        Method::POST,
        &format!("/trash/{fe}/restore"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let ne = entry(&app, &c.admin, "news", id).await.unwrap();
    ok(
        &app,
        Method::POST,
        &format!("/trash/{ne}/restore"),
        &c.admin,
        None,
    )
    .await;
    ok(
        &app,
        Method::POST,
        &format!("/trash/{fe}/restore"),
        &c.admin,
        None,
    )
    .await;
    let (_, item) = get_json(&app, &format!("/news/{id}"), None).await;
    assert_eq!(item["attachments"][0]["id"], file);
}

#[actix_web::test]
async fn purge_removes_rows_files_and_versions_after_the_trash_days() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "過期公告", "group_id": c.academic}),
    )
    .await;
    let res = upload(
        &app,
        &c.admin,
        &format!("/news/{id}/attachments"),
        "old.pdf",
        "application/pdf",
        b"%PDF-1.4 old".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let fresh = news(
        &app,
        &c.admin,
        json!({"title": "新刪公告", "group_id": c.academic}),
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/news/{fresh}"),
        &c.admin,
        None,
    )
    .await;
    // Deleted 31 days ago: through storage with an old author time (the
    // clock is not moved: other tests share the database).
    let mut author = tool(&app.state);
    author.at -= chrono::TimeDelta::days(31);
    let tx = yass_api::storage::SiteTx::begin(&app.state.db, app.site_id, author)
        .await
        .unwrap();
    yass_api::storage::news::delete(&tx, id).await.unwrap();
    tx.commit().await.unwrap();
    let count = async || stored_files(&app, app.site_id).await.len();
    assert_eq!(count().await, 1, "the file waits in the trash");

    yass_api::housekeeping::purge(&app.state).await.unwrap();
    yass_api::housekeeping::purge(&app.state).await.unwrap();
    assert!(entry(&app, &c.admin, "news", id).await.is_none(), "purged");
    assert!(
        entry(&app, &c.admin, "news", fresh).await.is_some(),
        "the fresh one stays"
    );
    assert_eq!(count().await, 0, "its file is gone");
    let versions = yass_api::storage::revisions::list(&app.state.db, app.site_id, "news", id)
        .await
        .unwrap();
    assert!(versions.is_empty(), "its versions too");
    let (_, log) = call(
        &app,
        Method::GET,
        &format!("/audit-log?kind=news&entity={id}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(log["items"][0]["action"], "purge");
    assert_eq!(log["items"][0]["actor_name"], "housekeeping");
}
