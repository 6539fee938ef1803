use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `confirm_email`, `set_up`, `reset_password`.
    pub purpose: String,
    /// SHA-256 (hex) of the secret in the link; the secret is never stored.
    pub token_hash: String,
    pub user_id: Option<i64>,
    pub application_id: Option<i64>,
    pub created_at: DateTime,
    pub expires_at: DateTime,
    pub used_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
