//! The native half of the `signhook` npm package: N-API functions over the `signhook` core.
//!
//! Everything here converts: JS values in, the core's verdict out. The JS half
//! (`index.js`) builds the public `Webhook` class, the event object and
//! `WebhookVerificationError` from what these functions return. No failure is thrown
//! from here: a core error comes back as a [`Failure`], so the JS half can raise it
//! with a stack trace that points at the caller.
//!
//! This file has no `unsafe` block of its own; the N-API glue that `#[napi]` generates
//! is unsafe FFI, hence the allowance below.
#![allow(unsafe_code)]

use napi::bindgen_prelude::{Array, Either, Env, Object, Result, Uint8Array};
use napi_derive::napi;
use signhook::{Error, Event, Headers, Provider, Secret, Webhook};
use std::cell::OnceCell;

/// A core error, as the JS half turns it into a `WebhookVerificationError`.
#[napi(object)]
pub struct Failure {
    /// The stable code, e.g. `SIGNATURE_MISMATCH`.
    pub code: String,
    /// The HTTP status framework helpers answer with.
    pub status: u32,
    /// The core's message for people (never contains a secret).
    pub message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            code: e.code().to_owned(),
            status: u32::from(e.status()),
            message: e.to_string(),
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
    Error::InvalidConfig { detail }.into()
}

/// A configured verifier, owned by the JS `Webhook` class.
#[napi]
pub struct NativeWebhook {
    inner: Webhook,
}

/// Builds a verifier. `secrets` are text (used as UTF-8) or bytes; the JS half has checked
/// the option types, the core checks everything else.
#[napi(catch_unwind)]
pub fn create_webhook(
    provider: String,
    secrets: Vec<Either<String, Uint8Array>>,
    client_id: Option<String>,
    tolerance: Option<i64>,
    max_body_bytes: Option<i64>,
) -> Either<NativeWebhook, Failure> {
    let build = || -> std::result::Result<Webhook, Error> {
        let mut builder = Webhook::builder(provider.parse::<Provider>()?);
        for secret in &secrets {
            builder = builder.secret(match secret {
                Either::A(text) => Secret::text(text),
                Either::B(bytes) => Secret::bytes(bytes),
            });
        }
        if let Some(id) = client_id {
            builder = builder.client_id(id);
        }
        if let Some(seconds) = tolerance {
            builder = builder.tolerance(seconds);
        }
        if let Some(limit) = max_body_bytes {
            // Negative or beyond the address space: let the core reject 0 with its message.
            builder = builder.max_body_bytes(usize::try_from(limit).unwrap_or(0));
        }
        builder.build()
    };
    match build() {
        Ok(inner) => Either::A(NativeWebhook { inner }),
        Err(e) => Either::B(e.into()),
    }
}

/// Request headers handed over from JS, read lazily by name as the core asks for them.
///
/// Either a record (`{ name: value | value[] }`, e.g. Node's `req.headers`) or a flat
/// array `[name, value, name, value, ...]` (Node's `req.rawHeaders`, or what the JS half
/// makes of a Web `Headers`, a `Map` or a list of pairs).
struct JsHeaders<'a> {
    source: Either<Array<'a>, Object<'a>>,
    /// The record's own names, listed once on first use.
    names: OnceCell<Vec<String>>,
    /// The caller has checked that no record key has an uppercase letter.
    lowercase_keys: bool,
}

impl<'a> JsHeaders<'a> {
    fn new(source: Either<Array<'a>, Object<'a>>, lowercase_keys: bool) -> Self {
        JsHeaders {
            source,
            names: OnceCell::new(),
            lowercase_keys,
        }
    }
}

impl JsHeaders<'_> {
    /// The header names, read once: the record's own keys, or the flat array's even slots.
    fn names(&self) -> &[String] {
        self.names.get_or_init(|| match &self.source {
            Either::A(flat) => (0..flat.len() / 2)
                .map(|i| flat.get::<String>(2 * i).ok().flatten().unwrap_or_default())
                .collect(),
            Either::B(record) => Object::keys(record).unwrap_or_default(),
        })
    }

    fn record_value(record: &Object<'_>, key: &str, f: &mut dyn FnMut(&[u8])) {
        match record.get::<Either<String, Vec<String>>>(key) {
            Ok(Some(Either::A(value))) => f(value.as_bytes()),
            Ok(Some(Either::B(values))) => values.iter().for_each(|v| f(v.as_bytes())),
            _ => {}
        }
    }
}

impl Headers for JsHeaders<'_> {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        if let (Either::B(record), true) = (&self.source, self.lowercase_keys) {
            // Every key is lowercase (Node's req.headers): one lookup finds them all.
            Self::record_value(record, &name.to_ascii_lowercase(), f);
            return;
        }
        for (i, key) in self.names().iter().enumerate() {
            if !key.eq_ignore_ascii_case(name) {
                continue;
            }
            match &self.source {
                Either::A(flat) => {
                    if let Ok(Some(value)) = flat.get::<String>(2 * i as u32 + 1) {
                        f(value.as_bytes());
                    }
                }
                Either::B(record) => Self::record_value(record, key, f),
            }
        }
    }
}

/// Indexes of the verdict array [`NativeWebhook::verify_bytes`] returns; `index.js` reads
/// the same positions. Absent optional fields are left as holes (read as `undefined`).
mod slot {
    pub const PROVIDER: u32 = 0;
    pub const ID: u32 = 1;
    pub const ID_SOURCE: u32 = 2;
    pub const TYPE: u32 = 3;
    pub const KIND: u32 = 4;
    pub const OCCURRED_AT: u32 = 5;
    pub const REASON: u32 = 6;
    pub const DOWNLOAD_URL: u32 = 7;
    pub const ORGANIZATION_ID: u32 = 8;
    pub const CLIENT_ID: u32 = 9;
    /// `true` when there is a document; its five fields follow.
    pub const DOCUMENT: u32 = 10;
    /// `true` when there is a signer; its five fields follow.
    pub const SIGNER: u32 = 16;
    /// Byte offsets of the payload's JSON text within the body; holes when it is the
    /// whole body.
    pub const PAYLOAD_START: u32 = 22;
    pub const PAYLOAD_END: u32 = 23;
    pub const LEN: u32 = 24;
}

fn set_opt(array: &mut Array<'_>, index: u32, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => array.set(index, v),
        None => Ok(()),
    }
}

/// The event as a flat array (see [`slot`]), for the JS half to assemble into an object.
fn event_array<'e>(env: &'e Env, body: &[u8], e: &Event<'_>) -> Result<Array<'e>> {
    use slot::*;
    let mut a = env.create_array(LEN)?;
    a.set(PROVIDER, e.provider.as_str())?;
    a.set(ID, &*e.id)?;
    a.set(ID_SOURCE, e.id_source.as_str())?;
    a.set(TYPE, &*e.event_type)?;
    a.set(KIND, e.kind.as_str())?;
    set_opt(&mut a, OCCURRED_AT, e.occurred_at.as_deref())?;
    set_opt(&mut a, REASON, e.reason.as_deref())?;
    set_opt(&mut a, DOWNLOAD_URL, e.download_url.as_deref())?;
    set_opt(&mut a, ORGANIZATION_ID, e.organization_id.as_deref())?;
    set_opt(&mut a, CLIENT_ID, e.client_id.as_deref())?;
    if let Some(d) = &e.document {
        a.set(DOCUMENT, true)?;
        let fields = [&d.id, &d.name, &d.status, &d.external_id, &d.completed_at];
        for (i, field) in (DOCUMENT + 1..).zip(fields) {
            set_opt(&mut a, i, field.as_deref())?;
        }
    }
    if let Some(s) = &e.signer {
        a.set(SIGNER, true)?;
        let fields = [&s.id, &s.email, &s.name, &s.signed_at, &s.signature_type];
        for (i, field) in (SIGNER + 1..).zip(fields) {
            set_opt(&mut a, i, field.as_deref())?;
        }
    }
    let json = e.payload.as_json();
    if json.len() != body.len() {
        // The payload borrows from `body`; its offset is where its text starts in the body.
        let start = (json.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        let start = if start <= body.len() { start } else { 0 };
        a.set(PAYLOAD_START, start as f64)?;
        a.set(PAYLOAD_END, (start + json.len()) as f64)?;
    }
    Ok(a)
}

#[napi]
impl NativeWebhook {
    /// Verifies `body` (the raw bytes) against `headers` at `now` (seconds since the epoch).
    /// `lowercase_keys` says that `headers` is a record whose keys are all lowercase.
    /// Returns the event as a flat array (see `slot`), or the core's error as a [`Failure`].
    #[napi(catch_unwind)]
    pub fn verify_bytes<'e>(
        &self,
        env: &'e Env,
        body: &[u8],
        headers: Either<Array<'e>, Object<'e>>,
        lowercase_keys: bool,
        now: i64,
    ) -> Result<Either<Array<'e>, Failure>> {
        let headers = JsHeaders::new(headers, lowercase_keys);
        match self.inner.verify(body, &headers, now) {
            Ok(event) => event_array(env, body, &event).map(Either::A),
            Err(e) => Ok(Either::B(e.into())),
        }
    }

    /// [`verify_bytes`](NativeWebhook::verify_bytes) for a body given as text (its UTF-8 bytes).
    #[napi(catch_unwind)]
    pub fn verify_text<'e>(
        &self,
        env: &'e Env,
        body: String,
        headers: Either<Array<'e>, Object<'e>>,
        lowercase_keys: bool,
        now: i64,
    ) -> Result<Either<Array<'e>, Failure>> {
        self.verify_bytes(env, body.as_bytes(), headers, lowercase_keys, now)
    }

    /// The headers the provider would send with `body`, as `[name, value, ...]`.
    #[napi(catch_unwind)]
    pub fn sign_bytes(&self, body: &[u8]) -> Vec<String> {
        self.inner
            .sign(body)
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect()
    }

    /// [`sign_bytes`](NativeWebhook::sign_bytes) for a body given as text.
    #[napi(catch_unwind)]
    pub fn sign_text(&self, body: String) -> Vec<String> {
        self.sign_bytes(body.as_bytes())
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

    /// The core's `PAYLOAD_TOO_LARGE` error when a body of `len` bytes is over the limit,
    /// for helpers that stop reading a stream early; `null` otherwise.
    #[napi(catch_unwind)]
    pub fn check_body_len(&self, len: f64) -> Option<Failure> {
        // A length past usize (only possible as a float) is over any limit.
        let len = if len >= usize::MAX as f64 {
            usize::MAX
        } else {
            len as usize
        };
        self.inner.check_body_len(len).err().map(Failure::from)
    }

    /// The body limit in bytes.
    #[napi(getter)]
    pub fn max_body_bytes(&self) -> f64 {
        self.inner.max_body_bytes() as f64
    }
}
