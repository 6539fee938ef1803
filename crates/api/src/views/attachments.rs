//! Attachments as the API shows them.

use crate::storage::attachments::AttachmentRow;
use yass_shared_types::content::Attachment;

/// `/api/v1/sites/{slug}/attachments/{id}/{file name}`
pub fn url(slug: &str, a: &AttachmentRow) -> String {
    let name = percent_encoding::utf8_percent_encode(&a.file_name, crate::rules::uploads::RFC5987);
    format!("/api/v1/sites/{slug}/attachments/{}/{name}", a.id)
}

pub fn to_dto(slug: &str, a: &AttachmentRow) -> Attachment {
    Attachment {
        id: a.id,
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size: u64::try_from(a.size).unwrap_or(0),
        url: url(slug, a),
    }
}
