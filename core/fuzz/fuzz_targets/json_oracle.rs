//! The core's JSON reader against serde_json as the oracle. Behind a valid signature, a body
//! must be accepted exactly when serde_json reads it as one JSON object nested at most 128
//! levels deep (the core's limit, checked by a separate scan, since serde_json's own limit
//! differs) that has the provider's event type; then every field of the event must hold
//! what serde_json reads at the same place, and `Payload::to_value` must succeed.
//!
//! Input: one byte choosing the provider and a shape, then the body's bytes. The first shape
//! is the body itself (the `parse` target's input, so its corpus seeds this one); the others
//! put the bytes where the event reads a value or a key, so that every decoded string,
//! integer and time is compared, not only checked.
#![no_main]

use chrono::{DateTime, Datelike, Timelike};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::{Map, Value};
use signhook::{Error, Event, IdSource, Provider, Webhook};

/// Bodies with the input's bytes at each `@`.
const SHAPES: [&str; 6] = [
    "@",
    r#"{"type":"document.sent","event":"DOCUMENT_SENT","id":@}"#,
    r#"{"type":"document.sent","event":"DOCUMENT_SENT","created":@,"timestamp":@}"#,
    r#"{"type":"document.sent","event":"DOCUMENT_SENT","data":{"document":{"name":@},"signer":@,"documentName":@}}"#,
    r#"{"id":"evt",@:"document.sent"}"#,
    r#"{"type":@,"event":@}"#,
];

/// The body for a shape: the shape with `bytes` at each `@`.
fn shaped(shape: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(shape.len() + 3 * bytes.len());
    for &b in shape.as_bytes() {
        if b == b'@' {
            out.extend_from_slice(bytes);
        } else {
            out.push(b);
        }
    }
    out
}

/// The core's nesting limit (the body's own object is level 1).
const MAX_DEPTH: usize = 128;

/// The deepest nesting of `[` and `{` outside strings: for a valid JSON text, its depth.
fn depth(body: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// serde_json's reading of the whole body, as any JSON value.
fn oracle(body: &[u8]) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_slice(body);
    // Only called on bodies at most MAX_DEPTH deep, which the stack holds.
    de.disable_recursion_limit();
    let value = Value::deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(value)
}

/// A value as the core's reader classifies it: a string, an integer that fits an `i64` or
/// a `u64`, or anything else.
#[derive(Clone, Debug, PartialEq)]
enum Scalar {
    Str(String),
    Int(i128),
    Other,
}

/// Every way the core may classify the value at this place. One, except for serde_json's
/// `-0.0`, which is the integer `-0` (0 to the core) or a float such as `-0.0` (other).
fn scalar(v: Option<&Value>) -> Vec<Scalar> {
    match v {
        Some(Value::String(s)) => vec![Scalar::Str(s.clone())],
        Some(Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                vec![Scalar::Int(i.into())]
            } else if let Some(u) = n.as_u64() {
                vec![Scalar::Int(u.into())]
            } else if n.as_f64().is_some_and(|f| f == 0.0 && f.is_sign_negative()) {
                vec![Scalar::Int(0), Scalar::Other]
            } else {
                vec![Scalar::Other]
            }
        }
        _ => vec![Scalar::Other],
    }
}

/// The value of the first of `keys` present, or of any of them when several are (the core
/// keeps whichever comes last in the text, which a map no longer tells).
fn field(obj: Option<&Map<String, Value>>, keys: &[&str]) -> Vec<Scalar> {
    let found: Vec<Scalar> = keys
        .iter()
        .filter_map(|k| obj.and_then(|o| o.get(*k)))
        .flat_map(|v| scalar(Some(v)))
        .collect();
    if found.is_empty() {
        vec![Scalar::Other]
    } else {
        found
    }
}

/// The first value that is a string or an integer, as the core chains alternatives.
fn or(first: Vec<Scalar>, then: &[Scalar]) -> Vec<Scalar> {
    first
        .into_iter()
        .flat_map(|s| match s {
            Scalar::Other => then.to_vec(),
            found => vec![found],
        })
        .collect()
}

/// A text field: strings verbatim, integers in decimal.
fn text(s: &[Scalar]) -> Vec<Option<String>> {
    s.iter()
        .map(|s| match s {
            Scalar::Str(s) => Some(s.clone()),
            Scalar::Int(n) => Some(n.to_string()),
            Scalar::Other => None,
        })
        .collect()
}

/// A field that must be a JSON string.
fn string(s: &[Scalar]) -> Vec<Option<String>> {
    s.iter()
        .map(|s| match s {
            Scalar::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// A time field: strings verbatim, Unix seconds (an integer, or a string of 1 to 12 ASCII
/// digits) as chrono writes them in UTC, for four-digit years only.
fn time(s: &[Scalar]) -> Vec<Option<String>> {
    let iso = |n: i128| {
        let t = DateTime::from_timestamp(i64::try_from(n).ok()?, 0)?;
        (0..=9999).contains(&t.year()).then(|| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
    };
    s.iter()
        .map(|s| match s {
            Scalar::Str(s)
                if (1..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                iso(s.parse().ok()?)
            }
            Scalar::Str(s) => Some(s.clone()),
            Scalar::Int(n) => iso(*n),
            Scalar::Other => None,
        })
        .collect()
}

/// The object at `key` of `obj`, if that value is an object.
fn object<'v>(obj: Option<&'v Map<String, Value>>, key: &str) -> Option<&'v Map<String, Value>> {
    obj?.get(key)?.as_object()
}

/// What serde_json's value says every field of the event must be: each field with the
/// values it may take (one, unless the value left a choice).
struct Expected {
    event_type: Vec<Option<String>>,
    id: Vec<Option<String>>,
    fields: Vec<(&'static str, Vec<Option<String>>)>,
}

fn expected(provider: Provider, body: &Map<String, Value>) -> Expected {
    let top = Some(body);
    let data = object(top, "data");
    let mut fields = Vec::new();
    let (event_type, id) = match provider {
        Provider::Propper | Provider::Krebit => {
            let document = object(data, "document");
            let signer = object(data, "signer");
            fields.extend([
                ("document.id", text(&field(document, &["id"]))),
                ("document.name", text(&field(document, &["name"]))),
                ("document.status", text(&field(document, &["status"]))),
                (
                    "document.external_id",
                    text(&field(document, &["externalId", "external_id"])),
                ),
                (
                    "document.completed_at",
                    text(&field(document, &["completedAt", "completed_at"])),
                ),
                ("signer.id", text(&field(signer, &["id"]))),
                ("signer.email", text(&field(signer, &["email"]))),
                ("signer.name", text(&field(signer, &["name"]))),
                (
                    "signer.signed_at",
                    text(&field(signer, &["signedAt", "signed_at"])),
                ),
                (
                    "signer.signature_type",
                    text(&field(signer, &["signatureType", "signature_type"])),
                ),
                ("reason", text(&field(data, &["reason"]))),
                (
                    "download_url",
                    text(&field(data, &["downloadUrl", "download_url"])),
                ),
                ("organization_id", vec![None]),
            ]);
            if provider == Provider::Propper {
                fields.push(("occurred_at", time(&field(top, &["created"]))));
                (string(&field(top, &["type"])), text(&field(top, &["id"])))
            } else {
                let when = or(
                    or(
                        field(top, &["timestamp"]),
                        &field(top, &["createdAt", "created_at"]),
                    ),
                    &field(top, &["created"]),
                );
                fields.push(("occurred_at", time(&when)));
                let by_type = string(&field(top, &["type"]));
                let by_event = string(&field(top, &["event"]));
                let event_type = by_type
                    .into_iter()
                    .flat_map(|t| {
                        if t.is_some() {
                            vec![t]
                        } else {
                            by_event.clone()
                        }
                    })
                    .collect();
                (event_type, text(&field(top, &["id"])))
            }
        }
        Provider::Sajn => {
            fields.extend([
                ("document.id", text(&field(data, &["documentId"]))),
                ("document.name", text(&field(data, &["documentName"]))),
                ("document.status", vec![None]),
                ("document.external_id", text(&field(data, &["externalId"]))),
                ("document.completed_at", vec![None]),
                ("signer.id", text(&field(data, &["signerId"]))),
                ("signer.email", text(&field(data, &["signerEmail"]))),
                ("signer.name", text(&field(data, &["signerName"]))),
                ("signer.signed_at", text(&field(data, &["signedAt"]))),
                (
                    "signer.signature_type",
                    text(&field(data, &["signatureType"])),
                ),
                ("reason", text(&field(data, &["reason"]))),
                ("download_url", vec![None]),
                ("organization_id", text(&field(top, &["organizationId"]))),
                ("occurred_at", time(&field(top, &["timestamp"]))),
            ]);
            (string(&field(top, &["event"])), vec![None])
        }
        other => panic!("no oracle for {other}"),
    };
    Expected {
        event_type,
        id,
        fields,
    }
}

/// The event's fields under the names [`expected`] uses.
fn actual(e: &Event<'_>) -> Vec<(&'static str, Option<String>)> {
    let own = |s: Option<&str>| s.map(str::to_owned);
    let d = e.document.as_ref();
    let s = e.signer.as_ref();
    vec![
        ("document.id", own(d.and_then(|d| d.id.as_deref()))),
        ("document.name", own(d.and_then(|d| d.name.as_deref()))),
        ("document.status", own(d.and_then(|d| d.status.as_deref()))),
        (
            "document.external_id",
            own(d.and_then(|d| d.external_id.as_deref())),
        ),
        (
            "document.completed_at",
            own(d.and_then(|d| d.completed_at.as_deref())),
        ),
        ("signer.id", own(s.and_then(|s| s.id.as_deref()))),
        ("signer.email", own(s.and_then(|s| s.email.as_deref()))),
        ("signer.name", own(s.and_then(|s| s.name.as_deref()))),
        (
            "signer.signed_at",
            own(s.and_then(|s| s.signed_at.as_deref())),
        ),
        (
            "signer.signature_type",
            own(s.and_then(|s| s.signature_type.as_deref())),
        ),
        ("reason", own(e.reason.as_deref())),
        ("download_url", own(e.download_url.as_deref())),
        ("organization_id", own(e.organization_id.as_deref())),
        ("occurred_at", own(e.occurred_at.as_deref())),
    ]
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let provider = Provider::ALL[usize::from(selector) % 3];
    let body = &shaped(SHAPES[usize::from(selector) / 3 % SHAPES.len()], bytes)[..];
    let webhook = Webhook::builder(provider).secret("oracle").build().unwrap();
    let got = webhook.verify(body, &webhook.sign(body), 0);
    let detail = match &got {
        Err(Error::InvalidPayload { detail }) => Some(detail.as_str()),
        Err(e) => panic!("only the body can be refused here, not {}", e.code()),
        Ok(_) => None,
    };

    if depth(body) > MAX_DEPTH {
        assert!(
            detail.is_some(),
            "accepted a body nested deeper than {MAX_DEPTH} levels"
        );
        return;
    }
    let Some(value) = oracle(body) else {
        let detail = detail.expect("accepted a body serde_json refuses");
        assert!(
            !detail.contains("missing"),
            "invalid JSON reported as a missing field: {detail}"
        );
        return;
    };
    let Some(obj) = value.as_object() else {
        assert!(
            detail.is_some(),
            "accepted a body that is JSON but not an object"
        );
        return;
    };
    let want = expected(provider, obj);
    let event = match got {
        Err(_) => {
            let detail = detail.unwrap();
            assert!(
                want.event_type.contains(&None),
                "refused a JSON object serde_json reads, with its event type: {detail}"
            );
            assert!(
                detail.contains("missing"),
                "refused a valid JSON object: {detail}"
            );
            return;
        }
        Ok(event) => event,
    };

    let event_type = Some(event.event_type.to_string());
    assert!(
        want.event_type.contains(&event_type),
        "type {event_type:?}, serde_json {:?}",
        want.event_type
    );
    let id = (event.id_source == IdSource::Provider).then(|| event.id.to_string());
    assert!(want.id.contains(&id), "id {id:?}, serde_json {:?}", want.id);
    for (name, got) in actual(&event) {
        let wanted = &want
            .fields
            .iter()
            .find(|(n, _)| *n == name)
            .expect("every field")
            .1;
        assert!(
            wanted.contains(&got),
            "{name}: {got:?}, serde_json {wanted:?}"
        );
    }
    if let Some(d) = &event.document {
        assert!(*d != Default::default(), "an empty document");
    }
    if let Some(s) = &event.signer {
        assert!(*s != Default::default(), "an empty signer");
    }
    assert_eq!(event.payload.as_json().as_bytes(), body);
    assert_eq!(
        event.payload.to_value().ok().as_ref(),
        Some(&value),
        "to_value disagrees"
    );
});
