//! Exactly-once processing: the rules of the deduplication guard, decided here once. The
//! bindings only perform the store calls these rules name.
//!
//! A guard keeps one record per event in a store that every instance of the app shares, under
//! [`Dedupe::key`] (the provider and the event id, namespaced):
//!
//! 1. **claim** — before the handler runs, the record is created only if it is absent
//!    (Redis: `SET key value NX PX lease`), holding [`Dedupe::claim_value`] (a token of the
//!    caller's) for [`Dedupe::lease_ms`];
//! 2. **complete** — when the handler succeeded, the record becomes [`DONE`], kept for
//!    [`Dedupe::retention_ms`], longer than the provider retries;
//! 3. **release** — when the handler failed, the record is deleted if it still holds the
//!    caller's token, so the provider's retry runs the handler again.
//!
//! When the claim finds a record, [`Dedupe::on_existing`] says what to answer: a completed
//! event is a [`Claim::Duplicate`] (2xx, the handler not run); one still being processed is
//! [`Error::EventInProgress`] (503, so the provider retries: a 2xx would lose the event if the
//! first attempt then fails). A store that cannot be reached is
//! [`Error::DedupeUnavailable`] (503): the guard fails closed.

use alloc::format;
use alloc::string::String;

use crate::{ConfigReason, Error, Number, Provider, Spelling};

/// The value of a completed event's record.
pub const DONE: &str = "done";

/// What the value of a claimed (in-progress) record starts with; the caller's token follows.
pub const CLAIM_PREFIX: &str = "processing:";

/// The default namespace of the keys.
pub const DEFAULT_PREFIX: &str = "signhook:dedupe:";

/// How long a claim holds by default: longer than a handler should take (the providers want an
/// answer within 5 to 30 seconds). A claim whose process died frees itself after this.
pub const DEFAULT_LEASE_MS: u64 = 60_000;

/// The longest lease or retention accepted: 30 days.
const MAX_MS: u64 = 30 * 24 * 3_600_000;

/// What the claim found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The record was created: run the handler, then complete or release.
    Run,
    /// The event was processed before: answer 2xx without running the handler.
    Duplicate,
}

/// The deduplication rules for one provider: key, lease and retention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dedupe {
    provider: Provider,
    prefix: String,
    lease_ms: u64,
    retention_ms: u64,
}

impl Dedupe {
    /// The defaults for `provider`: a 60 s lease and [`Dedupe::default_retention_ms`].
    pub fn new(provider: Provider) -> Self {
        Dedupe {
            provider,
            prefix: DEFAULT_PREFIX.into(),
            lease_ms: DEFAULT_LEASE_MS,
            retention_ms: Self::default_retention_ms(provider),
        }
    }

    /// How long a completed event is remembered, by default: well past the provider's last
    /// retry, as each provider's description gives it (for example sajn retries after 1, 5
    /// and 15 minutes: 1 hour; Propper's last retry comes about 10.5 hours after the first
    /// delivery: 24 hours; a provider that publishes no schedule: 72 hours).
    pub fn default_retention_ms(provider: Provider) -> u64 {
        provider.spec().retention_hours * 3_600_000
    }

    /// The rules for the provider id `provider`, with the options a binding was given (each
    /// `None` keeps its default; numbers in milliseconds as the language has them, named in
    /// the caller's `spelling` when they are not whole).
    pub fn configure(
        provider: &str,
        lease_ms: Option<Number>,
        retention_ms: Option<Number>,
        prefix: Option<&str>,
        spelling: Spelling,
    ) -> Result<Self, Error> {
        let name = |camel, snake| match spelling {
            Spelling::CamelCase => camel,
            Spelling::SnakeCase => snake,
        };
        let ms = |v: i64| u64::try_from(v).unwrap_or(0);
        let mut rules = Dedupe::new(provider.parse::<Provider>()?);
        if let Some(v) = lease_ms {
            rules = rules.lease_ms(ms(v.whole(name("leaseMs", "lease_ms"))?))?;
        }
        if let Some(v) = retention_ms {
            rules = rules.retention_ms(ms(v.whole(name("retentionMs", "retention_ms"))?))?;
        }
        if let Some(p) = prefix {
            rules = rules.prefix(p)?;
        }
        Ok(rules)
    }

    /// Sets the lease, in milliseconds: 1 ms to 30 days.
    pub fn lease_ms(mut self, ms: u64) -> Result<Self, Error> {
        self.lease_ms = Self::duration("lease", ms)?;
        Ok(self)
    }

    /// Sets the retention, in milliseconds: 1 ms to 30 days, and at least the lease.
    pub fn retention_ms(mut self, ms: u64) -> Result<Self, Error> {
        self.retention_ms = Self::duration("retention", ms)?;
        Ok(self)
    }

    /// Sets the namespace the keys start with (default `signhook:dedupe:`); not empty.
    pub fn prefix(mut self, prefix: &str) -> Result<Self, Error> {
        if prefix.is_empty() {
            return Err(Error::config(
                ConfigReason::Dedupe,
                "the dedupe key prefix is empty",
            ));
        }
        self.prefix = prefix.into();
        Ok(self)
    }

    fn duration(name: &str, ms: u64) -> Result<u64, Error> {
        if ms == 0 || ms > MAX_MS {
            return Err(Error::config(
                ConfigReason::Number,
                format!("the dedupe {name} must be 1 ms to 30 days ({MAX_MS} ms), in milliseconds"),
            ));
        }
        Ok(ms)
    }

    /// The provider these rules are for.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The lease of a claim, in milliseconds.
    pub fn lease(&self) -> u64 {
        self.lease_ms
    }

    /// How long a completed event is remembered, in milliseconds.
    pub fn retention(&self) -> u64 {
        self.retention_ms.max(self.lease_ms)
    }

    /// The store key of the event `id`: `<prefix><provider>:<id>`.
    pub fn key(&self, id: &str) -> String {
        format!("{}{}:{}", self.prefix, self.provider.as_str(), id)
    }

    /// The value a claim writes: `processing:<token>`. The token (random, from the caller)
    /// lets a release delete only its own claim.
    pub fn claim_value(token: &str) -> String {
        format!("{CLAIM_PREFIX}{token}")
    }

    /// What to answer when the claim found the record holding `value` (`None`: the record
    /// expired between the claim and the read, which is as good as in progress: retry).
    pub fn on_existing(&self, value: Option<&str>) -> Result<Claim, Error> {
        match value {
            Some(DONE) => Ok(Claim::Duplicate),
            _ => Err(Error::EventInProgress {
                retry_after: self.lease_ms.div_ceil(1000),
            }),
        }
    }

    /// The error for a store that failed: `detail` says how (no secret, no event data).
    pub fn unavailable(detail: &str) -> Error {
        Error::DedupeUnavailable {
            detail: detail.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn keys_carry_the_namespace_the_provider_and_the_id() {
        let d = Dedupe::new(Provider::Propper);
        assert_eq!(d.key("evt_1"), "signhook:dedupe:propper:evt_1");
        let d = d.prefix("app1:").unwrap();
        assert_eq!(d.key("evt_1"), "app1:propper:evt_1");
        assert_eq!(Dedupe::claim_value("t0k"), "processing:t0k");
    }

    #[test]
    fn retention_outlasts_each_providers_retries() {
        let minutes = |p| Dedupe::new(p).retention() / 60_000;
        assert!(minutes(Provider::Sajn) > 21);
        assert!(minutes(Provider::Propper) > 10 * 60 + 30);
        assert_eq!(minutes(Provider::Krebit), 72 * 60);
    }

    #[test]
    fn a_done_record_is_a_duplicate_anything_else_is_in_progress() {
        let d = Dedupe::new(Provider::Sajn).lease_ms(1_500).unwrap();
        assert_eq!(d.on_existing(Some(DONE)), Ok(Claim::Duplicate));
        for other in [Some("processing:abc"), Some("garbage"), None] {
            let err = d.on_existing(other).unwrap_err();
            assert_eq!((err.code(), err.status()), ("EVENT_IN_PROGRESS", 503));
            assert!(err.to_string().contains("2 s"), "{err}");
        }
    }

    #[test]
    fn durations_are_checked() {
        let d = Dedupe::new(Provider::Krebit);
        for bad in [0, MAX_MS + 1] {
            assert_eq!(
                d.clone().lease_ms(bad).unwrap_err().code(),
                "INVALID_CONFIG"
            );
            assert_eq!(
                d.clone().retention_ms(bad).unwrap_err().code(),
                "INVALID_CONFIG"
            );
        }
        assert_eq!(d.clone().prefix("").unwrap_err().code(), "INVALID_CONFIG");
        // A retention shorter than the lease is raised to the lease.
        let d = d.lease_ms(10_000).unwrap().retention_ms(5_000).unwrap();
        assert_eq!(d.retention(), 10_000);
    }

    #[test]
    fn bindings_configure_with_their_numbers() {
        let snake = Spelling::SnakeCase;
        let d = Dedupe::configure("sajn", Some(Number::Int(2_000)), None, Some("x:"), snake);
        let d = d.unwrap();
        assert_eq!(
            (d.lease(), d.retention(), d.key("1")),
            (2_000, 3_600_000, "x:sajn:1".into())
        );
        let negative = Dedupe::configure("sajn", Some(Number::Int(-5)), None, None, snake);
        assert_eq!(negative.unwrap_err().code(), "INVALID_CONFIG");
        let unknown = Dedupe::configure("nope", None, None, None, snake);
        assert_eq!(unknown.unwrap_err().code(), "INVALID_CONFIG");
        let camel = Spelling::CamelCase;
        let fraction = Dedupe::configure("sajn", Some(Number::Float(1.5)), None, None, camel);
        let message = fraction.unwrap_err().to_string();
        assert!(
            message.contains("leaseMs must be a whole number"),
            "{message}"
        );
    }

    #[test]
    fn an_unreachable_store_fails_closed() {
        let err = Dedupe::unavailable("connection refused");
        assert_eq!((err.code(), err.status()), ("DEDUPE_UNAVAILABLE", 503));
        assert!(err.to_string().contains("connection refused"));
    }
}
