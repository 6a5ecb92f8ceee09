//! The core's errors as `signhook.WebhookVerificationError`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static ERROR_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The Python exception for a core error: message, code and HTTP status come from the core.
pub(crate) fn to_py(py: Python<'_>, error: &signhook::Error) -> PyErr {
    match ERROR_CLASS.import(py, "signhook._errors", "WebhookVerificationError") {
        Ok(class) => PyErr::from_type(
            class.clone(),
            (error.to_string(), error.code(), error.status()),
        ),
        Err(import_failed) => import_failed,
    }
}

/// `INVALID_CONFIG` with `detail`, for options whose Python type is wrong.
pub(crate) fn config(py: Python<'_>, detail: impl Into<String>) -> PyErr {
    to_py(
        py,
        &signhook::Error::InvalidConfig {
            detail: detail.into(),
        },
    )
}
