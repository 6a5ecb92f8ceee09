//! The options of a [`Webhook`] as a binding hands them over, with every rule in
//! [`Options::build`]: the bindings convert their language's values into this and decide
//! nothing else.

use alloc::string::String;
use alloc::vec::Vec;

use super::config::{whole_int, whole_number, Spelling};
use super::{Secret, Webhook};
use crate::{ConfigReason, Error, Provider};

/// A number option as a language has it: JavaScript's numbers are floats, Python's `int` an
/// integer (its `float` a float). Either must be whole; the limits do not depend on the type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A float (JavaScript numbers, Python's `float`).
    Float(f64),
    /// An integer (Python's `int`).
    Int(i64),
}

impl Number {
    /// The whole number, or `INVALID_CONFIG` naming `option`.
    pub fn whole(self, option: &str) -> Result<i64, Error> {
        match self {
            Number::Float(v) => whole_number(option, v),
            Number::Int(v) => whole_int(option, v),
        }
    }
}

/// Every option of a [`Webhook`], as a binding fills it from its language's values.
///
/// ```
/// use signhook::{Number, Options, Secret, Spelling};
/// let options = Options {
///     provider: "propper".into(),
///     secret: Some(Secret::text("whsec_x")),
///     max_body_bytes: Some(Number::Float(0.5)),
///     spelling: Spelling::CamelCase,
///     ..Options::default()
/// };
/// let err = options.build().unwrap_err();
/// assert_eq!(err.to_string(), "invalid signhook configuration: maxBodyBytes must be a whole number");
/// ```
#[derive(Debug, Default)]
pub struct Options {
    /// The provider id, e.g. `propper` or `docusign`.
    pub provider: String,
    /// One secret (exactly one of `secret` and `secrets` must be given).
    pub secret: Option<Secret>,
    /// Several secrets while rotating, the one that signs first.
    pub secrets: Option<Vec<Secret>>,
    /// Krebit: the client id `X-Client-Id` must carry.
    pub client_id: Option<String>,
    /// The opt-in replay window, in seconds.
    pub tolerance: Option<Number>,
    /// The body limit in bytes.
    pub max_body_bytes: Option<Number>,
    /// The weakest authentication accepted (`hmac-body` or `shared-secret`): a provider
    /// whose scheme is weaker fails to build.
    pub require_authentication: Option<String>,
    /// How messages spell the options (`maxBodyBytes` or `max_body_bytes`).
    pub spelling: Spelling,
}

impl Options {
    /// The verifier, or `INVALID_CONFIG` saying which option is wrong and how.
    pub fn build(self) -> Result<Webhook, Error> {
        let name = |camel, snake| match self.spelling {
            Spelling::CamelCase => camel,
            Spelling::SnakeCase => snake,
        };
        let provider = self.provider.parse::<Provider>()?;
        let secrets = match (self.secret, self.secrets) {
            (Some(_), Some(_)) => {
                return Err(Error::config(
                    ConfigReason::Secrets,
                    name(
                        "pass either secret or secrets, not both",
                        "pass secret= or secrets=[...], not both",
                    ),
                ))
            }
            (Some(one), None) => alloc::vec![one],
            (None, Some(list)) => list,
            (None, None) => Vec::new(),
        };
        let mut builder = Webhook::builder(provider).spelling(self.spelling);
        for secret in secrets {
            builder = builder.secret(secret);
        }
        if let Some(id) = self.client_id {
            builder = builder.client_id(id);
        }
        if let Some(seconds) = self.tolerance {
            builder = builder.tolerance(seconds.whole("tolerance")?);
        }
        if let Some(minimum) = self.require_authentication {
            builder = builder.require_authentication(minimum.parse()?);
        }
        if let Some(limit) = self.max_body_bytes {
            // Negative: 0, which the builder refuses as "at least 1"; past usize: saturated.
            let limit = limit.whole(name("maxBodyBytes", "max_body_bytes"))?.max(0);
            builder = builder.max_body_bytes(usize::try_from(limit).unwrap_or(usize::MAX));
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn propper() -> Options {
        Options {
            provider: "propper".into(),
            secret: Some(Secret::text("whsec_x")),
            ..Options::default()
        }
    }

    fn message(options: Options) -> String {
        options.build().unwrap_err().to_string()
    }

    #[test]
    fn builds_with_either_kind_of_number() {
        for limit in [Number::Int(10), Number::Float(10.0)] {
            let webhook = Options {
                max_body_bytes: Some(limit),
                ..propper()
            }
            .build()
            .unwrap();
            assert_eq!(webhook.max_body_bytes(), 10);
        }
    }

    #[test]
    fn secret_and_secrets_exclude_each_other_in_the_callers_spelling() {
        let both = |spelling| Options {
            secrets: Some(alloc::vec![Secret::text("whsec_y")]),
            spelling,
            ..propper()
        };
        assert!(message(both(Spelling::CamelCase)).contains("either secret or secrets"));
        assert!(message(both(Spelling::SnakeCase)).contains("secret= or secrets=[...]"));
        let neither = Options {
            secret: None,
            ..propper()
        };
        assert!(message(neither).contains("secret"));
    }

    #[test]
    fn numbers_are_whole_and_in_range() {
        let limit = |n| Options {
            max_body_bytes: Some(n),
            ..propper()
        };
        assert!(
            message(limit(Number::Float(1.5))).contains("max_body_bytes must be a whole number")
        );
        assert!(message(limit(Number::Int(-1))).contains("at least 1"));
        assert!(message(limit(Number::Int(1 << 60))).contains("max_body_bytes"));
        let tolerance = Options {
            tolerance: Some(Number::Float(f64::NAN)),
            ..propper()
        };
        assert!(message(tolerance).contains("tolerance must be a whole number"));
    }
}
