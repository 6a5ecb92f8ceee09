//! signhook for WebAssembly: the Rust side of the npm package `signhook-wasm`.
//!
//! This crate converts types and errors between JavaScript and the `signhook` core and
//! decides nothing itself. The hand-written wrapper in `js/signhook.js` gives it the API of
//! the Node package (`Webhook`, `WebhookVerificationError`, `verifyRequest`); JavaScript
//! users never see [`Verifier`] directly.
//!
//! - Options arrive as the plain object given to `new Webhook({...})`.
//! - Headers arrive as a [`HeaderSource`], an object whose `get(name)` gives a header's
//!   value or values: the core asks for the headers it needs, so no header name lives here.
//! - The event leaves as JSON text (without `payload`), which the wrapper turns into a plain
//!   object with the engine's own `JSON.parse`: one string crosses the boundary instead of
//!   one per field.
//! - Every failure is thrown as an `Error` carrying the core's `code` and `status`, which the
//!   wrapper re-throws as a `WebhookVerificationError`.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use serde::Serialize;
use signhook::{Error, Event, Provider, Secret, Webhook};
use std::borrow::Cow;
use wasm_bindgen::{prelude::*, JsCast};
use zeroize::Zeroizing;

#[wasm_bindgen]
extern "C" {
    /// An `Error` that carries the core's `code` and `status`.
    #[wasm_bindgen(js_name = Error)]
    type CodedError;

    #[wasm_bindgen(constructor, js_class = "Error")]
    fn new(message: &str) -> CodedError;

    #[wasm_bindgen(method, setter)]
    fn set_code(this: &CodedError, code: &str);

    #[wasm_bindgen(method, setter)]
    fn set_status(this: &CodedError, status: u16);

    /// Request headers, normalized by the wrapper: `get(name)` returns the value of the header
    /// `name` (matched case-insensitively), an array of its values when it is repeated, or
    /// `undefined`.
    pub type HeaderSource;

    #[wasm_bindgen(method)]
    fn get(this: &HeaderSource, name: &str) -> JsValue;
}

/// The core's error as a thrown JavaScript value.
fn throw(error: &Error) -> JsValue {
    let js = CodedError::new(&error.to_string());
    js.set_code(error.code());
    js.set_status(error.status());
    js.into()
}

fn config(detail: impl Into<String>) -> JsValue {
    throw(&Error::InvalidConfig {
        detail: detail.into(),
    })
}

/// The wrapper's lookups, as the core's [`signhook::Headers`].
struct JsHeaders<'a>(&'a HeaderSource);

impl signhook::Headers for JsHeaders<'_> {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        // One string crosses in the common case; repeated headers come as an array.
        let found = self.0.get(name);
        if let Some(value) = found.as_string() {
            f(value.as_bytes());
        } else if Array::is_array(&found) {
            for value in Array::from(&found).iter() {
                if let Some(value) = value.as_string() {
                    f(value.as_bytes());
                }
            }
        }
    }
}

/// `options[name]`, or `None` when it is `undefined` or `null`.
fn field(options: &JsValue, name: &str) -> Result<Option<JsValue>, JsValue> {
    let value = Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| config(format!("reading option {name} failed")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// What a JavaScript value is, for messages (never the value itself: it may be a secret).
fn type_of(value: &JsValue) -> String {
    value.js_typeof().as_string().unwrap_or_default()
}

fn string_field(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    field(options, name)?
        .map(|v| {
            v.as_string()
                .ok_or_else(|| config(format!("{name} must be a string, got {}", type_of(&v))))
        })
        .transpose()
}

fn number_field(options: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    field(options, name)?
        .map(|v| {
            v.as_f64()
                .ok_or_else(|| config(format!("{name} must be a number, got {}", type_of(&v))))
        })
        .transpose()
}

/// A secret as JavaScript passes it: a string (used as UTF-8), a Uint8Array or an ArrayBuffer.
fn secret(value: &JsValue, name: &str) -> Result<Secret, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(Secret::text(&Zeroizing::new(text)));
    }
    let bytes = if let Some(array) = value.dyn_ref::<Uint8Array>() {
        array.clone()
    } else if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(buffer)
    } else {
        return Err(config(format!(
            "{name} must be a string or a Uint8Array, got {}",
            type_of(value)
        )));
    };
    Ok(Secret::bytes(&Zeroizing::new(bytes.to_vec())))
}

/// The secrets of `{ secret }` or `{ secrets: [...] }`, in order.
fn secrets(options: &JsValue) -> Result<Vec<Secret>, JsValue> {
    match (field(options, "secret")?, field(options, "secrets")?) {
        (Some(_), Some(_)) => Err(config(
            "pass either secret or secrets (while rotating), not both",
        )),
        (Some(one), None) => Ok(vec![secret(&one, "secret")?]),
        (None, Some(list)) if Array::is_array(&list) => Array::from(&list)
            .iter()
            .enumerate()
            .map(|(i, s)| secret(&s, &format!("secrets[{i}]")))
            .collect(),
        (None, Some(other)) => Err(config(format!(
            "secrets must be an array, got {}",
            type_of(&other)
        ))),
        (None, None) => Ok(Vec::new()),
    }
}

/// A JavaScript number that must be whole (the core checks the range); saturating.
fn whole(name: &str, value: f64) -> Result<i64, JsValue> {
    if value.is_finite() && value.fract() == 0.0 {
        Ok(value as i64)
    } else {
        Err(config(format!(
            "{name} must be a whole number, got {value}"
        )))
    }
}

/// The event as the wrapper hands it to JavaScript: SPEC field names, `payload` left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventOut<'e> {
    provider: &'static str,
    id: &'e str,
    id_source: &'static str,
    #[serde(rename = "type")]
    event_type: &'e str,
    kind: &'static str,
    occurred_at: Option<&'e str>,
    document: Option<DocumentOut<'e>>,
    signer: Option<SignerOut<'e>>,
    reason: Option<&'e str>,
    download_url: Option<&'e str>,
    organization_id: Option<&'e str>,
    client_id: Option<&'e str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentOut<'e> {
    id: Option<&'e str>,
    name: Option<&'e str>,
    status: Option<&'e str>,
    external_id: Option<&'e str>,
    completed_at: Option<&'e str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignerOut<'e> {
    id: Option<&'e str>,
    email: Option<&'e str>,
    name: Option<&'e str>,
    signed_at: Option<&'e str>,
    signature_type: Option<&'e str>,
}

fn text<'e>(value: &'e Option<Cow<'_, str>>) -> Option<&'e str> {
    value.as_deref()
}

/// The event as JSON text (every SPEC field but `payload`).
fn event_json(event: &Event<'_>) -> Result<String, JsValue> {
    let out = EventOut {
        provider: event.provider.as_str(),
        id: &event.id,
        id_source: event.id_source.as_str(),
        event_type: &event.event_type,
        kind: event.kind.as_str(),
        occurred_at: text(&event.occurred_at),
        document: event.document.as_ref().map(|d| DocumentOut {
            id: text(&d.id),
            name: text(&d.name),
            status: text(&d.status),
            external_id: text(&d.external_id),
            completed_at: text(&d.completed_at),
        }),
        signer: event.signer.as_ref().map(|s| SignerOut {
            id: text(&s.id),
            email: text(&s.email),
            name: text(&s.name),
            signed_at: text(&s.signed_at),
            signature_type: text(&s.signature_type),
        }),
        reason: text(&event.reason),
        download_url: text(&event.download_url),
        organization_id: text(&event.organization_id),
        client_id: event.client_id.as_deref(),
    };
    // Serializing borrowed strings into a String cannot fail; map the error all the same.
    serde_json::to_string(&out).map_err(|e| config(format!("event serialization: {e}")))
}

/// Seconds since the Unix epoch, from a JavaScript number (fractions are dropped).
fn seconds(now: f64) -> Result<i64, JsValue> {
    if now.is_finite() && now.abs() < 9.0e15 {
        Ok(now.floor() as i64)
    } else {
        Err(config(
            "now must be a number of seconds since the Unix epoch",
        ))
    }
}

/// A configured verifier for one provider; wrapped by `Webhook` in `js/signhook.js`.
#[wasm_bindgen]
pub struct Verifier {
    inner: Webhook,
}

#[wasm_bindgen]
impl Verifier {
    /// Builds the core verifier from the options object of `new Webhook({...})`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Verifier, JsValue> {
        if !options.is_object() {
            return Err(config(
                "pass an options object: new Webhook({ provider, secret })",
            ));
        }
        let provider = string_field(&options, "provider")?.unwrap_or_default();
        let provider: Provider = provider.parse().map_err(|e| throw(&e))?;
        let mut builder = Webhook::builder(provider);
        for secret in secrets(&options)? {
            builder = builder.secret(secret);
        }
        if let Some(id) = string_field(&options, "clientId")? {
            builder = builder.client_id(id);
        }
        if let Some(t) = number_field(&options, "tolerance")? {
            builder = builder.tolerance(whole("tolerance", t)?);
        }
        if let Some(limit) = number_field(&options, "maxBodyBytes")? {
            // A negative limit becomes 0, which the core rejects; a huge one saturates (no
            // body in a 32-bit address space is longer than usize::MAX).
            let limit = whole("maxBodyBytes", limit)?.max(0);
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            builder = builder.max_body_bytes(limit);
        }
        builder
            .build()
            .map(|inner| Verifier { inner })
            .map_err(|e| throw(&e))
    }

    /// The provider id.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.inner.provider().as_str().into()
    }

    /// The configured body limit in bytes.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> f64 {
        self.inner.max_body_bytes() as f64
    }

    /// The number of configured secrets.
    #[wasm_bindgen(getter, js_name = secretCount)]
    pub fn secret_count(&self) -> u32 {
        self.inner.secret_count() as u32
    }

    /// Throws `PAYLOAD_TOO_LARGE` when a body of `len` bytes is over the limit, before the
    /// wrapper copies it into WebAssembly memory (which never shrinks again). The same check
    /// the core makes first in `verify`.
    #[wasm_bindgen(js_name = checkLength)]
    pub fn check_length(&self, len: f64) -> Result<(), JsValue> {
        // A length past usize (only possible as a float) is over any limit.
        let len = if len >= usize::MAX as f64 {
            usize::MAX
        } else {
            len as usize
        };
        self.inner.check_body_len(len).map_err(|e| throw(&e))
    }

    /// Verifies raw bytes; returns the event as JSON text without `payload`.
    pub fn verify(&self, body: &[u8], headers: &HeaderSource, now: f64) -> Result<String, JsValue> {
        let event = self
            .inner
            .verify(body, &JsHeaders(headers), seconds(now)?)
            .map_err(|e| throw(&e))?;
        event_json(&event)
    }

    /// Verifies a string body (its UTF-8 bytes, encoded straight into WebAssembly memory).
    #[wasm_bindgen(js_name = verifyText)]
    pub fn verify_text(
        &self,
        body: &str,
        headers: &HeaderSource,
        now: f64,
    ) -> Result<String, JsValue> {
        self.verify(body.as_bytes(), headers, now)
    }

    /// Verifies raw bytes whose HMAC-SHA256 under each secret (32 bytes each, in
    /// configuration order, concatenated) the caller computed with the runtime's own crypto.
    #[wasm_bindgen(js_name = verifyWithMacs)]
    pub fn verify_with_macs(
        &self,
        body: &[u8],
        macs: &[u8],
        headers: &HeaderSource,
        now: f64,
    ) -> Result<String, JsValue> {
        let digests: Vec<[u8; 32]> = macs
            .chunks(32)
            .filter_map(|c| <[u8; 32]>::try_from(c).ok())
            .collect();
        if digests.len() * 32 != macs.len() {
            return Err(config("HMACs must be 32 bytes each"));
        }
        let event = self
            .inner
            .verify_with_macs(body, &digests, &JsHeaders(headers), seconds(now)?)
            .map_err(|e| throw(&e))?;
        event_json(&event)
    }

    /// The headers the provider would send with `body`, as `[name, value, name, value, ...]`.
    pub fn sign(&self, body: &[u8]) -> Vec<String> {
        self.inner
            .sign(body)
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect()
    }

    /// [`sign`](Verifier::sign) for a string body (its UTF-8 bytes).
    #[wasm_bindgen(js_name = signText)]
    pub fn sign_text(&self, body: &str) -> Vec<String> {
        self.sign(body.as_bytes())
    }
}

/// The `BODY_NOT_RAW` error, with the wrapper's hint on how to get the raw body.
#[wasm_bindgen(js_name = bodyNotRaw)]
pub fn body_not_raw(hint: String) -> JsValue {
    throw(&Error::BodyNotRaw { hint })
}
