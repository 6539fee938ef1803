//! Smaller site-admin screens, one file each: phone extensions (with the
//! exact tap-to-call link), calendar settings, API tokens, the sign-in
//! log, the change log and the trash.

mod audit_log;
mod auth_log;
mod calendar;
mod extensions;
mod tokens;
mod trash;

pub use audit_log::AuditLog;
pub use auth_log::AuthLog;
pub use calendar::Calendar;
pub use extensions::Extensions;
pub use tokens::Tokens;
pub use trash::Trash;

use crate::admin::api::Fail;
use leptos::prelude::*;

/// The API's message for one field of the last failed save.
fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}
