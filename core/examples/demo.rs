//! The Rust demo: signs the sample events of each provider (`demo/samples.json`), verifies
//! them, then replays, tampers with and forges requests, and prints what signhook decided.
//!
//! Run it with `cargo run -p signhook --example demo`.

use serde_json::Value;
use signhook::{Provider, Webhook};
use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

const SAMPLES: &str = include_str!("../../demo/samples.json");

/// One delivery: what was sent, and with which headers.
struct Delivery {
    case: String,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
    /// The request URL, for a provider that signs in it (PandaDoc).
    url: String,
}

fn deliveries(
    now: i64,
    webhook: &Webhook,
    rotated_out: &Webhook,
    forger: &Webhook,
    events: &[Value],
) -> Vec<Delivery> {
    let signed = |case: String, body: Vec<u8>, by: &Webhook| Delivery {
        headers: by.sign_at(&body, now),
        url: by
            .sign_query(&body)
            .map(|q| format!("/webhooks?{q}"))
            .unwrap_or_default(),
        case,
        body,
    };
    // A provider whose body is an array of events (PandaDoc) sends each in an array of one.
    let body_of = |e: &Value| match webhook.array_body() {
        true => serde_json::to_vec(&[e]).unwrap(),
        false => serde_json::to_vec(e).unwrap(),
    };
    let mut out: Vec<Delivery> = events
        .iter()
        .map(|e| signed("deliver".into(), body_of(e), webhook))
        .collect();
    let first = body_of(&events[0]);
    out.push(signed("redeliver first".into(), first.clone(), webhook));
    let mut tampered = signed("tampered body".into(), first.clone(), webhook);
    tampered.body = String::from_utf8(first.clone())
        .unwrap()
        .replacen(':', ": ", 1)
        .into_bytes();
    out.push(tampered);
    out.push(signed("forged signature".into(), first.clone(), forger));
    out.push(signed("rotated-out secret".into(), first, rotated_out));
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples: Value = serde_json::from_str(SAMPLES)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
    println!(
        "{:<8} {:<20} {:>6}  {:<20} {:<38} note",
        "provider", "case", "status", "kind", "id"
    );
    for provider in Provider::ALL {
        let cfg = &samples["providers"][provider.as_str()];
        if cfg.is_null() {
            continue; // a provider the demo has no samples for
        }
        let with_secret = |secret: &Value| {
            let mut b = Webhook::builder(provider).secret(secret.as_str().unwrap());
            if let Some(id) = cfg["client_id"].as_str() {
                b = b.client_id(id);
            }
            b.build()
        };
        let webhook = with_secret(&cfg["secret"])?;
        let rotated_out = with_secret(&cfg["previous_secret"])?;
        // `whsec_` + base64: a secret every provider's scheme takes.
        let forger = with_secret(&Value::from("whsec_bm90LXRoZS1zZWNyZXQ="))?;
        let mut seen = HashSet::new();
        for d in deliveries(
            now,
            &webhook,
            &rotated_out,
            &forger,
            cfg["events"].as_array().unwrap(),
        ) {
            let (status, kind, id, note) =
                match webhook.verify_url(&d.body, &d.headers, &d.url, now) {
                    Ok(e) => {
                        let note = if seen.insert(e.id.to_string()) {
                            ""
                        } else {
                            "duplicate: already processed"
                        };
                        (
                            200,
                            e.kind.as_str().to_string(),
                            e.id.to_string(),
                            note.to_string(),
                        )
                    }
                    Err(err) => (
                        err.status(),
                        String::new(),
                        String::new(),
                        err.code().to_string(),
                    ),
                };
            println!(
                "{:<8} {:<20} {:>6}  {:<20} {:<38} {note}",
                provider.as_str(),
                d.case,
                status,
                kind,
                id
            );
        }
    }
    Ok(())
}
