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
    let copied = if body.is_instance_of::<PyString>() {
        body.call_method1("encode", ("utf-8", "surrogatepass"))?
    } else if body.is_instance_of::<PyByteArray>() || body.is_instance_of::<PyMemoryView>() {
        py.get_type::<PyBytes>().call1((body,))?
    } else {
        return Err(not_raw(body));
    };
    Ok(copied.cast_into::<PyBytes>()?)
}

fn not_raw(body: &Bound<'_, PyAny>) -> PyErr {
    let type_name = body
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    let hint = format!(
        "pass the raw request body as bytes, e.g. `request.get_data()` in Flask, `request.body` \
         in Django, `await request.body()` in FastAPI or Starlette (not `request.get_json()`, \
         `request.json` or `json.loads(...)`); got {type_name}"
    );
    errors::to_py(body.py(), &signhook::Error::BodyNotRaw { hint })
}
