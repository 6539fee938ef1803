//! Reading a school's yascms database (MariaDB; docs/yascms-schema-notes.md)
//! into the rows of a yass site (`SiteRows`), which then go through the
//! same checked, all-or-nothing write as a site archive. yascms ids serve as
//! the "old" ids; the write gives new ones.
//!
//! What cannot come is said, never dropped silently: every problem found is
//! in [`Converted::problems`] (a dry run prints them; an import refuses the
//! blocking ones) and every left-out table in [`Converted::left_out`].

use super::entities::{
    attachments, extensions, groups, link_categories, links, nav_items, news, news_categories,
    news_tags, page_edit_groups, page_tags, pages, site_hosts, sites, tags, user_groups, users,
};
use super::site_archive::SiteRows;
use crate::error::{ApiError, ApiResult};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement, TryGetable};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The alembic revisions of yascms's live chain (tp_yass's base and the
/// yascms-era migrations after it), oldest first. A database at any of them
/// can be read; the columns that changed along it are looked up.
pub const KNOWN_REVISIONS: &[&str] = &[
    "bce73c99566a",
    "7f9bd8a119d1",
    "d1edfc84538f",
    "309a6f943d1f",
    "386ef2ab3de8",
    "1ad0bec34604",
];

/// A file the site needs from the yascms upload folder.
#[derive(Debug, Clone)]
pub struct WantedFile {
    /// Relative to the upload folder's `news/` or `pages/`.
    pub dir: &'static str,
    pub real_name: String,
    /// The new stored name (generated).
    pub stored_name: String,
    pub attachment_id: i64,
}

#[derive(Debug)]
pub struct Converted {
    pub rows: SiteRows,
    /// The visible banners, in order, relative to the upload folder
    /// (`themes/<theme>/banners/<file>`): they become yass images.
    pub banners: Vec<String>,
    /// Links' icon files (`links/<file>`) by link id.
    pub link_icons: Vec<(i64, String)>,
    pub revision: String,
    pub files: Vec<WantedFile>,
    /// Problems an import cannot pass over (it refuses until they are fixed).
    pub blocking: Vec<String>,
    /// What changes on the way (kept, cleaned or left out), for the dry run.
    pub notes: Vec<String>,
    /// yascms tables or settings yass does not take over.
    pub left_out: Vec<String>,
}

fn get<T: TryGetable>(row: &QueryResult, col: &str) -> ApiResult<T> {
    row.try_get::<T>("", col)
        .map_err(|e| ApiError::BadRequest(format!("yascms column {col}: {e}")))
}

async fn rows(db: &DatabaseConnection, sql: &str) -> ApiResult<Vec<QueryResult>> {
    db.query_all_raw(Statement::from_string(DbBackend::MySql, sql.to_string()))
        .await
        .map_err(|e| ApiError::BadRequest(format!("reading the yascms database: {e}")))
}

async fn has_column(db: &DatabaseConnection, table: &str, column: &str) -> ApiResult<bool> {
    let found = rows(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME = '{table}' AND COLUMN_NAME = '{column}'"
        ),
    )
    .await?;
    Ok(found
        .first()
        .map(|r| get::<i64>(r, "n"))
        .transpose()?
        .unwrap_or(0)
        > 0)
}

/// The rows of an association table (no key in yascms: duplicates and
/// dangling ends happen) as distinct pairs of ids both of whose ends exist.
async fn pairs(
    db: &DatabaseConnection,
    table: &str,
    (a, a_ids): (&str, &HashSet<i64>),
    (b, b_ids): (&str, &HashSet<i64>),
) -> ApiResult<BTreeSet<(i64, i64)>> {
    let mut out = BTreeSet::new();
    for r in rows(db, &format!("SELECT {a}, {b} FROM {table}")).await? {
        if let (Some(x), Some(y)) = (get::<Option<i32>>(&r, a)?, get::<Option<i32>>(&r, b)?)
            && a_ids.contains(&i64::from(x))
            && b_ids.contains(&i64::from(y))
        {
            out.insert((i64::from(x), i64::from(y)));
        }
    }
    Ok(out)
}

/// yascms's wall-clock times (Asia/Taipei, no zone stored) as UTC.
fn utc(t: NaiveDateTime, offset: TimeDelta) -> NaiveDateTime {
    t - offset
}

fn day_start(d: NaiveDate, offset: TimeDelta) -> NaiveDateTime {
    utc(d.and_hms_opt(0, 0, 0).unwrap_or_default(), offset)
}

/// Whether text holds markup (old editors' HTML in rows yascms's last
/// migration marked plain text).
fn looks_like_html(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    [
        "<p", "<br", "<div", "<b>", "<a ", "<img", "<table", "<ul", "<ol", "<span", "<h",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// Plain text as HTML: escaped, a paragraph per blank-line block, line breaks kept.
fn text_to_html(s: &str) -> String {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::new();
    for p in s
        .replace("\r\n", "\n")
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
    {
        out.push_str("<p>");
        out.push_str(&esc(p.trim()).replace('\n', "<br>"));
        out.push_str("</p>");
    }
    out
}

/// Reads everything of a yascms school. `now` stamps rows yascms keeps no
/// time for; `offset` is the school's UTC offset (Taipei: +8 h).
pub async fn read(
    db: &DatabaseConnection,
    slug: &str,
    host: Option<&str>,
    now: NaiveDateTime,
    offset: TimeDelta,
) -> ApiResult<Converted> {
    let revision = match rows(db, "SELECT version_num FROM alembic_version")
        .await?
        .first()
    {
        Some(r) => get::<String>(r, "version_num")?,
        None => {
            return Err(ApiError::BadRequest(
                "the yascms database has no alembic version".into(),
            ));
        }
    };
    if !KNOWN_REVISIONS.contains(&revision.as_str()) {
        return Err(ApiError::BadRequest(format!(
            "this yascms database is at schema revision {revision}, which this importer does not \
             know (it reads {}); upgrade yascms to its latest release first",
            KNOWN_REVISIONS.join(", ")
        )));
    }
    let mut blocking = vec![];
    let mut notes = vec![];
    let mut left_out = vec![];

    // Settings.
    let mut config: HashMap<String, String> = HashMap::new();
    for r in rows(db, "SELECT name, value FROM global_config ORDER BY id").await? {
        config.insert(get(&r, "name")?, get(&r, "value")?);
    }
    let setting = |k: &str| {
        config
            .get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    // The active theme's settings hold the banners and the homepage order.
    let theme = setting("theme_name").unwrap_or_else(|| "yascms2020".into());
    let theme_json: serde_json::Value = rows(
        db,
        &format!(
            "SELECT value FROM theme_config WHERE name = '{}'",
            theme.replace(['\'', '\\'], "")
        ),
    )
    .await?
    .first()
    .map(|r| get::<String>(r, "value"))
    .transpose()?
    .and_then(|v| serde_json::from_str(&v).ok())
    .unwrap_or_default();
    let theme_settings = &theme_json["settings"];
    let banners: Vec<String> = theme_settings["banners"]["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|b| b.as_str())
                .filter(|b| !b.contains(['/', '\\']) && !b.starts_with('.'))
                .map(|b| format!("themes/{theme}/banners/{b}"))
                .collect()
        })
        .unwrap_or_default();
    let mut wanted = vec![];
    for item in theme_settings["homepage_items_order"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        use yass_shared_types::content::HomepageBlockKind as Block;
        let quantity = item["params"]["quantity"]
            .as_u64()
            .and_then(|q| u32::try_from(q).ok());
        match item["type"].as_i64() {
            Some(1) => wanted.push((Block::News, quantity)),
            Some(3) => wanted.push((Block::Extensions, None)),
            Some(4) => wanted.push((Block::Links, None)),
            Some(2) => notes.push(format!(
                "the homepage block of page {} has no yass equivalent: link the page from the menu",
                item["params"]["id"]
            )),
            other => notes.push(format!("a homepage block of type {other:?} is left out")),
        }
    }
    let homepage_layout = if wanted.is_empty() {
        "{}".to_string()
    } else {
        serde_json::to_string(&crate::rules::homepage_layout::in_order(&wanted))
            .unwrap_or_else(|_| "{}".into())
    };
    let site = sites::Model {
        id: 1,
        slug: slug.to_string(),
        name: setting("site_name").unwrap_or_else(|| slug.to_string()),
        slogan: setting("site_slogan"),
        address: setting("site_address"),
        zip: setting("site_zip"),
        phone: setting("site_phone"),
        fax: setting("site_fax"),
        email: setting("site_email"),
        map_link: setting("site_map_url"),
        map_embed_url: setting("site_map_embedded_url"),
        logo_url: None,
        banner_urls: "[]".into(),
        google_calendar_url: None,
        homepage_layout,
        enabled: true,
        content_version: 0,
        created_at: now,
        updated_at: now,
    };
    let hosts = host
        .map(|h| {
            vec![site_hosts::Model {
                id: 1,
                site_id: 1,
                hostname: h.to_string(),
                is_primary: true,
                tls_ready: false,
            }]
        })
        .unwrap_or_default();

    // Groups (0 admin, 1 staff, 2 normal).
    let mut group_rows = vec![];
    for r in rows(
        db,
        "SELECT id, name, type, `order`, ancestor_id FROM `groups` ORDER BY id",
    )
    .await?
    {
        let kind = match get::<i32>(&r, "type")? {
            0 => "admin",
            1 => "staff",
            _ => "normal",
        };
        group_rows.push(groups::Model {
            id: i64::from(get::<i32>(&r, "id")?),
            site_id: 1,
            name: get(&r, "name")?,
            kind: kind.into(),
            parent_id: get::<Option<i32>>(&r, "ancestor_id")?.map(i64::from),
            sort_order: get(&r, "order")?,
            created_at: now,
            archived_at: None,
        });
    }
    let group_ids: HashSet<i64> = group_rows.iter().map(|g| g.id).collect();
    let admin_group = group_rows.iter().find(|g| g.kind == "admin").map(|g| g.id);

    // Users: e-mails from `email`, status 0 = must change the password.
    let mut emails: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows(db, "SELECT address, user_id FROM email WHERE user_id IS NOT NULL AND type IN (1, 2) ORDER BY type, id").await? {
        emails
            .entry(i64::from(get::<i32>(&r, "user_id")?))
            .or_default()
            .push(get(&r, "address")?);
    }
    let mut user_rows = vec![];
    let mut normalised: HashMap<String, String> = HashMap::new();
    for r in rows(
        db,
        "SELECT id, first_name, last_name, account, password, status FROM users ORDER BY id",
    )
    .await?
    {
        let id = i64::from(get::<i32>(&r, "id")?);
        let account: String = get(&r, "account")?;
        match crate::rules::validate::account(&account) {
            Ok(n) => {
                if let Some(other) = normalised.insert(n.clone(), account.clone()) {
                    blocking.push(format!(
                        "accounts {other:?} and {account:?} are the same name ({n:?}) in yass: rename one in yascms first"
                    ));
                }
            }
            Err(m) => blocking.push(format!("account {account:?}: {m}")),
        }
        let status = match get::<i32>(&r, "status")? {
            0 => "must_change_password",
            2 => "disabled",
            _ => "active",
        };
        let password: String = get(&r, "password")?;
        if password == "*" {
            notes.push(format!(
                "account {account:?} has no password in yascms (it signed in with Google): it needs 忘記密碼 to set one"
            ));
        }
        let last: String = get(&r, "last_name")?;
        let first: String = get(&r, "first_name")?;
        let display = format!("{}{}", last.trim(), first.trim());
        user_rows.push(users::Model {
            id,
            site_id: Some(1),
            tenant_key: 1,
            account,
            display_name: if display.is_empty() {
                "—".into()
            } else {
                display
            },
            emails: super::to_json_list(&emails.remove(&id).unwrap_or_default()),
            password_hash: password,
            status: status.into(),
            token_version: 0,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        });
    }
    let user_ids: HashSet<i64> = user_rows.iter().map(|u| u.id).collect();
    let mut memberships = BTreeSet::new();
    for r in rows(db, "SELECT user_id, group_id FROM users_groups_association").await? {
        match (
            get::<Option<i32>>(&r, "user_id")?,
            get::<Option<i32>>(&r, "group_id")?,
        ) {
            (Some(u), Some(g))
                if user_ids.contains(&i64::from(u)) && group_ids.contains(&i64::from(g)) =>
            {
                memberships.insert((i64::from(u), i64::from(g)));
            }
            (u, g) => notes.push(format!(
                "a membership of user {u:?} in group {g:?} points nowhere: left out"
            )),
        }
    }

    // News categories, tags, news.
    let mut categories = vec![];
    for r in rows(
        db,
        "SELECT id, name, `order` FROM news_categories ORDER BY id",
    )
    .await?
    {
        categories.push(news_categories::Model {
            id: i64::from(get::<i32>(&r, "id")?),
            site_id: 1,
            name: get(&r, "name")?,
            sort_order: get(&r, "order")?,
        });
    }
    let category_ids: HashSet<i64> = categories.iter().map(|c| c.id).collect();
    let mut tag_rows = vec![];
    for r in rows(db, "SELECT id, name FROM tags ORDER BY id").await? {
        let name: String = get(&r, "name")?;
        if name.trim().is_empty() {
            notes.push("the empty tag yascms keeps is left out".into());
            continue;
        }
        tag_rows.push(tags::Model {
            id: i64::from(get::<i32>(&r, "id")?),
            site_id: 1,
            name: name.trim().to_string(),
        });
    }
    let tag_ids: HashSet<i64> = tag_rows.iter().map(|t| t.id).collect();
    let display_col = if has_column(db, "news", "display_datetime").await? {
        "display_datetime"
    } else {
        "viewable_datetime"
    };
    let visible_col = if has_column(db, "news", "is_visible").await? {
        "is_visible"
    } else {
        "1"
    };
    let html_col = if has_column(db, "news", "is_html").await? {
        "is_html"
    } else {
        "1"
    };
    let mut news_rows = vec![];
    for r in rows(
        db,
        &format!(
            "SELECT id, title, content, is_pinned, pinned_start_datetime, pinned_end_datetime, \
             {visible_col} AS is_visible, {html_col} AS is_html, visible_start_datetime, \
             visible_end_datetime, publication_datetime, {display_col} AS display_at, \
             last_updated_datetime, group_id, category_id FROM news ORDER BY id"
        ),
    )
    .await?
    {
        let id = i64::from(get::<i32>(&r, "id")?);
        let title: String = get(&r, "title")?;
        let content: String = get(&r, "content")?;
        let is_html = get::<i64>(&r, "is_html")? != 0;
        let body = if is_html || looks_like_html(&content) {
            content.clone()
        } else {
            text_to_html(&content)
        };
        let clean = crate::rules::html::sanitize(&body, slug);
        if clean != body {
            notes.push(format!(
                "news {id} {title:?}: the HTML sanitizer changes its body"
            ));
        }
        let group_id = match get::<Option<i32>>(&r, "group_id")?.map(i64::from) {
            Some(g) if group_ids.contains(&g) => g,
            other => {
                if let Some(a) = admin_group {
                    notes.push(format!("news {id} {title:?} has no publishing group ({other:?}): it goes to the administrators"));
                    a
                } else {
                    blocking.push(format!("news {id} {title:?} has no publishing group and there is no administrators group"));
                    0
                }
            }
        };
        let category_id = get::<Option<i32>>(&r, "category_id")?
            .map(i64::from)
            .filter(|c| category_ids.contains(c));
        let pinned = get::<i32>(&r, "is_pinned")? != 0;
        news_rows.push(news::Model {
            id,
            site_id: 1,
            title,
            body,
            category_id,
            group_id,
            display_at: utc(get(&r, "display_at")?, offset),
            visible_from: get::<Option<NaiveDateTime>>(&r, "visible_start_datetime")?
                .map(|t| utc(t, offset)),
            visible_until: get::<Option<NaiveDateTime>>(&r, "visible_end_datetime")?
                .map(|t| utc(t, offset)),
            pinned,
            pinned_from: get::<Option<NaiveDate>>(&r, "pinned_start_datetime")?
                .map(|d| day_start(d, offset)),
            pinned_until: get::<Option<NaiveDate>>(&r, "pinned_end_datetime")?
                .map(|d| day_start(d, offset)),
            draft: get::<i64>(&r, "is_visible")? == 0,
            created_by: None,
            updated_by: None,
            created_at: utc(get(&r, "publication_datetime")?, offset),
            updated_at: utc(get(&r, "last_updated_datetime")?, offset),
        });
    }
    let news_ids: HashSet<i64> = news_rows.iter().map(|n| n.id).collect();
    let news_tag_rows = pairs(
        db,
        "news_tags_association",
        ("news_id", &news_ids),
        ("tag_id", &tag_ids),
    )
    .await?;

    // Pages: always HTML; their editor groups.
    let mut page_rows = vec![];
    for r in rows(db, "SELECT id, title, content FROM pages ORDER BY id").await? {
        let id = i64::from(get::<i32>(&r, "id")?);
        let title: String = get(&r, "title")?;
        let body: String = get(&r, "content")?;
        if crate::rules::html::sanitize(&body, slug) != body {
            notes.push(format!(
                "page {id} {title:?}: the HTML sanitizer changes its body"
            ));
        }
        page_rows.push(pages::Model {
            id,
            site_id: 1,
            title,
            body,
            created_by: None,
            updated_by: None,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
        });
    }
    let page_ids: HashSet<i64> = page_rows.iter().map(|p| p.id).collect();
    let editors = pairs(
        db,
        "groups_pages_association",
        ("page_id", &page_ids),
        ("group_id", &group_ids),
    )
    .await?;
    let page_tag_rows = pairs(
        db,
        "pages_tags_association",
        ("page_id", &page_ids),
        ("tag_id", &tag_ids),
    )
    .await?;

    // Attachments: files found by name in the upload folder (the caller).
    let mut attachment_rows = vec![];
    let mut files = vec![];
    for (table, owner_col, kind, dir) in [
        ("news_attachments", "news_id", "news", "news"),
        ("page_attachments", "page_id", "page", "pages"),
    ] {
        for r in rows(
            db,
            &format!(
                "SELECT id, original_name, real_name, {owner_col} AS owner FROM {table} ORDER BY id"
            ),
        )
        .await?
        {
            let id = i64::from(get::<i32>(&r, "id")?);
            let owner = get::<Option<i32>>(&r, "owner")?.map(i64::from);
            let owners = if kind == "news" { &news_ids } else { &page_ids };
            let Some(owner) = owner.filter(|o| owners.contains(o)) else {
                notes.push(format!("{table} {id} belongs to nothing: left out"));
                continue;
            };
            let stored_name = uuid::Uuid::new_v4().simple().to_string();
            let original: String = get(&r, "original_name")?;
            // Ids of the two tables overlap: pages' files take ids after news'.
            let aid = if kind == "news" {
                id
            } else {
                1_000_000_000 + id
            };
            files.push(WantedFile {
                dir,
                real_name: get(&r, "real_name")?,
                stored_name: stored_name.clone(),
                attachment_id: aid,
            });
            attachment_rows.push(attachments::Model {
                id: aid,
                site_id: 1,
                owner_kind: kind.into(),
                owner_id: owner,
                file_name: original,
                stored_name,
                content_type: "application/octet-stream".into(),
                size: 0,
                created_at: now,
            });
        }
    }

    // The menu: yascms's root row goes; its children are the top level.
    let mut nav_rows = vec![];
    let navbar = rows(db, "SELECT id, name, aria_name, url, page_id, is_href_blank, type, module_name, `order`, is_visible, ancestor_id FROM navbar ORDER BY id").await?;
    let root: HashSet<i64> = navbar
        .iter()
        .filter(|r| {
            get::<Option<i32>>(r, "ancestor_id")
                .ok()
                .flatten()
                .is_none()
        })
        .filter_map(|r| get::<i32>(r, "id").ok().map(i64::from))
        .collect();
    for r in &navbar {
        let id = i64::from(get::<i32>(r, "id")?);
        if root.contains(&id) {
            continue;
        }
        let name: String = get(r, "name")?;
        let url: Option<String> = get(r, "url")?;
        let page: Option<i64> = get::<Option<i32>>(r, "page_id")?.map(i64::from);
        let (target, url, page_id, category_id, module) = match get::<i32>(r, "type")? {
            1 => ("submenu", None, None, None, None),
            3 => ("divider", None, None, None, None),
            4 => ("news", None, None, None, None),
            7 => ("module", None, None, None, Some("extensions".to_string())),
            8 => ("module", None, None, None, Some("links".to_string())),
            2 => match (page, url.as_deref().map(str::trim)) {
                (Some(p), _) if page_ids.contains(&p) => ("page", None, Some(p), None, None),
                (_, Some(u)) => match legacy_target(u) {
                    Some(Legacy::Page(p)) if page_ids.contains(&p) => {
                        ("page", None, Some(p), None, None)
                    }
                    Some(Legacy::News(c)) => (
                        "news",
                        None,
                        None,
                        c.filter(|c| category_ids.contains(c)),
                        None,
                    ),
                    _ if u.starts_with('/') => {
                        if let Some(h) = host {
                            ("link", Some(format!("https://{h}{u}")), None, None, None)
                        } else {
                            blocking.push(format!("menu item {id} {name:?} links to {u:?} on the old site: give --host so it can point there"));
                            ("link", Some(u.to_string()), None, None, None)
                        }
                    }
                    _ => ("link", Some(u.to_string()), None, None, None),
                },
                _ => {
                    notes.push(format!("menu item {id} {name:?} points nowhere: left out"));
                    continue;
                }
            },
            other => {
                notes.push(format!(
                    "menu item {id} {name:?} has type {other}, which yascms never stores: left out"
                ));
                continue;
            }
        };
        nav_rows.push(nav_items::Model {
            id,
            site_id: 1,
            parent_id: get::<Option<i32>>(r, "ancestor_id")?
                .map(i64::from)
                .filter(|p| !root.contains(p)),
            name,
            accessible_name: get::<Option<String>>(r, "aria_name")?
                .filter(|a| !a.trim().is_empty()),
            target_type: target.into(),
            url,
            new_tab: get::<i32>(r, "is_href_blank")? != 0,
            page_id,
            category_id,
            module,
            sort_order: get(r, "order")?,
            visible: get::<i32>(r, "is_visible")? != 0,
        });
    }

    // Links with their categories (the first is the default one).
    let mut link_category_rows = vec![];
    for (i, r) in rows(
        db,
        "SELECT id, name, `order` FROM link_categories ORDER BY id",
    )
    .await?
    .iter()
    .enumerate()
    {
        link_category_rows.push(link_categories::Model {
            id: i64::from(get::<i32>(r, "id")?),
            site_id: 1,
            name: get(r, "name")?,
            sort_order: get(r, "order")?,
            is_default: (i == 0).then_some(true),
        });
    }
    let default_category = link_category_rows.first().map(|c| c.id);
    let link_category_ids: HashSet<i64> = link_category_rows.iter().map(|c| c.id).collect();
    let mut link_rows = vec![];
    let mut link_icons = vec![];
    for r in rows(db, "SELECT id, title, url, icon, is_pinned, pinned_order, categorized_order, publication_datetime, last_updated_datetime, group_id, category_id FROM links ORDER BY id").await? {
        let id = i64::from(get::<i32>(&r, "id")?);
        let Some(category) = get::<Option<i32>>(&r, "category_id")?
            .map(i64::from)
            .filter(|c| link_category_ids.contains(c))
            .or(default_category)
        else {
            blocking.push(format!("link {id} has no category and the site has none"));
            continue;
        };
        let icon: String = get(&r, "icon")?;
        if !icon.is_empty() && !icon.contains(['/', '\\']) && !icon.starts_with('.') {
            link_icons.push((id, format!("links/{icon}")));
        }
        link_rows.push(links::Model {
            id,
            site_id: 1,
            category_id: category,
            title: get(&r, "title")?,
            url: get::<String>(&r, "url")?.trim().to_string(),
            icon_url: None,
            group_id: get::<Option<i32>>(&r, "group_id")?.map(i64::from).filter(|g| group_ids.contains(g)),
            sort_order: get(&r, "categorized_order")?,
            on_homepage: get::<i32>(&r, "is_pinned")? != 0,
            homepage_order: get(&r, "pinned_order")?,
            created_at: utc(get(&r, "publication_datetime")?, offset),
            updated_at: utc(get(&r, "last_updated_datetime")?, offset),
        });
    }

    // Phone extensions.
    let mut extension_rows = vec![];
    for r in rows(db, "SELECT id, title, ext, `order`, is_pinned, publication_datetime, last_updated_datetime FROM telext ORDER BY id").await? {
        extension_rows.push(extensions::Model {
            id: i64::from(get::<i32>(&r, "id")?),
            site_id: 1,
            title: get(&r, "title")?,
            extension: get(&r, "ext")?,
            sort_order: get(&r, "order")?,
            on_homepage: get::<i32>(&r, "is_pinned")? != 0,
            created_at: utc(get(&r, "publication_datetime")?, offset),
            updated_at: utc(get(&r, "last_updated_datetime")?, offset),
        });
    }
    let tokens = rows(db, "SELECT COUNT(*) AS n FROM api_tokens").await?;
    if tokens
        .first()
        .map(|r| get::<i64>(r, "n"))
        .transpose()?
        .unwrap_or(0)
        > 0
    {
        left_out.push(
            "API tokens: yass issues its own (API 權杖); integrators ask for new ones".into(),
        );
    }
    left_out.push("the sign-in log (auth_logs): yass keeps its own from the first sign-in".into());

    // Old addresses keep working (answered 301 by the server).
    let mut old: std::collections::BTreeMap<String, (&'static str, Option<i64>)> =
        std::collections::BTreeMap::new();
    old.insert("/news/list".into(), ("news_list", None));
    old.insert("/telext".into(), ("extensions", None));
    old.insert("/links".into(), ("links", None));
    for n in &news_rows {
        old.insert(format!("/news/get/{}", n.id), ("news", Some(n.id)));
    }
    for p in &page_rows {
        old.insert(format!("/page/get/{}", p.id), ("page", Some(p.id)));
    }
    for c in &categories {
        old.insert(
            format!("/news/list?c={}", c.id),
            ("news_category", Some(c.id)),
        );
    }
    for f in &files {
        let key =
            crate::rules::legacy_urls::key(&format!("/uploads/{}/{}", f.dir, f.real_name), "");
        match key {
            Some(k) => {
                old.insert(k, ("attachment", Some(f.attachment_id)));
            }
            None => notes.push(format!(
                "the old address of file {:?} is not one yass can redirect",
                f.real_name
            )),
        }
    }
    let legacy_redirects = old
        .into_iter()
        .enumerate()
        .map(
            |(i, (old_path, (kind, target)))| super::entities::legacy_redirects::Model {
                id: i64::try_from(i).unwrap_or(i64::MAX),
                site_id: 1,
                old_path,
                target_kind: kind.into(),
                target_id: target,
            },
        )
        .collect();

    let rows = SiteRows {
        site,
        hosts,
        groups: group_rows,
        users: user_rows,
        user_groups: memberships
            .into_iter()
            .map(|(user_id, group_id)| user_groups::Model { user_id, group_id })
            .collect(),
        news_categories: categories,
        tags: tag_rows,
        news: news_rows,
        news_tags: news_tag_rows
            .into_iter()
            .map(|(news_id, tag_id)| news_tags::Model { news_id, tag_id })
            .collect(),
        pages: page_rows,
        page_tags: page_tag_rows
            .into_iter()
            .map(|(page_id, tag_id)| page_tags::Model { page_id, tag_id })
            .collect(),
        page_read_groups: vec![],
        page_edit_groups: editors
            .into_iter()
            .map(|(page_id, group_id)| page_edit_groups::Model { page_id, group_id })
            .collect(),
        attachments: attachment_rows,
        nav_items: nav_rows,
        link_categories: link_category_rows,
        links: link_rows,
        extensions: extension_rows,
        legacy_redirects,
        ..Default::default()
    };
    Ok(Converted {
        rows,
        banners,
        link_icons,
        revision,
        files,
        blocking,
        notes,
        left_out,
    })
}

impl Converted {
    /// Records a file found (its size and type) or missing (the attachment
    /// is left out).
    pub fn found_file(&mut self, attachment_id: i64, size: Option<u64>, content_type: &str) {
        if let Some(n) = size {
            if let Some(a) = self
                .rows
                .attachments
                .iter_mut()
                .find(|a| a.id == attachment_id)
            {
                a.size = i64::try_from(n).unwrap_or(i64::MAX);
                a.content_type = content_type.to_string();
            }
            return;
        }
        if let Some(a) = self.rows.attachments.iter().find(|a| a.id == attachment_id) {
            self.notes.push(format!(
                "attachment {:?} ({} {}): its file is not in the upload folder: left out",
                a.file_name, a.owner_kind, a.owner_id
            ));
        }
        self.rows.attachments.retain(|a| a.id != attachment_id);
    }

    /// The site's banners, as yass image URLs.
    pub fn set_banners(&mut self, urls: &[String]) {
        self.rows.site.banner_urls = super::to_json_list(urls);
    }

    /// A link's icon, as a yass image URL.
    pub fn set_link_icon(&mut self, link: i64, url: String) {
        if let Some(l) = self.rows.links.iter_mut().find(|l| l.id == link) {
            l.icon_url = Some(url);
        }
    }

    /// Counts of what would come, by table.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        self.rows.counts()
    }
}

/// A yascms URL of its own pages.
#[derive(Debug, PartialEq, Eq)]
pub enum Legacy {
    Page(i64),
    /// A news list, of one category or all.
    News(Option<i64>),
    NewsItem(i64),
}

/// Reads `/page/get/3`, `/news/list?c=2`, `/news/get/7` (with or without
/// the site's host).
pub fn legacy_target(url: &str) -> Option<Legacy> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let num = |s: &str| s.trim_end_matches('/').parse::<i64>().ok();
    if let Some(id) = path.strip_prefix("/page/get/").and_then(num) {
        return Some(Legacy::Page(id));
    }
    if let Some(id) = path.strip_prefix("/news/get/").and_then(num) {
        return Some(Legacy::NewsItem(id));
    }
    if path.trim_end_matches('/') == "/news/list" {
        let c = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("c="))
            .and_then(num);
        return Some(Legacy::News(c));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_are_read() {
        assert_eq!(legacy_target("/page/get/3"), Some(Legacy::Page(3)));
        assert_eq!(
            legacy_target("https://old.example.tw/news/get/7"),
            Some(Legacy::NewsItem(7))
        );
        assert_eq!(
            legacy_target("/news/list?c=2&p=3"),
            Some(Legacy::News(Some(2)))
        );
        assert_eq!(legacy_target("/news/list"), Some(Legacy::News(None)));
        assert_eq!(legacy_target("/telext"), None);
        assert_eq!(legacy_target("/page/get/x"), None);
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        assert_eq!(
            text_to_html("a & <b>\nline\n\nnext"),
            "<p>a &amp; &lt;b&gt;<br>line</p><p>next</p>"
        );
        assert!(looks_like_html("<p>x"));
        assert!(!looks_like_html("純文字 & <不是標籤>"));
    }

    #[test]
    fn taipei_wall_clock_becomes_utc() {
        let t = NaiveDate::from_ymd_opt(2026, 8, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(
            utc(t, TimeDelta::hours(8)).to_string(),
            "2026-08-01 00:00:00"
        );
        assert_eq!(
            day_start(
                NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
                TimeDelta::hours(8)
            )
            .to_string(),
            "2026-07-31 16:00:00"
        );
    }
}
