//! The verified event as immutable Python objects.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use signhook::{Authentication, IdSource, Kind, Provider};
use std::borrow::Cow;

type Text = Option<Py<PyString>>;

/// The Python text of one of the core's fixed names (a provider id, a kind, an id source, an
/// authentication), made once: interning anew costs an allocation and a hash per event.
fn name(py: Python<'_>, s: &'static str) -> Py<PyString> {
    static NAMES: PyOnceLock<Vec<(&'static str, Py<PyString>)>> = PyOnceLock::new();
    let names = NAMES.get_or_init(py, || {
        let kinds = Kind::ALL.map(Kind::as_str);
        let providers = Provider::ALL.map(Provider::as_str);
        let sources = [IdSource::Provider, IdSource::Derived].map(IdSource::as_str);
        let authentications = Authentication::ALL.map(Authentication::as_str);
        let all = kinds.into_iter().chain(providers).chain(sources);
        let all = all.chain(authentications);
        all.map(|n| (n, PyString::intern(py, n).unbind())).collect()
    });
    // The core's names are constants: the same text is at the same address.
    let same = |(n, _): &&(&str, _)| core::ptr::eq(*n, s);
    match names
        .iter()
        .find(same)
        .or_else(|| names.iter().find(|(n, _)| *n == s))
    {
        Some((_, text)) => text.clone_ref(py),
        None => PyString::intern(py, s).unbind(),
    }
}

fn text(py: Python<'_>, s: &Option<Cow<'_, str>>) -> Text {
    s.as_deref().map(|s| PyString::new(py, s).unbind())
}

/// `Name(field=value, ...)` with Python reprs, leaving out fields that are `None`.
fn repr(
    py: Python<'_>,
    name: &str,
    fields: &[(&str, Option<Bound<'_, PyAny>>)],
) -> PyResult<String> {
    let mut out = format!("{name}(");
    let mut first = true;
    for (field, value) in fields {
        if let Some(value) = value {
            if !first {
                out.push_str(", ");
            }
            first = false;
            out.push_str(field);
            out.push('=');
            out.push_str(&value.repr()?.to_cow()?);
        }
    }
    let _ = py;
    out.push(')');
    Ok(out)
}

fn opt<'py>(py: Python<'py>, t: &Text) -> Option<Bound<'py, PyAny>> {
    t.as_ref().map(|s| s.bind(py).clone().into_any())
}

fn dict<'py>(
    py: Python<'py>,
    fields: &[(&str, Option<Bound<'py, PyAny>>)],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in fields {
        d.set_item(k, v)?;
    }
    Ok(d)
}

/// A pyclass of text fields named as the core's struct names them, converted from it, with
/// `to_dict` and a `repr`: the core's field list is the only one (stubtest checks these
/// classes against `_signhook.pyi`, and the core's schema test checks the stub against the
/// core).
macro_rules! record {
    ($(#[$doc:meta])* $name:ident from $core:ty { $($field:ident),* $(,)? }) => {
        $(#[$doc])*
        #[pyclass(frozen, module = "signhook")]
        pub(crate) struct $name {
            $(#[pyo3(get)] $field: Text,)*
        }

        impl $name {
            fn new(py: Python<'_>, from: &$core) -> Self {
                $name { $($field: text(py, &from.$field),)* }
            }

            fn fields<'py>(&self, py: Python<'py>) -> Vec<(&'static str, Option<Bound<'py, PyAny>>)> {
                vec![$((stringify!($field), opt(py, &self.$field)),)*]
            }
        }

        #[pymethods]
        impl $name {
            /// The fields as a new `dict`.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                dict(py, &self.fields(py))
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                repr(py, stringify!($name), &self.fields(py))
            }
        }
    };
}

record! {
    /// The document an event is about. Every field may be `None`.
    Document from signhook::Document { id, name, status, external_id, completed_at }
}

record! {
    /// The signer an event is about. Every field may be `None`.
    Signer from signhook::Signer { id, email, name, signed_at, signature_type }
}

/// A verified webhook, normalized. Immutable; `payload` is parsed on first access.
#[pyclass(frozen, module = "signhook", name = "Event")]
pub(crate) struct Event {
    #[pyo3(get)]
    provider: Py<PyString>,
    #[pyo3(get)]
    id: Py<PyString>,
    #[pyo3(get)]
    id_source: Py<PyString>,
    #[pyo3(get, name = "type")]
    event_type: Py<PyString>,
    #[pyo3(get)]
    kind: Py<PyString>,
    #[pyo3(get)]
    occurred_at: Text,
    #[pyo3(get)]
    document: Option<Py<Document>>,
    #[pyo3(get)]
    signer: Option<Py<Signer>>,
    #[pyo3(get)]
    reason: Text,
    #[pyo3(get)]
    download_url: Text,
    #[pyo3(get)]
    organization_id: Text,
    #[pyo3(get)]
    client_id: Text,
    #[pyo3(get)]
    authentication: Py<PyString>,
    /// The payload's JSON text: the verified body, or its part that is this event (an
    /// element of an array of events, the JSON field of a form).
    body: Py<PyBytes>,
    payload: PyOnceLock<Py<PyAny>>,
}

impl Event {
    /// Converts the core's event; `body` is the `bytes` of its payload's JSON.
    pub(crate) fn new(
        py: Python<'_>,
        e: &signhook::Event<'_>,
        body: Py<PyBytes>,
    ) -> PyResult<Self> {
        let document = e
            .document
            .as_ref()
            .map(|d| Py::new(py, Document::new(py, d)));
        let signer = e.signer.as_ref().map(|s| Py::new(py, Signer::new(py, s)));
        Ok(Event {
            provider: name(py, e.provider.as_str()),
            id: PyString::new(py, &e.id).unbind(),
            id_source: name(py, e.id_source.as_str()),
            event_type: PyString::new(py, &e.event_type).unbind(),
            kind: name(py, e.kind.as_str()),
            occurred_at: text(py, &e.occurred_at),
            document: document.transpose()?,
            signer: signer.transpose()?,
            reason: text(py, &e.reason),
            download_url: text(py, &e.download_url),
            organization_id: text(py, &e.organization_id),
            client_id: e
                .client_id
                .as_deref()
                .map(|s| PyString::new(py, s).unbind()),
            authentication: name(py, e.authentication.as_str()),
            body,
            payload: PyOnceLock::new(),
        })
    }

    fn fields<'py>(&self, py: Python<'py>) -> [(&'static str, Option<Bound<'py, PyAny>>); 13] {
        let any = |s: &Py<PyString>| Some(s.bind(py).clone().into_any());
        [
            ("provider", any(&self.provider)),
            ("id", any(&self.id)),
            ("id_source", any(&self.id_source)),
            ("type", any(&self.event_type)),
            ("kind", any(&self.kind)),
            ("occurred_at", opt(py, &self.occurred_at)),
            (
                "document",
                self.document
                    .as_ref()
                    .map(|d| d.bind(py).clone().into_any()),
            ),
            (
                "signer",
                self.signer.as_ref().map(|s| s.bind(py).clone().into_any()),
            ),
            ("reason", opt(py, &self.reason)),
            ("download_url", opt(py, &self.download_url)),
            ("organization_id", opt(py, &self.organization_id)),
            ("client_id", opt(py, &self.client_id)),
            ("authentication", any(&self.authentication)),
        ]
    }
}

#[pymethods]
impl Event {
    /// The payload as a `dict`: `json.loads` of its JSON text (the body, or the part of it
    /// that is the event), on first access, then kept: every access returns the same object.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let value = self
            .payload
            .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
                let loads = LOADS.import(py, "json", "loads")?;
                Ok(loads.call1((self.body.bind(py),))?.unbind())
            })?;
        Ok(value.bind(py).clone())
    }

    /// Every field as a new `dict` (`document` and `signer` as dicts too, and `payload`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = dict(py, &self.fields(py))?;
        if let Some(doc) = &self.document {
            d.set_item("document", doc.get().to_dict(py)?)?;
        }
        if let Some(signer) = &self.signer {
            d.set_item("signer", signer.get().to_dict(py)?)?;
        }
        d.set_item("payload", self.payload(py)?)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Event", &self.fields(py))
    }
}
