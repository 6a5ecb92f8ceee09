//! The verifier, in four parts: the secret (`secret`), the configuration checked by the
//! builder (`config`), the options as bindings hand them over (`options`), and the `Webhook`
//! with its verify path (`verify`).

mod config;
mod options;
mod secret;
mod verify;

pub use config::{
    unix_seconds, unix_seconds_int, whole_int, whole_number, Spelling, WebhookBuilder,
    DEFAULT_MAX_BODY_BYTES,
};
pub use options::{Number, Options};
pub use secret::Secret;
pub use verify::Webhook;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;
