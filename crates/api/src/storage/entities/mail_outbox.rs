use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the message is (`application_confirm`, `set_up`, …): for the
    /// operators' view and metrics, never for sending.
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    /// Emptied once sent: bodies carry one-time links.
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    pub created_at: DateTime,
    pub next_attempt_at: DateTime,
    pub attempts: i32,
    /// An instance sending it holds it until then.
    pub claimed_until: Option<DateTime>,
    pub claimed_by: Option<String>,
    pub sent_at: Option<DateTime>,
    pub gave_up_at: Option<DateTime>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
