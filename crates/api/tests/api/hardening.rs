//! Attacks on shared state and ownership (issue 12, "suspected" items): a
//! bounded keyword search, ownership that only moves up the group tree,
//! link order kept for site admins, and atomic content versions.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::json;

#[actix_web::test]
async fn a_search_matching_more_than_the_cap_returns_the_newest_and_says_so() {
    let app = TestApp::spawn_with(|s| s.search_cap = 3).await;
    let c = cast(&app).await;
    let mut made = vec![];
    for i in 0..5 {
        made.push(
            news(
                &app,
                &c.admin,
                json!({"title": format!("颱風停課 {i}"), "group_id": c.academic}),
            )
            .await,
        );
    }
    // One CJK character matches all five; only the newest three are looked at.
    let (status, list) = get_json(&app, "/news?q=颱", None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["search_capped"], json!(true), "{list}");
    assert_eq!(list["total"], json!(3), "{list}");
    let mut got = ids(&list["items"]);
    got.sort_unstable();
    assert_eq!(got, made[2..].to_vec());
    // A narrower query is not capped.
    let (_, list) = get_json(&app, "/news?q=颱風停課 4", None).await;
    assert_eq!(list["search_capped"], json!(false), "{list}");
    assert_eq!(ids(&list["items"]), vec![made[4]]);
    // Without a keyword nothing is capped.
    let (_, list) = get_json(&app, "/news", None).await;
    assert_eq!(list["total"], json!(5));
    assert_eq!(list["search_capped"], json!(false));
}

#[actix_web::test]
async fn a_sub_group_member_cannot_take_the_parent_groups_news() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.t_academic,
        json!({"title": "教務處公告", "group_id": c.academic}),
    )
    .await;
    // 註冊組 (below 教務處) may edit it…
    expect(
        &app,
        "PATCH",
        &format!("/news/{id}"),
        Some(&c.t_registry),
        Some(json!({"title": "教務處公告（更正）"})),
        200,
    )
    .await;
    // …but not move it into their own group, which would lock 教務處 out.
    let res = send(
        &app,
        "PATCH",
        &format!("/news/{id}"),
        Some(&c.t_registry),
        Some(json!({"group_id": c.registry})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    // 教務處 still edits it.
    expect(
        &app,
        "PATCH",
        &format!("/news/{id}"),
        Some(&c.t_academic),
        Some(json!({"title": "仍可編輯"})),
        200,
    )
    .await;
    // Up the tree is allowed: 註冊組's own item handed to 教務處.
    let own = news(
        &app,
        &c.t_registry,
        json!({"title": "註冊組公告", "group_id": c.registry}),
    )
    .await;
    let moved = expect(
        &app,
        "PATCH",
        &format!("/news/{own}"),
        Some(&c.t_registry),
        Some(json!({"group_id": c.academic})),
        200,
    )
    .await;
    assert_eq!(moved["group_id"], json!(c.academic));
    // A site admin moves anything.
    expect(
        &app,
        "PATCH",
        &format!("/news/{id}"),
        Some(&c.admin),
        Some(json!({"group_id": c.student})),
        200,
    )
    .await;
}

#[actix_web::test]
async fn staff_cannot_put_their_links_first_or_take_a_parents_link() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let first = expect(
        &app,
        "POST",
        "/links",
        Some(&c.admin),
        Some(json!({"title": "教育局", "url": "https://www.doe.gov.taipei/", "on_homepage": true})),
        201,
    )
    .await;
    // Staff may add a homepage link, at the end, but not choose its place.
    let res = send(
        &app,
        "POST",
        "/links",
        Some(&c.t_student),
        Some(json!({"title": "學務處", "url": "https://example.org/", "on_homepage": true, "homepage_order": -1})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    let res = send(
        &app,
        "POST",
        "/links",
        Some(&c.t_student),
        Some(json!({"title": "學務處", "url": "https://example.org/", "on_homepage": true, "order": -1})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    let mine = expect(
        &app,
        "POST",
        "/links",
        Some(&c.t_student),
        Some(json!({"title": "學務處", "url": "https://example.org/", "on_homepage": true})),
        201,
    )
    .await;
    let home = expect(&app, "GET", "/links/homepage", None, None, 200).await;
    let order: Vec<i64> = home
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        order,
        vec![first["id"].as_i64().unwrap(), mine["id"].as_i64().unwrap()]
    );
    // Editing their own link cannot move it up either.
    let id = mine["id"].as_i64().unwrap();
    let res = send(
        &app,
        "PUT",
        &format!("/links/{id}"),
        Some(&c.t_student),
        Some(json!({"title": "學務處", "url": "https://example.org/", "on_homepage": true, "homepage_order": -5, "group_id": c.student})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    // A sub-group member cannot take the parent group's link.
    let parents = expect(
        &app,
        "POST",
        "/links",
        Some(&c.t_academic),
        Some(json!({"title": "教務處", "url": "https://example.com/", "group_id": c.academic})),
        201,
    )
    .await;
    let pid = parents["id"].as_i64().unwrap();
    let res = send(
        &app,
        "PUT",
        &format!("/links/{pid}"),
        Some(&c.t_registry),
        Some(json!({"title": "教務處", "url": "https://example.com/", "group_id": c.registry})),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body.to_string().contains("group_id"), "{body}");
    let link = yass_api::storage::links::link(&app.state.db, app.site_id, pid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.group_id, Some(c.academic));
}

#[actix_web::test]
async fn concurrent_site_updates_each_bump_the_content_version() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let version = || async {
        use sea_orm::EntityTrait;
        yass_api::storage::entities::sites::Entity::find_by_id(app.site_id.get())
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .content_version
    };
    let before = version().await;
    let writes = 12;
    let tasks: Vec<_> = (0..writes)
        .map(|i| {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/sites/{}", app.slug));
            let root = root.clone();
            tokio::spawn(async move {
                client
                    .patch(url)
                    .bearer_auth(root)
                    .json(&json!({"slogan": format!("標語 {i}")}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(version().await, before + writes);
}

#[actix_web::test]
async fn a_site_admin_cannot_lock_themselves_out_but_another_admin_can_act() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, me) = get_json(&app, "/me", Some(&admin)).await;
    let me_id = me["user"]["id"].as_i64().unwrap();
    let admin_groups = me["user"]["group_ids"].clone();
    let staff = app.group(&admin, "教務處", "staff", None).await;
    // Disabling oneself or leaving the administrators' group: 409, nothing written.
    for body in [
        json!({"status": "disabled"}),
        json!({"group_ids": [staff]}),
        json!({"group_ids": []}),
    ] {
        let res = send(
            &app,
            "PATCH",
            &format!("/users/{me_id}"),
            Some(&admin),
            Some(body),
        )
        .await;
        assert_problem(res, 409, "conflict").await;
    }
    let (status, after) = get_json(&app, "/me", Some(&admin)).await;
    assert_eq!(status, 200, "the session still works: {after}");
    assert_eq!(after["user"]["group_ids"], admin_groups);
    // Joining another group while staying an admin is fine.
    let mut more = admin_groups.as_array().unwrap().clone();
    more.push(json!(staff));
    expect(
        &app,
        "PATCH",
        &format!("/users/{me_id}"),
        Some(&admin),
        Some(json!({"group_ids": more})),
        200,
    )
    .await;
    // A second site admin may disable the first.
    let second = app
        .user(&admin, "second_admin", &[admin_groups[0].as_i64().unwrap()])
        .await;
    assert!(second > 0);
    let t_second = app.token_of("second_admin", PASSWORD).await;
    expect(
        &app,
        "PATCH",
        &format!("/users/{me_id}"),
        Some(&t_second),
        Some(json!({"status": "disabled"})),
        200,
    )
    .await;
    let (status, _) = get_json(&app, "/me", Some(&admin)).await;
    assert_eq!(status, 401, "the disabled admin's session ended");
}

#[actix_web::test]
async fn an_item_after_one_at_the_largest_order_is_appended_not_a_crash() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (path, first, second) in [
        (
            "/extensions",
            json!({"title": "教務處", "extension": "101", "order": i32::MAX}),
            json!({"title": "學務處", "extension": "201"}),
        ),
        (
            "/news/categories",
            json!({"name": "公告", "order": i32::MAX}),
            json!({"name": "榮譽榜"}),
        ),
        (
            "/link-categories",
            json!({"name": "教育", "order": i32::MAX}),
            json!({"name": "政府"}),
        ),
        (
            "/groups",
            json!({"name": "教務處", "kind": "staff", "order": i32::MAX}),
            json!({"name": "學務處", "kind": "staff"}),
        ),
    ] {
        expect(&app, "POST", path, Some(&admin), Some(first), 201).await;
        let made = expect(&app, "POST", path, Some(&admin), Some(second), 201).await;
        assert_eq!(made["order"], json!(i32::MAX), "{path}: {made}");
    }
}
