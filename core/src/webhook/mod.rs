//! The verifier, in three parts: the secret (`secret`), the configuration checked by the
//! builder (`config`), and the `Webhook` with its verify path (`verify`).

mod config;
mod secret;
mod verify;

pub use config::{
    unix_seconds, unix_seconds_int, whole_int, whole_number, Spelling, WebhookBuilder,
    DEFAULT_MAX_BODY_BYTES,
};
pub use secret::Secret;
pub use verify::Webhook;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;
