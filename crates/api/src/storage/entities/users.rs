use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// None for platform admins.
    pub site_id: Option<i64>,
    /// `site_id`, or 0 for platform admins.
    pub tenant_key: i64,
    pub account: String,
    pub display_name: String,
    /// JSON array of addresses.
    pub emails: String,
    pub password_hash: String,
    pub status: String,
    pub token_version: i32,
    pub created_at: DateTime,
    pub updated_at: DateTime,
    pub last_login_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
