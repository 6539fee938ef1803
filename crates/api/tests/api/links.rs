use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::json;

#[actix_web::test]
async fn links_are_nested_by_category_with_a_default_one() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    // No category yet: the default one is created on first use.
    expect(
        &app,
        "POST",
        "/links",
        Some(&admin),
        Some(json!({"title": "教育局", "url": "https://www.doe.gov.taipei/", "on_homepage": true})),
        201,
    )
    .await;
    let a = expect(&app, "POST", "/links", Some(&admin), Some(json!({"title": "臺北市政府", "url": "https://www.gov.taipei/", "on_homepage": true, "icon_url": format!("/api/v1/sites/{}/images/gov.png", app.slug)})), 201).await;
    let cat = expect(
        &app,
        "POST",
        "/link-categories",
        Some(&admin),
        Some(json!({"name": "教學資源"})),
        201,
    )
    .await;
    let cat_id = cat["id"].as_i64().unwrap();
    let b = expect(
        &app,
        "POST",
        "/links",
        Some(&admin),
        Some(json!({"title": "酷課雲", "url": "https://cooc.tp.edu.tw/", "category_id": cat_id})),
        201,
    )
    .await;

    let res = send(&app, "GET", "/links", None, None).await;
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    let cats: serde_json::Value = res.json().await.unwrap();
    assert_eq!(cats.as_array().unwrap().len(), 2);
    assert_eq!(cats[0]["is_default"], true);
    assert_eq!(cats[0]["links"].as_array().unwrap().len(), 2);
    assert_eq!(cats[0]["links"][1]["id"], a["id"]);
    assert_eq!(cats[1]["links"][0]["id"], b["id"]);

    let home = expect(&app, "GET", "/links/homepage", None, None, 200).await;
    assert_eq!(home.as_array().unwrap().len(), 2);
    assert_eq!(home[1]["id"], a["id"]);

    // Site admins put the homepage links in order; the list must be complete.
    let first = home[0]["id"].as_i64().unwrap();
    let a_id = a["id"].as_i64().unwrap();
    let res = send(
        &app,
        "PUT",
        "/links/homepage/order",
        None,
        Some(json!({"ids": [a_id, first]})),
    )
    .await;
    assert_eq!(res.status().as_u16(), 401);
    let res = send(
        &app,
        "PUT",
        "/links/homepage/order",
        Some(&admin),
        Some(json!({"ids": [a_id]})),
    )
    .await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["ids"].is_array(), "{p}");
    let res = send(
        &app,
        "PUT",
        "/links/homepage/order",
        Some(&admin),
        Some(json!({"ids": [a_id, b["id"]]})),
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;
    let reordered = expect(
        &app,
        "PUT",
        "/links/homepage/order",
        Some(&admin),
        Some(json!({"ids": [a_id, first]})),
        200,
    )
    .await;
    assert_eq!(reordered[0]["id"], a_id);
    let home = expect(&app, "GET", "/links/homepage", None, None, 200).await;
    assert_eq!(home[0]["id"], a_id);
    assert_eq!(home[1]["id"], first);

    // Bad URLs are 422 per field.
    for (field, body) in [
        ("url", json!({"title": "x", "url": "javascript:alert(1)"})),
        ("url", json!({"title": "x", "url": "ftp://x.tw/"})),
        (
            "icon_url",
            json!({"title": "x", "url": "https://x.tw/", "icon_url": "/api/v1/sites/other/images/1.png"}),
        ),
        (
            "category_id",
            json!({"title": "x", "url": "https://x.tw/", "category_id": 999_999_999}),
        ),
    ] {
        let res = send(&app, "POST", "/links", Some(&admin), Some(body)).await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{p}");
    }

    // Reorder the default category's links.
    let default_id = cats[0]["id"].as_i64().unwrap();
    let ids: Vec<i64> = cats[0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    let c = expect(
        &app,
        "PUT",
        &format!("/link-categories/{default_id}/order"),
        Some(&admin),
        Some(json!({"ids": [ids[1], ids[0]]})),
        200,
    )
    .await;
    assert_eq!(c["links"][0]["id"], ids[1]);
    let order = expect(
        &app,
        "PUT",
        "/link-categories/order",
        Some(&admin),
        Some(json!({"ids": [cat_id, default_id]})),
        200,
    )
    .await;
    assert_eq!(order[0]["id"], cat_id);

    // The default category stays; deleting another moves its links there.
    let res = send(
        &app,
        "DELETE",
        &format!("/link-categories/{default_id}"),
        Some(&admin),
        None,
    )
    .await;
    assert_problem(res, 409, "conflict").await;
    expect(
        &app,
        "DELETE",
        &format!("/link-categories/{cat_id}"),
        Some(&admin),
        None,
        204,
    )
    .await;
    let cats = expect(&app, "GET", "/links", None, None, 200).await;
    assert_eq!(cats.as_array().unwrap().len(), 1);
    assert_eq!(cats[0]["links"].as_array().unwrap().len(), 3);
    assert_eq!(cats[0]["links"][2]["id"], b["id"]);
    let renamed = expect(
        &app,
        "PATCH",
        &format!("/link-categories/{default_id}"),
        Some(&admin),
        Some(json!({"name": "政府機關"})),
        200,
    )
    .await;
    assert_eq!(renamed["name"], "政府機關");
}

#[actix_web::test]
async fn staff_write_links_of_their_own_groups_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let academic = app.group(&admin, "教務處", "staff", None).await;
    let student = app.group(&admin, "學務處", "staff", None).await;
    let teachers = app.group(&admin, "全體教師", "normal", None).await;
    app.user(&admin, "academic", &[academic]).await;
    app.user(&admin, "teacher", &[teachers]).await;
    let staff = app.token_of("academic", PASSWORD).await;
    let normal = app.token_of("teacher", PASSWORD).await;
    let link = json!({"title": "均一", "url": "https://www.junyiacademy.org/"});

    let res = send(&app, "POST", "/links", None, Some(link.clone())).await;
    assert_problem(res, 401, "unauthorized").await;
    let res = send(&app, "POST", "/links", Some(&normal), Some(link.clone())).await;
    assert_problem(res, 403, "forbidden").await;
    let other = app.other_site_admin_token().await;
    let res = send(&app, "POST", "/links", Some(&other), Some(link.clone())).await;
    assert_problem(res, 401, "unauthorized").await;

    // Staff without a group get their own staff group; another group is refused.
    let own = expect(
        &app,
        "POST",
        "/links",
        Some(&staff),
        Some(link.clone()),
        201,
    )
    .await;
    assert_eq!(own["group_id"], academic);
    let mut theirs = link.clone();
    theirs["group_id"] = json!(student);
    let res = send(&app, "POST", "/links", Some(&staff), Some(theirs.clone())).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["group_id"].is_array());

    // The admin's link (no owner) and the other group's link are not theirs.
    let admins_link = expect(
        &app,
        "POST",
        "/links",
        Some(&admin),
        Some(link.clone()),
        201,
    )
    .await;
    let student_link = expect(&app, "POST", "/links", Some(&admin), Some(theirs), 201).await;
    for l in [&admins_link, &student_link] {
        let res = send(
            &app,
            "PUT",
            &format!("/links/{}", l["id"]),
            Some(&staff),
            Some(link.clone()),
        )
        .await;
        assert_problem(res, 403, "forbidden").await;
        let res = send(
            &app,
            "DELETE",
            &format!("/links/{}", l["id"]),
            Some(&staff),
            None,
        )
        .await;
        assert_problem(res, 403, "forbidden").await;
    }
    let mut edit = link.clone();
    edit["title"] = json!("均一教育平台");
    edit["group_id"] = json!(academic);
    let updated = expect(
        &app,
        "PUT",
        &format!("/links/{}", own["id"]),
        Some(&staff),
        Some(edit),
        200,
    )
    .await;
    assert_eq!(updated["title"], "均一教育平台");
    expect(
        &app,
        "DELETE",
        &format!("/links/{}", own["id"]),
        Some(&staff),
        None,
        204,
    )
    .await;
    // Staff may not manage categories.
    let res = send(
        &app,
        "POST",
        "/link-categories",
        Some(&staff),
        Some(json!({"name": "x"})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    // Nor put the homepage links in order.
    let res = send(
        &app,
        "PUT",
        "/links/homepage/order",
        Some(&staff),
        Some(json!({"ids": []})),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
}
