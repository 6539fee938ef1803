//! When a news item is visible and when it is pinned, computed from `now`.
//!
//! Nothing is scheduled: a post appears or disappears because a request
//! compares `now` with its window. Windows include their start and exclude
//! their end; an empty end is open.

use chrono::{DateTime, Utc};
use yass_shared_types::content::{NewsState, PinState};

/// The time-related fields of one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    pub draft: bool,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
    pub pinned: bool,
    pub pinned_from: Option<DateTime<Utc>>,
    pub pinned_until: Option<DateTime<Utc>>,
}

fn in_window(
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    from.is_none_or(|f| f <= now) && until.is_none_or(|u| now < u)
}

impl Schedule {
    /// Visitors see it.
    pub fn visible(&self, now: DateTime<Utc>) -> bool {
        !self.draft && in_window(self.visible_from, self.visible_until, now)
    }

    /// It heads page 1 of the list right now.
    pub fn pinned_now(&self, now: DateTime<Utc>) -> bool {
        self.pinned && self.visible(now) && in_window(self.pinned_from, self.pinned_until, now)
    }

    /// What an editor should know about its visibility.
    pub fn state(&self, now: DateTime<Utc>) -> NewsState {
        if self.draft {
            NewsState::Draft
        } else if self.visible_from.is_some_and(|f| now < f) {
            NewsState::Scheduled
        } else if self.visible_until.is_some_and(|u| u <= now) {
            NewsState::Expired
        } else {
            NewsState::Visible
        }
    }

    /// What an editor should know about its pin.
    pub fn pin_state(&self, now: DateTime<Utc>) -> PinState {
        if !self.pinned {
            PinState::Unpinned
        } else if self.pinned_until.is_some_and(|u| u <= now)
            || self.visible_until.is_some_and(|u| u <= now)
        {
            PinState::Expired
        } else if self.pinned_now(now) {
            PinState::Pinned
        } else {
            // Pinned, but its pin window or its visibility has not begun yet
            // (or it is a draft that will pin once published).
            PinState::Scheduled
        }
    }

    /// The earliest moment after `now` at which visibility or pinning may
    /// change: caches of anything showing this item must expire by then.
    pub fn next_transition(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.draft {
            // A draft changes only when someone edits it (which bumps caches).
            return None;
        }
        let mut times = vec![self.visible_from, self.visible_until];
        if self.pinned {
            times.extend([self.pinned_from, self.pinned_until]);
        }
        times.into_iter().flatten().filter(|t| *t > now).min()
    }
}

/// Whether an optional window is well formed: an end must come after its start.
pub fn window_ok(from: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> bool {
    match (from, until) {
        (Some(f), Some(u)) => f < u,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap()
    }

    fn window(from: Option<u32>, until: Option<u32>) -> Schedule {
        Schedule {
            visible_from: from.map(t),
            visible_until: until.map(t),
            ..Default::default()
        }
    }

    #[test]
    fn empty_window_is_always_visible() {
        assert!(window(None, None).visible(t(0)));
        assert_eq!(window(None, None).state(t(0)), NewsState::Visible);
        assert_eq!(window(None, None).next_transition(t(0)), None);
    }

    #[test]
    fn start_is_inclusive_and_end_exclusive() {
        let s = window(Some(10), Some(12));
        assert!(!s.visible(t(9)));
        assert!(s.visible(t(10)));
        assert!(s.visible(t(11)));
        assert!(!s.visible(t(12)));
        assert_eq!(s.state(t(9)), NewsState::Scheduled);
        assert_eq!(s.state(t(10)), NewsState::Visible);
        assert_eq!(s.state(t(12)), NewsState::Expired);
        assert_eq!(s.next_transition(t(9)), Some(t(10)));
        assert_eq!(s.next_transition(t(10)), Some(t(12)));
        assert_eq!(s.next_transition(t(12)), None);
    }

    #[test]
    fn open_ends() {
        let only_from = window(Some(10), None);
        assert!(!only_from.visible(t(9)) && only_from.visible(t(23)));
        let only_until = window(None, Some(10));
        assert!(only_until.visible(t(0)) && !only_until.visible(t(10)));
    }

    #[test]
    fn drafts_are_never_visible_nor_pinned() {
        let s = Schedule {
            draft: true,
            pinned: true,
            ..Default::default()
        };
        assert!(!s.visible(t(10)));
        assert!(!s.pinned_now(t(10)));
        assert_eq!(s.state(t(10)), NewsState::Draft);
        assert_eq!(s.pin_state(t(10)), PinState::Scheduled);
        assert_eq!(s.next_transition(t(10)), None);
    }

    #[test]
    fn pinned_follows_its_own_window() {
        let s = Schedule {
            pinned: true,
            pinned_from: Some(t(10)),
            pinned_until: Some(t(12)),
            ..Default::default()
        };
        assert!(!s.pinned_now(t(9)));
        assert_eq!(s.pin_state(t(9)), PinState::Scheduled);
        assert!(s.pinned_now(t(10)));
        assert_eq!(s.pin_state(t(10)), PinState::Pinned);
        assert!(!s.pinned_now(t(12)));
        assert_eq!(s.pin_state(t(12)), PinState::Expired);
        assert!(s.visible(t(13)));
        assert_eq!(s.next_transition(t(9)), Some(t(10)));
        assert_eq!(s.next_transition(t(11)), Some(t(12)));
    }

    #[test]
    fn unflagged_items_never_pin() {
        let s = Schedule {
            pinned: false,
            pinned_from: Some(t(10)),
            ..Default::default()
        };
        assert!(!s.pinned_now(t(11)));
        assert_eq!(s.pin_state(t(11)), PinState::Unpinned);
        // Pin times of an unpinned item are no transitions.
        assert_eq!(s.next_transition(t(9)), None);
    }

    #[test]
    fn closed_window_ends_the_pin() {
        let s = Schedule {
            pinned: true,
            visible_until: Some(t(11)),
            pinned_until: Some(t(15)),
            ..Default::default()
        };
        assert!(s.pinned_now(t(10)));
        assert!(!s.pinned_now(t(11)));
        assert_eq!(s.pin_state(t(11)), PinState::Expired);
        assert_eq!(s.next_transition(t(10)), Some(t(11)));
    }

    #[test]
    fn pinned_before_visible_waits_for_visibility() {
        let s = Schedule {
            pinned: true,
            visible_from: Some(t(12)),
            ..Default::default()
        };
        assert!(!s.pinned_now(t(11)));
        assert_eq!(s.pin_state(t(11)), PinState::Scheduled);
        assert!(s.pinned_now(t(12)));
    }

    #[test]
    fn windows_need_an_end_after_the_start() {
        assert!(window_ok(None, None));
        assert!(window_ok(Some(t(1)), None));
        assert!(window_ok(Some(t(1)), Some(t(2))));
        assert!(!window_ok(Some(t(2)), Some(t(2))));
        assert!(!window_ok(Some(t(3)), Some(t(2))));
    }
}
