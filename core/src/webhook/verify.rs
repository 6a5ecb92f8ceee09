//! The verifier and its one path: body size, signature header, HMAC under every secret,
//! client id, then the parse and the replay window.

use super::{HmacSha256, WebhookBuilder};
use crate::parse::{self, Context, Matcher};
use crate::scheme::{Encoding, Format, Key, Location, Signed};
use crate::signature::{to_base64, to_hex, Candidates, Digest};
use crate::{form, time, ConfigReason, Error, Event, Headers, Provider};
use alloc::{format, string::String, vec::Vec};
use core::fmt;
use hmac::Mac;
use sha2::Digest as _;

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
    /// One key per secret, in configuration order.
    pub(super) keys: Vec<KeyState>,
    /// The provider's body fields, compiled once.
    pub(super) matcher: Matcher,
    /// The first secret, for [`sign`](Webhook::sign) under a scheme that sends it as it is.
    pub(super) shared_secret: Option<zeroize::Zeroizing<Vec<u8>>>,
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

/// What one secret becomes once the configuration is checked.
#[derive(Clone)]
pub(crate) enum KeyState {
    /// An HMAC key state.
    Hmac(HmacSha256),
    /// The SHA-256 of a secret the provider sends as it is, compared with the header's own.
    Digest(Digest),
}

/// What a request's signature says besides "valid": the signed timestamp and the event id
/// from a header, where the scheme has them.
struct Verified {
    timestamp: Option<i64>,
    header_id: Option<String>,
}

/// The signature a scheme reads from the request's query: every value of its parameter in
/// `url` (a URL, a path and query, or a query alone), percent-decoded and joined with `,`.
/// `None` for a scheme that does not sign in the query, or a URL without the parameter.
fn query_value(url: &str, location: &Location) -> Option<String> {
    let Location::Query(name, _) = *location else {
        return None;
    };
    let url = url.split('#').next().unwrap_or_default();
    let query = match url.split_once('?') {
        Some((_, query)) => query,
        None if url.starts_with('/') || url.contains("://") => "",
        None => url,
    };
    let mut found: Option<String> = None;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if percent_decode(key) != name {
            continue;
        }
        let value = percent_decode(value);
        match &mut found {
            Some(all) => {
                all.push(',');
                all.push_str(&value);
            }
            None => found = Some(value),
        }
    }
    found
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; bytes that
/// are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(high), Some(low)) => {
                    // Two hex digits: at most 255.
                    out.push(u8::try_from(high * 16 + low).unwrap_or(b'%'));
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
        self.verify_url(body, headers, "", now)
    }

    /// Like [`verify`](Webhook::verify), for a provider that signs in the request's URL
    /// (PandaDoc's `?signature=`): `url` is the request URL, its path and query, or the
    /// query alone. A body that holds several events is `INVALID_PAYLOAD`: see
    /// [`verify_all`](Webhook::verify_all).
    pub fn verify_url<'b, H: Headers + ?Sized>(
        &self,
        body: &'b [u8],
        headers: &H,
        url: &str,
        now: i64,
    ) -> Result<Event<'b>, Error> {
        let spec = self.provider.spec();
        if let Location::BodyField(_) = spec.scheme.location {
            let parsed = self.check_body_field(body, headers)?;
            return self.within_tolerance(parsed.event(self.provider, Context::default())?, now);
        }
        if spec.array_body {
            let mut events = self.verify_all(body, headers, url, now)?;
            return match events.len() {
                1 => Ok(events.remove(0)),
                n => Err(Error::InvalidPayload {
                    detail: format!(
                        "the body holds {n} events, not one: verify it with verify_all (verifyAll)"
                    ),
                }),
            };
        }
        let field = query_value(url, &spec.scheme.location);
        let verified = self.check(body, headers, None, field.as_deref())?;
        self.parse_verified(body, headers, now, verified)
    }

    /// Verifies the request and parses every event it holds: one for most providers,
    /// several for a body that is an array of events (PandaDoc). `url` as for
    /// [`verify_url`](Webhook::verify_url) (empty when the provider does not sign in it).
    pub fn verify_all<'b, H: Headers + ?Sized>(
        &self,
        body: &'b [u8],
        headers: &H,
        url: &str,
        now: i64,
    ) -> Result<Vec<Event<'b>>, Error> {
        let spec = self.provider.spec();
        if !spec.array_body {
            return self
                .verify_url(body, headers, url, now)
                .map(|e| alloc::vec![e]);
        }
        let field = query_value(url, &spec.scheme.location);
        self.check(body, headers, None, field.as_deref())?;
        let header_id = spec.event_id_header.and_then(|name| {
            let mut id = None;
            headers.for_each_value(name, &mut |v| {
                let v = String::from_utf8_lossy(v.trim_ascii());
                if id.is_none() && !v.is_empty() {
                    id = Some(v.into_owned());
                }
            });
            id
        });
        let elements = parse::read_array(&self.matcher, body)?;
        if elements.is_empty() {
            return Err(Error::InvalidPayload {
                detail: "the body is an empty array: it holds no event".into(),
            });
        }
        let several = elements.len() > 1;
        elements
            .into_iter()
            .enumerate()
            .map(|(i, parsed)| {
                // One delivery id for the request: with several events, each gets its place.
                let header_id = header_id.as_ref().map(|id| {
                    if several {
                        format!("{id}:{i}")
                    } else {
                        id.clone()
                    }
                });
                let context = Context {
                    header_id,
                    ..Context::default()
                };
                self.within_tolerance(parsed.event(self.provider, context)?, now)
            })
            .collect()
    }

    /// The path of a scheme whose signature sits in the body (its metadata HMAC): the size,
    /// one read of the body, the signature field, the HMAC of the signed fields under every
    /// secret. The body must be read before anything can be checked.
    fn check_body_field<'m, 'b, H: Headers + ?Sized>(
        &'m self,
        body: &'b [u8],
        headers: &H,
    ) -> Result<parse::Parsed<'m, 'b>, Error> {
        self.check_body_len(body.len())?;
        let spec = self.provider.spec();
        let scheme = &spec.scheme;
        let json = match spec.form_field {
            Some(field) => form::json_field(body, headers, field)?,
            None => body,
        };
        let mut parsed = parse::read(&self.matcher, json)?;
        let signature = parsed.extra(0).into_text();
        let candidates =
            Candidates::read_with_field(scheme, headers, signature.as_deref().map(str::as_bytes))?;
        let (paths, separator) = match scheme.signed {
            Signed::Fields { paths, separator } => (paths, separator),
            _ => (&[][..], ""),
        };
        let mut message = String::new();
        for i in 0..paths.len() {
            if i > 0 {
                message.push_str(separator);
            }
            message.push_str(
                parsed
                    .extra(1 + i)
                    .into_text()
                    .as_deref()
                    .unwrap_or_default(),
            );
        }
        let matched = self.keys.iter().fold(subtle::Choice::from(0), |acc, key| {
            let expected = match key {
                KeyState::Hmac(key) => Self::mac(key, message.as_bytes(), b""),
                KeyState::Digest(digest) => *digest,
            };
            acc | candidates.contains(&expected)
        });
        if !bool::from(matched) {
            return Err(Error::SignatureMismatch {
                header: scheme.location.name(),
            });
        }
        Ok(parsed)
    }

    /// The opt-in window on the event time in the body, for schemes that sign no timestamp.
    fn within_tolerance<'b>(&self, event: Event<'b>, now: i64) -> Result<Event<'b>, Error> {
        if let Some(tolerance) = self.tolerance {
            let occurred_at = event.occurred_at.as_deref().and_then(time::parse_iso8601);
            if !occurred_at.is_some_and(|t| now.abs_diff(t) <= tolerance) {
                return Err(Error::TimestampOutOfRange {
                    occurred_at,
                    now,
                    tolerance,
                });
            }
        }
        Ok(event)
    }

    /// Whether a body holds an array of events (PandaDoc) rather than one event: each
    /// event's payload is then its element, not the whole body.
    pub fn array_body(&self) -> bool {
        self.provider.spec().array_body
    }

    /// Whether each event's payload is the whole body: not when the body is an array of
    /// events (PandaDoc) or a form holding the JSON (Dropbox Sign), where each payload is a
    /// range of it ([`Payload::range_in`](crate::Payload::range_in)).
    pub fn whole_body_payload(&self) -> bool {
        let spec = self.provider.spec();
        !spec.array_body && spec.form_field.is_none()
    }

    /// Whether the signature is an HMAC of the raw body alone under the secrets' own bytes:
    /// the case where a caller may compute the HMACs for
    /// [`verify_with_macs`](Webhook::verify_with_macs).
    pub fn macs_over_body(&self) -> bool {
        let scheme = &self.provider.spec().scheme;
        scheme.signed == Signed::Body
            && scheme.key == Key::Bytes
            && !matches!(scheme.format, Format::Secret | Format::ClientId)
            && matches!(scheme.location, Location::Header(_) | Location::Numbered(_))
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
        if !self.macs_over_body() {
            return Err(Error::config(
                ConfigReason::Digests,
                format!(
                    "{} does not sign the raw body alone: call verify",
                    self.provider
                ),
            ));
        }
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
        let url = "";
        let field = query_value(url, &self.provider.spec().scheme.location);
        let verified = self.check(body, headers, Some(macs), field.as_deref())?;
        self.parse_verified(body, headers, now, verified)
    }

    /// Checks the signature only: size, header, HMAC (once per secret), client id. A signed
    /// timestamp's window needs the time: [`verify`](Webhook::verify) checks it.
    pub fn verify_signature<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
    ) -> Result<(), Error> {
        if let Location::BodyField(_) = self.provider.spec().scheme.location {
            return self.check_body_field(body, headers).map(|_| ());
        }
        self.check(body, headers, None, None).map(|_| ())
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

    /// The signature half of the path: the size, the header's candidates, the expected digest
    /// under every secret (each compared, in constant time, before deciding), the client id.
    /// `macs` are the caller's HMACs of the body, one per secret (see `verify_with_macs`).
    fn check<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        macs: Option<&[u8]>,
        field: Option<&str>,
    ) -> Result<Verified, Error> {
        self.check_body_len(body.len())?;
        let scheme = &self.provider.spec().scheme;
        if scheme.format == Format::ClientId {
            // Nothing is signed: the request only names the receiving application.
            self.check_client_id(headers)?;
            return Ok(Verified {
                timestamp: None,
                header_id: None,
            });
        }
        let candidates = Candidates::read_with_field(scheme, headers, field.map(str::as_bytes))?;
        let header_id = match scheme.id_header {
            Some(name) => Some(Self::id_header(headers, name)?),
            None => None,
        };
        // What is signed before the body: `<timestamp>.` or `<id>.<timestamp>.`.
        let mut prefix = String::new();
        if scheme.signed == Signed::IdDotTimestampDotBody {
            prefix.push_str(header_id.as_deref().unwrap_or_default());
            prefix.push('.');
        }
        if let (true, Some((text, _))) = (scheme.signs_timestamp(), &candidates.timestamp) {
            prefix.push_str(text);
            prefix.push('.');
        }
        let mut given = macs.map(|m| m.chunks_exact(32));
        let matched = self.keys.iter().fold(subtle::Choice::from(0), |acc, key| {
            let expected = match (&mut given, key) {
                (Some(next), _) => next
                    .next()
                    .and_then(|m| m.try_into().ok())
                    .unwrap_or([0; 32]),
                (None, KeyState::Hmac(key)) => Self::mac(key, prefix.as_bytes(), body),
                (None, KeyState::Digest(digest)) => *digest,
            };
            acc | candidates.contains(&expected)
        });
        if !bool::from(matched) {
            return Err(Error::SignatureMismatch {
                header: scheme.location.name(),
            });
        }
        self.check_client_id(headers)?;
        Ok(Verified {
            timestamp: candidates.timestamp.map(|(_, t)| t),
            header_id,
        })
    }

    /// The event id a scheme sends in a header (Standard Webhooks' `webhook-id`): it is part
    /// of the signed bytes, so without it nothing can be checked.
    fn id_header<H: Headers + ?Sized>(headers: &H, name: &'static str) -> Result<String, Error> {
        let mut value = None;
        headers.for_each_value(name, &mut |v| {
            value.get_or_insert_with(|| String::from_utf8_lossy(v.trim_ascii()).into_owned());
        });
        match value.filter(|v| !v.is_empty()) {
            Some(v) if v.len() <= 256 && !v.contains('.') => Ok(v),
            Some(_) => Err(Error::MalformedSignature {
                header: name,
                reason: "expected an event id of at most 256 characters, without `.`",
            }),
            None => Err(Error::MissingSignature { header: name }),
        }
    }

    /// When a client id is configured, the request's client id header must name it.
    #[inline]
    pub(super) fn check_client_id<H: Headers + ?Sized>(&self, headers: &H) -> Result<(), Error> {
        let (Some(expected), Some(header)) =
            (&self.client_id, self.provider.spec().client_id_header)
        else {
            return Ok(());
        };
        match self.client_id_header(headers) {
            ClientIdHeader::One(got) if got == *expected => Ok(()),
            found => Err(Error::ClientIdMismatch {
                header,
                header_present: !matches!(found, ClientIdHeader::Absent),
            }),
        }
    }

    /// The provider's client id header (Krebit's `X-Client-Id`, Adobe's
    /// `X-AdobeSign-ClientId`). Its values, however the request carries them (repeated, or
    /// joined with commas by a proxy or a Web `Headers`), are trimmed and must all agree: the
    /// same request gets the same answer in every framework.
    fn client_id_header<H: Headers + ?Sized>(&self, headers: &H) -> ClientIdHeader {
        let Some(name) = self.provider.spec().client_id_header else {
            return ClientIdHeader::Absent;
        };
        let mut found = ClientIdHeader::Absent;
        headers.for_each_value(name, &mut |raw| {
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
        verified: Verified,
    ) -> Result<Event<'b>, Error> {
        let scheme = &self.provider.spec().scheme;
        let client_id = match self.client_id_header(headers) {
            ClientIdHeader::One(id) => Some(id),
            ClientIdHeader::Absent | ClientIdHeader::Conflicting => None,
        };
        // A signed timestamp is checked before the body is parsed: its window is the
        // configured one, else the one the provider documents.
        if let (Some(signed), Some(tolerance)) = (
            verified.timestamp,
            self.tolerance.or(scheme.default_tolerance),
        ) {
            if now.abs_diff(signed) > tolerance {
                return Err(Error::TimestampOutOfRange {
                    occurred_at: Some(signed),
                    now,
                    tolerance,
                });
            }
        }
        let context = Context {
            client_id,
            header_id: verified.header_id,
        };
        let event = parse::parse(self.provider, &self.matcher, body, context)?;
        match verified.timestamp {
            Some(_) => Ok(event),
            None => self.within_tolerance(event, now),
        }
    }

    /// The HMAC-SHA256 of `prefix` then `body` under one secret's key state.
    fn mac(key: &HmacSha256, prefix: &[u8], body: &[u8]) -> Digest {
        let mut mac = key.clone();
        mac.update(prefix);
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// For a provider that signs in the URL (PandaDoc), the query it would add for `body`,
    /// signed with the first secret (`signature=<hex>`); `None` for the others. For tests and
    /// tooling.
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        let Location::Query(name, _) = self.provider.spec().scheme.location else {
            return None;
        };
        match self.keys.first() {
            Some(KeyState::Hmac(key)) => {
                Some(format!("{name}={}", to_hex(&Self::mac(key, b"", body))))
            }
            _ => None,
        }
    }

    /// The headers the provider would send with `body` at time 0, signed with the first
    /// secret; see [`sign_at`](Webhook::sign_at). For tests and tooling.
    pub fn sign(&self, body: &[u8]) -> Vec<(&'static str, String)> {
        self.sign_at(body, 0)
    }

    /// The headers the provider would send with `body` at `now` (seconds since the Unix
    /// epoch, for schemes that sign a timestamp), signed with the first secret (Krebit adds
    /// `X-Client-Id` when a client id is configured; a Standard Webhooks id is derived from
    /// the body). For tests and tooling.
    pub fn sign_at(&self, body: &[u8], now: i64) -> Vec<(&'static str, String)> {
        let spec = self.provider.spec();
        let scheme = &spec.scheme;
        let mut headers = Vec::with_capacity(3);
        if let (Some(name), Some(id)) = (spec.client_id_header, &self.client_id) {
            headers.push((name, id.clone()));
        }
        let Some(key) = self.keys.first() else {
            // Nothing is signed (Adobe): the client id header is the whole request's proof.
            return headers;
        };
        let ts = format!("{}", now.max(0));
        let id = scheme.id_header.map(|name| {
            let digest: Digest = sha2::Sha256::digest(body).into();
            let id = format!("msg_{}", &to_hex(&digest)[..24]);
            headers.push((name, id.clone()));
            id
        });
        if let Some(name) = scheme.timestamp_header {
            headers.push((name, ts.clone()));
        }
        let mut prefix = String::new();
        if let Some(id) = &id {
            prefix.push_str(id);
            prefix.push('.');
        }
        if scheme.signs_timestamp() {
            prefix.push_str(&ts);
            prefix.push('.');
        }
        let value = match key {
            KeyState::Digest(_) => self
                .shared_secret
                .as_ref()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
            KeyState::Hmac(key) => {
                let digest = Self::mac(key, prefix.as_bytes(), body);
                let text = match scheme.encoding {
                    Encoding::Hex => to_hex(&digest),
                    Encoding::Base64 => to_base64(&digest),
                };
                match scheme.format {
                    Format::List { prefix } => format!("{prefix}{text}"),
                    Format::Tagged => format!("t={ts}, s0={text}"),
                    Format::TimestampDot => format!("{ts}.{text}"),
                    Format::Versioned => format!("v1,{text}"),
                    Format::Secret | Format::ClientId => String::new(),
                }
            }
        };
        let name = match scheme.location {
            Location::Header(name) => name,
            Location::Numbered(names) => names[0],
            // The signature sits in the body or the URL: there is no header to give.
            Location::BodyField(_) | Location::Query(..) => return headers,
        };
        headers.insert(0, (name, value));
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
        let mac = |k: &KeyState| match k {
            KeyState::Hmac(k) => Webhook::mac(k, b"", BODY),
            KeyState::Digest(_) => unreachable!(),
        };
        let macs = [mac(&w.keys[0]), mac(&w.keys[1])].concat();
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
