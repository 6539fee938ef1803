//! Groups are archived, not deleted, while anything refers to them; users
//! are disabled, not deleted, while their content exists (issue 14).

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::call;
use reqwest::Method;
use serde_json::json;

#[actix_web::test]
async fn an_archived_group_grants_nothing_and_restricts_still() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let (s, page) = call(&app, Method::POST, "/pages", Some(&c.admin), Some(json!({"title": "教務會議紀錄", "body": "<p>x</p>", "visibility": "restricted", "read_group_ids": [c.academic]}))).await;
    assert_eq!(s, 201);
    let p = format!("/pages/{}", page["id"]);
    assert_eq!(get_json(&app, &p, Some(&c.t_academic)).await.0, 200);
    assert_eq!(
        get_json(&app, &p, Some(&c.t_registry)).await.0,
        200,
        "a sub-group reads through it"
    );
    assert_eq!(
        post_news(
            &app,
            &c.t_academic,
            json!({"title": "a", "group_id": c.academic})
        )
        .await
        .status(),
        201
    );

    let (s, g) = call(
        &app,
        Method::PATCH,
        &format!("/groups/{}", c.academic),
        Some(&c.admin),
        Some(json!({"archived": true})),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["archived"], true);
    assert_eq!(
        get_json(&app, &p, Some(&c.t_academic)).await.0,
        404,
        "its members lose what it granted"
    );
    assert_eq!(
        get_json(&app, &p, Some(&c.t_registry)).await.0,
        404,
        "and the groups below it"
    );
    assert_eq!(
        get_json(&app, &p, None).await.0,
        404,
        "the page stays restricted, never public"
    );
    assert_eq!(
        post_news(
            &app,
            &c.t_academic,
            json!({"title": "b", "group_id": c.academic})
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        get_json(&app, &p, Some(&c.admin)).await.0,
        200,
        "site admins still read it"
    );
    let (_, log) = call(
        &app,
        Method::GET,
        &format!("/audit-log?kind=group&entity={}", c.academic),
        Some(&c.admin),
        None,
    )
    .await;
    assert!(
        log["items"][0]["changes"]["after"]["archived_at"].is_string(),
        "{log}"
    );

    let (s, _) = call(
        &app,
        Method::PATCH,
        &format!("/groups/{}", c.academic),
        Some(&c.admin),
        Some(json!({"archived": false})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        get_json(&app, &p, Some(&c.t_academic)).await.0,
        200,
        "brought back"
    );
}

#[actix_web::test]
async fn the_administrators_group_cannot_be_archived() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, groups) = call(&app, Method::GET, "/groups", Some(&admin), None).await;
    let admins = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["kind"] == "admin")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (s, p) = call(
        &app,
        Method::PATCH,
        &format!("/groups/{admins}"),
        Some(&admin),
        Some(json!({"archived": true})),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert!(p["errors"]["archived"].is_array());
    assert_eq!(
        call(&app, Method::GET, "/users", Some(&admin), None)
            .await
            .0,
        200,
        "still an admin"
    );
}

#[actix_web::test]
async fn a_user_with_content_is_disabled_not_deleted() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    news(
        &app,
        &c.t_student,
        json!({"title": "學務處公告", "group_id": c.student}),
    )
    .await;
    let (_, users) = call(&app, Method::GET, "/users", Some(&c.admin), None).await;
    let id_of = |account: &str| {
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["account"] == account)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (author, idle) = (id_of("u_student"), id_of("u_intern"));
    // News that is only in the trash (and in its history) still has its
    // author: deleting them would lose who wrote what a restore brings back.
    let trashed = news(
        &app,
        &c.t_registry,
        json!({"title": "註冊組公告", "group_id": c.registry}),
    )
    .await;
    let (s, _) = call(
        &app,
        Method::DELETE,
        &format!("/news/{trashed}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, p) = call(
        &app,
        Method::DELETE,
        &format!("/users/{}", id_of("u_registry")),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 409, "content in the trash counts: {p}");
    let (s, p) = call(
        &app,
        Method::DELETE,
        &format!("/users/{author}"),
        Some(&c.admin),
        None,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap_or_default().contains("disable"));
    let (s, _) = call(
        &app,
        Method::PATCH,
        &format!("/users/{author}"),
        Some(&c.admin),
        Some(json!({"status": "disabled"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        call(
            &app,
            Method::DELETE,
            &format!("/users/{idle}"),
            Some(&c.admin),
            None
        )
        .await
        .0,
        204,
        "no content: deleted"
    );
}
