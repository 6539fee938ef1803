//! The client's address: the peer, or X-Forwarded-For behind trusted proxies.

use ipnet::IpNet;
use std::net::IpAddr;

/// Walks X-Forwarded-For from the right, skipping trusted proxies; the first
/// untrusted address is the client. Without a trusted peer the header is ignored.
pub fn client_addr(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpNet],
) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let Some(header) = forwarded_for else {
        return Some(peer);
    };
    let mut last = peer;
    for hop in header.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => last = ip,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(last),
        }
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            client_addr(Some(ip("1.2.3.4")), Some("9.9.9.9"), &trusted),
            Some(ip("1.2.3.4"))
        );
        assert_eq!(
            client_addr(Some(ip("10.0.0.1")), Some("9.9.9.9"), &trusted),
            Some(ip("9.9.9.9"))
        );
        assert_eq!(
            client_addr(
                Some(ip("10.0.0.1")),
                Some("6.6.6.6, 9.9.9.9, 10.0.0.2"),
                &trusted
            ),
            Some(ip("9.9.9.9"))
        );
        assert_eq!(
            client_addr(Some(ip("10.0.0.1")), None, &trusted),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            client_addr(Some(ip("10.0.0.1")), Some("garbage"), &trusted),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            client_addr(Some(ip("10.0.0.1")), Some("9.9.9.9"), &[]),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(client_addr(None, None, &trusted), None);
    }
}
