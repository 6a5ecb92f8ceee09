//! `signhook.Webhook`: configuration in, the core's verifier inside.

use crate::{body, errors, event::Event, headers};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple};
use signhook::{Provider, Secret};
use std::time::{SystemTime, UNIX_EPOCH};

/// Bodies from this size up are verified without the GIL, so that a threaded server keeps
/// serving other requests while the hash runs. Smaller ones are done before a thread switch
/// would pay off.
const DETACH_FROM_BYTES: usize = 16 * 1024;

/// A configured verifier for one provider. Build it once and share it between threads.
#[pyclass(frozen, module = "signhook", name = "Webhook")]
pub(crate) struct Webhook {
    inner: signhook::Webhook,
    client_id: Option<String>,
    tolerance: Option<i64>,
}

fn secret(py: Python<'_>, value: &Bound<'_, PyAny>, index: usize) -> PyResult<Secret> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Secret::text(&s.to_cow()?));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Secret::bytes(b.as_bytes()));
    }
    if value.is_instance_of::<PyByteArray>() || value.is_instance_of::<PyMemoryView>() {
        let bytes = py.get_type::<PyBytes>().call1((value,))?;
        return Ok(Secret::bytes(bytes.cast::<PyBytes>()?.as_bytes()));
    }
    Err(errors::config(
        py,
        format!("secret #{index} must be str or bytes"),
    ))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[pymethods]
impl Webhook {
    /// `Webhook(provider, secret=... | secrets=[...], client_id=None, tolerance=None,
    /// max_body_bytes=None)`.
    #[new]
    #[pyo3(signature = (provider, *, secret=None, secrets=None, client_id=None, tolerance=None, max_body_bytes=None))]
    fn new(
        py: Python<'_>,
        provider: &Bound<'_, PyAny>,
        secret: Option<&Bound<'_, PyAny>>,
        secrets: Option<&Bound<'_, PyAny>>,
        client_id: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_body_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let provider: Provider = provider
            .cast::<PyString>()
            .map_err(|_| {
                errors::config(
                    py,
                    "provider must be a str: \"krebit\", \"sajn\" or \"propper\"",
                )
            })?
            .to_cow()?
            .parse()
            .map_err(|e| errors::to_py(py, &e))?;
        let mut builder = signhook::Webhook::builder(provider);
        match (secret, secrets) {
            (Some(_), Some(_)) => {
                return Err(errors::config(
                    py,
                    "pass secret= or secrets=[...], not both",
                ))
            }
            (Some(s), None) => builder = builder.secret(self::secret(py, s, 0)?),
            (None, Some(list)) => {
                if !(list.is_instance_of::<PyList>() || list.is_instance_of::<PyTuple>()) {
                    return Err(errors::config(
                        py,
                        "secrets must be a list of str or bytes (for one secret, use secret=)",
                    ));
                }
                for (i, s) in list.try_iter()?.enumerate() {
                    builder = builder.secret(self::secret(py, &s?, i)?);
                }
            }
            (None, None) => {}
        }
        let client_id = match client_id {
            Some(c) => Some(
                c.cast::<PyString>()
                    .map_err(|_| errors::config(py, "client_id must be a str"))?
                    .to_cow()?
                    .into_owned(),
            ),
            None => None,
        };
        if let Some(c) = &client_id {
            builder = builder.client_id(c.as_str());
        }
        let tolerance =
            match tolerance {
                Some(t) => Some(t.extract::<i64>().map_err(|_| {
                    errors::config(py, "tolerance must be a whole number of seconds")
                })?),
                None => None,
            };
        if let Some(t) = tolerance {
            builder = builder.tolerance(t);
        }
        if let Some(limit) = max_body_bytes {
            let limit = limit.extract::<usize>().map_err(|_| {
                errors::config(
                    py,
                    "max_body_bytes must be a whole number of bytes, at least 1",
                )
            })?;
            builder = builder.max_body_bytes(limit);
        }
        let inner = builder.build().map_err(|e| errors::to_py(py, &e))?;
        Ok(Webhook {
            inner,
            client_id,
            tolerance,
        })
    }

    /// The provider id: `krebit`, `sajn` or `propper`.
    #[getter]
    fn provider(&self) -> &'static str {
        self.inner.provider().as_str()
    }

    /// The body limit in bytes.
    #[getter]
    fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes()
    }

    /// Verifies a request and returns its event, or raises `WebhookVerificationError`.
    #[pyo3(signature = (body, headers, now=None))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<i64>,
    ) -> PyResult<Event> {
        let body = body::raw(body)?;
        let bytes = body.as_bytes();
        let now = now.unwrap_or_else(unix_now);
        let verified = if bytes.len() >= DETACH_FROM_BYTES {
            let pairs = headers::collect(headers)?;
            py.detach(|| self.inner.verify(bytes, &pairs, now))
        } else {
            let lazy = headers::Lazy::new(headers)?;
            let verified = self.inner.verify(bytes, &lazy, now);
            lazy.check()?;
            verified
        };
        let event = verified.map_err(|e| errors::to_py(py, &e))?;
        Event::new(py, &event, body.clone().unbind())
    }

    /// The headers the provider would send with `body`, signed with the first secret.
    fn sign<'py>(&self, py: Python<'py>, body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let body = body::raw(body)?;
        let headers = PyDict::new(py);
        for (name, value) in self.inner.sign(body.as_bytes()) {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let quoted = |s: &str| -> PyResult<String> {
            Ok(PyString::new(py, s).repr()?.to_cow()?.into_owned())
        };
        let mut out = format!(
            "Webhook(provider={}, secrets=<{} redacted>",
            quoted(self.inner.provider().as_str())?,
            self.inner.secret_count()
        );
        if let Some(c) = &self.client_id {
            out.push_str(&format!(", client_id={}", quoted(c)?));
        }
        if let Some(t) = self.tolerance {
            out.push_str(&format!(", tolerance={t}"));
        }
        out.push_str(&format!(
            ", max_body_bytes={})",
            self.inner.max_body_bytes()
        ));
        Ok(out)
    }
}
