//! Pages as the API shows them.

use crate::rules::html::SanitizedHtml;
use crate::storage::attachments::AttachmentRow;
use crate::storage::pages::{PageRow, visibility};
use crate::storage::utc;
use yass_shared_types::content::{Page, PageSummary};

/// What a page shows besides its own columns, loaded by the handler.
pub struct PageParts<'a> {
    pub site_slug: &'a str,
    pub edit_group_ids: Vec<i64>,
    pub read_group_ids: Vec<i64>,
    pub tags: Vec<String>,
    pub files: &'a [AttachmentRow],
}

/// The whole page; group ids sorted.
pub fn to_dto(p: &PageRow, parts: PageParts<'_>) -> Page {
    let (edit, read) = sorted(parts.edit_group_ids, parts.read_group_ids);
    Page {
        id: p.id,
        title: p.title.clone(),
        body: SanitizedHtml::from_stored(p.body.clone()),
        tags: parts.tags,
        attachments: parts
            .files
            .iter()
            .map(|a| super::attachments::to_dto(parts.site_slug, a))
            .collect(),
        edit_group_ids: edit,
        visibility: visibility(p),
        read_group_ids: read,
        updated_at: utc(p.updated_at),
    }
}

/// A page in the editors' list; group ids sorted.
pub fn summary(p: &PageRow, edit_group_ids: Vec<i64>, read_group_ids: Vec<i64>) -> PageSummary {
    let (edit, read) = sorted(edit_group_ids, read_group_ids);
    PageSummary {
        id: p.id,
        title: p.title.clone(),
        edit_group_ids: edit,
        visibility: visibility(p),
        read_group_ids: read,
        updated_at: utc(p.updated_at),
    }
}

fn sorted(mut edit: Vec<i64>, mut read: Vec<i64>) -> (Vec<i64>, Vec<i64>) {
    edit.sort_unstable();
    read.sort_unstable();
    (edit, read)
}
