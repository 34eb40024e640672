//! Which address a request comes from, for the guessing limits: the TCP peer, or, when the
//! peer is one of the operator's trusted proxies (`[server] trusted_proxies`), the client that
//! proxy names in `Forwarded` (RFC 7239) or `X-Forwarded-For`.
//!
//! The headers are read from right to left, skipping trusted proxies, so a client cannot name
//! itself anything: only what the last untrusted hop was seen as by a trusted one counts.
//! Nothing here limits anything; `crate::limits` counts per address.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The client's address: `peer`, unless `peer` is a trusted proxy, then the right-most address
/// of the forwarding headers that is not itself a trusted proxy. A trusted proxy that names no
/// usable address leaves the proxy as the client.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let trusted = |address: &IpAddr| {
        let address = canonical(*address);
        trusted_proxies.iter().any(|net| net.contains(&address))
    };
    if !trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for(headers).into_iter().rev() {
        match hop {
            Some(address) => {
                client = address;
                if !trusted(&address) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The hops named by `Forwarded`'s `for=` parameters, or else by `X-Forwarded-For`, in order
/// (`None` for a hop that is not an address, e.g. `unknown` or an obfuscated name).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("").to_owned())
            .collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| node_address(value.trim().trim_matches('"')))
                })?
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .flat_map(|value| value.split(','))
        .map(|hop| node_address(hop.trim()))
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]`, `[2001:db8::1]:80` or `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            node.strip_prefix('[')?
                .strip_suffix(']')?
                .parse::<IpAddr>()
                .ok()
        })
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claims = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            client_address(ip("203.0.113.9"), &claims, &nets(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
        assert_eq!(client_address(ip("10.0.0.2"), &claims, &[]), ip("10.0.0.2"));
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &chain, &trusted),
            ip("198.51.100.7"),
            "1.2.3.4 is what the client claimed; 198.51.100.7 what the proxy saw"
        );
        let split = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &split, &trusted),
            ip("198.51.100.8")
        );
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let trusted = nets(&["10.0.0.0/8", "fd00::/8"]);
        let both = headers(&[
            (
                "forwarded",
                "for=192.0.2.60;proto=https, For=\"[2001:db8:cafe::17]:4711\"",
            ),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            client_address(ip("fd00::1"), &both, &trusted),
            ip("2001:db8:cafe::17")
        );
        let port = headers(&[("forwarded", "for=\"192.0.2.61:8080\"")]);
        assert_eq!(
            client_address(ip("10.1.1.1"), &port, &trusted),
            ip("192.0.2.61")
        );
    }

    #[test]
    fn a_hop_that_is_no_address_stops_the_walk() {
        let trusted = nets(&["10.0.0.0/8"]);
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &unknown, &trusted),
            ip("10.0.0.2")
        );
        let obfuscated = headers(&[("x-forwarded-for", "198.51.100.7, _hidden, 10.0.0.9")]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &obfuscated, &trusted),
            ip("10.0.0.9")
        );
        assert_eq!(
            client_address(ip("::ffff:10.0.0.2"), &headers(&[]), &trusted),
            ip("::ffff:10.0.0.2"),
            "no header: the proxy itself"
        );
    }
}
