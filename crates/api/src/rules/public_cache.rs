//! Which public answers the shared in-process cache may keep. Its keys come
//! from the request, so a key anyone can vary without limit (a page number,
//! a date, a tag that does not exist) would let a stranger fill the cache
//! and push every school's homepage out of it. Only the shapes visitors
//! actually open are kept; everything else is answered, not kept.

use chrono::NaiveDate;

/// News list pages at the usual sizes (the SPA asks for 20; 10 and 50 are
/// common in integrations) that exist: as many keys as the school has
/// pages of news, never one for a page past the end.
pub fn list_page_is_kept(page: u64, per_page: u64, pages: u64) -> bool {
    page <= pages && matches!(per_page, 10 | 20 | 50)
}

/// Event ranges the visitor site asks for: from today (a day either side
/// for the visitor's own clock) over the default length or the calendar
/// page's window.
pub fn event_range_is_kept(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> bool {
    let starts_today = (from - today).num_days().abs() <= 1;
    let days = (to - from).num_days();
    starts_today
        && [
            crate::rules::input::calendar::DEFAULT_RANGE_DAYS,
            yass_shared_types::content::VISITOR_CALENDAR_DAYS,
        ]
        .contains(&days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn only_pages_that_exist_at_the_usual_sizes_are_kept() {
        assert!(list_page_is_kept(1, 20, 1));
        assert!(list_page_is_kept(90, 20, 100), "a deep page");
        assert!(!list_page_is_kept(101, 20, 100), "past the end");
        assert!(!list_page_is_kept(1, 17, 100), "an unusual size");
    }

    #[test]
    fn only_the_visitor_sites_event_ranges_are_kept() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let days = |n| Duration::days(n);
        assert!(event_range_is_kept(today, today + days(31), today));
        assert!(event_range_is_kept(today, today + days(120), today));
        assert!(event_range_is_kept(
            today - days(1),
            today + days(119),
            today
        ));
        assert!(!event_range_is_kept(today, today + days(30), today));
        assert!(!event_range_is_kept(
            today + days(5),
            today + days(36),
            today
        ));
        assert!(!event_range_is_kept(
            today - days(400),
            today - days(369),
            today
        ));
    }
}
