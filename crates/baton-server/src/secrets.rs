//! Unguessable values: PINs, link and session tokens, opaque ids, webhook secrets.
//!
//! Everything here draws from the operating system's CSPRNG (`getrandom`); nothing else in the
//! server may generate a secret or an id another way (no seeded generators, no counters, no
//! timestamps). Text forms use base64url without padding, so they fit in URLs, cookies and
//! headers unescaped.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
/// `N` random bytes.
// Once the process runs, the operating system's generator does not fail; if it ever did, no
// secret could be made at all, so the server stops here rather than make a weak one.
#[allow(clippy::expect_used)]
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    getrandom::getrandom(&mut out).expect("the operating system's random generator failed");
    out
}

/// `N` random bytes as base64url text (`ceil(N * 4 / 3)` characters).
fn token<const N: usize>() -> String {
    URL_SAFE_NO_PAD.encode(bytes::<N>())
}

/// A PIN of `digits` decimal digits, each uniform over 0-9.
///
/// A random byte below 250 gives its value modulo 10; bytes of 250 and above are drawn again
/// instead of being reduced, which would make the digits 0-5 more likely than the others.
pub fn pin(digits: usize) -> String {
    let mut pin = String::with_capacity(digits);
    while pin.len() < digits {
        for byte in bytes::<16>().into_iter().filter(|b| *b < 250) {
            if pin.len() < digits {
                pin.push(char::from(b'0' + byte % 10));
            }
        }
    }
    pin
}

/// A single-use invitation link token: 128 bits, 22 base64url characters.
pub fn link_token() -> String {
    token::<16>()
}

/// An opaque 128-bit id with a readable prefix, e.g. `id("conv")` = `conv_` + 22 characters.
pub fn id(prefix: &str) -> String {
    format!("{prefix}_{}", token::<16>())
}

/// A session token (or CSRF token): 256 bits, 43 base64url characters.
pub fn session_token() -> String {
    token::<32>()
}

/// A random UUID (version 4) in its usual text form, for ids that receivers expect to look
/// like UUIDs (webhook event and delivery ids).
pub fn uuid() -> String {
    let mut b = bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_base64url(s: &str) -> bool {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    #[test]
    fn pins_have_the_requested_number_of_decimal_digits() {
        for digits in [0, 1, 6, 9, 12] {
            let p = pin(digits);
            assert_eq!(p.len(), digits);
            assert!(p.bytes().all(|b| b.is_ascii_digit()), "{p}");
        }
    }

    #[test]
    fn every_pin_digit_occurs_about_equally_often() {
        let mut counts = [0u32; 10];
        for _ in 0..2_000 {
            for b in pin(10).bytes() {
                counts[usize::from(b - b'0')] += 1;
            }
        }
        // 20,000 draws: each digit expects 2,000 (sd ~42); 1,800..2,200 is far outside chance.
        assert!(
            counts.iter().all(|&c| (1_800..2_200).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn link_tokens_are_22_base64url_characters() {
        let t = link_token();
        assert_eq!(t.len(), 22);
        assert!(is_base64url(&t), "{t}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&t).unwrap().len(), 16);
    }

    #[test]
    fn session_tokens_carry_256_bits() {
        let t = session_token();
        assert_eq!(t.len(), 43);
        assert!(is_base64url(&t), "{t}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&t).unwrap().len(), 32);
    }

    #[test]
    fn ids_keep_their_prefix() {
        let i = id("conv");
        let rest = i.strip_prefix("conv_").unwrap();
        assert_eq!(rest.len(), 22);
        assert!(is_base64url(rest), "{i}");
    }

    #[test]
    fn uuids_are_version_4() {
        let u = uuid();
        assert_eq!(u.len(), 36);
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn values_do_not_repeat() {
        let n = 1_000;
        assert_eq!(
            (0..n).map(|_| link_token()).collect::<HashSet<_>>().len(),
            n
        );
        assert_eq!(
            (0..n)
                .map(|_| session_token())
                .collect::<HashSet<_>>()
                .len(),
            n
        );
        assert_eq!((0..n).map(|_| id("x")).collect::<HashSet<_>>().len(), n);
        assert_eq!((0..n).map(|_| uuid()).collect::<HashSet<_>>().len(), n);
    }
}
