use crate::content_helpers::*;
use crate::helpers::*;
use chrono::TimeDelta;
use serde_json::{Value, json};

async fn homepage(app: &TestApp) -> Value {
    let res = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn one_request_gives_the_whole_homepage() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    news(
        &app,
        &c.admin,
        json!({"title": "置頂公告", "group_id": c.academic, "pinned": true}),
    )
    .await;
    news(
        &app,
        &c.admin,
        json!({"title": "一般消息", "group_id": c.academic}),
    )
    .await;
    let res = app
        .client
        .post(app.site_url("/extensions"))
        .bearer_auth(&c.admin)
        .json(&json!({"title": "教務處", "extension": "123", "on_homepage": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = app.client.post(app.site_url("/links")).bearer_auth(&c.admin)
        .json(&json!({"title": "臺北市教育局", "url": "https://www.doe.gov.taipei", "on_homepage": true})).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let h = homepage(&app).await;
    assert_eq!(h["site"]["name"], "測試國小");
    assert_eq!(titles(&h["pinned_news"]), vec!["置頂公告"]);
    assert_eq!(titles(&h["latest_news"]), vec!["一般消息"]);
    assert_eq!(h["pinned_news"][0]["pinned_now"], true);
    assert_eq!(h["extensions"][0]["tel_uri"], "tel:+886223456789,123");
    assert_eq!(h["links"][0]["title"], "臺北市教育局");
    assert!(
        h["calendar"]["ics_url"]
            .as_str()
            .unwrap()
            .ends_with("/calendar.ics")
    );
    assert!(h["layout"]["blocks"].as_array().unwrap().len() >= 4);
    assert!(h["nav"].is_array());
}

#[actix_web::test]
async fn a_scheduled_item_appears_on_time_while_the_homepage_is_cached() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let at = app.clock.now() + TimeDelta::hours(1);
    news(
        &app,
        &c.admin,
        json!({"title": "明日颱風停課", "group_id": c.academic, "visible_from": at.to_rfc3339()}),
    )
    .await;
    let first = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap();
    let max_age: i64 = first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .trim_start_matches("public, max-age=")
        .parse()
        .unwrap();
    assert!(
        max_age <= 30,
        "browsers may keep it at most the configured time"
    );
    assert!(titles(&first.json::<Value>().await.unwrap()["latest_news"]).is_empty());
    // Cached now; no write happens, only time passes.
    assert!(titles(&homepage(&app).await["latest_news"]).is_empty());
    app.clock.advance(TimeDelta::seconds(3600));
    assert_eq!(
        titles(&homepage(&app).await["latest_news"]),
        vec!["明日颱風停課"]
    );
}

#[actix_web::test]
async fn a_write_through_one_instance_reaches_the_other_instances_cache() {
    let one = TestApp::spawn().await;
    let two = one.second_instance().await;
    let c = cast(&one).await;
    news(
        &one,
        &c.admin,
        json!({"title": "第一則", "group_id": c.academic}),
    )
    .await;
    // Instance two caches the homepage and the menu.
    assert_eq!(titles(&homepage(&two).await["latest_news"]), vec!["第一則"]);
    let nav = two.client.get(two.site_url("/nav")).send().await.unwrap();
    assert_eq!(nav.json::<Value>().await.unwrap(), json!([]));
    // Writes through instance one...
    news(
        &one,
        &c.admin,
        json!({"title": "第二則", "group_id": c.academic}),
    )
    .await;
    let res = one
        .client
        .post(one.site_url("/nav"))
        .bearer_auth(&c.admin)
        .json(&json!({"name": "最新消息", "target": {"type": "news", "category_id": null}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // ...while instance one reads its own writes at once...
    assert_eq!(
        titles(&homepage(&one).await["latest_news"]),
        vec!["第二則", "第一則"]
    );
    // ...and instance two sees them within its site-row bound
    // (YASS_SITE_CACHE_MS, default 1 s), not later.
    let bound = std::time::Duration::from_millis(two.state.settings.site_cache_ms);
    let started = std::time::Instant::now();
    while titles(&homepage(&two).await["latest_news"]) != vec!["第二則", "第一則"] {
        assert!(
            started.elapsed() < bound + std::time::Duration::from_millis(500),
            "instance two still serves the old homepage after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let nav: Value = two
        .client
        .get(two.site_url("/nav"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(nav[0]["name"], "最新消息");
}

/// Replaces `from` with `to` in the stored homepage snapshot, so a test can
/// tell a response served from the snapshot from a rebuilt one.
async fn mark_snapshot(app: &TestApp, from: &str, to: &str) {
    use yass_api::storage::{sites, snapshots};
    let db = &app.state.db;
    let site = sites::by_slug(db, &app.slug).await.unwrap().unwrap();
    let name = snapshots::name_of("homepage");
    let now = app.clock.now();
    let mut snap = snapshots::current(db, site.site_id(), &name, site.content_version, now)
        .await
        .unwrap()
        .expect("the homepage was stored as a snapshot");
    assert!(snap.body.contains(from));
    snap.body = snap.body.replace(from, to);
    snapshots::store(db, site.site_id(), &name, site.content_version, snap, now)
        .await
        .unwrap();
}

#[actix_web::test]
async fn a_new_instance_serves_the_shared_snapshot_until_a_write_or_a_transition() {
    let one = TestApp::spawn().await;
    let c = cast(&one).await;
    news(
        &one,
        &c.admin,
        json!({"title": "已公告", "group_id": c.academic}),
    )
    .await;
    let at = one.clock.now() + TimeDelta::minutes(2);
    news(
        &one,
        &c.admin,
        json!({"title": "明日颱風停課", "group_id": c.academic, "visible_from": at.to_rfc3339()}),
    )
    .await;
    // Instance one builds the homepage and stores it for every instance.
    assert_eq!(titles(&homepage(&one).await["latest_news"]), vec!["已公告"]);
    mark_snapshot(&one, "已公告", "快照").await;
    // A freshly started instance serves the stored snapshot: one read, no build.
    let two = one.second_instance().await;
    assert_eq!(titles(&homepage(&two).await["latest_news"]), vec!["快照"]);
    // At the scheduled transition the snapshot has expired: a new instance
    // builds the homepage, with the scheduled item in it.
    one.clock.advance(TimeDelta::minutes(2));
    let three = one.second_instance().await;
    assert_eq!(
        titles(&homepage(&three).await["latest_news"]),
        vec!["明日颱風停課", "已公告"]
    );
    // A write bumps the content version: no instance serves the old snapshot.
    mark_snapshot(&one, "已公告", "快照").await;
    news(
        &one,
        &c.admin,
        json!({"title": "期末考", "group_id": c.academic}),
    )
    .await;
    let four = one.second_instance().await;
    assert_eq!(
        titles(&homepage(&four).await["latest_news"]),
        vec!["期末考", "明日颱風停課", "已公告"]
    );
    // Expired snapshots go in the hourly purge.
    one.clock.advance(TimeDelta::hours(2));
    yass_api::housekeeping::purge(&one.state).await.unwrap();
    let site = yass_api::storage::sites::by_slug(&one.state.db, &one.slug)
        .await
        .unwrap()
        .unwrap();
    let left = yass_api::storage::snapshots::current(
        &one.state.db,
        site.site_id(),
        &yass_api::storage::snapshots::name_of("homepage"),
        site.content_version,
        one.clock.now() - TimeDelta::hours(2),
    )
    .await
    .unwrap();
    assert!(left.is_none(), "an expired snapshot outlived the purge");
}

#[actix_web::test]
async fn etags_answer_304_and_announcements_reach_every_homepage() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let res = app
        .client
        .get(app.site_url("/homepage"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    let root = app.platform_token().await;
    let res = app
        .client
        .post(app.url("/api/v1/announcements"))
        .bearer_auth(&root)
        .json(&json!({"title": "颱風停班停課", "body": "明日全市停課"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let res = app
        .client
        .get(app.site_url("/homepage"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the cached homepage was replaced");
    let h: Value = res.json().await.unwrap();
    assert!(titles(&h["announcements"]).contains(&"颱風停班停課".to_string()));
}

#[actix_web::test]
async fn the_dashboard_counts_content_and_todays_logins_for_admins_only() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    news(
        &app,
        &c.admin,
        json!({"title": "一則", "group_id": c.academic}),
    )
    .await;
    app.login("webmaster", "wrong password").await;
    let res = app
        .client
        .get(app.site_url("/manage/dashboard"))
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["users"], 5);
    assert_eq!(d["groups"], 5, "admins plus the four of the cast");
    assert_eq!(d["news"], 1);
    assert_eq!(d["failed_logins_today"], 1);
    assert_eq!(d["logins_today"], 5, "the admin and the four cast members");
    assert_eq!(d["recent_auth_events"].as_array().unwrap().len(), 6);
    let res = app
        .client
        .get(app.site_url("/manage/dashboard"))
        .bearer_auth(&c.t_academic)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}
