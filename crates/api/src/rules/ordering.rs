//! Where a new item goes in a hand-ordered list (links, categories,
//! extensions, groups): after the last one. Orders are any `i32` a client
//! sent, so "last + 1" saturates instead of overflowing; items with equal
//! order fall back to their id, which is creation order.

/// The order for an item appended after `existing`.
pub fn next_order(existing: impl IntoIterator<Item = i32>) -> i32 {
    existing
        .into_iter()
        .max()
        .map_or(0, |last| last.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::next_order;

    #[test]
    fn appends_after_the_last() {
        assert_eq!(next_order([]), 0);
        assert_eq!(next_order([3, 1, 2]), 4);
        assert_eq!(next_order([-5]), -4);
    }

    #[test]
    fn never_overflows() {
        assert_eq!(next_order([i32::MAX, 0]), i32::MAX);
    }
}
