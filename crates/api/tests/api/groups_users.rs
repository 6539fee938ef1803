use crate::helpers::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn group_tree_moves_reject_cycles_and_groups_in_use_are_not_deleted() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let academic = app.group(&admin, "教務處", "staff", None).await;
    let registry = app.group(&admin, "註冊組", "staff", Some(academic)).await;
    let intern = app.group(&admin, "實習", "normal", Some(registry)).await;

    for target in [academic, registry, intern] {
        let res = app
            .client
            .patch(app.site_url(&format!("/groups/{academic}")))
            .bearer_auth(&admin)
            .json(&json!({"parent_id": target}))
            .send()
            .await
            .unwrap();
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(
            p["errors"]["parent_id"][0]
                .as_str()
                .unwrap()
                .contains("itself")
        );
    }
    // Rename, reorder and move to the top level.
    let res = app
        .client
        .patch(app.site_url(&format!("/groups/{intern}")))
        .bearer_auth(&admin)
        .json(&json!({"name": "實習教師", "order": 5, "parent_id": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let g: Value = res.json().await.unwrap();
    assert_eq!(
        (
            g["name"].as_str(),
            g["order"].as_i64(),
            g["parent_id"].is_null()
        ),
        (Some("實習教師"), Some(5), true)
    );
    // Move back under registry: registry cannot be deleted while it has a
    // sub-group (409, nothing changes); once intern moves away, it can.
    let res = app
        .client
        .patch(app.site_url(&format!("/groups/{intern}")))
        .bearer_auth(&admin)
        .json(&json!({"parent_id": registry}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .delete(app.site_url(&format!("/groups/{registry}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let p = assert_problem(res, 409, "group_in_use").await;
    assert_eq!(
        p["references"],
        json!([{"kind": "sub_group", "id": intern, "title": "實習教師"}])
    );
    let res = app
        .client
        .patch(app.site_url(&format!("/groups/{intern}")))
        .bearer_auth(&admin)
        .json(&json!({"parent_id": academic}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .delete(app.site_url(&format!("/groups/{registry}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let groups: Vec<Value> = app
        .client
        .get(app.site_url("/groups"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let intern_row = groups.iter().find(|g| g["id"] == intern).unwrap();
    assert_eq!(intern_row["parent_id"], academic);
    assert!(!groups.iter().any(|g| g["id"] == registry));
    // Unknown parents are refused.
    let res = app
        .client
        .post(app.site_url("/groups"))
        .bearer_auth(&admin)
        .json(&json!({"name": "x", "kind": "staff", "parent_id": 999_999}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .post(app.site_url("/groups"))
        .bearer_auth(&admin)
        .json(&json!({"name": "x", "kind": "boss"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn rights_flow_from_a_group_to_the_members_of_groups_below_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let academic = app.group(&admin, "教務處", "staff", None).await;
    let registry = app.group(&admin, "註冊組", "staff", Some(academic)).await;
    let teachers = app.group(&admin, "教師", "normal", None).await;
    let director = app.user(&admin, "director", &[academic]).await;
    let clerk = app.user(&admin, "clerk", &[registry]).await;
    let teacher = app.user(&admin, "teacher", &[teachers]).await;

    let rights = |id: i64| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.client
                .get(app.site_url(&format!("/users/{id}/rights")))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let r = rights(clerk).await;
    assert_eq!(r["principal_group_ids"], json!([academic, registry]));
    assert_eq!(r["staff_group_ids"], json!([academic, registry]));
    assert_eq!(r["site_admin"], false);
    let r = rights(director).await;
    assert_eq!(
        r["principal_group_ids"],
        json!([academic]),
        "no rights flow down"
    );
    let r = rights(teacher).await;
    assert_eq!(r["staff_group_ids"], json!([]));
    assert!(
        !r["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("news.create"))
    );

    // A change of groups takes effect at once, without a new login.
    let clerk_token = app.token_of("clerk", PASSWORD).await;
    let res = app
        .client
        .get(app.site_url("/users"))
        .bearer_auth(&clerk_token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let admins: Vec<Value> = app
        .client
        .get(app.site_url("/groups"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin_group = admins.iter().find(|g| g["kind"] == "admin").unwrap()["id"]
        .as_i64()
        .unwrap();
    let sub_admin = app
        .group(&admin, "副管理", "normal", Some(admin_group))
        .await;
    let res = app
        .client
        .patch(app.site_url(&format!("/users/{clerk}")))
        .bearer_auth(&admin)
        .json(&json!({"group_ids": [sub_admin]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .get(app.site_url("/users"))
        .bearer_auth(&clerk_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "a group below an admin group makes a site admin"
    );
}

#[actix_web::test]
async fn disabling_a_user_ends_their_access_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app.user(&admin, "leaver", &[]).await;
    let token = app.token_of("leaver", PASSWORD).await;
    let res = app
        .client
        .patch(app.site_url(&format!("/users/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"status": "disabled"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .get(app.site_url("/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let res = app.login("leaver", PASSWORD).await;
    assert_problem(res, 401, "invalid_credentials").await;
    // A reset password forces a change.
    let res = app
        .client
        .patch(app.site_url(&format!("/users/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"status": "active", "password": "reset-pass-1"}))
        .send()
        .await
        .unwrap();
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["status"], "must_change_password");
}

#[actix_web::test]
async fn another_sites_users_and_groups_are_404() {
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let other = unique("o");
    let res = app
        .client
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&root)
        .json(&json!({"slug": other, "name": "別校"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // The platform admin creates a group and a user on the other site.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sites/{other}/groups")))
        .bearer_auth(&root)
        .json(&json!({"name": "外校", "kind": "staff"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let foreign_group = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sites/{other}/users")))
        .bearer_auth(&root)
        .json(&json!({"account": "x", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let foreign_user = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let admin = app.admin_token().await;
    let res = app
        .client
        .get(app.site_url(&format!("/users/{foreign_user}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .patch(app.site_url(&format!("/users/{foreign_user}")))
        .bearer_auth(&admin)
        .json(&json!({"status": "disabled"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .delete(app.site_url(&format!("/users/{foreign_user}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .patch(app.site_url(&format!("/groups/{foreign_group}")))
        .bearer_auth(&admin)
        .json(&json!({"name": "mine"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .delete(app.site_url(&format!("/groups/{foreign_group}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    // Nor can a foreign group be given to one's own users.
    let res = app
        .client
        .post(app.site_url("/users"))
        .bearer_auth(&admin)
        .json(&json!({"account": "y", "password": PASSWORD, "group_ids": [foreign_group]}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .client
        .post(app.site_url("/groups"))
        .bearer_auth(&admin)
        .json(&json!({"name": "y", "kind": "staff", "parent_id": foreign_group}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "validation_failed").await;
}

#[actix_web::test]
async fn users_are_listed_with_paging_and_accounts_are_unique_per_site() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for i in 0..3 {
        app.user(&admin, &format!("u{i}"), &[]).await;
    }
    let page: Value = app
        .client
        .get(app.site_url("/users?per_page=2&page=2"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 4);
    assert_eq!(page["pages"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let res = app
        .client
        .post(app.site_url("/users"))
        .bearer_auth(&admin)
        .json(&json!({"account": "u1", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["account"].is_array());
    let res = app.client.get(app.site_url("/users")).send().await.unwrap();
    assert_problem(res, 401, "unauthorized").await;
}

/// The homepage is cached per content version; a group's name shows on
/// every news item it owns, so a rename must reach it at once.
#[actix_web::test]
async fn renaming_a_group_reaches_the_cached_homepage_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let office = app.group(&admin, "教務處", "staff", None).await;
    let res = app
        .client
        .post(app.site_url("/news"))
        .bearer_auth(&admin)
        .json(&json!({"title": "開學通知", "body": "<p>九月一日開學</p>", "group_id": office}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let owner_on_homepage = |home: Value| home["latest_news"][0]["group_name"].clone();
    let home: Value = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(owner_on_homepage(home), "教務處");

    let res = app
        .client
        .patch(app.site_url(&format!("/groups/{office}")))
        .bearer_auth(&admin)
        .json(&json!({"name": "教務處（新）"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let home: Value = app
        .client
        .get(app.site_url("/homepage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(owner_on_homepage(home), "教務處（新）");
}

/// The user–group table has no `site_id` of its own: reading it for another
/// school finds nothing, even with this school's user ids.
#[actix_web::test]
async fn a_users_groups_are_read_within_their_own_site() {
    use yass_api::storage::users::group_ids_of;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let academic = app.group(&admin, "教務處", "staff", None).await;
    let teacher = app.user(&admin, "teacher", &[academic]).await;
    let (other_slug, _) = app.other_site().await;
    let other = yass_api::storage::sites::by_slug(&app.state.db, &other_slug)
        .await
        .unwrap()
        .unwrap()
        .site_id();
    let db = &app.state.db;

    let own = group_ids_of(db, app.site_id, &[teacher]).await.unwrap();
    assert_eq!(own.get(&teacher), Some(&vec![academic]));
    assert!(
        group_ids_of(db, other, &[teacher])
            .await
            .unwrap()
            .is_empty()
    );
}
