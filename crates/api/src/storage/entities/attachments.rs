use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    /// `news` or `page`.
    pub owner_kind: String,
    pub owner_id: i64,
    /// The client's name, cleaned, for display only.
    pub file_name: String,
    /// Generated; the file's name under `uploads/<site_id>/`.
    pub stored_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
