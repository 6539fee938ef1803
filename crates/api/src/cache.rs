//! In-process cache of public responses (homepage, nav tree).
//!
//! Correct across many instances without any messaging: an entry is keyed by
//! the site's `content_version`, which every write bumps in the database, and
//! every request already reads the site row — so a write through one instance
//! is seen by the next request on every other instance (bound: zero seconds).
//! An entry also expires at the next scheduled visibility or pin transition,
//! so a scheduled post appears on time while cached.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Clone)]
pub struct Cached {
    pub body: actix_web::web::Bytes,
    pub etag: String,
    pub expires_at: DateTime<Utc>,
}

struct Entry {
    version: i64,
    value: Cached,
}

pub struct ResponseCache {
    entries: Mutex<HashMap<(i64, &'static str), Entry>>,
    max_entries: usize,
}

impl ResponseCache {
    pub fn new(max_entries: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            max_entries,
        }
    }

    /// The cached value if it was built for this content version and has not
    /// reached its expiry.
    pub fn get(
        &self,
        site_id: i64,
        key: &'static str,
        version: i64,
        now: DateTime<Utc>,
    ) -> Option<Cached> {
        let map = self.entries.lock().ok()?;
        let e = map.get(&(site_id, key))?;
        (e.version == version && now < e.value.expires_at).then(|| e.value.clone())
    }

    pub fn put(&self, site_id: i64, key: &'static str, version: i64, value: Cached) {
        let Ok(mut map) = self.entries.lock() else {
            return;
        };
        if map.len() >= self.max_entries && !map.contains_key(&(site_id, key)) {
            // Rare (more sites than the cache holds): drop everything rather
            // than track recency on the hot path.
            map.clear();
        }
        map.insert((site_id, key), Entry { version, value });
    }
}

/// A strong ETag for a body.
pub fn etag_of(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&d[..12]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn cached(exp: DateTime<Utc>) -> Cached {
        Cached {
            body: actix_web::web::Bytes::from_static(b"{}"),
            etag: etag_of(b"{}"),
            expires_at: exp,
        }
    }

    #[test]
    fn entries_die_with_a_new_version_or_at_their_expiry() {
        let now = Utc::now();
        let c = ResponseCache::new(10);
        c.put(1, "homepage", 7, cached(now + TimeDelta::seconds(60)));
        assert!(c.get(1, "homepage", 7, now).is_some());
        assert!(
            c.get(1, "homepage", 8, now).is_none(),
            "a write bumped the version"
        );
        assert!(c.get(2, "homepage", 7, now).is_none(), "another site");
        assert!(c.get(1, "nav", 7, now).is_none());
        assert!(
            c.get(1, "homepage", 7, now + TimeDelta::seconds(60))
                .is_none(),
            "expiry is exclusive"
        );
    }

    #[test]
    fn the_cache_stays_bounded() {
        let now = Utc::now();
        let c = ResponseCache::new(2);
        for site in 0..5 {
            c.put(site, "homepage", 1, cached(now + TimeDelta::seconds(60)));
        }
        assert!(c.entries.lock().unwrap().len() <= 2);
        assert!(c.get(4, "homepage", 1, now).is_some());
    }

    #[test]
    fn etags_follow_the_body() {
        assert_eq!(etag_of(b"a"), etag_of(b"a"));
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
    }
}
