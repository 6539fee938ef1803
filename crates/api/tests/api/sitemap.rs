use crate::content_helpers::*;
use crate::helpers::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn sitemap_and_feed_on_the_schools_own_hostname_leave_restricted_pages_out() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let host = format!("{}.school.example.tw", unique("h"));
    let root = app.platform_token().await;
    let res = app
        .client
        .patch(app.site_url(""))
        .bearer_auth(&root)
        .json(&json!({"hostnames": [host]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let id = news(
        &app,
        &c.admin,
        json!({"title": "運動會 & 園遊會", "group_id": c.academic}),
    )
    .await;
    news(
        &app,
        &c.admin,
        json!({"title": "草稿", "group_id": c.academic, "draft": true}),
    )
    .await;
    let public: Value = app
        .client
        .post(app.site_url("/pages"))
        .bearer_auth(&c.admin)
        .json(&json!({"title": "學校簡介", "body": "<p>x</p>"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let restricted: Value = app
        .client
        .post(app.site_url("/pages"))
        .bearer_auth(&c.admin)
        .json(&json!({"title": "教職員專區", "body": "<p>x</p>", "read_group_ids": [c.academic]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let res = app
        .client
        .get(app.url("/sitemap.xml"))
        .header("host", &host)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let xml = res.text().await.unwrap();
    assert!(
        xml.contains(&format!("<loc>https://{host}/news/{id}</loc>")),
        "{xml}"
    );
    assert!(xml.contains(&format!("https://{host}/pages/{}", public["id"])));
    assert!(
        !xml.contains(&format!("/pages/{}<", restricted["id"])),
        "restricted page left out"
    );
    assert_eq!(xml.matches("/news/").count(), 1, "drafts left out");
    // The same through the platform path.
    let same = app
        .client
        .get(app.site_url("/sitemap.xml"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(same, xml);
    // The feed at the school's hostname, escaped.
    let rss = app
        .client
        .get(app.url("/news.rss"))
        .header("host", &host)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(rss.contains("運動會 &amp; 園遊會"));
    // An unknown hostname has no sitemap.
    let res = app
        .client
        .get(app.url("/sitemap.xml"))
        .header("host", "nobody.example.tw")
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "site_not_found").await;
    let robots = app
        .client
        .get(app.url("/robots.txt"))
        .header("host", &host)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(robots.contains(&format!("Sitemap: https://{host}/sitemap.xml")));
}
