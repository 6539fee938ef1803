//! Issue 12 item 6: API tokens are owned, capped by their owner's current
//! rights, expire, carry one of three scopes and record their last use.

use crate::content_helpers::*;
use crate::helpers::*;
use crate::site_content_helpers::*;
use chrono::TimeDelta;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use yass_api::auth::secrets::{new_api_token, token_hash};
use yass_api::storage::entities::api_tokens;

async fn admin_group(app: &TestApp) -> i64 {
    yass_api::operations::sites::admin_group(&app.state, app.site_id, &tool(&app.state))
        .await
        .unwrap()
}

/// A token made by `bearer`; returns (secret, token DTO).
async fn token(app: &TestApp, bearer: &str, body: Value) -> (String, Value) {
    let created = expect(app, "POST", "/api-tokens", Some(bearer), Some(body), 201).await;
    (
        created["secret"].as_str().unwrap().to_string(),
        created["token"].clone(),
    )
}

async fn status(app: &TestApp, method: &str, path: &str, secret: &str, body: Option<Value>) -> u16 {
    send(app, method, path, Some(secret), body)
        .await
        .status()
        .as_u16()
}

/// A second site admin who is also in a staff group; returns (id, token of
/// their site_admin-scoped API token, staff group).
async fn second_admin(app: &TestApp, admin: &str) -> (i64, String, i64) {
    let staff = app.group(admin, "資訊組", "staff", None).await;
    let id = app
        .user(admin, "admin2", &[admin_group(app).await, staff])
        .await;
    let session = app.token_of("admin2", PASSWORD).await;
    let (secret, t) = token(
        app,
        &session,
        json!({"name": "校務系統", "scope": "site_admin"}),
    )
    .await;
    assert_eq!(t["owner_user_id"], id);
    (id, secret, staff)
}

#[actix_web::test]
async fn a_disabled_or_deleted_owner_ends_the_token() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (id, secret, _) = second_admin(&app, &admin).await;
    assert_eq!(status(&app, "GET", "/users", &secret, None).await, 200);
    expect(
        &app,
        "PATCH",
        &format!("/users/{id}"),
        Some(&admin),
        Some(json!({"status": "disabled"})),
        200,
    )
    .await;
    let res = send(&app, "GET", "/users", Some(&secret), None).await;
    assert_problem(res, 401, "unauthorized").await;
    // Revoked with the user, and enabling the user again does not revive it.
    let list = expect(&app, "GET", "/api-tokens", Some(&admin), None, 200).await;
    assert_eq!(list[0]["revoked"], true, "{list}");
    expect(
        &app,
        "PATCH",
        &format!("/users/{id}"),
        Some(&admin),
        Some(json!({"status": "active"})),
        200,
    )
    .await;
    assert_eq!(
        status(&app, "GET", "/manage/pages", &secret, None).await,
        401
    );

    // Deleted: the same.
    let id3 = app.user(&admin, "admin3", &[admin_group(&app).await]).await;
    let session = app.token_of("admin3", PASSWORD).await;
    let (third, _) = token(
        &app,
        &session,
        json!({"name": "x", "scope": "content_write"}),
    )
    .await;
    assert_eq!(
        status(&app, "GET", "/manage/pages", &third, None).await,
        200
    );
    expect(
        &app,
        "DELETE",
        &format!("/users/{id3}"),
        Some(&admin),
        None,
        204,
    )
    .await;
    assert_eq!(
        status(&app, "GET", "/manage/pages", &third, None).await,
        401
    );
}

#[actix_web::test]
async fn a_demoted_owner_caps_the_token_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (id, secret, staff) = second_admin(&app, &admin).await;
    // Out of the admin group, still staff.
    expect(
        &app,
        "PATCH",
        &format!("/users/{id}"),
        Some(&admin),
        Some(json!({"group_ids": [staff]})),
        200,
    )
    .await;
    let res = send(&app, "GET", "/users", Some(&secret), None).await;
    assert_problem(res, 403, "forbidden").await;
    let res = send(
        &app,
        "POST",
        "/groups",
        Some(&secret),
        Some(json!({"name": "x", "kind": "staff"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(status(&app, "GET", "/api-tokens", &secret, None).await, 403);
    // Content within the owner's staff rights still works…
    let n = post_news(
        &app,
        &secret,
        json!({"title": "資訊組公告", "group_id": staff}),
    )
    .await;
    assert_eq!(n.status(), 201);
    let n: Value = n.json().await.unwrap();
    assert_eq!(n["group_id"], staff);
    // … beyond them it does not.
    let other = app.group(&admin, "學務處", "staff", None).await;
    let res = post_news(&app, &secret, json!({"title": "x", "group_id": other})).await;
    assert_problem(res, 403, "forbidden").await;
    let page = expect(
        &app,
        "POST",
        "/pages",
        Some(&admin),
        Some(json!({"title": "p"})),
        201,
    )
    .await;
    let res = send(
        &app,
        "PUT",
        &format!("/pages/{}", page["id"]),
        Some(&secret),
        Some(json!({"title": "q"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
}

#[actix_web::test]
async fn scopes_split_content_from_access() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.group(&admin, "教務處", "staff", None).await;
    let (write, t) = token(
        &app,
        &admin,
        json!({"name": "排程", "scope": "content_write"}),
    )
    .await;
    assert_eq!(t["scope"], "content_write");
    for (m, path, body) in [
        ("GET", "/users", None),
        ("GET", "/api-tokens", None),
        ("GET", "/auth-log", None),
        (
            "POST",
            "/groups",
            Some(json!({"name": "x", "kind": "staff"})),
        ),
        (
            "POST",
            "/api-tokens",
            Some(json!({"name": "x", "scope": "site_admin"})),
        ),
    ] {
        let res = send(&app, m, path, Some(&write), body).await;
        assert_eq!(res.status(), 403, "{m} {path}");
    }
    assert_eq!(
        status(
            &app,
            "POST",
            "/news",
            &write,
            Some(json!({"title": "公告", "group_id": staff}))
        )
        .await,
        201
    );
    assert_eq!(
        status(
            &app,
            "POST",
            "/pages",
            &write,
            Some(json!({"title": "頁面"}))
        )
        .await,
        201
    );
    let (read, _) = token(&app, &admin, json!({"name": "讀", "scope": "read"})).await;
    assert_eq!(status(&app, "GET", "/manage/pages", &read, None).await, 200);
    assert_eq!(
        status(
            &app,
            "POST",
            "/news",
            &read,
            Some(json!({"title": "x", "group_id": staff}))
        )
        .await,
        403
    );
    assert_eq!(status(&app, "GET", "/users", &read, None).await, 403);
    // A staff member holds no tokens at all (tokens are managed by admins).
    app.user(&admin, "staffer", &[staff]).await;
    let s = app.token_of("staffer", PASSWORD).await;
    let res = send(
        &app,
        "POST",
        "/api-tokens",
        Some(&s),
        Some(json!({"name": "x", "scope": "read"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    // The old name is not accepted any more.
    let res = send(
        &app,
        "POST",
        "/api-tokens",
        Some(&admin),
        Some(json!({"name": "x", "scope": "write"})),
    )
    .await;
    assert!(res.status().is_client_error());
}

#[actix_web::test]
async fn tokens_expire_within_a_year() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for days in [366, 0, 100_000] {
        let res = send(
            &app,
            "POST",
            "/api-tokens",
            Some(&admin),
            Some(json!({"name": "x", "scope": "read", "expires_in_days": days})),
        )
        .await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"]["expires_in_days"].is_array(), "{p}");
    }
    let list = expect(&app, "GET", "/api-tokens", Some(&admin), None, 200).await;
    assert_eq!(list, json!([]), "nothing half-written");
    let (_, t) = token(&app, &admin, json!({"name": "預設", "scope": "read"})).await;
    let created = chrono::DateTime::parse_from_rfc3339(t["created_at"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(t["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, TimeDelta::days(90));
    let (_, t) = token(
        &app,
        &admin,
        json!({"name": "一年", "scope": "read", "expires_in_days": 365}),
    )
    .await;
    assert!(t["expires_at"].is_string());
    let (short, _) = token(
        &app,
        &admin,
        json!({"name": "短", "scope": "read", "expires_in_days": 1}),
    )
    .await;
    assert_eq!(
        status(&app, "GET", "/manage/pages", &short, None).await,
        200
    );
    app.clock
        .advance(TimeDelta::days(1) + TimeDelta::seconds(1));
    let res = send(&app, "GET", "/manage/pages", Some(&short), None).await;
    assert_problem(res, 401, "unauthorized").await;
}

#[actix_web::test]
async fn last_use_is_recorded_at_most_once_a_minute() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (secret, t) = token(&app, &admin, json!({"name": "x", "scope": "read"})).await;
    assert!(t["last_used_at"].is_null());
    let last_used = || async {
        let list = expect(&app, "GET", "/api-tokens", Some(&admin), None, 200).await;
        list[0]["last_used_at"].clone()
    };
    assert_eq!(
        status(&app, "GET", "/manage/pages", &secret, None).await,
        200
    );
    let first = last_used().await;
    assert!(first.is_string());
    app.clock.advance(TimeDelta::seconds(30));
    assert_eq!(
        status(&app, "GET", "/manage/pages", &secret, None).await,
        200
    );
    assert_eq!(last_used().await, first);
    app.clock.advance(TimeDelta::seconds(31));
    assert_eq!(
        status(&app, "GET", "/manage/pages", &secret, None).await,
        200
    );
    assert_ne!(last_used().await, first);
}

/// A token stored the old way: scope `write`, no owner, no expiry.
async fn legacy_token(app: &TestApp, created_by: Option<i64>, age_days: i64) -> (i64, String) {
    let secret = new_api_token();
    let row = api_tokens::ActiveModel {
        site_id: Set(app.site_id.get()),
        name: Set("舊介接".into()),
        scope: Set("write".into()),
        token_hash: Set(token_hash(&secret)),
        created_by: Set(created_by),
        created_at: Set(app.clock.now_naive() - TimeDelta::days(age_days)),
        ..Default::default()
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    (row.id, secret)
}

#[actix_web::test]
async fn tokens_from_before_owners_are_converted_and_keep_working() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = app.group(&admin, "教務處", "staff", None).await;
    let (id2, _, _) = second_admin(&app, &admin).await;
    let (by_admin2, s1) = legacy_token(&app, Some(id2), 10).await;
    let (orphan, s2) = legacy_token(&app, None, 10).await;
    let (_, s3) = legacy_token(&app, Some(id2), 100).await;
    // Before conversion such a row does not work (no owner, no expiry).
    assert_eq!(status(&app, "GET", "/manage/pages", &s1, None).await, 401);
    yass_migrations::m20261203_000201_api_token_owner_expiry::convert(&app.state.db)
        .await
        .unwrap();
    let list = expect(&app, "GET", "/api-tokens", Some(&admin), None, 200).await;
    let row = |id: i64| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row(by_admin2)["scope"], "content_write");
    assert_eq!(row(by_admin2)["owner_user_id"], id2);
    let webmaster = expect(&app, "GET", "/users", Some(&admin), None, 200).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["account"] == "webmaster")
        .unwrap()["id"]
        .clone();
    assert_eq!(
        row(orphan)["owner_user_id"],
        webmaster,
        "the site's first admin"
    );
    let created =
        chrono::DateTime::parse_from_rfc3339(row(by_admin2)["created_at"].as_str().unwrap())
            .unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(row(by_admin2)["expires_at"].as_str().unwrap())
            .unwrap();
    assert_eq!(expires - created, TimeDelta::days(90));
    // content_write works as the old write did for content, not for access.
    for s in [&s1, &s2] {
        assert_eq!(
            status(
                &app,
                "POST",
                "/news",
                s,
                Some(json!({"title": "公告", "group_id": staff}))
            )
            .await,
            201
        );
        assert_eq!(status(&app, "GET", "/users", s, None).await, 403);
    }
    // Made 100 days ago: expired by the conversion.
    assert_eq!(status(&app, "GET", "/manage/pages", &s3, None).await, 401);
}

#[actix_web::test]
async fn a_token_nobody_answers_for_is_revoked_by_the_conversion() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // The site's only admin account is disabled: no owner can be found.
    let users = expect(&app, "GET", "/users", Some(&admin), None, 200).await;
    let me = users["items"][0]["id"].as_i64().unwrap();
    let (id, secret) = legacy_token(&app, Some(999_999_999), 1).await;
    let mut row: yass_api::storage::entities::users::ActiveModel =
        yass_api::storage::users::get_for_token(&app.state.db, me)
            .await
            .unwrap()
            .unwrap()
            .into();
    row.status = Set("disabled".into());
    row.update(&app.state.db).await.unwrap();
    yass_migrations::m20261203_000201_api_token_owner_expiry::convert(&app.state.db)
        .await
        .unwrap();
    let t = yass_api::storage::api_tokens::get(&app.state.db, app.site_id, id)
        .await
        .unwrap()
        .unwrap();
    assert!(t.revoked_at.is_some());
    assert!(t.owner_user_id.is_none());
    assert_eq!(
        status(&app, "GET", "/manage/pages", &secret, None).await,
        401
    );
}
