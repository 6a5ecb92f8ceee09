//! `signhook.Webhook`: configuration in, the core's verifier inside.

use crate::{body, errors, event::Event, headers, reply::Reply};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple,
};
use signhook::{HeaderList, Number, Options, Secret, Spelling};
use std::time::{SystemTime, UNIX_EPOCH};

/// A configured verifier for one provider. Build it once and share it between threads.
#[pyclass(frozen, module = "signhook", name = "Webhook")]
pub(crate) struct Webhook {
    inner: signhook::Webhook,
}

/// `int` (not `bool`) or `float` as the core's [`Number`]; `None` for any other type. An `int`
/// beyond 64 bits becomes an infinite float: it is out of every range the core accepts either
/// way.
fn number(value: &Bound<'_, PyAny>) -> PyResult<Option<Number>> {
    if value.is_instance_of::<PyBool>() {
        return Ok(None);
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Some(match value.extract::<i64>() {
            Ok(n) => Number::Int(n),
            Err(_) if value.lt(0)? => Number::Float(f64::NEG_INFINITY),
            Err(_) => Number::Float(f64::INFINITY),
        }));
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(Some(Number::Float(f.value())));
    }
    Ok(None)
}

pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// A number option (`tolerance`, `max_body_bytes`, the dedupe durations) for the core, which
/// checks it; another type is `INVALID_CONFIG` here.
pub(crate) fn number_option(
    py: Python<'_>,
    option: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<Number> {
    number(value)?.ok_or_else(|| {
        errors::config(
            py,
            format!(
                "{option} must be an int (or a float with no fraction), not {}",
                type_name(value)
            ),
        )
    })
}

/// The `bytes` an event's payload is: `body` itself when the payload is the whole body, else
/// its part (one element of an array of events, or the JSON field of a form).
fn payload(body: &Bound<'_, PyBytes>, event: &signhook::Event<'_>) -> Py<PyBytes> {
    let bytes = body.as_bytes();
    match event.payload.range_in(bytes) {
        (0, end) if end == bytes.len() => body.clone().unbind(),
        (start, end) => PyBytes::new(body.py(), &bytes[start..end]).unbind(),
    }
}

/// The request URL as text: a `str` (or `bytes`, as a WSGI query string comes), or `''`.
fn url_text(url: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    match url {
        None => Ok(String::new()),
        Some(u) if u.is_none() => Ok(String::new()),
        Some(u) => {
            if let Ok(text) = u.cast::<PyString>() {
                return Ok(text.to_string_lossy().into_owned());
            }
            if let Ok(b) = u.cast::<PyBytes>() {
                return Ok(String::from_utf8_lossy(b.as_bytes()).into_owned());
            }
            Err(PyTypeError::new_err(format!(
                "url must be a str: the request URL, or its path and query, not {}",
                type_name(u)
            )))
        }
    }
}

/// `now`: seconds since the Unix epoch as an `int` or `float`, checked by the core.
fn seconds(py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    let Some(now) = now else {
        return Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)));
    };
    let checked = match number(now)? {
        Some(Number::Int(n)) => signhook::unix_seconds_int(n),
        Some(Number::Float(f)) => signhook::unix_seconds(f),
        None => {
            return Err(PyTypeError::new_err(format!(
                "now must be an int or a float (seconds since the Unix epoch, e.g. time.time()), \
                 not {}",
                type_name(now)
            )))
        }
    };
    checked.map_err(|e| errors::to_py(py, &e))
}

/// Text as UTF-8 for the core. A `str` that is not valid Unicode (a lone surrogate, as a
/// non-UTF-8 environment variable gives) is `INVALID_CONFIG` naming `what`: the encoder's
/// own error would quote the text, which may be a secret.
pub(crate) fn utf8(py: Python<'_>, text: &Bound<'_, PyString>, what: &str) -> PyResult<String> {
    match text.to_cow() {
        Ok(s) => Ok(s.into_owned()),
        Err(_) => Err(errors::config(
            py,
            format!(
                "{what} is not valid Unicode text (it holds a lone surrogate, as a non-UTF-8 \
                 environment variable gives): fix its encoding, or pass bytes"
            ),
        )),
    }
}

/// A text option (`client_id`, `require_authentication`, the dedupe `prefix`) for the core;
/// another type is `INVALID_CONFIG` saying it must be `expected`.
pub(crate) fn text_option(
    py: Python<'_>,
    option: &str,
    value: Option<&Bound<'_, PyAny>>,
    expected: &str,
) -> PyResult<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let text = value.cast::<PyString>().map_err(|_| {
        let got = type_name(value);
        errors::config(py, format!("{option} must be {expected}, not {got}"))
    })?;
    utf8(py, text, option).map(Some)
}

/// The provider argument as text for the core, which decides whether it names a provider.
/// Text that is not valid Unicode cannot name one: the core refuses it without repeating it.
pub(crate) fn provider_id(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = value.cast::<PyString>().map_err(|_| {
        errors::config(
            py,
            "provider must be a str: \"krebit\", \"sajn\" or \"propper\"",
        )
    })?;
    Ok(text.to_string_lossy().into_owned())
}

fn secret(py: Python<'_>, value: &Bound<'_, PyAny>, index: usize) -> PyResult<Secret> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Secret::text(&utf8(py, s, &format!("secret #{index}"))?));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Secret::bytes(b.as_bytes()));
    }
    if value.is_instance_of::<PyByteArray>() || value.is_instance_of::<PyMemoryView>() {
        let bytes = py.get_type::<PyBytes>().call1((value,))?;
        return Ok(Secret::bytes(bytes.cast::<PyBytes>()?.as_bytes()));
    }
    Err(errors::config(
        py,
        format!(
            "secret #{index} must be str or bytes, not {}",
            type_name(value)
        ),
    ))
}

impl Webhook {
    /// A request as the core takes it: the raw body, the headers it reads, `now` in seconds
    /// (the current time when absent) and the URL text.
    fn request<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
        url: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyBytes>, headers::Flat, i64, String)> {
        Ok((
            body::raw(body)?,
            headers::lookup(headers, self.inner.header_names())?,
            seconds(py, now)?,
            url_text(url)?,
        ))
    }
}

#[pymethods]
impl Webhook {
    /// `Webhook(provider, secret=... | secrets=[...], client_id=None, tolerance=None,
    /// max_body_bytes=None, require_authentication=None)`.
    #[new]
    #[pyo3(signature = (provider, *, secret=None, secrets=None, client_id=None, tolerance=None, max_body_bytes=None, require_authentication=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        provider: &Bound<'_, PyAny>,
        secret: Option<&Bound<'_, PyAny>>,
        secrets: Option<&Bound<'_, PyAny>>,
        client_id: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_body_bytes: Option<&Bound<'_, PyAny>>,
        require_authentication: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let provider = provider_id(py, provider)?;
        let secret = secret.map(|s| self::secret(py, s, 0)).transpose()?;
        let secrets = match secrets {
            Some(list) if list.is_instance_of::<PyList>() || list.is_instance_of::<PyTuple>() => {
                let items = list.try_iter()?.enumerate();
                Some(
                    items
                        .map(|(i, s)| self::secret(py, &s?, i))
                        .collect::<PyResult<Vec<_>>>()?,
                )
            }
            Some(_) => {
                return Err(errors::config(
                    py,
                    "secrets must be a list or tuple of str or bytes (for one secret, use \
                     secret=)",
                ))
            }
            None => None,
        };
        let client_id = text_option(py, "client_id", client_id, "a str")?;
        let require_authentication = text_option(
            py,
            "require_authentication",
            require_authentication,
            "a str (\"hmac-body\", \"hmac-metadata\", \"shared-secret\" or \"client-id\")",
        )?;
        let options = Options {
            provider,
            secret,
            secrets,
            client_id,
            tolerance: tolerance
                .map(|t| number_option(py, "tolerance", t))
                .transpose()?,
            max_body_bytes: max_body_bytes
                .map(|l| number_option(py, "max_body_bytes", l))
                .transpose()?,
            require_authentication,
            spelling: Spelling::SnakeCase,
        };
        let inner = options.build().map_err(|e| errors::to_py(py, &e))?;
        Ok(Webhook { inner })
    }

    /// The provider id, e.g. `propper` or `docusign`.
    #[getter]
    fn provider(&self) -> &'static str {
        self.inner.provider().as_str()
    }

    /// The body limit in bytes.
    #[getter]
    fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes()
    }

    /// The request headers `verify` reads, in lowercase.
    #[getter]
    fn header_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.header_names())
    }

    /// Raises `PAYLOAD_TOO_LARGE` when a body of `length` bytes is over the limit, so that a
    /// reader can stop before it has read the whole body.
    fn check_body_len(&self, py: Python<'_>, length: &Bound<'_, PyAny>) -> PyResult<()> {
        // A length beyond usize is over any limit.
        let length = match length.extract::<usize>() {
            Ok(n) => n,
            Err(_) if length.is_instance_of::<PyInt>() && length.gt(0)? => usize::MAX,
            Err(e) => return Err(e),
        };
        self.inner
            .check_body_len(length)
            .map_err(|e| errors::to_py(py, &e))
    }

    /// Verifies a request and returns its event, or raises `WebhookVerificationError`.
    /// `url` is the request URL (or its path and query), for a provider that signs in it.
    #[pyo3(signature = (body, headers, now=None, url=None))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Event> {
        let (body, flat, now, url) = self.request(py, body, headers, now, url)?;
        let bytes = body.as_bytes();
        // Everything the core reads is owned or immutable: it runs without the GIL, so that a
        // threaded server serves other requests meanwhile.
        let verified = py.detach(|| self.inner.verify_url(bytes, &HeaderList(&flat), &url, now));
        let event = verified.map_err(|e| errors::to_py(py, &e))?;
        Event::new(py, &event, payload(&body, &event))
    }

    /// Like `verify`, for a body that may hold several events (PandaDoc sends an array): a
    /// list of every event, in order; other providers give a list of one.
    #[pyo3(signature = (body, headers, now=None, url=None))]
    fn verify_all(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Event>> {
        let (body, flat, now, url) = self.request(py, body, headers, now, url)?;
        let bytes = body.as_bytes();
        let verified = py.detach(|| self.inner.verify_all(bytes, &HeaderList(&flat), &url, now));
        let events = verified.map_err(|e| errors::to_py(py, &e))?;
        events
            .iter()
            .map(|event| Event::new(py, event, payload(&body, event)))
            .collect()
    }

    /// The answer the provider requires once a delivery is verified and handled (Dropbox
    /// Sign's body text, Adobe's echoed client id); empty when any 2xx will do.
    fn reply(&self) -> Reply {
        self.inner.reply().into()
    }

    /// Whether the provider checks a new URL with a `GET` before it delivers (Adobe):
    /// answer it with `handshake`.
    #[getter]
    fn has_handshake(&self) -> bool {
        self.inner.has_handshake()
    }

    /// The answer to the provider's `GET` check of a new URL, once its client id header is
    /// the configured one (`CLIENT_ID_MISMATCH` otherwise); `None` for a provider that sends
    /// no such check.
    fn handshake(&self, py: Python<'_>, headers: &Bound<'_, PyAny>) -> PyResult<Option<Reply>> {
        let flat = headers::lookup(headers, self.inner.header_names())?;
        let reply = self.inner.handshake(&HeaderList(&flat));
        Ok(reply.map_err(|e| errors::to_py(py, &e))?.map(Reply::from))
    }

    /// For a provider that signs in the URL (PandaDoc), the query it would add for `body`
    /// (`signature=<hex>`, signed with the first secret); `None` for the others.
    fn sign_query(&self, body: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let body = body::raw(body)?;
        Ok(self.inner.sign_query(body.as_bytes()))
    }

    /// The headers the provider would send with `body` at `now` (default: the current time),
    /// signed with the first secret.
    #[pyo3(signature = (body, now=None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let body = body::raw(body)?;
        let now = seconds(py, now)?;
        let headers = PyDict::new(py);
        for (name, value) in self.inner.sign_at(body.as_bytes(), now) {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let quoted = |s: &str| -> PyResult<String> {
            Ok(PyString::new(py, s).repr()?.to_cow()?.into_owned())
        };
        let mut out = format!(
            "Webhook(provider={}, secrets=<{} redacted>",
            quoted(self.inner.provider().as_str())?,
            self.inner.secret_count()
        );
        if let Some(c) = self.inner.client_id() {
            out.push_str(&format!(", client_id={}", quoted(c)?));
        }
        if let Some(t) = self.inner.tolerance() {
            out.push_str(&format!(", tolerance={t}"));
        }
        out.push_str(&format!(
            ", max_body_bytes={})",
            self.inner.max_body_bytes()
        ));
        Ok(out)
    }
}
