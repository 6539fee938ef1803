//! The time "now" comes from here, so tests can move it.

use chrono::{DateTime, NaiveDateTime, SubsecRound, TimeDelta, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Wall clock plus an offset that tests may change.
#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    /// Now, truncated to whole seconds: every database stores seconds alike.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = TimeDelta::seconds(self.offset_seconds.load(Ordering::Relaxed));
        (Utc::now() + offset).trunc_subsecs(0)
    }

    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: TimeDelta) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}
