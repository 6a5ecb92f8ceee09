//! `signhook.Reply`: the answer a provider requires, as the core decides it.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// The answer a provider requires to a request it sent: `status`, the `headers` it must carry
/// (of which `always_headers` go on every answer to a verified delivery) and the exact `body`
/// it expects, when it expects one. Immutable.
#[pyclass(frozen, module = "signhook", name = "Reply")]
pub(crate) struct Reply {
    #[pyo3(get)]
    status: u16,
    headers: Vec<(&'static str, String)>,
    always: Vec<(&'static str, String)>,
    #[pyo3(get)]
    body: Option<&'static str>,
}

fn dict<'py>(py: Python<'py>, pairs: &[(&str, String)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in pairs {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

impl From<signhook::Reply> for Reply {
    fn from(reply: signhook::Reply) -> Self {
        let always = reply
            .always_headers()
            .map(|(name, value)| (name, value.to_owned()))
            .collect();
        Reply {
            status: reply.status,
            headers: reply.headers,
            always,
            body: reply.body,
        }
    }
}

#[pymethods]
impl Reply {
    /// The headers as a new `dict` (`Content-Type` included when there is a body).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.headers)
    }

    /// The headers every answer to a verified delivery carries, as a new `dict`: all but the
    /// body's `Content-Type` (Adobe's echoed client id).
    #[getter]
    fn always_headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.always)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let body = match self.body {
            Some(b) => PyString::new(py, b).repr()?.to_cow()?.into_owned(),
            None => "None".to_owned(),
        };
        Ok(format!(
            "Reply(status={}, headers={}, body={body})",
            self.status,
            self.headers(py)?.repr()?.to_cow()?
        ))
    }
}
