use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "legacy_redirects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    /// The old address as `rules::legacy_urls::key` makes it.
    pub old_path: String,
    /// `news`, `page`, `news_category`, `news_list`, `attachment`,
    /// `extensions`, `links`.
    pub target_kind: String,
    pub target_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
