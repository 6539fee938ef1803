use crate::helpers::*;
use crate::site_content_helpers::*;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use yass_api::storage::entities::{page_read_groups, pages};

/// A page row straight in the database (the pages API lives elsewhere).
async fn page(app: &TestApp, title: &str, read_groups: &[i64]) -> i64 {
    let now = app.clock.now_naive();
    let p = pages::ActiveModel {
        site_id: Set(app.site_id.get()),
        title: Set(title.into()),
        body: Set("<p>內容</p>".into()),
        visibility: Set(if read_groups.is_empty() {
            "public"
        } else {
            "restricted"
        }
        .into()),
        created_by: Set(None),
        updated_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    for g in read_groups {
        page_read_groups::ActiveModel {
            page_id: Set(p.id),
            group_id: Set(*g),
        }
        .insert(&app.state.db)
        .await
        .unwrap();
    }
    p.id
}

async fn item(app: &TestApp, token: &str, body: Value) -> i64 {
    expect(app, "POST", "/nav", Some(token), Some(body), 201).await["id"]
        .as_i64()
        .unwrap()
}

fn names(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn the_menu_is_nested_and_restricted_pages_show_only_to_readers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff_room = app.group(&admin, "全體教師", "normal", None).await;
    app.user(&admin, "teacher", &[staff_room]).await;
    let teacher = app.token_of("teacher", PASSWORD).await;
    let intro = page(&app, "學校簡介", &[]).await;
    let restricted = page(&app, "教職員專區", &[staff_room]).await;

    let about = item(
        &app,
        &admin,
        json!({"name": "認識學校", "target": {"type": "submenu"}}),
    )
    .await;
    item(&app, &admin, json!({"name": "學校簡介", "target": {"type": "page", "page_id": intro}, "parent_id": about})).await;
    item(&app, &admin, json!({"name": "教職員專區", "target": {"type": "page", "page_id": restricted}, "parent_id": about})).await;
    let staff_only = item(
        &app,
        &admin,
        json!({"name": "教師專區", "target": {"type": "submenu"}}),
    )
    .await;
    item(&app, &admin, json!({"name": "教職員專區", "target": {"type": "page", "page_id": restricted}, "parent_id": staff_only})).await;
    item(
        &app,
        &admin,
        json!({"name": "好站連結", "target": {"type": "module", "module": "links"}}),
    )
    .await;
    item(&app, &admin, json!({"name": "舊網站", "target": {"type": "link", "url": "https://old.example.tw/", "new_tab": true}, "visible": false})).await;

    // Anonymous: one request, nested; the restricted page and the submenu it
    // leaves empty are gone; hidden items too.
    let res = send(&app, "GET", "/nav", None, None).await;
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let anon: Value = res.json().await.unwrap();
    assert_eq!(names(&anon), vec!["認識學校", "好站連結"]);
    assert_eq!(names(&anon[0]["children"]), vec!["學校簡介"]);
    assert_eq!(
        anon[0]["children"][0]["target"],
        json!({"type": "page", "page_id": intro})
    );

    // A member of the group reads it, privately.
    let res = send(&app, "GET", "/nav", Some(&teacher), None).await;
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    let member: Value = res.json().await.unwrap();
    assert_eq!(names(&member), vec!["認識學校", "教師專區", "好站連結"]);
    assert_eq!(
        names(&member[0]["children"]),
        vec!["學校簡介", "教職員專區"]
    );

    // Admins manage everything, hidden items included.
    let all = expect(&app, "GET", "/manage/nav", Some(&admin), None, 200).await;
    assert_eq!(
        names(&all),
        vec!["認識學校", "教師專區", "好站連結", "舊網站"]
    );
    let res = send(&app, "GET", "/manage/nav", Some(&teacher), None).await;
    assert_problem(res, 403, "forbidden").await;

    // A deleted page leaves no dangling item.
    let tx = yass_api::storage::SiteTx::begin(
        &app.state.db,
        app.site_id,
        crate::helpers::tool(&app.state),
    )
    .await
    .unwrap();
    yass_api::storage::nav::on_page_deleted(&tx, restricted)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let all = expect(&app, "GET", "/manage/nav", Some(&admin), None, 200).await;
    assert_eq!(names(&all[0]["children"]), vec!["學校簡介"]);
    assert!(all[1]["children"].as_array().unwrap().is_empty());
}

#[actix_web::test]
async fn bad_targets_and_writers_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (field, body) in [
        (
            "target.url",
            json!({"name": "x", "target": {"type": "link", "url": "javascript:alert(1)", "new_tab": false}}),
        ),
        (
            "target.url",
            json!({"name": "x", "target": {"type": "link", "url": "ftp://x.tw/", "new_tab": false}}),
        ),
        (
            "target.page_id",
            json!({"name": "x", "target": {"type": "page", "page_id": 999_999_999}}),
        ),
        (
            "parent_id",
            json!({"name": "x", "target": {"type": "submenu"}, "parent_id": 999_999_999}),
        ),
        ("name", json!({"name": " ", "target": {"type": "divider"}})),
    ] {
        let res = send(&app, "POST", "/nav", Some(&admin), Some(body)).await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{p}");
    }
    for url in ["mailto:office@x.tw", "tel:+886223456789", "http://x.tw/"] {
        item(
            &app,
            &admin,
            json!({"name": "ok", "target": {"type": "link", "url": url, "new_tab": false}}),
        )
        .await;
    }
    let leaf = item(
        &app,
        &admin,
        json!({"name": "leaf", "target": {"type": "divider"}}),
    )
    .await;
    let res = send(
        &app,
        "POST",
        "/nav",
        Some(&admin),
        Some(json!({"name": "x", "target": {"type": "divider"}, "parent_id": leaf})),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;

    let body = json!({"name": "x", "target": {"type": "submenu"}});
    let res = send(&app, "POST", "/nav", None, Some(body.clone())).await;
    assert_problem(res, 401, "unauthorized").await;
    let other = app.other_site_admin_token().await;
    let res = send(&app, "POST", "/nav", Some(&other), Some(body)).await;
    assert_problem(res, 401, "unauthorized").await;
}

#[actix_web::test]
async fn moves_keep_order_refuse_cycles_and_deletes_ask_about_children() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let sub = |name: &str, parent: Option<i64>| json!({"name": name, "target": {"type": "submenu"}, "parent_id": parent});
    let a = item(&app, &admin, sub("A", None)).await;
    let b = item(&app, &admin, sub("B", Some(a))).await;
    let c = item(&app, &admin, sub("C", Some(b))).await;
    let d = item(
        &app,
        &admin,
        json!({"name": "D", "target": {"type": "divider"}, "parent_id": b}),
    )
    .await;
    let e = item(
        &app,
        &admin,
        json!({"name": "E", "target": {"type": "news", "category_id": null}, "parent_id": a}),
    )
    .await;
    let z = item(&app, &admin, sub("Z", None)).await;

    // Under its own descendant: 422 with a clear message.
    let res = send(
        &app,
        "POST",
        &format!("/nav/{a}/move"),
        Some(&admin),
        Some(json!({"parent_id": c, "position": 0})),
    )
    .await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(
        p["errors"]["parent_id"][0]
            .as_str()
            .unwrap()
            .contains("under itself"),
        "{p}"
    );
    // B under C is a cycle too; X sits at depth 4, so nothing goes below it.
    let res = send(
        &app,
        "POST",
        &format!("/nav/{b}/move"),
        Some(&admin),
        Some(json!({"parent_id": c, "position": 0})),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    let x = item(&app, &admin, sub("X", Some(c))).await;
    let res = send(
        &app,
        "POST",
        "/nav",
        Some(&admin),
        Some(sub("too deep", Some(x))),
    )
    .await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["parent_id"][0].as_str().unwrap().contains('4'));

    // Reorder within a parent and move across parents.
    let tree = expect(
        &app,
        "POST",
        &format!("/nav/{e}/move"),
        Some(&admin),
        Some(json!({"parent_id": a, "position": 0})),
        200,
    )
    .await;
    assert_eq!(names(&tree[0]["children"]), vec!["E", "B"]);
    let tree = expect(
        &app,
        "POST",
        &format!("/nav/{z}/move"),
        Some(&admin),
        Some(json!({"parent_id": a, "position": 1})),
        200,
    )
    .await;
    assert_eq!(names(&tree), vec!["A"]);
    assert_eq!(names(&tree[0]["children"]), vec!["E", "Z", "B"]);
    let orders: Vec<i64> = tree[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, vec![0, 1, 2]);

    // Deleting B (children C, D) needs a choice.
    let res = send(&app, "DELETE", &format!("/nav/{b}"), Some(&admin), None).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(
        p["errors"]["children"][0]
            .as_str()
            .unwrap()
            .contains("children=lift")
    );
    let res = send(
        &app,
        "DELETE",
        &format!("/nav/{b}?children=maybe"),
        Some(&admin),
        None,
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    expect(
        &app,
        "DELETE",
        &format!("/nav/{b}?children=lift"),
        Some(&admin),
        None,
        204,
    )
    .await;
    let tree = expect(&app, "GET", "/manage/nav", Some(&admin), None, 200).await;
    assert_eq!(names(&tree[0]["children"]), vec!["E", "Z", "C", "D"]);
    assert_eq!(names(&tree[0]["children"][2]["children"]), vec!["X"]);
    // Deleting with children=delete removes the subtree.
    expect(
        &app,
        "DELETE",
        &format!("/nav/{c}?children=delete"),
        Some(&admin),
        None,
        204,
    )
    .await;
    let tree = expect(&app, "GET", "/manage/nav", Some(&admin), None, 200).await;
    assert_eq!(names(&tree[0]["children"]), vec!["E", "Z", "D"]);
    expect(
        &app,
        "DELETE",
        &format!("/nav/{x}"),
        Some(&admin),
        None,
        404,
    )
    .await;
    // A leaf needs no choice.
    expect(
        &app,
        "DELETE",
        &format!("/nav/{d}"),
        Some(&admin),
        None,
        204,
    )
    .await;

    // PATCH renames, hides and retargets.
    let patched = expect(
        &app,
        "PATCH",
        &format!("/nav/{e}"),
        Some(&admin),
        Some(json!({"name": "最新消息", "visible": false, "accessible_name": "學校最新消息"})),
        200,
    )
    .await;
    assert_eq!(patched["name"], "最新消息");
    assert_eq!(patched["visible"], false);
    let res = send(
        &app,
        "PATCH",
        &format!("/nav/{a}"),
        Some(&admin),
        Some(json!({"target": {"type": "divider"}})),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    let res = send(
        &app,
        "PATCH",
        &format!("/nav/{e}"),
        Some(&admin),
        Some(json!({"target": {"type": "link", "url": "javascript:x", "new_tab": false}})),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn the_demo_school_has_links_extensions_events_and_a_menu() {
    let app = TestApp::spawn().await;
    yass_api::demo::seed(&app.state).await.unwrap();
    let get = |path: &str| {
        app.client
            .get(app.url(&format!("/api/v1/sites/demo{path}")))
            .send()
    };
    let nav: Value = get("/nav").await.unwrap().json().await.unwrap();
    let top = names(&nav);
    for n in [
        "認識學校",
        "最新消息",
        "行政單位",
        "好站連結",
        "常用分機",
        "行事曆",
    ] {
        assert!(top.contains(&n.to_string()), "{top:?}");
    }
    let offices = nav
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "行政單位")
        .unwrap();
    assert!(
        !offices["children"][0]["children"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let ext: Value = get("/extensions").await.unwrap().json().await.unwrap();
    assert!(ext.as_array().unwrap().len() >= 10);
    assert_eq!(ext[0]["tel_uri"], "tel:+886223456789,100");
    let links: Value = get("/links/homepage").await.unwrap().json().await.unwrap();
    assert!(!links.as_array().unwrap().is_empty());
    let cal: Value = get("/calendar").await.unwrap().json().await.unwrap();
    assert!(
        cal["google_embed_url"]
            .as_str()
            .unwrap()
            .starts_with("https://calendar.google.com/calendar/embed?src=")
    );
    let ics = get("/calendar.ics").await.unwrap().text().await.unwrap();
    assert!(ics.matches("BEGIN:VEVENT").count() >= 8);
    assert!(ics.contains("VALUE=DATE"));
}

#[actix_web::test]
async fn deleting_a_page_removes_its_menu_items_and_keeps_the_order_dense() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .client
        .post(app.site_url("/pages"))
        .bearer_auth(&admin)
        .json(&json!({"title": "將刪除的頁面", "body": "<p>x</p>"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let page_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let menu = item(
        &app,
        &admin,
        json!({"name": "選單", "target": {"type": "submenu"}}),
    )
    .await;
    for (name, target) in [
        (
            "前",
            json!({"type": "link", "url": "https://a.example.tw", "new_tab": false}),
        ),
        ("頁面", json!({"type": "page", "page_id": page_id})),
        (
            "後",
            json!({"type": "link", "url": "https://b.example.tw", "new_tab": false}),
        ),
    ] {
        item(
            &app,
            &admin,
            json!({"name": name, "target": target, "parent_id": menu}),
        )
        .await;
    }
    let res = app
        .client
        .delete(app.site_url(&format!("/pages/{page_id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let tree = expect(&app, "GET", "/manage/nav", Some(&admin), None, 200).await;
    let submenu = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == menu)
        .unwrap();
    assert_eq!(names(&submenu["children"]), vec!["前", "後"]);
    let orders: Vec<i64> = submenu["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, vec![0, 1]);
}
