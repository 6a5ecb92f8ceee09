//! Parsing a verified body into an [`Event`], in one pass over the JSON.
//!
//! Every field is read leniently: a value of the wrong JSON type becomes `None` instead of
//! an error, except the provider's event type, without which no event can be built. The
//! whole body is still checked: it must be one valid JSON object (see [`crate::json`]).

use crate::event::{Document, Event, IdSource, Kind, Payload, Signer};
use crate::json::{self, Reader, Scalar};
use crate::provider::Fields;
use crate::{Error, Provider};
use alloc::{borrow::Cow, format, string::String, string::ToString, vec::Vec};
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
            // Unix seconds written as a string (Yousign's `event_time`).
            Scalar::Str(s)
                if !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse::<i64>()
                    .ok()
                    .and_then(crate::time::format_unix)
                    .map(Cow::Owned)
            }
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => i64::try_from(n)
                .ok()
                .and_then(crate::time::format_unix)
                .map(Cow::Owned),
            Scalar::Other => None,
        }
    }
}

/// The event fields a [`Fields`] description can fill, in slot order.
#[derive(Clone, Copy)]
enum Slot {
    Id,
    EventType,
    OccurredAt,
    DocumentId,
    DocumentName,
    DocumentStatus,
    ExternalId,
    CompletedAt,
    SignerId,
    SignerEmail,
    SignerName,
    SignedAt,
    SignatureType,
    Reason,
    DownloadUrl,
    OrganizationId,
}

const SLOTS: usize = 16;

impl Fields {
    /// Each field's paths, in [`Slot`] order.
    fn paths(&self) -> [&'static [&'static str]; SLOTS] {
        [
            self.id,
            self.event_type,
            self.occurred_at,
            self.document_id,
            self.document_name,
            self.document_status,
            self.external_id,
            self.completed_at,
            self.signer_id,
            self.signer_email,
            self.signer_name,
            self.signed_at,
            self.signature_type,
            self.reason,
            self.download_url,
            self.organization_id,
        ]
    }
}

/// A key's length and first eight bytes: two integers that tell almost every pair of keys
/// apart before their bytes are compared (most keys of a body name no child).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head(usize, u64);

impl Head {
    fn of(key: &[u8]) -> Head {
        let mut word = [0u8; 8];
        let n = key.len().min(8);
        word[..n].copy_from_slice(&key[..n]);
        Head(key.len(), u64::from_le_bytes(word))
    }
}

/// One key of the path tree: its spellings, the value it fills or the keys below it.
#[derive(Debug, Clone)]
struct Node {
    spellings: Vec<&'static str>,
    /// Its children's spellings, each with its [`Head`] and the child.
    keys: Vec<(Head, &'static str, usize)>,
    /// The value indexes a leaf fills (a path listed for two fields fills both).
    value: Vec<usize>,
    children: Vec<usize>,
    /// Every value index at or below this key: cleared when the key repeats.
    below: Vec<usize>,
}

/// A provider's [`Fields`] compiled into a tree of keys, walked once per body.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// Node 0 is the body's top level.
    nodes: Vec<Node>,
    /// For each [`Slot`], then each extra path, its alternatives' value indexes in order of
    /// preference.
    slots: Vec<Vec<usize>>,
    values: usize,
}

impl Matcher {
    /// The tree of `fields`, and of `extra` paths (one alternative each) that the verify
    /// path reads with [`Parsed::extra`], in order.
    pub(crate) fn new(fields: &Fields, extra: impl Iterator<Item = &'static str>) -> Matcher {
        let root = Node {
            spellings: Vec::new(),
            keys: Vec::new(),
            value: Vec::new(),
            children: Vec::new(),
            below: Vec::new(),
        };
        let mut m = Matcher {
            nodes: alloc::vec![root],
            slots: Vec::new(),
            values: 0,
        };
        let all: Vec<Vec<&'static str>> = fields
            .paths()
            .into_iter()
            .map(<[_]>::to_vec)
            .chain(extra.map(|p| alloc::vec![p]))
            .collect();
        for (slot, paths) in all.iter().enumerate() {
            m.slots.push(Vec::new());
            for &path in paths {
                let value = m.values;
                m.values += 1;
                m.slots[slot].push(value);
                let mut at = 0;
                for key in path.split('.') {
                    let spellings: Vec<&'static str> = key.split('|').collect();
                    let found = m.nodes[at]
                        .children
                        .iter()
                        .copied()
                        .find(|&c| m.nodes[c].spellings == spellings);
                    at = match found {
                        Some(c) => c,
                        None => {
                            let c = m.nodes.len();
                            for &s in &spellings {
                                m.nodes[at].keys.push((Head::of(s.as_bytes()), s, c));
                            }
                            m.nodes.push(Node {
                                spellings,
                                keys: Vec::new(),
                                value: Vec::new(),
                                children: Vec::new(),
                                below: Vec::new(),
                            });
                            m.nodes[at].children.push(c);
                            c
                        }
                    };
                    m.nodes[at].below.push(value);
                }
                m.nodes[at].value.push(value);
            }
        }
        m
    }

    /// The child of `node` that `key` names.
    fn child(&self, node: usize, key: &str) -> Option<usize> {
        let key = key.as_bytes();
        let head = Head::of(key);
        let rest = key.get(8..).unwrap_or_default();
        self.nodes[node]
            .keys
            .iter()
            .find(|(h, s, _)| *h == head && s.as_bytes().get(8..).unwrap_or_default() == rest)
            .map(|&(_, _, c)| c)
    }

    /// Reads one object at `node` into `values`, checking every value it skips.
    fn walk<'a>(
        &self,
        r: &mut Reader<'a>,
        node: usize,
        values: &mut [Scalar<'a>],
    ) -> json::Result<()> {
        r.object(|r, key| {
            let Some(c) = self.child(node, &key) else {
                return r.skip();
            };
            let n = &self.nodes[c];
            // A repeated key replaces everything the earlier one gave, as in JavaScript.
            for &v in &n.below {
                values[v] = Scalar::Other;
            }
            if let Some((&last, rest)) = n.value.split_last() {
                // A leaf (no description names a key both as a value and as an object).
                let scalar = r.scalar()?;
                for &v in rest {
                    values[v] = scalar.clone();
                }
                values[last] = scalar;
            } else if !n.children.is_empty() && r.at_object() {
                self.walk(r, c, values)?;
            } else {
                r.skip()?;
            }
            Ok(())
        })
    }

    /// Reads `text` as one JSON object, failing on any other JSON value.
    fn read<'a>(&self, text: &'a str) -> json::Result<Vec<Scalar<'a>>> {
        let mut values: Vec<Scalar<'a>> = (0..self.values).map(|_| Scalar::Other).collect();
        let mut r = Reader::new(text);
        if !r.at_object() {
            r.skip()?; // report a syntax error first, if there is one
            return Err(json::JsonError {
                what: "the body is JSON but not an object",
                at: 0,
            });
        }
        self.walk(&mut r, 0, &mut values)?;
        r.finish()?;
        Ok(values)
    }

    /// Reads `text` as one JSON array of objects (several events in one body): each
    /// element's byte range and values.
    fn read_array<'a>(&self, text: &'a str) -> json::Result<Vec<(usize, usize, Vec<Scalar<'a>>)>> {
        let mut r = Reader::new(text);
        if !r.at_array() {
            r.skip()?; // report a syntax error first, if there is one
            return Err(json::JsonError {
                what: "the body is JSON but not an array of events",
                at: 0,
            });
        }
        let mut out = Vec::new();
        r.array(|r| {
            let start = r.position();
            if !r.at_object() {
                r.skip()?;
                return Err(json::JsonError {
                    what: "an element of the array is not an object",
                    at: start,
                });
            }
            let mut values: Vec<Scalar<'a>> = (0..self.values).map(|_| Scalar::Other).collect();
            self.walk(r, 0, &mut values)?;
            out.push((start, r.end(), values));
            Ok(())
        })?;
        r.finish()?;
        Ok(out)
    }
}

/// The values read for one body, looked up by field.
struct Found<'m, 'a> {
    matcher: &'m Matcher,
    values: Vec<Scalar<'a>>,
}

impl<'a> Found<'_, 'a> {
    /// The first alternative `pick` accepts.
    fn first(&mut self, slot: Slot, pick: impl Fn(&Scalar<'a>) -> bool) -> Scalar<'a> {
        self.first_at(slot as usize, pick)
    }

    /// [`first`](Found::first) by slot index: past the [`Slot`]s come the extra paths.
    fn first_at(&mut self, slot: usize, pick: impl Fn(&Scalar<'a>) -> bool) -> Scalar<'a> {
        for &v in &self.matcher.slots[slot] {
            if pick(&self.values[v]) {
                return core::mem::take(&mut self.values[v]);
            }
        }
        Scalar::Other
    }

    /// A text field: the first alternative that holds a string or an integer.
    fn text(&mut self, slot: Slot) -> Option<Cow<'a, str>> {
        self.first(slot, |s| !matches!(s, Scalar::Other)).text()
    }

    /// A time field: the first alternative that holds a string or an integer.
    fn time(&mut self, slot: Slot) -> Option<Cow<'a, str>> {
        self.first(slot, |s| !matches!(s, Scalar::Other)).time()
    }

    /// A field that must be a string: the first alternative that holds one.
    fn string(&mut self, slot: Slot) -> Option<Cow<'a, str>> {
        self.first(slot, |s| matches!(s, Scalar::Str(_))).string()
    }
}

/// The field that names the event type, for error messages: "`type` (or `event`)".
fn type_field(fields: &Fields) -> String {
    let mut out = String::new();
    for (i, path) in fields.event_type.iter().enumerate() {
        let path = path.replace('|', "` or `");
        match i {
            0 => out.push_str(&format!("`{path}`")),
            _ => out.push_str(&format!(" (or `{path}`)")),
        }
    }
    out
}

/// What the verify path knows about a request besides its body.
#[derive(Default)]
pub(crate) struct Context {
    pub(crate) client_id: Option<String>,
    /// The event id from a header (Standard Webhooks' `webhook-id`).
    pub(crate) header_id: Option<String>,
}

/// A body read once: its text and the values every path found.
pub(crate) struct Parsed<'m, 'b> {
    text: &'b str,
    found: Found<'m, 'b>,
}

/// The body as UTF-8 text, or `INVALID_PAYLOAD`.
fn utf8(body: &[u8]) -> Result<&str, Error> {
    core::str::from_utf8(body).map_err(|e| Error::InvalidPayload {
        detail: format!(
            "the body is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })
}

/// Reads `body` as a JSON array of event objects through `matcher`, one [`Parsed`] per
/// element (its text is the element's): `INVALID_PAYLOAD` when it is not one.
pub(crate) fn read_array<'m, 'b>(
    matcher: &'m Matcher,
    body: &'b [u8],
) -> Result<Vec<Parsed<'m, 'b>>, Error> {
    let text = utf8(body)?;
    let elements = matcher
        .read_array(text)
        .map_err(|e| Error::InvalidPayload {
            detail: format!(
                "the body is not a JSON array of objects: {} at byte {}",
                e.what, e.at
            ),
        })?;
    Ok(elements
        .into_iter()
        .map(|(start, end, values)| Parsed {
            text: &text[start..end],
            found: Found { matcher, values },
        })
        .collect())
}

/// Reads `body` as one JSON object through `matcher`: `INVALID_PAYLOAD` when it is not.
pub(crate) fn read<'m, 'b>(matcher: &'m Matcher, body: &'b [u8]) -> Result<Parsed<'m, 'b>, Error> {
    let invalid = |detail: String| Error::InvalidPayload { detail };
    let text = utf8(body)?;
    let values = matcher.read(text).map_err(|e| {
        invalid(format!(
            "the body is not a JSON object: {} at byte {}",
            e.what, e.at
        ))
    })?;
    Ok(Parsed {
        text,
        found: Found { matcher, values },
    })
}

/// Parses a verified body into an event.
pub(crate) fn parse<'b>(
    provider: Provider,
    matcher: &Matcher,
    body: &'b [u8],
    context: Context,
) -> Result<Event<'b>, Error> {
    read(matcher, body)?.event(provider, context)
}

impl<'b> Parsed<'_, 'b> {
    /// The value of the `i`-th extra path the matcher was built with.
    pub(crate) fn extra(&mut self, i: usize) -> Scalar<'b> {
        let slot = &self.found.matcher.slots[SLOTS + i];
        core::mem::take(&mut self.found.values[slot[0]])
    }

    /// The event, once the signature holds.
    pub(crate) fn event(self, provider: Provider, context: Context) -> Result<Event<'b>, Error> {
        let spec = provider.spec();
        let invalid = |detail: String| Error::InvalidPayload { detail };
        let text = self.text;
        let mut f = self.found;
        let event_type = f.string(Slot::EventType).ok_or_else(|| {
            invalid(format!(
                "the {} field is missing or not a string",
                type_field(&spec.fields)
            ))
        })?;
        // A type whose kind is its document's status (PandaDoc's document_state_changed).
        let kind = match spec.status_kinds {
            Some(by) if by.event_type == &*event_type => f
                .first_at(SLOTS + by.extra, |s| matches!(s, Scalar::Str(_)))
                .string()
                .and_then(|status| by.kinds.iter().find(|(s, _)| *s == &*status))
                .map_or(Kind::Unknown, |&(_, kind)| kind),
            _ => Kind::of(provider, &event_type),
        };
        let occurred_at = f.time(Slot::OccurredAt);
        let organization_id = f.text(Slot::OrganizationId);
        let document = Document {
            id: f.text(Slot::DocumentId),
            name: f.text(Slot::DocumentName),
            status: f.text(Slot::DocumentStatus),
            external_id: f.text(Slot::ExternalId),
            completed_at: f.text(Slot::CompletedAt),
        };
        let document = (document != Document::default()).then_some(document);
        let signer = Signer {
            id: f.text(Slot::SignerId),
            email: f.text(Slot::SignerEmail),
            name: f.text(Slot::SignerName),
            signed_at: f.text(Slot::SignedAt),
            signature_type: f.text(Slot::SignatureType),
        };
        let signer = (signer != Signer::default()).then_some(signer);
        // The body's own id first (SignatureAPI's `evt_…`), else the one from a header.
        let (id, id_source) = match (f.text(Slot::Id), context.header_id) {
            (Some(id), _) => (id, IdSource::Provider),
            (None, Some(id)) => (Cow::Owned(id), IdSource::Provider),
            (None, None) => {
                let doc_id = document.as_ref().and_then(|d| d.id.as_deref());
                let signer_id = signer.as_ref().and_then(|s| s.id.as_deref());
                let fields = [
                    Some(provider.as_str()),
                    Some(&*event_type),
                    occurred_at.as_deref(),
                    organization_id.as_deref(),
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
            kind,
            event_type,
            occurred_at,
            document,
            signer,
            reason: f.text(Slot::Reason),
            download_url: f.text(Slot::DownloadUrl),
            organization_id,
            client_id: context.client_id,
            authentication: spec.scheme.authentication(),
            payload: Payload(text),
        })
    }
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

    fn parse(provider: Provider, body: &[u8], _: Option<String>) -> Result<Event<'_>, Error> {
        let matcher = Matcher::new(&provider.spec().fields, core::iter::empty());
        let context = Context {
            client_id: None,
            header_id: None,
        };
        super::parse(provider, &matcher, body, context)
    }

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
