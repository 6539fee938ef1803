//! City-wide announcements (platform admins): shown on every school's
//! homepage while visible.

use crate::admin::api::{Res, Session};
use yass_shared_types::content::{Announcement, AnnouncementInput};

/// Every announcement, scheduled and ended ones too, newest first.
pub async fn list_all(s: &Session) -> Res<Vec<Announcement>> {
    s.get("/api/v1/manage/announcements").await
}

pub async fn create(s: &Session, input: &AnnouncementInput) -> Res<Announcement> {
    s.post("/api/v1/announcements", input).await
}

pub async fn update(s: &Session, id: i64, input: &AnnouncementInput) -> Res<Announcement> {
    s.put(&format!("/api/v1/announcements/{id}"), input).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &format!("/api/v1/announcements/{id}"), None)
        .await
}
