use sea_orm::entity::prelude::*;

#[derive(
    Clone, Debug, Default, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize,
)]
#[sea_orm(table_name = "sites")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub slogan: Option<String>,
    pub address: Option<String>,
    pub zip: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub map_link: Option<String>,
    pub map_embed_url: Option<String>,
    pub logo_url: Option<String>,
    /// JSON array of URLs.
    pub banner_urls: String,
    pub google_calendar_url: Option<String>,
    /// JSON homepage layout.
    pub homepage_layout: String,
    pub enabled: bool,
    pub content_version: i64,
    pub created_at: DateTime,
    pub updated_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
