//! argon2id password hashing, off the async workers: every hash and check
//! runs on the blocking pool, at most `--password-workers` at once, so a
//! sign-in flood cannot stall every school's public pages. A check that finds
//! no free slot within the wait is refused with 503 and `Retry-After`.

use crate::error::{ApiError, ApiResult};
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Passwords {
    inner: Arc<Inner>,
    slots: Arc<Semaphore>,
    wait: Duration,
}

struct Inner {
    params: Params,
    /// A real hash of a random password: checking unknown accounts against it
    /// makes them take as long as known ones, so timing tells nothing.
    dummy_hash: String,
    /// argon2's working memory (19 MiB at production cost), kept between
    /// checks: one per check that ran at once, so at most the pool's size.
    /// Allocating it fresh maps and faults in 19 MiB and unmaps it again on
    /// every sign-in — kernel work that runs without yielding the CPU to a
    /// visitor's request (issue 18, the sign-in flood).
    memory: Mutex<Vec<Vec<Block>>>,
}

/// Seconds a refused caller is told to wait.
const RETRY_AFTER_SECS: u64 = 2;

impl Inner {
    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash(&self, password: &str) -> Result<String, String> {
        self.argon()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| format!("hashing failed: {e}"))
    }

    fn verify(&self, password: &str, hash: &str) -> bool {
        if is_legacy(hash) {
            return verify_legacy(password, hash);
        }
        PasswordHash::new(hash).is_ok_and(|parsed| self.verify_argon2(password, &parsed))
    }

    /// An argon2 check with the hash's own algorithm, version and
    /// parameters, in reused working memory; the outputs are compared in
    /// constant time (`Output`'s equality).
    fn verify_argon2(&self, password: &str, parsed: &PasswordHash) -> bool {
        let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
            return false;
        };
        let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
            return false;
        };
        let Ok(version) = parsed
            .version
            .map_or(Ok(Version::default()), Version::try_from)
        else {
            return false;
        };
        let Ok(params) = Params::try_from(parsed) else {
            return false;
        };
        let mut out = [0u8; Output::MAX_LENGTH];
        let Some(out) = out.get_mut(..expected.len()) else {
            return false;
        };
        let argon = Argon2::new(algorithm, version, params.clone());
        let mut memory = self.take_memory(params.block_count());
        let hashed =
            argon.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..]);
        self.give_back(memory);
        hashed.is_ok() && Output::new(out).is_ok_and(|computed| computed == *expected)
    }

    /// Working memory of at least `blocks` blocks: a kept one, grown if a
    /// hash asks for more than the current cost, or a new one.
    fn take_memory(&self, blocks: usize) -> Vec<Block> {
        let kept = self.memory.lock().ok().and_then(|mut kept| kept.pop());
        let mut memory = kept.unwrap_or_default();
        if memory.len() < blocks {
            memory.resize(blocks, Block::new());
        }
        memory
    }

    /// Keeps `memory` for the next check, cut to this server's own cost (a
    /// hash made at a higher cost elsewhere grew it): what is kept never
    /// exceeds one working memory per concurrent check.
    fn give_back(&self, mut memory: Vec<Block>) {
        let own = self.params.block_count();
        if memory.len() > own {
            memory.truncate(own);
            memory.shrink_to_fit();
        }
        if let Ok(mut kept) = self.memory.lock() {
            kept.push(memory);
        }
    }

    /// A check that costs the same whatever kind of hash the account has
    /// on a site that still holds legacy hashes (`legacy_peer`: one of
    /// them): an argon2id check and a legacy one, always both, so the time
    /// of a sign-in tells nothing about which kind of account (or none) it
    /// met. `hash` None: no such account.
    fn verify_evenly(&self, password: &str, hash: Option<&str>, legacy_peer: Option<&str>) -> bool {
        let ok = match hash {
            Some(h) if is_legacy(h) => {
                let ok = verify_legacy(password, h);
                let _ = self.verify(password, &self.dummy_hash);
                return ok;
            }
            Some(h) => self.verify(password, h),
            None => {
                let _ = self.verify(password, &self.dummy_hash);
                false
            }
        };
        if let Some(peer) = legacy_peer {
            let _ = verify_legacy(password, peer);
        }
        ok
    }
}

/// A hash an import brought from yascms: passlib's `sha256_crypt` (`$5$`;
/// `$6$`, sha512_crypt, from its first versions, too). It stays until its
/// owner's first sign-in, which re-hashes with argon2id.
pub fn is_legacy(hash: &str) -> bool {
    hash.starts_with("$5$") || hash.starts_with("$6$")
}

fn verify_legacy(password: &str, hash: &str) -> bool {
    use sha_crypt::PasswordVerifier;
    sha_crypt::ShaCrypt::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// The default number of concurrent hashes: one per CPU.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

impl Passwords {
    pub fn new(memory_kib: u32, iterations: u32) -> Result<Self, String> {
        let params = Params::new(memory_kib.max(8), iterations.max(1), 1, None)
            .map_err(|e| format!("argon2 parameters: {e}"))?;
        let mut inner = Inner {
            params,
            dummy_hash: String::new(),
            memory: Mutex::new(Vec::new()),
        };
        inner.dummy_hash = inner.hash(&super::secrets::random_token(16))?;
        Ok(Self {
            inner: Arc::new(inner),
            slots: Arc::new(Semaphore::new(default_workers())),
            wait: Duration::from_secs(10),
        })
    }

    /// At most `workers` hashes at once; a caller waits at most `wait` for one.
    pub fn with_pool(mut self, workers: usize, wait: Duration) -> Self {
        self.slots = Arc::new(Semaphore::new(workers.max(1)));
        self.wait = wait;
        self
    }

    /// Hashes on the calling thread (CLI tools without a server).
    pub fn hash_now(&self, password: &str) -> Result<String, String> {
        self.inner.hash(password)
    }

    /// Runs `f` on the blocking pool once a slot is free.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> T + Send + 'static,
    ) -> ApiResult<T> {
        let permit = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| {
                crate::metrics::password_pool_busy();
                ApiError::Busy {
                    what: crate::error::PASSWORD_CHECKS,
                    retry_after: RETRY_AFTER_SECS,
                }
            })?
            .map_err(ApiError::internal)?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            yield_to_visitors();
            f(&inner)
        })
        .await
        .map_err(ApiError::internal)
    }

    pub async fn hash(&self, password: &str) -> ApiResult<String> {
        let p = password.to_string();
        self.run(move |i| i.hash(&p))
            .await?
            .map_err(ApiError::internal)
    }

    /// Whether `password` matches `hash` (a PHC string; its own parameters apply).
    pub async fn verify(&self, password: &str, hash: &str) -> ApiResult<bool> {
        let (p, h) = (password.to_string(), hash.to_string());
        self.run(move |i| i.verify(&p, &h)).await
    }

    /// Checks a sign-in's password in constant kind of time (see
    /// `Inner::verify_evenly`); `hash` None for an account that does not
    /// exist.
    pub async fn verify_evenly(
        &self,
        password: &str,
        hash: Option<&str>,
        legacy_peer: Option<&str>,
    ) -> ApiResult<bool> {
        let (p, h, peer) = (
            password.to_string(),
            hash.map(str::to_string),
            legacy_peer.map(str::to_string),
        );
        self.run(move |i| i.verify_evenly(&p, h.as_deref(), peer.as_deref()))
            .await
    }

    /// Spends the time a real check would, for accounts that do not exist.
    pub async fn verify_dummy(&self, password: &str) -> ApiResult<()> {
        let p = password.to_string();
        self.run(move |i| {
            let _ = i.verify(&p, &i.dummy_hash);
        })
        .await
    }
}

/// Runs this thread (one of the runtime's blocking threads, now running a
/// password hash) at the lowest CPU priority from now on: 50 sign-ins a
/// second are a whole CPU of argon2, and visitors' pages, served by the
/// request threads at normal priority, go first whenever both want the CPU
/// (issue 18: a homepage's p99 under a sign-in flood).
///
/// Linux's `SCHED_IDLE` rather than only nice 19: the scheduler takes the
/// CPU from an idle-policy thread the moment a normal one wakes (a request
/// arriving), where a nice 19 thread may finish its slice first — a few
/// milliseconds of argon2 in front of a 0.5 ms homepage. Scheduling policy
/// and nice values are per thread; raising them back needs privileges, so
/// the thread stays low — what else runs on the blocking pool (file reads,
/// image decoding) is background work too.
fn yield_to_visitors() {
    thread_local! {
        static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    LOWERED.with(|done| {
        if !done.get() {
            if !lower_this_thread() {
                tracing::debug!("could not lower the password thread's priority");
            }
            done.set(true);
        }
    });
}

/// `SCHED_IDLE` for the calling thread, else nice 19; whether either held.
#[cfg(target_os = "linux")]
fn lower_this_thread() -> bool {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: both calls only read their arguments; on Linux pid 0 and
    // `PRIO_PROCESS` with `who` 0 name the calling thread.
    #[allow(unsafe_code)]
    unsafe {
        libc::sched_setscheduler(0, libc::SCHED_IDLE, &raw const param) == 0
            || libc::setpriority(libc::PRIO_PROCESS, 0, 19) == 0
    }
}

/// Elsewhere (development machines) the thread keeps its priority: the
/// portable call would lower the whole process.
#[cfg(not(target_os = "linux"))]
fn lower_this_thread() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let p = Passwords::new(64, 1).unwrap();
        let h = p.hash("correct horse").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("correct horse", &h).await.unwrap());
        assert!(!p.verify("wrong horse", &h).await.unwrap());
        assert!(!p.verify("correct horse", "not a hash").await.unwrap());
        assert_ne!(h, p.hash("correct horse").await.unwrap(), "salted");
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn password_work_runs_at_idle_priority() {
        let p = Passwords::new(64, 1).unwrap();
        // SAFETY: sched_getscheduler only reads the calling thread's policy.
        #[allow(unsafe_code)]
        let policy = p
            .run(|_| unsafe { libc::sched_getscheduler(0) })
            .await
            .unwrap();
        assert_eq!(
            policy,
            libc::SCHED_IDLE,
            "visitors' threads must win the CPU"
        );
    }

    // The SHA-crypt specification's own vectors (as glibc and passlib make them).
    const HELLO: &str = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";
    const TEST: &str =
        "$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5";

    #[tokio::test]
    async fn yascms_hashes_verify_until_rehashed() {
        let p = Passwords::new(64, 1).unwrap();
        assert!(is_legacy(HELLO) && is_legacy(TEST));
        assert!(p.verify("Hello world!", HELLO).await.unwrap());
        assert!(p.verify("This is just a test", TEST).await.unwrap());
        assert!(!p.verify("hello world!", HELLO).await.unwrap());
        assert!(!p.verify("x", "$5$broken").await.unwrap());
        // yascms's "no password" marker never matches.
        assert!(!p.verify("*", "*").await.unwrap());
        let argon = p.hash("Hello world!").await.unwrap();
        assert!(!is_legacy(&argon));
        // Evenly: the same answers, whatever the site holds.
        for peer in [None, Some(TEST)] {
            assert!(
                p.verify_evenly("Hello world!", Some(HELLO), peer)
                    .await
                    .unwrap()
            );
            assert!(
                p.verify_evenly("Hello world!", Some(&argon), peer)
                    .await
                    .unwrap()
            );
            assert!(!p.verify_evenly("wrong", Some(&argon), peer).await.unwrap());
            assert!(!p.verify_evenly("Hello world!", None, peer).await.unwrap());
        }
    }

    #[test]
    fn working_memory_is_reused_and_a_larger_one_not_kept() {
        let small = Passwords::new(64, 1).unwrap();
        let large = Passwords::new(256, 1).unwrap();
        let (own, other) = (
            small.hash_now("correct horse").unwrap(),
            large.hash_now("correct horse").unwrap(),
        );
        let kept = |p: &Passwords| p.inner.memory.lock().unwrap().len();
        for _ in 0..3 {
            assert!(small.inner.verify("correct horse", &own));
            assert!(!small.inner.verify("wrong horse", &own));
        }
        assert_eq!(kept(&small), 1, "one check at a time keeps one memory");
        // A hash of a higher cost still verifies (its own parameters apply);
        // the larger memory it needed is not kept.
        assert!(small.inner.verify("correct horse", &other));
        assert!(!small.inner.verify("wrong horse", &other));
        assert_eq!(kept(&small), 1);
        let memory = small.inner.memory.lock().unwrap();
        assert!(memory.iter().all(|m| m.len() <= 64));
    }

    #[tokio::test]
    async fn a_full_pool_refuses_after_the_wait() {
        let p = Passwords::new(64, 1)
            .unwrap()
            .with_pool(1, Duration::from_millis(20));
        let held = p.slots.clone().acquire_owned().await.unwrap();
        match p.verify("x", "y").await {
            Err(ApiError::Busy { retry_after, .. }) => assert!(retry_after >= 1),
            other => panic!("expected Busy, got {:?}", other.map(|_| ())),
        }
        drop(held);
        assert!(!p.verify("x", "y").await.unwrap());
    }
}
