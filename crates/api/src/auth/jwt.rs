//! Short-lived access tokens (HS256 JWT) carrying the user's token version.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Site id; absent for platform admins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<i64>,
    /// The user's token version when issued; a password change bumps it.
    pub ver: i32,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The same secret, for HMACs of other signed values (device cookies).
    secret: std::sync::Arc<[u8]>,
}

impl JwtKeys {
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            secret: secret.into(),
        }
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    pub fn issue(&self, claims: &Claims) -> Result<String, String> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding).map_err(|e| e.to_string())
    }

    /// Verifies signature, algorithm (HS256 only, so `alg: none` fails) and
    /// expiry against `now` (the app's clock, so tests can move it).
    pub fn verify(&self, token: &str, now: i64) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.validate_exp = false;
        v.set_required_spec_claims(&["exp", "sub"]);
        decode::<Claims>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims)
            .filter(|c| c.exp > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn claims(exp_in: i64) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub: "7".into(),
            site: Some(3),
            ver: 1,
            iat: now,
            exp: now + exp_in,
        }
    }

    #[test]
    fn round_trip_and_rejections() {
        let k = JwtKeys::from_secret(b"0123456789abcdef0123456789abcdef");
        let now = chrono::Utc::now().timestamp();
        let t = k.issue(&claims(60)).unwrap();
        assert_eq!(k.verify(&t, now).unwrap().sub, "7");
        // Expired.
        assert!(k.verify(&k.issue(&claims(-10)).unwrap(), now).is_none());
        assert!(k.verify(&t, now + 60).is_none());
        // Another key.
        let other = JwtKeys::from_secret(b"another secret another secret 12");
        assert!(other.verify(&t, now).is_none());
        // Tampered payload.
        let parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Claims {
                sub: "1".into(),
                ..claims(60)
            })
            .unwrap(),
        );
        assert!(
            k.verify(&format!("{}.{}.{}", parts[0], forged, parts[2]), now)
                .is_none()
        );
        // alg: none.
        let none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(k.verify(&format!("{none}.{}.", parts[1]), now).is_none());
    }
}
