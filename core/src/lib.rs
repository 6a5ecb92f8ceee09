//! Verify and parse the webhooks of e-signature platforms — DocuSign, PandaDoc, Dropbox Sign,
//! Adobe Acrobat Sign, BoldSign, Yousign, DocuSeal, SignatureAPI, SignWell, Documenso, Krebit
//! Sign, sajn and Propper —
//! into one normalized [`Event`].
//!
//! signhook checks the HMAC-SHA256 signature over the raw body (several candidates per
//! header, several secrets for rotation, constant-time comparison), then parses the body once
//! into an event with a normalized [`Kind`] and an idempotency [`id`](Event::id). It does no
//! I/O and reads no clock: the caller hands in the body, the headers and the time.
//!
//! ```
//! use signhook::{Kind, Provider, Webhook};
//!
//! let webhook = Webhook::builder(Provider::Propper)
//!     .secret("whsec_current")
//!     .secret("whsec_previous") // rotation: both are accepted
//!     .build()?;
//!
//! let body = br#"{"id":"evt_1","type":"document.completed","created":"2026-01-01T00:00:00Z",
//!   "data":{"document":{"id":"doc_9","name":"NDA","status":"completed"}}}"#;
//! let headers = [("x-propper-signature", webhook.sign(body)[0].1.clone())];
//!
//! let event = webhook.verify(body, &headers, 1_767_225_600)?;
//! assert_eq!(event.kind, Kind::DocumentCompleted);
//! assert_eq!(event.id, "evt_1");
//! assert_eq!(event.document.unwrap().name.as_deref(), Some("NDA"));
//!
//! let tampered = br#"{"id":"evt_1","type":"document.completed"}"#;
//! let err = webhook.verify(tampered, &headers, 1_767_225_600).unwrap_err();
//! assert_eq!(err.code(), "SIGNATURE_MISMATCH");
//! assert_eq!(err.status(), 401);
//! # Ok::<(), signhook::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

mod dedupe;
mod error;
mod event;
mod form;
mod headers;
#[cfg(feature = "js")]
pub mod js;
mod json;
mod parse;
mod provider;
mod scheme;
mod signature;
mod time;
mod webhook;

pub use dedupe::{Claim, Dedupe, CLAIM_PREFIX, DEFAULT_LEASE_MS, DEFAULT_PREFIX, DONE};
pub use error::{ConfigReason, Error, ErrorContext, ErrorFamily};
pub use event::{Document, Event, IdSource, Kind, Payload, Signer};
pub use headers::{HeaderList, Headers};
pub use provider::Provider;
pub use scheme::Authentication;
pub use signature::MAX_CANDIDATES;
pub use webhook::{
    unix_seconds, unix_seconds_int, whole_int, whole_number, Number, Options, Reply, Secret,
    Spelling, Webhook, WebhookBuilder, DEFAULT_MAX_BODY_BYTES,
};
