use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTime,
    /// None for platform actions.
    pub site_id: Option<i64>,
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
    /// The account (or the tool) as it was named then.
    pub actor_name: String,
    /// Dropped after the auth log's retention (personal data).
    pub client_addr: Option<String>,
    pub kind: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub label: String,
    /// JSON: `{"before": {...}, "after": {...}}` of the fields that changed.
    pub changes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
