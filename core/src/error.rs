//! The one error type of signhook, with the stable codes every binding shares.

use alloc::string::String;
use core::fmt;

/// Why a webhook was rejected, or why a [`Webhook`](crate::Webhook) could not be built.
///
/// Every variant has a stable [`code`](Error::code) (the same string in Rust, Node,
/// Python and WebAssembly) and the HTTP [`status`](Error::status) the framework
/// helpers answer with. No variant ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The signature header is absent or empty: none of its values holds anything but commas
    /// and whitespace (such as a repeated empty header, which a Web `Headers` joins into
    /// `", "`), so it carries no candidate at all.
    MissingSignature {
        /// The header that was expected, e.g. `X-Propper-Signature`.
        header: &'static str,
    },
    /// The signature header is present but no candidate in it is well-formed.
    MalformedSignature {
        /// The header that was read.
        header: &'static str,
        /// What was wrong with it, in words.
        reason: &'static str,
    },
    /// Well-formed candidates, but none matches any configured secret.
    SignatureMismatch {
        /// The header that was read.
        header: &'static str,
    },
    /// Krebit: an expected client id is configured and `X-Client-Id` is absent or different.
    ClientIdMismatch {
        /// The header that names the client: Krebit's `X-Client-Id`, Adobe's
        /// `X-AdobeSign-ClientId`.
        header: &'static str,
        /// Whether the header was present at all.
        header_present: bool,
    },
    /// A replay window is configured and the signed event time is outside it, or absent.
    TimestampOutOfRange {
        /// The event time in seconds since the Unix epoch, when the body had a readable one.
        occurred_at: Option<i64>,
        /// The `now` the check used, in seconds since the Unix epoch.
        now: i64,
        /// The configured window, in seconds.
        tolerance: u64,
    },
    /// The signature is valid but the body is not a JSON object of the provider's shape.
    InvalidPayload {
        /// What the parser found.
        detail: String,
    },
    /// A framework helper could not decode the body as its `Content-Encoding` says: it does
    /// not decode, or the encoding is one the helper cannot decode. Code `INVALID_PAYLOAD`.
    Undecodable {
        /// The `Content-Encoding`, e.g. `gzip`.
        encoding: String,
        /// Whether the helper decodes this encoding (the body then is not what it claims).
        supported: bool,
    },
    /// The body is longer than the configured limit.
    PayloadTooLarge {
        /// The configured limit in bytes.
        limit: usize,
        /// The body's length in bytes.
        actual: usize,
        /// The option that sets the limit, as the caller spells it (`max_body_bytes`,
        /// `maxBodyBytes`).
        option: &'static str,
    },
    /// A binding was handed an already-parsed object instead of the raw request bytes.
    BodyNotRaw {
        /// How to get the raw body in the caller's framework.
        hint: String,
    },
    /// The configuration is unusable: unknown provider, no or empty secret, bad option.
    InvalidConfig {
        /// Which rule the configuration broke, for programs.
        reason: ConfigReason,
        /// What is wrong and how to fix it.
        detail: String,
    },
    /// The deduplication guard found this event claimed by a delivery still being processed:
    /// answered with a retryable status, never 2xx (see [`Dedupe`](crate::Dedupe)).
    EventInProgress {
        /// When to retry, in seconds: the claim's lease.
        retry_after: u64,
    },
    /// The deduplication guard's store failed: the event was not processed (fail closed).
    DedupeUnavailable {
        /// What failed, without secrets or event data.
        detail: String,
    },
}

/// Which configuration rule an [`Error::InvalidConfig`] broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigReason {
    /// The provider id is not one signhook knows.
    UnknownProvider,
    /// No secret, or both `secret` and `secrets`.
    Secrets,
    /// A secret is empty, padded with whitespace, or not valid text.
    Secret,
    /// The client id is empty, padded, holds a comma, is not valid text, is set for a
    /// provider that names no client (only Krebit and Adobe Acrobat Sign do), or is missing
    /// where the provider needs one (Adobe Acrobat Sign).
    ClientId,
    /// A number option (`tolerance`, the body limit, the dedupe durations) is not a whole
    /// number in its range.
    Number,
    /// `now` is not a number of seconds the core can use.
    Now,
    /// A deduplication option (the key prefix) is unusable.
    Dedupe,
    /// An option has a type the language cannot convert (a binding's check).
    Type,
    /// The runtime handed over digests that do not fit the secrets.
    Digests,
    /// The provider's scheme is weaker than the authentication required, or the required
    /// value is not one signhook knows.
    Authentication,
}

impl ConfigReason {
    /// The reason as a stable name: `unknown_provider`, `secrets`, `secret`, `client_id`,
    /// `number`, `now`, `dedupe`, `type`, `digests` or `authentication`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigReason::UnknownProvider => "unknown_provider",
            ConfigReason::Secrets => "secrets",
            ConfigReason::Secret => "secret",
            ConfigReason::ClientId => "client_id",
            ConfigReason::Number => "number",
            ConfigReason::Now => "now",
            ConfigReason::Dedupe => "dedupe",
            ConfigReason::Type => "type",
            ConfigReason::Digests => "digests",
            ConfigReason::Authentication => "authentication",
        }
    }
}

/// The facts behind an [`Error`], for programs: each is set where the error has it, and every
/// binding hands them over as fields (`err.context` in JavaScript and Python).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
#[non_exhaustive]
pub struct ErrorContext {
    /// The header that was expected or read, e.g. `X-Propper-Signature`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub header: Option<&'static str>,
    /// Krebit: whether `X-Client-Id` was present at all.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub header_present: Option<bool>,
    /// The body limit in bytes.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub limit: Option<usize>,
    /// The body's length in bytes.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub actual: Option<usize>,
    /// The replay window in seconds.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub tolerance: Option<u64>,
    /// The signed event time, seconds since the Unix epoch.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub occurred_at: Option<i64>,
    /// The `now` the check used, seconds since the Unix epoch.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub now: Option<i64>,
    /// When to retry, in seconds.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub retry_after: Option<u64>,
    /// `INVALID_CONFIG`: which rule was broken (see [`ConfigReason::as_str`]).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub reason: Option<&'static str>,
}

#[cfg(feature = "serde")]
impl ErrorContext {
    /// The fields that are set, as a JSON object with names in the caller's spelling
    /// (`retryAfter` in JavaScript, `retry_after` in Python).
    pub fn to_value(&self, spelling: crate::Spelling) -> serde_json::Value {
        // Only numbers, booleans and strings: serializing cannot fail.
        let camel = serde_json::to_value(self).unwrap_or_default();
        match (spelling, camel) {
            (crate::Spelling::SnakeCase, serde_json::Value::Object(fields)) => fields
                .into_iter()
                .map(|(name, value)| (snake_case(&name), value))
                .collect(),
            (_, camel) => camel,
        }
    }
}

/// `occurredAt` as `occurred_at`.
#[cfg(feature = "serde")]
fn snake_case(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The families of errors, for bindings whose errors have classes (Python's subclasses of
/// `WebhookVerificationError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorFamily {
    /// The request is not proven to come from the provider (401).
    Signature,
    /// The body cannot be used: not an event, too large, or not the raw bytes.
    Payload,
    /// The configuration cannot work.
    Config,
    /// The deduplication guard could not decide (503, retryable).
    Dedupe,
}

impl ErrorFamily {
    /// The family of the error code `code`, or `None` for a code signhook does not have.
    pub fn of_code(code: &str) -> Option<Self> {
        Some(match code {
            "MISSING_SIGNATURE"
            | "MALFORMED_SIGNATURE"
            | "SIGNATURE_MISMATCH"
            | "CLIENT_ID_MISMATCH"
            | "TIMESTAMP_OUT_OF_RANGE" => ErrorFamily::Signature,
            "INVALID_PAYLOAD" | "PAYLOAD_TOO_LARGE" | "BODY_NOT_RAW" => ErrorFamily::Payload,
            "INVALID_CONFIG" => ErrorFamily::Config,
            "EVENT_IN_PROGRESS" | "DEDUPE_UNAVAILABLE" => ErrorFamily::Dedupe,
            _ => return None,
        })
    }

    /// The family's name: `signature`, `payload`, `config` or `dedupe`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorFamily::Signature => "signature",
            ErrorFamily::Payload => "payload",
            ErrorFamily::Config => "config",
            ErrorFamily::Dedupe => "dedupe",
        }
    }
}

impl Error {
    /// The stable, language-independent code, e.g. `"SIGNATURE_MISMATCH"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::MissingSignature { .. } => "MISSING_SIGNATURE",
            Error::MalformedSignature { .. } => "MALFORMED_SIGNATURE",
            Error::SignatureMismatch { .. } => "SIGNATURE_MISMATCH",
            Error::ClientIdMismatch { .. } => "CLIENT_ID_MISMATCH",
            Error::TimestampOutOfRange { .. } => "TIMESTAMP_OUT_OF_RANGE",
            Error::InvalidPayload { .. } | Error::Undecodable { .. } => "INVALID_PAYLOAD",
            Error::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            Error::BodyNotRaw { .. } => "BODY_NOT_RAW",
            Error::InvalidConfig { .. } => "INVALID_CONFIG",
            Error::EventInProgress { .. } => "EVENT_IN_PROGRESS",
            Error::DedupeUnavailable { .. } => "DEDUPE_UNAVAILABLE",
        }
    }

    /// The HTTP status a framework helper answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            Error::MissingSignature { .. }
            | Error::MalformedSignature { .. }
            | Error::SignatureMismatch { .. }
            | Error::ClientIdMismatch { .. }
            | Error::TimestampOutOfRange { .. } => 401,
            Error::InvalidPayload { .. } | Error::Undecodable { .. } => 400,
            Error::PayloadTooLarge { .. } => 413,
            Error::BodyNotRaw { .. } | Error::InvalidConfig { .. } => 500,
            Error::EventInProgress { .. } | Error::DedupeUnavailable { .. } => 503,
        }
    }

    /// The error's facts as fields (see [`ErrorContext`]).
    pub fn context(&self) -> ErrorContext {
        let mut c = ErrorContext::default();
        match self {
            Error::MissingSignature { header }
            | Error::MalformedSignature { header, .. }
            | Error::SignatureMismatch { header } => c.header = Some(header),
            Error::ClientIdMismatch {
                header,
                header_present,
            } => {
                c.header = Some(header);
                c.header_present = Some(*header_present);
            }
            Error::TimestampOutOfRange {
                occurred_at,
                now,
                tolerance,
            } => {
                c.occurred_at = *occurred_at;
                c.now = Some(*now);
                c.tolerance = Some(*tolerance);
            }
            Error::PayloadTooLarge { limit, actual, .. } => {
                c.limit = Some(*limit);
                c.actual = Some(*actual);
            }
            Error::EventInProgress { retry_after } => c.retry_after = Some(*retry_after),
            Error::InvalidConfig { reason, .. } => c.reason = Some(reason.as_str()),
            Error::InvalidPayload { .. }
            | Error::Undecodable { .. }
            | Error::BodyNotRaw { .. }
            | Error::DedupeUnavailable { .. } => {}
        }
        c
    }

    /// The error's family (see [`ErrorFamily`]).
    pub fn family(&self) -> ErrorFamily {
        ErrorFamily::of_code(self.code()).unwrap_or(ErrorFamily::Config)
    }

    /// The headers the answer to this error carries: `Retry-After` (seconds) when the error
    /// says when to retry. Framework helpers send them with [`status`](Error::status).
    pub fn answer_headers(&self) -> alloc::vec::Vec<(&'static str, String)> {
        match self.context().retry_after {
            Some(seconds) => alloc::vec![("Retry-After", alloc::format!("{seconds}"))],
            None => alloc::vec::Vec::new(),
        }
    }

    /// An error a binding or framework helper finds before the core sees the request, named
    /// by `kind`, with `detail` in words: `body_not_raw` (the body is not the raw bytes:
    /// `detail` says how to get them), `option_type` (an option of a type the language cannot
    /// convert), `dedupe_unavailable` (the deduplication store failed), `undecodable` (the
    /// body does not decode as its `Content-Encoding`, named by `detail`) and
    /// `unsupported_encoding` (a `Content-Encoding` the helper cannot decode). `None` for any
    /// other kind. So every language gives these the same code, status and message.
    pub fn found_by_binding(kind: &str, detail: &str) -> Option<Self> {
        let detail = String::from(detail);
        Some(match kind {
            "body_not_raw" => Error::BodyNotRaw { hint: detail },
            "option_type" => Error::config(ConfigReason::Type, detail),
            "dedupe_unavailable" => crate::Dedupe::unavailable(&detail),
            "undecodable" | "unsupported_encoding" => Error::Undecodable {
                encoding: detail,
                supported: kind == "undecodable",
            },
            _ => return None,
        })
    }

    pub(crate) fn config(reason: ConfigReason, detail: impl Into<String>) -> Self {
        Error::InvalidConfig {
            reason,
            detail: detail.into(),
        }
    }
}

/// Whether a signature's place is a body field (a dotted path) rather than a header.
fn is_body_field(place: &str) -> bool {
    place.contains('.')
}

/// Whether a signature's place is a query parameter (`?signature`).
fn is_query(place: &str) -> bool {
    place.starts_with('?')
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingSignature { header } if is_query(header) => write!(
                f,
                "the URL's `{header}` parameter is missing or empty: pass the request URL \
                 (verifyRequest and the framework helpers do), or the request was not signed"
            ),
            Error::MalformedSignature { header, reason } if is_query(header) => {
                write!(f, "the URL's `{header}` parameter is malformed: {reason}")
            }
            Error::SignatureMismatch { header } if is_query(header) => write!(
                f,
                "the URL's `{header}` signature does not match any configured secret. Usual \
                 causes: the body was parsed and re-serialized (verify the raw request bytes), \
                 or the shared key is stale"
            ),
            Error::MissingSignature { header } if is_body_field(header) => write!(
                f,
                "the body's `{header}` field is missing or empty: the request was not signed by \
                 the provider"
            ),
            Error::MissingSignature { header } => write!(
                f,
                "the {header} header is missing or empty: the request was not signed by the provider, \
                 or a proxy dropped the header"
            ),
            Error::MalformedSignature { header, reason } if is_body_field(header) => {
                write!(f, "the body's `{header}` field is malformed: {reason}")
            }
            Error::MalformedSignature { header, reason } => {
                write!(f, "the {header} header is malformed: {reason}")
            }
            Error::SignatureMismatch { header } if is_body_field(header) => write!(
                f,
                "the body's `{header}` signature does not match any configured secret. Usual \
                 causes: the secret is stale (configure both while rotating) or is not the one \
                 this provider signs with"
            ),
            Error::SignatureMismatch { header } => write!(
                f,
                "the {header} signature does not match any configured secret. Usual causes: the body \
                 was parsed and re-serialized (verify the raw request bytes), the secret is stale \
                 (configure both secrets while rotating), or the secret has stray whitespace"
            ),
            Error::ClientIdMismatch {
                header,
                header_present: true,
            } => write!(
                f,
                "the {header} header does not match the configured client id"
            ),
            Error::ClientIdMismatch {
                header,
                header_present: false,
            } => write!(
                f,
                "the {header} header is missing but a client id is configured"
            ),
            Error::TimestampOutOfRange { occurred_at: Some(t), now, tolerance } => write!(
                f,
                "the event time is {}s away from now, outside the {tolerance}s tolerance: \
                 a replayed request, or a clock that is off",
                now.abs_diff(*t)
            ),
            Error::TimestampOutOfRange { occurred_at: None, tolerance, .. } => write!(
                f,
                "a {tolerance}s tolerance is configured but the event carries no readable time"
            ),
            Error::InvalidPayload { detail } => {
                write!(f, "the signature is valid but the body is not a usable event: {detail}")
            }
            Error::Undecodable {
                encoding,
                supported: true,
            } => write!(
                f,
                "the {encoding} body could not be decoded (Content-Encoding: {encoding})"
            ),
            Error::Undecodable { encoding, .. } => write!(
                f,
                "the body is {encoding}-encoded, which is not decoded here; have it sent with \
                 gzip, deflate or no Content-Encoding"
            ),
            Error::PayloadTooLarge {
                limit,
                actual,
                option,
            } => write!(
                f,
                "the body is {actual} bytes, over the {limit}-byte limit (raise {option} if this \
                 provider sends larger events)"
            ),
            Error::BodyNotRaw { hint } => write!(
                f,
                "the body was already parsed, so its signed bytes are lost: {hint}"
            ),
            Error::InvalidConfig { detail, .. } => {
                write!(f, "invalid signhook configuration: {detail}")
            }
            Error::EventInProgress { retry_after } => write!(
                f,
                "this event is being processed by another delivery right now; answered with a \
                 retryable status so that the provider delivers it again (retry after {retry_after} s)"
            ),
            Error::DedupeUnavailable { detail } => write!(
                f,
                "the deduplication store failed ({detail}): the event was not processed, and \
                 the provider will deliver it again"
            ),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn codes_and_statuses_follow_the_spec() {
        let mismatch = Error::SignatureMismatch {
            header: "X-Signature",
        };
        assert_eq!(mismatch.code(), "SIGNATURE_MISMATCH");
        assert_eq!(mismatch.status(), 401);
        let big = Error::PayloadTooLarge {
            limit: 10,
            actual: 11,
            option: "max_body_bytes",
        };
        assert!(big.to_string().contains("raise max_body_bytes"), "{big}");
        assert_eq!((big.code(), big.status()), ("PAYLOAD_TOO_LARGE", 413));
        let bad = Error::InvalidPayload { detail: "x".into() };
        assert_eq!((bad.code(), bad.status()), ("INVALID_PAYLOAD", 400));
    }

    #[test]
    fn context_carries_the_facts_of_each_error() {
        let big = Error::PayloadTooLarge {
            limit: 10,
            actual: 11,
            option: "max_body_bytes",
        };
        let c = big.context();
        assert_eq!((c.limit, c.actual, c.header), (Some(10), Some(11), None));
        assert_eq!(big.family(), ErrorFamily::Payload);
        let late = Error::TimestampOutOfRange {
            occurred_at: None,
            now: 5,
            tolerance: 300,
        };
        assert_eq!(
            (
                late.context().occurred_at,
                late.context().now,
                late.context().tolerance
            ),
            (None, Some(5), Some(300))
        );
        let c = Error::ClientIdMismatch {
            header: "X-Client-Id",
            header_present: false,
        }
        .context();
        assert_eq!(
            (c.header, c.header_present),
            (Some("X-Client-Id"), Some(false))
        );
        assert_eq!(
            Error::config(ConfigReason::Type, "x").context().reason,
            Some("type")
        );
        assert_eq!(
            Error::config(ConfigReason::Type, "x").family(),
            ErrorFamily::Config
        );
        assert_eq!(ErrorFamily::of_code("NOT_A_CODE"), None);
    }

    #[test]
    fn every_error_has_the_family_of_its_status() {
        let all = [
            Error::MissingSignature { header: "h" },
            Error::MalformedSignature {
                header: "h",
                reason: "r",
            },
            Error::SignatureMismatch { header: "h" },
            Error::ClientIdMismatch {
                header: "X-Client-Id",
                header_present: true,
            },
            Error::TimestampOutOfRange {
                occurred_at: None,
                now: 0,
                tolerance: 1,
            },
            Error::InvalidPayload { detail: "d".into() },
            Error::PayloadTooLarge {
                limit: 1,
                actual: 2,
                option: "o",
            },
            Error::BodyNotRaw { hint: "h".into() },
            Error::config(ConfigReason::Type, "c"),
            Error::EventInProgress { retry_after: 1 },
            Error::DedupeUnavailable { detail: "d".into() },
        ];
        for e in all {
            let family = ErrorFamily::of_code(e.code()).unwrap();
            let expected = match e.status() {
                401 => ErrorFamily::Signature,
                400 | 413 => ErrorFamily::Payload,
                503 => ErrorFamily::Dedupe,
                _ if e.code() == "BODY_NOT_RAW" => ErrorFamily::Payload,
                _ => ErrorFamily::Config,
            };
            assert_eq!(family, expected, "{}", e.code());
        }
    }

    #[test]
    fn mismatch_message_names_the_usual_causes() {
        let msg = Error::SignatureMismatch {
            header: "X-Signature",
        }
        .to_string();
        for cause in ["raw", "stale", "whitespace"] {
            assert!(msg.contains(cause), "{msg}");
        }
    }
}
