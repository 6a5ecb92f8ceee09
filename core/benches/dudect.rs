//! A dudect-style statistical timing check of signature comparison (a benchmark, not a test).
//!
//! `cargo bench -p signhook --bench dudect`. Two classes of forged signatures are verified
//! in random order: one that matches the real HMAC in all but its last byte, one that
//! differs from its first byte. An early-exit comparison would make the first class slower.
//! Welch's t-test over the cropped timings: |t| < 4.5 means no leak was detected.
#![allow(missing_docs)]

use signhook::{Provider, Webhook};
use std::hint::black_box;
use std::time::Instant;

/// A small deterministic generator, so runs are repeatable.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[derive(Default)]
struct Welch {
    n: [f64; 2],
    mean: [f64; 2],
    m2: [f64; 2],
}

impl Welch {
    fn push(&mut self, class: usize, x: f64) {
        self.n[class] += 1.0;
        let d = x - self.mean[class];
        self.mean[class] += d / self.n[class];
        self.m2[class] += d * (x - self.mean[class]);
    }
    fn t(&self) -> f64 {
        let var = |c: usize| self.m2[c] / (self.n[c] - 1.0);
        (self.mean[0] - self.mean[1]) / (var(0) / self.n[0] + var(1) / self.n[1]).sqrt()
    }
}

fn main() {
    let webhook = Webhook::builder(Provider::Sajn)
        .secret("whsec_dudect")
        .build()
        .unwrap();
    let body = br#"{"event":"DOCUMENT_SIGNED","data":{"documentId":"d1"}}"#;
    let good = webhook.sign(body).remove(0).1;
    let flip = |hex: &str, at: usize| {
        let mut b = hex.as_bytes().to_vec();
        b[at] = if b[at] == b'0' { b'1' } else { b'0' };
        String::from_utf8(b).unwrap()
    };
    let classes = [flip(&good, 63), flip(&good, 0)]; // last byte wrong / first byte wrong
    let headers: Vec<[(&str, &str); 1]> = classes
        .iter()
        .map(|c| [("X-Sajn-Signature", c.as_str())])
        .collect();
    let mut rng = XorShift(0x5eed);
    let samples = 400_000;
    let mut timings: Vec<(usize, u64)> = Vec::with_capacity(samples);
    for _ in 0..samples {
        let class = (rng.next() & 1) as usize;
        let start = Instant::now();
        let result = webhook.verify_signature(black_box(body), black_box(&headers[class]));
        let elapsed = start.elapsed().as_nanos() as u64;
        assert!(result.is_err());
        timings.push((class, elapsed));
    }
    // Crop the slowest 10% (interrupts, migrations), as dudect does.
    let mut sorted: Vec<u64> = timings.iter().map(|t| t.1).collect();
    sorted.sort_unstable();
    let cutoff = sorted[samples * 9 / 10];
    let mut welch = Welch::default();
    for &(class, ns) in timings.iter().filter(|t| t.1 <= cutoff) {
        welch.push(class, ns as f64);
    }
    let t = welch.t();
    println!(
        "dudect: {} measurements, mean {:.1} ns (last byte wrong) vs {:.1} ns (first byte wrong), t = {:.2}: {}",
        welch.n[0] + welch.n[1],
        welch.mean[0],
        welch.mean[1],
        t,
        if t.abs() < 4.5 { "no timing leak detected" } else { "POSSIBLE TIMING LEAK" }
    );
}
