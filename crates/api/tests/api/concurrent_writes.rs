//! Writes that meet each other in the database: a school's own writes at
//! once, and a city-wide announcement (which bumps every site's row) in the
//! middle of them. None may fail for a conflict the client could not cause.

use crate::content_helpers::post_news;
use crate::helpers::*;
use serde_json::json;

#[actix_web::test]
async fn a_schools_writes_and_a_city_notice_at_once_all_succeed() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let root = app.platform_token().await;
    let office = app.group(&admin, "教務處", "staff", None).await;
    let news = (0..16).map(|i| {
        let (app, admin, office) = (&app, &admin, office);
        async move {
            let res = post_news(
                app,
                admin,
                json!({"title": format!("同時發布 {i}"), "group_id": office}),
            )
            .await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    });
    let notices = (0..4).map(|i| {
        let (app, root) = (&app, &root);
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/announcements"))
                .bearer_auth(root)
                .json(&json!({"title": format!("颱風停課 {i}"), "body": "明日停止上課。"}))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    });
    let (news, notices) = futures_util::future::join(
        futures_util::future::join_all(news),
        futures_util::future::join_all(notices),
    )
    .await;
    for (status, body) in news.iter().chain(&notices) {
        assert_eq!(*status, 201, "{body}");
    }
    let (_, list) = crate::content_helpers::get_json(&app, "/news?per_page=50", Some(&admin)).await;
    assert_eq!(list["total"].as_i64(), Some(16), "{list}");
}
