//! The one event model every provider is normalized into.

use crate::{Authentication, Provider};
use alloc::{borrow::Cow, string::String};

/// A verified webhook, normalized. Strings borrow from the request body where they can.
///
/// Field names match the other languages (`type` is [`event_type`](Event::event_type)
/// here because `type` is a Rust keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
#[non_exhaustive]
pub struct Event<'a> {
    /// Who sent it.
    pub provider: Provider,
    /// Idempotency key: the provider's event id, or a key derived from the event's own
    /// fields (sajn sends none), stable across redeliveries.
    pub id: Cow<'a, str>,
    /// Where [`id`](Event::id) came from.
    pub id_source: IdSource,
    /// The provider's own event type, verbatim.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub event_type: Cow<'a, str>,
    /// The normalized kind.
    pub kind: Kind,
    /// The event time as the provider wrote it (ISO 8601; Unix seconds are rendered as UTC,
    /// and left out when they fall outside the years 0000–9999).
    pub occurred_at: Option<Cow<'a, str>>,
    /// The document the event is about.
    pub document: Option<Document<'a>>,
    /// The signer the event is about.
    pub signer: Option<Signer<'a>>,
    /// Decline reason.
    pub reason: Option<Cow<'a, str>>,
    /// Where the completed document can be fetched.
    pub download_url: Option<Cow<'a, str>>,
    /// sajn organization.
    pub organization_id: Option<Cow<'a, str>>,
    /// Krebit `X-Client-Id` header.
    pub client_id: Option<String>,
    /// How the request was authenticated: what the check proved about the sender and body.
    pub authentication: Authentication,
    /// The whole body, verified to be a JSON object.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub payload: Payload<'a>,
}

#[cfg(feature = "serde")]
impl Event<'_> {
    /// Every field but `payload` as JSON text with the JavaScript spelling (camelCase), the
    /// one schema both JavaScript engines hand to their runtime's `JSON.parse`.
    pub fn to_json(&self) -> String {
        // Only strings, nulls and nested objects of them: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The event of `body` as one JSON array, the form the JavaScript engines hand over
    /// (an array parses several times faster than an object in a JavaScript runtime): the
    /// value of each field of [`Event::FIELDS`] in that order, `document` and `signer` as
    /// arrays of their own `FIELDS` (or `null`), then where the payload's text sits in
    /// `body`, its `start` and `end` byte offsets.
    pub fn row_json(&self, body: &[u8]) -> String {
        let (start, end) = self.payload.range_in(body);
        let document = self
            .document
            .as_ref()
            .map(|d| (&d.id, &d.name, &d.status, &d.external_id, &d.completed_at));
        let signer = self
            .signer
            .as_ref()
            .map(|s| (&s.id, &s.email, &s.name, &s.signed_at, &s.signature_type));
        // In the order of FIELDS (the unit test below holds them to the same order).
        let row = (
            self.provider,
            &self.id,
            self.id_source,
            &self.event_type,
            self.kind,
            &self.occurred_at,
            document,
            signer,
            &self.reason,
            &self.download_url,
            &self.organization_id,
            &self.client_id,
            self.authentication,
            start,
            end,
        );
        // Only strings, numbers, nulls and arrays of them: serializing cannot fail.
        serde_json::to_string(&row).unwrap_or_default()
    }

    /// Several events of one `body` as a JSON array of [`row_json`](Event::row_json) rows.
    pub fn rows_json(events: &[Event<'_>], body: &[u8]) -> String {
        let each: alloc::vec::Vec<String> = events.iter().map(|e| e.row_json(body)).collect();
        alloc::format!("[{}]", each.join(","))
    }
}

impl Event<'_> {
    /// The field names with the JavaScript spelling (camelCase), in declaration order,
    /// `payload` left out: the order of [`row_json`](Event::row_json) (feature `serde`).
    pub const FIELDS: [&'static str; 13] = [
        "provider",
        "id",
        "idSource",
        "type",
        "kind",
        "occurredAt",
        "document",
        "signer",
        "reason",
        "downloadUrl",
        "organizationId",
        "clientId",
        "authentication",
    ];
}

impl Document<'_> {
    /// The field names with the JavaScript spelling, in declaration order.
    pub const FIELDS: [&'static str; 5] = ["id", "name", "status", "externalId", "completedAt"];
}

impl Signer<'_> {
    /// The field names with the JavaScript spelling, in declaration order.
    pub const FIELDS: [&'static str; 5] = ["id", "email", "name", "signedAt", "signatureType"];
}

/// The document an event is about. Every field is optional: providers send different subsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
#[non_exhaustive]
pub struct Document<'a> {
    /// The provider's document id.
    pub id: Option<Cow<'a, str>>,
    /// The document's title.
    pub name: Option<Cow<'a, str>>,
    /// The provider's status word.
    pub status: Option<Cow<'a, str>>,
    /// Your own reference, as you passed it to the provider.
    pub external_id: Option<Cow<'a, str>>,
    /// When the document was completed.
    pub completed_at: Option<Cow<'a, str>>,
}

/// The signer an event is about. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
#[non_exhaustive]
pub struct Signer<'a> {
    /// The provider's signer id.
    pub id: Option<Cow<'a, str>>,
    /// The signer's email address.
    pub email: Option<Cow<'a, str>>,
    /// The signer's name.
    pub name: Option<Cow<'a, str>>,
    /// When the signer signed.
    pub signed_at: Option<Cow<'a, str>>,
    /// How the signer signed (sajn).
    pub signature_type: Option<Cow<'a, str>>,
}

/// The verified body as JSON text. It is parsed once into the event's fields; bindings hand
/// it to their runtime's own JSON parser, Rust callers can parse it with `Payload::to_value`
/// (feature `serde`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payload<'a>(pub(crate) &'a str);

impl<'a> Payload<'a> {
    /// The body as JSON text (a JSON object).
    pub fn as_json(&self) -> &'a str {
        self.0
    }

    /// Where this payload's text sits in `body`, the bytes it was verified from, as byte
    /// offsets (the whole body, or one element of a body that holds several events).
    pub fn range_in(&self, body: &[u8]) -> (usize, usize) {
        let start = (self.0.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        match start.checked_add(self.0.len()) {
            Some(end) if end <= body.len() => (start, end),
            _ => (0, body.len()),
        }
    }

    /// The body as a `serde_json::Value`, parsed by serde_json. The body is one the core's
    /// own reader accepted, so an error here means the two parsers disagree: please report it.
    #[cfg(feature = "serde")]
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(self.0);
        // The core's reader bounds nesting at 128 levels; serde_json's own limit is lower.
        de.disable_recursion_limit();
        let value = serde::Deserialize::deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
}

/// Where an event's id came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdSource {
    /// The provider's own event id.
    Provider,
    /// Derived from the event's fields (the provider sends none).
    Derived,
}

impl IdSource {
    /// `provider` or `derived`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdSource::Provider => "provider",
            IdSource::Derived => "derived",
        }
    }
}

/// The normalized event kind, the same for every provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `document.created`
    DocumentCreated,
    /// `document.sent`
    DocumentSent,
    /// `document.viewed`
    DocumentViewed,
    /// `document.signed`
    DocumentSigned,
    /// `document.completed`
    DocumentCompleted,
    /// `document.declined`
    DocumentDeclined,
    /// `document.cancelled`
    DocumentCancelled,
    /// `document.expired`
    DocumentExpired,
    /// The signed document's final files can be downloaded (they are generated a little
    /// after `document.completed`): Dropbox Sign's `signature_request_downloadable`,
    /// PandaDoc's `document_completed_pdf_ready`.
    DocumentFilesReady,
    /// A type this version does not map (providers add events over time).
    Unknown,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 10] = [
        Kind::DocumentCreated,
        Kind::DocumentSent,
        Kind::DocumentViewed,
        Kind::DocumentSigned,
        Kind::DocumentCompleted,
        Kind::DocumentDeclined,
        Kind::DocumentCancelled,
        Kind::DocumentExpired,
        Kind::DocumentFilesReady,
        Kind::Unknown,
    ];

    /// The normalized name, e.g. `document.signed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DocumentCreated => "document.created",
            Kind::DocumentSent => "document.sent",
            Kind::DocumentViewed => "document.viewed",
            Kind::DocumentSigned => "document.signed",
            Kind::DocumentCompleted => "document.completed",
            Kind::DocumentDeclined => "document.declined",
            Kind::DocumentCancelled => "document.cancelled",
            Kind::DocumentExpired => "document.expired",
            Kind::DocumentFilesReady => "document.files_ready",
            Kind::Unknown => "unknown",
        }
    }

    /// Maps a provider's own event type to its kind (exact, case-sensitive).
    pub fn of(provider: Provider, event_type: &str) -> Kind {
        provider
            .spec()
            .kinds
            .iter()
            .find(|(name, _)| *name == event_type)
            .map_or(Kind::Unknown, |&(_, kind)| kind)
    }
}

/// Names serialize as their `as_str` text (`"document.signed"`, `"derived"`, `"sajn"`).
#[cfg(feature = "serde")]
macro_rules! serialize_as_str {
    ($($ty:ty),*) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
#[cfg(feature = "serde")]
serialize_as_str!(Kind, IdSource, Provider, Authentication);

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_row_holds_the_fields_in_the_order_of_fields() {
        let text = |s: &'static str| Some(Cow::Borrowed(s));
        let body = r#"[{"a":1},{"b":2}]"#;
        let event = Event {
            provider: Provider::Propper,
            id: "id".into(),
            id_source: IdSource::Derived,
            event_type: "type".into(),
            kind: Kind::DocumentSigned,
            occurred_at: text("occurredAt"),
            document: Some(Document {
                id: text("d.id"),
                name: text("d.name"),
                status: text("d.status"),
                external_id: text("d.externalId"),
                completed_at: text("d.completedAt"),
            }),
            signer: Some(Signer {
                id: text("s.id"),
                email: text("s.email"),
                name: text("s.name"),
                signed_at: text("s.signedAt"),
                signature_type: text("s.signatureType"),
            }),
            reason: text("reason"),
            download_url: text("downloadUrl"),
            organization_id: text("organizationId"),
            client_id: Some("clientId".into()),
            authentication: Authentication::HmacBody,
            payload: Payload(&body[10..17]),
        };
        let object: Value = serde_json::from_str(&event.to_json()).unwrap();
        let row: Value = serde_json::from_str(&event.row_json(body.as_bytes())).unwrap();
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), Event::FIELDS.len() + 2);
        for (i, field) in Event::FIELDS.iter().enumerate() {
            let nested = match *field {
                "document" => &Document::FIELDS[..],
                "signer" => &Signer::FIELDS[..],
                _ => {
                    assert_eq!(row[i], object[field], "{field}");
                    continue;
                }
            };
            for (j, part) in nested.iter().enumerate() {
                assert_eq!(row[i][j], object[field][part], "{field}.{part}");
            }
        }
        assert_eq!(&row[Event::FIELDS.len()..], [10, 17]);
    }
}
