//! The verified event as immutable Python objects.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::borrow::Cow;

type Text = Option<Py<PyString>>;

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

/// The document an event is about. Every field may be `None`.
#[pyclass(frozen, module = "signhook", name = "Document")]
pub(crate) struct Document {
    #[pyo3(get)]
    id: Text,
    #[pyo3(get)]
    name: Text,
    #[pyo3(get)]
    status: Text,
    #[pyo3(get)]
    external_id: Text,
    #[pyo3(get)]
    completed_at: Text,
}

impl Document {
    fn fields<'py>(&self, py: Python<'py>) -> [(&'static str, Option<Bound<'py, PyAny>>); 5] {
        [
            ("id", opt(py, &self.id)),
            ("name", opt(py, &self.name)),
            ("status", opt(py, &self.status)),
            ("external_id", opt(py, &self.external_id)),
            ("completed_at", opt(py, &self.completed_at)),
        ]
    }
}

#[pymethods]
impl Document {
    /// The fields as a new `dict`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.fields(py))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Document", &self.fields(py))
    }
}

/// The signer an event is about. Every field may be `None`.
#[pyclass(frozen, module = "signhook", name = "Signer")]
pub(crate) struct Signer {
    #[pyo3(get)]
    id: Text,
    #[pyo3(get)]
    email: Text,
    #[pyo3(get)]
    name: Text,
    #[pyo3(get)]
    signed_at: Text,
    #[pyo3(get)]
    signature_type: Text,
}

impl Signer {
    fn fields<'py>(&self, py: Python<'py>) -> [(&'static str, Option<Bound<'py, PyAny>>); 5] {
        [
            ("id", opt(py, &self.id)),
            ("email", opt(py, &self.email)),
            ("name", opt(py, &self.name)),
            ("signed_at", opt(py, &self.signed_at)),
            ("signature_type", opt(py, &self.signature_type)),
        ]
    }
}

#[pymethods]
impl Signer {
    /// The fields as a new `dict`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.fields(py))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Signer", &self.fields(py))
    }
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
        let document = match &e.document {
            Some(d) => Some(Py::new(
                py,
                Document {
                    id: text(py, &d.id),
                    name: text(py, &d.name),
                    status: text(py, &d.status),
                    external_id: text(py, &d.external_id),
                    completed_at: text(py, &d.completed_at),
                },
            )?),
            None => None,
        };
        let signer = match &e.signer {
            Some(s) => Some(Py::new(
                py,
                Signer {
                    id: text(py, &s.id),
                    email: text(py, &s.email),
                    name: text(py, &s.name),
                    signed_at: text(py, &s.signed_at),
                    signature_type: text(py, &s.signature_type),
                },
            )?),
            None => None,
        };
        Ok(Event {
            provider: PyString::intern(py, e.provider.as_str()).unbind(),
            id: PyString::new(py, &e.id).unbind(),
            id_source: PyString::intern(py, e.id_source.as_str()).unbind(),
            event_type: PyString::new(py, &e.event_type).unbind(),
            kind: PyString::intern(py, e.kind.as_str()).unbind(),
            occurred_at: text(py, &e.occurred_at),
            document,
            signer,
            reason: text(py, &e.reason),
            download_url: text(py, &e.download_url),
            organization_id: text(py, &e.organization_id),
            client_id: e
                .client_id
                .as_deref()
                .map(|s| PyString::new(py, s).unbind()),
            authentication: PyString::intern(py, e.authentication.as_str()).unbind(),
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
