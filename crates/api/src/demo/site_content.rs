//! Demo links, extensions, calendar and navigation for the demo school.
//! Runs after the demo pages exist, so the menu can point at them.

use super::cast::Groups;
use crate::error::ApiResult;
use crate::rules::calendar;
use crate::state::AppState;
use crate::storage::{
    SiteTx, calendar_events as events_store, extensions as extension_store, links as link_store,
    nav, pages,
};
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use yass_shared_types::content::{EventWhen, NavModule, NavTarget};

pub async fn seed_site_content(
    state: &AppState,
    site_id: crate::storage::SiteId,
    groups: &Groups,
) -> ApiResult<()> {
    seed_links(state, site_id, groups).await?;
    seed_extensions(state, site_id).await?;
    seed_calendar(state, site_id).await?;
    seed_nav(state, site_id).await
}

async fn seed_links(
    state: &AppState,
    site_id: crate::storage::SiteId,
    groups: &Groups,
) -> ApiResult<()> {
    let now = state.clock.now_naive();
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    let default = link_store::default_category(&tx).await?;
    link_store::update_category(&tx, &default, Some("政府機關".into()), None).await?;
    let mut cats = vec![default.id];
    for (i, name) in ["教學資源", "校務系統"].iter().enumerate() {
        let order = i32::try_from(i).unwrap_or(0) + 1;
        let c = link_store::create_category(&tx, (*name).into(), Some(order)).await?;
        cats.push(c.id);
    }
    // (category index, title, url, owner, on homepage)
    let list: [(usize, &str, &str, Option<i64>, bool); 10] = [
        (
            0,
            "臺北市政府教育局",
            "https://www.doe.gov.taipei/",
            None,
            true,
        ),
        (0, "臺北市政府", "https://www.gov.taipei/", None, true),
        (0, "教育部", "https://www.edu.tw/", None, false),
        (0, "國家教育研究院", "https://www.naer.edu.tw/", None, false),
        (
            1,
            "臺北酷課雲",
            "https://cooc.tp.edu.tw/",
            Some(groups.academic),
            true,
        ),
        (
            1,
            "教育雲",
            "https://cloud.edu.tw/",
            Some(groups.academic),
            false,
        ),
        (
            1,
            "均一教育平台",
            "https://www.junyiacademy.org/",
            Some(groups.academic),
            true,
        ),
        (2, "校務行政系統", "https://school.tp.edu.tw/", None, true),
        (
            2,
            "臺北市單一身分驗證",
            "https://ldap.tp.edu.tw/",
            None,
            false,
        ),
        (
            2,
            "學生輔導資訊系統",
            "https://www.guide.edu.tw/",
            Some(groups.student),
            false,
        ),
    ];
    let mut homepage = 0;
    for (i, (cat, title, url, owner, on_home)) in list.into_iter().enumerate() {
        let link = link_store::LinkEdit {
            title,
            url,
            icon_url: None,
            group_id: owner,
            category_id: Some(cats[cat]),
            order: Some(i32::try_from(i).unwrap_or(0)),
            on_homepage: on_home,
            homepage_order: Some(homepage),
            at: now,
        };
        link_store::save_link(&tx, None, link).await?;
        if on_home {
            homepage += 1;
        }
    }
    tx.commit().await
}

async fn seed_extensions(state: &AppState, site_id: crate::storage::SiteId) -> ApiResult<()> {
    let now = state.clock.now_naive();
    let list = [
        ("校長室", "100", true),
        ("教務處", "110", true),
        ("教務處 註冊組", "111", false),
        ("學務處", "120", true),
        ("學務處 生教組", "121", false),
        ("總務處", "130", true),
        ("輔導室", "140", true),
        ("人事室", "150", false),
        ("會計室", "160", false),
        ("健康中心", "170", true),
        ("圖書館", "180", false),
        ("警衛室", "190", true),
    ];
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    for (i, (title, extension, on_homepage)) in list.into_iter().enumerate() {
        let row = extension_store::Edit {
            title,
            extension,
            order: Some(i32::try_from(i).unwrap_or(0)),
            on_homepage,
            at: now,
        };
        extension_store::save(&tx, None, row).await?;
    }
    tx.commit().await
}

/// Events around the current school year, so the demo always has some.
async fn seed_calendar(state: &AppState, site_id: crate::storage::SiteId) -> ApiResult<()> {
    let url =
        calendar::google_embed_url("demo.school.example.tw_calendar@group.calendar.google.com")
            .map_err(crate::error::ApiError::internal)?;
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    events_store::set_google_calendar(&tx, Some(url), state.clock.now_naive()).await?;
    let today = state.clock.now().date_naive();
    let d = |days: i64| today + Duration::days(days);
    let first_of_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    // 08:00 Taipei is 00:00 UTC.
    let at = |day: NaiveDate, h: u32, m: u32| {
        Utc.from_utc_datetime(&yass_shared_types::time::taipei_to_utc(
            day.and_hms_opt(h, m, 0).unwrap_or_default(),
        ))
    };
    let events: Vec<(&str, EventWhen, Option<&str>)> = vec![
        (
            "開學典禮",
            EventWhen::Timed {
                start: at(first_of_month, 8, 0),
                end: at(first_of_month, 9, 0),
            },
            Some("活動中心"),
        ),
        (
            "期中考",
            EventWhen::AllDay {
                start: d(7),
                end: d(8),
            },
            None,
        ),
        (
            "校慶運動會",
            EventWhen::AllDay {
                start: d(14),
                end: d(14),
            },
            Some("操場"),
        ),
        (
            "校慶補假",
            EventWhen::AllDay {
                start: d(15),
                end: d(15),
            },
            None,
        ),
        (
            "家長日",
            EventWhen::Timed {
                start: at(d(3), 18, 30),
                end: at(d(3), 20, 30),
            },
            Some("各班教室"),
        ),
        (
            "教學觀摩週",
            EventWhen::AllDay {
                start: d(21),
                end: d(25),
            },
            None,
        ),
        (
            "防災演練",
            EventWhen::Timed {
                start: at(d(5), 10, 10),
                end: at(d(5), 10, 40),
            },
            Some("全校"),
        ),
        (
            "期末考",
            EventWhen::AllDay {
                start: d(40),
                end: d(41),
            },
            None,
        ),
        (
            "休業式",
            EventWhen::Timed {
                start: at(d(45), 10, 0),
                end: at(d(45), 11, 0),
            },
            Some("活動中心"),
        ),
    ];
    let now = state.clock.now_naive();
    for (title, when, location) in events {
        let event = events_store::Edit {
            title,
            location,
            description: None,
            when: &when,
            at: now,
        };
        events_store::save(&tx, None, event).await?;
    }
    tx.commit().await
}

async fn add_item(
    state: &AppState,
    site_id: crate::storage::SiteId,
    parent: Option<i64>,
    order: i32,
    name: &str,
    target: NavTarget,
) -> ApiResult<i64> {
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    let rows = nav::all(tx.reads(), site_id).await?;
    let position = usize::try_from(order).unwrap_or(usize::MAX);
    let fields = nav::ItemFields {
        name: name.into(),
        accessible_name: None,
        target,
        visible: true,
    };
    let row = nav::insert(&tx, &rows, parent, position, fields).await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn seed_nav(state: &AppState, site_id: crate::storage::SiteId) -> ApiResult<()> {
    let all_pages = pages::list(&state.db, site_id).await?;
    let page = |title: &str| all_pages.iter().find(|p| p.title == title).map(|p| p.id);
    let link = |url: &str| NavTarget::Link {
        url: url.into(),
        new_tab: true,
    };
    let about = add_item(state, site_id, None, 0, "認識學校", NavTarget::Submenu).await?;
    let mut order = 0;
    // The news helper's demo creates these pages; without them the submenu
    // still gets its external item so it is never empty.
    for title in ["學校簡介", "交通資訊", "教職員專區"] {
        if let Some(id) = page(title) {
            add_item(
                state,
                site_id,
                Some(about),
                order,
                title,
                NavTarget::Page { page_id: id },
            )
            .await?;
            order += 1;
        }
    }
    add_item(
        state,
        site_id,
        Some(about),
        order,
        "校園地圖",
        link("https://www.google.com/maps/search/?api=1&query=%E8%87%BA%E5%8C%97%E5%B8%82"),
    )
    .await?;
    add_item(
        state,
        site_id,
        None,
        1,
        "最新消息",
        NavTarget::News { category_id: None },
    )
    .await?;
    let offices = add_item(state, site_id, None, 2, "行政單位", NavTarget::Submenu).await?;
    let academic = add_item(
        state,
        site_id,
        Some(offices),
        0,
        "教務處",
        NavTarget::Submenu,
    )
    .await?;
    add_item(
        state,
        site_id,
        Some(academic),
        0,
        "註冊組",
        link("https://school.tp.edu.tw/"),
    )
    .await?;
    add_item(
        state,
        site_id,
        Some(academic),
        1,
        "課程與教學",
        link("https://cooc.tp.edu.tw/"),
    )
    .await?;
    add_item(
        state,
        site_id,
        Some(offices),
        1,
        "學務處",
        NavTarget::News { category_id: None },
    )
    .await?;
    add_item(
        state,
        site_id,
        Some(offices),
        2,
        "聯絡我們",
        NavTarget::Link {
            url: "mailto:office@demo.example.tw".into(),
            new_tab: false,
        },
    )
    .await?;
    add_item(
        state,
        site_id,
        None,
        3,
        "好站連結",
        NavTarget::Module {
            module: NavModule::Links,
        },
    )
    .await?;
    add_item(
        state,
        site_id,
        None,
        4,
        "常用分機",
        NavTarget::Module {
            module: NavModule::Extensions,
        },
    )
    .await?;
    add_item(
        state,
        site_id,
        None,
        5,
        "行事曆",
        NavTarget::Module {
            module: NavModule::Calendar,
        },
    )
    .await?;
    add_item(
        state,
        site_id,
        None,
        6,
        "臺北市政府教育局",
        link("https://www.doe.gov.taipei/"),
    )
    .await?;
    Ok(())
}
