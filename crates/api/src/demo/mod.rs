//! A demo school with realistic Traditional Chinese content, for trying yass
//! out and for the browser tests.

mod cast;
mod content;
mod site_content;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::state::State;
use crate::storage::groups::{self, NewGroup};
use crate::storage::{SiteTx, sites};
use yass_shared_types::site::CreateSite;
use yass_shared_types::users::{CreateUser, GroupKind, UserStatus};

pub use cast::SLUG;

/// The demo's writes are recorded as made by the demo.
pub(crate) fn author(state: &AppState) -> crate::storage::audit::Author {
    crate::storage::audit::Author::system("demo", state.clock.now_naive())
}

async fn add_group(
    state: &AppState,
    site_id: crate::storage::SiteId,
    name: &str,
    kind: GroupKind,
    parent: Option<i64>,
    order: i32,
) -> ApiResult<i64> {
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    let g = groups::create(
        &tx,
        NewGroup {
            name: name.into(),
            kind,
            parent_id: parent,
            order,
            at: state.clock.now_naive(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(g.id)
}

async fn add_user(
    state: &AppState,
    site_id: crate::storage::SiteId,
    account: &str,
    name: &str,
    groups: Vec<i64>,
) -> ApiResult<()> {
    crate::operations::users::create(
        state,
        Some(site_id),
        CreateUser {
            account: account.into(),
            password: format!("{account}-demo-pass"),
            display_name: Some(name.into()),
            emails: vec![format!("{account}@demo.example.tw")],
            group_ids: groups,
            status: Some(UserStatus::Active),
        },
        author(state),
    )
    .await?;
    Ok(())
}

/// Seeds the demo school unless it exists. Idempotent.
pub async fn seed(state: &State) -> ApiResult<()> {
    if sites::by_slug(&state.db, SLUG).await?.is_some() {
        return Ok(());
    }
    let (site, _) = crate::operations::sites::provision(
        state,
        CreateSite {
            slug: SLUG.into(),
            name: "臺北市立示範國民小學".into(),
            slogan: Some("快樂學習・健康成長・適性發展".into()),
            address: Some("臺北市中正區示範路100號".into()),
            zip: Some("100".into()),
            phone: Some("02-2345-6789".into()),
            fax: Some("02-2345-6790".into()),
            email: Some("office@demo.example.tw".into()),
            map_link: Some(
                "https://www.google.com/maps/search/?api=1&query=%E8%87%BA%E5%8C%97%E5%B8%82"
                    .into(),
            ),
            map_embed_url: Some("https://www.google.com/maps/embed?pb=demo".into()),
            hostnames: vec!["demo.localhost".into()],
            // The demo seeds its own groups, pages and menu.
            bare: true,
        },
        &author(state),
    )
    .await?;
    let admins =
        crate::operations::sites::admin_group(state, site.site_id(), &author(state)).await?;
    let academic = add_group(state, site.site_id(), "教務處", GroupKind::Staff, None, 1).await?;
    let registry = add_group(
        state,
        site.site_id(),
        "註冊組",
        GroupKind::Staff,
        Some(academic),
        0,
    )
    .await?;
    let student = add_group(state, site.site_id(), "學務處", GroupKind::Staff, None, 2).await?;
    let teachers = add_group(
        state,
        site.site_id(),
        "全體教師",
        GroupKind::Normal,
        None,
        3,
    )
    .await?;
    add_user(state, site.site_id(), "admin", "資訊組長", vec![admins]).await?;
    add_user(
        state,
        site.site_id(),
        "academic",
        "教務主任",
        vec![academic, teachers],
    )
    .await?;
    add_user(
        state,
        site.site_id(),
        "registry",
        "註冊組長",
        vec![registry, teachers],
    )
    .await?;
    add_user(
        state,
        site.site_id(),
        "student",
        "學務主任",
        vec![student, teachers],
    )
    .await?;
    content::seed(
        state,
        site.site_id(),
        cast::Groups {
            academic,
            registry,
            student,
            teachers,
        },
    )
    .await?;
    tracing::info!(
        "demo school seeded: accounts admin/academic/registry/student, password <account>-demo-pass"
    );
    Ok(())
}
