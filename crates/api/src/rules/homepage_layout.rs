//! The homepage's blocks: which of a fixed set, in what order, how many items.

use std::collections::HashSet;
use yass_shared_types::content::{HomepageBlock, HomepageBlockKind, HomepageLayout};

pub const ALL: [HomepageBlockKind; 5] = [
    HomepageBlockKind::Announcements,
    HomepageBlockKind::News,
    HomepageBlockKind::Links,
    HomepageBlockKind::Extensions,
    HomepageBlockKind::Calendar,
];

fn default_count(kind: HomepageBlockKind) -> u32 {
    match kind {
        HomepageBlockKind::Announcements => 3,
        HomepageBlockKind::News | HomepageBlockKind::Extensions => 10,
        HomepageBlockKind::Links => 12,
        HomepageBlockKind::Calendar => 5,
    }
}

pub fn default_layout() -> HomepageLayout {
    HomepageLayout {
        blocks: ALL
            .iter()
            .map(|&kind| HomepageBlock {
                kind,
                enabled: true,
                count: default_count(kind),
            })
            .collect(),
    }
}

/// How many items the homepage shows of `kind`: 0 when its block is
/// disabled or missing.
pub fn shown_count(layout: &HomepageLayout, kind: HomepageBlockKind) -> u32 {
    layout
        .blocks
        .iter()
        .find(|b| b.kind == kind && b.enabled)
        .map_or(0, |b| b.count)
}

/// Does the homepage show the block of `kind` at all?
pub fn shows(layout: &HomepageLayout, kind: HomepageBlockKind) -> bool {
    shown_count(layout, kind) > 0
}

/// A layout of `wanted` blocks in that order (counts clamped to 1–50, or
/// the default), after the city's announcements (a typhoon day's notice
/// must show on every homepage); the rest follow, disabled. For schools
/// that bring their homepage order from another system.
pub fn in_order(wanted: &[(HomepageBlockKind, Option<u32>)]) -> HomepageLayout {
    let mut blocks = vec![HomepageBlock {
        kind: HomepageBlockKind::Announcements,
        enabled: true,
        count: default_count(HomepageBlockKind::Announcements),
    }];
    for (kind, count) in wanted {
        if blocks.iter().any(|b| b.kind == *kind) {
            continue;
        }
        blocks.push(HomepageBlock {
            kind: *kind,
            enabled: true,
            count: count.map_or(default_count(*kind), |c| c.clamp(1, 50)),
        });
    }
    complete(HomepageLayout { blocks })
}

/// Blocks that a layout leaves out are appended, disabled, so the admin
/// screen always lists every block.
fn complete(mut layout: HomepageLayout) -> HomepageLayout {
    for kind in ALL {
        if !layout.blocks.iter().any(|b| b.kind == kind) {
            layout.blocks.push(HomepageBlock {
                kind,
                enabled: false,
                count: default_count(kind),
            });
        }
    }
    layout
}

/// The stored JSON (`{}` for a new site) as a layout; anything unreadable is
/// the default rather than an error on every homepage view.
pub fn from_stored(json: &str) -> HomepageLayout {
    match serde_json::from_str::<HomepageLayout>(json) {
        Ok(l) if check(&l).is_ok() => complete(l),
        _ => default_layout(),
    }
}

/// Checks an admin's layout: each block at most once, counts 1 to 50.
/// Returns the completed layout or the messages for `blocks`.
pub fn check(layout: &HomepageLayout) -> Result<HomepageLayout, Vec<String>> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for (i, b) in layout.blocks.iter().enumerate() {
        if !seen.insert(b.kind) {
            errors.push(format!(
                "Block {} repeats a block kind listed before.",
                i + 1
            ));
        }
        if !(1..=50).contains(&b.count) {
            errors.push(format!("Block {}: count is 1 to 50.", i + 1));
        }
    }
    if errors.is_empty() {
        Ok(complete(layout.clone()))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disabled_or_missing_block_shows_nothing() {
        let mut l = default_layout();
        assert_eq!(shown_count(&l, HomepageBlockKind::News), 10);
        assert!(shows(&l, HomepageBlockKind::Announcements));
        l.blocks[0].enabled = false;
        assert!(!shows(&l, HomepageBlockKind::Announcements));
        l.blocks.retain(|b| b.kind != HomepageBlockKind::Links);
        assert_eq!(shown_count(&l, HomepageBlockKind::Links), 0);
    }

    fn block(kind: HomepageBlockKind, count: u32) -> HomepageBlock {
        HomepageBlock {
            kind,
            enabled: true,
            count,
        }
    }

    #[test]
    fn an_order_from_elsewhere_keeps_announcements_first() {
        let l = in_order(&[
            (HomepageBlockKind::News, Some(80)),
            (HomepageBlockKind::Extensions, None),
            (HomepageBlockKind::News, Some(3)),
        ]);
        let kinds: Vec<_> = l.blocks.iter().map(|b| (b.kind, b.enabled)).collect();
        assert_eq!(kinds[0], (HomepageBlockKind::Announcements, true));
        assert_eq!(kinds[1], (HomepageBlockKind::News, true));
        assert_eq!(l.blocks[1].count, 50, "clamped");
        assert_eq!(kinds[2], (HomepageBlockKind::Extensions, true));
        assert_eq!(l.blocks.len(), 5);
        assert!(l.blocks[3..].iter().all(|b| !b.enabled));
        assert!(check(&l).is_ok());
    }

    #[test]
    fn empty_or_broken_json_is_the_default() {
        assert_eq!(from_stored("{}"), default_layout());
        assert_eq!(from_stored("nonsense"), default_layout());
        assert_eq!(default_layout().blocks.len(), 5);
    }

    #[test]
    fn a_partial_layout_keeps_its_order_and_lists_the_rest_disabled() {
        let l = check(&HomepageLayout {
            blocks: vec![
                block(HomepageBlockKind::Calendar, 3),
                block(HomepageBlockKind::News, 5),
            ],
        })
        .unwrap();
        assert_eq!(l.blocks[0].kind, HomepageBlockKind::Calendar);
        assert_eq!(l.blocks[1].kind, HomepageBlockKind::News);
        assert_eq!(l.blocks.len(), 5);
        assert!(!l.blocks[4].enabled);
        let stored = serde_json::to_string(&l).unwrap();
        assert_eq!(from_stored(&stored), l);
    }

    #[test]
    fn repeats_and_bad_counts_are_refused() {
        let e = check(&HomepageLayout {
            blocks: vec![
                block(HomepageBlockKind::News, 0),
                block(HomepageBlockKind::News, 51),
            ],
        })
        .unwrap_err();
        assert_eq!(e.len(), 3);
    }
}
