//! Where the server may send requests of its own accord (webhook deliveries): public
//! addresses only, unless the operator allows private networks (`[webhooks]
//! allow_private_networks`). Otherwise whoever may register a webhook could make the server
//! call its own loopback services, the cloud's metadata service (link-local) or the bank's
//! internal network.
//!
//! A host name is checked when it is registered and again when it is resolved for each
//! connection (the resolver installed in the HTTP client drops non-public answers), so a name
//! that later resolves to a private address (DNS rebinding) reaches nothing. Redirects are the
//! HTTP clients' business (webhooks follow none). Nothing here knows about webhooks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why a URL may not be called.
#[derive(Debug, thiserror::Error)]
pub enum EgressError {
    /// The URL names or resolves to a loopback, private, link-local or otherwise non-public
    /// address.
    #[error("{0} is not a public address (loopback, private and link-local networks are refused)")]
    NotPublic(String),
}

/// Whether `address` is on the public internet: not loopback, private (RFC 1918, unique
/// local), link-local, shared (CGNAT), unspecified, "this network", multicast or broadcast,
/// also when written as an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, ..] = v4.octets();
    !(v4.is_loopback()
        || v4.is_private()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_multicast()
        || v4.is_broadcast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && v4.octets()[2] == 0)
        || a >= 240)
}

fn is_public_v6(v6: Ipv6Addr) -> bool {
    let first = v6.segments()[0];
    !(v6.is_loopback()
        || v6.is_unspecified()
        || v6.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0)
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`)
/// or NAT64 (`64:ff9b::a.b.c.d`) address.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4];
    let compatible = s[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified();
    (nat64 || compatible).then_some(tail)
}

/// The policy for outgoing requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Egress {
    /// Private networks allowed (tests, or an operator whose receivers are internal).
    pub allow_private_networks: bool,
}

impl Egress {
    /// Whether `url` may be called: an address in it must be public, and a host name must not
    /// resolve to a non-public one now (a name that does not resolve cannot be checked yet:
    /// each connection is checked again).
    pub async fn check(&self, url: &Url) -> Result<(), EgressError> {
        if self.allow_private_networks {
            return Ok(());
        }
        let host = url.host_str().unwrap_or_default();
        let refused = || EgressError::NotPublic(host.to_owned());
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(address) = literal.parse::<IpAddr>() {
            return is_public(address).then_some(()).ok_or_else(refused);
        }
        if host.is_empty() {
            return Err(refused());
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let resolved: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map(Iterator::collect)
            .unwrap_or_default();
        if resolved.iter().any(|a| !is_public(a.ip())) {
            Err(refused())
        } else {
            Ok(())
        }
    }

    /// An HTTP client builder whose connections go to public addresses only (unless allowed):
    /// host names are resolved by [`PublicResolver`]. Addresses written in a URL bypass any
    /// resolver, so callers check those with [`Egress::check`] before each request.
    pub fn client_builder(&self) -> reqwest::ClientBuilder {
        let builder = reqwest::Client::builder();
        if self.allow_private_networks {
            builder
        } else {
            builder.dns_resolver(Arc::new(PublicResolver))
        }
    }
}

/// Resolves host names with the system's resolver and keeps only public addresses, so the
/// address checked is the address connected to.
#[derive(Debug)]
pub struct PublicResolver;

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if addresses.is_empty() {
                return Err(Box::new(EgressError::NotPublic(host)) as _);
            }
            let addresses: Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn public(address: &str) -> bool {
        is_public(address.parse().unwrap())
    }

    #[test]
    fn loopback_private_link_local_and_special_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::10.0.0.1",
        ] {
            assert!(!public(address), "{address}");
        }
        for address in [
            "8.8.8.8",
            "203.0.113.7",
            "172.32.0.1",
            "100.128.0.1",
            "2001:db8::1",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
        ] {
            assert!(public(address), "{address}");
        }
    }

    #[tokio::test]
    async fn urls_naming_non_public_hosts_are_refused_unless_allowed() {
        let strict = Egress {
            allow_private_networks: false,
        };
        for url in [
            "http://127.0.0.1:9/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/",
            "http://[::1]:8080/",
            "http://localhost:8080/",
            "https://[::ffff:192.168.0.1]/",
        ] {
            let url = Url::parse(url).unwrap();
            assert!(strict.check(&url).await.is_err(), "{url}");
        }
        strict
            .check(&Url::parse("https://203.0.113.7/hook").unwrap())
            .await
            .unwrap();
        let allowing = Egress {
            allow_private_networks: true,
        };
        allowing
            .check(&Url::parse("http://127.0.0.1:9/hook").unwrap())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_resolver_gives_no_address_for_a_name_of_a_private_one() {
        // "localhost" stands for a name an attacker's DNS answers with 127.0.0.1 at delivery.
        let resolved = PublicResolver
            .resolve(Name::from_str("localhost").unwrap())
            .await;
        assert!(resolved.is_err());
    }
}
