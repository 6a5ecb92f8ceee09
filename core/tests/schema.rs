//! The core's event is the only field list: the TypeScript declarations
//! (`js/types/index.d.ts`, shared by both npm packages) and the Python stub
//! (`bindings-python/python/signhook/_signhook.pyi`) must name exactly its fields, kinds,
//! providers, error codes and error context. This test fails when one of them drifts.
#![cfg(feature = "serde")]

use serde_json::Value;
use signhook::{
    Authentication, ConfigReason, Document, Error, Event, Kind, Provider, Signer, Spelling, Webhook,
};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn read(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(str::to_owned).collect()
}

/// `camelCase` as Python spells it.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The member names of a TypeScript `interface NAME ... { ... }` (the first one so named).
fn ts_members(source: &str, interface: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("interface {interface}"))
        .unwrap_or_else(|| panic!("no interface {interface}"));
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("/*") && !l.starts_with('*') && !l.starts_with("//"))
        .filter_map(|l| l.split([':', '?']).next())
        .map(|name| name.trim_start_matches("readonly ").trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The string literals of a TypeScript `type NAME = | 'a' | 'b';`.
fn ts_literals(source: &str, alias: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("export type {alias} ="))
        .unwrap_or_else(|| panic!("no type {alias}"));
    let body = &source[start..];
    let body = &body[..body.find(';').unwrap()];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The `@property` names of a Python stub class.
fn pyi_properties(source: &str, class: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("\nclass {class}"))
        .unwrap_or_else(|| panic!("no class {class}"));
    let body = &source[start + 1..];
    let end = body[1..].find("\nclass ").map_or(body.len(), |i| i + 1);
    let lines: Vec<&str> = body[..end].lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == "@property")
        .filter_map(|w| w[1].trim().strip_prefix("def ")?.split('(').next())
        .map(str::to_owned)
        .collect()
}

/// A verified Propper event with a document and a signer, as JSON from the core.
fn event_json() -> Value {
    let webhook = Webhook::builder(Provider::Propper)
        .secret("whsec_schema")
        .build()
        .unwrap();
    let body = br#"{"id":"evt_1","type":"document.signed","created":"2026-01-01T00:00:00Z",
        "data":{"document":{"id":"d"},"signer":{"id":"s"}}}"#;
    let headers = webhook.sign(body);
    let event = webhook.verify(body, &headers, 1_767_225_600).unwrap();
    serde_json::from_str(&event.to_json()).unwrap()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

/// The row indices `WebhookEvent` reads each field from, in `js/src/webhook.js`: its lines
/// `field: row[i]` (or `field: part[i]` inside the `document` and `signer` builders), in order.
fn js_row_fields(source: &str, builder: &str) -> Vec<String> {
    let start = source
        .find(builder)
        .unwrap_or_else(|| panic!("no {builder} in webhook.js"));
    let body = &source[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let mut fields = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        let Some((name, rest)) = line.split_once(" = ").or_else(|| line.split_once(": ")) else {
            continue;
        };
        let name = name.trim_start_matches("this.");
        if let Some(index) = rest.split(['[', ']']).nth(1) {
            if rest.starts_with("row[") || rest.starts_with("part[") || rest.contains("(row[") {
                assert_eq!(
                    index.parse::<usize>().ok(),
                    Some(fields.len()),
                    "{builder}: {line}"
                );
                fields.push(name.to_owned());
            }
        }
    }
    fields
}

#[test]
fn the_declarations_name_exactly_the_cores_event_fields() {
    let ts = read("js/types/index.d.ts");
    let pyi = read("bindings-python/python/signhook/_signhook.pyi");
    let event = event_json();
    // `payload` is the body, parsed by the runtime: not part of the core's JSON.
    let mut fields = keys(&event);
    fields.insert("payload".into());
    assert_eq!(ts_members(&ts, "EventBase"), fields, "index.d.ts EventBase");
    assert_eq!(
        pyi_properties(&pyi, "Event"),
        fields.iter().map(|f| snake(f)).collect(),
        "_signhook.pyi Event"
    );
    for (part, class) in [("document", "Document"), ("signer", "Signer")] {
        let fields = keys(&event[part]);
        assert_eq!(ts_members(&ts, class), fields, "index.d.ts {class}");
        assert_eq!(
            pyi_properties(&pyi, class),
            fields.iter().map(|f| snake(f)).collect(),
            "_signhook.pyi {class}"
        );
    }
}

#[test]
fn the_javascript_event_reads_the_row_in_the_cores_field_order() {
    let event = event_json();
    assert_eq!(set(Event::FIELDS), keys(&event), "Event::FIELDS");
    assert_eq!(
        set(Document::FIELDS),
        keys(&event["document"]),
        "Document::FIELDS"
    );
    assert_eq!(
        set(Signer::FIELDS),
        keys(&event["signer"]),
        "Signer::FIELDS"
    );
    let js = read("js/src/webhook.js");
    assert_eq!(js_row_fields(&js, "class WebhookEvent"), Event::FIELDS);
    assert_eq!(js_row_fields(&js, "function documentOf"), Document::FIELDS);
    assert_eq!(js_row_fields(&js, "function signerOf"), Signer::FIELDS);
    let start = js
        .split("const ROW_START = ")
        .nth(1)
        .and_then(|r| r.split(';').next());
    assert_eq!(
        start,
        Some(Event::FIELDS.len().to_string().as_str()),
        "ROW_START"
    );
}

#[test]
fn the_declarations_name_exactly_the_cores_kinds_providers_and_errors() {
    let ts = read("js/types/index.d.ts");
    assert_eq!(ts_literals(&ts, "Kind"), set(Kind::ALL.map(Kind::as_str)));
    assert_eq!(
        ts_literals(&ts, "Provider"),
        set(Provider::ALL.map(Provider::as_str))
    );
    assert_eq!(
        ts_literals(&ts, "Authentication"),
        set(Authentication::ALL.map(Authentication::as_str))
    );
    let every_error = [
        Error::MissingSignature { header: "h" },
        Error::MalformedSignature {
            header: "h",
            reason: "r",
        },
        Error::SignatureMismatch { header: "h" },
        Error::ClientIdMismatch {
            header: "h",
            header_present: true,
        },
        Error::TimestampOutOfRange {
            occurred_at: None,
            now: 0,
            tolerance: 1,
        },
        Error::InvalidPayload { detail: "d".into() },
        Error::Undecodable {
            encoding: "gzip".into(),
            supported: true,
        },
        Error::PayloadTooLarge {
            limit: 1,
            actual: 2,
            option: "o",
        },
        Error::BodyNotRaw { hint: "h".into() },
        Error::InvalidConfig {
            reason: ConfigReason::Type,
            detail: "d".into(),
        },
        Error::EventInProgress { retry_after: 1 },
        Error::DedupeUnavailable { detail: "d".into() },
    ];
    assert_eq!(
        ts_literals(&ts, "ErrorCode"),
        set(every_error.iter().map(Error::code))
    );
    // Every context field, as the core serializes it, is declared.
    let mut context = BTreeSet::new();
    let with_time = Error::TimestampOutOfRange {
        occurred_at: Some(1),
        now: 2,
        tolerance: 3,
    };
    for error in every_error.iter().chain([&with_time]) {
        context.extend(keys(&error.context().to_value(Spelling::CamelCase)));
    }
    assert_eq!(
        ts_members(&ts, "ErrorContext"),
        context,
        "index.d.ts ErrorContext"
    );
}
