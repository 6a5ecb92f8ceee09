//! Runs every case of the shared vectors in `tests/vectors/*.json` through the core.
//! The Node, Python and WebAssembly suites read the same files and must agree.
//! (`misuse.json` has its own shape and its own test, `tests/misuse.rs`.)

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use signhook::{Event, Provider, Secret, Webhook};
use std::path::PathBuf;

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "misuse.json"))
        .collect();
    files.sort();
    files
}

fn opt(s: &Option<std::borrow::Cow<'_, str>>) -> Value {
    s.as_deref().map_or(Value::Null, |s| json!(s))
}

/// The event as the vectors spell it (snake_case, every field but `payload`).
fn event_json(e: &Event<'_>) -> Value {
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
    })
}

fn secret(v: &Value) -> Secret {
    match v {
        Value::String(s) => Secret::text(s),
        other => Secret::bytes(&B64.decode(other["base64"].as_str().unwrap()).unwrap()),
    }
}

fn build(case: &Value) -> Result<Webhook, signhook::Error> {
    let provider: Provider = case["provider"].as_str().unwrap().parse()?;
    let mut builder = Webhook::builder(provider);
    for s in case["secrets"].as_array().unwrap() {
        builder = builder.secret(secret(s));
    }
    let options = &case["options"];
    if let Some(id) = options["client_id"].as_str() {
        builder = builder.client_id(id);
    }
    if let Some(t) = options["tolerance"].as_i64() {
        builder = builder.tolerance(t);
    }
    if let Some(m) = options["max_body_bytes"].as_u64() {
        builder = builder.max_body_bytes(m as usize);
    }
    builder.build()
}

/// The outcome of one case, in the vectors' `expect` shape.
fn run(case: &Value) -> Value {
    let webhook = match build(case) {
        Ok(w) => w,
        Err(e) => return json!({ "error": e.code() }),
    };
    let body = match (&case["body"], &case["body_base64"]) {
        (Value::String(s), _) => s.as_bytes().to_vec(),
        (_, Value::String(b)) => B64.decode(b).unwrap(),
        _ => panic!("case without a body"),
    };
    let headers: Vec<(String, String)> = case["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
        .collect();
    match webhook.verify(&body, &headers, case["now"].as_i64().unwrap()) {
        Ok(event) => {
            assert_eq!(event.payload.as_json().as_bytes(), body, "{}", case["name"]);
            #[cfg(feature = "serde")]
            {
                // serde_json reads the accepted body to the same value.
                let mut de = serde_json::Deserializer::from_slice(&body);
                de.disable_recursion_limit();
                let parsed: Value = serde::Deserialize::deserialize(&mut de).unwrap();
                let value = event.payload.to_value();
                assert_eq!(value.ok(), Some(parsed), "payload of {}", case["name"]);
            }
            json!({ "event": event_json(&event) })
        }
        Err(e) => json!({ "error": e.code() }),
    }
}

#[test]
fn every_shared_vector_passes() {
    let (mut ran, mut failures) = (0, Vec::new());
    for file in vector_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            if case["bindings_only"] == true {
                continue; // e.g. BODY_NOT_RAW: a parsed object cannot reach the core
            }
            ran += 1;
            let got = run(case);
            if got != case["expect"] {
                failures.push(format!(
                    "{}: expected {}, got {}",
                    case["name"], case["expect"], got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= 60, "only {ran} vectors ran");
}
