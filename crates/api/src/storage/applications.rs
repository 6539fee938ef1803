//! Schools' applications and the operators' list of school codes. Pending
//! applications hold their code and slug in unique columns, so a second
//! pending one for the same school or slug is refused by the database even
//! when two arrive at once; a decision clears them.

use super::audit::{self, Author};
use super::entities::{school_applications as apps, school_codes as codes};
use crate::error::ApiResult;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use yass_shared_types::applications::ApplicationState;

pub type ApplicationRow = apps::Model;

/// A checked application to store (`rules::input::applications`).
pub struct NewApplication {
    pub school_name: String,
    pub school_code: String,
    pub level: String,
    pub district: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub slug: String,
    pub hostname: Option<String>,
    pub account: String,
    pub note: String,
    pub client_addr: Option<String>,
    pub status_key_hash: String,
    pub at: NaiveDateTime,
}

/// The applicant as the author of their own steps: no account yet, named
/// by the contact on the form, from the address the form came from.
pub fn applicant(a: &ApplicationRow, client_addr: &str, at: NaiveDateTime) -> Author {
    Author {
        user_id: None,
        token_id: None,
        name: format!("{} <{}>", a.contact_name, a.email),
        client_addr: Some(client_addr.to_string()),
        at,
    }
}

/// Stores an application, with its platform audit entry (the applicant's
/// own step: platform admins see who applied, when and from where).
pub async fn insert(txn: &DatabaseTransaction, a: NewApplication) -> ApiResult<ApplicationRow> {
    let addr = a.client_addr.clone().unwrap_or_default();
    let row = apps::ActiveModel {
        state: Set(ApplicationState::Submitted.as_str().into()),
        pending_code: Set(Some(a.school_code.clone())),
        pending_slug: Set(Some(a.slug.clone())),
        school_name: Set(a.school_name),
        school_code: Set(a.school_code),
        level: Set(a.level),
        district: Set(a.district),
        contact_name: Set(a.contact_name),
        email: Set(a.email),
        phone: Set(a.phone),
        slug: Set(a.slug),
        hostname: Set(a.hostname),
        account: Set(a.account),
        note: Set(a.note),
        client_addr: Set(a.client_addr),
        status_key_hash: Set(a.status_key_hash),
        created_at: Set(a.at),
        confirmed_at: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        decided_by_name: Set(None),
        reason: Set(None),
        site_id: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut change = audit::created("application", &row);
    change.action = "submit";
    change.label = row.school_name.clone();
    let author = applicant(&row, &addr, row.created_at);
    audit::platform_entry(txn, &author, vec![change]).await?;
    Ok(row)
}

pub fn state(a: &ApplicationRow) -> ApplicationState {
    ApplicationState::parse(&a.state).unwrap_or(ApplicationState::Rejected)
}

/// Applications made since `since` from this client address, and to this
/// e-mail address.
pub async fn recent(
    db: &impl ConnectionTrait,
    client_addr: Option<&str>,
    email: &str,
    since: NaiveDateTime,
) -> ApiResult<(u64, u64)> {
    let from_addr = match client_addr {
        Some(addr) => {
            apps::Entity::find()
                .filter(apps::Column::ClientAddr.eq(addr))
                .filter(apps::Column::CreatedAt.gte(since))
                .count(db)
                .await?
        }
        None => 0,
    };
    let to_email = apps::Entity::find()
        .filter(apps::Column::Email.eq(email))
        .filter(apps::Column::CreatedAt.gte(since))
        .count(db)
        .await?;
    Ok((from_addr, to_email))
}

/// Whether a pending application already names this school code, and this
/// slug.
pub async fn pending(db: &impl ConnectionTrait, code: &str, slug: &str) -> ApiResult<(bool, bool)> {
    let code_taken = apps::Entity::find()
        .filter(apps::Column::PendingCode.eq(code))
        .count(db)
        .await?
        > 0;
    let slug_taken = apps::Entity::find()
        .filter(apps::Column::PendingSlug.eq(slug))
        .count(db)
        .await?
        > 0;
    Ok((code_taken, slug_taken))
}

/// Lets go of the school codes and slugs held by applications nobody
/// confirmed before `cutoff` (their link expired): otherwise anyone could
/// hold a school's code or slug by applying with an address they never
/// confirm. `only` limits it to one code and slug (at the next
/// application); `None` releases every expired one (housekeeping).
pub async fn release_unconfirmed(
    db: &impl ConnectionTrait,
    cutoff: NaiveDateTime,
    only: Option<(&str, &str)>,
) -> ApiResult<u64> {
    use sea_orm::Condition;
    let mut q = apps::Entity::update_many()
        .col_expr(
            apps::Column::PendingCode,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            apps::Column::PendingSlug,
            Expr::value(Option::<String>::None),
        )
        .filter(apps::Column::State.eq(ApplicationState::Submitted.as_str()))
        .filter(apps::Column::CreatedAt.lt(cutoff))
        .filter(
            Condition::any()
                .add(apps::Column::PendingCode.is_not_null())
                .add(apps::Column::PendingSlug.is_not_null()),
        );
    if let Some((code, slug)) = only {
        q = q.filter(
            Condition::any()
                .add(apps::Column::PendingCode.eq(code))
                .add(apps::Column::PendingSlug.eq(slug)),
        );
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Whether an approved application made a site for this school code.
pub async fn school_has_site(db: &impl ConnectionTrait, code: &str) -> ApiResult<bool> {
    Ok(apps::Entity::find()
        .filter(apps::Column::SchoolCode.eq(code))
        .filter(apps::Column::State.eq(ApplicationState::Approved.as_str()))
        .count(db)
        .await?
        > 0)
}

pub async fn get(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<ApplicationRow>> {
    Ok(apps::Entity::find_by_id(id).one(db).await?)
}

pub async fn by_status_key(
    db: &impl ConnectionTrait,
    key_hash: &str,
) -> ApiResult<Option<ApplicationRow>> {
    Ok(apps::Entity::find()
        .filter(apps::Column::StatusKeyHash.eq(key_hash))
        .one(db)
        .await?)
}

/// The review queue: confirmed or decided applications (never unconfirmed
/// ones), of one state or all, newest first; and how many there are.
pub async fn list(
    db: &impl ConnectionTrait,
    state: Option<ApplicationState>,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<ApplicationRow>, u64)> {
    let mut q =
        apps::Entity::find().filter(apps::Column::State.ne(ApplicationState::Submitted.as_str()));
    if let Some(s) = state {
        q = q.filter(apps::Column::State.eq(s.as_str()));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(apps::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Marks a submitted application confirmed; false when it was not waiting.
/// Marks an application's address confirmed, with the applicant's platform
/// audit entry; `None` when it was not waiting for that.
pub async fn confirm(
    txn: &DatabaseTransaction,
    id: i64,
    at: NaiveDateTime,
    client_addr: &str,
) -> ApiResult<Option<ApplicationRow>> {
    let Some(before) = get(txn, id).await? else {
        return Ok(None);
    };
    let res = apps::Entity::update_many()
        .col_expr(
            apps::Column::State,
            Expr::value(ApplicationState::Confirmed.as_str()),
        )
        .col_expr(apps::Column::ConfirmedAt, Expr::value(at))
        .filter(apps::Column::Id.eq(id))
        .filter(apps::Column::State.eq(ApplicationState::Submitted.as_str()))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    let Some(after) = get(txn, id).await? else {
        return Ok(None);
    };
    let mut change = audit::updated("application", &before, &after);
    change.action = "confirm";
    change.label = after.school_name.clone();
    audit::platform_entry(txn, &applicant(&after, client_addr, at), vec![change]).await?;
    Ok(Some(after))
}

/// A decision on a confirmed application.
pub enum Decision {
    Approved { site_id: i64 },
    Rejected { reason: String },
}

/// Records a decision on a confirmed application, in the caller's
/// transaction, with its audit entry (a platform action; `also` are the
/// changes made with it: the site of an approval). `None` when the
/// application was not (or no longer) waiting for one: two admins deciding
/// at once cannot both win.
pub async fn decide(
    txn: &DatabaseTransaction,
    id: i64,
    decision: Decision,
    author: &Author,
    also: Vec<audit::Change>,
) -> ApiResult<Option<ApplicationRow>> {
    let Some(before) = get(txn, id).await? else {
        return Ok(None);
    };
    let (state, site_id, reason) = match decision {
        Decision::Approved { site_id } => (ApplicationState::Approved, Some(site_id), None),
        Decision::Rejected { reason } => (ApplicationState::Rejected, None, Some(reason)),
    };
    let res = apps::Entity::update_many()
        .col_expr(apps::Column::State, Expr::value(state.as_str()))
        .col_expr(apps::Column::DecidedAt, Expr::value(author.at))
        .col_expr(apps::Column::DecidedBy, Expr::value(author.user_id))
        .col_expr(
            apps::Column::DecidedByName,
            Expr::value(author.name.clone()),
        )
        .col_expr(apps::Column::Reason, Expr::value(reason))
        .col_expr(apps::Column::SiteId, Expr::value(site_id))
        .col_expr(
            apps::Column::PendingCode,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            apps::Column::PendingSlug,
            Expr::value(Option::<String>::None),
        )
        .filter(apps::Column::Id.eq(id))
        .filter(apps::Column::State.eq(ApplicationState::Confirmed.as_str()))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    let Some(after) = get(txn, id).await? else {
        return Ok(None);
    };
    let mut change = audit::updated("application", &before, &after);
    change.action = match state {
        ApplicationState::Approved => "approve",
        _ => "reject",
    };
    change.label = after.school_name.clone();
    let mut changes = vec![change];
    changes.extend(also.into_iter().map(audit::Change::side_effect));
    audit::platform_entry(txn, author, changes).await?;
    Ok(Some(after))
}

/// Whether the operators loaded any school codes (then an application's
/// code must be one of them).
pub async fn codes_loaded(db: &impl ConnectionTrait) -> ApiResult<bool> {
    Ok(codes::Entity::find().count(db).await? > 0)
}

pub async fn code_known(db: &impl ConnectionTrait, code: &str) -> ApiResult<bool> {
    Ok(codes::Entity::find_by_id(code.to_string())
        .one(db)
        .await?
        .is_some())
}

/// Replaces the list of known school codes, in one transaction.
/// Replaces the known school codes (a platform action: one audit entry,
/// with how many codes there were and are).
pub async fn replace_codes(
    txn: &DatabaseTransaction,
    list: &[(String, String)],
    author: &Author,
) -> ApiResult<()> {
    let before = codes::Entity::find().count(txn).await?;
    audit::platform_entry(
        txn,
        author,
        vec![audit::other(
            "school_codes",
            None,
            "replace",
            format!("{} school codes", list.len()),
            serde_json::json!({"before": {"count": before}, "after": {"count": list.len()}}),
        )],
    )
    .await?;
    codes::Entity::delete_many().exec(txn).await?;
    for chunk in list.chunks(500) {
        let rows = chunk.iter().map(|(code, name)| codes::ActiveModel {
            code: Set(code.clone()),
            name: Set(name.clone()),
        });
        codes::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}
