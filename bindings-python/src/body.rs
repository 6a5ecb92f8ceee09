//! The request body: raw bytes in, `BODY_NOT_RAW` for anything already parsed.

use crate::errors;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

/// The body as one immutable `bytes` object.
///
/// `bytes` is used as it is, without a copy. `str` is encoded as UTF-8; `bytearray` and
/// `memoryview` are copied once, because they may change while the hash runs without the
/// GIL (and the stable ABI for Python 3.9 has no buffer access to borrow them anyway).
pub(crate) fn raw<'py>(body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let py = body.py();
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(bytes.clone());
    }
    if let Ok(text) = body.cast::<PyString>() {
        // Text with a lone surrogate has no UTF-8 form: it cannot be what was received.
        // (The encoder's own error would quote the body.)
        return text.encode_utf8().map_err(|_| {
            not_raw(
                py,
                "the str body holds a lone surrogate, so it cannot be the text that was \
                 received; pass the raw request bytes instead (e.g. `request.get_data()` in \
                 Flask, `request.body` in Django)"
                    .to_owned(),
            )
        });
    }
    if body.is_instance_of::<PyByteArray>() || body.is_instance_of::<PyMemoryView>() {
        return Ok(py
            .get_type::<PyBytes>()
            .call1((body,))?
            .cast_into::<PyBytes>()?);
    }
    let type_name = body
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    Err(not_raw(
        py,
        format!(
            "pass the raw request body as bytes, e.g. `request.get_data()` in Flask, \
             `request.body` in Django, `await request.body()` in FastAPI or Starlette (not \
             `request.get_json()`, `request.json` or `json.loads(...)`); got {type_name}"
        ),
    ))
}

fn not_raw(py: Python<'_>, hint: String) -> PyErr {
    errors::to_py(py, &signhook::Error::BodyNotRaw { hint })
}
