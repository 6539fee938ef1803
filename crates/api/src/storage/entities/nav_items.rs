use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "nav_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub accessible_name: Option<String>,
    pub target_type: String,
    pub url: Option<String>,
    pub new_tab: bool,
    pub page_id: Option<i64>,
    pub category_id: Option<i64>,
    pub module: Option<String>,
    pub sort_order: i32,
    pub visible: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
