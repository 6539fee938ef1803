use crate::content_helpers::*;
use crate::helpers::*;
use serde_json::{Value, json};

async fn page(app: &TestApp, token: &str, body: Value) -> i64 {
    let res = app
        .client
        .post(app.site_url("/pages"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn restricted_pages_are_read_by_their_groups_and_below_only() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let public = page(
        &app,
        &c.admin,
        json!({"title": "學校簡介", "body": "<p>歡迎</p><script>x</script>"}),
    )
    .await;
    let restricted = page(
        &app,
        &c.admin,
        json!({"title": "教職員專區", "read_group_ids": [c.registry]}),
    )
    .await;

    let (status, p) = get_json(&app, &format!("/pages/{public}"), None).await;
    assert_eq!((status, p["body"].as_str()), (200, Some("<p>歡迎</p>")));
    for token in [None, Some(&c.t_student), Some(&c.t_academic)] {
        let (status, _) = get_json(
            &app,
            &format!("/pages/{restricted}"),
            token.map(std::string::String::as_str),
        )
        .await;
        assert_eq!(status, 404);
    }
    for token in [&c.t_registry, &c.t_intern, &c.admin] {
        let (status, p) = get_json(&app, &format!("/pages/{restricted}"), Some(token)).await;
        assert_eq!(status, 200);
        assert_eq!(p["title"], "教職員專區");
    }
    let res = app
        .client
        .get(app.site_url(&format!("/pages/{restricted}")))
        .bearer_auth(&c.t_intern)
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    let res = app
        .client
        .get(app.site_url(&format!("/pages/{public}")))
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    assert_eq!(get_json(&app, "/pages/999999", None).await.0, 404);
}

#[actix_web::test]
async fn editors_edit_pages_and_only_admins_change_their_groups() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let other = app.other_site_admin_token().await;
    let id = page(
        &app,
        &c.admin,
        json!({"title": "交通資訊", "edit_group_ids": [c.registry], "tags": ["交通"]}),
    )
    .await;
    let url = app.site_url(&format!("/pages/{id}"));

    // Creating and deleting pages is for site admins.
    let res = app
        .client
        .post(app.site_url("/pages"))
        .bearer_auth(&c.t_registry)
        .json(&json!({"title": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;

    let put = |token: Option<&String>, body: Value| {
        let mut rb = app.client.put(&url).json(&body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb.send()
    };
    let edit =
        json!({"title": "交通資訊（更新）", "body": "<p>捷運</p>", "tags": ["交通", "捷運"]});
    assert_eq!(
        put(Some(&c.t_registry), edit.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        put(Some(&c.t_intern), edit.clone()).await.unwrap().status(),
        200
    );
    assert_eq!(
        put(Some(&c.t_academic), edit.clone())
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        put(Some(&c.t_student), edit.clone())
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(put(Some(&other), edit.clone()).await.unwrap().status(), 401);
    assert_eq!(put(None, edit.clone()).await.unwrap().status(), 401);

    // Sending the same lists is fine; changing them is for admins.
    let mut same = edit.clone();
    same["edit_group_ids"] = json!([c.registry]);
    same["read_group_ids"] = json!([]);
    assert_eq!(put(Some(&c.t_registry), same).await.unwrap().status(), 200);
    let mut widen = edit.clone();
    widen["edit_group_ids"] = json!([c.registry, c.student]);
    assert_problem(
        put(Some(&c.t_registry), widen.clone()).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    let mut restrict = edit.clone();
    restrict["read_group_ids"] = json!([c.registry]);
    assert_problem(
        put(Some(&c.t_registry), restrict).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    let res = put(Some(&c.admin), widen).await.unwrap();
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    let mut expected = vec![c.registry, c.student];
    expected.sort_unstable();
    assert_eq!(p["edit_group_ids"], json!(expected));
    assert_eq!(p["tags"], json!(["交通", "捷運"]));
    let mut bad = edit.clone();
    bad["read_group_ids"] = json!([999_999]);
    assert_problem(
        put(Some(&c.admin), bad).await.unwrap(),
        422,
        "validation_failed",
    )
    .await;

    // The editors' list shows the pages one may edit.
    let (_, m) = get_json(&app, "/manage/pages", Some(&c.t_student)).await;
    assert_eq!(ids(&m["items"]), vec![id]);
    let (_, m) = get_json(&app, "/manage/pages", Some(&c.t_academic)).await;
    assert_eq!(m["total"], 0);

    let res = app
        .client
        .delete(&url)
        .bearer_auth(&c.t_registry)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .delete(&url)
        .bearer_auth(&c.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(get_json(&app, &format!("/pages/{id}"), None).await.0, 404);
}

/// The page–group tables have no `site_id` of their own: reading them for
/// another school finds nothing, even with this school's page ids.
#[actix_web::test]
async fn a_pages_groups_are_read_within_its_own_site() {
    use yass_api::storage::pages::{edit_groups_of, group_lists, read_groups_of};
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = page(
        &app,
        &c.admin,
        json!({"title": "教職員專區", "edit_group_ids": [c.academic], "read_group_ids": [c.registry]}),
    )
    .await;
    let (other_slug, _) = app.other_site().await;
    let other = yass_api::storage::sites::by_slug(&app.state.db, &other_slug)
        .await
        .unwrap()
        .unwrap()
        .site_id();
    let db = &app.state.db;

    let own = group_lists(db, app.site_id, id).await.unwrap();
    assert_eq!(own, (vec![c.academic], vec![c.registry]));
    assert!(edit_groups_of(db, other, &[id]).await.unwrap().is_empty());
    assert!(read_groups_of(db, other, &[id]).await.unwrap().is_empty());
    assert_eq!(group_lists(db, other, id).await.unwrap(), (vec![], vec![]));
}
