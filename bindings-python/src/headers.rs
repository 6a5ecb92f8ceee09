//! Request headers from Python: any mapping (Flask, Django, Starlette, a `dict`) or a list of
//! `(name, value)` pairs. Names match case-insensitively, as the core's own lists do.
//!
//! Two readers share one set of rules. [`Lazy`] looks a header up in the Python object only
//! when the core asks for it (the GIL is held: small bodies). [`collect`] copies every header
//! into a list of pairs first, so that the core can run without the GIL (large bodies).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use std::cell::RefCell;
use std::collections::HashSet;

/// A callback taking one `(name, value)` pair of Python objects.
type OnPair<'a, 'py> = dyn FnMut(&Bound<'py, PyAny>, &Bound<'py, PyAny>) -> PyResult<()> + 'a;

/// How a Python headers object lists its values.
enum Source<'py> {
    /// A `dict`: its items.
    Dict(Bound<'py, PyDict>),
    /// A list or tuple of `(name, value)` pairs.
    Pairs(Bound<'py, PyAny>),
    /// A multi-valued mapping: its bound `getlist` or `get_all` method, which every
    /// framework's header class answers case-insensitively and with every repeated value.
    Multi(Bound<'py, PyAny>, Bound<'py, PyAny>),
    /// Any other mapping: its `items()`.
    Items(Bound<'py, PyAny>),
}

impl<'py> Source<'py> {
    fn of(headers: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(dict) = headers.cast::<PyDict>() {
            return Ok(Source::Dict(dict.clone()));
        }
        if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
            return Ok(Source::Pairs(headers.clone()));
        }
        for method in ["getlist", "get_all"] {
            if let Ok(m) = headers.getattr(method) {
                if m.is_callable() {
                    return Ok(Source::Multi(headers.clone(), m));
                }
            }
        }
        if headers.hasattr("items")? {
            return Ok(Source::Items(headers.clone()));
        }
        let type_name = headers.get_type().name()?;
        Err(PyTypeError::new_err(format!(
            "headers must be a mapping (such as request.headers or a dict) or a list of \
             (name, value) pairs, not {type_name}"
        )))
    }

    /// Calls `f` with every `(name, value)` pair, for sources that are lists of pairs.
    fn each_pair(&self, f: &mut OnPair<'_, 'py>) -> PyResult<()> {
        let items = match self {
            Source::Dict(dict) => {
                for (name, value) in dict.iter() {
                    f(&name, &value)?;
                }
                return Ok(());
            }
            Source::Pairs(list) => list.clone(),
            Source::Items(mapping) | Source::Multi(mapping, _) => mapping.call_method0("items")?,
        };
        for item in items.try_iter()? {
            let item = item?;
            if item.len().ok() != Some(2) {
                return Err(PyTypeError::new_err(
                    "each header must be a (name, value) pair",
                ));
            }
            f(&item.get_item(0)?, &item.get_item(1)?)?;
        }
        Ok(())
    }
}

/// Whether the header `name` (a Python `str` or `bytes`) is `wanted`, ignoring ASCII case.
fn name_is(name: &Bound<'_, PyAny>, wanted: &str) -> PyResult<bool> {
    if let Ok(s) = name.cast::<PyString>() {
        // Header names are ASCII: a different length in characters cannot match.
        if name.len()? != wanted.len() {
            return Ok(false);
        }
        return Ok(s.to_cow()?.eq_ignore_ascii_case(wanted));
    }
    if let Ok(b) = name.cast::<PyBytes>() {
        return Ok(b.as_bytes().eq_ignore_ascii_case(wanted.as_bytes()));
    }
    Err(PyTypeError::new_err("header names must be str or bytes"))
}

fn name_text(name: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = name.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = name.cast::<PyBytes>() {
        return Ok(String::from_utf8_lossy(b.as_bytes()).into_owned());
    }
    Err(PyTypeError::new_err("header names must be str or bytes"))
}

/// Calls `f` with the bytes of a header value: `str` (as UTF-8), `bytes`, or a list or tuple
/// of those (a header sent several times). `None` is no value.
fn each_value(value: &Bound<'_, PyAny>, f: &mut dyn FnMut(&[u8])) -> PyResult<()> {
    if let Ok(s) = value.cast::<PyString>() {
        f(s.to_cow()?.as_bytes());
    } else if let Ok(b) = value.cast::<PyBytes>() {
        f(b.as_bytes());
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        for v in value.try_iter()? {
            let v = v?;
            if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
                return Err(value_type_error());
            }
            each_value(&v, f)?;
        }
    } else if !value.is_none() {
        return Err(value_type_error());
    }
    Ok(())
}

fn value_type_error() -> PyErr {
    PyTypeError::new_err("header values must be str, bytes, or a list of those")
}

/// Headers read from the Python object on demand. A Python exception raised while reading
/// them is kept and must be raised by the caller after the core returns ([`Lazy::check`]).
pub(crate) struct Lazy<'py> {
    source: Source<'py>,
    error: RefCell<Option<PyErr>>,
}

impl<'py> Lazy<'py> {
    pub(crate) fn new(headers: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(Lazy {
            source: Source::of(headers)?,
            error: RefCell::new(None),
        })
    }

    /// Raises the first Python error met while the core read the headers, if any.
    pub(crate) fn check(self) -> PyResult<()> {
        self.error.into_inner().map_or(Ok(()), Err)
    }

    fn read(&self, name: &str, f: &mut dyn FnMut(&[u8])) -> PyResult<()> {
        match &self.source {
            Source::Multi(_, method) => {
                let values = method.call1((name,))?;
                if !values.is_none() {
                    each_value(&values, f)?;
                }
                Ok(())
            }
            source => source.each_pair(&mut |k, v| {
                if name_is(k, name)? {
                    each_value(v, f)?;
                }
                Ok(())
            }),
        }
    }
}

impl signhook::Headers for Lazy<'_> {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        if self.error.borrow().is_some() {
            return;
        }
        if let Err(e) = self.read(name, f) {
            *self.error.borrow_mut() = Some(e);
        }
    }
}

/// Every header as owned `(name, value)` pairs, repeated names kept, for the core to read
/// without the GIL.
pub(crate) fn collect(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<u8>)>> {
    let source = Source::of(headers)?;
    let mut pairs = Vec::new();
    if let Source::Multi(mapping, method) = &source {
        let mut seen = HashSet::new();
        for name in mapping.call_method0("keys")?.try_iter()? {
            let name = name_text(&name?)?;
            if seen.insert(name.to_ascii_lowercase()) {
                let values = method.call1((name.as_str(),))?;
                if !values.is_none() {
                    each_value(&values, &mut |v| pairs.push((name.clone(), v.to_vec())))?;
                }
            }
        }
        return Ok(pairs);
    }
    source.each_pair(&mut |k, v| {
        let name = name_text(k)?;
        each_value(v, &mut |value| pairs.push((name.clone(), value.to_vec())))
    })?;
    Ok(pairs)
}
