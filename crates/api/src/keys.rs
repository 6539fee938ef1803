//! The JWT signing secret: configured (shared by every instance), or
//! generated once and kept in the data directory. Never a built-in default.

use crate::config::Settings;
use std::io::Write;

const FILE: &str = "jwt-secret";

pub fn jwt_secret(settings: &Settings) -> Result<Vec<u8>, String> {
    if let Some(s) = settings.jwt_secret.as_deref().filter(|s| !s.is_empty()) {
        if s.len() < 32 {
            return Err("YASS_JWT_SECRET must be at least 32 bytes.".into());
        }
        return Ok(s.as_bytes().to_vec());
    }
    let path = settings.data_dir.join(FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= 32 {
            return Ok(existing.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(&settings.data_dir).map_err(|e| format!("data dir: {e}"))?;
    let secret = crate::auth::secrets::random_token(48);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.write_all(secret.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(secret.into_bytes())
}
