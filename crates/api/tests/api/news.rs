use crate::content_helpers::*;
use crate::helpers::*;
use chrono::TimeDelta;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

fn h(n: i64) -> TimeDelta {
    TimeDelta::hours(n)
}

#[actix_web::test]
async fn pinned_items_head_page_one_and_never_repeat() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let mut made = vec![];
    // Six items, display dates one hour apart (oldest first).
    for i in 0..6 {
        let mut body = json!({"title": format!("消息 {i}"), "group_id": c.academic,
            "display_at": at(&app, h(i - 10))});
        if i == 1 {
            body["pinned"] = json!(true);
        }
        if i == 4 {
            body["pinned"] = json!(true);
            body["pinned_from"] = json!(at(&app, h(2)));
        }
        made.push(news(&app, &c.admin, body).await);
    }
    let (_, p1) = get_json(&app, "/news?per_page=2", None).await;
    assert_eq!(ids(&p1["pinned"]), vec![made[1]]);
    assert_eq!(p1["pinned"][0]["pinned_now"], true);
    assert_eq!(ids(&p1["items"]), vec![made[5], made[4]]);
    assert_eq!(
        (p1["total"].as_u64(), p1["pages"].as_u64()),
        (Some(6), Some(3))
    );
    let mut seen: Vec<i64> = ids(&p1["pinned"]);
    seen.extend(ids(&p1["items"]));
    for page in 2..=3 {
        let (_, p) = get_json(&app, &format!("/news?per_page=2&page={page}"), None).await;
        assert!(p["pinned"].as_array().unwrap().is_empty());
        seen.extend(ids(&p["items"]));
        assert_eq!(p["total"], 6);
    }
    seen.sort_unstable();
    made.sort_unstable();
    assert_eq!(seen, made, "every item once, the pinned one only on page 1");

    // Once the second pin window opens, both head page 1 (newest first).
    app.clock.advance(h(3));
    let (_, p1) = get_json(&app, "/news?per_page=2", None).await;
    assert_eq!(ids(&p1["pinned"]), vec![made[4], made[1]]);
    assert_eq!(ids(&p1["items"]), vec![made[5], made[3]]);
    assert_eq!(p1["pages"], 2);
    let (_, p2) = get_json(&app, "/news?per_page=2&page=2", None).await;
    assert_eq!(ids(&p2["items"]), vec![made[2], made[0]]);
}

#[actix_web::test]
async fn items_outside_their_window_are_hidden_from_visitors_only() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let scheduled = news(
        &app,
        &c.t_registry,
        json!({"title": "明天公告", "group_id": c.registry,
        "visible_from": at(&app, h(1))}),
    )
    .await;
    let expired = news(
        &app,
        &c.t_registry,
        json!({"title": "過期", "group_id": c.registry,
        "visible_from": at(&app, h(-5)), "visible_until": at(&app, h(-1))}),
    )
    .await;
    let draft = news(
        &app,
        &c.t_registry,
        json!({"title": "草稿", "group_id": c.registry, "draft": true}),
    )
    .await;
    let visible = news(
        &app,
        &c.t_registry,
        json!({"title": "今天", "group_id": c.registry}),
    )
    .await;

    let (_, list) = get_json(&app, "/news", None).await;
    assert_eq!(ids(&list["items"]), vec![visible]);
    assert_eq!(list["total"], 1);
    for id in [scheduled, expired, draft] {
        let (status, body) = get_json(&app, &format!("/news/{id}"), None).await;
        assert_eq!(status, 404, "{id}: {body}");
        // Its editors (and members below the owner) still see it.
        for t in [&c.t_registry, &c.t_intern, &c.admin] {
            let (status, _) = get_json(&app, &format!("/news/{id}"), Some(t)).await;
            assert_eq!(status, 200);
        }
        // Others do not.
        for t in [&c.t_student, &c.t_academic] {
            let (status, _) = get_json(&app, &format!("/news/{id}"), Some(t)).await;
            assert_eq!(status, 404);
        }
    }
    let (_, item) = get_json(&app, &format!("/news/{scheduled}"), Some(&c.t_registry)).await;
    assert_eq!(item["state"], "scheduled");

    // The editors' list shows states; a non-admin sees only their groups' items.
    let (status, m) = get_json(&app, "/manage/news?state=expired", Some(&c.t_registry)).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&m["items"]), vec![expired]);
    let (_, m) = get_json(&app, "/manage/news", Some(&c.t_registry)).await;
    assert_eq!(m["total"], 4);
    let states: Vec<&str> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap())
        .collect();
    for s in ["draft", "scheduled", "expired", "visible"] {
        assert!(states.contains(&s), "{s}");
    }
    let (_, m) = get_json(&app, "/manage/news", Some(&c.t_student)).await;
    assert_eq!(m["total"], 0);
    let (status, _) = get_json(&app, "/manage/news", None).await;
    assert_eq!(status, 401);

    // Time passes: the scheduled item appears with no write at all.
    app.clock.advance(h(2));
    let (_, list) = get_json(&app, "/news", None).await;
    assert_eq!(ids(&list["items"]), vec![scheduled, visible]);
    let (status, _) = get_json(&app, &format!("/news/{scheduled}"), None).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn filters_apply_to_pinned_and_dated_items_alike() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let res = app
        .client
        .post(app.site_url("/news/categories"))
        .bearer_auth(&c.admin)
        .json(&json!({"name": "校園公告"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cat = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let typhoon = news(
        &app,
        &c.admin,
        json!({"title": "明日颱風停課", "group_id": c.academic,
        "category_id": cat, "tags": ["防災", " 停課 "], "pinned": true}),
    )
    .await;
    let other = news(
        &app,
        &c.admin,
        json!({"title": "颱風來襲，明日停課", "group_id": c.academic,
        "tags": ["防災"], "body": "<p>請注意 Safety First</p>"}),
    )
    .await;
    let _plain = news(
        &app,
        &c.admin,
        json!({"title": "運動會", "group_id": c.academic}),
    )
    .await;

    let (_, r) = get_json(&app, "/news?q=颱風停課", None).await;
    assert_eq!(ids(&r["pinned"]), vec![typhoon]);
    assert!(r["items"].as_array().unwrap().is_empty());
    assert_eq!(r["total"], 1);
    let (_, r) = get_json(&app, "/news?q=颱風 停課", None).await;
    assert_eq!(r["total"], 2);
    let (_, r) = get_json(&app, "/news?q=safety", None).await;
    assert_eq!(ids(&r["items"]), vec![other]);
    let (_, r) = get_json(&app, "/news?q=颱", None).await;
    assert_eq!(r["total"], 2);
    let (_, r) = get_json(&app, "/news?q=地震", None).await;
    assert_eq!(r["total"], 0);
    let (_, r) = get_json(&app, &format!("/news?category={cat}"), None).await;
    assert_eq!(ids(&r["pinned"]), vec![typhoon]);
    assert_eq!(r["total"], 1);
    let (_, r) = get_json(&app, "/news?tag=防災", None).await;
    assert_eq!(r["total"], 2);
    let (_, r) = get_json(&app, "/news?tag=停課", None).await;
    assert_eq!(ids(&r["pinned"]), vec![typhoon]);
    assert_eq!(r["pinned"][0]["tags"], json!(["停課", "防災"]));
    assert_eq!(r["pinned"][0]["category_name"], "校園公告");
    let (_, r) = get_json(&app, "/news?tag=nothing", None).await;
    assert_eq!(r["total"], 0);
    let (_, tags) = get_json(&app, "/news/tags", None).await;
    assert_eq!(tags[0], json!({"name": "防災", "count": 2}));

    // Editing the title re-indexes it.
    let res = app
        .client
        .patch(app.site_url(&format!("/news/{typhoon}")))
        .bearer_auth(&c.admin)
        .json(&json!({"title": "明日照常上課"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, r) = get_json(&app, "/news?q=颱風停課", None).await;
    assert_eq!(r["total"], 0);
    let (_, r) = get_json(&app, "/news?q=照常", None).await;
    assert_eq!(r["total"], 1);

    // Deleting the category un-sets it.
    let res = app
        .client
        .delete(app.site_url(&format!("/news/categories/{cat}")))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (_, item) = get_json(&app, &format!("/news/{typhoon}"), None).await;
    assert!(item["category_id"].is_null());
}

#[actix_web::test]
async fn writes_follow_the_owner_group() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let other = other_site_admin(&app).await;
    let body = |t: &str| json!({"title": t, "group_id": c.registry});

    // Create: members of the owner group or below (staff ancestors count).
    assert_eq!(
        post_news(&app, &c.t_registry, body("a")).await.status(),
        201
    );
    assert_eq!(post_news(&app, &c.t_intern, body("b")).await.status(), 201);
    assert_problem(
        post_news(&app, &c.t_academic, body("c")).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        post_news(&app, &c.t_student, body("d")).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        post_news(&app, &other, body("e")).await,
        401,
        "unauthorized",
    )
    .await;
    let res = app
        .client
        .post(app.site_url("/news"))
        .json(&body("f"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    // Without a group, the author's first staff group owns it.
    let res = post_news(&app, &c.t_student, json!({"title": "g"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["group_id"], c.student);

    let id = news(&app, &c.admin, body("owned by registry")).await;
    let url = app.site_url(&format!("/news/{id}"));
    for (token, status) in [
        (Some(&c.t_registry), 200),
        (Some(&c.t_intern), 200),
        (Some(&c.t_academic), 403),
        (Some(&c.t_student), 403),
        (Some(&other), 401),
        (None, 401),
    ] {
        let mut put = app.client.put(&url).json(&body("改"));
        let mut patch = app.client.patch(&url).json(&json!({"title": "改"}));
        if let Some(t) = token {
            put = put.bearer_auth(t);
            patch = patch.bearer_auth(t);
        }
        assert_eq!(put.send().await.unwrap().status().as_u16(), status, "put");
        assert_eq!(
            patch.send().await.unwrap().status().as_u16(),
            status,
            "patch"
        );
    }
    // Moving the item to a group the editor may not assign is refused.
    let res = app
        .client
        .patch(&url)
        .bearer_auth(&c.t_intern)
        .json(&json!({"group_id": c.student}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    for (token, status) in [(&c.t_academic, 403), (&c.t_student, 403), (&other, 401)] {
        let res = app
            .client
            .delete(&url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status);
    }
    let res = app.client.delete(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .client
        .delete(&url)
        .bearer_auth(&c.t_intern)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        get_json(&app, &format!("/news/{id}"), Some(&c.admin))
            .await
            .0,
        404
    );
}

#[actix_web::test]
async fn bodies_are_sanitized_on_write() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let res = post_news(&app, &c.admin, json!({"title": "x", "group_id": c.academic,
        "body": "<p onclick=\"x()\">hi<script>alert(1)</script></p><img src=\"https://x.tw/a.png\" onerror=\"alert(2)\" alt=\"a\"><a href=\"javascript:alert(3)\">l</a><iframe src=\"https://www.youtube.com/embed/abc\"></iframe>"})).await;
    assert_eq!(res.status(), 201);
    let body = res.json::<Value>().await.unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    for bad in ["<script", "alert", "onerror", "onclick", "javascript:"] {
        assert!(!body.contains(bad), "{bad} in {body}");
    }
    assert!(
        body.contains("<img src=\"https://x.tw/a.png\" alt=\"a\">"),
        "{body}"
    );
    assert!(body.contains("https://www.youtube.com/embed/abc"), "{body}");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = &app.state.db;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[actix_web::test]
async fn invalid_input_is_refused_per_field_and_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let cases = [
        (json!({"title": " "}), "title"),
        (json!({"title": "字".repeat(201)}), "title"),
        (
            json!({"title": "x", "visible_from": at(&app, h(2)), "visible_until": at(&app, h(1))}),
            "visible_until",
        ),
        (
            json!({"title": "x", "pinned": true, "pinned_from": at(&app, h(2)), "pinned_until": at(&app, h(2))}),
            "pinned_until",
        ),
        (json!({"title": "x", "category_id": 999_999}), "category_id"),
        (json!({"title": "x", "group_id": 999_999}), "group_id"),
        (
            json!({"title": "x", "tags": ["太長的標籤太長的標籤太長的標籤太長的標籤太長的標籤太長的標籤太"]}),
            "tags",
        ),
        (
            json!({"title": "x", "tags": (0..21).map(|i| i.to_string()).collect::<Vec<_>>()}),
            "tags",
        ),
    ];
    for (mut body, field) in cases {
        if body.get("group_id").is_none() {
            body["group_id"] = json!(c.academic);
        }
        body["tags"] = body.get("tags").cloned().unwrap_or(json!(["留下了嗎"]));
        let p = assert_problem(
            post_news(&app, &c.admin, body).await,
            422,
            "validation_failed",
        )
        .await;
        assert!(p["errors"][field].is_array(), "{field}: {p}");
    }
    let site = app.site_id;
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM news WHERE site_id = {site}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM tags WHERE site_id = {site}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM news_search_tokens WHERE site_id = {site}")
        )
        .await,
        0
    );

    // A failed update keeps the stored item as it was.
    let id = news(
        &app,
        &c.admin,
        json!({"title": "原標題", "group_id": c.academic, "tags": ["甲"]}),
    )
    .await;
    let res = app
        .client
        .put(app.site_url(&format!("/news/{id}")))
        .bearer_auth(&c.admin)
        .json(&json!({"title": "新標題", "tags": ["乙"], "category_id": 999_999}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let (_, item) = get_json(&app, &format!("/news/{id}"), None).await;
    assert_eq!(
        (item["title"].as_str(), item["tags"].clone()),
        (Some("原標題"), json!(["甲"]))
    );
    let (_, r) = get_json(&app, "/news?q=新標題", None).await;
    assert_eq!(r["total"], 0);

    // Deleting removes its tokens and tag links too.
    let res = app
        .client
        .delete(app.site_url(&format!("/news/{id}")))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM news_search_tokens WHERE site_id = {site}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM news_tags WHERE news_id = {id}")
        )
        .await,
        0
    );
}

#[actix_web::test]
async fn patch_changes_only_what_is_sent_and_null_clears() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.admin,
        json!({"title": "t", "group_id": c.academic, "tags": ["a"],
        "visible_until": at(&app, h(5)), "pinned": true, "pinned_until": at(&app, h(1))}),
    )
    .await;
    let res = app
        .client
        .patch(app.site_url(&format!("/news/{id}")))
        .bearer_auth(&c.admin)
        .json(&json!({"visible_until": null, "body": "<p>內文</p>"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let n: Value = res.json().await.unwrap();
    assert!(n["visible_until"].is_null());
    assert!(n["pinned_until"].is_string());
    assert_eq!(
        (n["title"].as_str(), n["body"].as_str()),
        (Some("t"), Some("<p>內文</p>"))
    );
    assert_eq!(n["tags"], json!(["a"]));
    assert_eq!(n["pinned_now"], true);
}

#[actix_web::test]
async fn public_lists_carry_etags_and_expire_by_the_next_transition() {
    let app = TestApp::spawn_with(|s| s.public_max_age = 600).await;
    let c = cast(&app).await;
    news(
        &app,
        &c.admin,
        json!({"title": "a", "group_id": c.academic}),
    )
    .await;
    let res = app.client.get(app.site_url("/news")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "public, max-age=600");
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let res = app
        .client
        .get(app.site_url("/news"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    // An item appearing in 2 minutes caps the cache lifetime.
    news(&app, &c.admin, json!({"title": "b", "group_id": c.academic, "visible_from": at(&app, TimeDelta::seconds(120))})).await;
    let res = app
        .client
        .get(app.site_url("/news"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304, "the visible list did not change");
    let cc = res.headers()["cache-control"].to_str().unwrap().to_string();
    let age: u64 = cc.trim_start_matches("public, max-age=").parse().unwrap();
    assert!((100..=120).contains(&age), "{cc}");
    // Editors' views are private.
    let res = app
        .client
        .get(app.site_url("/manage/news"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
}

#[actix_web::test]
async fn categories_are_managed_by_admins_and_feeds_list_visible_items() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let res = app
        .client
        .post(app.site_url("/news/categories"))
        .bearer_auth(&c.t_academic)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let mut cats = vec![];
    for name in ["校園公告", "活動花絮"] {
        let res = app
            .client
            .post(app.site_url("/news/categories"))
            .bearer_auth(&c.admin)
            .json(&json!({"name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        cats.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let res = app
        .client
        .patch(app.site_url(&format!("/news/categories/{}", cats[1])))
        .bearer_auth(&c.admin)
        .json(&json!({"order": -1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, list) = get_json(&app, "/news/categories", None).await;
    assert_eq!(ids(&list), vec![cats[1], cats[0]]);

    let shown = news(
        &app,
        &c.admin,
        json!({"title": "<b>A & B</b>", "group_id": c.academic, "category_id": cats[0]}),
    )
    .await;
    news(
        &app,
        &c.admin,
        json!({"title": "草稿", "group_id": c.academic, "draft": true}),
    )
    .await;
    let res = app
        .client
        .get(app.site_url("/news.rss"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    let xml = res.text().await.unwrap();
    assert!(xml.contains("&lt;b&gt;A &amp; B&lt;/b&gt;"), "{xml}");
    assert!(
        xml.contains(&format!("/s/{}/news/{shown}</link>", app.slug)),
        "{xml}"
    );
    assert!(!xml.contains("草稿"));
    let res = app
        .client
        .get(app.site_url(&format!("/news/categories/{}.rss", cats[1])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(!res.text().await.unwrap().contains("<item>"));
    let res = app
        .client
        .get(app.site_url("/news/categories/999999.rss"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
