//! argon2id password hashing.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    /// A real hash of a random password: checking unknown accounts against it
    /// makes them take as long as known ones, so timing tells nothing.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(memory_kib: u32, iterations: u32) -> Result<Self, String> {
        let params = Params::new(memory_kib.max(8), iterations.max(1), 1, None)
            .map_err(|e| format!("argon2 parameters: {e}"))?;
        let mut me = Self {
            params,
            dummy_hash: String::new(),
        };
        me.dummy_hash = me.hash(&super::secrets::random_token(16))?;
        Ok(me)
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub fn hash(&self, password: &str) -> Result<String, String> {
        self.argon()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| format!("hashing failed: {e}"))
    }

    /// Whether `password` matches `hash` (a PHC string; its own parameters apply).
    pub fn verify(&self, password: &str, hash: &str) -> bool {
        PasswordHash::new(hash)
            .map(|parsed| {
                self.argon()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }

    /// Spends the time a real check would, for accounts that do not exist.
    pub fn verify_dummy(&self, password: &str) {
        let _ = self.verify(password, &self.dummy_hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let p = Passwords::new(64, 1).unwrap();
        let h = p.hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("correct horse", &h));
        assert!(!p.verify("wrong horse", &h));
        assert!(!p.verify("correct horse", "not a hash"));
        assert_ne!(h, p.hash("correct horse").unwrap(), "salted");
    }
}
