//! The native engine of the `signhook` npm package: N-API functions over the `signhook` core.
//!
//! The WebAssembly engine (`bindings-wasm/src/lib.rs`) exports the same names with the same
//! meaning, so one JavaScript layer (`js/src/webhook.js`) runs over either. Everything here
//! converts: JS values in, the core's verdict out. No failure is thrown from here: a core
//! error comes back as a [`Failure`], so the JS layer can raise it with a stack trace that
//! points at the caller.
//!
//! The JS layer reads the headers the core needs ([`Verifier::header_names`]) before it
//! calls in, so no JavaScript runs between hashing the body and parsing it.
//!
//! This file has no `unsafe` block of its own; the N-API glue that `#[napi]` generates
//! is unsafe FFI, hence the allowance below.
#![allow(unsafe_code)]

use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;
use signhook::{
    unix_seconds, ConfigReason, Dedupe, Error, HeaderList, Number, Options, Secret, Spelling,
    Webhook, DONE,
};

/// A core error, as the JS layer turns it into a `WebhookVerificationError`.
#[napi(object)]
pub struct Failure {
    /// The stable code, e.g. `SIGNATURE_MISMATCH`.
    pub code: String,
    /// The HTTP status framework helpers answer with.
    pub status: u32,
    /// The core's message for people (never contains a secret).
    pub message: String,
    /// The error's facts (`ErrorContext`) as JSON text, for programs.
    pub context: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            code: e.code().to_owned(),
            status: u32::from(e.status()),
            message: e.to_string(),
            context: e.context().to_json(),
        }
    }
}

/// The core's `BODY_NOT_RAW` error with a framework-specific hint.
#[napi(catch_unwind)]
pub fn body_not_raw(hint: String) -> Failure {
    Error::BodyNotRaw { hint }.into()
}

/// The core's `INVALID_CONFIG` error, for options of the wrong JS type.
#[napi(catch_unwind)]
pub fn invalid_config(detail: String) -> Failure {
    Error::InvalidConfig {
        reason: ConfigReason::Type,
        detail,
    }
    .into()
}

/// The core's `INVALID_CONFIG` failure when `now` (seconds since the Unix epoch, a JS number)
/// is out of range, else `null`. The JS layer asks before it looks at the body, so that a
/// `now` out of range is the answer whatever the body.
#[napi(catch_unwind)]
pub fn check_now(now: f64) -> Option<Failure> {
    unix_seconds(now).err().map(Failure::from)
}

/// A configured verifier, owned by the JS `Webhook` class.
#[napi]
pub struct Verifier {
    inner: Webhook,
}

/// Builds a verifier from the options as JS values: `secret` or `secrets` (text, used as
/// UTF-8, or bytes), numbers as JS numbers. The core's `Options::build` decides.
#[napi(catch_unwind)]
pub fn create_verifier(
    provider: String,
    secret: Option<Either<String, Uint8Array>>,
    secrets: Option<Vec<Either<String, Uint8Array>>>,
    client_id: Option<String>,
    tolerance: Option<f64>,
    max_body_bytes: Option<f64>,
    require_authentication: Option<String>,
) -> Either<Verifier, Failure> {
    let secret_of = |value: &Either<String, Uint8Array>| match value {
        Either::A(text) => Secret::text(text),
        Either::B(bytes) => Secret::bytes(bytes),
    };
    let options = Options {
        provider,
        secret: secret.as_ref().map(secret_of),
        secrets: secrets.map(|list| list.iter().map(secret_of).collect()),
        client_id,
        tolerance: tolerance.map(Number::Float),
        max_body_bytes: max_body_bytes.map(Number::Float),
        require_authentication,
        spelling: Spelling::CamelCase,
    };
    match options.build() {
        Ok(inner) => Either::A(Verifier { inner }),
        Err(e) => Either::B(e.into()),
    }
}

/// A length from JS (a float); one past `usize` is over any limit.
fn length(len: f64) -> usize {
    if len >= usize::MAX as f64 {
        usize::MAX
    } else {
        len as usize
    }
}

#[napi]
impl Verifier {
    /// Verifies `body` (the raw bytes) against `headers` (`[name, value, ...]`) and the
    /// request `url` (empty when unknown) at `now` (seconds since the epoch). Returns the
    /// event as JSON text without `payload`.
    #[napi(catch_unwind)]
    pub fn verify(
        &self,
        body: &[u8],
        headers: Vec<String>,
        now: f64,
        url: String,
    ) -> Either<String, Failure> {
        let verdict = unix_seconds(now)
            .and_then(|now| {
                self.inner
                    .verify_url(body, &HeaderList(&headers), &url, now)
            })
            .map(|event| event.to_json());
        into_either(verdict)
    }

    /// [`verify`](Verifier::verify) for a body that may hold several events: JSON text of
    /// `[[event, start, end], ...]`, each event without `payload`, whose text is the body's
    /// bytes `start..end`.
    #[napi(catch_unwind)]
    pub fn verify_all(
        &self,
        body: &[u8],
        headers: Vec<String>,
        now: f64,
        url: String,
    ) -> Either<String, Failure> {
        let verdict = unix_seconds(now)
            .and_then(|now| {
                self.inner
                    .verify_all(body, &HeaderList(&headers), &url, now)
            })
            .map(|events| signhook::Event::list_json(&events, body));
        into_either(verdict)
    }

    /// [`verify`](Verifier::verify) with the body's HMAC-SHA256 under each secret (32 bytes
    /// each, in configuration order, concatenated) computed by the runtime's own crypto.
    #[napi(catch_unwind)]
    pub fn verify_with_macs(
        &self,
        body: &[u8],
        macs: &[u8],
        headers: Vec<String>,
        now: f64,
    ) -> Either<String, Failure> {
        let verdict = unix_seconds(now)
            .and_then(|now| {
                self.inner
                    .verify_with_macs(body, macs, &HeaderList(&headers), now)
            })
            .map(|event| event.to_json());
        into_either(verdict)
    }

    /// The headers the provider would send with `body` at `now` (seconds since the Unix
    /// epoch, already checked by the JS layer), as `[name, value, ...]`.
    #[napi(catch_unwind)]
    pub fn sign(&self, body: &[u8], now: f64) -> Vec<String> {
        self.inner
            .sign_at(body, unix_seconds(now).unwrap_or_default())
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect()
    }

    /// The core's `PAYLOAD_TOO_LARGE` error when a body of `len` bytes is over the limit,
    /// for helpers that stop reading a stream early; `null` otherwise.
    #[napi(catch_unwind)]
    pub fn check_body_len(&self, len: f64) -> Option<Failure> {
        self.inner
            .check_body_len(length(len))
            .err()
            .map(Failure::from)
    }

    /// The query a provider that signs in the URL would add for `body` (`signature=<hex>`),
    /// or `null`.
    #[napi(catch_unwind)]
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        self.inner.sign_query(body)
    }

    /// Whether each event's payload is the whole body; when not (an array of events, a form
    /// holding the JSON), `verifyAll` gives each payload's byte range.
    #[napi(getter)]
    pub fn whole_body_payload(&self) -> bool {
        self.inner.whole_body_payload()
    }

    /// Whether the provider checks a new URL with a `GET` first: answer it with `handshake`.
    #[napi(getter)]
    pub fn has_handshake(&self) -> bool {
        self.inner.has_handshake()
    }

    /// The answer the provider requires once a delivery is handled, as
    /// `[status, body, name, value, ...]` (`body` empty when none is required).
    #[napi(catch_unwind)]
    pub fn reply(&self) -> Vec<String> {
        self.inner.reply().into_flat()
    }

    /// The answer to the provider's `GET` check of a new URL (as `reply`), its failure, or
    /// `null` for a provider that sends no such check.
    #[napi(catch_unwind)]
    pub fn handshake(&self, headers: Vec<String>) -> Option<Either<Vec<String>, Failure>> {
        match self.inner.handshake(&HeaderList(&headers)) {
            Ok(reply) => reply.map(|r| Either::A(r.into_flat())),
            Err(e) => Some(Either::B(e.into())),
        }
    }

    /// Whether the signature is an HMAC of the raw body alone: `verifyWithMacs` applies.
    #[napi(getter)]
    pub fn macs_over_body(&self) -> bool {
        self.inner.macs_over_body()
    }

    /// The headers `verify` reads, lowercase.
    #[napi(getter)]
    pub fn header_names(&self) -> Vec<&'static str> {
        self.inner.header_names().to_vec()
    }

    /// The provider id, e.g. `propper`.
    #[napi(getter)]
    pub fn provider(&self) -> &'static str {
        self.inner.provider().as_str()
    }

    /// How many secrets are configured.
    #[napi(getter)]
    pub fn secret_count(&self) -> u32 {
        u32::try_from(self.inner.secret_count()).unwrap_or(u32::MAX)
    }

    /// The body limit in bytes.
    #[napi(getter)]
    pub fn max_body_bytes(&self) -> f64 {
        self.inner.max_body_bytes() as f64
    }
}

fn into_either(verdict: Result<String, Error>) -> Either<String, Failure> {
    match verdict {
        Ok(json) => Either::A(json),
        Err(e) => Either::B(e.into()),
    }
}

/// The deduplication rules for one provider (the core's `Dedupe`), owned by the JS guard,
/// which performs the store calls they name.
#[napi]
pub struct DedupeRules {
    inner: Dedupe,
}

/// Builds the rules; `leaseMs` and `retentionMs` are JS numbers, checked by the core.
#[napi(catch_unwind)]
pub fn create_dedupe(
    provider: String,
    lease_ms: Option<f64>,
    retention_ms: Option<f64>,
    prefix: Option<String>,
) -> Either<DedupeRules, Failure> {
    let build = || {
        Dedupe::configure(
            &provider,
            lease_ms.map(Number::Float),
            retention_ms.map(Number::Float),
            prefix.as_deref(),
            Spelling::CamelCase,
        )
    };
    match build() {
        Ok(inner) => Either::A(DedupeRules { inner }),
        Err(e) => Either::B(e.into()),
    }
}

/// The core's `DEDUPE_UNAVAILABLE` failure: the store failed as `detail` says.
#[napi(catch_unwind)]
pub fn dedupe_unavailable(detail: String) -> Failure {
    Dedupe::unavailable(&detail).into()
}

#[napi]
impl DedupeRules {
    /// The store key of the event `id`.
    #[napi(catch_unwind)]
    pub fn key(&self, id: String) -> String {
        self.inner.key(&id)
    }

    /// The value a claim writes, holding the caller's `token`.
    #[napi(catch_unwind)]
    pub fn claim_value(&self, token: String) -> String {
        Dedupe::claim_value(&token)
    }

    /// What the claim's finding `value` means: `"duplicate"`, or the `EVENT_IN_PROGRESS` failure.
    #[napi(catch_unwind)]
    pub fn on_existing(&self, value: Option<String>) -> Either<String, Failure> {
        match self.inner.on_existing(value.as_deref()) {
            Ok(_) => Either::A("duplicate".to_owned()),
            Err(e) => Either::B(e.into()),
        }
    }

    /// The value of a completed event's record.
    #[napi(getter)]
    pub fn done(&self) -> &'static str {
        DONE
    }

    /// The claim's lease, in milliseconds.
    #[napi(getter)]
    pub fn lease_ms(&self) -> f64 {
        self.inner.lease() as f64
    }

    /// How long a completed event is remembered, in milliseconds.
    #[napi(getter)]
    pub fn retention_ms(&self) -> f64 {
        self.inner.retention() as f64
    }
}
