//! Configuration: the builder that checks every option, and the conversion of option values
//! and clocks that bindings receive as their language's numbers.

use super::{verify::KeyState, HmacSha256, Secret, Webhook};
use crate::parse::Matcher;
use crate::scheme::{Format, Key};
use crate::{Authentication, ConfigReason, Error, Provider};
use alloc::{format, string::String, vec::Vec};
use hmac::Mac;
use sha2::{Digest as _, Sha256};

/// The body limit when none is configured: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// How configuration messages spell option names: each binding picks its language's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Spelling {
    /// `clientId`, `maxBodyBytes` (JavaScript).
    CamelCase,
    /// `client_id`, `max_body_bytes` (Rust, Python). The default: the builder's own methods
    /// are spelled this way.
    #[default]
    SnakeCase,
}

impl Spelling {
    fn pick(self, camel: &'static str, snake: &'static str) -> &'static str {
        match self {
            Spelling::CamelCase => camel,
            Spelling::SnakeCase => snake,
        }
    }
}

/// Builds a [`Webhook`]; nothing is checked until [`build`](WebhookBuilder::build).
#[derive(Debug, Clone)]
pub struct WebhookBuilder {
    provider: Provider,
    secrets: Vec<Secret>,
    client_id: Option<String>,
    tolerance: Option<i64>,
    max_body_bytes: Option<usize>,
    spelling: Spelling,
    require: Option<Authentication>,
}

impl WebhookBuilder {
    /// Adds a secret. Add several while rotating: a request passes if any of them signed it.
    /// The first one is used by [`Webhook::sign`].
    pub fn secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// Krebit only: require this `X-Client-Id`.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Opt-in replay window: reject events whose signed time is more than `seconds` away from
    /// `now`, in either direction. Off by default, because providers retry for hours.
    pub fn tolerance(mut self, seconds: i64) -> Self {
        self.tolerance = Some(seconds);
        self
    }

    /// Reject bodies longer than this (default [`DEFAULT_MAX_BODY_BYTES`]).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// Spell option names in [`build`](WebhookBuilder::build)'s messages this way
    /// (default [`Spelling::SnakeCase`], as the builder's methods are named).
    ///
    /// ```
    /// use signhook::{Provider, Spelling, Webhook};
    /// let builder = || Webhook::builder(Provider::Sajn).secret("s").max_body_bytes(0);
    /// let err = builder().build().unwrap_err();
    /// assert!(err.to_string().ends_with("max_body_bytes must be at least 1"));
    /// let err = builder().spelling(Spelling::CamelCase).build().unwrap_err();
    /// assert!(err.to_string().ends_with("maxBodyBytes must be at least 1"));
    /// ```
    pub fn spelling(mut self, spelling: Spelling) -> Self {
        self.spelling = spelling;
        self
    }

    /// Refuses to build for a provider whose scheme authenticates less than `minimum`: with
    /// [`Authentication::HmacBody`], a provider that sends its secret as it is (and so does
    /// not cover the body) is a configuration error, not a weaker check at run time.
    pub fn require_authentication(mut self, minimum: Authentication) -> Self {
        self.require = Some(minimum);
        self
    }

    /// A builder with nothing configured; see [`Webhook::builder`].
    pub(super) fn new(provider: Provider) -> Self {
        WebhookBuilder {
            provider,
            secrets: Vec::new(),
            client_id: None,
            tolerance: None,
            max_body_bytes: None,
            spelling: Spelling::default(),
            require: None,
        }
    }

    /// Checks the configuration and prepares one HMAC key state per secret.
    pub fn build(self) -> Result<Webhook, Error> {
        let client_id_option = self.spelling.pick("clientId", "client_id");
        let spec = self.provider.spec();
        let names_client = spec.scheme.format == Format::ClientId;
        if names_client && !self.secrets.is_empty() {
            return Err(Error::config(
                ConfigReason::Secrets,
                format!(
                    "{} sends no signature and no secret: configure {client_id_option}, the \
                     client id of your API application, instead",
                    self.provider
                ),
            ));
        }
        if !names_client && self.secrets.is_empty() {
            return Err(Error::config(
                ConfigReason::Secrets,
                "no secret: pass the webhook secret from the provider's dashboard",
            ));
        }
        for (i, s) in self.secrets.iter().enumerate() {
            s.check(i)?;
        }
        let tolerance = self
            .tolerance
            .map(|t| {
                u64::try_from(t).map_err(|_| {
                    Error::config(
                        ConfigReason::Number,
                        "tolerance must be zero or more seconds",
                    )
                })
            })
            .transpose()?;
        let max_body_bytes = self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
        if max_body_bytes == 0 {
            return Err(Error::config(
                ConfigReason::Number,
                format!(
                    "{} must be at least 1",
                    self.spelling.pick("maxBodyBytes", "max_body_bytes")
                ),
            ));
        }
        match (&self.client_id, spec.client_id_header) {
            (Some(id), Some(_)) if id.is_empty() => {
                return Err(Error::config(
                    ConfigReason::ClientId,
                    format!("{client_id_option} is empty"),
                ));
            }
            (Some(id), Some(_)) if id.trim() != id => {
                return Err(Error::config(
                    ConfigReason::ClientId,
                    format!("{client_id_option} has leading or trailing whitespace; trim it"),
                ));
            }
            (Some(id), Some(header)) if id.contains(',') => {
                // A comma separates repeated header values joined by a proxy.
                return Err(Error::config(
                    ConfigReason::ClientId,
                    format!(
                        "{client_id_option} contains a comma, which separates repeated \
                         {header} values"
                    ),
                ));
            }
            (Some(_), None) => {
                return Err(Error::config(
                    ConfigReason::ClientId,
                    format!(
                        "{client_id_option} applies to krebit and adobesign only, not {}",
                        self.provider
                    ),
                ));
            }
            (None, Some(header)) if names_client => {
                return Err(Error::config(
                    ConfigReason::ClientId,
                    format!(
                        "{} needs {client_id_option}: the client id of your API application, \
                         which every request names in {header}",
                        self.provider
                    ),
                ));
            }
            _ => {}
        }
        let scheme = &self.provider.spec().scheme;
        if let Some(minimum) = self.require {
            if scheme.authentication() < minimum {
                return Err(Error::config(
                    ConfigReason::Authentication,
                    format!(
                        "{} authenticates with {}, weaker than the required {}: its webhooks \
                         do not cover the body",
                        self.provider,
                        scheme.authentication().as_str(),
                        minimum.as_str()
                    ),
                ));
            }
        }
        let mut keys = Vec::with_capacity(self.secrets.len());
        for (i, s) in self.secrets.iter().enumerate() {
            keys.push(match (scheme.format, scheme.key) {
                (Format::Secret, _) => KeyState::Digest(Sha256::digest(s.as_bytes()).into()),
                (_, Key::WhsecBase64) => {
                    let key = s.whsec_key(i)?;
                    KeyState::Hmac(
                        HmacSha256::new_from_slice(&key).expect("HMAC accepts keys of any length"),
                    )
                }
                (_, Key::Bytes) => KeyState::Hmac(
                    HmacSha256::new_from_slice(s.as_bytes())
                        .expect("HMAC accepts keys of any length"),
                ),
            });
        }
        let shared_secret = (scheme.format == Format::Secret)
            .then(|| zeroize::Zeroizing::new(self.secrets[0].as_bytes().to_vec()));
        Ok(Webhook {
            provider: self.provider,
            keys,
            matcher: Matcher::new(
                &self.provider.spec().fields,
                self.provider.spec().extra_paths(),
            ),
            shared_secret,
            client_id: self.client_id,
            tolerance,
            max_body_bytes,
            limit_option: self.spelling.pick("maxBodyBytes", "max_body_bytes"),
        })
    }
}

/// The largest magnitude a float carries exactly as a whole number (2^53).
const MAX_EXACT_F64: f64 = 9_007_199_254_740_992.0;
const MAX_EXACT_INT: u64 = 1 << 53;

/// Seconds since the Unix epoch from a floating-point clock (a JavaScript number, Python's
/// `time.time()`): the fraction is dropped. NaN, infinities and values beyond ±2^53 are
/// [`Error::InvalidConfig`].
///
/// ```
/// assert_eq!(signhook::unix_seconds(1_767_225_600.9), Ok(1_767_225_600));
/// assert_eq!(signhook::unix_seconds(f64::NAN).unwrap_err().code(), "INVALID_CONFIG");
/// ```
pub fn unix_seconds(now: f64) -> Result<i64, Error> {
    if now.is_finite() && now.abs() <= MAX_EXACT_F64 {
        // In range, the cast (which truncates toward zero) is exact; then round down.
        let whole = now as i64;
        Ok(if (whole as f64) > now {
            whole - 1
        } else {
            whole
        })
    } else {
        Err(now_out_of_range())
    }
}

fn now_out_of_range() -> Error {
    Error::config(
        ConfigReason::Now,
        "now must be a finite number of seconds since the Unix epoch",
    )
}

/// [`unix_seconds`] for a clock given as an integer (Python's `int`): the same range,
/// ±2^53, so that a value is accepted or refused alike whichever type carries it.
///
/// ```
/// assert_eq!(signhook::unix_seconds_int(1_767_225_600), Ok(1_767_225_600));
/// assert!(signhook::unix_seconds_int((1 << 53) + 1).is_err());
/// ```
pub fn unix_seconds_int(now: i64) -> Result<i64, Error> {
    if now.unsigned_abs() <= MAX_EXACT_INT {
        Ok(now)
    } else {
        Err(now_out_of_range())
    }
}

/// A whole-number option given as a float (JavaScript numbers): `option` names it in the
/// caller's spelling for the message. Fractions, NaN, infinities and values beyond ±2^53
/// are [`Error::InvalidConfig`].
pub fn whole_number(option: &str, value: f64) -> Result<i64, Error> {
    if value.is_finite() && value.abs() <= MAX_EXACT_F64 && (value as i64) as f64 == value {
        Ok(value as i64)
    } else {
        Err(not_whole(option))
    }
}

fn not_whole(option: &str) -> Error {
    Error::config(
        ConfigReason::Number,
        format!("{option} must be a whole number"),
    )
}

/// [`whole_number`] for an option given as an integer (Python's `int`): values beyond
/// ±2^53 are [`Error::InvalidConfig`] too, so that the limits do not depend on the type.
///
/// ```
/// assert_eq!(signhook::whole_int("tolerance", 300), Ok(300));
/// assert!(signhook::whole_int("tolerance", 1 << 60).is_err());
/// ```
pub fn whole_int(option: &str, value: i64) -> Result<i64, Error> {
    if value.unsigned_abs() <= MAX_EXACT_INT {
        Ok(value)
    } else {
        Err(not_whole(option))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn bad_configuration_is_rejected_up_front() {
        let b = || Webhook::builder(Provider::Sajn);
        for builder in [
            b(),
            b().secret(""),
            b().secret("padded\n"),
            b().secret("s").tolerance(-1),
            b().secret("s").max_body_bytes(0),
            b().secret("s").client_id("c"),
            Webhook::builder(Provider::Krebit).secret("s").client_id(""),
            Webhook::builder(Provider::Krebit)
                .secret("s")
                .client_id(" c1 "),
        ] {
            assert_eq!(builder.build().unwrap_err().code(), "INVALID_CONFIG");
        }
        assert!(b()
            .secret(&b" padded bytes are verbatim "[..])
            .build()
            .is_ok());
    }

    #[test]
    fn float_clocks_and_options_convert_or_fail_the_same_way() {
        assert_eq!(unix_seconds(-0.5), Ok(-1));
        assert_eq!(unix_seconds(MAX_EXACT_F64), Ok(1 << 53));
        for bad in [f64::INFINITY, -f64::INFINITY, f64::NAN, MAX_EXACT_F64 * 2.0] {
            assert_eq!(unix_seconds(bad).unwrap_err().code(), "INVALID_CONFIG");
        }
        assert_eq!(whole_number("tolerance", 300.0), Ok(300));
        let err = whole_number("maxBodyBytes", 1.5).unwrap_err();
        assert!(err.to_string().contains("maxBodyBytes"));
    }

    #[test]
    fn integers_have_the_same_range_as_floats() {
        let edge = 1_i64 << 53;
        for value in [0, 1, -1, edge, -edge] {
            assert_eq!(whole_int("tolerance", value), Ok(value));
            assert_eq!(unix_seconds_int(value), Ok(value));
        }
        for value in [edge + 1, -edge - 1, i64::MAX, i64::MIN] {
            let err = whole_int("max_body_bytes", value).unwrap_err();
            assert_eq!(err.code(), "INVALID_CONFIG");
            assert!(err.to_string().contains("max_body_bytes"));
            assert_eq!(
                unix_seconds_int(value).unwrap_err().code(),
                "INVALID_CONFIG"
            );
        }
    }

    #[test]
    fn messages_name_options_in_the_chosen_spelling() {
        let message = |b: WebhookBuilder| b.build().unwrap_err().to_string();
        let sajn = || Webhook::builder(Provider::Sajn).secret("s");
        let krebit = || Webhook::builder(Provider::Krebit).secret("s");
        let camel = Spelling::CamelCase;
        assert!(message(sajn().max_body_bytes(0).spelling(camel)).contains("maxBodyBytes"));
        assert!(message(sajn().client_id("c").spelling(camel)).contains("clientId"));
        assert!(message(krebit().client_id(",").spelling(camel)).contains("clientId"));
        // Snake case by default, as the builder's methods are named.
        for (builder, option) in [
            (sajn().max_body_bytes(0), "max_body_bytes"),
            (sajn().client_id("c"), "client_id"),
            (krebit().client_id(""), "client_id"),
            (krebit().client_id(" c "), "client_id"),
            (krebit().client_id("a,b"), "client_id"),
            (
                sajn().max_body_bytes(0).spelling(Spelling::SnakeCase),
                "max_body_bytes",
            ),
        ] {
            let text = message(builder);
            assert!(text.contains(option), "{text}");
            assert!(
                !text.contains("clientId") && !text.contains("maxBodyBytes"),
                "{text}"
            );
        }
    }
}
