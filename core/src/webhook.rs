//! The verifier: configuration, `verify` and `sign`.

use crate::signature::{to_hex, Candidates, Digest};
use crate::{parse, time, Error, Event, Headers, Provider};
use alloc::{format, string::String, vec::Vec};
use core::fmt;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// The body limit when none is configured: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// A webhook secret: text (used as its UTF-8 bytes) or raw bytes. Its bytes are wiped from
/// memory when it is dropped, which [`WebhookBuilder::build`] does once it has derived the
/// HMAC key states. Those states live as long as the [`Webhook`] and are not wiped: the
/// hash crates offer no way to.
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    is_text: bool,
}

impl Secret {
    /// A text secret, used as its UTF-8 bytes.
    pub fn text(s: &str) -> Self {
        Secret {
            bytes: Zeroizing::new(s.as_bytes().to_vec()),
            is_text: true,
        }
    }

    /// A raw bytes secret, used verbatim.
    pub fn bytes(b: &[u8]) -> Self {
        Secret {
            bytes: Zeroizing::new(b.to_vec()),
            is_text: false,
        }
    }

    fn check(&self, index: usize) -> Result<(), Error> {
        if self.bytes.is_empty() {
            return Err(Error::config(format!("secret #{index} is empty")));
        }
        let padded = |b: Option<&u8>| b.is_some_and(u8::is_ascii_whitespace);
        if self.is_text && (padded(self.bytes.first()) || padded(self.bytes.last())) {
            return Err(Error::config(format!(
                "secret #{index} has leading or trailing whitespace; trim it (a copied secret \
                 often ends in a newline)"
            )));
        }
        Ok(())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::text(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::text(&s)
    }
}

impl From<&[u8]> for Secret {
    fn from(b: &[u8]) -> Self {
        Secret::bytes(b)
    }
}

impl<const N: usize> From<&[u8; N]> for Secret {
    fn from(b: &[u8; N]) -> Self {
        Secret::bytes(b)
    }
}

impl From<Vec<u8>> for Secret {
    fn from(b: Vec<u8>) -> Self {
        Secret::bytes(&b)
    }
}

/// How configuration messages spell option names: each binding picks its language's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Spelling {
    /// `clientId`, `maxBodyBytes` (JavaScript). The default.
    #[default]
    CamelCase,
    /// `client_id`, `max_body_bytes` (Python, Rust).
    SnakeCase,
}

impl Spelling {
    fn pick(self, camel: &'static str, snake: &'static str) -> &'static str {
        match self {
            Spelling::CamelCase => camel,
            Spelling::SnakeCase => snake,
        }
    }
}

/// Builds a [`Webhook`]; nothing is checked until [`build`](WebhookBuilder::build).
#[derive(Debug, Clone)]
pub struct WebhookBuilder {
    provider: Provider,
    secrets: Vec<Secret>,
    client_id: Option<String>,
    tolerance: Option<i64>,
    max_body_bytes: Option<usize>,
    spelling: Spelling,
}

impl WebhookBuilder {
    /// Adds a secret. Add several while rotating: a request passes if any of them signed it.
    /// The first one is used by [`Webhook::sign`].
    pub fn secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// Krebit only: require this `X-Client-Id`.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Opt-in replay window: reject events whose signed time is more than `seconds` away from
    /// `now`, in either direction. Off by default, because providers retry for hours.
    pub fn tolerance(mut self, seconds: i64) -> Self {
        self.tolerance = Some(seconds);
        self
    }

    /// Reject bodies longer than this (default [`DEFAULT_MAX_BODY_BYTES`]).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// Spell option names in [`build`](WebhookBuilder::build)'s messages this way
    /// (default [`Spelling::CamelCase`]).
    ///
    /// ```
    /// use signhook::{Provider, Spelling, Webhook};
    /// let err = Webhook::builder(Provider::Sajn)
    ///     .secret("s")
    ///     .max_body_bytes(0)
    ///     .spelling(Spelling::SnakeCase)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().ends_with("max_body_bytes must be at least 1"));
    /// ```
    pub fn spelling(mut self, spelling: Spelling) -> Self {
        self.spelling = spelling;
        self
    }

    /// Checks the configuration and prepares one HMAC key state per secret.
    pub fn build(self) -> Result<Webhook, Error> {
        let client_id_option = self.spelling.pick("clientId", "client_id");
        if self.secrets.is_empty() {
            return Err(Error::config(
                "no secret: pass the webhook secret from the provider's dashboard",
            ));
        }
        for (i, s) in self.secrets.iter().enumerate() {
            s.check(i)?;
        }
        let tolerance = self
            .tolerance
            .map(|t| {
                u64::try_from(t)
                    .map_err(|_| Error::config("tolerance must be zero or more seconds"))
            })
            .transpose()?;
        let max_body_bytes = self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
        if max_body_bytes == 0 {
            return Err(Error::config(format!(
                "{} must be at least 1",
                self.spelling.pick("maxBodyBytes", "max_body_bytes")
            )));
        }
        match (&self.client_id, self.provider) {
            (Some(id), Provider::Krebit) if id.is_empty() => {
                return Err(Error::config(format!("{client_id_option} is empty")));
            }
            (Some(id), Provider::Krebit) if id.trim() != id => {
                return Err(Error::config(format!(
                    "{client_id_option} has leading or trailing whitespace; trim it"
                )));
            }
            (Some(id), Provider::Krebit) if id.contains(',') => {
                // A comma separates repeated X-Client-Id values joined by a proxy.
                return Err(Error::config(
                    "clientId contains a comma, which separates repeated X-Client-Id values",
                ));
            }
            (Some(_), p) if p != Provider::Krebit => {
                return Err(Error::config(format!(
                    "{client_id_option} applies to krebit only, not {p}"
                )));
            }
            _ => {}
        }
        let keys = self
            .secrets
            .iter()
            .map(|s| HmacSha256::new_from_slice(&s.bytes).expect("HMAC accepts keys of any length"))
            .collect();
        Ok(Webhook {
            provider: self.provider,
            keys,
            client_id: self.client_id,
            tolerance,
            max_body_bytes,
        })
    }
}

/// What a request says in Krebit's `X-Client-Id`.
enum ClientIdHeader {
    Absent,
    One(String),
    /// Several values that differ: no client id can be trusted.
    Conflicting,
}

/// The largest magnitude a float carries exactly as a whole number (2^53).
const MAX_EXACT_F64: f64 = 9_007_199_254_740_992.0;
const MAX_EXACT_INT: u64 = 1 << 53;

/// Seconds since the Unix epoch from a floating-point clock (a JavaScript number, Python's
/// `time.time()`): the fraction is dropped. NaN, infinities and values beyond ±2^53 are
/// [`Error::InvalidConfig`].
///
/// ```
/// assert_eq!(signhook::unix_seconds(1_767_225_600.9), Ok(1_767_225_600));
/// assert_eq!(signhook::unix_seconds(f64::NAN).unwrap_err().code(), "INVALID_CONFIG");
/// ```
pub fn unix_seconds(now: f64) -> Result<i64, Error> {
    if now.is_finite() && now.abs() <= MAX_EXACT_F64 {
        // In range, the cast (which truncates toward zero) is exact; then round down.
        let whole = now as i64;
        Ok(if (whole as f64) > now {
            whole - 1
        } else {
            whole
        })
    } else {
        Err(now_out_of_range())
    }
}

fn now_out_of_range() -> Error {
    Error::config("now must be a finite number of seconds since the Unix epoch")
}

/// [`unix_seconds`] for a clock given as an integer (Python's `int`): the same range,
/// ±2^53, so that a value is accepted or refused alike whichever type carries it.
///
/// ```
/// assert_eq!(signhook::unix_seconds_int(1_767_225_600), Ok(1_767_225_600));
/// assert!(signhook::unix_seconds_int((1 << 53) + 1).is_err());
/// ```
pub fn unix_seconds_int(now: i64) -> Result<i64, Error> {
    if now.unsigned_abs() <= MAX_EXACT_INT {
        Ok(now)
    } else {
        Err(now_out_of_range())
    }
}

/// A whole-number option given as a float (JavaScript numbers): `option` names it in the
/// caller's spelling for the message. Fractions, NaN, infinities and values beyond ±2^53
/// are [`Error::InvalidConfig`].
pub fn whole_number(option: &str, value: f64) -> Result<i64, Error> {
    if value.is_finite() && value.abs() <= MAX_EXACT_F64 && (value as i64) as f64 == value {
        Ok(value as i64)
    } else {
        Err(not_whole(option))
    }
}

fn not_whole(option: &str) -> Error {
    Error::config(format!("{option} must be a whole number"))
}

/// [`whole_number`] for an option given as an integer (Python's `int`): values beyond
/// ±2^53 are [`Error::InvalidConfig`] too, so that the limits do not depend on the type.
///
/// ```
/// assert_eq!(signhook::whole_int("tolerance", 300), Ok(300));
/// assert!(signhook::whole_int("tolerance", 1 << 60).is_err());
/// ```
pub fn whole_int(option: &str, value: i64) -> Result<i64, Error> {
    if value.unsigned_abs() <= MAX_EXACT_INT {
        Ok(value)
    } else {
        Err(not_whole(option))
    }
}

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
    provider: Provider,
    keys: Vec<HmacSha256>,
    client_id: Option<String>,
    tolerance: Option<u64>,
    max_body_bytes: usize,
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

impl Webhook {
    /// Starts configuring a verifier for `provider`.
    pub fn builder(provider: Provider) -> WebhookBuilder {
        WebhookBuilder {
            provider,
            secrets: Vec::new(),
            client_id: None,
            tolerance: None,
            max_body_bytes: None,
            spelling: Spelling::default(),
        }
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

    fn mac(key: &HmacSha256, body: &[u8]) -> Digest {
        let mut mac = key.clone();
        mac.update(body);
        mac.finalize().into_bytes().into()
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
            });
        }
        Ok(())
    }

    /// The number of configured secrets.
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

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
            return Err(Error::config(format!(
                "expected {} HMACs of 32 bytes, one per secret, got {} bytes",
                self.keys.len(),
                macs.len()
            )));
        }
        let mut next = macs.chunks_exact(32);
        self.check(body, headers, |_| {
            let mac = next.next().expect("one HMAC per key");
            mac.try_into().expect("32 bytes")
        })?;
        self.parse_verified(body, headers, now)
    }

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
    fn bad_configuration_is_rejected_up_front() {
        let b = || Webhook::builder(Provider::Sajn);
        for builder in [
            b(),
            b().secret(""),
            b().secret("padded\n"),
            b().secret("s").tolerance(-1),
            b().secret("s").max_body_bytes(0),
            b().secret("s").client_id("c"),
            Webhook::builder(Provider::Krebit).secret("s").client_id(""),
            Webhook::builder(Provider::Krebit)
                .secret("s")
                .client_id(" c1 "),
        ] {
            assert_eq!(builder.build().unwrap_err().code(), "INVALID_CONFIG");
        }
        assert!(b()
            .secret(&b" padded bytes are verbatim "[..])
            .build()
            .is_ok());
    }

    #[test]
    fn float_clocks_and_options_convert_or_fail_the_same_way() {
        assert_eq!(unix_seconds(-0.5), Ok(-1));
        assert_eq!(unix_seconds(MAX_EXACT_F64), Ok(1 << 53));
        for bad in [f64::INFINITY, -f64::INFINITY, f64::NAN, MAX_EXACT_F64 * 2.0] {
            assert_eq!(unix_seconds(bad).unwrap_err().code(), "INVALID_CONFIG");
        }
        assert_eq!(whole_number("tolerance", 300.0), Ok(300));
        let err = whole_number("maxBodyBytes", 1.5).unwrap_err();
        assert!(err.to_string().contains("maxBodyBytes"));
    }

    #[test]
    fn integers_have_the_same_range_as_floats() {
        let edge = 1_i64 << 53;
        for value in [0, 1, -1, edge, -edge] {
            assert_eq!(whole_int("tolerance", value), Ok(value));
            assert_eq!(unix_seconds_int(value), Ok(value));
        }
        for value in [edge + 1, -edge - 1, i64::MAX, i64::MIN] {
            let err = whole_int("max_body_bytes", value).unwrap_err();
            assert_eq!(err.code(), "INVALID_CONFIG");
            assert!(err.to_string().contains("max_body_bytes"));
            assert_eq!(
                unix_seconds_int(value).unwrap_err().code(),
                "INVALID_CONFIG"
            );
        }
    }

    #[test]
    fn messages_name_options_in_the_chosen_spelling() {
        let message = |b: WebhookBuilder| b.build().unwrap_err().to_string();
        let sajn = || Webhook::builder(Provider::Sajn).secret("s");
        let krebit = || Webhook::builder(Provider::Krebit).secret("s");
        assert!(message(sajn().max_body_bytes(0)).contains("maxBodyBytes"));
        assert!(message(sajn().client_id("c")).contains("clientId"));
        let snake = Spelling::SnakeCase;
        for (builder, option) in [
            (sajn().max_body_bytes(0).spelling(snake), "max_body_bytes"),
            (sajn().client_id("c").spelling(snake), "client_id"),
            (krebit().client_id("").spelling(snake), "client_id"),
            (krebit().client_id(" c ").spelling(snake), "client_id"),
        ] {
            let text = message(builder);
            assert!(text.contains(option), "{text}");
            assert!(!text.contains("Id") && !text.contains("Bytes"), "{text}");
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
