//! Creating a site — by the API, the CLI, the demo or an approved
//! application, all the same way — and the hostname check creation and the
//! settings screen share.

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::rules::input::sites as input;
use crate::rules::school_defaults::{self as defaults, MenuEntry, SchoolFacts};
use crate::state::AppState;
use crate::storage::audit::{self, Author, Change};
use crate::storage::sites::NewHosts;
use crate::storage::users::{NewUser, UserRow};
use crate::storage::{SiteTx, groups, nav, news_categories, pages, sites as store, users};
use sea_orm::{DatabaseTransaction, TransactionTrait};
use yass_shared_types::content::{NavModule, NavTarget, PageVisibility};
use yass_shared_types::site::{CreateSite, Site};
use yass_shared_types::users::{GroupKind, UserStatus};

/// The first webmaster of a site made from an application: a site admin
/// with no password yet (they choose one through their set-up link).
pub struct Webmaster {
    pub account: String,
    pub display_name: String,
    pub email: String,
}

/// What provisioning made.
pub struct Provisioned {
    pub row: store::SiteRow,
    pub site: Site,
    pub webmaster: Option<UserRow>,
    /// The site's creation, then everything made with it: for the one
    /// platform entry of the request that made it.
    pub changes: Vec<Change>,
}

/// Validates and creates a site with its hostnames and its administrators'
/// group and, unless `bare`, a school's defaults, in one transaction.
/// Returns the stored row and the site as the API shows it.
pub async fn provision(
    state: &AppState,
    b: CreateSite,
    author: &Author,
) -> ApiResult<(store::SiteRow, Site)> {
    let txn = state.db.begin().await?;
    let facts = SchoolFacts {
        name: b.name.clone(),
        phone: b.phone.clone().unwrap_or_default(),
        email: b.email.clone().unwrap_or_default(),
        address: b.address.clone().unwrap_or_default(),
        ..SchoolFacts::default()
    };
    let made = provision_in(&txn, b, facts, None, NewHosts::Served, author).await?;
    audit::platform_entry(&txn, author, made.changes).await?;
    txn.commit().await?;
    Ok((made.row, made.site))
}

/// [`provision`] on the caller's transaction (an approval also records its
/// decision, the set-up link and the mail in it), with the facts the
/// starter pages show and an optional first webmaster.
pub async fn provision_in(
    txn: &DatabaseTransaction,
    b: CreateSite,
    facts: SchoolFacts,
    webmaster: Option<Webmaster>,
    new_hosts: NewHosts,
    author: &Author,
) -> ApiResult<Provisioned> {
    let v = input::new_site(&b).map_err(ApiError::Validation)?;
    if store::by_slug(txn, &v.slug).await?.is_some() {
        return Err(FieldErrors::single("slug", "This slug is taken."));
    }
    let taken = store::hosts_taken_elsewhere(txn, None, &v.hostnames).await?;
    if !taken.is_empty() {
        return Err(hosts_taken(&taken));
    }
    let new_site = store::NewSite {
        slogan: v.get("slogan"),
        address: v.get("address"),
        zip: v.get("zip"),
        phone: v.get("phone"),
        fax: v.get("fax"),
        email: v.get("email"),
        map_link: v.get("map_link"),
        map_embed_url: v.get("map_embed_url"),
        slug: v.slug,
        name: v.name,
    };
    let (row, created) = store::create(txn, new_site, &v.hostnames, new_hosts, author).await?;
    let tx = SiteTx::begin_within(txn, row.site_id(), author.clone()).await?;
    if !b.bare {
        add_defaults(&tx, &row, &facts, author).await?;
    }
    let webmaster = match webmaster {
        Some(w) => Some(add_webmaster(&tx, w, author).await?),
        None => None,
    };
    let mut changes = vec![created];
    changes.extend(tx.commit_into_outer().await?);
    let hosts = store::hosts(txn, row.site_id()).await?;
    let site = crate::views::sites::to_dto(&row, &hosts);
    Ok(Provisioned {
        row,
        site,
        webmaster,
        changes,
    })
}

/// The offices as staff groups, news categories, starter pages and the
/// menu (`rules::school_defaults`).
async fn add_defaults(
    tx: &SiteTx,
    site: &store::SiteRow,
    facts: &SchoolFacts,
    author: &Author,
) -> ApiResult<()> {
    for (order, (office, sections)) in (1..).zip(defaults::OFFICES) {
        let parent = groups::create(tx, staff_group(office, None, order, author)).await?;
        for (order, section) in (0..).zip(sections.iter()) {
            groups::create(tx, staff_group(section, Some(parent.id), order, author)).await?;
        }
    }
    for (order, name) in (0..).zip(defaults::NEWS_CATEGORIES) {
        news_categories::create(tx, name.to_string(), order).await?;
    }
    let mut page_ids = Vec::new();
    for (title, body) in defaults::starter_pages(facts) {
        let body = crate::rules::html::sanitize(&body, &site.slug);
        let page = pages::save(
            tx,
            None,
            pages::Edit {
                title,
                body: &body,
                visibility: PageVisibility::Public,
                edit_groups: Some(&[]),
                read_groups: Some(&[]),
                tags: &[],
                by: author.user_id,
                at: author.at,
                restored_from: None,
            },
        )
        .await?;
        page_ids.push((title, page.id));
    }
    let page = |title: &str| page_ids.iter().find(|(t, _)| *t == title).map(|p| p.1);
    for (position, (label, entry)) in defaults::MENU.into_iter().enumerate() {
        let target = match &entry {
            MenuEntry::Pages(..) => NavTarget::Submenu,
            MenuEntry::Page(t) => match page(t) {
                Some(page_id) => NavTarget::Page { page_id },
                None => continue,
            },
            MenuEntry::News => NavTarget::News { category_id: None },
            MenuEntry::Calendar => NavTarget::Module {
                module: NavModule::Calendar,
            },
            MenuEntry::Extensions => NavTarget::Module {
                module: NavModule::Extensions,
            },
            MenuEntry::Links => NavTarget::Module {
                module: NavModule::Links,
            },
        };
        let rows = nav::all(tx.reads(), tx.site()).await?;
        let item = nav::insert(tx, &rows, None, position, menu_item(label, target)).await?;
        if let MenuEntry::Pages(_, titles) = entry {
            for (position, title) in titles.iter().enumerate() {
                if let Some(page_id) = page(title) {
                    let rows = nav::all(tx.reads(), tx.site()).await?;
                    let fields = menu_item(title, NavTarget::Page { page_id });
                    nav::insert(tx, &rows, Some(item.id), position, fields).await?;
                }
            }
        }
    }
    Ok(())
}

fn staff_group(
    name: &str,
    parent_id: Option<i64>,
    order: i32,
    author: &Author,
) -> groups::NewGroup {
    groups::NewGroup {
        name: name.to_string(),
        kind: GroupKind::Staff,
        parent_id,
        order,
        at: author.at,
    }
}

fn menu_item(name: &str, target: NavTarget) -> nav::ItemFields {
    nav::ItemFields {
        name: name.to_string(),
        accessible_name: None,
        target,
        visible: true,
    }
}

/// The first webmaster: in the administrators' group, no password yet (an
/// empty hash never verifies), active.
async fn add_webmaster(tx: &SiteTx, w: Webmaster, author: &Author) -> ApiResult<UserRow> {
    let admins = groups::list(tx.reads(), tx.site())
        .await?
        .into_iter()
        .find(|g| groups::kind(g) == GroupKind::Admin)
        .ok_or_else(|| ApiError::internal("a new site without its administrators' group"))?;
    let user = NewUser {
        account: w.account,
        display_name: w.display_name,
        emails: vec![w.email],
        password_hash: String::new(),
        status: UserStatus::Active,
        at: author.at,
    };
    users::create(tx, user, &[admins.id]).await
}

fn hosts_taken(taken: &[String]) -> ApiError {
    FieldErrors::single(
        "hostnames",
        format!("Already used by another site: {}", taken.join(", ")),
    )
}

/// Refuses hostnames another site already has.
pub async fn ensure_hosts_free(
    state: &AppState,
    site: Option<crate::storage::SiteId>,
    hosts: &[String],
) -> ApiResult<()> {
    let taken = store::hosts_taken_elsewhere(&state.db, site, hosts).await?;
    if taken.is_empty() {
        return Ok(());
    }
    Err(hosts_taken(&taken))
}

/// The site's administrators' group; created (one audit entry) when a site
/// from before provisioning did so lacks one.
pub async fn admin_group(
    state: &AppState,
    site_id: crate::storage::SiteId,
    author: &Author,
) -> ApiResult<i64> {
    let tx = SiteTx::begin(&state.db, site_id, author.clone()).await?;
    let id = groups::ensure_admin_group(&tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every school's hostnames, for the operators' deploy.
pub async fn hostnames(state: &AppState) -> ApiResult<Vec<yass_shared_types::site::HostnameEntry>> {
    let sites = store::list(&state.db).await?;
    let hosts = store::all_hosts(&state.db).await?;
    Ok(hosts
        .iter()
        .filter_map(|h| {
            let s = sites.iter().find(|s| s.id == h.site_id)?;
            Some(yass_shared_types::site::HostnameEntry {
                hostname: h.hostname.clone(),
                site_slug: s.slug.clone(),
                site_enabled: s.enabled,
                primary: h.is_primary,
                tls_ready: h.tls_ready,
            })
        })
        .collect())
}

/// Marks hostnames as served with a certificate (one platform entry for
/// those that changed); returns how many did.
pub async fn mark_tls_ready(
    state: &AppState,
    hostnames: &[String],
    author: &Author,
) -> ApiResult<usize> {
    let mut clean = Vec::new();
    for h in hostnames {
        clean.push(
            crate::rules::validate::hostname(h).map_err(|m| FieldErrors::single("hostnames", m))?,
        );
    }
    let txn = state.db.begin().await?;
    let changes = store::mark_tls_ready(&txn, &clean).await?;
    let n = changes.len();
    audit::platform_entry(&txn, author, changes).await?;
    txn.commit().await?;
    Ok(n)
}

/// Every school at a glance for the platform admins, with each homepage's
/// p95 from Prometheus when one is configured (a Prometheus that does not
/// answer leaves the times out and says why; the rest still shows).
pub async fn overview(state: &AppState) -> ApiResult<yass_shared_types::site::PlatformOverview> {
    let sites = store::list(&state.db).await?;
    let hosts = store::all_hosts(&state.db).await?;
    let f = crate::storage::overview::figures(&state.db).await?;
    let (times, prometheus_error) = match state.settings.prometheus_url.as_deref() {
        Some(url) if !url.is_empty() => match crate::prometheus::homepage_p95_ms(url).await {
            Ok(t) => (t, None),
            Err(e) => (std::collections::HashMap::default(), Some(e)),
        },
        _ => (std::collections::HashMap::default(), None),
    };
    let out = sites
        .iter()
        .map(|s| {
            let mine: Vec<_> = hosts.iter().filter(|h| h.site_id == s.id).collect();
            yass_shared_types::site::SiteOverview {
                slug: s.slug.clone(),
                name: s.name.clone(),
                enabled: s.enabled,
                hostnames: mine.iter().map(|h| h.hostname.clone()).collect(),
                hostnames_waiting_tls: mine
                    .iter()
                    .filter(|h| !h.tls_ready)
                    .map(|h| h.hostname.clone())
                    .collect(),
                last_sign_in: f
                    .last_sign_in
                    .get(&s.id)
                    .map(chrono::NaiveDateTime::and_utc),
                last_change: f.last_change.get(&s.id).map(chrono::NaiveDateTime::and_utc),
                items: f.items.get(&s.id).copied().unwrap_or(0),
                upload_bytes: f.upload_bytes.get(&s.id).copied().unwrap_or(0),
                homepage_p95_ms: times.get(&s.slug).copied(),
            }
        })
        .collect();
    Ok(yass_shared_types::site::PlatformOverview {
        sites: out,
        prometheus: state
            .settings
            .prometheus_url
            .as_deref()
            .is_some_and(|u| !u.is_empty()),
        prometheus_error,
        mail_written_to: state.mailer.files_dir().map(|d| d.display().to_string()),
    })
}
