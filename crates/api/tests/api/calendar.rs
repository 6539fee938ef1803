use crate::helpers::*;
use crate::site_content_helpers::*;
use serde_json::json;

#[actix_web::test]
async fn google_calendar_accepts_ids_and_embed_urls_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for bad in [
        r#"<iframe src="https://calendar.google.com/calendar/embed?src=a%40b.tw" width="800"></iframe>"#,
        "https://evil.example.com/calendar/embed?src=a%40b.tw",
        "javascript:alert(1)",
    ] {
        let res = send(
            &app,
            "PUT",
            "/calendar",
            Some(&admin),
            Some(json!({"google_calendar": bad})),
        )
        .await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"]["google_calendar"].is_array());
    }
    let set = expect(
        &app,
        "PUT",
        "/calendar",
        Some(&admin),
        Some(json!({"google_calendar": "abc123@group.calendar.google.com"})),
        200,
    )
    .await;
    let want = "https://calendar.google.com/calendar/embed?src=abc123%40group.calendar.google.com&ctz=Asia%2FTaipei";
    assert_eq!(set["google_embed_url"], want);
    let got = expect(&app, "GET", "/calendar", None, None, 200).await;
    assert_eq!(got["google_embed_url"], want);
    assert!(
        got["ics_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/sites/{}/calendar.ics", app.slug))
    );
    let kept = expect(&app, "PUT", "/calendar", Some(&admin), Some(json!({"google_calendar": "https://calendar.google.com/calendar/embed?src=x%40group.calendar.google.com&mode=AGENDA&onload=evil"})), 200).await;
    assert_eq!(
        kept["google_embed_url"],
        "https://calendar.google.com/calendar/embed?src=x%40group.calendar.google.com&mode=AGENDA&ctz=Asia%2FTaipei"
    );
    let cleared = expect(
        &app,
        "PUT",
        "/calendar",
        Some(&admin),
        Some(json!({"google_calendar": null})),
        200,
    )
    .await;
    assert!(cleared["google_embed_url"].is_null());
    let res = send(
        &app,
        "PUT",
        "/calendar",
        None,
        Some(json!({"google_calendar": null})),
    )
    .await;
    assert_problem(res, 401, "unauthorized").await;
}

#[actix_web::test]
async fn events_by_range_and_the_ics_feed() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let long_title = "校慶運動會暨園遊會，歡迎家長蒞臨指導；當天請穿著運動服並攜帶水壺與毛巾";
    let all_day = expect(
        &app,
        "POST",
        "/calendar/events",
        Some(&admin),
        Some(json!({
            "title": long_title,
            "when": {"kind": "all_day", "start": "2026-10-24", "end": "2026-10-25"},
            "location": "操場",
        })),
        201,
    )
    .await;
    assert_eq!(all_day["when"]["start"], "2026-10-24");
    let timed = expect(&app, "POST", "/calendar/events", Some(&admin), Some(json!({
        "title": "家長日",
        "when": {"kind": "timed", "start": "2026-09-25T10:30:00Z", "end": "2026-09-25T12:30:00Z"},
        "description": "第一場, 第二場\n請準時",
    })), 201).await;

    // Ends before it starts: 422.
    let res = send(&app, "POST", "/calendar/events", Some(&admin), Some(json!({"title": "x", "when": {"kind": "all_day", "start": "2026-10-02", "end": "2026-10-01"}}))).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["when"].is_array());
    let res = send(&app, "POST", "/calendar/events", Some(&admin), Some(json!({"title": "x", "when": {"kind": "timed", "start": "2026-10-02T10:00:00Z", "end": "2026-10-02T09:00:00Z"}}))).await;
    assert_problem(res, 422, "validation_failed").await;

    // Range queries: an all-day event overlaps by date (end inclusive).
    let oct = expect(
        &app,
        "GET",
        "/calendar/events?from=2026-10-25&to=2026-10-31",
        None,
        None,
        200,
    )
    .await;
    assert_eq!(oct.as_array().unwrap().len(), 1);
    assert_eq!(oct[0]["id"], all_day["id"]);
    let sep = expect(
        &app,
        "GET",
        "/calendar/events?from=2026-09-01&to=2026-09-30",
        None,
        None,
        200,
    )
    .await;
    assert_eq!(sep.as_array().unwrap().len(), 1);
    assert_eq!(sep[0]["id"], timed["id"]);
    let both = expect(
        &app,
        "GET",
        "/calendar/events?from=2026-09-01&to=2026-12-31",
        None,
        None,
        200,
    )
    .await;
    assert_eq!(both[0]["id"], timed["id"]);
    assert_eq!(both[1]["id"], all_day["id"]);
    let none = expect(
        &app,
        "GET",
        "/calendar/events?from=2026-10-26&to=2026-10-31",
        None,
        None,
        200,
    )
    .await;
    assert!(none.as_array().unwrap().is_empty());
    let res = send(
        &app,
        "GET",
        "/calendar/events?from=2026-13-01&to=2026-10-31",
        None,
        None,
    )
    .await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["from"].is_array());
    let res = send(
        &app,
        "GET",
        "/calendar/events?from=2026-10-31&to=2026-10-01",
        None,
        None,
    )
    .await;
    assert_problem(res, 422, "validation_failed").await;

    let res = send(&app, "GET", "/calendar.ics", None, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = res.text().await.unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20261024\r\n"), "{ics}");
    assert!(ics.contains("DTEND;VALUE=DATE:20261026\r\n"));
    assert!(ics.contains("DTSTART:20260925T103000Z\r\n"));
    assert!(ics.contains(&format!("UID:{}@{}.yass\r\n", all_day["id"], app.slug)));
    assert!(ics.contains("X-WR-TIMEZONE:Asia/Taipei\r\n"));
    assert!(ics.contains("DESCRIPTION:第一場\\, 第二場\\n請準時\r\n"));
    // The long summary is folded: continuation lines, none over 75 octets.
    assert!(ics.contains("\r\n "));
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    let unfolded = ics.replace("\r\n ", "");
    // Full-width punctuation is not escaped (only ASCII `,` and `;` are).
    assert!(unfolded.contains(&format!("SUMMARY:{long_title}")));

    // Update and delete; writes are admin-only.
    let id = timed["id"].as_i64().unwrap();
    let res = send(
        &app,
        "DELETE",
        &format!("/calendar/events/{id}"),
        None,
        None,
    )
    .await;
    assert_problem(res, 401, "unauthorized").await;
    let moved = expect(&app, "PUT", &format!("/calendar/events/{id}"), Some(&admin), Some(json!({"title": "家長日", "when": {"kind": "all_day", "start": "2026-09-26", "end": "2026-09-26"}})), 200).await;
    assert_eq!(moved["when"]["kind"], "all_day");
    expect(
        &app,
        "DELETE",
        &format!("/calendar/events/{id}"),
        Some(&admin),
        None,
        204,
    )
    .await;
    expect(
        &app,
        "DELETE",
        &format!("/calendar/events/{id}"),
        Some(&admin),
        None,
        404,
    )
    .await;
}
