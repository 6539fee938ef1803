//! The site archive's format and the checks an archive (untrusted input:
//! it may come from anyone a platform admin trusted with a file) passes
//! before anything of it is written.
//!
//! An archive is a plain tar: `manifest.json` first, then one JSON member
//! per table (`rows/<table>.json`) and the site's files (`files/<name>` for
//! attachments, `images/<name>` for images). Member names are names, never
//! paths: each must be one of those shapes, and a file is written under a
//! name of its own generated shape only.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What `manifest.json` says it is.
pub const FORMAT: &str = "yass-site-archive";
/// Bumped on any change an older importer could misread.
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// The manifest is read whole before anything else: it stays small.
pub const MANIFEST_LIMIT: u64 = 8 * 1024 * 1024;

/// The tables an archive holds, in the order they are written (and
/// imported: a row's references come before it).
pub const TABLES: &[&str] = &[
    "site",
    "hosts",
    "groups",
    "users",
    "user_groups",
    "news_categories",
    "tags",
    "news",
    "news_tags",
    "pages",
    "page_tags",
    "page_read_groups",
    "page_edit_groups",
    "attachments",
    "nav_items",
    "link_categories",
    "links",
    "extensions",
    "calendar_events",
    "api_tokens",
    "revisions",
    "trash",
    "audit_log",
];

/// Tables an archive may hold that older archives lack (read as empty).
pub const LATER_TABLES: &[&str] = &["legacy_redirects"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The yass release that wrote it (for people; not checked).
    pub written_by: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub source_slug: String,
    pub source_name: String,
    /// Rows per table.
    pub counts: BTreeMap<String, u64>,
    /// Every other member, in archive order.
    pub members: Vec<ManifestMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestMember {
    pub name: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// What a member is, from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    Rows(&'static str),
    /// An attachment's stored file (under the site's upload folder).
    File(String),
    /// An image (under the site's `images/`).
    Image(String),
}

/// The limits an import holds an archive to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// All members together.
    pub total_bytes: u64,
    pub members: usize,
    /// One table's JSON (it is parsed in memory)…
    pub rows_bytes: u64,
    /// … and all of them together.
    pub rows_total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            total_bytes: 20 * 1024 * 1024 * 1024,
            members: 500_000,
            rows_bytes: 256 * 1024 * 1024,
            rows_total: 512 * 1024 * 1024,
        }
    }
}

/// A generated upload name: 32 hex digits, then for images an optional
/// `_400` and `.png`/`.jpg` (what `rules::uploads::stored_name` and the
/// image upload make). Nothing else is ever written to disk.
fn generated_name(name: &str, image: bool) -> bool {
    let hex32 = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !image {
        return hex32(name);
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "png" | "jpg") && hex32(stem.strip_suffix("_400").unwrap_or(stem))
}

/// Reads a member name; anything that is not one of the three shapes (a
/// path, `..`, an unknown table) is refused.
pub fn member(name: &str) -> Result<Member, String> {
    let refuse = || format!("member {name:?} is not part of a site archive");
    let (dir, rest) = name.split_once('/').ok_or_else(refuse)?;
    match dir {
        "rows" => {
            let table = rest.strip_suffix(".json").ok_or_else(refuse)?;
            TABLES
                .iter()
                .chain(LATER_TABLES)
                .find(|t| **t == table)
                .map(|t| Member::Rows(t))
                .ok_or_else(refuse)
        }
        "files" if generated_name(rest, false) => Ok(Member::File(rest.to_string())),
        "images" if generated_name(rest, true) => Ok(Member::Image(rest.to_string())),
        _ => Err(refuse()),
    }
}

/// Checks a manifest before any member is read: the format, the version,
/// member names, sizes and counts within the limits, no name twice.
pub fn check_manifest(m: &Manifest, limits: &Limits) -> Result<(), String> {
    if m.format != FORMAT {
        return Err(format!(
            "this is not a yass site archive (format {:?})",
            m.format
        ));
    }
    if m.version != VERSION {
        return Err(format!(
            "archive format version {} is not supported (this yass reads version {VERSION})",
            m.version
        ));
    }
    if m.members.len() > limits.members {
        return Err(format!(
            "the archive has {} members; the limit is {}",
            m.members.len(),
            limits.members
        ));
    }
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    let mut rows: u64 = 0;
    for mm in &m.members {
        let kind = member(&mm.name)?;
        if !seen.insert(mm.name.as_str()) {
            return Err(format!("member {:?} is listed twice", mm.name));
        }
        if matches!(kind, Member::Rows(_)) {
            if mm.size > limits.rows_bytes {
                return Err(format!(
                    "{} is {} bytes; the limit for one table is {}",
                    mm.name, mm.size, limits.rows_bytes
                ));
            }
            rows = rows.saturating_add(mm.size);
        }
        if mm.sha256.len() != 64 || !mm.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("member {:?} has no valid SHA-256", mm.name));
        }
        total = total.saturating_add(mm.size);
    }
    if rows > limits.rows_total {
        return Err(format!(
            "the archive's rows are {rows} bytes; the limit is {}",
            limits.rows_total
        ));
    }
    if total > limits.total_bytes {
        return Err(format!(
            "the archive holds {total} bytes; the limit is {}",
            limits.total_bytes
        ));
    }
    for t in TABLES {
        if !seen.contains(format!("rows/{t}.json").as_str()) {
            return Err(format!("the archive has no rows/{t}.json"));
        }
    }
    Ok(())
}

/// The order to insert a tree's rows in so a parent always comes first;
/// refuses a parent that is missing or a loop. Items are `(id, parent)`.
pub fn parents_first(items: &[(i64, Option<i64>)]) -> Result<Vec<usize>, String> {
    let index: HashMap<i64, usize> = items
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    if index.len() != items.len() {
        return Err("an id appears twice".into());
    }
    let mut depth: Vec<Option<usize>> = vec![None; items.len()];
    for start in 0..items.len() {
        // Walk up to a known depth or the root, then fill in on the way back.
        let mut path = vec![];
        let mut at = start;
        let base = loop {
            if let Some(d) = depth[at] {
                break d + 1;
            }
            if path.contains(&at) {
                return Err(format!("item {} is its own ancestor", items[at].0));
            }
            path.push(at);
            match items[at].1 {
                None => break 0,
                Some(p) => {
                    at = *index.get(&p).ok_or_else(|| {
                        format!("item {} has a parent {p} that is not there", items[at].0)
                    })?;
                }
            }
        };
        for (k, i) in path.iter().rev().enumerate() {
            depth[*i] = Some(base + k);
        }
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|i| (depth[*i], *i));
    Ok(order)
}

/// Rewrites the site's own URLs in text (an image in a body, the logo)
/// from the old slug to the new one, so the sanitizer keeps them as the
/// site's own uploads, and attachment links to the attachments' new ids.
pub fn rewrite_site_urls<S: std::hash::BuildHasher>(
    text: &str,
    old_slug: &str,
    new_slug: &str,
    attachment_ids: &HashMap<i64, i64, S>,
) -> String {
    let old = format!("/api/v1/sites/{old_slug}/");
    if !text.contains(&old) {
        return text.to_string();
    }
    let new = format!("/api/v1/sites/{new_slug}/");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&old) {
        out.push_str(&rest[..at]);
        out.push_str(&new);
        rest = &rest[at + old.len()..];
        if let Some(after) = rest.strip_prefix("attachments/") {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(id) = after[..digits].parse::<i64>()
                && let Some(to) = attachment_ids.get(&id)
            {
                out.push_str(&format!("attachments/{to}"));
                rest = &after[digits..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn member_names_are_names_never_paths() {
        assert_eq!(member("rows/news.json"), Ok(Member::Rows("news")));
        assert_eq!(
            member(&format!("files/{HEX}")),
            Ok(Member::File(HEX.into()))
        );
        assert_eq!(
            member(&format!("images/{HEX}_400.jpg")),
            Ok(Member::Image(format!("{HEX}_400.jpg")))
        );
        for bad in [
            "rows/../../etc/passwd.json",
            "rows/secrets.json",
            "files/../x",
            "files/a",
            &format!("files/{HEX}/x"),
            &format!("images/{HEX}.svg"),
            &format!("/files/{HEX}"),
            "manifest.json",
            "../manifest.json",
            "",
        ] {
            assert!(member(bad).is_err(), "{bad:?} accepted");
        }
    }

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            written_by: "test".into(),
            created_at: "2026-12-04T00:00:00Z".into(),
            source_slug: "s".into(),
            source_name: "S".into(),
            counts: BTreeMap::new(),
            members: TABLES
                .iter()
                .map(|t| ManifestMember {
                    name: format!("rows/{t}.json"),
                    size: 2,
                    sha256: "a".repeat(64),
                })
                .collect(),
        }
    }

    #[test]
    fn a_manifest_of_another_format_or_version_is_refused() {
        let limits = Limits::default();
        assert_eq!(check_manifest(&manifest(), &limits), Ok(()));
        let mut m = manifest();
        m.version = VERSION + 1;
        assert!(check_manifest(&m, &limits).unwrap_err().contains("version"));
        let mut m = manifest();
        m.format = "tar".into();
        assert!(
            check_manifest(&m, &limits)
                .unwrap_err()
                .contains("not a yass")
        );
    }

    #[test]
    fn a_manifest_over_the_limits_or_incomplete_is_refused() {
        let mut m = manifest();
        m.members[0].size = 10;
        let small = Limits {
            total_bytes: 100,
            members: 100,
            rows_bytes: 5,
            rows_total: 40,
        };
        assert!(check_manifest(&m, &small).unwrap_err().contains("limit"));
        let mut m = manifest();
        m.members.push(m.members[0].clone());
        assert!(
            check_manifest(&m, &Limits::default())
                .unwrap_err()
                .contains("twice")
        );
        let mut m = manifest();
        m.members.pop();
        assert!(
            check_manifest(&m, &Limits::default())
                .unwrap_err()
                .contains("audit_log")
        );
        let mut m = manifest();
        m.members[1].sha256 = "x".into();
        assert!(
            check_manifest(&m, &Limits::default())
                .unwrap_err()
                .contains("SHA-256")
        );
        let mut m = manifest();
        for n in 0..200 {
            m.members.push(ManifestMember {
                name: format!("files/{n:032x}"),
                size: 1,
                sha256: "b".repeat(64),
            });
        }
        assert!(check_manifest(&m, &small).unwrap_err().contains("members"));
    }

    #[test]
    fn parents_come_first_and_loops_are_refused() {
        let order = parents_first(&[(3, Some(2)), (2, Some(1)), (1, None), (4, None)]).unwrap();
        let ids: Vec<i64> = order.iter().map(|i| [3, 2, 1, 4][*i]).collect();
        assert_eq!(ids, vec![1, 4, 2, 3]);
        assert!(
            parents_first(&[(1, Some(2)), (2, Some(1))])
                .unwrap_err()
                .contains("ancestor")
        );
        assert!(parents_first(&[(1, Some(1))]).is_err());
        assert!(
            parents_first(&[(1, Some(9))])
                .unwrap_err()
                .contains("not there")
        );
        assert!(parents_first(&[(1, None), (1, None)]).is_err());
    }

    #[test]
    fn the_sites_own_urls_follow_it_to_its_new_slug_and_ids() {
        let ids = HashMap::from([(12, 40)]);
        let body = r#"<img src="/api/v1/sites/old/images/x.png"><a href="/api/v1/sites/old/attachments/12/a.pdf">a</a><a href="/api/v1/sites/other/images/y.png">"#;
        assert_eq!(
            rewrite_site_urls(body, "old", "new", &ids),
            r#"<img src="/api/v1/sites/new/images/x.png"><a href="/api/v1/sites/new/attachments/40/a.pdf">a</a><a href="/api/v1/sites/other/images/y.png">"#
        );
        assert_eq!(rewrite_site_urls("plain", "old", "new", &ids), "plain");
        // An attachment id the archive does not hold stays as it was.
        assert_eq!(
            rewrite_site_urls("/api/v1/sites/old/attachments/99/", "old", "new", &ids),
            "/api/v1/sites/new/attachments/99/"
        );
    }
}
