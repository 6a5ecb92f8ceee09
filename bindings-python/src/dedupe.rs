//! The core's deduplication rules (`signhook::Dedupe`) for `signhook.dedupe`, which performs
//! the store calls they name: keys, claim values, lease and retention, and what a record
//! found by a claim means.

use crate::errors;
use crate::webhook::{number_option, provider_id, text_option};
use pyo3::prelude::*;
use signhook::{Dedupe, Spelling, DONE};

/// The deduplication rules for one provider, owned by a `DedupeGuard`.
#[pyclass(frozen, module = "signhook._signhook", name = "DedupeRules")]
pub(crate) struct DedupeRules {
    inner: Dedupe,
}

#[pymethods]
impl DedupeRules {
    /// `DedupeRules(provider, lease_ms=None, retention_ms=None, prefix=None)`: each `None`
    /// keeps the core's default; the numbers are whole milliseconds, checked by the core.
    #[new]
    #[pyo3(signature = (provider, lease_ms=None, retention_ms=None, prefix=None))]
    fn new(
        py: Python<'_>,
        provider: &Bound<'_, PyAny>,
        lease_ms: Option<&Bound<'_, PyAny>>,
        retention_ms: Option<&Bound<'_, PyAny>>,
        prefix: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let provider = provider_id(py, provider)?;
        let lease = lease_ms
            .map(|v| number_option(py, "lease_ms", v))
            .transpose()?;
        let retention = retention_ms
            .map(|v| number_option(py, "retention_ms", v))
            .transpose()?;
        let prefix = text_option(py, "prefix", prefix, "a str")?;
        let inner = Dedupe::configure(
            &provider,
            lease,
            retention,
            prefix.as_deref(),
            Spelling::SnakeCase,
        )
        .map_err(|e| errors::to_py(py, &e))?;
        Ok(DedupeRules { inner })
    }

    /// The store key of the event `id`: `<prefix><provider>:<id>`.
    fn key(&self, id: &str) -> String {
        self.inner.key(id)
    }

    /// The value a claim writes, holding the caller's `token`.
    fn claim_value(&self, token: &str) -> String {
        Dedupe::claim_value(token)
    }

    /// What the record `value` a claim found means: `"duplicate"` for a completed event;
    /// raises `EVENT_IN_PROGRESS` (503) for anything else, `None` included.
    #[pyo3(signature = (value))]
    fn on_existing(&self, py: Python<'_>, value: Option<&str>) -> PyResult<&'static str> {
        match self.inner.on_existing(value) {
            Ok(_) => Ok("duplicate"),
            Err(e) => Err(errors::to_py(py, &e)),
        }
    }

    /// The value of a completed event's record.
    #[getter]
    fn done(&self) -> &'static str {
        DONE
    }

    /// The claim's lease, in milliseconds.
    #[getter]
    fn lease_ms(&self) -> u64 {
        self.inner.lease()
    }

    /// How long a completed event is remembered, in milliseconds.
    #[getter]
    fn retention_ms(&self) -> u64 {
        self.inner.retention()
    }
}
