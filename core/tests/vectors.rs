//! Runs every case of the shared vectors in `tests/vectors/*.json` through the core.
//! The Node, Python and WebAssembly suites read the same files and must agree.
//! (`misuse.json` has its own shape and its own test, `tests/misuse.rs`.)

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use signhook::Webhook;

mod common;
use common::event_json;
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

fn build(case: &Value) -> Result<Webhook, signhook::Error> {
    common::options(case).build()
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
    let (url, now) = (
        case["url"].as_str().unwrap_or(""),
        case["now"].as_i64().unwrap(),
    );
    // A case that expects several events runs verify_all; the others verify.
    let events = if case["expect"].get("events").is_some() {
        webhook.verify_all(&body, &headers, url, now)
    } else {
        webhook
            .verify_url(&body, &headers, url, now)
            .map(|e| vec![e])
    };
    match events {
        Ok(events) => {
            #[allow(unused_variables)]
            for (i, event) in events.iter().enumerate() {
                // The payload is the body, or its i-th element when the body is an array.
                let (start, end) = event.payload.range_in(&body);
                assert_eq!(
                    event.payload.as_json().as_bytes(),
                    &body[start..end],
                    "{}",
                    case["name"]
                );
                #[cfg(feature = "serde")]
                {
                    // serde_json reads the accepted body to the same value.
                    // The payload is the body, or the form field the case names.
                    let json = case["payload"].as_str().map_or(&body[..], str::as_bytes);
                    let mut de = serde_json::Deserializer::from_slice(json);
                    de.disable_recursion_limit();
                    let parsed: Value = serde::Deserialize::deserialize(&mut de).unwrap();
                    let parsed = match parsed {
                        Value::Array(items) => items[i].clone(),
                        whole => whole,
                    };
                    let value = event.payload.to_value();
                    assert_eq!(value.ok(), Some(parsed), "payload of {}", case["name"]);
                }
            }
            match case["expect"].get("events") {
                Some(_) => json!({ "events": events.iter().map(event_json).collect::<Vec<_>>() }),
                None => json!({ "event": event_json(&events[0]) }),
            }
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
