//! The core's errors as `signhook.WebhookVerificationError`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use signhook::{ConfigReason, Error, ErrorFamily, Spelling};

static ERROR_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception for a core error: message, code, HTTP status, context (Python's
/// spelling) and answer headers all come from the core, and the class is its family's
/// (`WebhookVerificationError` picks it).
pub(crate) fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let class = ERROR_CLASS.import(py, "signhook._errors", "WebhookVerificationError")?;
        let context = error.context().to_value(Spelling::SnakeCase).to_string();
        let context = LOADS.import(py, "json", "loads")?.call1((context,))?;
        let headers = PyDict::new(py);
        for (name, value) in error.answer_headers() {
            headers.set_item(name, value)?;
        }
        let args = (
            error.to_string(),
            error.code(),
            error.status(),
            context,
            headers,
        );
        Ok(PyErr::from_value(class.call1(args)?))
    };
    build().unwrap_or_else(|failed| failed)
}

/// The family of the error code `code` (`signature`, `payload`, `config`, `dedupe`), or
/// `None`: the core's, for the Python classes.
#[pyfunction]
pub(crate) fn error_family(code: &str) -> Option<&'static str> {
    ErrorFamily::of_code(code).map(ErrorFamily::as_str)
}

/// The error of `kind` that the package finds itself (`body_not_raw`, `option_type`,
/// `dedupe_unavailable`, `undecodable`, `unsupported_encoding`), worded by the core; returned,
/// not raised.
#[pyfunction]
pub(crate) fn failure(py: Python<'_>, kind: &str, detail: &str) -> Py<PyAny> {
    let error = Error::found_by_binding(kind, detail)
        .unwrap_or_else(|| found(ConfigReason::Type, format!("no such failure: {kind}")));
    to_py(py, &error).into_value(py).into_any()
}

fn found(reason: ConfigReason, detail: String) -> Error {
    Error::InvalidConfig { reason, detail }
}

/// `INVALID_CONFIG` with `detail`, for options whose Python type is wrong.
pub(crate) fn config(py: Python<'_>, detail: impl Into<String>) -> PyErr {
    to_py(py, &found(ConfigReason::Type, detail.into()))
}
