//! Which build of yass this process runs, so that data shared through the
//! database in a build's own format (response snapshots) is only read by the
//! same build: during a rolling deploy the old and the new binary each keep
//! their own.

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A short hash of this process's executable (read once; falls back to the
/// crate version and commit when the file cannot be read).
pub fn id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let hashed = std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(|mut f| {
                let mut h = Sha256::new();
                std::io::copy(&mut f, &mut h)?;
                Ok(hex::encode(&h.finalize()[..6]))
            });
        hashed.unwrap_or_else(|_| {
            format!(
                "{}-{}",
                env!("CARGO_PKG_VERSION"),
                option_env!("YASS_GIT_COMMIT").unwrap_or("dev")
            )
        })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_id_is_short_and_stable() {
        let a = super::id();
        assert!(!a.is_empty() && a.len() <= 24, "{a}");
        assert_eq!(a, super::id());
    }
}
