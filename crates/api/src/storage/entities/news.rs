use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "news")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    pub title: String,
    /// Sanitized HTML.
    pub body: String,
    pub category_id: Option<i64>,
    pub group_id: i64,
    pub display_at: DateTime,
    pub visible_from: Option<DateTime>,
    pub visible_until: Option<DateTime>,
    pub pinned: bool,
    pub pinned_from: Option<DateTime>,
    pub pinned_until: Option<DateTime>,
    pub draft: bool,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
