//! An application as the platform admins review it.

use crate::storage::applications::{self as store, ApplicationRow};
use yass_shared_types::applications::Application;

pub fn to_dto(a: &ApplicationRow) -> Application {
    Application {
        id: a.id,
        state: store::state(a),
        school_name: a.school_name.clone(),
        school_code: a.school_code.clone(),
        level: a.level.clone(),
        district: a.district.clone(),
        contact_name: a.contact_name.clone(),
        email: a.email.clone(),
        phone: a.phone.clone(),
        slug: a.slug.clone(),
        hostname: a.hostname.clone(),
        account: a.account.clone(),
        note: a.note.clone(),
        submitted_at: a.created_at.and_utc(),
        confirmed_at: a.confirmed_at.map(|t| t.and_utc()),
        decided_at: a.decided_at.map(|t| t.and_utc()),
        decided_by: a.decided_by_name.clone(),
        reason: a.reason.clone(),
        site_id: a.site_id,
    }
}
