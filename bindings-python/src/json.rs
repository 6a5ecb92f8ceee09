//! The verified body as Python objects, equal to what `json.loads` returns for it.
//!
//! The core has already checked that the body is a UTF-8 JSON object nesting at most 128
//! levels, so this reader builds objects directly from the text. Wherever `json.loads` has
//! a behaviour this reader does not reproduce exactly (a lone UTF-16 surrogate escape, an
//! integer Python refuses to convert), it gives up and the caller uses `json.loads` itself.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString};

/// Why the fast reader stopped.
enum Stop {
    /// Leave this body to `json.loads`.
    Fallback,
    /// A Python error (out of memory and the like); boxed to keep results small.
    Python(Box<PyErr>),
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Self {
        Stop::Python(Box::new(e))
    }
}

type Step<T> = Result<T, Stop>;

/// Parses `text`, or `Ok(None)` when `json.loads` must be used instead.
pub(crate) fn loads<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Ok(source) = std::str::from_utf8(text) else {
        return Ok(None);
    };
    let mut reader = Reader {
        py,
        source,
        text,
        at: 0,
        keys: KeyCache::new(text.len()),
        scratch: String::new(),
    };
    let value = match reader.value() {
        Ok(v) => v,
        Err(Stop::Fallback) => return Ok(None),
        Err(Stop::Python(e)) => return Err(*e),
    };
    reader.skip_whitespace();
    Ok((reader.at == text.len()).then_some(value))
}

struct Reader<'t, 'py> {
    py: Python<'py>,
    /// The body, checked to be UTF-8 once; `text` is the same as bytes.
    source: &'t str,
    text: &'t [u8],
    at: usize,
    keys: KeyCache<'t, 'py>,
    scratch: String,
}

impl<'t, 'py> Reader<'t, 'py> {
    fn peek(&self) -> Step<u8> {
        self.text.get(self.at).copied().ok_or(Stop::Fallback)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Step<()> {
        self.skip_whitespace();
        if self.peek()? != byte {
            return Err(Stop::Fallback);
        }
        self.at += 1;
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Step<()> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Stop::Fallback)
        }
    }

    fn value(&mut self) -> Step<Bound<'py, PyAny>> {
        self.skip_whitespace();
        let py = self.py;
        Ok(match self.peek()? {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => self.string()?.into_any(),
            b't' => {
                self.literal(b"true")?;
                pyo3::types::PyBool::new(py, true).to_owned().into_any()
            }
            b'f' => {
                self.literal(b"false")?;
                pyo3::types::PyBool::new(py, false).to_owned().into_any()
            }
            b'n' => {
                self.literal(b"null")?;
                py.None().into_bound(py)
            }
            _ => self.number()?,
        })
    }

    fn object(&mut self) -> Step<Bound<'py, PyAny>> {
        self.at += 1;
        let dict = PyDict::new(self.py);
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Ok(dict.into_any());
        }
        loop {
            self.skip_whitespace();
            let key = self.key()?;
            self.expect(b':')?;
            let value = self.value()?;
            dict.set_item(key, value)?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Ok(dict.into_any());
                }
                _ => return Err(Stop::Fallback),
            }
        }
    }

    fn array(&mut self) -> Step<Bound<'py, PyAny>> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                items.push(self.value()?);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => self.at += 1,
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(Stop::Fallback),
                }
            }
        }
        Ok(PyList::new(self.py, items)?.into_any())
    }

    fn key(&mut self) -> Step<Bound<'py, PyString>> {
        let start = self.at;
        if self.peek()? != b'"' {
            return Err(Stop::Fallback);
        }
        let (raw, quoted_end) = self.raw_string()?;
        let slot = self.keys.slot(raw);
        if let Some(key) = self.keys.get(slot, raw) {
            self.at = quoted_end;
            return Ok(key.clone());
        }
        self.at = start;
        let key = self.string()?;
        self.keys.entries[slot] = Some((raw, key.clone()));
        Ok(key)
    }

    /// The text between the quotes at `self.at` (escapes still in), and where it ends.
    fn raw_string(&self) -> Step<(&'t str, usize)> {
        let text = self.text;
        let start = self.at + 1;
        let mut i = start;
        loop {
            let next = text[i..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .ok_or(Stop::Fallback)?;
            i += next;
            if text[i] == b'"' {
                // Quotes are ASCII, so both ends are character boundaries.
                let raw = self.source.get(start..i).ok_or(Stop::Fallback)?;
                return Ok((raw, i + 1));
            }
            i += 2;
            if i > text.len() {
                return Err(Stop::Fallback);
            }
        }
    }

    fn string(&mut self) -> Step<Bound<'py, PyString>> {
        let (raw, end) = self.raw_string()?;
        self.at = end;
        if !raw.contains('\\') {
            return Ok(PyString::new(self.py, raw));
        }
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let made = unescape(raw, &mut out).map(|()| PyString::new(self.py, &out));
        self.scratch = out;
        made
    }

    fn number(&mut self) -> Step<Bound<'py, PyAny>> {
        let start = self.at;
        let mut float = false;
        while let Some(&b) = self.text.get(self.at) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.at += 1;
        }
        let s = self.source.get(start..self.at).ok_or(Stop::Fallback)?;
        if s.is_empty() {
            return Err(Stop::Fallback);
        }
        let py = self.py;
        if float {
            // Rust and Python both round decimal text to the nearest double.
            let f: f64 = s.parse().map_err(|_| Stop::Fallback)?;
            return Ok(PyFloat::new(py, f).into_any());
        }
        if let Ok(n) = s.parse::<i64>() {
            return Ok(PyInt::new(py, n).into_any());
        }
        // Larger integers: Python's own `int`, with its own limits (as `json.loads`).
        py.get_type::<PyInt>()
            .call1((s,))
            .map_err(|_| Stop::Fallback)
    }
}

/// Object keys already made, by their raw text, so that repeated keys share one `str` (as
/// `json.loads` does). Direct-mapped: a key that collides simply replaces the older one.
struct KeyCache<'t, 'py> {
    entries: Vec<Option<(&'t str, Bound<'py, PyString>)>>,
}

impl<'t, 'py> KeyCache<'t, 'py> {
    /// Enough slots for the keys of a body of `len` bytes, from 16 to 512.
    fn new(len: usize) -> Self {
        let slots = (len / 64).clamp(16, 512).next_power_of_two();
        KeyCache {
            entries: vec![None; slots],
        }
    }

    /// FNV-1a of the key's raw text, folded onto the slots.
    fn slot(&self, raw: &str) -> usize {
        let mut hash: u32 = 0x811c_9dc5;
        for &b in raw.as_bytes() {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        (hash as usize) & (self.entries.len() - 1)
    }

    fn get(&self, slot: usize, raw: &str) -> Option<&Bound<'py, PyString>> {
        match &self.entries[slot] {
            Some((seen, key)) if *seen == raw => Some(key),
            _ => None,
        }
    }
}

/// Decodes a JSON string's escapes into `out`. A lone surrogate (which Python keeps in a
/// `str` but Rust cannot) stops the fast reader.
fn unescape(raw: &str, out: &mut String) -> Step<()> {
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = rest.as_bytes().get(i + 1).copied().ok_or(Stop::Fallback)?;
        rest = rest.get(i + 2..).ok_or(Stop::Fallback)?;
        out.push(match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = hex4(&mut rest)?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        let low = rest
                            .strip_prefix("\\u")
                            .and_then(|r| {
                                let mut r = r;
                                hex4(&mut r).ok().map(|low| (low, r))
                            })
                            .filter(|(low, _)| (0xDC00..=0xDFFF).contains(low));
                        let (low, after) = low.ok_or(Stop::Fallback)?;
                        rest = after;
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(Stop::Fallback),
                    _ => unit,
                };
                char::from_u32(code).ok_or(Stop::Fallback)?
            }
            _ => return Err(Stop::Fallback),
        });
    }
    out.push_str(rest);
    Ok(())
}

fn hex4(rest: &mut &str) -> Step<u32> {
    let digits = rest.get(..4).ok_or(Stop::Fallback)?;
    let unit = u32::from_str_radix(digits, 16).map_err(|_| Stop::Fallback)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Stop::Fallback);
    }
    *rest = &rest[4..];
    Ok(unit)
}
