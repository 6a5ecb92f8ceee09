//! The verifier, in five parts: the secret (`secret`), the configuration checked by the
//! builder (`config`), the options as bindings hand them over (`options`), the `Webhook`
//! with its verify path (`verify`), and the answers providers require (`reply`).

mod config;
mod options;
mod reply;
mod secret;
mod verify;

pub use config::{
    unix_seconds, unix_seconds_int, whole_int, whole_number, Spelling, WebhookBuilder,
    DEFAULT_MAX_BODY_BYTES,
};
pub use options::{Number, Options};
pub use reply::Reply;
pub use secret::Secret;
pub use verify::Webhook;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;
