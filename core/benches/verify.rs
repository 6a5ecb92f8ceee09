//! signhook against a bare HMAC-SHA256 of the same bytes, side by side in one run.
//!
//! `cargo bench -p signhook --bench verify`. Three groups per size (1 KB, 64 KB, 1 MB
//! Propper events): `hmac` (a bare HMAC-SHA256, key set up per call as a hand-rolled check
//! does), `verify` (signature only) and `verify_parse` (signature + event).
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use signhook::{Provider, Webhook};
use std::hint::black_box;
use std::time::Duration;

const SECRET: &str = "whsec_bench_secret";

/// A Propper `document.signed` event padded to about `size` bytes with form fields, the way
/// large real events grow.
fn propper_event(size: usize) -> Vec<u8> {
    let head = r#"{"id":"evt_01JBENCH0000000000000000","type":"document.signed","created":"2026-01-01T00:00:00Z","data":{"document":{"id":"doc_77","name":"NDA – Acme.pdf","status":"signed"},"signer":{"id":"sgn_1","email":"lee@acme.example","name":"Lee Park","signedAt":"2026-01-01T00:00:00Z"},"fields":["#;
    let mut body = String::from(head);
    let mut i = 0;
    while body.len() + 80 < size {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"name":"field_{i}","type":"text","value":"Value number {i} with some text"}}"#
        ));
        i += 1;
    }
    body.push_str("]}}");
    body.into_bytes()
}

fn bench(c: &mut Criterion) {
    let webhook = Webhook::builder(Provider::Propper)
        .secret(SECRET)
        .max_body_bytes(4 << 20)
        .build()
        .unwrap();
    for (label, size) in [("1KB", 1 << 10), ("64KB", 64 << 10), ("1MB", 1 << 20)] {
        let body = propper_event(size);
        let headers = webhook.sign(&body);
        assert!(webhook.verify(&body, &headers, 0).is_ok());
        let mut group = c.benchmark_group(label);
        group.throughput(Throughput::Bytes(body.len() as u64));
        if size >= 1 << 20 {
            group
                .sample_size(30)
                .measurement_time(Duration::from_secs(4));
        }
        group.bench_with_input(BenchmarkId::new("hmac", label), &body, |b, body| {
            b.iter(|| {
                let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
                mac.update(black_box(body));
                black_box(mac.finalize().into_bytes())
            })
        });
        group.bench_with_input(BenchmarkId::new("verify", label), &body, |b, body| {
            b.iter(|| webhook.verify_signature(black_box(body), &headers).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("verify_parse", label), &body, |b, body| {
            b.iter(|| black_box(webhook.verify(black_box(body), &headers, 0).unwrap().kind))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    // (the macro's generated function carries no doc comment)
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
