//! Up/down reordering of a list of ids: the new full order to send to an
//! `IdOrder` endpoint, or nothing when the item is already at that end.

/// `ids` with `id` moved one place up (`up`) or down.
pub fn step(ids: &[i64], id: i64, up: bool) -> Option<Vec<i64>> {
    let i = ids.iter().position(|x| *x == id)?;
    let j = if up {
        i.checked_sub(1)?
    } else {
        Some(i + 1).filter(|j| *j < ids.len())?
    };
    let mut out = ids.to_vec();
    out.swap(i, j);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn moves_one_place_and_stops_at_the_ends() {
        assert_eq!(step(&[1, 2, 3], 2, true), Some(vec![2, 1, 3]));
        assert_eq!(step(&[1, 2, 3], 2, false), Some(vec![1, 3, 2]));
        assert_eq!(step(&[1, 2, 3], 1, true), None);
        assert_eq!(step(&[1, 2, 3], 3, false), None);
        assert_eq!(step(&[1, 2, 3], 9, true), None);
    }
}
