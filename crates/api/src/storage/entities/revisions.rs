use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    /// `news` or `page`.
    pub item_kind: String,
    pub item_id: i64,
    pub number: i32,
    pub at: DateTime,
    pub user_id: Option<i64>,
    pub actor_name: String,
    pub title: String,
    /// Sanitized HTML, as saved.
    pub body: String,
    /// JSON: `yass_shared_types::revisions::RevisionFields`.
    pub fields: String,
    pub restored_from: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
