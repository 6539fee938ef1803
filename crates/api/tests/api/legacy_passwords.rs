//! Accounts an import brought from yascms keep their passlib `sha256_crypt`
//! hashes: the first sign-in checks the old hash and re-hashes with
//! argon2id, so nobody has to reset a password; a wrong password fails as
//! any other; the account's state (must change password) stays (issue 17).

use crate::helpers::*;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use yass_api::storage::entities::users;

/// The SHA-crypt specification's vector: "Hello world!" with salt `saltstring`.
const LEGACY: &str = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";

async fn with_legacy_hash(app: &TestApp, account: &str, status: &str) -> i64 {
    let token = app.admin_token().await;
    let id = app.user(&token, account, &[]).await;
    let row = users::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut am = row.into_active_model();
    am.password_hash = Set(LEGACY.to_string());
    am.status = Set(status.to_string());
    am.update(&app.state.db).await.unwrap();
    id
}

/// The hash once the re-hash that follows a legacy sign-in has run (it
/// runs after the answer, so that sign-in takes no longer than another).
async fn upgraded_hash_of(app: &TestApp, id: i64) -> (String, String) {
    for _ in 0..100 {
        let got = hash_of(app, id).await;
        if got.0.starts_with("$argon2id$") {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    hash_of(app, id).await
}

async fn hash_of(app: &TestApp, id: i64) -> (String, String) {
    let row = users::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    (row.password_hash, row.status)
}

#[actix_web::test]
async fn a_yascms_password_signs_in_once_and_is_argon2id_after() {
    let app = TestApp::spawn().await;
    let id = with_legacy_hash(&app, "yascms-user", "active").await;
    // The site now holds a legacy hash: every sign-in there pays for one.
    assert_eq!(
        yass_api::storage::users::a_legacy_hash(&app.state.db, Some(app.site_id))
            .await
            .unwrap()
            .as_deref(),
        Some(LEGACY)
    );
    // A wrong password is refused like any other, and leaves the hash.
    assert_eq!(app.login("yascms-user", "hello world!").await.status(), 401);
    assert_eq!(hash_of(&app, id).await.0, LEGACY);
    // Unknown accounts on a site that holds legacy hashes are refused too.
    assert_eq!(app.login("nobody-here", "Hello world!").await.status(), 401);
    // The right one signs in, and the hash is argon2id from then on.
    assert_eq!(app.login("yascms-user", "Hello world!").await.status(), 200);
    let (hash, _) = upgraded_hash_of(&app, id).await;
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(app.login("yascms-user", "Hello world!").await.status(), 200);
    assert_eq!(app.login("yascms-user", "wrong").await.status(), 401);
    // Other accounts of the site sign in as before.
    assert_eq!(
        app.login(&app.admin_account.clone(), PASSWORD)
            .await
            .status(),
        200
    );
}

#[actix_web::test]
async fn a_yascms_account_that_must_change_its_password_still_must() {
    let app = TestApp::spawn().await;
    let id = with_legacy_hash(&app, "new-teacher", "must_change_password").await;
    let res = app.login("new-teacher", "Hello world!").await;
    assert_eq!(res.status(), 200);
    let (hash, status) = upgraded_hash_of(&app, id).await;
    assert!(hash.starts_with("$argon2id$"));
    assert_eq!(status, "must_change_password");
    let body: serde_json::Value = res.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    // The session may change the password and nothing else.
    let res = app
        .client
        .get(app.site_url("/users"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
