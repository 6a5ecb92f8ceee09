//! The misuse vectors (`tests/vectors/misuse.json`, the rules of docs/arguments.md) that can be
//! written in Rust: configuration through `Options` (numbers as `Number::Int` or
//! `Number::Float`), clocks through `unix_seconds_int` / `unix_seconds` and the request URL as
//! text, as the bindings hand them over. Values Rust's types cannot hold (a `null` secret, a
//! number as a header value or URL, text that is not valid Unicode) are the other languages'
//! cases; they are skipped here.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::Value;
use signhook::{HeaderList, Number, Options, Secret, Spelling};
use std::path::PathBuf;

/// Where the core answers differently from docs/arguments.md today: the case, and what its
/// message says instead. Each is checked to still say exactly that, so that a fix fails here
/// until its line is removed.
const KNOWN: &[(&str, &str)] = &[];

/// The misuse cases of misuse.json.
fn load() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/misuse.json");
    let text = std::fs::read_to_string(path).expect("tests/vectors/misuse.json exists");
    let doc: Value = serde_json::from_str(&text).expect("misuse.json is JSON");
    doc["misuse"].as_array().expect("a misuse list").clone()
}

/// Not expressible in Rust.
struct Skip;

/// Text; a string holding a lone surrogate (`{"$": "json", ...}`) is no Rust string.
fn text(v: &Value) -> Result<&str, Skip> {
    v.as_str().ok_or(Skip)
}

/// Bytes in the default container (`{"$": "bytes", "base64": ...}`).
fn bytes(v: &Value) -> Result<Vec<u8>, Skip> {
    if v["$"] == "bytes" && v.get("as").is_none() {
        return Ok(B64.decode(v["base64"].as_str().unwrap()).unwrap());
    }
    Err(Skip)
}

fn secret(v: &Value) -> Result<Secret, Skip> {
    match text(v) {
        Ok(s) => Ok(Secret::text(s)),
        Err(_) => bytes(v).map(|b| Secret::bytes(&b)),
    }
}

/// A number as a binding hands it over: an integer, or a float (NaN and infinities tagged).
fn number(v: &Value) -> Result<Number, Skip> {
    if let Some(i) = v.as_i64() {
        return Ok(Number::Int(i));
    }
    if let Some(f) = v.as_f64() {
        return Ok(Number::Float(f));
    }
    match v["$"].as_str() {
        Some("nan") => Ok(Number::Float(f64::NAN)),
        Some("inf") => Ok(Number::Float(f64::INFINITY)),
        Some("-inf") => Ok(Number::Float(f64::NEG_INFINITY)),
        _ => Err(Skip),
    }
}

/// The headers as a flat `[name, value, ...]` list: `null`, pairs, a flat list of text, or an
/// object whose values are text or lists of text.
fn headers(v: &Value) -> Result<Vec<String>, Skip> {
    let mut flat = Vec::new();
    match v {
        Value::Null => {}
        Value::Array(items) if items.iter().all(Value::is_string) => {
            for s in items {
                flat.push(text(s)?.to_owned());
            }
        }
        Value::Array(items) => {
            for pair in items {
                let pair = pair.as_array().filter(|p| p.len() == 2).ok_or(Skip)?;
                flat.extend([text(&pair[0])?.to_owned(), text(&pair[1])?.to_owned()]);
            }
        }
        Value::Object(map) if !map.contains_key("$") => {
            for (name, value) in map {
                let values = match value {
                    Value::Array(list) => list.iter().collect(),
                    one => vec![one],
                };
                for value in values {
                    flat.extend([
                        text(&Value::from(name.as_str()))?.to_owned(),
                        text(value)?.to_owned(),
                    ]);
                }
            }
        }
        _ => return Err(Skip),
    }
    Ok(flat)
}

/// Runs a case: its outcome in the `expect` shape, and the error.
fn run(case: &Value) -> Result<(Value, Option<signhook::Error>), Skip> {
    if case.get("only").is_some() || case.get("constructor_args").is_some() {
        return Err(Skip);
    }
    let failed = |e: signhook::Error| Ok((serde_json::json!({ "error": e.code() }), Some(e)));
    let options = case["options"].as_object().ok_or(Skip)?;
    // Every value is converted first, so that a case is skipped or run as a whole.
    let provider = text(options.get("provider").ok_or(Skip)?)?;
    let secrets_of = |list: &Vec<Value>| list.iter().map(secret).collect::<Result<Vec<_>, _>>();
    let built_options = Options {
        provider: provider.to_owned(),
        secret: options.get("secret").map(secret).transpose()?,
        secrets: match options.get("secrets") {
            Some(Value::Array(list)) => Some(secrets_of(list)?),
            Some(_) => return Err(Skip),
            None => None,
        },
        client_id: options
            .get("client_id")
            .map(text)
            .transpose()?
            .map(str::to_owned),
        tolerance: options.get("tolerance").map(number).transpose()?,
        max_body_bytes: options.get("max_body_bytes").map(number).transpose()?,
        require_authentication: options
            .get("require_authentication")
            .map(text)
            .transpose()?
            .map(str::to_owned),
        spelling: Spelling::SnakeCase,
    };
    if options.keys().any(|k| {
        ![
            "provider",
            "secret",
            "secrets",
            "client_id",
            "tolerance",
            "max_body_bytes",
        ]
        .contains(&k.as_str())
    }) {
        return Err(Skip);
    }
    let body = match text(&case["body"]) {
        Ok(s) => s.as_bytes().to_vec(),
        Err(_) => bytes(&case["body"])?,
    };
    let flat = headers(case.get("headers").ok_or(Skip)?)?;
    // The request URL: absent or null is none; anything but text is the bindings' TypeError.
    let url = match case.get("url") {
        None | Some(Value::Null) => "",
        Some(u) => text(u)?,
    };
    let now = match case.get("now") {
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64),
        Some(n) => match number(n)? {
            Number::Int(i) => signhook::unix_seconds_int(i),
            Number::Float(f) => signhook::unix_seconds(f),
        },
    };

    let webhook = match built_options.build() {
        Ok(w) => w,
        Err(e) => return failed(e),
    };
    let now = match now {
        Ok(n) => n,
        Err(e) => return failed(e),
    };
    if case["verify_all"] == true {
        return match webhook.verify_all(&body, &HeaderList(&flat), url, now) {
            Ok(events) => {
                let ids: Vec<_> = events
                    .iter()
                    .map(|e| serde_json::json!({ "id": e.id }))
                    .collect();
                Ok((serde_json::json!({ "events": ids }), None))
            }
            Err(e) => failed(e),
        };
    }
    match webhook.verify_url(&body, &HeaderList(&flat), url, now) {
        Ok(event) => Ok((serde_json::json!({ "event": { "id": event.id } }), None)),
        Err(e) => failed(e),
    }
}

/// Whether the error's message follows the case (`not_echoed`, `message_contains`,
/// `message_names_option`); the first problem found.
fn message_problem(case: &Value, error: &signhook::Error) -> Option<String> {
    let (shown, debug) = (error.to_string(), format!("{error:?}"));
    for text in case["not_echoed"].as_array().into_iter().flatten() {
        let text = text.as_str().unwrap();
        if shown.contains(text) || debug.contains(text) {
            return Some(format!("the error repeats {text:?}: {shown}"));
        }
    }
    let wanted = case["message_contains"].as_array().into_iter().flatten();
    for text in wanted.chain(case.get("message_names_option")) {
        let text = text.as_str().unwrap();
        if !shown.contains(text) {
            return Some(format!("the message should name {text}: {shown}"));
        }
    }
    None
}

#[test]
fn every_expressible_misuse_case_gets_its_answer() {
    let cases = load();
    let (mut ran, mut failures) = (0, Vec::new());
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let Ok((outcome, error)) = run(case) else {
            continue;
        };
        ran += 1;
        let problem = if outcome != case["expect"] {
            Some(format!("expected {}, got {outcome}", case["expect"]))
        } else {
            error.as_ref().and_then(|e| message_problem(case, e))
        };
        match (KNOWN.iter().find(|(n, _)| *n == name), problem) {
            (None, None) => {}
            (None, Some(p)) => failures.push(format!("{name}: {p}")),
            (Some((_, known)), Some(p)) if p.contains(known) => {}
            (Some((_, known)), p) => failures.push(format!(
                "{name}: no longer gives its known answer ({known}); now: {}; if it follows \
                 docs/arguments.md, remove it from KNOWN",
                p.unwrap_or_else(|| "as expected".into())
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= 60, "only {ran} of {} cases ran", cases.len());
    for (name, _) in KNOWN {
        assert!(
            cases.iter().any(|c| c["name"] == *name),
            "KNOWN names no case: {name}"
        );
    }
}
