//! Schools are in Taiwan: dates are shown, and "a day" is counted, in
//! Asia/Taipei. Taiwan has kept UTC+8 without daylight saving since 1979, so
//! a fixed offset is exact and needs no time-zone database; the browser's
//! and the server's own zones are deliberately ignored.

use chrono::FixedOffset;

/// UTC+08:00 (checked when compiling: an impossible offset would not build).
pub const TAIPEI: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("+08:00 is a valid offset"),
};

#[cfg(test)]
mod tests {
    #[test]
    fn taipei_is_eight_hours_east() {
        assert_eq!(super::TAIPEI.local_minus_utc(), 8 * 3600);
    }
}
