//! The README's Rust quick start: verify a Propper webhook, with secret rotation.
use signhook::{Kind, Provider, Webhook};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> Result<(), signhook::Error> {
    let webhook = Webhook::builder(Provider::Propper)
        .secret("whsec_current")
        .secret("whsec_previous") // while rotating, both are accepted
        .build()?;

    // In a server: the raw request body and its headers (an http::HeaderMap works too,
    // with the `http` feature). Here we sign a sample the way Propper would.
    let body = br#"{"id":"evt_1","type":"document.completed","created":"2026-01-01T09:07:02Z",
                    "data":{"document":{"id":"doc_77","name":"NDA.pdf","status":"completed"},
                            "downloadUrl":"https://app.propper.example/documents/doc_77/download"}}"#;
    let headers = webhook.sign(body);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);

    match webhook.verify(body, &headers, now) {
        Ok(event) if event.kind == Kind::DocumentCompleted => {
            // `event.id` is stable across redeliveries: use it to skip duplicates.
            println!("{} completed; fetch {:?}", event.id, event.download_url);
        }
        Ok(event) => println!("{} {}", event.id, event.kind.as_str()),
        // Answer err.status() (401, 400 or 413); err.code() is stable, e.g. SIGNATURE_MISMATCH.
        Err(err) => println!("rejected with {}: {err}", err.status()),
    }
    Ok(())
}
