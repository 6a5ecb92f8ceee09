//! Request headers from Python, as the flat `[name, value, ...]` list the core reads.
//!
//! Only the names the core asks for ([`signhook::Webhook::header_names`], lowercase) are
//! looked up, through the object's own lookup where it has one, the same way at every body
//! size. Shapes, in the order they are recognized:
//!
//! - `None`: no headers.
//! - a `dict` (subclasses too, such as werkzeug's `MultiDict`): its items, names matched
//!   ASCII-case-insensitively, as JavaScript reads a plain object.
//! - a list or tuple whose first item is a `str` or `bytes`: a flat `[name, value, ...]`
//!   list; any other list or tuple: `(name, value)` pairs.
//! - an object with `getlist`, `get_all` or `getall` (werkzeug's and Starlette's `Headers`,
//!   `email.message`, `wsgiref`, multidict as in aiohttp): that method, which answers every
//!   value of a repeated header (`getall` is given an empty default, as multidict's raises
//!   `KeyError` for an absent name without one).
//! - any other object with `get` (Django's `request.headers`, other mappings): `get`.
//! - any other iterable: `(name, value)` pairs.
//!
//! In lists, tuples and iterables, names are matched ASCII-case-insensitively; a pair whose
//! name is neither `str` nor `bytes` is not one of the headers read, and is skipped.
//!
//! A value is `str` or `bytes`, or a list or tuple of those (a repeated header); `None` is
//! no value. Text that is not valid Unicode and bytes that are not UTF-8 are read with the
//! invalid part replaced by U+FFFD, so that they are simply a different value.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use std::borrow::Cow;

/// The flat list handed to [`signhook::HeaderList`].
pub(crate) type Flat = Vec<Cow<'static, str>>;

/// The headers in `names` (lowercase) read from `headers`.
pub(crate) fn lookup(headers: &Bound<'_, PyAny>, names: &[&'static str]) -> PyResult<Flat> {
    let mut out = Flat::new();
    if headers.is_none() {
        return Ok(out);
    }
    if headers.is_instance_of::<PyString>()
        || headers.is_instance_of::<PyBytes>()
        || headers.is_instance_of::<PyByteArray>()
    {
        return Err(shape_error(headers));
    }
    if let Ok(dict) = headers.cast::<PyDict>() {
        for (key, value) in dict.iter() {
            if let Some(name) = wanted(&key, names) {
                push_value(&mut out, name, &value)?;
            }
        }
        return Ok(out);
    }
    // Lists and tuples before the methods: looking up a method they lack costs an
    // AttributeError each.
    if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
        let items: Vec<Bound<'_, PyAny>> = headers.try_iter()?.collect::<PyResult<_>>()?;
        if items.first().is_some_and(is_name) {
            for pair in items.chunks_exact(2) {
                if let Some(name) = wanted(&pair[0], names) {
                    push_value(&mut out, name, &pair[1])?;
                }
            }
        } else {
            pairs(&mut out, items.into_iter().map(Ok), names)?;
        }
        return Ok(out);
    }
    for method in ["getlist", "get_all", "getall"] {
        if let Some(lookup) = callable(headers, method)? {
            for &name in names {
                let values = if method == "getall" {
                    // multidict's getall (aiohttp's `request.headers`) raises KeyError for an
                    // absent name unless it is given a default.
                    lookup.call1((name, PyTuple::empty(headers.py())))?
                } else {
                    lookup.call1((name,))?
                };
                push_value(&mut out, name, &values)?;
            }
            return Ok(out);
        }
    }
    if let Some(get) = callable(headers, "get")? {
        for &name in names {
            push_value(&mut out, name, &get.call1((name,))?)?;
        }
        return Ok(out);
    }
    let Ok(items) = headers.try_iter() else {
        return Err(shape_error(headers));
    };
    pairs(&mut out, items, names)?;
    Ok(out)
}

/// `(name, value)` pairs: the headers in `names`.
fn pairs<'py>(
    out: &mut Flat,
    items: impl Iterator<Item = PyResult<Bound<'py, PyAny>>>,
    names: &[&'static str],
) -> PyResult<()> {
    for item in items {
        let item = item?;
        let pair = (item.is_instance_of::<PyTuple>() || item.is_instance_of::<PyList>())
            && item.len()? == 2;
        if !pair {
            return Err(PyTypeError::new_err(
                "each header must be a (name, value) pair",
            ));
        }
        if let Some(name) = wanted(&item.get_item(0)?, names) {
            push_value(out, name, &item.get_item(1)?)?;
        }
    }
    Ok(())
}

/// The bound method `method` of `object`, when it has a callable one.
fn callable<'py>(object: &Bound<'py, PyAny>, method: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    match object.getattr(method) {
        Ok(m) if m.is_callable() => Ok(Some(m)),
        _ => Ok(None),
    }
}

fn is_name(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>()
}

/// Which of `names` the header name `key` is, ignoring ASCII case; `None` for any other
/// name and for keys that are not `str` or `bytes`.
fn wanted(key: &Bound<'_, PyAny>, names: &[&'static str]) -> Option<&'static str> {
    if let Ok(s) = key.cast::<PyString>() {
        // Header names are ASCII: a different length in characters cannot match.
        let len = key.len().ok()?;
        let candidates = names.iter().filter(|n| n.len() == len);
        let mut candidates = candidates.peekable();
        candidates.peek()?;
        let text = s.to_cow().ok()?;
        return candidates.copied().find(|n| n.eq_ignore_ascii_case(&text));
    }
    if let Ok(b) = key.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        return names
            .iter()
            .copied()
            .find(|n| n.as_bytes().eq_ignore_ascii_case(bytes));
    }
    None
}

/// Adds the value(s) of header `name` to `out`.
fn push_value(out: &mut Flat, name: &'static str, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if value.is_none() {
        return Ok(());
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        for item in value.try_iter()? {
            let item = item?;
            if !item.is_none() {
                out.push(Cow::Borrowed(name));
                out.push(Cow::Owned(text(name, &item)?));
            }
        }
        return Ok(());
    }
    out.push(Cow::Borrowed(name));
    out.push(Cow::Owned(text(name, value)?));
    Ok(())
}

/// One header value as text: `str` (invalid Unicode replaced) or `bytes` (invalid UTF-8
/// replaced).
fn text(name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_string_lossy().into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(String::from_utf8_lossy(b.as_bytes()).into_owned());
    }
    let type_name = value.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "header {name} must be a str, bytes or a list of those, not {type_name}"
    )))
}

fn shape_error(headers: &Bound<'_, PyAny>) -> PyErr {
    let type_name = headers
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    PyTypeError::new_err(format!(
        "headers must be a mapping (such as request.headers or a dict) or a list of \
         (name, value) pairs, not {type_name}"
    ))
}
