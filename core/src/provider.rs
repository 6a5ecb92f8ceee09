//! The providers signhook knows, each described as data: its signing scheme
//! ([`crate::scheme`]), where its body keeps each event field ([`Fields`]), and its event
//! types onto the normalized kinds. Read a provider's entry in [`Provider::spec`] beside the
//! platform's own webhook documentation: they should say the same thing.

use crate::scheme::{Encoding, Format, Key, Location, Scheme, Signed};
use crate::{ConfigReason, Error, Kind};
use core::{fmt, str::FromStr};

/// An e-signature platform whose webhooks signhook verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// Krebit Sign: `X-Signature` with lowercase hex, `X-Client-Id` identifies the client.
    Krebit,
    /// sajn: `X-Sajn-Signature` with hex.
    Sajn,
    /// Propper: `X-Propper-Signature` with `sha256=` and hex.
    Propper,
    /// DocuSign Connect: `X-DocuSign-Signature-1` … `-N`, base64, one per active key.
    Docusign,
    /// BoldSign: `X-BoldSign-Signature: t=…, s0=…, s1=…` over the timestamp and body.
    Boldsign,
    /// Yousign: `X-Yousign-Signature-256` with `sha256=` and hex.
    Yousign,
    /// DocuSeal: `X-Docuseal-Signature: <seconds>.<hex>` over the timestamp and body.
    Docuseal,
    /// SignatureAPI: Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    /// `webhook-signature`).
    Signatureapi,
    /// Documenso: the secret itself in `X-Documenso-Secret` (the body is not covered).
    Documenso,
    /// SignWell: `event.hash` in the body, an HMAC of `type@time` keyed with the webhook id
    /// (the rest of the body is not covered).
    Signwell,
    /// PandaDoc: `?signature=` in the URL, hex, over a body that is an array of events.
    Pandadoc,
    /// Dropbox Sign: `event.event_hash` in a `multipart/form-data` body's `json` field, an
    /// HMAC of `event_time` + `event_type` keyed with the API key (the rest of the body is not
    /// covered); the answer must be `Hello API Event Received`.
    Dropboxsign,
    /// Adobe Acrobat Sign: no signature; `X-AdobeSign-ClientId` must name your API
    /// application and is echoed back, on deliveries and on the `GET` that checks a new URL.
    Adobesign,
}

/// Where a provider's JSON body keeps each event field: dotted paths from the body's top
/// level, alternatives in order of preference; `a|b` names two spellings of one key (the
/// later one in the body wins, as repeated keys do). A field with no path is always null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fields {
    /// The provider's event id (a string or an integer).
    pub(crate) id: &'static [&'static str],
    /// The event type: the first alternative that holds a string.
    pub(crate) event_type: &'static [&'static str],
    /// The event time: ISO 8601 text, or Unix seconds rendered as such.
    pub(crate) occurred_at: &'static [&'static str],
    pub(crate) document_id: &'static [&'static str],
    pub(crate) document_name: &'static [&'static str],
    pub(crate) document_status: &'static [&'static str],
    pub(crate) external_id: &'static [&'static str],
    pub(crate) completed_at: &'static [&'static str],
    pub(crate) signer_id: &'static [&'static str],
    pub(crate) signer_email: &'static [&'static str],
    pub(crate) signer_name: &'static [&'static str],
    pub(crate) signed_at: &'static [&'static str],
    pub(crate) signature_type: &'static [&'static str],
    pub(crate) reason: &'static [&'static str],
    pub(crate) download_url: &'static [&'static str],
    pub(crate) organization_id: &'static [&'static str],
}

impl Fields {
    /// No field mapped: the base every description starts from.
    pub(crate) const NONE: Fields = Fields {
        id: &[],
        event_type: &[],
        occurred_at: &[],
        document_id: &[],
        document_name: &[],
        document_status: &[],
        external_id: &[],
        completed_at: &[],
        signer_id: &[],
        signer_email: &[],
        signer_name: &[],
        signed_at: &[],
        signature_type: &[],
        reason: &[],
        download_url: &[],
        organization_id: &[],
    };
}

/// Everything signhook knows about one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) id: &'static str,
    pub(crate) scheme: Scheme,
    /// Every header verification reads, lowercase: bindings look up exactly these.
    pub(crate) headers: &'static [&'static str],
    pub(crate) fields: Fields,
    /// The provider's event types and their kinds; any other type is [`Kind::Unknown`].
    pub(crate) kinds: &'static [(&'static str, Kind)],
    /// How long the deduplication guard remembers a completed event by default: past the
    /// provider's last retry.
    pub(crate) retention_hours: u64,
    /// Whether the body is a JSON array of events (PandaDoc) rather than one event object.
    pub(crate) array_body: bool,
    /// A header naming the delivery, used as the event id when the body has none
    /// (PandaDoc's `X-PandaDoc-Webhook-Event-Id`; it is not signed).
    pub(crate) event_id_header: Option<&'static str>,
    /// A `multipart/form-data` body keeps the JSON in this field (Dropbox Sign's `json`); a
    /// body sent as JSON is read as it is.
    pub(crate) form_field: Option<&'static str>,
    /// The header naming the receiving application (Krebit's `X-Client-Id`, Adobe's
    /// `X-AdobeSign-ClientId`), checked against the configured client id.
    pub(crate) client_id_header: Option<&'static str>,
    /// What the answer to a delivery must carry.
    pub(crate) reply: ReplySpec,
    /// A type whose kind is read from the document's status instead.
    pub(crate) status_kinds: Option<StatusKinds>,
}

/// What a provider requires of the answer to its requests, beyond a 2xx status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReplySpec {
    /// The exact body text (Dropbox Sign's `Hello API Event Received`), sent as `text/plain`.
    pub(crate) body: Option<&'static str>,
    /// The client id header is echoed back, on deliveries and on the `GET` with which the
    /// provider checks a new URL (Adobe's verification of intent).
    pub(crate) echo_client_id: bool,
}

impl ReplySpec {
    /// Any 2xx answer will do.
    pub(crate) const NONE: ReplySpec = ReplySpec {
        body: None,
        echo_client_id: false,
    };
}

/// For one event type, the kind is the document status's (PandaDoc's
/// `document_state_changed`): the status's path and the statuses onto kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatusKinds {
    pub(crate) event_type: &'static str,
    pub(crate) path: &'static str,
    /// The status path's index among the matcher's extra paths (after the scheme's).
    pub(crate) extra: usize,
    pub(crate) kinds: &'static [(&'static str, Kind)],
}

impl Spec {
    /// The body paths the verify path reads besides the event's fields: the scheme's (a
    /// signature field and signed fields), then a status that gives the kind.
    pub(crate) fn extra_paths(&self) -> impl Iterator<Item = &'static str> {
        self.scheme
            .body_paths()
            .chain(self.status_kinds.map(|s| s.path))
    }
}

use Kind::*;

const KREBIT: Spec = Spec {
    id: "krebit",
    scheme: Scheme::hex_body("X-Signature", ""),
    headers: &["x-signature", "x-client-id"],
    // The guide promises only `id`; the rest is read leniently, Propper's shape first.
    fields: Fields {
        id: &["id"],
        event_type: &["type", "event"],
        occurred_at: &["timestamp", "createdAt|created_at", "created"],
        ..PROPPER_DATA
    },
    kinds: &[
        ("signing.sent", DocumentSent),
        ("signing.document.completed", DocumentCompleted),
        ("signing.cancelled", DocumentCancelled),
    ],
    // Krebit publishes no retry schedule: 72 hours, past a weekend-long outage.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: Some("X-Client-Id"),
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const SAJN: Spec = Spec {
    id: "sajn",
    scheme: Scheme::hex_body("X-Sajn-Signature", ""),
    headers: &["x-sajn-signature"],
    // No event id: one is derived from the fields below.
    fields: Fields {
        event_type: &["event"],
        occurred_at: &["timestamp"],
        organization_id: &["organizationId"],
        document_id: &["data.documentId"],
        document_name: &["data.documentName"],
        external_id: &["data.externalId"],
        signer_id: &["data.signerId"],
        signer_email: &["data.signerEmail"],
        signer_name: &["data.signerName"],
        signed_at: &["data.signedAt"],
        signature_type: &["data.signatureType"],
        reason: &["data.reason"],
        ..Fields::NONE
    },
    kinds: &[
        ("DOCUMENT_CREATED", DocumentCreated),
        ("DOCUMENT_SENT", DocumentSent),
        ("DOCUMENT_OPENED", DocumentViewed),
        ("DOCUMENT_SIGNED", DocumentSigned),
        ("DOCUMENT_COMPLETED", DocumentCompleted),
        ("DOCUMENT_REJECTED", DocumentDeclined),
    ],
    // sajn retries after 1, 5 and 15 minutes.
    retention_hours: 1,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

/// Propper's `data`: a document and a signer object, a reason and a download URL.
const PROPPER_DATA: Fields = Fields {
    document_id: &["data.document.id"],
    document_name: &["data.document.name"],
    document_status: &["data.document.status"],
    external_id: &["data.document.externalId|external_id"],
    completed_at: &["data.document.completedAt|completed_at"],
    signer_id: &["data.signer.id"],
    signer_email: &["data.signer.email"],
    signer_name: &["data.signer.name"],
    signed_at: &["data.signer.signedAt|signed_at"],
    signature_type: &["data.signer.signatureType|signature_type"],
    reason: &["data.reason"],
    download_url: &["data.downloadUrl|download_url"],
    ..Fields::NONE
};

const PROPPER: Spec = Spec {
    id: "propper",
    scheme: Scheme::hex_body("X-Propper-Signature", "sha256="),
    headers: &["x-propper-signature"],
    fields: Fields {
        id: &["id"],
        event_type: &["type"],
        occurred_at: &["created"],
        ..PROPPER_DATA
    },
    kinds: &[
        ("document.created", DocumentCreated),
        ("document.sent", DocumentSent),
        ("document.viewed", DocumentViewed),
        ("document.signed", DocumentSigned),
        ("document.completed", DocumentCompleted),
        ("document.declined", DocumentDeclined),
        ("document.voided", DocumentCancelled),
        ("document.expired", DocumentExpired),
    ],
    // Propper's sixth and last retry comes about 10.5 hours after the first delivery.
    retention_hours: 24,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const DOCUSIGN: Spec = Spec {
    id: "docusign",
    // One header per active HMAC key (Connect keys), each the base64 HMAC of the raw body.
    scheme: Scheme {
        location: Location::Numbered(&[
            "X-DocuSign-Signature-1",
            "X-DocuSign-Signature-2",
            "X-DocuSign-Signature-3",
            "X-DocuSign-Signature-4",
            "X-DocuSign-Signature-5",
            "X-DocuSign-Signature-6",
            "X-DocuSign-Signature-7",
            "X-DocuSign-Signature-8",
        ]),
        encoding: Encoding::Base64,
        ..Scheme::hex_body("", "")
    },
    headers: &[
        "x-docusign-signature-1",
        "x-docusign-signature-2",
        "x-docusign-signature-3",
        "x-docusign-signature-4",
        "x-docusign-signature-5",
        "x-docusign-signature-6",
        "x-docusign-signature-7",
        "x-docusign-signature-8",
    ],
    // Connect's JSON SIM message: no event id, so one is derived. `envelopeSummary` is only
    // there when the Connect configuration includes data.
    fields: Fields {
        event_type: &["event"],
        occurred_at: &["generatedDateTime"],
        organization_id: &["data.accountId"],
        document_id: &["data.envelopeId"],
        document_name: &["data.envelopeSummary.emailSubject"],
        document_status: &["data.envelopeSummary.status"],
        completed_at: &["data.envelopeSummary.completedDateTime"],
        signer_id: &["data.recipientId"],
        reason: &["data.envelopeSummary.voidedReason"],
        ..Fields::NONE
    },
    kinds: &[
        ("envelope-created", DocumentCreated),
        ("envelope-sent", DocumentSent),
        ("envelope-delivered", DocumentViewed),
        ("recipient-delivered", DocumentViewed),
        ("recipient-completed", DocumentSigned),
        ("envelope-completed", DocumentCompleted),
        ("envelope-declined", DocumentDeclined),
        ("recipient-declined", DocumentDeclined),
        ("envelope-voided", DocumentCancelled),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const BOLDSIGN: Spec = Spec {
    id: "boldsign",
    // `t=<seconds>, s0=<hex>, s1=<hex>` over `t.body`; `s1` is the old key during a roll.
    // Its SDK rejects a timestamp more than 300 s away.
    scheme: Scheme {
        location: Location::Header("X-BoldSign-Signature"),
        format: Format::Tagged,
        signed: Signed::TimestampDotBody,
        default_tolerance: Some(300),
        ..Scheme::hex_body("", "")
    },
    headers: &["x-boldsign-signature"],
    fields: Fields {
        id: &["event.id"],
        event_type: &["event.eventType"],
        occurred_at: &["event.created"],
        document_id: &["data.documentId"],
        document_name: &["data.messageTitle"],
        document_status: &["data.status"],
        ..Fields::NONE
    },
    kinds: &[
        ("Sent", DocumentSent),
        ("Viewed", DocumentViewed),
        ("Signed", DocumentSigned),
        ("Completed", DocumentCompleted),
        ("Declined", DocumentDeclined),
        ("Revoked", DocumentCancelled),
        ("Expired", DocumentExpired),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const YOUSIGN: Spec = Spec {
    id: "yousign",
    scheme: Scheme::hex_body("X-Yousign-Signature-256", "sha256="),
    headers: &["x-yousign-signature-256"],
    // `event_time` is Unix seconds as a string, the same on every retry.
    fields: Fields {
        id: &["event_id"],
        event_type: &["event_name"],
        occurred_at: &["event_time"],
        document_id: &["data.signature_request.id"],
        document_name: &["data.signature_request.name"],
        document_status: &["data.signature_request.status"],
        external_id: &["data.signature_request.external_id"],
        signer_id: &["data.signer.id"],
        signer_email: &["data.signer.info.email"],
        reason: &["data.signature_request.decline_information.reason"],
        ..Fields::NONE
    },
    kinds: &[
        ("signature_request.activated", DocumentSent),
        ("signer.done", DocumentSigned),
        ("signature_request.done", DocumentCompleted),
        ("signature_request.declined", DocumentDeclined),
        ("signer.declined", DocumentDeclined),
        ("signature_request.expired", DocumentExpired),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const DOCUSEAL: Spec = Spec {
    id: "docuseal",
    // `<seconds>.<hex>` over `seconds.body`, keyed with the whole `whsec_…` text (not
    // decoded); DocuSeal's own check allows 300 s either way.
    scheme: Scheme {
        location: Location::Header("X-Docuseal-Signature"),
        format: Format::TimestampDot,
        signed: Signed::TimestampDotBody,
        default_tolerance: Some(300),
        ..Scheme::hex_body("", "")
    },
    headers: &["x-docuseal-signature"],
    // No event id: one is derived (`timestamp` is the event's, the same on every retry).
    // `form.*` events carry one submitter, `submission.*` events the submission.
    fields: Fields {
        event_type: &["event_type"],
        occurred_at: &["timestamp"],
        document_id: &["data.submission_id", "data.id"],
        document_name: &["data.template.name"],
        document_status: &["data.submission.status", "data.status"],
        external_id: &["data.external_id"],
        signer_email: &["data.email"],
        reason: &["data.decline_reason"],
        download_url: &["data.combined_document_url"],
        ..Fields::NONE
    },
    kinds: &[
        ("submission.created", DocumentCreated),
        ("form.viewed", DocumentViewed),
        ("form.completed", DocumentSigned),
        ("submission.completed", DocumentCompleted),
        ("form.declined", DocumentDeclined),
        ("submission.expired", DocumentExpired),
    ],
    // Up to 12 attempts, 2^n minutes apart: about 5.7 days in all.
    retention_hours: 168,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const SIGNATUREAPI: Spec = Spec {
    id: "signatureapi",
    // Standard Webhooks: `webhook-signature` lists `v1,<base64>` entries over
    // `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64 after `whsec_`;
    // SignatureAPI's guide rejects a timestamp more than 5 minutes away.
    scheme: Scheme {
        location: Location::Header("webhook-signature"),
        format: Format::Versioned,
        encoding: Encoding::Base64,
        signed: Signed::IdDotTimestampDotBody,
        key: Key::WhsecBase64,
        timestamp_header: Some("webhook-timestamp"),
        id_header: Some("webhook-id"),
        default_tolerance: Some(300),
    },
    headers: &["webhook-signature", "webhook-timestamp", "webhook-id"],
    // Events carry ids, not content: the rest is fetched from the API.
    fields: Fields {
        id: &["id"],
        event_type: &["type"],
        occurred_at: &["timestamp"],
        document_id: &["data.envelope_id"],
        reason: &["data.reason"],
        download_url: &["data.url"],
        ..Fields::NONE
    },
    kinds: &[
        ("envelope.created", DocumentCreated),
        ("envelope.started", DocumentSent),
        ("recipient.viewed", DocumentViewed),
        ("recipient.completed", DocumentSigned),
        ("envelope.completed", DocumentCompleted),
        ("recipient.rejected", DocumentDeclined),
        ("envelope.canceled", DocumentCancelled),
    ],
    // Retried for up to 48 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const DOCUMENSO: Spec = Spec {
    id: "documenso",
    // The secret itself in `X-Documenso-Secret`: nothing is signed.
    scheme: Scheme {
        location: Location::Header("X-Documenso-Secret"),
        format: Format::Secret,
        ..Scheme::hex_body("", "")
    },
    headers: &["x-documenso-secret"],
    // No event id, and the top-level `createdAt` changes on every attempt: the derived id
    // uses the document's `updatedAt` as the event time.
    fields: Fields {
        event_type: &["event"],
        occurred_at: &["payload.updatedAt"],
        document_id: &["payload.id"],
        document_name: &["payload.title"],
        document_status: &["payload.status"],
        external_id: &["payload.externalId"],
        completed_at: &["payload.completedAt"],
        ..Fields::NONE
    },
    kinds: &[
        ("DOCUMENT_CREATED", DocumentCreated),
        ("DOCUMENT_SENT", DocumentSent),
        ("DOCUMENT_OPENED", DocumentViewed),
        ("DOCUMENT_SIGNED", DocumentSigned),
        ("DOCUMENT_RECIPIENT_COMPLETED", DocumentSigned),
        ("DOCUMENT_COMPLETED", DocumentCompleted),
        ("DOCUMENT_REJECTED", DocumentDeclined),
        ("DOCUMENT_CANCELLED", DocumentCancelled),
        ("RECIPIENT_EXPIRED", DocumentExpired),
    ],
    // 3 retries, seconds apart.
    retention_hours: 1,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const SIGNWELL: Spec = Spec {
    id: "signwell",
    // `event.hash`: the hex HMAC of `<event.type>@<event.time>`, keyed with the webhook's id.
    // The body is read first (the signature is in it) and is not itself covered.
    scheme: Scheme {
        location: Location::BodyField("event.hash"),
        signed: Signed::Fields {
            paths: &["event.type", "event.time"],
            separator: "@",
        },
        ..Scheme::hex_body("", "")
    },
    headers: &[],
    // No event id: one is derived (the event time is the event's own).
    fields: Fields {
        event_type: &["event.type"],
        occurred_at: &["event.time"],
        document_id: &["data.object.id"],
        document_name: &["data.object.name"],
        document_status: &["data.object.status"],
        ..Fields::NONE
    },
    kinds: &[
        ("document_created", DocumentCreated),
        ("document_sent", DocumentSent),
        ("document_viewed", DocumentViewed),
        ("document_signed", DocumentSigned),
        ("document_completed", DocumentCompleted),
        ("document_declined", DocumentDeclined),
        ("document_canceled", DocumentCancelled),
        ("document_expired", DocumentExpired),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: None,
};

const PANDADOC: Spec = Spec {
    id: "pandadoc",
    // `?signature=`: the hex HMAC of the raw body keyed with the shared key.
    scheme: Scheme {
        location: Location::Query("signature", "?signature"),
        ..Scheme::hex_body("", "")
    },
    headers: &["x-pandadoc-webhook-event-id"],
    // Each element of the body's array is one `{event, data}` notification. The delivery's
    // id (the same on every retry) is a header; the elements have none of their own.
    fields: Fields {
        event_type: &["event"],
        occurred_at: &["data.date_modified"],
        document_id: &["data.id"],
        document_name: &["data.name"],
        document_status: &["data.status"],
        ..Fields::NONE
    },
    kinds: &[
        ("recipient_completed", DocumentSigned),
        ("document_completed_pdf_ready", DocumentFilesReady),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: true,
    event_id_header: Some("X-PandaDoc-Webhook-Event-Id"),
    // document_state_changed says where the document went: its kind is its new status's.
    // There is no expired status (an expired document is voided).
    form_field: None,
    client_id_header: None,
    reply: ReplySpec::NONE,
    status_kinds: Some(StatusKinds {
        event_type: "document_state_changed",
        path: "data.status",
        extra: 0,
        kinds: &[
            ("document.draft", DocumentCreated),
            ("document.sent", DocumentSent),
            ("document.viewed", DocumentViewed),
            ("document.completed", DocumentCompleted),
            ("document.declined", DocumentDeclined),
            ("document.rejected", DocumentDeclined),
            ("document.voided", DocumentCancelled),
        ],
    }),
};

const DROPBOXSIGN: Spec = Spec {
    id: "dropboxsign",
    // `event.event_hash`: the hex HMAC of `<event_time><event_type>` (no separator), keyed
    // with the account's API key. The body is read first (the signature is in it) and is not
    // itself covered.
    scheme: Scheme {
        location: Location::BodyField("event.event_hash"),
        signed: Signed::Fields {
            paths: &["event.event_time", "event.event_type"],
            separator: "",
        },
        ..Scheme::hex_body("", "")
    },
    headers: &["content-type"],
    // No event id: one is derived. The signer is the event's `related_signature_id`.
    fields: Fields {
        event_type: &["event.event_type"],
        occurred_at: &["event.event_time"],
        organization_id: &[
            "event.event_metadata.reported_for_account_id",
            "account_guid",
        ],
        document_id: &["signature_request.signature_request_id"],
        document_name: &["signature_request.title"],
        signer_id: &["event.event_metadata.related_signature_id"],
        download_url: &["signature_request.files_url"],
        ..Fields::NONE
    },
    kinds: &[
        ("signature_request_sent", DocumentSent),
        ("signature_request_viewed", DocumentViewed),
        ("signature_request_signed", DocumentSigned),
        ("signature_request_all_signed", DocumentCompleted),
        ("signature_request_declined", DocumentDeclined),
        ("signature_request_canceled", DocumentCancelled),
        ("signature_request_expired", DocumentExpired),
        ("signature_request_downloadable", DocumentFilesReady),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    // Sent as `multipart/form-data`, the JSON in field `json`; the answer must be exactly
    // `Hello API Event Received`, or the delivery counts as failed.
    form_field: Some("json"),
    client_id_header: None,
    reply: ReplySpec {
        body: Some("Hello API Event Received"),
        echo_client_id: false,
    },
    status_kinds: None,
};

const ADOBESIGN: Spec = Spec {
    id: "adobesign",
    // Nothing is signed: every request names the receiving API application in
    // `X-AdobeSign-ClientId`, which must be the configured client id and is echoed back.
    scheme: Scheme {
        location: Location::Header("X-AdobeSign-ClientId"),
        format: Format::ClientId,
        ..Scheme::hex_body("", "")
    },
    headers: &["x-adobesign-clientid"],
    fields: Fields {
        id: &["webhookNotificationId"],
        event_type: &["event"],
        occurred_at: &["eventDate"],
        document_id: &["agreement.id"],
        document_name: &["agreement.name"],
        document_status: &["agreement.status"],
        external_id: &["agreement.externalId.id"],
        signer_id: &["participantUserId"],
        signer_email: &["participantUserEmail"],
        ..Fields::NONE
    },
    kinds: &[
        ("AGREEMENT_CREATED", DocumentCreated),
        ("AGREEMENT_ACTION_REQUESTED", DocumentSent),
        ("AGREEMENT_EMAIL_VIEWED", DocumentViewed),
        ("AGREEMENT_DOCUMENTS_VIEWED", DocumentViewed),
        ("AGREEMENT_ACTION_COMPLETED", DocumentSigned),
        ("AGREEMENT_WORKFLOW_COMPLETED", DocumentCompleted),
        ("AGREEMENT_REJECTED", DocumentDeclined),
        ("AGREEMENT_RECALLED", DocumentCancelled),
        ("AGREEMENT_EXPIRED", DocumentExpired),
    ],
    // No retry schedule is read here: 72 hours.
    retention_hours: 72,
    array_body: false,
    event_id_header: None,
    form_field: None,
    client_id_header: Some("X-AdobeSign-ClientId"),
    reply: ReplySpec {
        body: None,
        echo_client_id: true,
    },
    status_kinds: None,
};

impl Provider {
    /// Every provider, in a stable order.
    pub const ALL: [Provider; 13] = [
        Provider::Krebit,
        Provider::Sajn,
        Provider::Propper,
        Provider::Docusign,
        Provider::Boldsign,
        Provider::Yousign,
        Provider::Docuseal,
        Provider::Signatureapi,
        Provider::Documenso,
        Provider::Signwell,
        Provider::Pandadoc,
        Provider::Dropboxsign,
        Provider::Adobesign,
    ];

    /// The provider's description.
    pub(crate) const fn spec(self) -> &'static Spec {
        match self {
            Provider::Krebit => &KREBIT,
            Provider::Sajn => &SAJN,
            Provider::Propper => &PROPPER,
            Provider::Docusign => &DOCUSIGN,
            Provider::Boldsign => &BOLDSIGN,
            Provider::Yousign => &YOUSIGN,
            Provider::Docuseal => &DOCUSEAL,
            Provider::Signatureapi => &SIGNATUREAPI,
            Provider::Documenso => &DOCUMENSO,
            Provider::Signwell => &SIGNWELL,
            Provider::Pandadoc => &PANDADOC,
            Provider::Dropboxsign => &DROPBOXSIGN,
            Provider::Adobesign => &ADOBESIGN,
        }
    }

    /// The provider id used in configuration and in events, e.g. `propper`.
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// The header that carries the signature, as the provider spells it (the first of a
    /// numbered set).
    pub fn signature_header(self) -> &'static str {
        self.spec().scheme.location.name()
    }

    /// The request headers this provider's verification reads, in lowercase. Bindings look
    /// up exactly these in their runtime's own header object and hand the core the pairs.
    pub fn header_names(self) -> &'static [&'static str] {
        self.spec().headers
    }

    /// How strongly this provider's scheme authenticates an event.
    pub fn authentication(self) -> crate::Authentication {
        self.spec().scheme.authentication()
    }
}

impl FromStr for Provider {
    type Err = Error;

    /// Parses a provider id; anything else is [`Error::InvalidConfig`].
    fn from_str(id: &str) -> Result<Self, Error> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == id)
            .ok_or_else(|| {
                // The given value is not echoed: a secret passed as the provider by mistake
                // must not end up in a log.
                let mut known = alloc::string::String::new();
                for (i, p) in Provider::ALL.iter().enumerate() {
                    let sep = match i {
                        0 => "",
                        _ if i + 1 == Provider::ALL.len() => " or ",
                        _ => ", ",
                    };
                    known.push_str(sep);
                    known.push('"');
                    known.push_str(p.as_str());
                    known.push('"');
                }
                Error::config(
                    ConfigReason::UnknownProvider,
                    alloc::format!("unknown provider: expected {known}"),
                )
            })
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn ids_round_trip() {
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse::<Provider>(), Ok(p));
        }
        assert_eq!(
            "nosuchsign".parse::<Provider>().unwrap_err().code(),
            "INVALID_CONFIG"
        );
        assert!("Propper".parse::<Provider>().is_err(), "ids are exact");
        let err = "whsec_oops".parse::<Provider>().unwrap_err().to_string();
        assert!(
            !err.contains("whsec_oops"),
            "the value is not echoed: {err}"
        );
    }

    #[test]
    fn header_names_are_lowercase_and_include_every_header_the_scheme_reads() {
        for p in Provider::ALL {
            let spec = p.spec();
            let names = spec.headers;
            let mut read = alloc::vec::Vec::new();
            match spec.scheme.location {
                Location::Header(h) => read.push(h),
                Location::Numbered(hs) => read.extend_from_slice(hs),
                Location::BodyField(_) | Location::Query(..) => {}
            }
            read.extend(spec.scheme.timestamp_header);
            read.extend(spec.scheme.id_header);
            for h in read {
                assert!(names.contains(&h.to_ascii_lowercase().as_str()), "{p}: {h}");
            }
            assert!(names
                .iter()
                .all(|n| n.bytes().all(|b| !b.is_ascii_uppercase())));
        }
    }

    #[test]
    fn every_event_type_is_listed_once() {
        for p in Provider::ALL {
            let kinds = p.spec().kinds;
            for (i, (name, _)) in kinds.iter().enumerate() {
                assert!(!kinds[..i].iter().any(|(n, _)| n == name), "{p}: {name}");
            }
        }
    }
}
