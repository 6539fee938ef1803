//! The versions of news items and pages as the editor's history shows them.

use crate::rules::{revisions as rule, text, text_diff};
use crate::storage::revisions::{self as store, RevisionHead, RevisionRow};
use crate::storage::utc;
use yass_shared_types::html::SanitizedHtml;
use yass_shared_types::revisions::{Revision, RevisionDiff, RevisionSummary};

/// A version's entry in the history list.
pub fn summary(h: &RevisionHead) -> RevisionSummary {
    RevisionSummary {
        number: h.number,
        at: utc(h.at),
        actor_name: h.actor_name.clone(),
        title: h.title.clone(),
        restored_from: h.restored_from,
    }
}

/// One whole version: its entry, body and fields.
pub fn version(r: &RevisionRow) -> Revision {
    Revision {
        summary: summary(&store::head(r)),
        body: SanitizedHtml::from_stored(r.body.clone()),
        fields: store::fields(r),
    }
}

/// What changed from version `a` to version `b`: the title, the body's
/// visible text by paragraph (never raw HTML), and the other fields.
pub fn diff(a: &RevisionRow, b: &RevisionRow) -> RevisionDiff {
    RevisionDiff {
        from: store::number(a),
        to: store::number(b),
        title: text_diff::diff(
            std::slice::from_ref(&a.title),
            std::slice::from_ref(&b.title),
        ),
        body: text_diff::diff(&text::paragraphs(&a.body), &text::paragraphs(&b.body)),
        fields: rule::field_changes(&store::fields(a), &store::fields(b)),
    }
}
