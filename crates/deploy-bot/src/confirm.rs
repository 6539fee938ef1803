//! Two-step commands: a deploy, rollback or upgrade asked for in the channel
//! runs only when the same person answers `confirm CODE` within the window.
//! Kept in the bot's memory on purpose: a restart forgets what was pending,
//! which fails closed (the operator asks again). Pure, with the clock passed in.

use crate::commands::Command;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a code stays valid.
pub const WINDOW: Duration = Duration::from_mins(1);
/// Wrong codes before the request is dropped.
const MAX_WRONG: u8 = 3;

#[derive(Debug)]
struct Pending {
    command: Command,
    code: String,
    expires: Instant,
    wrong: u8,
}

/// Why a `confirm` did not run anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotConfirmed {
    NothingPending,
    Expired,
    WrongCode,
}

/// Pending requests, one per person (a new request replaces the last).
#[derive(Debug, Default)]
pub struct Confirmations {
    pending: HashMap<String, Pending>,
}

impl Confirmations {
    /// Records `command` for `user` under `code`, valid for [`WINDOW`].
    pub fn ask(&mut self, user: &str, command: Command, code: String, now: Instant) {
        self.pending.retain(|_, p| p.expires > now);
        self.pending.insert(
            user.to_string(),
            Pending {
                command,
                code,
                expires: now + WINDOW,
                wrong: 0,
            },
        );
    }

    /// The command `user` asked for, when `code` is theirs and still valid.
    /// Only the person who asked can confirm: codes are per user.
    pub fn confirm(
        &mut self,
        user: &str,
        code: &str,
        now: Instant,
    ) -> Result<Command, NotConfirmed> {
        let Some(p) = self.pending.get_mut(user) else {
            return Err(NotConfirmed::NothingPending);
        };
        if p.expires <= now {
            self.pending.remove(user);
            return Err(NotConfirmed::Expired);
        }
        if p.code != code {
            p.wrong += 1;
            if p.wrong >= MAX_WRONG {
                self.pending.remove(user);
            }
            return Err(NotConfirmed::WrongCode);
        }
        self.pending
            .remove(user)
            .map(|p| p.command)
            .ok_or(NotConfirmed::NothingPending)
    }
}

/// A fresh six-digit code.
pub fn new_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_person_confirms_within_the_window() {
        let mut c = Confirmations::default();
        let t0 = Instant::now();
        c.ask("amy", Command::Rollback, "123456".into(), t0);
        assert_eq!(
            c.confirm("amy", "123456", t0 + Duration::from_secs(59)),
            Ok(Command::Rollback)
        );
        // Used once.
        assert_eq!(
            c.confirm("amy", "123456", t0 + Duration::from_secs(59)),
            Err(NotConfirmed::NothingPending)
        );
    }

    #[test]
    fn another_person_cannot_confirm() {
        let mut c = Confirmations::default();
        let t0 = Instant::now();
        c.ask("amy", Command::UpgradeAllSystems, "123456".into(), t0);
        assert_eq!(
            c.confirm("bo", "123456", t0),
            Err(NotConfirmed::NothingPending)
        );
        assert_eq!(
            c.confirm("amy", "123456", t0),
            Ok(Command::UpgradeAllSystems)
        );
    }

    #[test]
    fn a_code_expires_after_sixty_seconds() {
        let mut c = Confirmations::default();
        let t0 = Instant::now();
        c.ask("amy", Command::Deploy(None), "123456".into(), t0);
        assert_eq!(
            c.confirm("amy", "123456", t0 + WINDOW),
            Err(NotConfirmed::Expired)
        );
        assert_eq!(
            c.confirm("amy", "123456", t0 + WINDOW),
            Err(NotConfirmed::NothingPending)
        );
    }

    #[test]
    fn three_wrong_codes_drop_the_request() {
        let mut c = Confirmations::default();
        let t0 = Instant::now();
        c.ask("amy", Command::Rollback, "123456".into(), t0);
        assert_eq!(c.confirm("amy", "000000", t0), Err(NotConfirmed::WrongCode));
        assert_eq!(c.confirm("amy", "000001", t0), Err(NotConfirmed::WrongCode));
        assert_eq!(c.confirm("amy", "000002", t0), Err(NotConfirmed::WrongCode));
        assert_eq!(
            c.confirm("amy", "123456", t0),
            Err(NotConfirmed::NothingPending)
        );
    }

    #[test]
    fn a_new_request_replaces_the_last() {
        let mut c = Confirmations::default();
        let t0 = Instant::now();
        c.ask("amy", Command::Rollback, "111111".into(), t0);
        c.ask("amy", Command::Deploy(None), "222222".into(), t0);
        assert_eq!(c.confirm("amy", "111111", t0), Err(NotConfirmed::WrongCode));
        assert_eq!(c.confirm("amy", "222222", t0), Ok(Command::Deploy(None)));
    }

    #[test]
    fn codes_have_six_digits() {
        for _ in 0..50 {
            let code = new_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
