//! The site's sign-in log (`/auth-log`).

use crate::admin::api::{Res, Session};
use yass_shared_types::Paged;
use yass_shared_types::auth::AuthEvent;

/// One page of the log; `kind` is an event kind's wire name, or empty for all.
pub async fn list(s: &Session, page: u64, kind: &str) -> Res<Paged<AuthEvent>> {
    s.get(&format!("{}{}", s.url("/auth-log"), query(page, kind)))
        .await
}

fn query(page: u64, kind: &str) -> String {
    if kind.is_empty() {
        format!("?page={page}")
    } else {
        format!("?page={page}&kind={kind}")
    }
}

#[cfg(test)]
mod tests {
    use super::query;

    #[test]
    fn kind_is_sent_only_when_chosen() {
        assert_eq!(query(2, ""), "?page=2");
        assert_eq!(query(1, "login"), "?page=1&kind=login");
    }
}
