//! Properties that must hold for any body, secret and header: signing round-trips, any
//! single-bit change is caught, and nothing panics on arbitrary input.

use proptest::prelude::*;
use signhook::{Authentication, Provider, Webhook};

/// A secret every provider takes: Standard Webhooks' `whsec_` + base64 form.
const SECRET: &str = "whsec_c2lnbmhvb2sgcHJvcGVydHk=";

/// The providers whose signature covers the body.
fn hmac_provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(
        Provider::ALL
            .into_iter()
            .filter(|p| p.authentication() == Authentication::HmacBody)
            .collect::<Vec<_>>(),
    )
}

fn provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(Provider::ALL.to_vec())
}

/// A verifier for `p`: the secret, or for Adobe (which signs nothing) the client id.
fn builder(p: Provider) -> signhook::WebhookBuilder {
    match p {
        Provider::Adobesign => Webhook::builder(p).client_id("CBJCHBCAABAA"),
        _ => Webhook::builder(p).secret(SECRET),
    }
}

/// What `w`'s provider sends with `body`: its headers, and the URL (for one that signs in
/// the query).
fn signed(w: &Webhook, body: &[u8]) -> (Vec<(&'static str, String)>, String) {
    let url = w
        .sign_query(body)
        .map(|q| format!("/hook?{q}"))
        .unwrap_or_default();
    (w.sign(body), url)
}

/// The signature's verdict alone: `Ok` when verification got past it (a body that is not
/// the provider's shape may still fail to parse).
fn signature_verdict(
    w: &Webhook,
    body: &[u8],
    headers: &[(&'static str, String)],
    url: &str,
) -> Result<(), &'static str> {
    match w.verify_url(body, headers, url, 0) {
        Ok(_) => Ok(()),
        Err(e) if e.code() == "INVALID_PAYLOAD" => Ok(()),
        Err(e) => Err(e.code()),
    }
}

fn webhook(provider: Provider, secret: &[u8]) -> Webhook {
    Webhook::builder(provider)
        .secret(secret)
        .max_body_bytes(1 << 16)
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the body, a request signed with the configured secret passes the signature
    /// check (parsing may still reject a body that is not a JSON object).
    #[test]
    fn sign_then_verify_round_trips(p in provider(),
                                    secret in prop::collection::vec(any::<u8>(), 1..80),
                                    body in prop::collection::vec(any::<u8>(), 0..2048)) {
        // The provider that sends its secret as a header value gets a secret that can be one;
        // one whose signature sits in the body has no headers to sign.
        let w = match p.authentication() {
            Authentication::HmacBody => webhook(p, &secret),
            Authentication::HmacMetadata => return Ok(()),
            Authentication::ClientId => builder(p).build().unwrap(),
            _ => webhook(p, SECRET.as_bytes()),
        };
        let (headers, url) = signed(&w, &body);
        prop_assert_eq!(signature_verdict(&w, &body, &headers, &url), Ok(()));
    }

    /// Flipping any one bit of the body makes the signature fail.
    #[test]
    fn any_body_bit_flip_is_a_mismatch(p in hmac_provider(),
                                       body in prop::collection::vec(any::<u8>(), 1..512),
                                       bit in any::<prop::sample::Index>()) {
        let w = webhook(p, SECRET.as_bytes());
        let (headers, url) = signed(&w, &body);
        let mut tampered = body.clone();
        let i = bit.index(body.len() * 8);
        tampered[i / 8] ^= 1 << (i % 8);
        prop_assert_eq!(signature_verdict(&w, &tampered, &headers, &url), Err("SIGNATURE_MISMATCH"));
    }

    /// Flipping any one bit of the signed digest makes the signature a mismatch. (Flipping
    /// a bit of the hex *text* may only change a digit's case, which is the same signature.)
    #[test]
    fn any_signature_bit_flip_is_a_mismatch(p in hmac_provider(),
                                            body in prop::collection::vec(any::<u8>(), 0..512),
                                            bit in 0usize..256) {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let w = webhook(p, SECRET.as_bytes());
        let (mut headers, url) = signed(&w, &body);
        if let Some(query) = url.split_once('?').map(|(_, q)| q.to_string()) {
            // The signature is the query's hex: flip a bit of it there.
            let (name, hex) = query.split_once('=').unwrap();
            let mut digest: Vec<u8> = (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
            digest[bit / 8] ^= 1 << (bit % 8);
            let flipped: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            let url = format!("/hook?{name}={flipped}");
            prop_assert_eq!(signature_verdict(&w, &body, &headers, &url), Err("SIGNATURE_MISMATCH"));
            return Ok(());
        }
        let value = headers[0].1.clone();
        let is_hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let (prefix, mut digest, hex) = if value.len() >= 64 && is_hex(&value[value.len() - 64..]) {
            let (prefix, hex) = value.split_at(value.len() - 64);
            (prefix.to_string(), (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect::<Vec<u8>>(), true)
        } else {
            let (prefix, text) = value.split_at(value.len() - 44);
            (prefix.to_string(), b64.decode(text).unwrap(), false)
        };
        digest[bit / 8] ^= 1 << (bit % 8);
        let flipped: String = if hex { digest.iter().map(|b| format!("{b:02x}")).collect() } else { b64.encode(&digest) };
        headers[0].1 = format!("{prefix}{flipped}");
        prop_assert_eq!(signature_verdict(&w, &body, &headers, &url), Err("SIGNATURE_MISMATCH"));
    }

    /// Arbitrary headers, bodies and times never panic, and every error has a known code.
    #[test]
    fn arbitrary_input_never_panics(p in provider(),
                                    headers in prop::collection::vec(
                                        (prop::sample::select(vec!["X-Signature", "x-sajn-signature",
                                            "X-PROPPER-SIGNATURE", "X-Client-Id", "Other",
                                            "x-docusign-signature-1", "X-DocuSign-Signature-8",
                                            "X-BoldSign-Signature", "x-yousign-signature-256",
                                            "X-Docuseal-Signature", "webhook-signature",
                                            "webhook-timestamp", "webhook-id", "X-Documenso-Secret",
                                            "X-AdobeSign-ClientId", "Content-Type"]),
                                         prop::collection::vec(any::<u8>(), 0..200)), 0..6),
                                    body in prop::collection::vec(any::<u8>(), 0..1024),
                                    now in any::<i64>(),
                                    tolerance in prop::option::of(0i64..1_000_000)) {
        let mut b = builder(p);
        if let Some(t) = tolerance { b = b.tolerance(t); }
        let w = b.build().unwrap();
        if let Err(e) = w.verify(&body, &headers, now) {
            prop_assert!(!e.to_string().is_empty());
            prop_assert!(e.status() >= 400);
        }
    }

    /// Arbitrary JSON-ish text behind a valid signature parses or fails cleanly.
    #[test]
    fn arbitrary_json_text_never_panics(p in provider(), body in "[\\[\\]{}\",:a-z0-9 \\\\]{0,300}", now in any::<i64>()) {
        let w = builder(p).tolerance(60).build().unwrap();
        let headers = w.sign(body.as_bytes());
        let _ = w.verify(body.as_bytes(), &headers, now);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Dropbox Sign's form scan: any body under any multipart boundary fails cleanly, and a
    /// form around a signed callback (any title, any other field before it) yields exactly
    /// that callback as the payload.
    #[test]
    fn multipart_forms_yield_their_json_field(noise in prop::collection::vec(any::<u8>(), 0..512),
                                              boundary in "[-a-zA-Z0-9'()+_,./:=?]{1,70}",
                                              title in "\\PC{0,80}",
                                              other in "[ -~]{0,80}") {
        use hmac::Mac;
        let w = Webhook::builder(Provider::Dropboxsign).secret(SECRET).build().unwrap();
        let content_type = format!("multipart/form-data; boundary=\"{boundary}\"");
        let headers = [("content-type", content_type.as_str())];
        if let Err(e) = w.verify(&noise, &headers[..], 0) {
            prop_assert!(e.status() == 400 || e.status() == 401, "{}", e.code());
        }
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(b"1767225600signature_request_sent");
        let hash: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let json = serde_json::json!({
            "event": {"event_type": "signature_request_sent", "event_time": "1767225600", "event_hash": hash},
            "signature_request": {"title": title},
        }).to_string();
        let form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n{other}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{json}\r\n--{boundary}--\r\n"
        );
        let event = w.verify(form.as_bytes(), &headers[..], 0).unwrap();
        prop_assert_eq!(event.payload.as_json(), json.as_str());
        let document = event.document.unwrap();
        prop_assert_eq!(document.name.as_deref(), Some(title.as_str()));
    }
}
