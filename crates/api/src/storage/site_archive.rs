//! A whole site's rows: read in one consistent snapshot for an archive, and
//! written again as a new site under fresh ids, each row through the same
//! checks (and HTML sanitizer) as the API's.

use super::audit::{self, Author};
use super::entities::{
    api_tokens, attachments, audit_entries, calendar_events, extensions, groups, legacy_redirects,
    link_categories, links, nav_items, news, news_categories, news_tags, page_edit_groups,
    page_read_groups, page_tags, pages, revisions, site_hosts, sites, tags, trash_items,
    user_groups, users,
};
use super::sites::SiteRow;
use super::{SiteId, SiteTx};
use crate::error::{ApiError, ApiResult};
use crate::rules::site_archive::{parents_first, rewrite_site_urls};
use crate::rules::{html, validate};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    AccessMode, ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, IsolationLevel, QueryFilter, QueryOrder, Set,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use yass_shared_types::content::CalendarEventInput;
use yass_shared_types::users::{GroupKind, UserStatus};

/// Every row of one site, one field per archive member (`rows/<field>.json`,
/// the names of `rules::site_archive::TABLES`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SiteRows {
    pub site: sites::Model,
    pub hosts: Vec<site_hosts::Model>,
    pub groups: Vec<groups::Model>,
    pub users: Vec<users::Model>,
    pub user_groups: Vec<user_groups::Model>,
    pub news_categories: Vec<news_categories::Model>,
    pub tags: Vec<tags::Model>,
    pub news: Vec<news::Model>,
    pub news_tags: Vec<news_tags::Model>,
    pub pages: Vec<pages::Model>,
    pub page_tags: Vec<page_tags::Model>,
    pub page_read_groups: Vec<page_read_groups::Model>,
    pub page_edit_groups: Vec<page_edit_groups::Model>,
    pub attachments: Vec<attachments::Model>,
    pub nav_items: Vec<nav_items::Model>,
    pub link_categories: Vec<link_categories::Model>,
    pub links: Vec<links::Model>,
    pub extensions: Vec<extensions::Model>,
    pub calendar_events: Vec<calendar_events::Model>,
    /// Metadata only: the secret's hash is blanked on the way out.
    pub api_tokens: Vec<api_tokens::Model>,
    pub revisions: Vec<revisions::Model>,
    pub trash: Vec<trash_items::Model>,
    pub audit_log: Vec<audit_entries::Model>,
    /// Old addresses of a school that moved from yascms (absent from
    /// archives of yass releases before them).
    #[serde(default)]
    pub legacy_redirects: Vec<legacy_redirects::Model>,
}

impl SiteRows {
    pub fn slug(&self) -> &str {
        &self.site.slug
    }

    pub fn name(&self) -> &str {
        &self.site.name
    }

    /// Every attachment's stored file name (those of trashed items too,
    /// which stay on disk until purged).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("site", 1),
            ("hosts", self.hosts.len()),
            ("groups", self.groups.len()),
            ("users", self.users.len()),
            ("user_groups", self.user_groups.len()),
            ("news_categories", self.news_categories.len()),
            ("tags", self.tags.len()),
            ("news", self.news.len()),
            ("news_tags", self.news_tags.len()),
            ("pages", self.pages.len()),
            ("page_tags", self.page_tags.len()),
            ("page_read_groups", self.page_read_groups.len()),
            ("page_edit_groups", self.page_edit_groups.len()),
            ("attachments", self.attachments.len()),
            ("nav_items", self.nav_items.len()),
            ("link_categories", self.link_categories.len()),
            ("links", self.links.len()),
            ("extensions", self.extensions.len()),
            ("calendar_events", self.calendar_events.len()),
            ("api_tokens", self.api_tokens.len()),
            ("revisions", self.revisions.len()),
            ("trash", self.trash.len()),
            ("audit_log", self.audit_log.len()),
            ("legacy_redirects", self.legacy_redirects.len()),
        ]
    }
}

fn in_site<E: EntityTrait>(id: E::Column, site: SiteId, site_col: E::Column) -> SelectStatement {
    Query::select()
        .column(id)
        .from(E::default())
        .and_where(site_col.eq(site))
        .to_owned()
}

/// Reads a site's rows in one read-only snapshot (repeatable read on
/// MariaDB and PostgreSQL: every query sees the database as of the first;
/// on SQLite the read transaction holds its WAL snapshot the same way), so
/// writes going on meanwhile are either wholly in the archive or not at all.
pub async fn read(db: &DatabaseConnection, site: SiteId) -> ApiResult<SiteRows> {
    let txn = db
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?;
    let t = &txn;
    let site_row = sites::Entity::find_by_id(site.get())
        .one(t)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    macro_rules! of_site {
        ($m:ident) => {
            $m::Entity::find()
                .filter($m::Column::SiteId.eq(site))
                .order_by_asc($m::Column::Id)
                .all(t)
                .await?
        };
    }
    let news_ids = in_site::<news::Entity>(news::Column::Id, site, news::Column::SiteId);
    let page_ids = in_site::<pages::Entity>(pages::Column::Id, site, pages::Column::SiteId);
    let user_ids = in_site::<users::Entity>(users::Column::Id, site, users::Column::SiteId);
    let mut api_tokens = of_site!(api_tokens);
    for tok in &mut api_tokens {
        tok.token_hash = String::new();
    }
    let rows = SiteRows {
        hosts: of_site!(site_hosts),
        groups: of_site!(groups),
        users: of_site!(users),
        user_groups: user_groups::Entity::find()
            .filter(user_groups::Column::UserId.in_subquery(user_ids))
            .all(t)
            .await?,
        news_categories: of_site!(news_categories),
        tags: of_site!(tags),
        news: of_site!(news),
        news_tags: news_tags::Entity::find()
            .filter(news_tags::Column::NewsId.in_subquery(news_ids))
            .all(t)
            .await?,
        pages: of_site!(pages),
        page_tags: page_tags::Entity::find()
            .filter(page_tags::Column::PageId.in_subquery(page_ids.clone()))
            .all(t)
            .await?,
        page_read_groups: page_read_groups::Entity::find()
            .filter(page_read_groups::Column::PageId.in_subquery(page_ids.clone()))
            .all(t)
            .await?,
        page_edit_groups: page_edit_groups::Entity::find()
            .filter(page_edit_groups::Column::PageId.in_subquery(page_ids))
            .all(t)
            .await?,
        attachments: of_site!(attachments),
        nav_items: of_site!(nav_items),
        link_categories: of_site!(link_categories),
        links: of_site!(links),
        extensions: of_site!(extensions),
        calendar_events: of_site!(calendar_events),
        api_tokens,
        revisions: of_site!(revisions),
        trash: of_site!(trash_items),
        audit_log: of_site!(audit_entries),
        legacy_redirects: of_site!(legacy_redirects),
        site: site_row,
    };
    txn.commit().await?;
    Ok(rows)
}

/// What an import made, and what it left out (with why).
#[derive(Debug)]
pub struct Imported {
    pub site: SiteRow,
    /// Hostnames another site already has.
    pub dropped_hosts: Vec<String>,
    pub revoked_tokens: usize,
    /// Trashed items left out: what they belonged to is not in the
    /// archive (their group or link category), or a page's reader group
    /// is gone (restoring it would widen who reads it).
    pub skipped_trash: usize,
}

/// The archive's problems, each naming the row; reported together.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, what: impl std::fmt::Display, msg: impl std::fmt::Display) {
        if self.0.len() < 50 {
            self.0.push(format!("{what}: {msg}"));
        }
    }

    /// Stops at the first row with a problem, before a write could trip
    /// over it (a reference the archive does not hold).
    fn fail(&self) -> ApiResult<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(ApiError::BadRequest(format!(
            "the archive's rows do not pass yass's checks:\n  {}",
            self.0.join("\n  ")
        )))
    }

    /// An optional reference to another row of the archive, mapped to its
    /// new id; one the archive lacks is a problem.
    fn reference(&mut self, what: &str, ids: &Ids, table: &str, id: Option<i64>) -> Option<i64> {
        id.map(|i| self.check(what, ids.get(table, i), 0))
    }

    /// A row's name or title, checked as the API checks one (kept as it
    /// was when it is a problem: the import stops before writing it).
    fn name(&mut self, what: impl std::fmt::Display, name: &str, max: usize) -> String {
        let checked = validate::name(name, max);
        self.check(what, checked, name.to_string())
    }

    fn check<T>(&mut self, what: impl std::fmt::Display, r: Result<T, String>, or: T) -> T {
        r.unwrap_or_else(|m| {
            self.add(what, m);
            or
        })
    }
}

/// At most `n` characters (the column's size): history rows (audit
/// entries, versions, trash labels) are kept as they were, only cut to fit.
fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Inserts the rows of an association table with both ends remapped; a row
/// whose end the archive does not hold is a problem.
macro_rules! pairs {
    ($p:expr, $c:expr, $rows:expr, $m:ident, $what:literal, $a:ident: $amap:expr, $b:ident: $bmap:expr) => {
        for r in &$rows {
            match ($amap.0.get(&r.$a).copied(), $bmap.0.get(&r.$b).copied()) {
                (Some(x), Some(y)) => {
                    $m::ActiveModel {
                        $a: Set(x),
                        $b: Set(y),
                    }
                    .insert($c)
                    .await?;
                }
                _ => $p.add(
                    format!("{} {}/{}", $what, r.$a, r.$b),
                    "refers to a row the archive does not hold",
                ),
            }
        }
    };
}

/// Old id → new id of one table.
#[derive(Default)]
struct Ids(HashMap<i64, i64>);

impl Ids {
    fn get(&self, table: &str, id: i64) -> Result<i64, String> {
        self.0
            .get(&id)
            .copied()
            .ok_or_else(|| format!("refers to {table} {id}, which the archive does not hold"))
    }

    /// An optional reference: one to a row that is not there becomes none
    /// (an author who left, a token of a removed user).
    fn loose(&self, id: Option<i64>) -> Option<i64> {
        id.and_then(|i| self.0.get(&i).copied())
    }
}

/// Creates the site of `rows` as a new site `slug`, in one transaction,
/// recorded as one platform audit entry. `place_files` runs last, before
/// the commit, with the new site's id: it moves the archive's files (already
/// written and checked) into the site's upload folder; when it or the commit
/// fails, nothing of the site exists and the caller removes the files.
/// Whether [`write`] keeps what it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    Commit,
    /// Every check and every insert runs, then the transaction is rolled
    /// back: a dry run finds what the real import would refuse.
    Rehearse,
}

pub async fn write(
    db: &DatabaseConnection,
    rows: SiteRows,
    slug: &str,
    author: &Author,
    mode: WriteMode,
    place_files: impl AsyncFnOnce(SiteId) -> ApiResult<()>,
) -> ApiResult<Imported> {
    let mut p = Problems::default();
    p.check("slug", validate::slug(slug), ());
    // Immediate on SQLite: the transaction reads (is the slug free?) before
    // it writes, and a deferred one could not take the write lock once
    // another writer committed in between.
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    if super::sites::by_slug(&txn, slug).await?.is_some() {
        return Err(ApiError::Conflict(format!(
            "A site with the slug {slug} exists already."
        )));
    }
    let old_slug = rows.site.slug.clone();
    let no_ids = HashMap::new();
    let urls = |s: &str, ids: &HashMap<i64, i64>| rewrite_site_urls(s, &old_slug, slug, ids);

    // The site row and its hostnames.
    let s = &rows.site;
    let branding = crate::rules::input::branding::branding(
        &yass_shared_types::content::Branding {
            logo_url: s.logo_url.as_deref().map(|u| urls(u, &no_ids)),
            banner_urls: super::json_list(&s.banner_urls)
                .iter()
                .map(|u| urls(u, &no_ids))
                .collect(),
        },
        slug,
    );
    let branding = match branding {
        Ok(b) => b,
        Err(e) => {
            p.add("site branding", format!("{:?}", e.0));
            crate::rules::input::branding::ValidBranding::default()
        }
    };
    // The site's settings pass the checks of a new site's, field by field.
    let settings = crate::rules::input::sites::new_site(&yass_shared_types::site::CreateSite {
        slug: slug.to_string(),
        name: s.name.clone(),
        slogan: s.slogan.clone(),
        address: s.address.clone(),
        zip: s.zip.clone(),
        phone: s.phone.clone(),
        fax: s.fax.clone(),
        email: s.email.clone(),
        map_link: s.map_link.clone(),
        map_embed_url: s.map_embed_url.clone(),
        ..Default::default()
    });
    let settings = match settings {
        Ok(v) => Some(v),
        Err(e) => {
            p.add("site settings", format!("{:?}", e.0));
            None
        }
    };
    let field = |f: &str| settings.as_ref().and_then(|v| v.get(f));
    let google = crate::rules::input::calendar::google_calendar(s.google_calendar_url.as_deref())
        .unwrap_or_else(|e| {
            p.add("site calendar", format!("{:?}", e.0));
            None
        });
    let layout_ok = s.homepage_layout.trim() == "{}"
        || serde_json::from_str::<yass_shared_types::content::HomepageLayout>(&s.homepage_layout)
            .is_ok_and(|l| crate::rules::homepage_layout::check(&l).is_ok());
    if !layout_ok {
        p.add("site homepage layout", "it is not a layout yass accepts");
    }
    let site = sites::ActiveModel {
        id: NotSet,
        slug: Set(slug.to_string()),
        name: Set(settings
            .as_ref()
            .map(|v| v.name.clone())
            .unwrap_or_default()),
        slogan: Set(field("slogan")),
        address: Set(field("address")),
        zip: Set(field("zip")),
        phone: Set(field("phone")),
        fax: Set(field("fax")),
        email: Set(field("email")),
        map_link: Set(field("map_link")),
        map_embed_url: Set(field("map_embed_url")),
        logo_url: Set(branding.logo_url),
        banner_urls: Set(super::to_json_list(&branding.banner_urls)),
        google_calendar_url: Set(google),
        homepage_layout: Set(if layout_ok {
            s.homepage_layout.clone()
        } else {
            "{}".into()
        }),
        enabled: Set(s.enabled),
        content_version: Set(0),
        created_at: Set(s.created_at),
        updated_at: Set(s.updated_at),
    }
    .insert(&txn)
    .await?;
    let site_id = site.site_id();
    p.fail()?;
    let mut wanted = vec![];
    let mut hosts = rows.hosts.clone();
    hosts.sort_by_key(|h| !h.is_primary);
    for h in &hosts {
        match validate::hostname(&h.hostname) {
            Ok(n) => wanted.push(n),
            Err(m) => p.add(format!("hostname {}", h.hostname), m),
        }
    }
    let dropped_hosts = super::sites::hosts_taken_elsewhere(&txn, Some(site_id), &wanted).await?;
    wanted.retain(|h| !dropped_hosts.contains(h));
    // A hostname the deploy has not served from this machine waits for it.
    super::sites::set_hosts(&txn, site_id, &wanted, super::sites::NewHosts::WaitForTls).await?;

    let tx = SiteTx::begin_within(&txn, site_id, author.clone()).await?;
    let c = tx.conn();
    let new_site = site.id;

    // Groups, parents first.
    let mut group_ids = Ids::default();
    let tree: Vec<(i64, Option<i64>)> = rows.groups.iter().map(|g| (g.id, g.parent_id)).collect();
    let order = parents_first(&tree).unwrap_or_else(|m| {
        p.add("groups", m);
        vec![]
    });
    for i in order {
        let g = &rows.groups[i];
        let what = format!("group {}", g.id);
        if GroupKind::parse(&g.kind).is_none() {
            p.add(&what, format!("unknown kind {:?}", g.kind));
        }
        let saved = groups::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            name: Set(p.name(&what, &g.name, 100)),
            kind: Set(g.kind.clone()),
            parent_id: Set(g.parent_id.and_then(|o| group_ids.0.get(&o).copied())),
            sort_order: Set(g.sort_order),
            created_at: Set(g.created_at),
            archived_at: Set(g.archived_at),
        }
        .insert(c)
        .await?;
        group_ids.0.insert(g.id, saved.id);
    }

    // Users with their password hashes (never a password).
    let mut user_ids = Ids::default();
    for u in &rows.users {
        let what = format!("user {}", u.id);
        if UserStatus::parse(&u.status).is_none() {
            p.add(&what, format!("unknown status {:?}", u.status));
        }
        let emails: Vec<String> = super::json_list(&u.emails)
            .iter()
            .filter_map(|e| validate::email(e).map_err(|m| p.add(&what, m)).ok())
            .collect();
        let saved = users::ActiveModel {
            id: NotSet,
            site_id: Set(Some(new_site)),
            tenant_key: Set(super::users::tenant_key(Some(new_site))),
            account: Set(p.check(&what, validate::account(&u.account), u.account.clone())),
            display_name: Set(p.name(&what, &u.display_name, 100)),
            emails: Set(super::to_json_list(&emails)),
            password_hash: Set(u.password_hash.clone()),
            status: Set(u.status.clone()),
            token_version: Set(u.token_version),
            created_at: Set(u.created_at),
            updated_at: Set(u.updated_at),
            last_login_at: Set(u.last_login_at),
        }
        .insert(c)
        .await?;
        user_ids.0.insert(u.id, saved.id);
    }
    pairs!(p, c, rows.user_groups, user_groups, "membership", user_id: user_ids, group_id: group_ids);

    // News with their categories, tags and search words.
    let mut category_ids = Ids::default();
    for k in &rows.news_categories {
        let saved = news_categories::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            name: Set(p.name(format!("news category {}", k.id), &k.name, 100)),
            sort_order: Set(k.sort_order),
        }
        .insert(c)
        .await?;
        category_ids.0.insert(k.id, saved.id);
    }
    let mut tag_ids = Ids::default();
    for t in &rows.tags {
        let saved = tags::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            name: Set(p.name(format!("tag {}", t.id), &t.name, 30)),
        }
        .insert(c)
        .await?;
        tag_ids.0.insert(t.id, saved.id);
    }
    // Attachment ids are known only once they are inserted, after their
    // owners: bodies link them by id, so they are rewritten afterwards.
    let mut news_ids = Ids::default();
    let mut news_bodies = vec![];
    for n in &rows.news {
        let what = format!("news {}", n.id);
        let group_id = p.check(&what, group_ids.get("group", n.group_id), 0);
        let category_id = p.reference(&what, &category_ids, "news category", n.category_id);
        p.fail()?;
        let saved = news::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            title: Set(p.name(&what, &n.title, 200)),
            body: Set(String::new()),
            category_id: Set(category_id),
            group_id: Set(group_id),
            display_at: Set(n.display_at),
            visible_from: Set(n.visible_from),
            visible_until: Set(n.visible_until),
            pinned: Set(n.pinned),
            pinned_from: Set(n.pinned_from),
            pinned_until: Set(n.pinned_until),
            draft: Set(n.draft),
            created_by: Set(user_ids.loose(n.created_by)),
            updated_by: Set(user_ids.loose(n.updated_by)),
            created_at: Set(n.created_at),
            updated_at: Set(n.updated_at),
        }
        .insert(c)
        .await?;
        news_ids.0.insert(n.id, saved.id);
        news_bodies.push((saved, n.body.clone()));
    }
    pairs!(p, c, rows.news_tags, news_tags, "news tag", news_id: news_ids, tag_id: tag_ids);

    // Pages with their tags and groups.
    let mut page_ids = Ids::default();
    let mut page_bodies = vec![];
    for pg in &rows.pages {
        let what = format!("page {}", pg.id);
        if !matches!(pg.visibility.as_str(), "public" | "restricted") {
            p.add(&what, format!("unknown visibility {:?}", pg.visibility));
        }
        let saved = pages::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            title: Set(p.name(&what, &pg.title, 200)),
            body: Set(String::new()),
            created_by: Set(user_ids.loose(pg.created_by)),
            updated_by: Set(user_ids.loose(pg.updated_by)),
            created_at: Set(pg.created_at),
            updated_at: Set(pg.updated_at),
            visibility: Set(pg.visibility.clone()),
        }
        .insert(c)
        .await?;
        page_ids.0.insert(pg.id, saved.id);
        page_bodies.push((saved, pg.body.clone()));
    }
    pairs!(p, c, rows.page_tags, page_tags, "page tag", page_id: page_ids, tag_id: tag_ids);
    // A read list that lost a group would widen access: refused.
    pairs!(p, c, rows.page_read_groups, page_read_groups, "page reader", page_id: page_ids, group_id: group_ids);
    pairs!(p, c, rows.page_edit_groups, page_edit_groups, "page editor", page_id: page_ids, group_id: group_ids);

    // Attachments (their files are placed with the others at the end).
    let mut attachment_ids = Ids::default();
    for a in &rows.attachments {
        let what = format!("attachment {}", a.id);
        let owner = match a.owner_kind.as_str() {
            "news" => news_ids.get("news", a.owner_id),
            "page" => page_ids.get("page", a.owner_id),
            other => Err(format!("unknown owner kind {other:?}")),
        };
        let Ok(owner_id) = owner.map_err(|m| p.add(&what, m)) else {
            continue;
        };
        if crate::rules::site_archive::member(&format!("files/{}", a.stored_name)).is_err() {
            p.add(&what, "its stored name is not one yass makes");
        }
        let saved = attachments::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            owner_kind: Set(a.owner_kind.clone()),
            owner_id: Set(owner_id),
            file_name: Set(cut(&crate::rules::uploads::display_name(&a.file_name), 255)),
            stored_name: Set(a.stored_name.clone()),
            // Served types are decided from the file's bytes, not this.
            content_type: Set(cut(&a.content_type, 100)),
            size: Set(a.size),
            created_at: Set(a.created_at),
        }
        .insert(c)
        .await?;
        attachment_ids.0.insert(a.id, saved.id);
    }
    // Bodies, now that every id they may link is known: the site's own
    // URLs follow it, then the sanitizer has the last word.
    for (saved, body) in news_bodies {
        let clean = html::sanitize(&urls(&body, &attachment_ids.0), slug);
        super::news::write_tokens(&tx, saved.id, &saved.title, &clean).await?;
        let mut am = saved.into_active_model();
        am.body = Set(clean);
        am.update(c).await?;
    }
    for (saved, body) in page_bodies {
        let clean = html::sanitize(&urls(&body, &attachment_ids.0), slug);
        let mut am = saved.into_active_model();
        am.body = Set(clean);
        am.update(c).await?;
    }

    // The menu, parents first.
    let nav_tree: Vec<(i64, Option<i64>)> =
        rows.nav_items.iter().map(|n| (n.id, n.parent_id)).collect();
    let order = parents_first(&nav_tree).unwrap_or_else(|m| {
        p.add("menu", m);
        vec![]
    });
    let mut nav_ids = Ids::default();
    for i in order {
        let n = &rows.nav_items[i];
        let what = format!("menu item {}", n.id);
        let mut e = crate::error::FieldErrors::new();
        let name = crate::rules::input::nav::name(&n.name, &mut e);
        let accessible_name =
            crate::rules::input::nav::accessible_name(n.accessible_name.as_deref(), &mut e);
        let url = n.url.as_ref().map(|u| {
            p.check(
                &what,
                validate::url(u, &["http", "https", "mailto", "tel"]),
                String::new(),
            )
        });
        if super::nav::target(n).is_none() {
            p.add(
                &what,
                format!("its target ({}) is not one yass knows", n.target_type),
            );
        }
        if !e.is_empty() {
            p.add(&what, format!("{:?}", e.0));
        }
        p.fail()?;
        let saved = nav_items::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            parent_id: Set(n.parent_id.and_then(|o| nav_ids.0.get(&o).copied())),
            name: Set(name),
            accessible_name: Set(accessible_name),
            target_type: Set(n.target_type.clone()),
            url: Set(url),
            new_tab: Set(n.new_tab),
            page_id: Set(p.reference(&what, &page_ids, "page", n.page_id)),
            category_id: Set(p.reference(&what, &category_ids, "news category", n.category_id)),
            module: Set(n.module.clone()),
            sort_order: Set(n.sort_order),
            visible: Set(n.visible),
        }
        .insert(c)
        .await?;
        nav_ids.0.insert(n.id, saved.id);
    }

    // Links, extensions, the calendar.
    let mut link_category_ids = Ids::default();
    for k in &rows.link_categories {
        let saved = link_categories::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            name: Set(p.name(format!("link category {}", k.id), &k.name, 100)),
            sort_order: Set(k.sort_order),
            is_default: Set(k.is_default),
        }
        .insert(c)
        .await?;
        link_category_ids.0.insert(k.id, saved.id);
    }
    for l in &rows.links {
        let what = format!("link {}", l.id);
        let mut e = crate::error::FieldErrors::new();
        let f = crate::rules::input::links::fields(
            &yass_shared_types::content::LinkInput {
                title: l.title.clone(),
                url: l.url.clone(),
                icon_url: l.icon_url.as_deref().map(|u| urls(u, &no_ids)),
                category_id: None,
                group_id: None,
                order: None,
                on_homepage: false,
                homepage_order: None,
            },
            slug,
            &mut e,
        );
        if !e.is_empty() {
            p.add(&what, format!("{:?}", e.0));
        }
        let category_id = p.check(
            &what,
            link_category_ids.get("link category", l.category_id),
            0,
        );
        let group_id = p.reference(&what, &group_ids, "group", l.group_id);
        p.fail()?;
        links::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            category_id: Set(category_id),
            title: Set(f.title),
            url: Set(f.url),
            icon_url: Set(f.icon_url),
            group_id: Set(group_id),
            sort_order: Set(l.sort_order),
            on_homepage: Set(l.on_homepage),
            homepage_order: Set(l.homepage_order),
            created_at: Set(l.created_at),
            updated_at: Set(l.updated_at),
        }
        .insert(c)
        .await?;
    }
    for x in &rows.extensions {
        let what = format!("extension {}", x.id);
        let valid = crate::rules::input::extensions::extension(
            &yass_shared_types::content::ExtensionInput {
                title: x.title.clone(),
                extension: x.extension.clone(),
                order: Some(x.sort_order),
                on_homepage: x.on_homepage,
            },
        );
        let (title, number) = match valid {
            Ok(v) => (v.title, v.extension),
            Err(e) => {
                p.add(&what, format!("{:?}", e.0));
                (String::new(), String::new())
            }
        };
        extensions::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            title: Set(title),
            extension: Set(number),
            sort_order: Set(x.sort_order),
            on_homepage: Set(x.on_homepage),
            created_at: Set(x.created_at),
            updated_at: Set(x.updated_at),
        }
        .insert(c)
        .await?;
    }
    // Events through the API's own rule (a description keeps its line
    // breaks, an event may not end before it starts), stored as it would
    // store them; every bad one is reported before any is written.
    let mut events = Vec::with_capacity(rows.calendar_events.len());
    for ev in &rows.calendar_events {
        let what = format!("calendar event {}", ev.id);
        let Some(when) = super::calendar_events::stored_when(ev) else {
            p.add(
                &what,
                "its dates are neither a whole-day range nor a timed one",
            );
            continue;
        };
        let input = CalendarEventInput {
            title: ev.title.clone(),
            when,
            location: ev.location.clone(),
            description: ev.description.clone(),
        };
        match crate::rules::input::calendar::event(&input) {
            Ok(checked) => {
                let mut am = ev.clone().into_active_model().reset_all();
                am.id = NotSet;
                am.site_id = Set(new_site);
                am.title = Set(checked.title);
                am.location = Set(checked.location);
                am.description = Set(checked.description);
                super::calendar_events::set_when(&mut am, &input.when);
                events.push(am);
            }
            Err(e) => p.add(&what, format!("{:?}", e.0)),
        }
    }
    p.fail()?;
    for am in events {
        am.insert(c).await?;
    }

    // The trash, each item under fresh ids (a restore puts it back under
    // them), its references following the rest.
    let maps = Maps {
        groups: &group_ids,
        users: &user_ids,
        news: &news_ids,
        pages: &page_ids,
        news_categories: &category_ids,
        link_categories: &link_category_ids,
        nav: &nav_ids,
    };
    // Old addresses, following their targets to their new ids.
    let mut seen_paths = std::collections::HashSet::new();
    for r in &rows.legacy_redirects {
        let (path, query) = r.old_path.split_once('?').unwrap_or((&r.old_path, ""));
        if crate::rules::legacy_urls::key(path, query).as_deref() != Some(r.old_path.as_str())
            || !seen_paths.insert(r.old_path.clone())
        {
            p.add(
                format!("old address {:?}", r.old_path),
                "is not one yass redirects",
            );
            continue;
        }
        let target = match r.target_kind.as_str() {
            "news" => news_ids.loose(r.target_id),
            "page" => page_ids.loose(r.target_id),
            "news_category" => category_ids.loose(r.target_id),
            "attachment" => attachment_ids.loose(r.target_id),
            "news_list" | "extensions" | "links" => None,
            other => {
                p.add(
                    format!("old address {:?}", r.old_path),
                    format!("unknown target {other:?}"),
                );
                continue;
            }
        };
        if target.is_none()
            && !matches!(r.target_kind.as_str(), "news_list" | "extensions" | "links")
        {
            // Its target did not come (a file that was missing): no redirect.
            continue;
        }
        legacy_redirects::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            old_path: Set(r.old_path.clone()),
            target_kind: Set(r.target_kind.clone()),
            target_id: Set(target),
        }
        .insert(c)
        .await?;
    }

    let mut skipped_trash = 0;
    for t in &rows.trash {
        if !import_trash_item(c, t, &maps, new_site).await? {
            skipped_trash += 1;
        }
    }

    // Tokens come back revoked (and without a secret): their holders ask
    // the new site for new ones.
    let now = author.at;
    for k in &rows.api_tokens {
        api_tokens::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            name: Set(cut(&k.name, 100)),
            scope: Set(cut(&k.scope, 16)),
            token_hash: Set(format!(
                "revoked-by-import-{}",
                uuid::Uuid::new_v4().simple()
            )),
            created_by: Set(user_ids.loose(k.created_by)),
            created_at: Set(k.created_at),
            last_used_at: Set(k.last_used_at),
            revoked_at: Set(Some(k.revoked_at.unwrap_or(now))),
            owner_user_id: Set(user_ids.loose(k.owner_user_id)),
            expires_at: Set(k.expires_at),
        }
        .insert(c)
        .await?;
    }

    // History: versions of news and pages, and the audit log.
    for r in &rows.revisions {
        let what = format!("revision {}", r.id);
        let item = match r.item_kind.as_str() {
            "news" => news_ids.get("news", r.item_id),
            "page" => page_ids.get("page", r.item_id),
            other => Err(format!("unknown item kind {other:?}")),
        };
        // The versions of an item that was deleted (and not restored) go
        // with it.
        let Ok(item_id) = item else {
            continue;
        };
        let mut fields: yass_shared_types::revisions::RevisionFields =
            serde_json::from_str(&r.fields).map_err(|e| {
                ApiError::BadRequest(format!("{what}: its fields do not read: {e}"))
            })?;
        fields.category_id = category_ids.loose(fields.category_id);
        fields.group_id = group_ids.loose(fields.group_id);
        fields.edit_group_ids = fields
            .edit_group_ids
            .iter()
            .filter_map(|g| group_ids.loose(Some(*g)))
            .collect();
        fields.read_group_ids = fields
            .read_group_ids
            .iter()
            .filter_map(|g| group_ids.loose(Some(*g)))
            .collect();
        revisions::ActiveModel {
            id: NotSet,
            site_id: Set(new_site),
            item_kind: Set(r.item_kind.clone()),
            item_id: Set(item_id),
            number: Set(r.number),
            at: Set(r.at),
            user_id: Set(user_ids.loose(r.user_id)),
            actor_name: Set(cut(&r.actor_name, 200)),
            title: Set(cut(&r.title, 300)),
            body: Set(html::sanitize(&urls(&r.body, &attachment_ids.0), slug)),
            fields: Set(serde_json::to_string(&fields).map_err(ApiError::internal)?),
            restored_from: Set(r.restored_from),
        }
        .insert(c)
        .await?;
    }
    let entity_ids: HashMap<&str, &Ids> = HashMap::from([
        ("news", &news_ids),
        ("page", &page_ids),
        ("group", &group_ids),
        ("user", &user_ids),
        ("nav_item", &nav_ids),
        ("attachment", &attachment_ids),
        ("news_category", &category_ids),
        ("link_category", &link_category_ids),
    ]);
    for a in &rows.audit_log {
        let mut am = a.clone().into_active_model().reset_all();
        am.id = NotSet;
        am.site_id = Set(Some(new_site));
        am.user_id = Set(user_ids.loose(a.user_id));
        am.token_id = Set(None);
        // An entry keeps its link to the item only when the item came too.
        am.entity_id = Set(entity_ids
            .get(a.kind.as_str())
            .and_then(|m| m.loose(a.entity_id)));
        am.actor_name = Set(cut(&a.actor_name, 200));
        am.kind = Set(cut(&a.kind, 40));
        am.action = Set(cut(&a.action, 40));
        am.label = Set(cut(&a.label, 300));
        am.client_addr = Set(a.client_addr.as_deref().map(|c| cut(c, 64)));
        am.insert(c).await?;
    }
    p.fail()?;
    tx.public_content_changed();
    let mut also = tx.commit_into_outer().await?;
    also.clear();
    let summary: serde_json::Map<String, serde_json::Value> = rows
        .counts()
        .into_iter()
        .map(|(k, n)| (k.to_string(), n.into()))
        .collect();
    audit::platform_entry(
        &txn,
        author,
        vec![audit::other(
            "site",
            Some(new_site),
            "import",
            slug,
            serde_json::json!({"after": {"slug": slug, "from": old_slug, "rows": summary,
                                         "dropped_hostnames": dropped_hosts}}),
        )],
    )
    .await?;
    if mode == WriteMode::Commit {
        place_files(site_id).await?;
        txn.commit().await?;
    }
    // A rehearsal's transaction is dropped here: rolled back.
    Ok(Imported {
        site,
        dropped_hosts,
        revoked_tokens: rows.api_tokens.len(),
        skipped_trash,
    })
}

/// The id maps a trashed item's rows are remapped with.
struct Maps<'a> {
    groups: &'a Ids,
    users: &'a Ids,
    news: &'a Ids,
    pages: &'a Ids,
    news_categories: &'a Ids,
    link_categories: &'a Ids,
    nav: &'a Ids,
}

/// Takes a fresh id for a trashed row: the row is inserted and deleted at
/// once, so the id is used up (ids are never reused) and the row can come
/// back under it when restored.
macro_rules! fresh_id {
    ($c:expr, $m:ident, $am:expr) => {{
        let saved = $am.insert($c).await?;
        $m::Entity::delete_by_id(saved.id).exec($c).await?;
        saved.id
    }};
}

/// Recreates one trashed item with its rows under fresh ids; false when it
/// cannot come (see [`Imported::skipped_trash`]).
async fn import_trash_item(
    c: &sea_orm::DatabaseTransaction,
    t: &trash_items::Model,
    m: &Maps<'_>,
    new_site: i64,
) -> ApiResult<bool> {
    use super::trash_bin::Payload;
    let Ok(payload) = serde_json::from_str::<Payload>(&t.payload) else {
        return Ok(false);
    };
    macro_rules! fresh {
        ($m:ident, $row:expr, |$am:ident| $fix:block) => {{
            let mut $am = $row.clone().into_active_model().reset_all();
            $am.id = NotSet;
            $fix
            fresh_id!(c, $m, $am)
        }};
    }
    macro_rules! same_site {
        ($variant:ident, $m:ident, $row:expr) => {{
            let row = $m::Model {
                site_id: new_site,
                ..$row
            };
            let id = fresh!($m, row, |am| {});
            (
                id,
                Payload::$variant {
                    row: $m::Model { id, ..row },
                },
            )
        }};
    }
    let files = |rows: &[attachments::Model], owner: i64| -> Vec<attachments::Model> {
        rows.iter()
            .map(|a| attachments::Model {
                site_id: new_site,
                owner_id: owner,
                ..a.clone()
            })
            .collect()
    };
    let (item_id, payload) = match payload {
        Payload::News {
            row,
            tags,
            files: old,
        } => {
            let Ok(group) = m.groups.get("group", row.group_id) else {
                return Ok(false);
            };
            let id = fresh!(news, row, |am| {
                am.site_id = Set(new_site);
                am.group_id = Set(group);
                am.category_id = Set(m.news_categories.loose(row.category_id));
                am.created_by = Set(m.users.loose(row.created_by));
                am.updated_by = Set(m.users.loose(row.updated_by));
            });
            let mut kept = vec![];
            for a in files(&old, id) {
                let aid = fresh!(attachments, a, |am| {});
                kept.push(attachments::Model { id: aid, ..a });
            }
            let row = news::Model {
                id,
                site_id: new_site,
                group_id: group,
                category_id: m.news_categories.loose(row.category_id),
                created_by: m.users.loose(row.created_by),
                updated_by: m.users.loose(row.updated_by),
                ..row
            };
            (
                id,
                Payload::News {
                    row,
                    tags,
                    files: kept,
                },
            )
        }
        Payload::Page {
            row,
            tags,
            edit_groups,
            read_groups,
            files: old,
            nav,
        } => {
            let read: Vec<i64> = read_groups
                .iter()
                .filter_map(|g| m.groups.loose(Some(*g)))
                .collect();
            if read.len() != read_groups.len() {
                return Ok(false);
            }
            let edit = edit_groups
                .iter()
                .filter_map(|g| m.groups.loose(Some(*g)))
                .collect();
            let id = fresh!(pages, row, |am| {
                am.site_id = Set(new_site);
                am.created_by = Set(m.users.loose(row.created_by));
                am.updated_by = Set(m.users.loose(row.updated_by));
            });
            let mut kept = vec![];
            for a in files(&old, id) {
                let aid = fresh!(attachments, a, |am| {});
                kept.push(attachments::Model { id: aid, ..a });
            }
            let nav = fresh_nav(c, &nav, m, new_site, Some(id)).await?;
            let row = pages::Model {
                id,
                site_id: new_site,
                created_by: m.users.loose(row.created_by),
                updated_by: m.users.loose(row.updated_by),
                ..row
            };
            (
                id,
                Payload::Page {
                    row,
                    tags,
                    edit_groups: edit,
                    read_groups: read,
                    files: kept,
                    nav,
                },
            )
        }
        Payload::Link { row } => {
            let Ok(category) = m.link_categories.get("link category", row.category_id) else {
                return Ok(false);
            };
            let row = links::Model {
                site_id: new_site,
                category_id: category,
                group_id: m.groups.loose(row.group_id),
                ..row
            };
            let id = fresh!(links, row, |am| {});
            (
                id,
                Payload::Link {
                    row: links::Model { id, ..row },
                },
            )
        }
        // Rows that refer to nothing but their site.
        Payload::Extension { row } => same_site!(Extension, extensions, row),
        Payload::CalendarEvent { row } => same_site!(CalendarEvent, calendar_events, row),
        Payload::NavItems { rows } => {
            let rows = fresh_nav(c, &rows, m, new_site, None).await?;
            let Some(first) = rows.first() else {
                return Ok(false);
            };
            (first.id, Payload::NavItems { rows })
        }
        Payload::Attachment { row } => {
            let owner = match row.owner_kind.as_str() {
                "news" => m.news.loose(Some(row.owner_id)),
                "page" => m.pages.loose(Some(row.owner_id)),
                _ => None,
            };
            let Some(owner) = owner else {
                return Ok(false);
            };
            let row = files(std::slice::from_ref(&row), owner).remove(0);
            let id = fresh!(attachments, row, |am| {});
            (
                id,
                Payload::Attachment {
                    row: attachments::Model { id, ..row },
                },
            )
        }
    };
    let edit_group_ids: Vec<i64> = super::trash::edit_group_ids(t)
        .into_iter()
        .filter_map(|g| m.groups.loose(Some(g)))
        .collect();
    trash_items::ActiveModel {
        id: NotSet,
        site_id: Set(new_site),
        kind: Set(payload.kind().to_string()),
        item_id: Set(item_id),
        label: Set(cut(&t.label, 300)),
        deleted_at: Set(t.deleted_at),
        user_id: Set(m.users.loose(t.user_id)),
        actor_name: Set(cut(&t.actor_name, 200)),
        owner_group_id: Set(m.groups.loose(t.owner_group_id)),
        edit_group_ids: Set(serde_json::to_string(&edit_group_ids).map_err(ApiError::internal)?),
        payload: Set(serde_json::to_string(&payload).map_err(ApiError::internal)?),
        files: Set(t.files.clone()),
    }
    .insert(c)
    .await?;
    Ok(true)
}

/// A trashed menu item and its sub-items (parents first) under fresh ids;
/// the first keeps its place under a live parent when that came too.
async fn fresh_nav(
    c: &sea_orm::DatabaseTransaction,
    rows: &[nav_items::Model],
    m: &Maps<'_>,
    new_site: i64,
    page: Option<i64>,
) -> ApiResult<Vec<nav_items::Model>> {
    let mut local: HashMap<i64, i64> = HashMap::new();
    let mut out = vec![];
    for r in rows {
        let parent = match r.parent_id {
            Some(p) => local.get(&p).copied().or_else(|| m.nav.loose(Some(p))),
            None => None,
        };
        let row = nav_items::Model {
            site_id: new_site,
            parent_id: parent,
            page_id: page.or_else(|| m.pages.loose(r.page_id)),
            category_id: m.news_categories.loose(r.category_id),
            ..r.clone()
        };
        let mut am = row.clone().into_active_model().reset_all();
        am.id = NotSet;
        // Only the id is taken now: the parent and page may be trashed
        // rows themselves (taken, not there).
        am.parent_id = Set(None);
        am.page_id = Set(None);
        let id = fresh_id!(c, nav_items, am);
        local.insert(r.id, id);
        out.push(nav_items::Model { id, ..row });
    }
    Ok(out)
}
