//! Random opaque tokens and their stored hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes, base64url.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// What is stored for an opaque token: its SHA-256, hex. The tokens are
/// random and long, so a fast hash is enough (no guessing to slow down).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Prefix that tells API tokens from JWTs in an Authorization header.
pub const API_TOKEN_PREFIX: &str = "yass_";

pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_token(32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert_eq!(token_hash("x"), token_hash("x"));
        assert_eq!(token_hash("x").len(), 64);
        assert!(new_api_token().starts_with("yass_"));
    }
}
