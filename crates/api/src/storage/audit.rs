//! The audit log: who changed what. A school's changes are recorded by
//! storage write functions into their [`SiteTx`](super::SiteTx), whose
//! commit writes one entry in the same transaction; platform writes
//! (sites, announcements, platform admins) write theirs in their own
//! transaction. Entries are only ever inserted, and deleted by retention.

use super::SiteId;
use super::entities::audit_entries as audit;
use crate::error::ApiResult;
use crate::rules::audit as rule;
use chrono::NaiveDateTime;
use sea_orm::IdenStatic;
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::value::sea_value_to_json_value;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Iterable, ModelTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Map, Value, json};

pub type AuditRow = audit::Model;

/// Who makes a change, from where, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub user_id: Option<i64>,
    /// The API token the change came through, if any.
    pub token_id: Option<i64>,
    /// The account (or the tool) as it is named now.
    pub name: String,
    pub client_addr: Option<String>,
    pub at: NaiveDateTime,
}

impl Author {
    /// A change made by the server's own tools (the command line, the
    /// demo), not by a person through the API.
    pub fn system(tool: &str, at: NaiveDateTime) -> Self {
        Author {
            user_id: None,
            token_id: None,
            name: tool.to_string(),
            client_addr: None,
            at,
        }
    }
}

/// One change of one row (or of one list, for a reorder).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: &'static str,
    pub entity_id: Option<i64>,
    pub action: &'static str,
    pub label: String,
    /// `{"before": {...}, "after": {...}}` of what changed.
    pub changes: Value,
    /// Made on the way to another change of the same request (a default
    /// category made first, the files of a deleted page): listed under the
    /// entry's `also`, never its head.
    pub side: bool,
}

impl Change {
    /// This change, as a side effect of another.
    #[must_use]
    pub fn side_effect(mut self) -> Self {
        self.side = true;
        self
    }
}

/// A list put in a new order: the ids, in it.
pub fn reordered(kind: &'static str, label: impl Into<String>, ids: &[i64]) -> Change {
    other(
        kind,
        None,
        "reorder",
        label,
        json!({ "after": { "order": ids } }),
    )
}

/// The columns of a row as JSON, by column name.
pub fn fields<M: ModelTrait>(m: &M) -> Map<String, Value> {
    <<M as ModelTrait>::Entity as EntityTrait>::Column::iter()
        .map(|c| (c.as_str().to_string(), sea_value_to_json_value(&m.get(c))))
        .collect()
}

fn id_of(f: &Map<String, Value>) -> Option<i64> {
    f.get("id").and_then(Value::as_i64)
}

/// A row was made.
pub fn created<M: ModelTrait>(kind: &'static str, row: &M) -> Change {
    let f = fields(row);
    Change {
        kind,
        entity_id: id_of(&f),
        action: "create",
        label: rule::label(&f),
        changes: rule::created(f),
        side: false,
    }
}

/// A row was changed.
pub fn updated<M: ModelTrait>(kind: &'static str, before: &M, after: &M) -> Change {
    let a = fields(after);
    Change {
        kind,
        entity_id: id_of(&a),
        action: "update",
        label: rule::label(&a),
        changes: rule::updated(fields(before), a),
        side: false,
    }
}

/// A row was removed.
pub fn deleted<M: ModelTrait>(kind: &'static str, row: &M) -> Change {
    let f = fields(row);
    Change {
        kind,
        entity_id: id_of(&f),
        action: "delete",
        label: rule::label(&f),
        changes: rule::deleted(f),
        side: false,
    }
}

/// Any other change (a reorder, a move, a password change), described by
/// the caller; `changes` must hold no secret.
pub fn other(
    kind: &'static str,
    entity_id: Option<i64>,
    action: &'static str,
    label: impl Into<String>,
    changes: Value,
) -> Change {
    Change {
        kind,
        entity_id,
        action,
        label: label.into(),
        changes,
        side: false,
    }
}

/// Writes the one entry of a transaction's changes: the first that is not
/// a side effect names the entry, the others (sub-items of a move, the
/// files of a deleted page) go under `also`.
pub(in crate::storage) async fn insert(
    db: &impl ConnectionTrait,
    site: Option<SiteId>,
    author: &Author,
    mut changes: Vec<Change>,
) -> ApiResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let head_at = changes.iter().position(|c| !c.side).unwrap_or(0);
    let head = changes.remove(head_at);
    let mut recorded = head.changes;
    if !changes.is_empty()
        && let Value::Object(m) = &mut recorded
    {
        let also: Vec<Value> = changes
            .into_iter()
            .map(|c| {
                json!({"kind": c.kind, "id": c.entity_id, "action": c.action,
                       "label": c.label, "changes": c.changes})
            })
            .collect();
        m.insert("also".into(), Value::Array(also));
    }
    audit::ActiveModel {
        at: Set(author.at),
        site_id: Set(site.map(SiteId::get)),
        user_id: Set(author.user_id),
        token_id: Set(author.token_id),
        actor_name: Set(author.name.chars().take(200).collect()),
        client_addr: Set(author.client_addr.clone()),
        kind: Set(head.kind.to_string()),
        entity_id: Set(head.entity_id),
        action: Set(head.action.to_string()),
        label: Set(head.label.chars().take(300).collect()),
        changes: Set(recorded.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Writes the one entry of a platform action (no site): a site made with
/// its defaults, a decision on an application.
pub async fn platform_entry(
    txn: &sea_orm::DatabaseTransaction,
    author: &Author,
    changes: Vec<Change>,
) -> ApiResult<()> {
    insert(txn, None, author, changes).await
}

/// Whose entries: one site's, the platform's own, or all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AuditScope {
    /// Every site's and the platform's (platform admins only).
    #[default]
    Everything,
    /// Platform actions only (sites, announcements, platform admins).
    Platform,
    Site(SiteId),
}

/// Which entries a reader asks for.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub scope: AuditScope,
    pub user_id: Option<i64>,
    pub kind: Option<String>,
    pub entity_id: Option<i64>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// Entries newest first, and how many match.
pub async fn list(
    db: &impl ConnectionTrait,
    f: &AuditFilter,
    page: u64,
    per_page: u64,
) -> ApiResult<(Vec<AuditRow>, u64)> {
    let mut q = audit::Entity::find();
    match f.scope {
        AuditScope::Site(s) => q = q.filter(audit::Column::SiteId.eq(s)),
        AuditScope::Platform => q = q.filter(audit::Column::SiteId.is_null()),
        AuditScope::Everything => {}
    }
    if let Some(u) = f.user_id {
        q = q.filter(audit::Column::UserId.eq(u));
    }
    if let Some(k) = &f.kind {
        q = q.filter(audit::Column::Kind.eq(k.as_str()));
    }
    if let Some(id) = f.entity_id {
        q = q.filter(audit::Column::EntityId.eq(id));
    }
    if let Some(t) = f.from {
        q = q.filter(audit::Column::At.gte(t));
    }
    if let Some(t) = f.until {
        q = q.filter(audit::Column::At.lt(t));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(audit::Column::At)
        .order_by_desc(audit::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Deletes entries older than `before`; returns how many.
pub async fn purge(db: &impl ConnectionTrait, before: NaiveDateTime) -> ApiResult<u64> {
    let res = audit::Entity::delete_many()
        .filter(audit::Column::At.lt(before))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Forgets the client addresses of entries older than `before` (personal
/// data, kept only as long as the auth log).
pub async fn forget_addresses(db: &impl ConnectionTrait, before: NaiveDateTime) -> ApiResult<u64> {
    let res = audit::Entity::update_many()
        .col_expr(
            audit::Column::ClientAddr,
            Expr::value(Option::<String>::None),
        )
        .filter(audit::Column::At.lt(before))
        .filter(audit::Column::ClientAddr.is_not_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
