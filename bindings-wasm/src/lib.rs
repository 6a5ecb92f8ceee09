//! The WebAssembly engine of signhook: the Rust side of `signhook-wasm`, and the fallback
//! engine of the `signhook` npm package where no native binary loads.
//!
//! It wraps the core's `js` module under the same names as the native engine
//! (`bindings-node/src/lib.rs`), so one JavaScript layer (`js/src/webhook.js`) runs over
//! either. Nothing here decides: failures come back as plain `{ code, status, message,
//! details }` objects, never thrown.

use js_sys::{Array, Object, Reflect, Uint8Array};
use signhook::{js, Dedupe, Error, Secret};
use wasm_bindgen::{prelude::*, JsCast};
use zeroize::Zeroizing;

/// A core failure as the plain object the JavaScript layer raises.
fn failure_object(f: js::Failure) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    };
    set("code", f.code.into());
    set("status", f.status.into());
    set("message", f.message.into());
    set("details", f.details.into());
    object.into()
}

/// The value, or the failure object.
fn verdict<T: Into<JsValue>>(result: Result<T, Error>) -> JsValue {
    result.map_or_else(|e| failure_object(e.into()), Into::into)
}

/// The error a binding finds itself, by `kind` (`body_not_raw`, `option_type`, ...).
#[wasm_bindgen]
pub fn failure(kind: String, detail: String) -> JsValue {
    failure_object(js::failure(&kind, &detail))
}

/// `INVALID_CONFIG` when `now` is out of range, else `null`.
#[wasm_bindgen(js_name = checkNow)]
pub fn check_now(now: f64) -> JsValue {
    js::check_now(now).map_or(JsValue::NULL, failure_object)
}

/// A secret as the JavaScript layer passes it: a string (used as UTF-8) or a Uint8Array.
fn secret(value: &JsValue) -> Secret {
    match value.as_string() {
        Some(text) => Secret::text(&Zeroizing::new(text)),
        None => Secret::bytes(&Zeroizing::new(
            value.unchecked_ref::<Uint8Array>().to_vec(),
        )),
    }
}

/// A configured verifier, owned by the JavaScript `Webhook` class.
#[wasm_bindgen]
pub struct Verifier(js::Engine);

/// Builds a verifier from the options as JavaScript values; a [`Verifier`] or a failure.
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
    let secret = (!secret.is_null() && !secret.is_undefined()).then(|| self::secret(&secret));
    let secrets = secrets.map(|list| list.iter().map(|s| self::secret(&s)).collect());
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

#[wasm_bindgen]
impl Verifier {
    /// See `signhook::js::Engine::describe`.
    pub fn describe(&self) -> String {
        self.0.describe()
    }

    /// See `signhook::js::Engine::verify`.
    pub fn verify(
        &self,
        body: &[u8],
        headers: Vec<String>,
        now: f64,
        url: String,
        macs: Option<Vec<u8>>,
        all: bool,
    ) -> JsValue {
        verdict(
            self.0
                .verify(body, &headers, now, &url, macs.as_deref(), all),
        )
    }

    /// See `signhook::js::Engine::sign`.
    pub fn sign(&self, body: &[u8], now: f64) -> JsValue {
        let signed = self.0.sign(body, now);
        verdict(signed.map(|flat| flat.into_iter().map(JsValue::from).collect::<Array>()))
    }

    /// See `signhook::js::Engine::sign_query`.
    #[wasm_bindgen(js_name = signQuery)]
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        self.0.sign_query(body)
    }

    /// See `signhook::js::Engine::check_body_len`; `null` when the length is within it.
    #[wasm_bindgen(js_name = checkBodyLen)]
    pub fn check_body_len(&self, len: f64) -> JsValue {
        self.0
            .check_body_len(len)
            .map_or_else(|e| failure_object(e.into()), |()| JsValue::NULL)
    }

    /// See `signhook::js::Engine::handshake`.
    pub fn handshake(&self, headers: Vec<String>) -> JsValue {
        verdict(
            self.0
                .handshake(&headers)
                .map(|r| r.map_or(JsValue::NULL, JsValue::from)),
        )
    }
}

/// The deduplication rules for one provider, owned by the JavaScript guard.
#[wasm_bindgen]
pub struct DedupeRules(Dedupe);

/// Builds the rules (see `signhook::js::dedupe`); [`DedupeRules`] or a failure.
#[wasm_bindgen(js_name = createDedupe)]
pub fn create_dedupe(
    provider: String,
    lease_ms: Option<f64>,
    retention_ms: Option<f64>,
    prefix: Option<String>,
) -> JsValue {
    let rules = js::dedupe(&provider, lease_ms, retention_ms, prefix.as_deref());
    verdict(rules.map(DedupeRules))
}

#[wasm_bindgen]
impl DedupeRules {
    /// See `signhook::js::describe_dedupe`.
    pub fn describe(&self) -> String {
        js::describe_dedupe(&self.0)
    }

    /// The store key of the event `id`.
    pub fn key(&self, id: String) -> String {
        self.0.key(&id)
    }

    /// The value a claim writes, holding the caller's `token`.
    #[wasm_bindgen(js_name = claimValue)]
    pub fn claim_value(&self, token: String) -> String {
        Dedupe::claim_value(&token)
    }

    /// What a claim's finding `value` means: `"duplicate"`, or the `EVENT_IN_PROGRESS` failure.
    #[wasm_bindgen(js_name = onExisting)]
    pub fn on_existing(&self, value: Option<String>) -> JsValue {
        verdict(self.0.on_existing(value.as_deref()).map(|_| "duplicate"))
    }
}
