//! Reading signature candidates out of a header and checking them in constant time.

use crate::{Error, Headers, Provider};
use subtle::{Choice, ConstantTimeEq};

/// At most this many candidates are read from the signature header(s).
pub const MAX_CANDIDATES: usize = 8;

/// A SHA-256 digest.
pub(crate) type Digest = [u8; 32];

/// The well-formed candidates found in the signature header(s).
pub(crate) struct Candidates {
    digests: [Digest; MAX_CANDIDATES],
    len: usize,
}

impl Candidates {
    /// Reads every value of the provider's signature header, split on commas and whitespace.
    /// No piece at all (no header, or values of only commas and whitespace, as a Web `Headers`
    /// joins a repeated empty header into `", "`) is a missing signature, not a malformed one.
    pub(crate) fn read<H: Headers + ?Sized>(
        provider: Provider,
        headers: &H,
    ) -> Result<Self, Error> {
        let header = provider.signature_header();
        let prefix = provider.signature_prefix();
        let mut found = Candidates {
            digests: [[0; 32]; MAX_CANDIDATES],
            len: 0,
        };
        let mut pieces = 0usize;
        headers.for_each_value(header, &mut |value| {
            for piece in value
                .split(|&b| b == b',' || b.is_ascii_whitespace())
                .filter(|p| !p.is_empty())
            {
                pieces += 1;
                if pieces <= MAX_CANDIDATES {
                    if let Some(d) = decode(piece, prefix) {
                        found.digests[found.len] = d;
                        found.len += 1;
                    }
                }
            }
        });
        let malformed = |reason| Err(Error::MalformedSignature { header, reason });
        if pieces == 0 {
            Err(Error::MissingSignature { header })
        } else if pieces > MAX_CANDIDATES {
            malformed("more than 8 signatures in one request")
        } else if found.len == 0 && !prefix.is_empty() {
            malformed("expected `sha256=` followed by 64 hex digits")
        } else if found.len == 0 {
            malformed("expected 64 hex digits (an HMAC-SHA256)")
        } else {
            Ok(found)
        }
    }

    /// Whether any candidate equals `tag`, compared in constant time over all candidates.
    pub(crate) fn contains(&self, tag: &Digest) -> Choice {
        self.digests[..self.len]
            .iter()
            .fold(Choice::from(0), |acc, d| acc | d.ct_eq(tag))
    }
}

/// Decodes one candidate: the prefix (ASCII-case-insensitive) then exactly 64 hex digits.
fn decode(piece: &[u8], prefix: &str) -> Option<Digest> {
    let (head, hex) = piece.split_at_checked(prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix.as_bytes()) || hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Lowercase hex of a digest.
pub(crate) fn to_hex(digest: &Digest) -> alloc::string::String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    digest
        .iter()
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    const HEX64: &str = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";

    fn read(provider: Provider, values: &[&str]) -> Result<usize, &'static str> {
        let name = provider.signature_header();
        let headers: alloc::vec::Vec<_> = values.iter().map(|v| (name, *v)).collect();
        Candidates::read(provider, &headers)
            .map(|c| c.len)
            .map_err(|e| e.code())
    }

    #[test]
    fn accepts_hex_in_either_case_with_surrounding_whitespace() {
        assert_eq!(read(Provider::Sajn, &[&format!("  {HEX64}\t")]), Ok(1));
        assert_eq!(
            read(Provider::Propper, &[&format!("SHA256={HEX64}")]),
            Ok(1)
        );
    }

    #[test]
    fn splits_joined_and_repeated_headers() {
        let joined = format!("{HEX64}, {HEX64}");
        assert_eq!(read(Provider::Krebit, &[&joined, HEX64]), Ok(3));
    }

    #[test]
    fn reports_missing_and_malformed() {
        assert_eq!(read(Provider::Krebit, &[]), Err("MISSING_SIGNATURE"));
        assert_eq!(read(Provider::Krebit, &["  "]), Err("MISSING_SIGNATURE"));
        // Only separators: no candidate at all, however the values arrive (repeated, or
        // joined into one by a Web `Headers`).
        assert_eq!(read(Provider::Krebit, &[", ,"]), Err("MISSING_SIGNATURE"));
        assert_eq!(read(Provider::Krebit, &["", " "]), Err("MISSING_SIGNATURE"));
        assert_eq!(read(Provider::Krebit, &[", "]), Err("MISSING_SIGNATURE"));
        assert_eq!(
            read(Provider::Krebit, &[",\t,", "\r\n"]),
            Err("MISSING_SIGNATURE")
        );
        assert_eq!(read(Provider::Krebit, &[", x"]), Err("MALFORMED_SIGNATURE"));
        assert_eq!(
            read(Provider::Krebit, &[&HEX64[1..]]),
            Err("MALFORMED_SIGNATURE")
        );
        assert_eq!(
            read(Provider::Propper, &["sha256="]),
            Err("MALFORMED_SIGNATURE")
        );
        assert_eq!(
            read(Provider::Propper, &[HEX64]),
            Err("MALFORMED_SIGNATURE")
        );
        assert_eq!(
            read(Provider::Sajn, &[&format!("sha256={HEX64}")]),
            Err("MALFORMED_SIGNATURE")
        );
        assert_eq!(
            read(Provider::Sajn, &["zz".repeat(32).as_str()]),
            Err("MALFORMED_SIGNATURE")
        );
    }

    #[test]
    fn more_than_eight_candidates_is_malformed() {
        let eight = [HEX64; 8].join(",");
        assert_eq!(read(Provider::Sajn, &[&eight]), Ok(8));
        assert_eq!(
            read(Provider::Sajn, &[&eight, HEX64]),
            Err("MALFORMED_SIGNATURE")
        );
    }

    #[test]
    fn a_malformed_candidate_beside_a_good_one_is_ignored() {
        assert_eq!(read(Provider::Sajn, &[&format!("abc,{HEX64}")]), Ok(1));
    }

    #[test]
    fn hex_round_trips() {
        let d = decode(HEX64.as_bytes(), "").unwrap();
        assert_eq!(to_hex(&d), HEX64.to_ascii_lowercase());
    }
}
