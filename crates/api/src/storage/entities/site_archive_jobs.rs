use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "site_archive_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `export` or `import`.
    pub kind: String,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// The site exported, or the slug an import makes.
    pub site_slug: String,
    /// The site exported, or the one an import made.
    pub site_id: Option<i64>,
    /// The last progress line, or why it failed.
    pub message: String,
    /// The archive's size once known.
    pub bytes: i64,
    /// An export's file under `uploads/.archives/` (generated name).
    pub file_name: Option<String>,
    /// SHA-256 of an export's download secret.
    pub download_token_hash: Option<String>,
    pub user_id: Option<i64>,
    pub actor_name: String,
    pub created_at: DateTime,
    /// Moves while the job runs; a running job that stops moving died
    /// with its instance.
    pub updated_at: DateTime,
    pub finished_at: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
