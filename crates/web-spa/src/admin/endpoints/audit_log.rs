//! The audit log (`/audit-log`): who changed what, of one site or, for
//! platform admins, of all of them.

use crate::admin::api::{Res, Session};
use yass_shared_types::Paged;
use yass_shared_types::audit::AuditEntry;

/// What the log screen filters by; empty fields are not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// A kind's wire name (`news`, `page`, ...), or empty for all.
    pub kind: String,
    pub user: Option<i64>,
    /// Taipei dates `YYYY-MM-DD`, both days included.
    pub from: String,
    pub until: String,
}

/// One page of the site's log, newest first.
pub async fn list(s: &Session, page: u64, f: &Filter) -> Res<Paged<AuditEntry>> {
    s.get(&format!("{}{}", s.url("/audit-log"), query(page, f)))
        .await
}

/// One page of the whole log, every site's and the platform's (platform
/// admins).
pub async fn list_platform(s: &Session, page: u64, f: &Filter) -> Res<Paged<AuditEntry>> {
    s.get(&format!("/api/v1/audit-log{}", query(page, f))).await
}

fn query(page: u64, f: &Filter) -> String {
    let mut q = format!("?page={page}");
    if !f.kind.is_empty() {
        q.push_str(&format!("&kind={}", f.kind));
    }
    if let Some(u) = f.user {
        q.push_str(&format!("&user={u}"));
    }
    if let Some(t) = taipei_midnight(&f.from, 0) {
        q.push_str(&format!("&from={t}"));
    }
    // `until` is exclusive: the day after the last day shown.
    if let Some(t) = taipei_midnight(&f.until, 1) {
        q.push_str(&format!("&until={t}"));
    }
    q
}

/// The start of a Taipei day (`days` later), as RFC 3339 with its `+`
/// escaped for a query string.
fn taipei_midnight(ymd: &str, days: i64) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(ymd, "%Y-%m-%d").ok()?;
    let d = d.checked_add_signed(chrono::TimeDelta::days(days))?;
    Some(format!("{}T00:00:00%2B08:00", d.format("%Y-%m-%d")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_filters_are_sent() {
        assert_eq!(query(2, &Filter::default()), "?page=2");
        let f = Filter {
            kind: "news".into(),
            user: Some(7),
            from: "2026-12-01".into(),
            until: "2026-12-31".into(),
        };
        assert_eq!(
            query(1, &f),
            "?page=1&kind=news&user=7&from=2026-12-01T00:00:00%2B08:00&until=2027-01-01T00:00:00%2B08:00"
        );
        let bad = Filter {
            from: "yesterday".into(),
            ..Filter::default()
        };
        assert_eq!(query(1, &bad), "?page=1", "an unreadable date is not sent");
    }
}
