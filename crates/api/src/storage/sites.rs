//! Sites and their hostnames.

use super::SiteId;
use super::SiteTx;
use super::entities::{site_hosts, sites};
use crate::error::{ApiError, ApiResult};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

pub use site_hosts::Model as HostRow;
pub use sites::Model as SiteRow;

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> ApiResult<Option<SiteRow>> {
    Ok(sites::Entity::find()
        .filter(sites::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<SiteRow>> {
    Ok(sites::Entity::find_by_id(id).one(db).await?)
}

/// The site of a path segment: unknown → 404 `site_not_found`,
/// disabled → 404 `site_disabled` (unless the caller may see disabled sites).
pub async fn load(
    db: &impl ConnectionTrait,
    slug: &str,
    allow_disabled: bool,
) -> ApiResult<SiteRow> {
    match by_slug(db, slug).await? {
        None => Err(ApiError::SiteNotFound),
        Some(s) if !s.enabled && !allow_disabled => Err(ApiError::SiteDisabled),
        Some(s) => Ok(s),
    }
}

pub async fn list(db: &impl ConnectionTrait) -> ApiResult<Vec<SiteRow>> {
    Ok(sites::Entity::find()
        .order_by_asc(sites::Column::Slug)
        .all(db)
        .await?)
}

pub async fn hosts(
    db: &impl ConnectionTrait,
    site_id: SiteId,
) -> ApiResult<Vec<site_hosts::Model>> {
    Ok(site_hosts::Entity::find()
        .filter(site_hosts::Column::SiteId.eq(site_id))
        .order_by_desc(site_hosts::Column::IsPrimary)
        .order_by_asc(site_hosts::Column::Id)
        .all(db)
        .await?)
}

pub async fn all_hosts(db: &impl ConnectionTrait) -> ApiResult<Vec<site_hosts::Model>> {
    Ok(site_hosts::Entity::find()
        .order_by_desc(site_hosts::Column::IsPrimary)
        .order_by_asc(site_hosts::Column::Id)
        .all(db)
        .await?)
}

pub async fn by_host(
    db: &impl ConnectionTrait,
    host: &str,
) -> ApiResult<Option<(SiteRow, site_hosts::Model)>> {
    let Some(h) = site_hosts::Entity::find()
        .filter(site_hosts::Column::Hostname.eq(host))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let site = sites::Entity::find_by_id(h.site_id).one(db).await?;
    Ok(site.map(|s| (s, h)))
}

/// The hostname visitors are sent to: the first (primary first) that the
/// operators serve with a certificate.
pub fn serving_host(hosts: &[HostRow]) -> Option<&str> {
    hosts
        .iter()
        .find(|h| h.tls_ready)
        .map(|h| h.hostname.as_str())
}

/// How a new hostname starts: served at once (a platform admin or operator
/// adds it and deploys), or waiting for the deploy's nginx and certificate
/// (a school asked for it in its application).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewHosts {
    Served,
    WaitForTls,
}

/// Replaces a site's hostnames; the first is primary. Hostnames are unique
/// across the platform (a taken one is a 409 from the unique index). A
/// hostname the site keeps keeps its TLS state; a new one starts as `new`.
pub(in crate::storage) async fn set_hosts<C: ConnectionTrait>(
    db: &C,
    site_id: SiteId,
    hosts: &[String],
    new: NewHosts,
) -> ApiResult<()> {
    let before = site_hosts::Entity::find()
        .filter(site_hosts::Column::SiteId.eq(site_id))
        .all(db)
        .await?;
    site_hosts::Entity::delete_many()
        .filter(site_hosts::Column::SiteId.eq(site_id))
        .exec(db)
        .await?;
    for (i, h) in hosts.iter().enumerate() {
        let ready = match before.iter().find(|b| b.hostname == *h) {
            Some(b) => b.tls_ready,
            None => new == NewHosts::Served,
        };
        site_hosts::ActiveModel {
            site_id: Set(site_id.get()),
            hostname: Set(h.clone()),
            is_primary: Set(i == 0),
            tls_ready: Set(ready),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Which hostnames are already taken by a site other than `site` (by any
/// site for `None`: one not created yet).
pub async fn hosts_taken_elsewhere(
    db: &impl ConnectionTrait,
    site: Option<SiteId>,
    hosts: &[String],
) -> ApiResult<Vec<String>> {
    if hosts.is_empty() {
        return Ok(vec![]);
    }
    let rows = site_hosts::Entity::find()
        .filter(site_hosts::Column::Hostname.is_in(hosts.iter().cloned()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| site.is_none_or(|s| r.site_id != s.get()))
        .map(|r| r.hostname)
        .collect())
}

/// A new site's settings, checked by `operations::sites::provision`.
#[derive(Default)]
pub struct NewSite {
    pub slug: String,
    pub name: String,
    pub slogan: Option<String>,
    pub address: Option<String>,
    pub zip: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub map_link: Option<String>,
    pub map_embed_url: Option<String>,
}

/// Creates a site with its hostnames (the first is primary) and its
/// administrators' group, on the caller's transaction (provisioning adds
/// the school's defaults to the same one). Returns the change, for the
/// caller's one platform entry.
pub async fn create(
    txn: &DatabaseTransaction,
    n: NewSite,
    hosts: &[String],
    new_hosts: NewHosts,
    author: &super::audit::Author,
) -> ApiResult<(SiteRow, super::audit::Change)> {
    let at = author.at;
    let row = sites::ActiveModel {
        slug: Set(n.slug),
        name: Set(n.name),
        slogan: Set(n.slogan),
        address: Set(n.address),
        zip: Set(n.zip),
        phone: Set(n.phone),
        fax: Set(n.fax),
        email: Set(n.email),
        map_link: Set(n.map_link),
        map_embed_url: Set(n.map_embed_url),
        logo_url: Set(None),
        banner_urls: Set("[]".into()),
        google_calendar_url: Set(None),
        homepage_layout: Set("{}".into()),
        enabled: Set(true),
        content_version: Set(0),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    let site = row.insert(txn).await?;
    set_hosts(txn, site.site_id(), hosts, new_hosts).await?;
    super::groups::insert_admin_group(txn, site.site_id(), at).await?;
    let mut change = super::audit::created("site", &site);
    if let Some(after) = change
        .changes
        .get_mut("after")
        .and_then(serde_json::Value::as_object_mut)
    {
        after.insert("hostnames".into(), hosts.into());
    }
    Ok((site, change))
}

/// Changes to a site's own settings; `None` keeps a field, `Some(None)`
/// clears an optional one.
#[derive(Default)]
pub struct SiteChanges {
    pub name: Option<String>,
    pub slogan: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub zip: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub fax: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub map_link: Option<Option<String>>,
    pub map_embed_url: Option<Option<String>>,
    pub enabled: Option<bool>,
    /// The whole list of hostnames, the primary first.
    pub hostnames: Option<Vec<String>>,
}

impl SiteChanges {
    /// The slot of an optional contact field by its API name.
    pub fn optional_field(&mut self, field: &str) -> Option<&mut Option<Option<String>>> {
        Some(match field {
            "slogan" => &mut self.slogan,
            "address" => &mut self.address,
            "zip" => &mut self.zip,
            "phone" => &mut self.phone,
            "fax" => &mut self.fax,
            "email" => &mut self.email,
            "map_link" => &mut self.map_link,
            "map_embed_url" => &mut self.map_embed_url,
            _ => return None,
        })
    }
}

/// Writes a site's settings (and hostnames) and returns the stored row.
pub async fn update(
    tx: &SiteTx,
    s: &SiteRow,
    c: SiteChanges,
    at: chrono::NaiveDateTime,
) -> ApiResult<SiteRow> {
    let mut row = own_row(tx, s)?;
    let optional = [
        (&mut row.slogan, c.slogan),
        (&mut row.address, c.address),
        (&mut row.zip, c.zip),
        (&mut row.phone, c.phone),
        (&mut row.fax, c.fax),
        (&mut row.email, c.email),
        (&mut row.map_link, c.map_link),
        (&mut row.map_embed_url, c.map_embed_url),
    ];
    for (slot, value) in optional {
        if let Some(v) = value {
            *slot = Set(v);
        }
    }
    if let Some(n) = c.name {
        row.name = Set(n);
    }
    if let Some(en) = c.enabled {
        row.enabled = Set(en);
    }
    row.updated_at = Set(at);
    let updated = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("site", s, &updated));
    if let Some(h) = &c.hostnames {
        let old: Vec<String> = hosts(tx.conn(), tx.site())
            .await?
            .into_iter()
            .map(|x| x.hostname)
            .collect();
        if old != *h {
            let changes =
                serde_json::json!({"before": {"hostnames": old}, "after": {"hostnames": h}});
            tx.record(
                super::audit::other("site", Some(s.id), "update", s.name.clone(), changes)
                    .side_effect(),
            );
        }
        set_hosts(tx.conn(), tx.site(), h, NewHosts::Served).await?;
    }
    tx.public_content_changed();
    by_id(tx.conn(), s.id).await?.ok_or(ApiError::NotFound)
}

/// Sets the logo and banners.
pub async fn set_branding(
    tx: &SiteTx,
    s: &SiteRow,
    logo_url: Option<String>,
    banner_urls: &[String],
    at: chrono::NaiveDateTime,
) -> ApiResult<SiteRow> {
    let mut row = own_row(tx, s)?;
    row.logo_url = Set(logo_url);
    row.banner_urls = Set(super::to_json_list(banner_urls));
    row.updated_at = Set(at);
    let updated = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("site", s, &updated));
    tx.public_content_changed();
    Ok(updated)
}

/// Stores the homepage layout (JSON checked by `rules::homepage_layout`).
pub async fn set_homepage_layout(
    tx: &SiteTx,
    s: &SiteRow,
    layout_json: String,
    at: chrono::NaiveDateTime,
) -> ApiResult<()> {
    let mut row = own_row(tx, s)?;
    row.homepage_layout = Set(layout_json);
    row.updated_at = Set(at);
    let updated = row.update(tx.conn()).await?;
    tx.record(super::audit::updated("site", s, &updated));
    tx.public_content_changed();
    Ok(())
}

/// The row to change, only when it is the transaction's own site. Only the
/// fields set on it are written: the content version is never written from
/// a copy read earlier (that would lose a concurrent bump).
fn own_row(tx: &SiteTx, s: &SiteRow) -> ApiResult<sites::ActiveModel> {
    if s.site_id() != tx.site() {
        return Err(ApiError::NotFound);
    }
    Ok(sites::ActiveModel::from(s.clone()))
}

/// Marks every site's content as changed (platform-wide announcements).
/// One statement over every site row can meet a school's own write to its
/// row in the other order; the database then aborts one of them as a
/// deadlock, and this statement is simply run again.
pub async fn bump_all_content_versions(db: &impl ConnectionTrait) -> ApiResult<()> {
    let mut attempt = 1;
    loop {
        let res = sites::Entity::update_many()
            .col_expr(
                sites::Column::ContentVersion,
                Expr::col(sites::Column::ContentVersion).add(1),
            )
            .exec(db)
            .await;
        match res {
            Ok(_) => return Ok(()),
            Err(e) if attempt < 5 && crate::error::is_write_conflict(&e) => attempt += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Marks hostnames as served with a certificate (the operators' deploy, or
/// a platform admin); returns the rows changed, for the platform's entry.
pub async fn mark_tls_ready(
    txn: &DatabaseTransaction,
    hostnames: &[String],
) -> ApiResult<Vec<super::audit::Change>> {
    let rows = site_hosts::Entity::find()
        .filter(site_hosts::Column::Hostname.is_in(hostnames.iter().cloned()))
        .filter(site_hosts::Column::TlsReady.eq(false))
        .all(txn)
        .await?;
    let mut changes = Vec::new();
    for r in rows {
        let mut row: site_hosts::ActiveModel = r.clone().into();
        row.tls_ready = Set(true);
        let after = row.update(txn).await?;
        changes.push(super::audit::updated("site_host", &r, &after));
        // The site's public address changes: its cached pages must follow.
        sites::Entity::update_many()
            .col_expr(
                sites::Column::ContentVersion,
                Expr::col(sites::Column::ContentVersion).add(1),
            )
            .filter(sites::Column::Id.eq(r.site_id))
            .exec(txn)
            .await?;
    }
    Ok(changes)
}
