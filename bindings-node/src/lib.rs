//! The native engine of the `signhook` npm package: N-API wrappers of the core's `js` module,
//! which the WebAssembly engine (`bindings-wasm/src/lib.rs`) wraps the same way, so one
//! JavaScript layer (`js/src/webhook.js`) runs over either. Nothing here decides: failures
//! come back as [`Failure`] objects, never thrown, so the JavaScript layer raises them with
//! a stack trace that points at the caller.
//!
//! This file has no `unsafe` block of its own; the N-API glue that `#[napi]` generates
//! is unsafe FFI, hence the allowance below.
#![allow(unsafe_code)]

use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;
use signhook::{js, Dedupe, Error, Secret};

/// A core failure, as the JavaScript layer raises it (see `signhook::js::Failure`).
#[napi(object)]
pub struct Failure {
    /// The stable code, e.g. `SIGNATURE_MISMATCH`.
    pub code: String,
    /// The HTTP status to answer with.
    pub status: u32,
    /// The message for people (never holds a secret).
    pub message: String,
    /// `{"context": {...}, "headers": {...}}` as JSON text.
    pub details: String,
}

impl From<js::Failure> for Failure {
    fn from(f: js::Failure) -> Self {
        let js::Failure {
            code,
            status,
            message,
            details,
        } = f;
        Failure {
            code: code.into(),
            status: status.into(),
            message,
            details,
        }
    }
}

/// A result as the JavaScript layer tells them apart: the value, or a [`Failure`].
type Verdict<T> = Either<T, Failure>;

fn verdict<T>(result: Result<T, Error>) -> Verdict<T> {
    result.map_or_else(|e| Either::B(js::Failure::from(e).into()), Either::A)
}

/// The error a binding finds itself, by `kind` (`body_not_raw`, `option_type`, ...).
#[napi(catch_unwind)]
pub fn failure(kind: String, detail: String) -> Failure {
    js::failure(&kind, &detail).into()
}

/// `INVALID_CONFIG` when `now` is out of range, else `null`.
#[napi(catch_unwind)]
pub fn check_now(now: f64) -> Option<Failure> {
    js::check_now(now).map(Failure::from)
}

/// A secret as JavaScript passes it: text (used as UTF-8) or bytes.
fn secret(value: &Either<String, Uint8Array>) -> Secret {
    match value {
        Either::A(text) => Secret::text(text),
        Either::B(bytes) => Secret::bytes(bytes),
    }
}

/// A configured verifier, owned by the JavaScript `Webhook` class.
#[napi]
pub struct Verifier(js::Engine);

/// Builds a verifier from the options as JavaScript values.
#[napi(catch_unwind)]
pub fn create_verifier(
    provider: String,
    secret: Option<Either<String, Uint8Array>>,
    secrets: Option<Vec<Either<String, Uint8Array>>>,
    client_id: Option<String>,
    tolerance: Option<f64>,
    max_body_bytes: Option<f64>,
    require_authentication: Option<String>,
) -> Verdict<Verifier> {
    let secret = secret.as_ref().map(self::secret);
    let secrets = secrets.map(|list| list.iter().map(self::secret).collect());
    let made = js::Engine::new(
        provider,
        secret,
        secrets,
        client_id,
        tolerance,
        max_body_bytes,
        require_authentication,
    );
    verdict(made.map(Verifier))
}

#[napi]
impl Verifier {
    /// See `signhook::js::Engine::describe`.
    #[napi(catch_unwind)]
    pub fn describe(&self) -> String {
        self.0.describe()
    }

    /// See `signhook::js::Engine::verify`.
    #[napi(catch_unwind)]
    pub fn verify(
        &self,
        body: &[u8],
        headers: Vec<String>,
        now: f64,
        url: String,
        macs: Option<&[u8]>,
        all: bool,
    ) -> Verdict<String> {
        verdict(self.0.verify(body, &headers, now, &url, macs, all))
    }

    /// See `signhook::js::Engine::sign`.
    #[napi(catch_unwind)]
    pub fn sign(&self, body: &[u8], now: f64) -> Verdict<Vec<String>> {
        verdict(self.0.sign(body, now))
    }

    /// See `signhook::js::Engine::sign_query`.
    #[napi(catch_unwind)]
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        self.0.sign_query(body)
    }

    /// See `signhook::js::Engine::check_body_len`; `null` when the length is within it.
    #[napi(catch_unwind)]
    pub fn check_body_len(&self, len: f64) -> Option<Failure> {
        self.0
            .check_body_len(len)
            .err()
            .map(|e| js::Failure::from(e).into())
    }

    /// See `signhook::js::Engine::handshake`.
    #[napi(catch_unwind)]
    pub fn handshake(&self, headers: Vec<String>) -> Verdict<Option<String>> {
        verdict(self.0.handshake(&headers))
    }
}

/// The deduplication rules for one provider, owned by the JavaScript guard.
#[napi]
pub struct DedupeRules(Dedupe);

/// Builds the rules (see `signhook::js::dedupe`).
#[napi(catch_unwind)]
pub fn create_dedupe(
    provider: String,
    lease_ms: Option<f64>,
    retention_ms: Option<f64>,
    prefix: Option<String>,
) -> Verdict<DedupeRules> {
    let rules = js::dedupe(&provider, lease_ms, retention_ms, prefix.as_deref());
    verdict(rules.map(DedupeRules))
}

#[napi]
impl DedupeRules {
    /// See `signhook::js::describe_dedupe`.
    #[napi(catch_unwind)]
    pub fn describe(&self) -> String {
        js::describe_dedupe(&self.0)
    }

    /// The store key of the event `id`.
    #[napi(catch_unwind)]
    pub fn key(&self, id: String) -> String {
        self.0.key(&id)
    }

    /// The value a claim writes, holding the caller's `token`.
    #[napi(catch_unwind)]
    pub fn claim_value(&self, token: String) -> String {
        Dedupe::claim_value(&token)
    }

    /// What a claim's finding `value` means: `"duplicate"`, or the `EVENT_IN_PROGRESS` failure.
    #[napi(catch_unwind)]
    pub fn on_existing(&self, value: Option<String>) -> Verdict<&'static str> {
        verdict(self.0.on_existing(value.as_deref()).map(|_| "duplicate"))
    }
}
