//! How a provider authenticates its webhooks, as data: where the signature sits, what bytes
//! it covers, how it is encoded, where a timestamp or an event id comes from. One verify
//! path reads these descriptions; [`crate::provider`] holds one per platform.

/// How strongly a verified event was authenticated, weakest last.
///
/// | value | what it proves | what it does not |
/// | --- | --- | --- |
/// | `hmac-body` | whoever sent it knows the secret, and the body is exactly what they signed | nothing about freshness unless a timestamp is signed and a window applies |
/// | `hmac-metadata` | whoever first sent these metadata (event type and time) knows the secret | the rest of the body: a captured request can be resent with other data |
/// | `shared-secret` | whoever sent it knows the secret | the body: anyone who sees one request (a log, a proxy) can send any body with it |
/// | `client-id` | the request names your application (Adobe's client id) | the sender: the id is not a secret, anyone who knows it can send anything |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Authentication {
    /// The request names the receiving application's client id; nothing is secret or signed.
    ClientId,
    /// The provider sends the secret itself in a header; nothing is signed.
    SharedSecret,
    /// An HMAC over a few of the body's fields (the event type and time), not the body.
    HmacMetadata,
    /// An HMAC over the raw body (and, for some providers, a timestamp and an id).
    HmacBody,
}

impl Authentication {
    /// Every value, weakest first.
    pub const ALL: [Authentication; 4] = [
        Authentication::ClientId,
        Authentication::SharedSecret,
        Authentication::HmacMetadata,
        Authentication::HmacBody,
    ];

    /// `hmac-body`, `hmac-metadata`, `shared-secret` or `client-id`.
    pub fn as_str(self) -> &'static str {
        match self {
            Authentication::ClientId => "client-id",
            Authentication::HmacBody => "hmac-body",
            Authentication::HmacMetadata => "hmac-metadata",
            Authentication::SharedSecret => "shared-secret",
        }
    }
}

impl core::str::FromStr for Authentication {
    type Err = crate::Error;

    /// Parses one of the values' texts; anything else is `INVALID_CONFIG`.
    fn from_str(s: &str) -> Result<Self, crate::Error> {
        Authentication::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                crate::Error::config(
                    crate::ConfigReason::Authentication,
                    "the required authentication must be \"hmac-body\", \"hmac-metadata\", \
                     \"shared-secret\" or \"client-id\"",
                )
            })
    }
}

/// Where the signature (or the shared secret) sits in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    /// One header; its values may hold several candidates.
    Header(&'static str),
    /// One header per active key, numbered from 1: `X-DocuSign-Signature-1` … `-8`. Each
    /// name is spelled out, as [`crate::Webhook::header_names`] lists them.
    Numbered(&'static [&'static str]),
    /// A field of the JSON body, as a dotted path (`event.hash`): the body is read before
    /// the signature can be checked.
    BodyField(&'static str),
    /// A parameter of the request URL's query string (PandaDoc's `?signature=`): its name,
    /// and how errors name it (`?signature`).
    Query(&'static str, &'static str),
}

impl Location {
    /// The header named in errors: the only one, or the first of a numbered set.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Location::Header(name) => name,
            Location::Numbered(names) => names[0],
            Location::BodyField(path) => path,
            Location::Query(_, label) => label,
        }
    }
}

/// How the header's value is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Candidates separated by commas or whitespace, each `prefix` + the encoded digest.
    List {
        /// Compared ASCII-case-insensitively (`sha256=`), empty for none.
        prefix: &'static str,
    },
    /// `t=<unix seconds>, s0=<digest>, s1=<digest>`: the timestamp the digests cover and one
    /// digest per active key (BoldSign).
    Tagged,
    /// `<unix seconds>.<digest>` (DocuSeal).
    TimestampDot,
    /// Space-separated `v1,<digest>` entries; other versions are skipped (Standard Webhooks).
    Versioned,
    /// The secret itself, compared as a whole (trimmed).
    Secret,
    /// The receiving application's client id, compared with the configured one (trimmed;
    /// repeated values must agree): nothing is secret or signed (Adobe Acrobat Sign).
    ClientId,
}

/// How a digest is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// 64 hex digits, either case.
    Hex,
    /// Standard base64 with padding (44 characters).
    Base64,
}

/// The bytes the HMAC covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signed {
    /// The raw body.
    Body,
    /// `<timestamp>.<body>`.
    TimestampDotBody,
    /// `<id>.<timestamp>.<body>`, the id and timestamp from their headers (Standard Webhooks).
    IdDotTimestampDotBody,
    /// Fields of the body (dotted paths, strings or integers as text) joined by `separator`:
    /// the rest of the body is not covered.
    Fields {
        paths: &'static [&'static str],
        separator: &'static str,
    },
}

/// How a configured secret becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// The secret's bytes (a text secret as UTF-8).
    Bytes,
    /// A text secret is `whsec_` + base64: the key is the decoded bytes (Standard Webhooks).
    /// A bytes secret is the key itself.
    WhsecBase64,
}

/// One provider's scheme, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheme {
    pub(crate) location: Location,
    pub(crate) format: Format,
    pub(crate) encoding: Encoding,
    pub(crate) signed: Signed,
    pub(crate) key: Key,
    /// A header holding the signed timestamp (when it is not in the signature's own value).
    pub(crate) timestamp_header: Option<&'static str>,
    /// A header holding the event id.
    pub(crate) id_header: Option<&'static str>,
    /// The replay window applied to a signed timestamp when none is configured, as the
    /// provider's own documentation asks.
    pub(crate) default_tolerance: Option<u64>,
}

impl Scheme {
    /// An HMAC-SHA256 of the raw body in one header, hex, with an optional prefix.
    pub(crate) const fn hex_body(header: &'static str, prefix: &'static str) -> Scheme {
        Scheme {
            location: Location::Header(header),
            format: Format::List { prefix },
            encoding: Encoding::Hex,
            signed: Signed::Body,
            key: Key::Bytes,
            timestamp_header: None,
            id_header: None,
            default_tolerance: None,
        }
    }

    /// How strongly this scheme authenticates an event.
    pub(crate) fn authentication(&self) -> Authentication {
        match (self.format, self.signed) {
            (Format::ClientId, _) => Authentication::ClientId,
            (Format::Secret, _) => Authentication::SharedSecret,
            (_, Signed::Fields { .. }) => Authentication::HmacMetadata,
            _ => Authentication::HmacBody,
        }
    }

    /// Whether a timestamp from the signature or a header is part of what is signed.
    pub(crate) fn signs_timestamp(&self) -> bool {
        matches!(
            self.signed,
            Signed::TimestampDotBody | Signed::IdDotTimestampDotBody
        )
    }

    /// The body paths the verify path reads before checking: the signature field, then the
    /// signed fields.
    pub(crate) fn body_paths(&self) -> impl Iterator<Item = &'static str> {
        let signature = match self.location {
            Location::BodyField(path) => Some(path),
            _ => None,
        };
        let signed: &'static [&'static str] = match self.signed {
            Signed::Fields { paths, .. } => paths,
            _ => &[],
        };
        signature.into_iter().chain(signed.iter().copied())
    }
}
