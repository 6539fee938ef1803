use crate::helpers::*;
use chrono::Duration;
use serde_json::{Value, json};

#[actix_web::test]
async fn only_platform_admins_write_announcements_and_visitors_see_current_ones() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let site_admin = app.admin_token().await;
    let url = app.url("/api/v1/announcements");
    let body = json!({"title": "颱風停課", "body": "明日全市停止上班上課。"});

    let res = app.client.post(&url).json(&body).send().await.unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .post(&url)
        .bearer_auth(&site_admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .client
        .get(app.url("/api/v1/manage/announcements"))
        .bearer_auth(&site_admin)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;

    let now = app.clock.now();
    let res = app
        .client
        .post(&url)
        .bearer_auth(&root)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let current: Value = res.json().await.unwrap();
    let later = json!({"title": "系統維護", "body": "", "visible_from": now + Duration::hours(2)});
    let res = app
        .client
        .post(&url)
        .bearer_auth(&root)
        .json(&later)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let later_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let bad = json!({"title": "x", "visible_from": now, "visible_until": now - Duration::hours(1)});
    let res = app
        .client
        .post(&url)
        .bearer_auth(&root)
        .json(&bad)
        .send()
        .await
        .unwrap();
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["visible_until"].is_array());
    let long = json!({"title": "x", "body": "字".repeat(2001)});
    let res = app
        .client
        .post(&url)
        .bearer_auth(&root)
        .json(&long)
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;

    // Other tests share the database: look for ours only.
    let visible_ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    };
    let res = app.client.get(&url).send().await.unwrap();
    let cc = res.headers()["cache-control"].to_str().unwrap().to_string();
    let max_age: i64 = cc.trim_start_matches("public, max-age=").parse().unwrap();
    assert!(max_age <= 2 * 3600, "{cc}");
    let list: Value = res.json().await.unwrap();
    assert!(visible_ids(&list).contains(&current["id"].as_i64().unwrap()));
    assert!(!visible_ids(&list).contains(&later_id));

    let all: Value = app
        .client
        .get(app.url("/api/v1/manage/announcements"))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(all.as_array().unwrap().len() >= 2);
    let id = current["id"].as_i64().unwrap();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/announcements/{id}")))
        .bearer_auth(&root)
        .json(&json!({"title": "颱風停課（更新）", "body": "後天照常上課。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/announcements/{id}")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/announcements/{id}")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    // Scheduled ones appear by themselves when their time comes.
    app.clock.advance(Duration::hours(3));
    let list: Value = app
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(visible_ids(&list).contains(&later_id));
    let root = app.platform_token().await;
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/announcements/{later_id}")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

/// What must never reach a page from stored rich text.
pub fn assert_inert(html: &str) {
    let l = html.to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<svg",
        "alert(",
        "__xss",
    ] {
        assert!(!l.contains(bad), "{bad} survived: {html}");
    }
}

const PAYLOAD: &str = r#"<p><strong>停課</strong></p><img src=x onerror="window.__xss=1"><script>window.__xss=1</script><a href="javascript:window.__xss=1">x</a><svg onload="window.__xss=1"></svg><img src="https://x.tw/a.png" alt="a">"#;

/// Issue 12, item 7: a platform announcement's body reached every school's
/// homepage as it was sent.
#[actix_web::test]
async fn announcement_bodies_are_sanitised_before_any_homepage_shows_them() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let url = app.url("/api/v1/announcements");
    let res = app
        .client
        .post(&url)
        .bearer_auth(&root)
        .json(&json!({"title": "颱風停課", "body": PAYLOAD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    let body = created["body"].as_str().unwrap();
    assert_inert(body);
    // What the allow-list keeps survives; no school's own uploads (an
    // announcement belongs to none).
    assert!(body.starts_with("<p><strong>停課</strong></p>"), "{body}");
    assert!(
        body.contains(r#"<img src="https://x.tw/a.png" alt="a">"#),
        "{body}"
    );

    let home: Value = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown = home["announcements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == Some(id))
        .expect("the announcement is on the homepage");
    assert_eq!(shown["body"], created["body"]);
    assert_inert(shown["body"].as_str().unwrap());

    let own_image = format!(
        r#"<img src="/api/v1/sites/{}/images/ab.png" alt="b"><iframe src="https://www.youtube.com/embed/x"></iframe><iframe src="https://evil.example/"></iframe>"#,
        app.slug
    );
    let res = app
        .client
        .put(app.url(&format!("/api/v1/announcements/{id}")))
        .bearer_auth(&root)
        .json(&json!({"title": "颱風停課", "body": format!("{PAYLOAD}{own_image}")}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.unwrap();
    let body = updated["body"].as_str().unwrap();
    assert_inert(body);
    assert!(!body.contains("/images/ab.png"), "{body}");
    assert!(!body.contains("evil.example"), "{body}");
    assert!(
        body.contains(r#"<iframe src="https://www.youtube.com/embed/x"></iframe>"#),
        "{body}"
    );
    let all: Value = app
        .client
        .get(app.url("/api/v1/manage/announcements"))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == Some(id))
        .unwrap();
    assert_inert(listed["body"].as_str().unwrap());

    let res = app
        .client
        .delete(app.url(&format!("/api/v1/announcements/{id}")))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

/// Rows stored before the fix are re-sanitised by the migration's data step
/// (m20261203_000400); clean rows stay as they are.
#[actix_web::test]
async fn the_migration_resanitises_announcements_stored_before() {
    let _city = CITY_WIDE.lock().await;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use yass_api::storage::entities::announcements as entity;
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let now = app.clock.now().naive_utc();
    let row = |title: &str, body: &str| entity::ActiveModel {
        title: Set(title.into()),
        body: Set(body.into()),
        visible_from: Set(None),
        visible_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let unsafe_row = row("舊公告", PAYLOAD).insert(db).await.unwrap();
    let clean_body = "<p>明日照常上課。</p>";
    let clean_row = row("舊公告二", clean_body).insert(db).await.unwrap();
    // The homepage built before the migration holds the unsafe body.
    let before: Value = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(before.to_string().contains("onerror"));

    let changed = yass_migrations::resanitize_announcements(db).await.unwrap();
    assert!(changed >= 1, "{changed}");

    let stored = entity::Entity::find_by_id(unsafe_row.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_inert(&stored.body);
    assert!(stored.body.starts_with("<p><strong>停課</strong></p>"));
    let clean = entity::Entity::find_by_id(clean_row.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(clean.body, clean_body);
    // Idempotent: a second run over our rows changes nothing of them.
    yass_migrations::resanitize_announcements(db).await.unwrap();
    let again = entity::Entity::find_by_id(unsafe_row.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.body, stored.body);

    // No homepage built before keeps serving the old body: an instance
    // started after the migration (as a deploy does) neither reads the
    // shared snapshot nor its own copy of the old homepage.
    let restarted = app.second_instance().await;
    let after: Value = restarted
        .client
        .get(restarted.site_url("/homepage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for a in after["announcements"].as_array().unwrap() {
        assert_inert(a["body"].as_str().unwrap());
    }
    for id in [unsafe_row.id, clean_row.id] {
        entity::Entity::delete_by_id(id).exec(db).await.unwrap();
    }
}
