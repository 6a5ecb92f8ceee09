//! The core's errors as `signhook.WebhookVerificationError`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use signhook::{ConfigReason, Error, ErrorFamily};

static ERROR_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The Python exception for a core error: message, code, HTTP status and context come from
/// the core, and the class is its family's (`WebhookVerificationError` picks it).
pub(crate) fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    let class = match ERROR_CLASS.import(py, "signhook._errors", "WebhookVerificationError") {
        Ok(class) => class,
        Err(import_failed) => return import_failed,
    };
    match context(py, error) {
        Ok(context) => PyErr::from_value(
            match class.call1((error.to_string(), error.code(), error.status(), context)) {
                Ok(instance) => instance,
                Err(failed) => return failed,
            },
        ),
        Err(failed) => failed,
    }
}

/// The error's facts as a dict with Python's spelling; only those the error has.
fn context<'py>(py: Python<'py>, error: &Error) -> PyResult<Bound<'py, PyDict>> {
    let c = error.context();
    let dict = PyDict::new(py);
    if let Some(v) = c.header {
        dict.set_item("header", v)?;
    }
    if let Some(v) = c.header_present {
        dict.set_item("header_present", v)?;
    }
    if let Some(v) = c.limit {
        dict.set_item("limit", v)?;
    }
    if let Some(v) = c.actual {
        dict.set_item("actual", v)?;
    }
    if let Some(v) = c.tolerance {
        dict.set_item("tolerance", v)?;
    }
    if let Some(v) = c.occurred_at {
        dict.set_item("occurred_at", v)?;
    }
    if let Some(v) = c.now {
        dict.set_item("now", v)?;
    }
    if let Some(v) = c.retry_after {
        dict.set_item("retry_after", v)?;
    }
    if let Some(v) = c.reason {
        dict.set_item("reason", v)?;
    }
    Ok(dict)
}

/// The family of the error code `code` (`signature`, `payload`, `config`, `dedupe`), or
/// `None`: the core's, for the Python classes.
#[pyfunction]
pub(crate) fn error_family(code: &str) -> Option<&'static str> {
    ErrorFamily::of_code(code).map(ErrorFamily::as_str)
}

/// `INVALID_CONFIG` with `detail`, for options whose Python type is wrong.
pub(crate) fn config(py: Python<'_>, detail: impl Into<String>) -> PyErr {
    to_py(
        py,
        &Error::InvalidConfig {
            reason: ConfigReason::Type,
            detail: detail.into(),
        },
    )
}
