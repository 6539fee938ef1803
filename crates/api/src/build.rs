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

/// The release this binary was deployed as: the first line of `RELEASE`
/// next to the executable (the deploy writes it; see
/// ops/ansible/roles/yass/tasks/install.yml), else "unknown". Read once.
/// The deploy bot's `status` shows it per instance.
pub fn release() -> &'static str {
    static RELEASE: OnceLock<String> = OnceLock::new();
    RELEASE.get_or_init(|| {
        std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.with_file_name("RELEASE")).ok())
            .and_then(|s| s.lines().next().map(|l| sanitize_release(l.trim())))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown".into())
    })
}

/// A label value stays short and plain whatever the file holds.
fn sanitize_release(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_release_name_is_kept_plain_and_short() {
        assert_eq!(
            super::sanitize_release("abc123-2026.12\"\n"),
            "abc123-2026.12"
        );
        assert_eq!(super::sanitize_release(&"x".repeat(100)).len(), 64);
    }

    #[test]
    fn the_id_is_short_and_stable() {
        let a = super::id();
        assert!(!a.is_empty() && a.len() <= 24, "{a}");
        assert_eq!(a, super::id());
    }
}
