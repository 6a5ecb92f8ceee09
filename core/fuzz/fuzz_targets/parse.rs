//! Arbitrary bodies behind a valid signature, so every input reaches the JSON parser:
//! it must never panic nor overflow the stack, and the event it builds borrows valid JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signhook::{Provider, Webhook};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let provider = Provider::ALL[usize::from(selector) % 3];
    let webhook = Webhook::builder(provider).secret("fuzz").tolerance(300).build().unwrap();
    let headers = webhook.sign(body);
    match webhook.verify(body, &headers, 1_767_225_600) {
        Ok(event) => {
            let value = event.payload.to_value().expect("serde_json reads every body the core accepts");
            assert!(value.is_object(), "accepted a body that is not a JSON object");
            assert!(!event.event_type.is_empty() || event.kind.as_str() == "unknown");
        }
        Err(e) => assert!(matches!(e.code(), "INVALID_PAYLOAD" | "TIMESTAMP_OUT_OF_RANGE"), "{}", e.code()),
    }
});
