//! Reading signature candidates out of a header and checking them in constant time.

use crate::scheme::{Encoding, Format, Location, Scheme};
use crate::{Error, Headers};
use alloc::string::String;
use base64::Engine as _;
use sha2::{Digest as _, Sha256};
use subtle::{Choice, ConstantTimeEq};

/// At most this many candidates are read from the signature header(s).
pub const MAX_CANDIDATES: usize = 8;

/// A SHA-256 digest.
pub(crate) type Digest = [u8; 32];

/// What the signature header(s) of one request hold: the well-formed candidates and, for
/// schemes that sign one, the timestamp as sent.
pub(crate) struct Candidates {
    digests: [Digest; MAX_CANDIDATES],
    len: usize,
    /// The signed timestamp: its text as sent (it is part of the signed bytes) and its value.
    pub(crate) timestamp: Option<(String, i64)>,
}

impl Candidates {
    /// Reads every value of the scheme's signature header(s). No piece at all (no header, or
    /// values of only separators, as a Web `Headers` joins a repeated empty header into
    /// `", "`) is a missing signature, not a malformed one.
    #[cfg(test)]
    pub(crate) fn read<H: Headers + ?Sized>(scheme: &Scheme, headers: &H) -> Result<Self, Error> {
        Self::read_with_field(scheme, headers, None)
    }

    /// [`read`](Candidates::read), for a scheme whose signature sits in a body field:
    /// `field` is that field's text, when the body has it.
    pub(crate) fn read_with_field<H: Headers + ?Sized>(
        scheme: &Scheme,
        headers: &H,
        field: Option<&[u8]>,
    ) -> Result<Self, Error> {
        let header = scheme.location.name();
        let mut found = Candidates {
            digests: [[0; 32]; MAX_CANDIDATES],
            len: 0,
            timestamp: None,
        };
        let mut pieces = 0usize;
        // A timestamp that differs between pieces: no single message was signed.
        let mut conflicting = false;
        let each_value = |f: &mut dyn FnMut(&[u8])| match scheme.location {
            Location::Header(name) => headers.for_each_value(name, f),
            Location::Numbered(names) => {
                for name in names {
                    headers.for_each_value(name, f);
                }
            }
            Location::BodyField(_) | Location::Query(..) => {
                if let Some(value) = field {
                    f(value);
                }
            }
        };
        // What separates signatures in one value (a plain closure: it runs for every byte).
        let split = |b: &u8| match scheme.format {
            Format::Versioned => b.is_ascii_whitespace(),
            Format::Secret => false,
            _ => *b == b',' || b.is_ascii_whitespace(),
        };
        each_value(&mut |value| {
            let value = match scheme.format {
                Format::Secret => value.trim_ascii(),
                _ => value,
            };
            for piece in value.split(split).filter(|p| !p.is_empty()) {
                pieces += 1;
                if pieces > MAX_CANDIDATES {
                    continue;
                }
                let (timestamp, digest) = match scheme.format {
                    Format::List { prefix } => (None, strip_prefix(piece, prefix)),
                    Format::Tagged => match split_once(piece, b'=') {
                        Some((b"t", ts)) => {
                            found.note_timestamp(ts, &mut conflicting);
                            continue;
                        }
                        Some((tag, sig)) if is_numbered_s(tag) => (None, Some(sig)),
                        _ => continue, // an unknown tag: room for the provider to add some
                    },
                    Format::TimestampDot => match split_once(piece, b'.') {
                        Some((ts, sig)) => (Some(ts), Some(sig)),
                        None => (None, None),
                    },
                    Format::Versioned => {
                        let piece = piece.strip_suffix(b",").unwrap_or(piece);
                        match split_once(piece, b',') {
                            Some((b"v1", sig)) => (None, Some(sig)),
                            _ => continue, // another version: not ours to check
                        }
                    }
                    // Never read as a signature: the verify path checks the client id instead.
                    Format::Secret | Format::ClientId => {
                        let digest: Digest = Sha256::digest(piece).into();
                        found.push(digest);
                        continue;
                    }
                };
                if let Some(ts) = timestamp {
                    if !found.note_timestamp(ts, &mut conflicting) {
                        continue;
                    }
                }
                if let Some(d) = digest.and_then(|d| decode(d, scheme.encoding)) {
                    found.push(d);
                }
            }
        });
        let malformed = |reason| Err(Error::MalformedSignature { header, reason });
        if pieces == 0 {
            return Err(Error::MissingSignature { header });
        } else if pieces > MAX_CANDIDATES {
            return malformed("more than 8 signatures in one request");
        } else if conflicting {
            return malformed("the signatures carry different timestamps");
        }
        match scheme.format {
            Format::Tagged | Format::TimestampDot if found.timestamp.is_none() => {
                return malformed("no timestamp (expected whole Unix seconds)");
            }
            _ => {}
        }
        if let Some(name) = scheme.timestamp_header {
            let mut value = None;
            headers.for_each_value(name, &mut |v| {
                value.get_or_insert_with(|| v.trim_ascii().to_vec());
            });
            match value.filter(|v| !v.is_empty()) {
                None => return Err(Error::MissingSignature { header: name }),
                Some(v) => match parse_seconds(&v) {
                    Some(t) => found.timestamp = Some((String::from_utf8_lossy(&v).into(), t)),
                    None => {
                        return Err(Error::MalformedSignature {
                            header: name,
                            reason: "expected whole Unix seconds",
                        })
                    }
                },
            }
        }
        if found.len == 0 {
            return malformed(match (scheme.format, scheme.encoding) {
                (Format::List { prefix: "sha256=" }, _) => {
                    "expected `sha256=` followed by 64 hex digits"
                }
                (Format::List { .. }, Encoding::Hex) => "expected 64 hex digits (an HMAC-SHA256)",
                (Format::List { .. }, Encoding::Base64) => {
                    "expected an HMAC-SHA256 in base64 (44 characters)"
                }
                (Format::Tagged, _) => "expected `t=<seconds>, s0=<64 hex digits>`",
                (Format::TimestampDot, _) => "expected `<seconds>.<64 hex digits>`",
                (Format::Versioned, _) => "expected `v1,` followed by an HMAC-SHA256 in base64",
                (Format::Secret | Format::ClientId, _) => "expected the webhook secret",
            });
        }
        Ok(found)
    }

    fn push(&mut self, digest: Digest) {
        self.digests[self.len] = digest;
        self.len += 1;
    }

    /// Records a timestamp read from the signature value; false when it is not whole seconds.
    fn note_timestamp(&mut self, text: &[u8], conflicting: &mut bool) -> bool {
        let Some(value) = parse_seconds(text) else {
            return false;
        };
        match &self.timestamp {
            Some((_, seen)) if *seen != value => *conflicting = true,
            Some(_) => {}
            None => self.timestamp = Some((String::from_utf8_lossy(text).into(), value)),
        }
        true
    }

    /// Whether any candidate equals `tag`, compared in constant time over all candidates.
    pub(crate) fn contains(&self, tag: &Digest) -> Choice {
        self.digests[..self.len]
            .iter()
            .fold(Choice::from(0), |acc, d| acc | d.ct_eq(tag))
    }
}

/// The bytes before and after the first `sep`.
fn split_once(bytes: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == sep)?;
    Some((&bytes[..at], &bytes[at + 1..]))
}

/// `s0`, `s1`, …: BoldSign's signature tags.
fn is_numbered_s(tag: &[u8]) -> bool {
    tag.len() > 1 && tag[0] == b's' && tag[1..].iter().all(u8::is_ascii_digit)
}

/// Whole, non-negative Unix seconds, at most 12 digits (no sign, no fraction).
fn parse_seconds(text: &[u8]) -> Option<i64> {
    if text.is_empty() || text.len() > 12 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
}

/// The candidate after `prefix` (ASCII-case-insensitive), if it starts with it.
fn strip_prefix<'a>(piece: &'a [u8], prefix: &str) -> Option<&'a [u8]> {
    let (head, rest) = piece.split_at_checked(prefix.len())?;
    head.eq_ignore_ascii_case(prefix.as_bytes()).then_some(rest)
}

/// Decodes one digest: exactly 64 hex digits, or 44 characters of padded standard base64.
fn decode(text: &[u8], encoding: Encoding) -> Option<Digest> {
    match encoding {
        Encoding::Hex => decode_hex(text),
        Encoding::Base64 => {
            if text.len() != 44 {
                return None;
            }
            let mut out = [0u8; 33];
            match base64::engine::general_purpose::STANDARD.decode_slice(text, &mut out) {
                Ok(32) => out[..32].try_into().ok(),
                _ => None,
            }
        }
    }
}

/// Exactly 64 hex digits, either case.
fn decode_hex(hex: &[u8]) -> Option<Digest> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

/// Standard base64 with padding of a digest.
pub(crate) fn to_base64(digest: &Digest) -> String {
    base64::engine::general_purpose::STANDARD.encode(digest)
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

    use crate::Provider;

    fn read(provider: Provider, values: &[&str]) -> Result<usize, &'static str> {
        let name = provider.signature_header();
        let headers: alloc::vec::Vec<_> = values.iter().map(|v| (name, *v)).collect();
        Candidates::read(&provider.spec().scheme, &headers)
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
        let d = decode(HEX64.as_bytes(), Encoding::Hex).unwrap();
        assert_eq!(to_hex(&d), HEX64.to_ascii_lowercase());
    }
}
