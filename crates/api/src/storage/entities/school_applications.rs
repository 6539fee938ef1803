use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "school_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `submitted`, `confirmed`, `approved`, `rejected`.
    pub state: String,
    pub school_name: String,
    pub school_code: String,
    pub level: String,
    pub district: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub slug: String,
    pub hostname: Option<String>,
    pub account: String,
    pub note: String,
    pub client_addr: Option<String>,
    /// SHA-256 (hex) of the key in the applicant's status link.
    pub status_key_hash: String,
    /// The school code / slug while pending, NULL once decided (unique).
    pub pending_code: Option<String>,
    pub pending_slug: Option<String>,
    pub created_at: DateTime,
    pub confirmed_at: Option<DateTime>,
    pub decided_at: Option<DateTime>,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub reason: Option<String>,
    /// The site an approval made.
    pub site_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
