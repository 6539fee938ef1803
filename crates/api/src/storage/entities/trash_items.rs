use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "trash_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    /// `news`, `page`, `link`, `extension`, `calendar_event`, `nav_item`,
    /// `attachment`.
    pub kind: String,
    /// The deleted row's id (it comes back under the same id).
    pub item_id: i64,
    pub label: String,
    pub deleted_at: DateTime,
    pub user_id: Option<i64>,
    pub actor_name: String,
    /// Who may restore besides site admins: the owning group (news, links,
    /// a news item's files) …
    pub owner_group_id: Option<i64>,
    /// … or a page's edit groups (JSON list), for a page and its files.
    pub edit_group_ids: String,
    /// JSON: the rows to put back (`storage::trash::Payload`).
    pub payload: String,
    /// JSON list of stored file names, removed when purged.
    pub files: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
