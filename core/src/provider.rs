//! The providers signhook knows and their signing rules.

use crate::Error;
use alloc::format;
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
                Error::config(format!(
                    "unknown provider {id:?}: expected \"krebit\", \"sajn\" or \"propper\""
                ))
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
    }
}
