//! Parsing a verified body into an [`Event`], in one pass over the JSON.
//!
//! Every field is read leniently: a value of the wrong JSON type becomes `None` instead of
//! an error, except the provider's event type, without which no event can be built. The
//! whole body is still checked: it must be one valid JSON object (see [`crate::json`]).

use crate::event::{Document, Event, IdSource, Kind, Payload, Signer};
use crate::json::{self, Reader, Scalar};
use crate::{Error, Provider};
use alloc::{borrow::Cow, format, string::String, string::ToString};
use sha2::{Digest as _, Sha256};

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

    /// A time field: strings verbatim, Unix seconds rendered as ISO 8601 UTC (`None` for
    /// seconds outside the years 0000–9999, which have no such text).
    fn time(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => i64::try_from(n)
                .ok()
                .and_then(crate::time::format_unix)
                .map(Cow::Owned),
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

/// A value read from a key of a body object.
trait Field<'a>: Sized {
    fn read(r: &mut Reader<'a>) -> json::Result<Self>;
}

impl<'a> Field<'a> for Scalar<'a> {
    fn read(r: &mut Reader<'a>) -> json::Result<Self> {
        r.scalar()
    }
}

/// A nested object: read when the value is a JSON object, `None` for any other value.
struct Obj<T>(Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

impl<'a, T: Field<'a>> Field<'a> for Obj<T> {
    fn read(r: &mut Reader<'a>) -> json::Result<Self> {
        if r.at_object() {
            T::read(r).map(|t| Obj(Some(t)))
        } else {
            r.skip().map(|()| Obj(None))
        }
    }
}

/// Declares a body object read leniently: listed keys fill their fields (the last of
/// repeated keys wins, as in JavaScript and Python), any other key's value is checked and
/// dropped, and a missing key leaves the field at its default.
macro_rules! body_object {
    ($(#[$doc:meta])* struct $name:ident<$lt:lifetime> { $($field:ident: $ty:ty = $($key:literal)|+,)* }) => {
        $(#[$doc])*
        #[derive(Default)]
        struct $name<$lt> {
            $($field: $ty,)*
        }

        impl<$lt> Field<$lt> for $name<$lt> {
            fn read(r: &mut Reader<$lt>) -> json::Result<Self> {
                let mut out = Self::default();
                r.object(|r, key| {
                    match &*key {
                        $($($key)|+ => out.$field = Field::read(r)?,)*
                        _ => r.skip()?,
                    }
                    Ok(())
                })?;
                Ok(out)
            }
        }
    };
}

body_object! {
    /// A document object (Propper and Krebit `data.document`).
    struct DocumentIn<'a> {
        id: Scalar<'a> = "id",
        name: Scalar<'a> = "name",
        status: Scalar<'a> = "status",
        external_id: Scalar<'a> = "externalId" | "external_id",
        completed_at: Scalar<'a> = "completedAt" | "completed_at",
    }
}

body_object! {
    /// A signer object (Propper and Krebit `data.signer`).
    struct SignerIn<'a> {
        id: Scalar<'a> = "id",
        email: Scalar<'a> = "email",
        name: Scalar<'a> = "name",
        signed_at: Scalar<'a> = "signedAt" | "signed_at",
        signature_type: Scalar<'a> = "signatureType" | "signature_type",
    }
}

body_object! {
    /// `data` as Propper publishes it, and as Krebit is read.
    struct DataIn<'a> {
        document: Obj<DocumentIn<'a>> = "document",
        signer: Obj<SignerIn<'a>> = "signer",
        reason: Scalar<'a> = "reason",
        download_url: Scalar<'a> = "downloadUrl" | "download_url",
    }
}

body_object! {
    /// A Propper body.
    struct PropperIn<'a> {
        id: Scalar<'a> = "id",
        event_type: Scalar<'a> = "type",
        created: Scalar<'a> = "created",
        data: Obj<DataIn<'a>> = "data",
    }
}

body_object! {
    /// A Krebit body: the guide promises only `id`, the rest is read leniently.
    struct KrebitIn<'a> {
        id: Scalar<'a> = "id",
        event_type: Scalar<'a> = "type",
        event: Scalar<'a> = "event",
        timestamp: Scalar<'a> = "timestamp",
        created_at: Scalar<'a> = "createdAt" | "created_at",
        created: Scalar<'a> = "created",
        data: Obj<DataIn<'a>> = "data",
    }
}

body_object! {
    /// sajn's flat `data`.
    struct SajnDataIn<'a> {
        document_id: Scalar<'a> = "documentId",
        document_name: Scalar<'a> = "documentName",
        external_id: Scalar<'a> = "externalId",
        signer_id: Scalar<'a> = "signerId",
        signer_email: Scalar<'a> = "signerEmail",
        signer_name: Scalar<'a> = "signerName",
        signed_at: Scalar<'a> = "signedAt",
        signature_type: Scalar<'a> = "signatureType",
        reason: Scalar<'a> = "reason",
    }
}

body_object! {
    /// A sajn body.
    struct SajnIn<'a> {
        event: Scalar<'a> = "event",
        timestamp: Scalar<'a> = "timestamp",
        organization_id: Scalar<'a> = "organizationId",
        data: Obj<SajnDataIn<'a>> = "data",
    }
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

/// Reads `text` as one JSON object into `T`, failing on any other JSON value.
fn parse_object<'a, T: Field<'a>>(text: &'a str) -> json::Result<T> {
    let mut r = Reader::new(text);
    if !r.at_object() {
        r.skip()?; // report a syntax error first, if there is one
        return Err(json::JsonError {
            what: "the body is JSON but not an object",
            at: 0,
        });
    }
    let value = T::read(&mut r)?;
    r.finish()?;
    Ok(value)
}

fn parts(provider: Provider, text: &str) -> json::Result<Parts<'_>> {
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
    let p = parts(provider, text).map_err(|e| {
        invalid(format!(
            "the body is not a JSON object: {} at byte {}",
            e.what, e.at
        ))
    })?;
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
    fn every_value_is_checked_even_where_it_is_not_mapped() {
        let ok = format!(
            r#"{{"event":"DOCUMENT_SENT","x":{}{}}}"#,
            "[".repeat(120),
            "]".repeat(120)
        );
        assert!(sajn(&ok).is_ok());
        for body in [
            r#"{"event":"DOCUMENT_SENT","note":"caf\udc00"}"#, // unpaired surrogate escape
            r#"{"event":"DOCUMENT_SENT","\ud83d":1}"#,         // ... in a key
            r#"{"event":"DOCUMENT_SENT","n":1e999}"#,          // a number no f64 holds
            r#"{"event":"DOCUMENT_SENT","n":[1,]}"#,           // a syntax error
        ] {
            assert_eq!(sajn(body).unwrap_err().code(), "INVALID_PAYLOAD", "{body}");
        }
        assert!(sajn(r#"{"event":"DOCUMENT_SENT","note":"\ud83d\ude00"}"#).is_ok());
    }

    #[test]
    fn repeated_keys_keep_the_last_value_like_javascript() {
        let e = sajn(r#"{"event":"DOCUMENT_SENT","event":"DOCUMENT_SIGNED"}"#).unwrap();
        assert_eq!(e.kind, Kind::DocumentSigned);
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

    #[test]
    fn unix_seconds_past_four_digit_years_are_left_out() {
        for created in ["253402300800", "-62167219201", "9223372036854775807"] {
            let body = format!(r#"{{"type":"document.sent","created":{created}}}"#);
            let e = parse(Provider::Propper, body.as_bytes(), None).unwrap();
            assert_eq!(e.occurred_at, None, "{created}");
        }
    }
}
