//! The Rust side of the differential test (tests/differential/): reads cases as JSON lines on
//! stdin (the shared vectors' format: provider, secrets, options, headers, body or
//! body_base64, now, plus an `id`) and prints one outcome per line:
//! `{"id", "error": CODE}`, or `{"id", "event": {...snake_case fields}, "payload_json": ...}`
//! (`Payload::as_json`; with the `serde` feature also `"payload"`, from `Payload::to_value`,
//! or `"payload_error"` when it fails), or
//! `{"id", "na": true}` where the case's options cannot be written in Rust (a negative
//! `max_body_bytes` has no `usize`).
//!
//! `cargo run -q -p signhook --features serde --example differential < cases.jsonl`

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};

#[path = "../tests/common/mod.rs"]
mod common;
use common::event_json;

/// `Payload::to_value` (feature `serde`), checked against the text on its own.
#[cfg(feature = "serde")]
fn with_value(mut answer: Value, payload: &signhook::Payload<'_>) -> Value {
    match payload.to_value().parsed() {
        Ok(value) => answer["payload"] = value,
        Err(e) => answer["payload_error"] = json!(e),
    }
    answer
}

/// What `Payload::to_value` answers, as a `Result` (older cores answer a bare `Value`).
#[cfg(feature = "serde")]
trait Parsed {
    fn parsed(self) -> Result<Value, String>;
}

#[cfg(feature = "serde")]
impl Parsed for Value {
    fn parsed(self) -> Result<Value, String> {
        Ok(self)
    }
}

#[cfg(feature = "serde")]
impl<E: std::fmt::Display> Parsed for Result<Value, E> {
    fn parsed(self) -> Result<Value, String> {
        self.map_err(|e| e.to_string())
    }
}

#[cfg(not(feature = "serde"))]
fn with_value(answer: Value, _: &signhook::Payload<'_>) -> Value {
    answer
}

fn run(case: &Value) -> Value {
    let id = case["id"].clone();
    let webhook = match common::options(case).build() {
        Ok(w) => w,
        Err(e) => return json!({ "id": id, "error": e.code() }),
    };
    let body = match (&case["body"], &case["body_base64"]) {
        (Value::String(s), _) => s.as_bytes().to_vec(),
        (_, Value::String(b)) => B64.decode(b).expect("base64 body"),
        _ => panic!("case without a body"),
    };
    let headers: Vec<(String, String)> = case["headers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
        .collect();
    // A clock as the bindings convert it: an integer, or a float with its fraction dropped.
    let now = match case["now"].as_i64() {
        Some(n) => signhook::unix_seconds_int(n),
        None => signhook::unix_seconds(case["now"].as_f64().expect("a number")),
    };
    match now.and_then(|now| webhook.verify(&body, &headers, now)) {
        Ok(event) => with_value(
            json!({
                "id": id,
                "event": event_json(&event),
                "payload_json": event.payload.as_json(),
            }),
            &event.payload,
        ),
        Err(e) => json!({ "id": id, "error": e.code() }),
    }
}

fn main() {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.expect("stdin is UTF-8");
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(&line).expect("a case is JSON");
        writeln!(out, "{}", run(&case)).expect("stdout");
    }
    out.flush().expect("stdout");
}
