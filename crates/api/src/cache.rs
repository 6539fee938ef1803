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
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A public response body ready to send.
#[derive(Clone)]
pub struct Cached {
    pub body: actix_web::web::Bytes,
    pub etag: String,
    pub content_type: &'static str,
    /// When this process stops serving it: the next scheduled change of
    /// what it shows, within a cap.
    pub expires_at: DateTime<Utc>,
    /// The next scheduled change alone: what browsers and proxies are told.
    pub until: Option<DateTime<Utc>>,
}

impl Cached {
    pub fn new(
        body: Vec<u8>,
        content_type: &'static str,
        expires_at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            etag: etag_of(&body),
            body: body.into(),
            content_type,
            expires_at,
            until,
        }
    }
}

/// What an entry costs the cache's byte budget.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for Cached {
    fn weight(&self) -> usize {
        self.body.len() + self.etag.len()
    }
}

impl Weigh for (u64, u64) {
    fn weight(&self) -> usize {
        16
    }
}

/// Bookkeeping per entry (key box, list links, times) counted on top of the
/// value, so that many tiny entries are bounded too.
const ENTRY_OVERHEAD: usize = 96;

struct Entry<V> {
    version: i64,
    expires_at: DateTime<Utc>,
    weight: usize,
    value: V,
}

type Key = (i64, Box<str>);

/// Values per site and key, valid for one content version until an expiry,
/// within a byte budget: past it the least recently used entries go.
pub struct VersionedCache<V> {
    inner: Mutex<Lru<V>>,
    max_bytes: usize,
}

struct Lru<V> {
    entries: hashlink::LinkedHashMap<Key, Entry<V>>,
    bytes: usize,
}

impl<V> Lru<V> {
    fn remove(&mut self, key: &Key) {
        if let Some(e) = self.entries.remove(key) {
            self.bytes -= e.weight;
        }
    }
}

impl<V: Clone + Weigh> VersionedCache<V> {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            inner: Mutex::new(Lru {
                entries: hashlink::LinkedHashMap::new(),
                bytes: 0,
            }),
            max_bytes,
        }
    }

    /// The value if it was built for this content version and has not
    /// reached its expiry; it becomes the most recently used. A stale entry
    /// is dropped on the way.
    pub fn get(&self, site_id: i64, key: &str, version: i64, now: DateTime<Utc>) -> Option<V> {
        let mut lru = self.inner.lock().ok()?;
        let k: Key = (site_id, key.into());
        let e = lru.entries.to_back(&k)?;
        if e.version == version && now < e.expires_at {
            return Some(e.value.clone());
        }
        lru.remove(&k);
        None
    }

    pub fn put(&self, site_id: i64, key: &str, version: i64, expires_at: DateTime<Utc>, value: V) {
        let weight = value.weight() + key.len() + ENTRY_OVERHEAD;
        // One entry may take at most a quarter of the budget, so a single
        // huge list cannot flush every school's homepage.
        if weight > self.max_bytes / 4 {
            return;
        }
        let Ok(mut lru) = self.inner.lock() else {
            return;
        };
        let k: Key = (site_id, key.into());
        lru.remove(&k);
        while lru.bytes + weight > self.max_bytes {
            match lru.entries.pop_front() {
                Some((_, old)) => lru.bytes -= old.weight,
                None => break,
            }
        }
        lru.bytes += weight;
        lru.entries.insert(
            k,
            Entry {
                version,
                expires_at,
                weight,
                value,
            },
        );
    }

    /// Bytes held now (bodies, keys and bookkeeping).
    pub fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |l| l.bytes)
    }
}

/// One builder at a time per cached value: when a value expires under load
/// (or a 100,000-item site's list is first asked for by 64 parents at once),
/// the first request builds it and the others wait for that result instead
/// of all running the same expensive queries. One lock per key being built,
/// dropped with its last holder: bounded by the builds in flight, and a
/// builder may take another key's lock while it holds one (a list's build
/// counting its totals) without ever meeting its own.
#[derive(Default)]
pub struct Flights {
    building: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

/// Held while a value is built; the key's lock goes when no one holds or
/// waits for it.
pub struct Flight<'a> {
    flights: &'a Flights,
    key: Key,
    held: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Flights {
    /// Held while building the value of `(site_id, key)`; re-check the cache
    /// once it is held.
    pub async fn lock(&self, site_id: i64, key: &str) -> Flight<'_> {
        let key: Key = (site_id, key.into());
        let lock = match self.building.lock() {
            Ok(mut building) => building.entry(key.clone()).or_default().clone(),
            // A poisoned map: build without waiting rather than fail.
            Err(_) => Arc::default(),
        };
        Flight {
            flights: self,
            key,
            held: Some(lock.lock_owned().await),
        }
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        drop(self.held.take());
        if let Ok(mut building) = self.flights.building.lock() {
            // Only the map's own reference left: nobody holds or waits.
            if building
                .get(&self.key)
                .is_some_and(|l| Arc::strong_count(l) == 1)
            {
                building.remove(&self.key);
            }
        }
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

/// The platform's visible announcements as one JSON array, shared by every
/// school's homepage and composed into it when served: an announcement (a
/// typhoon day off) reaches every homepage within `site_cache_ms` without
/// invalidating any school's cached homepage. Held like site rows: a local
/// copy for the TTL, dropped at once by a platform write on this instance.
pub struct Notices {
    ttl: Duration,
    current: Mutex<Option<(Cached, Instant)>>,
}

impl Notices {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            current: Mutex::new(None),
        }
    }

    /// The copy if it was read less than the TTL ago and nothing it shows
    /// has changed on schedule since.
    pub fn get(&self, now: DateTime<Utc>) -> Option<Cached> {
        let current = self.current.lock().ok()?;
        let (c, at) = current.as_ref()?;
        (at.elapsed() < self.ttl && now < c.expires_at).then(|| c.clone())
    }

    pub fn put(&self, c: Cached) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut current) = self.current.lock() {
            *current = Some((c, Instant::now()));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut current) = self.current.lock() {
            *current = None;
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
        let c = CountCache::new(10_000);
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

    fn body(n: usize) -> Cached {
        Cached {
            body: vec![b'x'; n].into(),
            etag: "\"e\"".into(),
            content_type: "application/json",
            expires_at: Utc::now() + TimeDelta::seconds(60),
            until: None,
        }
    }

    #[test]
    fn the_least_recently_used_bytes_go_first() {
        let now = Utc::now();
        let later = now + TimeDelta::seconds(60);
        // Each entry weighs its body, ETag, key and bookkeeping; room for
        // ten, not eleven.
        let w = 100 + 3 + "homepage".len() + ENTRY_OVERHEAD;
        let c = ResponseCache::new(10 * w + w / 2);
        for site in 1..=10 {
            c.put(site, "homepage", 1, later, body(100));
        }
        assert_eq!(c.bytes(), 10 * w);
        assert!(
            c.get(1, "homepage", 1, now).is_some(),
            "site 1 is used again"
        );
        c.put(11, "homepage", 1, later, body(100));
        assert!(
            c.get(2, "homepage", 1, now).is_none(),
            "site 2 was the least recent"
        );
        for site in [1, 3, 10, 11] {
            assert!(
                c.get(site, "homepage", 1, now).is_some(),
                "site {site} kept"
            );
        }
        assert_eq!(c.bytes(), 10 * w);
        // A replaced entry is counted once.
        c.put(11, "homepage", 2, later, body(100));
        assert_eq!(c.bytes(), 10 * w);
        // A stale version is dropped when met, freeing its bytes.
        assert!(c.get(3, "homepage", 2, now).is_none());
        assert_eq!(c.bytes(), 9 * w);
    }

    #[test]
    fn an_entry_over_a_quarter_of_the_budget_is_not_kept() {
        let now = Utc::now();
        let c = ResponseCache::new(80_000);
        c.put(1, "homepage", 1, now + TimeDelta::seconds(60), body(2_000));
        c.put(2, "news", 1, now + TimeDelta::seconds(60), body(20_000));
        assert!(c.get(2, "news", 1, now).is_none());
        assert!(
            c.get(1, "homepage", 1, now).is_some(),
            "and flushes nothing"
        );
    }

    #[test]
    fn many_small_entries_stay_within_the_budget() {
        let now = Utc::now();
        let c = CountCache::new(10_000);
        for site in 0..10_000 {
            c.put(site, "x", 1, now + TimeDelta::seconds(60), (1, 0));
        }
        assert!(c.bytes() <= 10_000);
        assert_eq!(c.get(9_999, "x", 1, now), Some((1, 0)));
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
        let flights = Flights::default();
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

    #[tokio::test]
    async fn a_builder_may_lock_other_values_while_it_holds_one() {
        let flights = Flights::default();
        let _list = flights.lock(1, "news?page=1").await;
        for i in 0..500 {
            let other = format!("counts {i}");
            let got = tokio::time::timeout(Duration::from_millis(50), flights.lock(1, &other));
            assert!(got.await.is_ok(), "{other} is not the held value");
        }
        // Nothing is left behind but the lock still held.
        assert_eq!(flights.building.lock().unwrap().len(), 1);
    }

    #[test]
    fn notices_live_for_their_ttl_until_their_schedule_and_can_be_cleared() {
        let now = Utc::now();
        let n = Notices::new(Duration::from_mins(1));
        assert!(n.get(now).is_none());
        let mut c = body(2);
        c.expires_at = now + TimeDelta::seconds(10);
        n.put(c);
        assert!(n.get(now).is_some());
        assert!(
            n.get(now + TimeDelta::seconds(10)).is_none(),
            "an announcement's window opened or closed"
        );
        n.clear();
        assert!(n.get(now).is_none());
        let off = Notices::new(Duration::ZERO);
        off.put(body(2));
        assert!(off.get(now).is_none(), "a zero TTL reads every time");
    }

    #[test]
    fn etags_follow_the_body() {
        assert_eq!(etag_of(b"a"), etag_of(b"a"));
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
    }
}
