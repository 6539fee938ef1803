use crate::helpers::*;
use chrono::Duration;
use serde_json::{Value, json};

#[actix_web::test]
async fn only_platform_admins_write_announcements_and_visitors_see_current_ones() {
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
