//! Parsing a verified body into an [`Event`], in one pass over the JSON.
//!
//! Every field is read leniently: a value of the wrong JSON type becomes `None` instead of
//! an error, except the provider's event type, without which no event can be built.

use crate::event::{Document, Event, IdSource, Kind, Payload, Signer};
use crate::{Error, Provider};
use alloc::{borrow::Cow, format, string::String, string::ToString};
use core::{fmt, marker::PhantomData};
use serde::de::{
    self, value::MapAccessDeserializer, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

/// One JSON scalar as read, before it is interpreted.
#[derive(Default)]
enum Scalar<'a> {
    /// Absent, null, a float, a bool, an array or an object.
    #[default]
    Other,
    Str(Cow<'a, str>),
    Int(i128),
}

impl<'a> Scalar<'a> {
    /// A string field: strings verbatim, integers as decimal text.
    fn text(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => Some(Cow::Owned(n.to_string())),
            Scalar::Other => None,
        }
    }

    /// A field that must be a JSON string.
    fn string(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A time field: strings verbatim, Unix seconds rendered as ISO 8601 UTC.
    fn time(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => i64::try_from(n)
                .ok()
                .map(|n| Cow::Owned(crate::time::format_unix(n))),
            Scalar::Other => None,
        }
    }

    fn or(self, other: Self) -> Self {
        match self {
            Scalar::Other => other,
            found => found,
        }
    }
}

/// Drains any compound value without building it.
fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(s.into())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Scalar::Str(Cow::Owned(s)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(n.into()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                skip_seq(seq).map(|()| Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                skip_map(map).map(|()| Scalar::Other)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A nested object: parsed when it is a JSON object, `None` for any other value.
struct Obj<T>(Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

struct ObjVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| None)
    }
    fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjVisitor(PhantomData)).map(Obj)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DocumentIn<'a> {
    #[serde(borrow)]
    id: Scalar<'a>,
    #[serde(borrow)]
    name: Scalar<'a>,
    #[serde(borrow)]
    status: Scalar<'a>,
    #[serde(borrow, rename = "externalId", alias = "external_id")]
    external_id: Scalar<'a>,
    #[serde(borrow, rename = "completedAt", alias = "completed_at")]
    completed_at: Scalar<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignerIn<'a> {
    #[serde(borrow)]
    id: Scalar<'a>,
    #[serde(borrow)]
    email: Scalar<'a>,
    #[serde(borrow)]
    name: Scalar<'a>,
    #[serde(borrow, rename = "signedAt", alias = "signed_at")]
    signed_at: Scalar<'a>,
    #[serde(borrow, rename = "signatureType", alias = "signature_type")]
    signature_type: Scalar<'a>,
}

/// `data` as Propper publishes it, and as Krebit is read.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DataIn<'a> {
    #[serde(borrow)]
    document: Obj<DocumentIn<'a>>,
    #[serde(borrow)]
    signer: Obj<SignerIn<'a>>,
    #[serde(borrow)]
    reason: Scalar<'a>,
    #[serde(borrow, rename = "downloadUrl", alias = "download_url")]
    download_url: Scalar<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PropperIn<'a> {
    #[serde(borrow)]
    id: Scalar<'a>,
    #[serde(borrow, rename = "type")]
    event_type: Scalar<'a>,
    #[serde(borrow)]
    created: Scalar<'a>,
    #[serde(borrow)]
    data: Obj<DataIn<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KrebitIn<'a> {
    #[serde(borrow)]
    id: Scalar<'a>,
    #[serde(borrow, rename = "type")]
    event_type: Scalar<'a>,
    #[serde(borrow)]
    event: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
    #[serde(borrow, rename = "createdAt", alias = "created_at")]
    created_at: Scalar<'a>,
    #[serde(borrow)]
    created: Scalar<'a>,
    #[serde(borrow)]
    data: Obj<DataIn<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SajnDataIn<'a> {
    #[serde(borrow)]
    document_id: Scalar<'a>,
    #[serde(borrow)]
    document_name: Scalar<'a>,
    #[serde(borrow)]
    external_id: Scalar<'a>,
    #[serde(borrow)]
    signer_id: Scalar<'a>,
    #[serde(borrow)]
    signer_email: Scalar<'a>,
    #[serde(borrow)]
    signer_name: Scalar<'a>,
    #[serde(borrow)]
    signed_at: Scalar<'a>,
    #[serde(borrow)]
    signature_type: Scalar<'a>,
    #[serde(borrow)]
    reason: Scalar<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SajnIn<'a> {
    #[serde(borrow)]
    event: Scalar<'a>,
    #[serde(borrow)]
    timestamp: Scalar<'a>,
    #[serde(borrow)]
    organization_id: Scalar<'a>,
    #[serde(borrow)]
    data: Obj<SajnDataIn<'a>>,
}

impl<'a> DocumentIn<'a> {
    fn build(self) -> Option<Document<'a>> {
        let d = Document {
            id: self.id.text(),
            name: self.name.text(),
            status: self.status.text(),
            external_id: self.external_id.text(),
            completed_at: self.completed_at.text(),
        };
        (d != Document::default()).then_some(d)
    }
}

impl<'a> SignerIn<'a> {
    fn build(self) -> Option<Signer<'a>> {
        let s = Signer {
            id: self.id.text(),
            email: self.email.text(),
            name: self.name.text(),
            signed_at: self.signed_at.text(),
            signature_type: self.signature_type.text(),
        };
        (s != Signer::default()).then_some(s)
    }
}

/// The fields every provider's body is reduced to before the event is assembled.
struct Parts<'a> {
    id: Option<Cow<'a, str>>,
    event_type: Option<Cow<'a, str>>,
    occurred_at: Option<Cow<'a, str>>,
    data: DataIn<'a>,
    organization_id: Option<Cow<'a, str>>,
}

/// Parses `text` as a JSON object into `T`, failing on any other JSON value.
fn parse_object<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = de.deserialize_map(ObjVisitor::<T>(PhantomData))?;
    de.end()?;
    // `deserialize_map` only calls `visit_map`, so a parsed object is always `Some`.
    value.ok_or_else(|| de::Error::custom("expected a JSON object"))
}

fn parts(provider: Provider, text: &str) -> Result<Parts<'_>, serde_json::Error> {
    Ok(match provider {
        Provider::Propper => {
            let b: PropperIn<'_> = parse_object(text)?;
            Parts {
                id: b.id.text(),
                event_type: b.event_type.string(),
                occurred_at: b.created.time(),
                data: b.data.0.unwrap_or_default(),
                organization_id: None,
            }
        }
        Provider::Krebit => {
            let b: KrebitIn<'_> = parse_object(text)?;
            let event_type = b.event_type.string().or_else(|| b.event.string());
            Parts {
                id: b.id.text(),
                event_type,
                occurred_at: b.timestamp.or(b.created_at).or(b.created).time(),
                data: b.data.0.unwrap_or_default(),
                organization_id: None,
            }
        }
        Provider::Sajn => {
            let b: SajnIn<'_> = parse_object(text)?;
            let d = b.data.0.unwrap_or_default();
            Parts {
                id: None,
                event_type: b.event.string(),
                occurred_at: b.timestamp.time(),
                data: DataIn {
                    document: Obj(Some(DocumentIn {
                        id: d.document_id,
                        name: d.document_name,
                        external_id: d.external_id,
                        ..DocumentIn::default()
                    })),
                    signer: Obj(Some(SignerIn {
                        id: d.signer_id,
                        email: d.signer_email,
                        name: d.signer_name,
                        signed_at: d.signed_at,
                        signature_type: d.signature_type,
                    })),
                    reason: d.reason,
                    download_url: Scalar::Other,
                },
                organization_id: b.organization_id.text(),
            }
        }
    })
}

/// The field that names the event type, for error messages.
fn type_field(provider: Provider) -> &'static str {
    match provider {
        Provider::Propper => "`type`",
        Provider::Sajn => "`event`",
        Provider::Krebit => "`type` (or `event`)",
    }
}

/// Parses a verified body into an event. `client_id` is the Krebit `X-Client-Id` header.
pub(crate) fn parse(
    provider: Provider,
    body: &[u8],
    client_id: Option<String>,
) -> Result<Event<'_>, Error> {
    let invalid = |detail: String| Error::InvalidPayload { detail };
    let text = core::str::from_utf8(body).map_err(|e| {
        invalid(format!(
            "the body is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if nesting_exceeds(body, MAX_DEPTH) {
        return Err(invalid(format!(
            "the JSON nests deeper than {MAX_DEPTH} levels"
        )));
    }
    if has_lone_surrogate(body) {
        return Err(invalid(
            "a string holds an unpaired UTF-16 surrogate escape (e.g. a lone \\ud83d)".into(),
        ));
    }
    let p = parts(provider, text)
        .map_err(|e| invalid(format!("the body is not a JSON object: {e}")))?;
    let event_type = p.event_type.ok_or_else(|| {
        invalid(format!(
            "the {} field is missing or not a string",
            type_field(provider)
        ))
    })?;
    let document = p.data.document.0.and_then(DocumentIn::build);
    let signer = p.data.signer.0.and_then(SignerIn::build);
    let (id, id_source) = match p.id {
        Some(id) => (id, IdSource::Provider),
        None => {
            let doc_id = document.as_ref().and_then(|d| d.id.as_deref());
            let signer_id = signer.as_ref().and_then(|s| s.id.as_deref());
            let fields = [
                Some(provider.as_str()),
                Some(&*event_type),
                p.occurred_at.as_deref(),
                p.organization_id.as_deref(),
                doc_id,
                signer_id,
            ];
            (Cow::Owned(derive_id(provider, &fields)), IdSource::Derived)
        }
    };
    Ok(Event {
        provider,
        id,
        id_source,
        kind: Kind::of(provider, &event_type),
        event_type,
        occurred_at: p.occurred_at,
        document,
        signer,
        reason: p.data.reason.text(),
        download_url: p.data.download_url.text(),
        organization_id: p.organization_id,
        client_id,
        payload: Payload(text),
    })
}

/// How deeply a body may nest arrays and objects (as `serde_json`'s own limit).
const MAX_DEPTH: usize = 128;

/// Whether JSON `text` nests arrays and objects deeper than `limit`. `serde_json` skips
/// unknown fields without a depth limit, and the bindings' own JSON parsers may recurse,
/// so the core refuses such bodies up front.
fn nesting_exceeds(text: &[u8], limit: usize) -> bool {
    // Fast path: fewer opening brackets than the limit cannot nest deeper than it.
    // (`b | 0x20` maps `[` onto `{`; counting in u8 lanes per 255-byte chunk vectorizes.)
    let openers: usize = text
        .chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |n, &b| n + u8::from(b | 0x20 == b'{')),
            )
        })
        .sum();
    if openers <= limit {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Whether any `\\u` escape is an unpaired UTF-16 surrogate. `serde_json` rejects those in
/// the fields it decodes but not in the values it skips, and runtimes disagree on them, so
/// the core rejects them everywhere. Walks escape by escape: in JSON that parses, every
/// backslash starts an escape inside a string.
fn has_lone_surrogate(text: &[u8]) -> bool {
    let unit = |at: usize| -> Option<u16> {
        let hex = core::str::from_utf8(text.get(at..at + 4)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    };
    let mut i = 0;
    while let Some(offset) = text
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let at = i + offset;
        i = at + 2;
        if text.get(at + 1) != Some(&b'u') {
            continue;
        }
        i = at + 6;
        match unit(at + 2) {
            Some(0xD800..=0xDBFF) => {
                let low = (text.get(at + 6..at + 8) == Some(b"\\u"))
                    .then(|| unit(at + 8))
                    .flatten();
                if !matches!(low, Some(0xDC00..=0xDFFF)) {
                    return true;
                }
                i = at + 12;
            }
            Some(0xDC00..=0xDFFF) => return true,
            _ => {}
        }
    }
    false
}

/// `<provider>_` + the first 32 hex digits of SHA-256 over the fields joined by U+001F.
fn derive_id(provider: Provider, fields: &[Option<&str>]) -> String {
    let mut h = Sha256::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(f.unwrap_or("").as_bytes());
    }
    let hex = crate::signature::to_hex(&h.finalize().into());
    format!("{}_{}", provider.as_str(), &hex[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sajn(body: &str) -> Result<Event<'_>, Error> {
        parse(Provider::Sajn, body.as_bytes(), None)
    }

    #[test]
    fn strings_borrow_from_the_body() {
        let e = parse(
            Provider::Propper,
            br#"{"id":"evt_1","type":"document.signed"}"#,
            None,
        )
        .unwrap();
        assert!(matches!(e.id, Cow::Borrowed("evt_1")));
        assert_eq!(e.kind, Kind::DocumentSigned);
        assert_eq!(e.document, None);
    }

    #[test]
    fn wrong_types_become_none_but_the_type_field_is_required() {
        let e = sajn(r#"{"event":"DOCUMENT_SENT","organizationId":7,"data":{"documentId":[1],"signerEmail":true}}"#).unwrap();
        assert_eq!(e.organization_id.as_deref(), Some("7"));
        assert_eq!((e.document, e.signer), (None, None));
        assert_eq!(
            sajn(r#"{"event":5}"#).unwrap_err().code(),
            "INVALID_PAYLOAD"
        );
        assert_eq!(
            sajn(r#"{"data":{}}"#).unwrap_err().code(),
            "INVALID_PAYLOAD"
        );
    }

    #[test]
    fn only_a_json_object_is_a_body() {
        for body in ["[]", "\"x\"", "", "{} x", "{", "null"] {
            assert_eq!(
                sajn(body).unwrap_err().code(),
                "INVALID_PAYLOAD",
                "{body:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            r#"{{"event":"DOCUMENT_SENT","x":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = sajn(&deep).unwrap_err();
        assert_eq!(err.code(), "INVALID_PAYLOAD", "{}", err.code());
    }

    #[test]
    fn nesting_is_measured_outside_strings() {
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(!nesting_exceeds(ok.as_bytes(), MAX_DEPTH));
        assert!(nesting_exceeds(format!("[{ok}]").as_bytes(), MAX_DEPTH));
        let quoted = format!(r#"{{"a":"{}"}}"#, "[".repeat(500));
        assert!(!nesting_exceeds(quoted.as_bytes(), MAX_DEPTH));
        // An escaped quote does not end the string, so these brackets are text.
        assert!(!nesting_exceeds(br#"{"a":"\"[[[["}"#, 1));
    }

    #[test]
    fn unpaired_surrogate_escapes_are_found_anywhere() {
        assert!(has_lone_surrogate(br#"{"a":"\ud83d"}"#));
        assert!(has_lone_surrogate(br#"{"\udc00":1}"#));
        assert!(has_lone_surrogate(br#"{"a":"\ud83d\u0041"}"#));
        assert!(!has_lone_surrogate(br#"{"a":"\ud83d\ude00 \u00e9"}"#));
        // An escaped backslash followed by `ud83d` is text, not an escape.
        assert!(!has_lone_surrogate(br#"{"a":"\\ud83d"}"#));
        assert!(
            !has_lone_surrogate(br#"{"a":"\u12"}"#),
            "malformed escapes are serde's to report"
        );
    }

    #[test]
    fn sajn_ids_are_derived_and_stable() {
        let body = r#"{"event":"DOCUMENT_SIGNED","timestamp":"2026-01-01T00:00:00Z","data":{"documentId":"d1","signerId":"s1"}}"#;
        let (a, b) = (sajn(body).unwrap(), sajn(body).unwrap());
        assert_eq!(a.id_source, IdSource::Derived);
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("sajn_") && a.id.len() == 5 + 32);
    }

    #[test]
    fn unix_seconds_are_rendered_as_iso() {
        let e = parse(
            Provider::Propper,
            br#"{"type":"document.sent","created":1767225600}"#,
            None,
        )
        .unwrap();
        assert_eq!(e.occurred_at.as_deref(), Some("2026-01-01T00:00:00Z"));
    }
}
