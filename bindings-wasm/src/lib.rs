//! The WebAssembly engine of signhook: the Rust side of `signhook-wasm`, and the fallback
//! engine of the `signhook` npm package where no native binary loads.
//!
//! It exports the same names with the same meaning as the native engine
//! (`bindings-node/src/lib.rs`), so one JavaScript layer (`js/src/webhook.js`) runs over
//! either: `createVerifier`, the `Verifier` class (`verify`, `verifyWithMacs`, `sign`,
//! `checkBodyLen`, `headerNames`, `provider`, `secretCount`, `maxBodyBytes`), `checkNow`,
//! `bodyNotRaw` and `invalidConfig`. Failures are returned as plain `{ code, status, message }`
//! objects, never thrown. Everything here converts; the core decides.

use js_sys::{Array, Object, Reflect, Uint8Array};
use signhook::{
    unix_seconds, ConfigReason, Dedupe, Error, HeaderList, Number, Options, Secret, Spelling,
    Webhook, DONE,
};
use wasm_bindgen::{prelude::*, JsCast};
use zeroize::Zeroizing;

/// The core's error as the plain object the JS layer raises: `{ code, status, message, context }`
/// (`context`: the error's facts as JSON text).
fn failure(error: &Error) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    };
    set("code", error.code().into());
    set("status", error.status().into());
    set("message", error.to_string().into());
    set("context", error.context().to_json().into());
    object.into()
}

/// The core's `BODY_NOT_RAW` error with a framework-specific hint.
#[wasm_bindgen(js_name = bodyNotRaw)]
pub fn body_not_raw(hint: String) -> JsValue {
    failure(&Error::BodyNotRaw { hint })
}

/// The core's `INVALID_CONFIG` error, for options of the wrong JS type.
#[wasm_bindgen(js_name = invalidConfig)]
pub fn invalid_config(detail: String) -> JsValue {
    failure(&Error::InvalidConfig {
        reason: ConfigReason::Type,
        detail,
    })
}

/// The core's `INVALID_CONFIG` failure when `now` (seconds since the Unix epoch, a JS number)
/// is out of range, else `null`. The JS layer asks before it looks at the body, so that a
/// `now` out of range is the answer whatever the body.
#[wasm_bindgen(js_name = checkNow)]
pub fn check_now(now: f64) -> JsValue {
    match unix_seconds(now) {
        Ok(_) => JsValue::NULL,
        Err(e) => failure(&e),
    }
}

/// A secret as the JS layer passes it: a string (used as UTF-8) or a Uint8Array.
fn secret(value: &JsValue) -> Secret {
    match value.as_string() {
        Some(text) => Secret::text(&Zeroizing::new(text)),
        None => {
            let bytes = value.unchecked_ref::<Uint8Array>();
            Secret::bytes(&Zeroizing::new(bytes.to_vec()))
        }
    }
}

/// Builds a verifier from the options as JS values; returns a [`Verifier`] or a failure
/// object. `secret` is a string or a Uint8Array, `secrets` an array of them (the JS layer has
/// checked the types); numbers are JS numbers. The core's `Options::build` decides.
#[wasm_bindgen(js_name = createVerifier)]
pub fn create_verifier(
    provider: String,
    secret: JsValue,
    secrets: Option<Array>,
    client_id: Option<String>,
    tolerance: Option<f64>,
    max_body_bytes: Option<f64>,
    require_authentication: Option<String>,
) -> JsValue {
    let options = Options {
        provider,
        secret: (!secret.is_null() && !secret.is_undefined()).then(|| self::secret(&secret)),
        secrets: secrets.map(|list| list.iter().map(|value| self::secret(&value)).collect()),
        client_id,
        tolerance: tolerance.map(Number::Float),
        max_body_bytes: max_body_bytes.map(Number::Float),
        require_authentication,
        spelling: Spelling::CamelCase,
    };
    match options.build() {
        Ok(inner) => Verifier { inner }.into(),
        Err(e) => failure(&e),
    }
}

/// A configured verifier, owned by the JS `Webhook` class.
#[wasm_bindgen]
pub struct Verifier {
    inner: Webhook,
}

/// The event as JSON text, or the failure object.
fn verdict(result: Result<signhook::Event<'_>, Error>) -> JsValue {
    match result {
        Ok(event) => event.to_json().into(),
        Err(e) => failure(&e),
    }
}

#[wasm_bindgen]
impl Verifier {
    /// Verifies `body` (the raw bytes) against `headers` (`[name, value, ...]`) and the
    /// request `url` (empty when unknown) at `now` (seconds since the epoch). Returns the
    /// event as JSON text without `payload`.
    pub fn verify(&self, body: &[u8], headers: Vec<String>, now: f64, url: String) -> JsValue {
        verdict(unix_seconds(now).and_then(|now| {
            self.inner
                .verify_url(body, &HeaderList(&headers), &url, now)
        }))
    }

    /// [`verify`](Verifier::verify) for a body that may hold several events: JSON text of
    /// `[[event, start, end], ...]`, each event without `payload`, whose text is the body's
    /// bytes `start..end`.
    #[wasm_bindgen(js_name = verifyAll)]
    pub fn verify_all(&self, body: &[u8], headers: Vec<String>, now: f64, url: String) -> JsValue {
        match unix_seconds(now).and_then(|now| {
            self.inner
                .verify_all(body, &HeaderList(&headers), &url, now)
        }) {
            Ok(events) => JsValue::from_str(&signhook::Event::list_json(&events, body)),
            Err(e) => failure(&e),
        }
    }

    /// [`verify`](Verifier::verify) with the body's HMAC-SHA256 under each secret (32 bytes
    /// each, in configuration order, concatenated) computed by the runtime's own crypto.
    #[wasm_bindgen(js_name = verifyWithMacs)]
    pub fn verify_with_macs(
        &self,
        body: &[u8],
        macs: &[u8],
        headers: Vec<String>,
        now: f64,
    ) -> JsValue {
        verdict(unix_seconds(now).and_then(|now| {
            self.inner
                .verify_with_macs(body, macs, &HeaderList(&headers), now)
        }))
    }

    /// The headers the provider would send with `body` at `now` (seconds since the Unix
    /// epoch, already checked by the JS layer), as `[name, value, ...]`.
    pub fn sign(&self, body: &[u8], now: f64) -> Vec<String> {
        self.inner
            .sign_at(body, unix_seconds(now).unwrap_or_default())
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect()
    }

    /// The core's `PAYLOAD_TOO_LARGE` failure when a body of `len` bytes is over the limit,
    /// for helpers that stop reading a stream early; `null` otherwise.
    #[wasm_bindgen(js_name = checkBodyLen)]
    pub fn check_body_len(&self, len: f64) -> JsValue {
        // A length past usize (only possible as a float) is over any limit.
        let len = if len >= usize::MAX as f64 {
            usize::MAX
        } else {
            len as usize
        };
        match self.inner.check_body_len(len) {
            Ok(()) => JsValue::NULL,
            Err(e) => failure(&e),
        }
    }

    /// The query a provider that signs in the URL would add for `body` (`signature=<hex>`),
    /// or `undefined`.
    #[wasm_bindgen(js_name = signQuery)]
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        self.inner.sign_query(body)
    }

    /// Whether a body holds an array of events: each payload is then its element.
    #[wasm_bindgen(getter, js_name = wholeBodyPayload)]
    pub fn whole_body_payload(&self) -> bool {
        self.inner.whole_body_payload()
    }

    /// Whether the provider checks a new URL with a `GET` first: answer it with `handshake`.
    #[wasm_bindgen(getter, js_name = hasHandshake)]
    pub fn has_handshake(&self) -> bool {
        self.inner.has_handshake()
    }

    /// The answer the provider requires once a delivery is handled, as
    /// `[status, body, name, value, ...]` (`body` empty when none is required).
    pub fn reply(&self) -> Vec<String> {
        self.inner.reply().into_flat()
    }

    /// The answer to the provider's `GET` check of a new URL (as `reply`), its failure
    /// object, or `null` for a provider that sends no such check.
    pub fn handshake(&self, headers: Vec<String>) -> JsValue {
        match self.inner.handshake(&HeaderList(&headers)) {
            Ok(Some(reply)) => reply
                .into_flat()
                .into_iter()
                .map(JsValue::from)
                .collect::<js_sys::Array>()
                .into(),
            Ok(None) => JsValue::NULL,
            Err(e) => failure(&e),
        }
    }

    /// Whether the signature is an HMAC of the raw body alone: `verifyWithMacs` applies.
    #[wasm_bindgen(getter, js_name = macsOverBody)]
    pub fn macs_over_body(&self) -> bool {
        self.inner.macs_over_body()
    }

    /// The headers `verify` reads, lowercase.
    #[wasm_bindgen(getter, js_name = headerNames)]
    pub fn header_names(&self) -> Vec<String> {
        self.inner
            .header_names()
            .iter()
            .map(|&n| n.to_owned())
            .collect()
    }

    /// The provider id, e.g. `propper`.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.inner.provider().as_str().into()
    }

    /// How many secrets are configured.
    #[wasm_bindgen(getter, js_name = secretCount)]
    pub fn secret_count(&self) -> u32 {
        u32::try_from(self.inner.secret_count()).unwrap_or(u32::MAX)
    }

    /// The body limit in bytes.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> f64 {
        self.inner.max_body_bytes() as f64
    }
}

/// The deduplication rules for one provider (the core's `Dedupe`), owned by the JS guard,
/// which performs the store calls they name.
#[wasm_bindgen]
pub struct DedupeRules {
    inner: Dedupe,
}

/// Builds the rules; returns [`DedupeRules`] or a failure object. `leaseMs` and `retentionMs`
/// are JS numbers, checked by the core.
#[wasm_bindgen(js_name = createDedupe)]
pub fn create_dedupe(
    provider: String,
    lease_ms: Option<f64>,
    retention_ms: Option<f64>,
    prefix: Option<String>,
) -> JsValue {
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
        Ok(inner) => DedupeRules { inner }.into(),
        Err(e) => failure(&e),
    }
}

/// The core's `DEDUPE_UNAVAILABLE` failure: the store failed as `detail` says.
#[wasm_bindgen(js_name = dedupeUnavailable)]
pub fn dedupe_unavailable(detail: String) -> JsValue {
    failure(&Dedupe::unavailable(&detail))
}

#[wasm_bindgen]
impl DedupeRules {
    /// The store key of the event `id`.
    pub fn key(&self, id: String) -> String {
        self.inner.key(&id)
    }

    /// The value a claim writes, holding the caller's `token`.
    #[wasm_bindgen(js_name = claimValue)]
    pub fn claim_value(&self, token: String) -> String {
        Dedupe::claim_value(&token)
    }

    /// What the claim's finding `value` means: `"duplicate"`, or the `EVENT_IN_PROGRESS` failure.
    #[wasm_bindgen(js_name = onExisting)]
    pub fn on_existing(&self, value: Option<String>) -> JsValue {
        match self.inner.on_existing(value.as_deref()) {
            Ok(_) => JsValue::from_str("duplicate"),
            Err(e) => failure(&e),
        }
    }

    /// The value of a completed event's record.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> String {
        DONE.to_owned()
    }

    /// The claim's lease, in milliseconds.
    #[wasm_bindgen(getter, js_name = leaseMs)]
    pub fn lease_ms(&self) -> f64 {
        self.inner.lease() as f64
    }

    /// How long a completed event is remembered, in milliseconds.
    #[wasm_bindgen(getter, js_name = retentionMs)]
    pub fn retention_ms(&self) -> f64 {
        self.inner.retention() as f64
    }
}
