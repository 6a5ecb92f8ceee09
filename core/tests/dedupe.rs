//! The deduplication vectors (`tests/vectors/dedupe.json`) through the core's rules, with the
//! numbers as Python hands them over (integers; a fraction as a float).

use serde_json::Value;
use signhook::{Claim, Dedupe, Number, Spelling};
use std::path::PathBuf;

fn number(value: &Value) -> Option<Number> {
    if value.is_null() {
        return None;
    }
    Some(match value.as_i64() {
        Some(n) => Number::Int(n),
        None => Number::Float(value.as_f64().expect("a number")),
    })
}

#[test]
fn every_dedupe_vector() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/dedupe.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["dedupe"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (name, options, expect) = (&case["name"], &case["options"], &case["expect"]);
        let built = Dedupe::configure(
            case["provider"].as_str().unwrap(),
            number(&options["lease_ms"]),
            number(&options["retention_ms"]),
            options["prefix"].as_str(),
            Spelling::SnakeCase,
        );
        if let Some(code) = expect["error"].as_str().filter(|c| *c == "INVALID_CONFIG") {
            let err = built.expect_err(name.as_str().unwrap());
            assert_eq!(err.code(), code, "{name}");
            assert_eq!(err.context().reason, expect["reason"].as_str(), "{name}");
            continue;
        }
        let rules = built.unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(want) = expect.get("rules") {
            assert_eq!(rules.lease(), want["lease_ms"].as_u64().unwrap(), "{name}");
            assert_eq!(
                rules.retention(),
                want["retention_ms"].as_u64().unwrap(),
                "{name}"
            );
            for pair in want["keys"].as_array().unwrap() {
                assert_eq!(
                    rules.key(pair[0].as_str().unwrap()),
                    pair[1].as_str().unwrap(),
                    "{name}"
                );
            }
        }
        for pair in expect["existing"].as_array().into_iter().flatten() {
            match (rules.on_existing(pair[0].as_str()), &pair[1]) {
                (Ok(Claim::Duplicate), Value::String(s)) if s == "duplicate" => {}
                (Err(e), want) if want.is_object() => {
                    assert_eq!(e.code(), want["error"].as_str().unwrap(), "{name}");
                    assert_eq!(
                        e.context().retry_after,
                        want["retry_after"].as_u64(),
                        "{name}"
                    );
                }
                (got, want) => panic!("{name}: {:?} for {}, expected {want}", got, pair[0]),
            }
        }
    }
}
