//! `signhook.Reply`: the answer a provider requires, as the core decides it.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// The answer a provider requires to a request it sent: `status`, the `headers` it must carry
/// and the exact `body` it expects, when it expects one. Immutable.
#[pyclass(frozen, module = "signhook", name = "Reply")]
pub(crate) struct Reply {
    #[pyo3(get)]
    status: u16,
    headers: Vec<(&'static str, String)>,
    #[pyo3(get)]
    body: Option<&'static str>,
}

impl From<signhook::Reply> for Reply {
    fn from(reply: signhook::Reply) -> Self {
        Reply {
            status: reply.status,
            headers: reply.headers,
            body: reply.body,
        }
    }
}

#[pymethods]
impl Reply {
    /// The headers as a new `dict` (`Content-Type` included when there is a body).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in &self.headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
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
