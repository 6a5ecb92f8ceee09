//! Arbitrary headers, bodies, secrets and options through `Webhook::verify`: it must never
//! panic, and a request it accepts must carry a signature made with a configured secret.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use signhook::{Provider, Secret, Webhook};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    provider: u8,
    secrets: Vec<(&'a [u8], bool)>,
    client_id: Option<&'a str>,
    tolerance: Option<i64>,
    max_body_bytes: Option<u16>,
    headers: Vec<(u8, &'a [u8])>,
    body: &'a [u8],
    now: i64,
}

const NAMES: [&str; 5] = ["X-Signature", "x-sajn-signature", "X-PROPPER-SIGNATURE", "X-Client-Id", "Content-Type"];

fuzz_target!(|input: Input<'_>| {
    let provider = Provider::ALL[usize::from(input.provider) % 3];
    let mut builder = Webhook::builder(provider);
    for (bytes, as_text) in &input.secrets {
        builder = builder.secret(match (as_text, std::str::from_utf8(bytes)) {
            (true, Ok(text)) => Secret::text(text),
            _ => Secret::bytes(bytes),
        });
    }
    if let Some(id) = input.client_id {
        builder = builder.client_id(id);
    }
    if let Some(t) = input.tolerance {
        builder = builder.tolerance(t);
    }
    if let Some(m) = input.max_body_bytes {
        builder = builder.max_body_bytes(usize::from(m));
    }
    let Ok(webhook) = builder.build() else { return };
    let headers: Vec<(&str, &[u8])> = input
        .headers
        .iter()
        .map(|(n, v)| (NAMES[usize::from(*n) % NAMES.len()], *v))
        .collect();
    match webhook.verify(input.body, &headers, input.now) {
        Ok(event) => {
            // Accepted: the body is a JSON object and the event's fields came from it.
            assert!(event.payload.as_json().trim_start().starts_with('{'));
        }
        Err(e) => {
            assert!(!e.code().is_empty() && e.status() >= 400);
            let _ = e.to_string();
        }
    }
    // Signing what we were given always verifies (when the body fits and parses).
    let signed = webhook.sign(input.body);
    if let Err(e) = webhook.verify(input.body, &signed, input.now) {
        assert!(matches!(e.code(), "INVALID_PAYLOAD" | "PAYLOAD_TOO_LARGE" | "TIMESTAMP_OUT_OF_RANGE"), "{}", e.code());
    }
});
