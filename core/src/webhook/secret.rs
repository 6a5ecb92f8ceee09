//! The webhook secret.

use crate::{ConfigReason, Error};
use alloc::{format, string::String, vec::Vec};
use core::fmt;
use zeroize::Zeroizing;

/// A webhook secret: text (used as its UTF-8 bytes) or raw bytes. Its bytes are wiped from
/// memory when it is dropped, which [`build`](crate::WebhookBuilder::build) does once it has
/// derived the HMAC key states. Those states live as long as the [`Webhook`](crate::Webhook)
/// and are not wiped: the hash crates offer no way to.
#[derive(Clone)]
pub struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    is_text: bool,
}

impl Secret {
    /// A text secret, used as its UTF-8 bytes.
    pub fn text(s: &str) -> Self {
        Secret {
            bytes: Zeroizing::new(s.as_bytes().to_vec()),
            is_text: true,
        }
    }

    /// A raw bytes secret, used verbatim.
    pub fn bytes(b: &[u8]) -> Self {
        Secret {
            bytes: Zeroizing::new(b.to_vec()),
            is_text: false,
        }
    }

    /// The secret's bytes, for deriving the HMAC key.
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The HMAC key of a Standard Webhooks secret: a text secret is `whsec_` + base64 and the
    /// key is the decoded bytes; a bytes secret is the key itself.
    pub(super) fn whsec_key(&self, index: usize) -> Result<Zeroizing<Vec<u8>>, Error> {
        use base64::Engine as _;
        if !self.is_text {
            return Ok(self.bytes.clone());
        }
        let text = self.bytes.strip_prefix(b"whsec_").unwrap_or(&self.bytes);
        match base64::engine::general_purpose::STANDARD.decode(text) {
            Ok(key) if !key.is_empty() => Ok(Zeroizing::new(key)),
            _ => Err(Error::config(
                ConfigReason::Secret,
                format!(
                    "secret #{index} is not `whsec_` followed by base64: copy the whole signing \
                     secret from the provider's dashboard"
                ),
            )),
        }
    }

    /// [`Error::InvalidConfig`] for a secret no provider issues: empty, or text padded with
    /// whitespace. `index` is its position in the configuration, for the message.
    pub(super) fn check(&self, index: usize) -> Result<(), Error> {
        if self.bytes.is_empty() {
            return Err(Error::config(
                ConfigReason::Secret,
                format!("secret #{index} is empty"),
            ));
        }
        let padded = |b: Option<&u8>| b.is_some_and(u8::is_ascii_whitespace);
        if self.is_text && (padded(self.bytes.first()) || padded(self.bytes.last())) {
            return Err(Error::config(
                ConfigReason::Secret,
                format!(
                    "secret #{index} has leading or trailing whitespace; trim it (a copied secret \
                 often ends in a newline)"
                ),
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::text(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::text(&s)
    }
}

impl From<&[u8]> for Secret {
    fn from(b: &[u8]) -> Self {
        Secret::bytes(b)
    }
}

impl<const N: usize> From<&[u8; N]> for Secret {
    fn from(b: &[u8; N]) -> Self {
        Secret::bytes(b)
    }
}

impl From<Vec<u8>> for Secret {
    fn from(b: Vec<u8>) -> Self {
        Secret::bytes(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug() {
        assert!(!format!("{:?}", Secret::text("hunter2")).contains("hunter2"));
        assert!(!format!("{:?}", Secret::bytes(b"hunter2")).contains("hunter2"));
    }

    #[test]
    fn text_secrets_must_be_trimmed_and_bytes_are_verbatim() {
        assert!(Secret::text("").check(0).is_err());
        assert!(Secret::bytes(b"").check(0).is_err());
        assert!(Secret::text("s\n").check(0).is_err());
        assert!(Secret::text(" s").check(0).is_err());
        assert_eq!(Secret::bytes(b" s\n").check(0), Ok(()));
        assert_eq!(Secret::text("s").as_bytes(), b"s");
    }
}
