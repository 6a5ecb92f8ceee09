//! The providers signhook knows and their signing rules.

use crate::{ConfigReason, Error};
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
}

impl Provider {
    /// Every provider, in a stable order.
    pub const ALL: [Provider; 3] = [Provider::Krebit, Provider::Sajn, Provider::Propper];

    /// The provider id used in configuration and in events: `krebit`, `sajn` or `propper`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Krebit => "krebit",
            Provider::Sajn => "sajn",
            Provider::Propper => "propper",
        }
    }

    /// The header that carries the signature, as the provider spells it.
    pub fn signature_header(self) -> &'static str {
        match self {
            Provider::Krebit => "X-Signature",
            Provider::Sajn => "X-Sajn-Signature",
            Provider::Propper => "X-Propper-Signature",
        }
    }

    /// The request headers this provider's verification reads, in lowercase. Bindings look
    /// up exactly these in their runtime's own header object and hand the core the pairs.
    pub fn header_names(self) -> &'static [&'static str] {
        match self {
            Provider::Krebit => &["x-signature", "x-client-id"],
            Provider::Sajn => &["x-sajn-signature"],
            Provider::Propper => &["x-propper-signature"],
        }
    }

    /// The prefix in front of the hex digest (`sha256=` for Propper, none otherwise).
    pub(crate) fn signature_prefix(self) -> &'static str {
        match self {
            Provider::Propper => "sha256=",
            Provider::Krebit | Provider::Sajn => "",
        }
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
                Error::config(
                    ConfigReason::UnknownProvider,
                    "unknown provider: expected \"krebit\", \"sajn\" or \"propper\"",
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
            "docusign".parse::<Provider>().unwrap_err().code(),
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
    fn header_names_are_lowercase_and_include_the_signature_header() {
        for p in Provider::ALL {
            let names = p.header_names();
            assert!(names.contains(&p.signature_header().to_ascii_lowercase().as_str()));
            assert!(names
                .iter()
                .all(|n| n.bytes().all(|b| !b.is_ascii_uppercase())));
        }
    }
}
