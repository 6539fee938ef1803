//! Device cookies: proof that this browser signed in to an account before.
//! A known device is throttled on its own key only, so strangers failing on
//! the account (or from the school's shared address) cannot lock its user
//! out (docs/decisions/0008).
//!
//! Value: `tenant.user.device.issued_at.mac`, where `mac` is the HMAC-SHA256
//! of the rest under the server's JWT secret (shared by every instance).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a device stays known after its last sign-in.
pub const LIFETIME_SECS: i64 = 90 * 24 * 3600;

/// The cookie of one account on this browser (one per account, so a shared
/// staff-room computer keeps every teacher's proof).
pub fn cookie_name(tenant: i64, user_id: i64) -> String {
    format!("yass_device_{tenant}_{user_id}")
}

fn mac(secret: &[u8], payload: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length (a long one is hashed first).
    let mut m = <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
    m.update(b"yass-device-v1:");
    m.update(payload.as_bytes());
    m
}

/// A new signed value for `user_id` of `tenant`, with a fresh device id.
pub fn issue(secret: &[u8], tenant: i64, user_id: i64, now: i64) -> String {
    let device = super::secrets::random_token(16);
    let payload = format!("{tenant}.{user_id}.{device}.{now}");
    let sig = URL_SAFE_NO_PAD.encode(mac(secret, &payload).finalize().into_bytes());
    format!("{payload}.{sig}")
}

/// The device id in `value` if it is signed by us, for this user of this
/// tenant, and not older than the lifetime.
pub fn verify(secret: &[u8], value: &str, tenant: i64, user_id: i64, now: i64) -> Option<String> {
    let (payload, sig) = value.rsplit_once('.')?;
    let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
    mac(secret, payload).verify_slice(&sig).ok()?;
    let mut parts = payload.split('.');
    let (t, u, device, iat) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || t.parse::<i64>().ok()? != tenant
        || u.parse::<i64>().ok()? != user_id
    {
        return None;
    }
    let iat: i64 = iat.parse().ok()?;
    (iat <= now + 60 && now - iat < LIFETIME_SECS && !device.is_empty()).then(|| device.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test secret test secret test secret 0123";

    #[test]
    fn a_signed_value_verifies_for_its_user_only() {
        let v = issue(KEY, 3, 7, 1_000);
        let d = verify(KEY, &v, 3, 7, 1_000).unwrap();
        assert_eq!(d.len(), 22);
        assert_ne!(issue(KEY, 3, 7, 1_000), v, "fresh device id each time");
        assert!(verify(KEY, &v, 4, 7, 1_000).is_none(), "other site");
        assert!(verify(KEY, &v, 3, 8, 1_000).is_none(), "other user");
        assert!(verify(b"another key another key another key!!", &v, 3, 7, 1_000).is_none());
    }

    #[test]
    fn tampered_or_old_values_fail() {
        let v = issue(KEY, 3, 7, 1_000);
        let forged = v.replacen("3.7.", "3.8.", 1);
        assert!(verify(KEY, &forged, 3, 8, 1_000).is_none());
        assert!(verify(KEY, &v, 3, 7, 1_000 + LIFETIME_SECS).is_none());
        assert!(verify(KEY, &v, 3, 7, 1_000 + LIFETIME_SECS - 1).is_some());
        for junk in ["", ".", "a.b.c.d.e", "3.7.x.1000.", "3.7.x.1000.!!"] {
            assert!(verify(KEY, junk, 3, 7, 1_000).is_none(), "{junk:?}");
        }
    }
}
