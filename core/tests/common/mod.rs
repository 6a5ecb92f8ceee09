//! What the vector test (`tests/vectors.rs`) and the differential runner
//! (`examples/differential.rs`) share: a case's options as the bindings build them, and the
//! event as the vectors spell it.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use signhook::{Event, Number, Options, Secret, Spelling};

fn opt(s: &Option<std::borrow::Cow<'_, str>>) -> Value {
    s.as_deref().map_or(Value::Null, |s| json!(s))
}

/// The event as the vectors spell it (snake_case, every field but `payload`).
pub fn event_json(e: &Event<'_>) -> Value {
    json!({
        "provider": e.provider.as_str(),
        "id": e.id,
        "id_source": e.id_source.as_str(),
        "type": e.event_type,
        "kind": e.kind.as_str(),
        "occurred_at": opt(&e.occurred_at),
        "document": e.document.as_ref().map(|d| json!({
            "id": opt(&d.id), "name": opt(&d.name), "status": opt(&d.status),
            "external_id": opt(&d.external_id), "completed_at": opt(&d.completed_at),
        })),
        "signer": e.signer.as_ref().map(|s| json!({
            "id": opt(&s.id), "email": opt(&s.email), "name": opt(&s.name),
            "signed_at": opt(&s.signed_at), "signature_type": opt(&s.signature_type),
        })),
        "reason": opt(&e.reason),
        "download_url": opt(&e.download_url),
        "organization_id": opt(&e.organization_id),
        "client_id": e.client_id,
        "authentication": e.authentication.as_str(),
    })
}

/// A vector's secret: text, or `{"base64": ...}` bytes.
fn secret(v: &Value) -> Secret {
    match v {
        Value::String(s) => Secret::text(s),
        other => Secret::bytes(&B64.decode(other["base64"].as_str().unwrap_or("")).unwrap()),
    }
}

/// A JSON number as Python hands it over: an integer, else a float.
fn number(v: &Value) -> Option<Number> {
    match v.as_i64() {
        Some(n) => Some(Number::Int(n)),
        None => v.as_f64().map(Number::Float),
    }
}

/// A case's configuration (`provider`, `secrets`, `options`) as the bindings fill it.
pub fn options(case: &Value) -> Options {
    let options = &case["options"];
    Options {
        provider: case["provider"].as_str().unwrap_or("").to_owned(),
        secrets: Some(
            case["secrets"]
                .as_array()
                .into_iter()
                .flatten()
                .map(secret)
                .collect(),
        ),
        client_id: options["client_id"].as_str().map(str::to_owned),
        tolerance: number(&options["tolerance"]),
        max_body_bytes: number(&options["max_body_bytes"]),
        require_authentication: options["require_authentication"]
            .as_str()
            .map(str::to_owned),
        spelling: Spelling::SnakeCase,
        ..Options::default()
    }
}
