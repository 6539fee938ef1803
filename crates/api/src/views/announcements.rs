//! Announcements as the API shows them.

use crate::rules::html::SanitizedHtml;
use crate::storage::announcements::AnnouncementRow;
use crate::storage::utc;
use yass_shared_types::content::Announcement;

pub fn to_dto(a: &AnnouncementRow) -> Announcement {
    Announcement {
        id: a.id,
        title: a.title.clone(),
        body: SanitizedHtml::from_stored(a.body.clone()),
        visible_from: a.visible_from.map(utc),
        visible_until: a.visible_until.map(utc),
    }
}
