//! In-process caches of public reads (homepage, nav tree, news list counts)
//! and of site rows.
//!
//! Correct across many instances without any messaging: a cached value is
//! keyed by the site's `content_version`, which every write bumps in the
//! database. Public reads take the site row itself from a short-lived local
//! copy (`SiteRows`, `YASS_SITE_CACHE_MS`, default 1 s), so a write through
//! one instance reaches every other instance's caches within that bound; the
//! instance that took the write drops its copy at once (`http::evict_after_writes`).
//! A value also expires at the next scheduled visibility or pin transition,
//! so a scheduled post appears on time while cached.

use crate::storage::sites::SiteRow;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A public response body ready to send.
#[derive(Clone)]
pub struct Cached {
    pub body: actix_web::web::Bytes,
    pub etag: String,
    pub expires_at: DateTime<Utc>,
}

struct Entry<V> {
    version: i64,
    expires_at: DateTime<Utc>,
    value: V,
}

/// Values per site and key, valid for one content version until an expiry.
pub struct VersionedCache<V> {
    inner: Mutex<Sites<V>>,
    max_entries: usize,
}

struct Sites<V> {
    by_site: HashMap<i64, HashMap<Box<str>, Entry<V>>>,
    len: usize,
}

impl<V: Clone> VersionedCache<V> {
    pub fn new(max_entries: usize) -> Self {
        Self {
            inner: Mutex::new(Sites {
                by_site: HashMap::new(),
                len: 0,
            }),
            max_entries,
        }
    }

    /// The value if it was built for this content version and has not
    /// reached its expiry.
    pub fn get(&self, site_id: i64, key: &str, version: i64, now: DateTime<Utc>) -> Option<V> {
        let map = self.inner.lock().ok()?;
        let e = map.by_site.get(&site_id)?.get(key)?;
        (e.version == version && now < e.expires_at).then(|| e.value.clone())
    }

    pub fn put(&self, site_id: i64, key: &str, version: i64, expires_at: DateTime<Utc>, value: V) {
        let Ok(mut map) = self.inner.lock() else {
            return;
        };
        let known = map
            .by_site
            .get(&site_id)
            .is_some_and(|m| m.contains_key(key));
        if !known && map.len >= self.max_entries {
            // Rare (more keys than the cache holds): drop everything rather
            // than track recency on the hot path.
            map.by_site.clear();
            map.len = 0;
        }
        let entry = Entry {
            version,
            expires_at,
            value,
        };
        if map
            .by_site
            .entry(site_id)
            .or_default()
            .insert(key.into(), entry)
            .is_none()
        {
            map.len += 1;
        }
    }
}

/// One builder at a time per cached value: when a value expires under load
/// (or a 100,000-item site's list is first asked for by 64 parents at once),
/// the first request builds it and the others wait for that result instead
/// of all running the same expensive queries. Striped locks keep this
/// bounded whatever the number of sites and keys.
pub struct Flights {
    stripes: Vec<tokio::sync::Mutex<()>>,
}

impl Flights {
    pub fn new(stripes: usize) -> Self {
        Self {
            stripes: (0..stripes.max(1))
                .map(|_| tokio::sync::Mutex::new(()))
                .collect(),
        }
    }

    /// Held while building the value of `(site_id, key)`; re-check the cache
    /// once it is held.
    pub async fn lock(&self, site_id: i64, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (site_id, key).hash(&mut h);
        let i = (h.finish() % self.stripes.len() as u64) as usize;
        self.stripes[i].lock().await
    }
}

/// Public response bodies (homepage, nav).
pub type ResponseCache = VersionedCache<Cached>;

/// Visible-news counts of one filter: (not pinned now, pinned now).
pub type CountCache = VersionedCache<(u64, u64)>;

/// Short-lived local copies of site rows for public reads, by slug.
pub struct SiteRows {
    ttl: Duration,
    rows: Mutex<HashMap<String, (SiteRow, Instant)>>,
    max_entries: usize,
}

impl SiteRows {
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            ttl,
            rows: Mutex::new(HashMap::new()),
            max_entries,
        }
    }

    /// The row if it was read from the database less than the TTL ago.
    pub fn get(&self, slug: &str) -> Option<SiteRow> {
        if self.ttl.is_zero() {
            return None;
        }
        let rows = self.rows.lock().ok()?;
        let (row, at) = rows.get(slug)?;
        (at.elapsed() < self.ttl).then(|| row.clone())
    }

    pub fn put(&self, row: &SiteRow) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut rows) = self.rows.lock() else {
            return;
        };
        if rows.len() >= self.max_entries && !rows.contains_key(&row.slug) {
            rows.retain(|_, (_, at)| at.elapsed() < self.ttl);
            if rows.len() >= self.max_entries {
                rows.clear();
            }
        }
        rows.insert(row.slug.clone(), (row.clone(), Instant::now()));
    }

    pub fn evict(&self, slug: &str) {
        if let Ok(mut rows) = self.rows.lock() {
            rows.remove(slug);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut rows) = self.rows.lock() {
            rows.clear();
        }
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

    #[test]
    fn entries_die_with_a_new_version_or_at_their_expiry() {
        let now = Utc::now();
        let c = CountCache::new(10);
        c.put(1, "homepage", 7, now + TimeDelta::seconds(60), (3, 1));
        assert_eq!(c.get(1, "homepage", 7, now), Some((3, 1)));
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
        let c = CountCache::new(2);
        for site in 0..5 {
            c.put(site, "homepage", 1, now + TimeDelta::seconds(60), (1, 0));
            c.put(site, "homepage", 2, now + TimeDelta::seconds(60), (1, 0));
        }
        assert!(c.inner.lock().unwrap().len <= 2);
        assert_eq!(c.get(4, "homepage", 2, now), Some((1, 0)));
    }

    fn row(slug: &str) -> SiteRow {
        SiteRow {
            slug: slug.into(),
            ..Default::default()
        }
    }

    #[test]
    fn site_rows_live_for_their_ttl_and_can_be_evicted() {
        let rows = SiteRows::new(Duration::from_mins(1), 10);
        assert!(rows.get("a").is_none());
        rows.put(&row("a"));
        rows.put(&row("b"));
        assert_eq!(rows.get("a").map(|r| r.slug), Some("a".into()));
        rows.evict("a");
        assert!(rows.get("a").is_none());
        assert!(rows.get("b").is_some());
        rows.clear();
        assert!(rows.get("b").is_none());
        let expired = SiteRows::new(Duration::from_millis(1), 10);
        expired.put(&row("a"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(expired.get("a").is_none(), "older than the TTL");
        let off = SiteRows::new(Duration::ZERO, 10);
        off.put(&row("a"));
        assert!(off.get("a").is_none(), "a zero TTL turns the copy off");
    }

    #[tokio::test]
    async fn one_builder_per_value_at_a_time() {
        let flights = Flights::new(4);
        let held = flights.lock(1, "homepage").await;
        let same = tokio::time::timeout(Duration::from_millis(50), flights.lock(1, "homepage"));
        assert!(
            same.await.is_err(),
            "a second builder of the same value waits"
        );
        drop(held);
        let again = tokio::time::timeout(Duration::from_millis(50), flights.lock(1, "homepage"));
        assert!(again.await.is_ok(), "and goes once the first is done");
    }

    #[test]
    fn etags_follow_the_body() {
        assert_eq!(etag_of(b"a"), etag_of(b"a"));
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
    }
}
