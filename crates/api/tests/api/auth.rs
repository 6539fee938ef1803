use crate::helpers::*;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

#[actix_web::test]
async fn login_returns_tokens_and_an_httponly_strict_cookie() {
    let app = TestApp::spawn().await;
    let res = app.login("webmaster", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("yass_refresh="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    assert!(cookie.contains(&format!("Path=/api/v1/sites/{}/auth", app.slug)));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().len() > 30);
    let me: Value = app
        .client
        .get(app.site_url("/me"))
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["account"], "webmaster");
    assert_eq!(me["rights"]["site_admin"], true);
    assert!(
        me["rights"]["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("users.manage"))
    );
}

#[actix_web::test]
async fn failures_never_reveal_whether_the_account_exists() {
    let app = TestApp::spawn().await;
    let wrong = app.login("webmaster", "wrong password").await;
    let wrong = assert_problem(wrong, 401, "invalid_credentials").await;
    let unknown = app.login("nobody-here", "wrong password").await;
    let unknown = assert_problem(unknown, 401, "invalid_credentials").await;
    assert_eq!(wrong, unknown);
    // Both are in the auth log, with their kinds.
    let token = app.admin_token().await;
    let log: Value = app
        .client
        .get(app.site_url("/auth-log?kind=unknown_account"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1);
    assert_eq!(log["items"][0]["account"], "nobody-here");
    assert_eq!(log["items"][0]["client_addr"], app.client_ip.as_str());
    let log: Value = app
        .client
        .get(app.site_url("/auth-log?kind=wrong_password"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1);
    let log: Value = app
        .client
        .get(app.site_url("/auth-log?kind=login"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1);
    let res = app
        .client
        .get(app.site_url("/auth-log?kind=party"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn tampered_expired_and_unsigned_tokens_are_401() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["sub"] = json!(claims["sub"].as_str().unwrap().to_string() + "0");
    let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    for bad in [
        format!("{}.{}.{}", parts[0], forged_payload, parts[2]),
        format!("{none_header}.{}.", parts[1]),
        "garbage".to_string(),
    ] {
        let res = app
            .client
            .get(app.site_url("/me"))
            .bearer_auth(&bad)
            .send()
            .await
            .unwrap();
        assert_problem(res, 401, "unauthorized").await;
    }
    // Expired: move the clock past the access token's lifetime.
    app.clock.advance(chrono::TimeDelta::seconds(901));
    let res = app
        .client
        .get(app.site_url("/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}

#[actix_web::test]
async fn tokens_of_one_site_do_not_work_on_another() {
    let a = TestApp::spawn().await;
    let root = a.platform_token().await;
    let other = unique("o");
    let res = a
        .client
        .post(a.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": other, "name": "別校"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let token = a.admin_token().await;
    for path in ["/me", "/users", "/groups"] {
        let res = a
            .client
            .get(a.url(&format!("/api/v1/sites/{other}{path}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_problem(res, 401, "unauthorized").await;
    }
}

#[actix_web::test]
async fn refresh_rotates_and_a_reused_token_ends_the_session() {
    let app = TestApp::spawn().await;
    let first: Value = app.login("webmaster", PASSWORD).await.json().await.unwrap();
    let r1 = first["refresh_token"].as_str().unwrap().to_string();
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .json(&json!({"refresh_token": r1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let r2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(r1, r2);
    // Replaying the old token fails and revokes the new one too.
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .json(&json!({"refresh_token": r1}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .json(&json!({"refresh_token": r2}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    // The cookie alone works for the SPA.
    let third: Value = app.login("webmaster", PASSWORD).await.json().await.unwrap();
    let r3 = third["refresh_token"].as_str().unwrap();
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .header("cookie", format!("yass_refresh={r3}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let fourth: Value = res.json().await.unwrap();
    // Logout revokes.
    let r4 = fourth["refresh_token"].as_str().unwrap();
    let res = app
        .client
        .post(app.site_url("/auth/logout"))
        .json(&json!({"refresh_token": r4}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .json(&json!({"refresh_token": r4}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let token = app.admin_token().await;
    let log: Value = app
        .client
        .get(app.site_url("/auth-log?kind=logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 1);
}

#[actix_web::test]
async fn password_change_revokes_old_tokens_and_forced_change_blocks_the_rest() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // A new user with a temporary password must change it first.
    let res = app
        .client
        .post(app.site_url("/users"))
        .bearer_auth(&admin)
        .json(&json!({"account": "teacher", "password": "temporary-123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let login: Value = app
        .login("teacher", "temporary-123")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(login["must_change_password"], true);
    let old = login["access_token"].as_str().unwrap().to_string();
    let old_refresh = login["refresh_token"].as_str().unwrap().to_string();
    let res = app
        .client
        .get(app.site_url("/groups"))
        .bearer_auth(&old)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "password_change_required").await;
    let res = app
        .client
        .get(app.site_url("/me"))
        .bearer_auth(&old)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Weak or wrong input is 422.
    let res = app
        .client
        .post(app.site_url("/me/password"))
        .bearer_auth(&old)
        .json(&json!({"current_password": "nope-nope", "new_password": "new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .post(app.site_url("/me/password"))
        .bearer_auth(&old)
        .json(&json!({"current_password": "temporary-123", "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .post(app.site_url("/me/password"))
        .bearer_auth(&old)
        .json(&json!({"current_password": "temporary-123", "new_password": "new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let fresh: Value = res.json().await.unwrap();
    assert_eq!(fresh["must_change_password"], false);
    // The old access and refresh tokens are dead at once.
    let res = app
        .client
        .get(app.site_url("/me"))
        .bearer_auth(&old)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .get(app.site_url("/groups"))
        .bearer_auth(fresh["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Presenting a dead refresh token is treated as theft: every session
    // ends, access tokens included.
    let res = app
        .client
        .post(app.site_url("/auth/refresh"))
        .json(&json!({"refresh_token": old_refresh}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app
        .client
        .get(app.site_url("/groups"))
        .bearer_auth(fresh["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    assert_eq!(app.login("teacher", "temporary-123").await.status(), 401);
    assert_eq!(app.login("teacher", "new-password-1").await.status(), 200);
}

#[actix_web::test]
async fn auth_log_entries_past_retention_are_purged() {
    let app = TestApp::spawn_with(|s| s.auth_log_retention_days = 30).await;
    app.login("webmaster", "wrong password").await;
    // An entry from 31 days ago (written directly: the clock is shared by
    // every test on this database, so it is not moved here).
    let old = app.clock.now() - chrono::TimeDelta::days(31);
    yass_api::storage::auth::log_event(
        &app.state.db,
        yass_api::storage::auth::NewEvent {
            site_id: Some(app.site_id.get()),
            kind: yass_shared_types::auth::AuthEventKind::Login,
            account: "old-timer",
            user_id: None,
            client_addr: "10.0.0.1",
            at: old.naive_utc(),
        },
    )
    .await
    .unwrap();
    let token = app.admin_token().await;
    let log: Value = app
        .client
        .get(app.site_url("/auth-log"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 3);
    let purged = yass_api::housekeeping::purge(&app.state).await.unwrap();
    assert!(purged >= 1);
    let log: Value = app
        .client
        .get(app.site_url("/auth-log"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 2, "{log}");
    assert!(!log.to_string().contains("old-timer"));
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.client
        .get(app.site_url("/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[actix_web::test]
async fn sign_out_ends_the_access_token_too() {
    let app = TestApp::spawn().await;
    let body: Value = app.login("webmaster", PASSWORD).await.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(me_status(&app, access).await, 200);
    let res = app
        .client
        .post(app.site_url("/auth/logout"))
        .json(&json!({"refresh_token": body["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(me_status(&app, access).await, 401);
}

#[actix_web::test]
async fn a_replayed_refresh_token_ends_every_access_token() {
    let app = TestApp::spawn().await;
    let first: Value = app.login("webmaster", PASSWORD).await.json().await.unwrap();
    let r1 = first["refresh_token"].as_str().unwrap();
    let refresh = |token: String| {
        let app = &app;
        async move {
            app.client
                .post(app.site_url("/auth/refresh"))
                .json(&json!({"refresh_token": token}))
                .send()
                .await
                .unwrap()
        }
    };
    let res = refresh(r1.to_string()).await;
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let a2 = second["access_token"].as_str().unwrap();
    assert_eq!(me_status(&app, a2).await, 200);
    // The thief replays the first refresh token: the chain's access tokens die.
    let res = refresh(r1.to_string()).await;
    assert_problem(res, 401, "unauthorized").await;
    assert_eq!(me_status(&app, a2).await, 401);
    assert_eq!(
        me_status(&app, first["access_token"].as_str().unwrap()).await,
        401
    );
}
