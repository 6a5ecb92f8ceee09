//! The verifier and its one path: body size, signature header, HMAC under every secret,
//! client id, then the parse and the replay window.

use super::{HmacSha256, WebhookBuilder};
use crate::signature::{to_hex, Candidates, Digest};
use crate::{parse, time, ConfigReason, Error, Event, Headers, Provider};
use alloc::{format, string::String, vec::Vec};
use core::fmt;
use hmac::Mac;

/// A configured verifier for one provider. Build it once and share it: it is `Send + Sync`
/// and `verify` takes `&self`.
///
/// ```
/// use signhook::{Provider, Webhook};
/// let webhook = Webhook::builder(Provider::Sajn).secret("whsec_test").build()?;
/// let body = br#"{"event":"DOCUMENT_SIGNED","timestamp":"2026-01-01T00:00:00Z","data":{"documentId":"42"}}"#;
/// let headers = webhook.sign(body);
/// let event = webhook.verify(body, &headers, 1_767_225_600)?;
/// assert_eq!(event.kind.as_str(), "document.signed");
/// # Ok::<(), signhook::Error>(())
/// ```
#[derive(Clone)]
pub struct Webhook {
    pub(super) provider: Provider,
    /// One HMAC key state per secret, in configuration order.
    pub(super) keys: Vec<HmacSha256>,
    pub(super) client_id: Option<String>,
    pub(super) tolerance: Option<u64>,
    pub(super) max_body_bytes: usize,
    /// `maxBodyBytes` or `max_body_bytes`: the limit's option, as the caller spells it.
    pub(super) limit_option: &'static str,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("provider", &self.provider)
            .field("secrets", &format_args!("<{} redacted>", self.keys.len()))
            .field("client_id", &self.client_id)
            .field("tolerance", &self.tolerance)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// What a request says in Krebit's `X-Client-Id`.
enum ClientIdHeader {
    Absent,
    One(String),
    /// Several values that differ: no client id can be trusted.
    Conflicting,
}

impl Webhook {
    /// Starts configuring a verifier for `provider`.
    pub fn builder(provider: Provider) -> WebhookBuilder {
        WebhookBuilder::new(provider)
    }

    /// The provider this verifier is for.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The request headers [`verify`](Webhook::verify) reads, in lowercase.
    pub fn header_names(&self) -> &'static [&'static str] {
        self.provider.header_names()
    }

    /// The configured body limit in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The number of configured secrets.
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// The opt-in replay window in seconds, when one is configured.
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// Krebit: the client id `X-Client-Id` must carry, when one is configured.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// Verifies the request and parses it into an [`Event`].
    ///
    /// `body` is the raw request body, exactly as received. `now` is the current time in
    /// seconds since the Unix epoch; it is only read when a tolerance is configured.
    /// The signature is checked before the body is parsed.
    pub fn verify<'b, H: Headers + ?Sized>(
        &self,
        body: &'b [u8],
        headers: &H,
        now: i64,
    ) -> Result<Event<'b>, Error> {
        self.verify_signature(body, headers)?;
        self.parse_verified(body, headers, now)
    }

    /// Like [`verify`](Webhook::verify), with the HMAC-SHA256 of `body` under each configured
    /// secret computed by the caller (32 bytes per secret, in configuration order,
    /// concatenated), for runtimes whose native crypto hashes large bodies faster. Every
    /// decision is still made here. `macs` of the wrong length is [`Error::InvalidConfig`].
    pub fn verify_with_macs<'b, H: Headers + ?Sized>(
        &self,
        body: &'b [u8],
        macs: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<Event<'b>, Error> {
        if macs.len() != 32 * self.keys.len() {
            return Err(Error::config(
                ConfigReason::Digests,
                format!(
                    "expected {} HMACs of 32 bytes, one per secret, got {} bytes",
                    self.keys.len(),
                    macs.len()
                ),
            ));
        }
        let mut next = macs.chunks_exact(32);
        self.check(body, headers, |_| {
            let mac = next.next().expect("one HMAC per key");
            mac.try_into().expect("32 bytes")
        })?;
        self.parse_verified(body, headers, now)
    }

    /// Checks the signature only: size, header, HMAC (once per secret), client id.
    pub fn verify_signature<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
    ) -> Result<(), Error> {
        self.check(body, headers, |key| Self::mac(key, body))
    }

    /// [`Error::PayloadTooLarge`] when a body of `len` bytes is over the limit: the first
    /// check of `verify`, for callers that can refuse a body before reading all of it.
    pub fn check_body_len(&self, len: usize) -> Result<(), Error> {
        if len > self.max_body_bytes {
            return Err(Error::PayloadTooLarge {
                limit: self.max_body_bytes,
                actual: len,
                option: self.limit_option,
            });
        }
        Ok(())
    }

    /// The signature half of the path: the size, the header's candidates, the HMAC under
    /// every secret (each compared, in constant time, before deciding), the client id.
    fn check<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        mut mac_of: impl FnMut(&HmacSha256) -> Digest,
    ) -> Result<(), Error> {
        self.check_body_len(body.len())?;
        let candidates = Candidates::read(self.provider, headers)?;
        let matched = self.keys.iter().fold(subtle::Choice::from(0), |acc, key| {
            acc | candidates.contains(&mac_of(key))
        });
        if !bool::from(matched) {
            return Err(Error::SignatureMismatch {
                header: self.provider.signature_header(),
            });
        }
        if let Some(expected) = &self.client_id {
            match self.client_id_header(headers) {
                ClientIdHeader::One(got) if got == *expected => {}
                found => {
                    return Err(Error::ClientIdMismatch {
                        header_present: !matches!(found, ClientIdHeader::Absent),
                    })
                }
            }
        }
        Ok(())
    }

    /// Krebit's `X-Client-Id`. Its values, however the request carries them (repeated, or
    /// joined with commas by a proxy or a Web `Headers`), are trimmed and must all agree: the
    /// same request gets the same answer in every framework.
    fn client_id_header<H: Headers + ?Sized>(&self, headers: &H) -> ClientIdHeader {
        if self.provider != Provider::Krebit {
            return ClientIdHeader::Absent;
        }
        let mut found = ClientIdHeader::Absent;
        headers.for_each_value("X-Client-Id", &mut |raw| {
            for part in String::from_utf8_lossy(raw).split(',') {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                found = match core::mem::replace(&mut found, ClientIdHeader::Conflicting) {
                    ClientIdHeader::Absent => ClientIdHeader::One(part.into()),
                    ClientIdHeader::One(first) if first == part => ClientIdHeader::One(first),
                    _ => ClientIdHeader::Conflicting,
                };
            }
        });
        found
    }

    /// The body half of the path, once the signature holds: the parse, then the replay
    /// window when one is configured.
    fn parse_verified<'b, H: Headers + ?Sized>(
        &self,
        body: &'b [u8],
        headers: &H,
        now: i64,
    ) -> Result<Event<'b>, Error> {
        let client_id = match self.client_id_header(headers) {
            ClientIdHeader::One(id) => Some(id),
            ClientIdHeader::Absent | ClientIdHeader::Conflicting => None,
        };
        let event = parse::parse(self.provider, body, client_id)?;
        if let Some(tolerance) = self.tolerance {
            let occurred_at = event.occurred_at.as_deref().and_then(time::parse_iso8601);
            let inside = occurred_at.is_some_and(|t| now.abs_diff(t) <= tolerance);
            if !inside {
                return Err(Error::TimestampOutOfRange {
                    occurred_at,
                    now,
                    tolerance,
                });
            }
        }
        Ok(event)
    }

    /// The HMAC-SHA256 of `body` under one secret's key state.
    fn mac(key: &HmacSha256, body: &[u8]) -> Digest {
        let mut mac = key.clone();
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// The headers the provider would send with `body`, signed with the first secret
    /// (Krebit adds `X-Client-Id` when a client id is configured). For tests and tooling.
    pub fn sign(&self, body: &[u8]) -> Vec<(&'static str, String)> {
        let hex = to_hex(&Self::mac(&self.keys[0], body));
        let mut headers = Vec::with_capacity(2);
        headers.push((
            self.provider.signature_header(),
            format!("{}{hex}", self.provider.signature_prefix()),
        ));
        if let Some(id) = &self.client_id {
            headers.push(("X-Client-Id", id.clone()));
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use alloc::{string::ToString, vec};

    const BODY: &[u8] =
        br#"{"id":"evt_1","type":"document.completed","created":"2026-01-01T00:00:00Z"}"#;
    const NOW: i64 = 1_767_225_600;

    fn propper() -> Webhook {
        Webhook::builder(Provider::Propper)
            .secret("new")
            .secret("old")
            .build()
            .unwrap()
    }

    #[test]
    fn sign_then_verify_round_trips() {
        let w = propper();
        let event = w.verify(BODY, &w.sign(BODY), NOW).unwrap();
        assert_eq!(event.kind.as_str(), "document.completed");
    }

    #[test]
    fn any_configured_secret_passes_during_rotation() {
        let old = Webhook::builder(Provider::Propper)
            .secret("old")
            .build()
            .unwrap();
        assert!(propper().verify(BODY, &old.sign(BODY), NOW).is_ok());
        let stranger = Webhook::builder(Provider::Propper)
            .secret("other")
            .build()
            .unwrap();
        let err = propper()
            .verify(BODY, &stranger.sign(BODY), NOW)
            .unwrap_err();
        assert_eq!(err.code(), "SIGNATURE_MISMATCH");
    }

    #[test]
    fn precomputed_macs_decide_the_same_way() {
        let w = propper();
        let h = w.sign(BODY);
        let macs = [
            Webhook::mac(&w.keys[0], BODY),
            Webhook::mac(&w.keys[1], BODY),
        ]
        .concat();
        assert_eq!(
            w.verify_with_macs(BODY, &macs, &h, NOW),
            w.verify(BODY, &h, NOW)
        );
        let wrong = [0u8; 64];
        assert_eq!(
            w.verify_with_macs(BODY, &wrong, &h, NOW)
                .unwrap_err()
                .code(),
            "SIGNATURE_MISMATCH"
        );
        assert_eq!(
            w.verify_with_macs(BODY, &macs[..32], &h, NOW)
                .unwrap_err()
                .code(),
            "INVALID_CONFIG"
        );
    }

    #[test]
    fn size_is_checked_before_anything_else() {
        let w = Webhook::builder(Provider::Sajn)
            .secret("s")
            .max_body_bytes(4)
            .build()
            .unwrap();
        let none: [(&str, &str); 0] = [];
        assert_eq!(
            w.verify(b"12345", &none, NOW).unwrap_err().code(),
            "PAYLOAD_TOO_LARGE"
        );
    }

    #[test]
    fn tolerance_is_opt_in_and_symmetric() {
        let w = Webhook::builder(Provider::Propper)
            .secret("s")
            .tolerance(60)
            .build()
            .unwrap();
        let h = w.sign(BODY);
        assert!(w.verify(BODY, &h, NOW + 60).is_ok());
        assert!(w.verify(BODY, &h, NOW - 60).is_ok());
        assert_eq!(
            w.verify(BODY, &h, NOW + 61).unwrap_err().code(),
            "TIMESTAMP_OUT_OF_RANGE"
        );
        assert_eq!(
            w.verify(BODY, &h, NOW - 61).unwrap_err().code(),
            "TIMESTAMP_OUT_OF_RANGE"
        );
        let no_window = Webhook::builder(Provider::Propper)
            .secret("s")
            .build()
            .unwrap();
        assert!(no_window.verify(BODY, &h, NOW + 8 * 3600).is_ok());
    }

    #[test]
    fn krebit_client_id_is_checked_and_reported() {
        let w = Webhook::builder(Provider::Krebit)
            .secret("s")
            .client_id("c1")
            .build()
            .unwrap();
        let body = br#"{"id":"1","type":"signing.sent"}"#;
        let mut h = w.sign(body);
        assert_eq!(
            w.verify(body, &h, NOW).unwrap().client_id.as_deref(),
            Some("c1")
        );
        h[1].1 = "c2".into();
        assert_eq!(
            w.verify(body, &h, NOW).unwrap_err().code(),
            "CLIENT_ID_MISMATCH"
        );
        h.pop();
        assert_eq!(
            w.verify(body, &h, NOW).unwrap_err().code(),
            "CLIENT_ID_MISMATCH"
        );
        // Repeated or joined values must agree, whichever way the framework hands them over.
        let sig = w.sign(body)[0].clone();
        for (ids, ok) in [
            (&["c1", "c1"][..], true),
            (&["c1, c1"][..], true),
            (&["c1", "c2"][..], false),
            (&["c1, c2"][..], false),
            (&[" , "][..], false),
        ] {
            let mut h = vec![(sig.0, sig.1.clone())];
            h.extend(ids.iter().map(|id| ("X-Client-Id", (*id).to_string())));
            assert_eq!(w.verify(body, &h, NOW).is_ok(), ok, "{ids:?}");
        }
    }

    #[test]
    fn secrets_never_show_in_debug_or_errors() {
        let w = Webhook::builder(Provider::Sajn)
            .secret("hunter2-secret")
            .build()
            .unwrap();
        assert!(!format!("{w:?}").contains("hunter2"));
        let bad = vec![("X-Sajn-Signature", "00".repeat(32))];
        let err = w.verify(b"{}", &bad, NOW).unwrap_err();
        assert!(!err.to_string().contains("hunter2") && !format!("{err:?}").contains("hunter2"));
        assert!(!format!("{:?}", Secret::text("hunter2")).contains("hunter2"));
    }
}
