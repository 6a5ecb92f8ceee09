//! The calls both JavaScript engines export (the native `signhook` module and the WebAssembly
//! one), in the types JavaScript hands over: numbers as `f64`, headers as a flat
//! `[name, value, ...]` list, answers as JSON text the JavaScript layer parses. Each engine
//! only wraps these in its own attributes, so the two cannot drift.

use crate::{
    unix_seconds, Dedupe, Error, Event, HeaderList, Number, Options, Secret, Spelling, Webhook,
};
use alloc::{
    string::{String, ToString},
    vec::Vec,
};

/// A configured verifier, as the JavaScript `Webhook` owns it.
#[derive(Debug)]
pub struct Engine(Webhook);

/// A JavaScript number as an `f64` option.
fn number(value: Option<f64>) -> Option<Number> {
    value.map(Number::Float)
}

impl Engine {
    /// Builds a verifier from the options as JavaScript values (secrets already as
    /// [`Secret`]s, numbers as `f64`); every rule is [`Options::build`]'s.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        provider: String,
        secret: Option<Secret>,
        secrets: Option<Vec<Secret>>,
        client_id: Option<String>,
        tolerance: Option<f64>,
        max_body_bytes: Option<f64>,
        require_authentication: Option<String>,
    ) -> Result<Self, Error> {
        let options = Options {
            provider,
            secret,
            secrets,
            client_id,
            tolerance: number(tolerance),
            max_body_bytes: number(max_body_bytes),
            require_authentication,
            spelling: Spelling::CamelCase,
        };
        options.build().map(Engine)
    }

    /// What the JavaScript layer needs to know once, as JSON text: `provider`, `secretCount`,
    /// `maxBodyBytes`, `headerNames` (the headers `verify` reads, lowercase), `macsOverBody`
    /// (whether `macs` may stand in for hashing the body), `hasHandshake` and `reply` (see
    /// [`Reply::to_value`](crate::Reply::to_value)).
    pub fn describe(&self) -> String {
        let w = &self.0;
        serde_json::json!({
            "provider": w.provider().as_str(),
            "secretCount": w.secret_count(),
            "maxBodyBytes": w.max_body_bytes(),
            "headerNames": w.header_names(),
            "macsOverBody": w.macs_over_body(),
            "hasHandshake": w.has_handshake(),
            "reply": w.reply().to_value(),
        })
        .to_string()
    }

    /// Verifies `body` against `headers` and the request `url` (empty when unknown) at `now`
    /// (seconds since the Unix epoch). `macs`, when given, are the body's HMAC-SHA256 under
    /// each secret (32 bytes each, in configuration order) from the runtime's own crypto.
    /// Returns the event's [`row_json`](Event::row_json): its fields in the order of
    /// [`Event::FIELDS`], then the `start` and `end` of its payload's text in `body`; with
    /// `all`, a list of those for every event of the body.
    pub fn verify(
        &self,
        body: &[u8],
        headers: &[String],
        now: f64,
        url: &str,
        macs: Option<&[u8]>,
        all: bool,
    ) -> Result<String, Error> {
        let now = unix_seconds(now)?;
        let headers = HeaderList(headers);
        if all {
            let events = self.0.verify_all(body, &headers, url, now)?;
            return Ok(Event::rows_json(&events, body));
        }
        let event = match macs {
            Some(macs) => self.0.verify_with_macs(body, macs, &headers, now)?,
            None => self.0.verify_url(body, &headers, url, now)?,
        };
        Ok(event.row_json(body))
    }

    /// The headers the provider would send with `body` at `now`, as `[name, value, ...]`.
    pub fn sign(&self, body: &[u8], now: f64) -> Result<Vec<String>, Error> {
        let signed = self.0.sign_at(body, unix_seconds(now)?);
        Ok(signed
            .into_iter()
            .flat_map(|(name, value)| [String::from(name), value])
            .collect())
    }

    /// The query a provider that signs in the URL would add for `body`, or `None`.
    pub fn sign_query(&self, body: &[u8]) -> Option<String> {
        self.0.sign_query(body)
    }

    /// `PAYLOAD_TOO_LARGE` when a body of `len` bytes (a JavaScript number) is over the
    /// limit; one past `usize` is over any limit.
    pub fn check_body_len(&self, len: f64) -> Result<(), Error> {
        let len = if len >= usize::MAX as f64 {
            usize::MAX
        } else {
            len as usize
        };
        self.0.check_body_len(len)
    }

    /// The answer to the provider's `GET` check of a new URL as [`Reply::to_value`] text,
    /// or `None` for a provider that sends none.
    ///
    /// [`Reply::to_value`]: crate::Reply::to_value
    pub fn handshake(&self, headers: &[String]) -> Result<Option<String>, Error> {
        let reply = self.0.handshake(&HeaderList(headers))?;
        Ok(reply.map(|r| r.to_value().to_string()))
    }
}

/// A core error as the engines hand it to the JavaScript layer, which raises it as a
/// `WebhookVerificationError`: code, status, message, and JSON text of
/// `{"context": {...}, "headers": {...}}` (the error's facts in camelCase, and the headers
/// its answer carries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The stable code, e.g. `SIGNATURE_MISMATCH`.
    pub code: &'static str,
    /// The HTTP status to answer with.
    pub status: u16,
    /// The message for people (never holds a secret).
    pub message: String,
    /// `{"context": {...}, "headers": {...}}` as JSON text.
    pub details: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let headers: serde_json::Map<String, serde_json::Value> = e
            .answer_headers()
            .into_iter()
            .map(|(name, value)| (String::from(name), value.into()))
            .collect();
        let context = e.context().to_value(Spelling::CamelCase);
        Failure {
            code: e.code(),
            status: e.status(),
            message: e.to_string(),
            details: serde_json::json!({ "context": context, "headers": headers }).to_string(),
        }
    }
}

/// The error a binding finds itself (see [`Error::found_by_binding`]); an unknown `kind` is
/// `INVALID_CONFIG`, naming it.
pub fn failure(kind: &str, detail: &str) -> Failure {
    Error::found_by_binding(kind, detail)
        .unwrap_or_else(|| {
            Error::config(
                crate::ConfigReason::Type,
                alloc::format!("no such failure: {kind}"),
            )
        })
        .into()
}

/// The deduplication rules for `provider` (see [`Dedupe::configure`]), durations as
/// JavaScript numbers of milliseconds.
pub fn dedupe(
    provider: &str,
    lease_ms: Option<f64>,
    retention_ms: Option<f64>,
    prefix: Option<&str>,
) -> Result<Dedupe, Error> {
    Dedupe::configure(
        provider,
        number(lease_ms),
        number(retention_ms),
        prefix,
        Spelling::CamelCase,
    )
}

/// What the JavaScript guard reads once, as JSON text: `done` (the value of a completed
/// event's record), `leaseMs` and `retentionMs`.
pub fn describe_dedupe(rules: &Dedupe) -> String {
    serde_json::json!({
        "done": crate::DONE,
        "leaseMs": rules.lease(),
        "retentionMs": rules.retention(),
    })
    .to_string()
}

/// `INVALID_CONFIG` when `now` (a JavaScript number of seconds) is out of range, else `None`:
/// asked before a body is read, so that a bad `now` is the answer whatever the body.
pub fn check_now(now: f64) -> Option<Failure> {
    unix_seconds(now).err().map(Failure::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Provider;

    fn engine(provider: &str, secret: &str) -> Engine {
        Engine::new(
            provider.into(),
            Some(Secret::text(secret)),
            None,
            None,
            None,
            None,
            None,
        )
        .unwrap()
    }

    #[test]
    fn verify_gives_the_event_and_where_its_payload_is() {
        let e = engine("propper", "whsec_k");
        let body =
            br#"{"id":"evt_1","type":"document.completed","created":"2026-01-01T00:00:00Z"}"#;
        let signed = e.sign(body, 1_767_225_600.0).unwrap();
        let json = e
            .verify(body, &signed, 1_767_225_600.0, "", None, false)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let field = |name: &str| &value[Event::FIELDS.iter().position(|f| *f == name).unwrap()];
        assert_eq!(field("id"), "evt_1");
        assert_eq!(field("kind"), "document.completed");
        assert_eq!(field("signer"), &serde_json::Value::Null);
        let n = Event::FIELDS.len();
        assert_eq!(
            (value[n].as_u64(), value[n + 1].as_u64()),
            (Some(0), Some(body.len() as u64))
        );
        let all = e
            .verify(body, &signed, 1_767_225_600.0, "", None, true)
            .unwrap();
        assert_eq!(all, alloc::format!("[{json}]"));
    }

    #[test]
    fn failures_carry_their_facts_and_answer_headers() {
        let busy: Failure = Error::EventInProgress { retry_after: 30 }.into();
        assert_eq!((busy.code, busy.status), ("EVENT_IN_PROGRESS", 503));
        assert_eq!(
            busy.details,
            r#"{"context":{"retryAfter":30},"headers":{"Retry-After":"30"}}"#
        );
        let e = engine("propper", "whsec_k");
        let refused = e.verify(b"{}", &[], 0.0, "", None, false).unwrap_err();
        assert_eq!(refused.code(), "MISSING_SIGNATURE");
        assert_eq!(check_now(f64::NAN).unwrap().code, "INVALID_CONFIG");
        assert_eq!(failure("undecodable", "gzip").code, "INVALID_PAYLOAD");
        assert_eq!(failure("nonsense", "x").code, "INVALID_CONFIG");
    }

    #[test]
    fn describe_names_what_the_javascript_layer_reads_once() {
        let e = engine("dropboxsign", "api-key");
        let d: serde_json::Value = serde_json::from_str(&e.describe()).unwrap();
        assert_eq!(d["provider"], Provider::Dropboxsign.as_str());
        assert_eq!(d["reply"]["body"], "Hello API Event Received");
        assert_eq!(d["reply"]["alwaysHeaders"], serde_json::json!({}));
        assert_eq!(d["hasHandshake"], false);
        assert_eq!(d["secretCount"], 1);
    }
}
