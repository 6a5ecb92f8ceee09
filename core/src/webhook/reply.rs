//! What a provider requires of the answer to its requests, beyond a 2xx status: Dropbox
//! Sign's body text, Adobe Acrobat Sign's echoed client id (also on the `GET` with which it
//! checks a new URL). Framework helpers send it; a handler of your own sends
//! [`Webhook::reply`].

use super::Webhook;
use crate::{Error, Headers};
use alloc::{string::String, vec::Vec};

/// The answer a provider requires to a request it sent.
///
/// ```
/// use signhook::{Provider, Webhook};
/// let webhook = Webhook::builder(Provider::Dropboxsign).secret("api-key").build()?;
/// assert_eq!(webhook.reply().body, Some("Hello API Event Received"));
/// let webhook = Webhook::builder(Provider::Propper).secret("whsec_x").build()?;
/// assert!(webhook.reply().is_empty()); // any 2xx will do
/// # Ok::<(), signhook::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reply {
    /// The status to answer with: 200.
    pub status: u16,
    /// Headers the answer must carry (with `Content-Type` when there is a body).
    pub headers: Vec<(&'static str, String)>,
    /// The exact body the provider expects, when it expects one.
    pub body: Option<&'static str>,
}

impl Reply {
    /// Whether the provider requires nothing beyond a 2xx status.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.body.is_none()
    }

    /// The headers every answer to a verified delivery carries, whatever the handler answers
    /// (Adobe's echoed client id): all of [`headers`](Reply::headers) but the body's
    /// `Content-Type`, which goes only with the required body. A request that fails
    /// verification gets none of them.
    pub fn always_headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
            .map(|(name, value)| (*name, value.as_str()))
    }

    /// The reply as JSON, `{"status", "headers", "alwaysHeaders", "body"}` (headers as
    /// objects, `body` null when none is required): the shape the JavaScript engines hand
    /// to their runtime.
    #[cfg(feature = "serde")]
    pub fn to_value(&self) -> serde_json::Value {
        let object = |pairs: &mut dyn Iterator<Item = (&str, &str)>| {
            serde_json::Value::Object(
                pairs
                    .map(|(n, v)| (String::from(n), serde_json::Value::from(v)))
                    .collect(),
            )
        };
        let headers = object(&mut self.headers.iter().map(|(n, v)| (*n, v.as_str())));
        serde_json::json!({
            "status": self.status,
            "headers": headers,
            "alwaysHeaders": object(&mut self.always_headers()),
            "body": self.body,
        })
    }
}

impl Webhook {
    /// The answer the provider requires once a delivery is verified and handled: Dropbox
    /// Sign's `Hello API Event Received` (any other answer counts as a failed delivery),
    /// Adobe's `X-AdobeSign-ClientId` echoed. Empty for the providers that need only a 2xx.
    pub fn reply(&self) -> Reply {
        let spec = self.provider.spec();
        let mut headers = Vec::new();
        if let (true, Some(name), Some(id)) = (
            spec.reply.echo_client_id,
            spec.client_id_header,
            &self.client_id,
        ) {
            headers.push((name, id.clone()));
        }
        if spec.reply.body.is_some() {
            headers.push(("Content-Type", String::from("text/plain; charset=utf-8")));
        }
        Reply {
            status: 200,
            headers,
            body: spec.reply.body,
        }
    }

    /// Whether the provider checks a new URL with a `GET` before it delivers (Adobe's
    /// verification of intent): answer it with [`handshake`](Webhook::handshake).
    pub fn has_handshake(&self) -> bool {
        self.provider.spec().reply.echo_client_id
    }

    /// The answer to the provider's `GET` check of a new URL, once its client id header is
    /// the configured one ([`Error::ClientIdMismatch`] otherwise). `None` for a provider that
    /// sends no such check: the `GET` is not the provider's.
    pub fn handshake<H: Headers + ?Sized>(&self, headers: &H) -> Result<Option<Reply>, Error> {
        if !self.has_handshake() {
            return Ok(None);
        }
        self.check_client_id(headers)?;
        Ok(Some(self.reply()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Provider, Webhook};

    fn adobe() -> Webhook {
        Webhook::builder(Provider::Adobesign)
            .client_id("CBJCHBCAABAA")
            .build()
            .unwrap()
    }

    #[test]
    fn adobe_echoes_its_client_id_on_deliveries_and_on_the_handshake() {
        let webhook = adobe();
        let expected = [("X-AdobeSign-ClientId", "CBJCHBCAABAA".into())];
        assert_eq!(webhook.reply().headers, expected);
        let ok = [("x-adobesign-clientid", "CBJCHBCAABAA")];
        assert_eq!(
            webhook.handshake(&ok[..]).unwrap().unwrap().headers,
            expected
        );
        let other = [("x-adobesign-clientid", "someone-else")];
        let err = webhook.handshake(&other[..]).unwrap_err();
        assert_eq!(err.code(), "CLIENT_ID_MISMATCH");
        assert!(err.to_string().contains("X-AdobeSign-ClientId"));
        let none: [(&str, &str); 0] = [];
        assert_eq!(
            webhook.handshake(&none[..]).unwrap_err().code(),
            "CLIENT_ID_MISMATCH"
        );
    }

    #[test]
    fn providers_without_a_handshake_leave_the_get_alone() {
        let webhook = Webhook::builder(Provider::Docusign)
            .secret("k")
            .build()
            .unwrap();
        let none: [(&str, &str); 0] = [];
        assert_eq!(webhook.handshake(&none[..]), Ok(None));
        assert!(!webhook.has_handshake());
    }

    use alloc::string::ToString;
}
