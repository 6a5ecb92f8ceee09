//! The JSON of a body sent as `multipart/form-data` (Dropbox Sign keeps it in field `json`):
//! one bounded scan for the named part, whose bytes are returned as a slice of the body, so
//! the event's payload is still the bytes that arrived. A body sent as JSON is used as it is.
//!
//! The scan is kept here rather than taken from a multipart crate: the ones maintained read
//! from async streams, and the core does no I/O and builds for WebAssembly; this needs only
//! to find one part of a body already in memory, with `memchr`'s substring search.

use crate::{Error, Headers};
use alloc::format;
use memchr::memmem;

/// The longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// The JSON the request carries: the `field` part of a `multipart/form-data` body, or the
/// whole body when it is sent as JSON (or with no content type).
pub(crate) fn json_field<'b, H: Headers + ?Sized>(
    body: &'b [u8],
    headers: &H,
    field: &str,
) -> Result<&'b [u8], Error> {
    let mut content_type = None;
    headers.for_each_value("content-type", &mut |v| {
        content_type.get_or_insert_with(|| alloc::string::String::from_utf8_lossy(v).into_owned());
    });
    let Some(content_type) = content_type else {
        return Ok(body);
    };
    let mut params = content_type.split(';');
    let media = params.next().unwrap_or_default().trim();
    if media.eq_ignore_ascii_case("multipart/form-data") {
        let boundary = params
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v.trim().trim_matches('"'))
            .filter(|b| !b.is_empty() && b.len() <= MAX_BOUNDARY)
            .ok_or_else(|| Error::InvalidPayload {
                detail: "the multipart/form-data Content-Type has no usable boundary".into(),
            })?;
        return part(body, boundary.as_bytes(), field).ok_or_else(|| Error::InvalidPayload {
            detail: format!("the multipart/form-data body has no complete `{field}` field"),
        });
    }
    let json = media.eq_ignore_ascii_case("application/json")
        || media.is_empty()
        || media
            .get(media.len().saturating_sub(5)..)
            .is_some_and(|t| t.eq_ignore_ascii_case("+json"));
    if json {
        return Ok(body);
    }
    Err(Error::InvalidPayload {
        detail: format!(
            "expected a multipart/form-data body with a `{field}` field, or a JSON body; the \
             Content-Type is something else"
        ),
    })
}

/// The content of the first part named `name`, or `None` when there is none or the body
/// ends before its closing delimiter.
fn part<'b>(body: &'b [u8], boundary: &[u8], name: &str) -> Option<&'b [u8]> {
    let mut delimiter = alloc::vec::Vec::with_capacity(boundary.len() + 4);
    delimiter.extend_from_slice(b"\r\n--");
    delimiter.extend_from_slice(boundary);
    let next = memmem::Finder::new(&delimiter);
    // The first delimiter may open the body, without the line break before it.
    let mut at = if body.starts_with(&delimiter[2..]) {
        delimiter.len() - 2
    } else {
        next.find(body)? + delimiter.len()
    };
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return None; // the closing delimiter
        }
        // Transport padding, then the line break that ends the delimiter line.
        let line_end = memmem::find(rest, b"\r\n")?;
        if !rest[..line_end].iter().all(|&b| b == b' ' || b == b'\t') {
            return None;
        }
        let start = at + line_end + 2;
        let head_len = if body[start..].starts_with(b"\r\n") {
            0
        } else {
            memmem::find(&body[start..], b"\r\n\r\n")? + 2
        };
        let content = start + head_len + 2;
        let end = content + next.find(&body[content..])?;
        if names(&body[start..start + head_len], name) {
            return Some(&body[content..end]);
        }
        at = end + delimiter.len();
    }
}

/// Whether a part's header lines say `Content-Disposition: form-data; name="<name>"`.
fn names(head: &[u8], name: &str) -> bool {
    head.split(|&b| b == b'\n').any(|line| {
        let line = core::str::from_utf8(line).unwrap_or_default().trim_end();
        let Some((key, value)) = line.split_once(':') else {
            return false;
        };
        key.trim().eq_ignore_ascii_case("content-disposition")
            && value.split(';').skip(1).any(|p| {
                p.split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("name") && v.trim().trim_matches('"') == name
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::{string::String, vec};

    fn form(boundary: &str, parts: &[(&str, &str)]) -> String {
        let mut body = String::new();
        for (name, value) in parts {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        body
    }

    fn field<'b>(body: &'b [u8], content_type: &str) -> Result<&'b [u8], Error> {
        json_field(body, &[("content-type", content_type)][..], "json")
    }

    #[test]
    fn the_json_field_is_a_slice_of_the_body() {
        let body = form("XyZ", &[("other", "x"), ("json", "{\"a\":1}")]);
        let got = field(body.as_bytes(), "multipart/form-data; boundary=XyZ").unwrap();
        assert_eq!(got, b"{\"a\":1}");
        let quoted = field(body.as_bytes(), "Multipart/Form-Data; boundary=\"XyZ\"").unwrap();
        assert_eq!(quoted, b"{\"a\":1}");
    }

    #[test]
    fn a_value_holding_the_boundary_text_without_a_line_break_stays_whole() {
        let body = form("b", &[("json", "{\"a\":\"--b\"}")]);
        let got = field(body.as_bytes(), "multipart/form-data; boundary=b").unwrap();
        assert_eq!(got, b"{\"a\":\"--b\"}");
    }

    #[test]
    fn json_bodies_pass_through_and_other_types_are_refused() {
        assert_eq!(
            field(b"{}", "application/json; charset=utf-8").unwrap(),
            b"{}"
        );
        assert_eq!(
            json_field(b"{}", &[][..] as &[(&str, &str)], "json").unwrap(),
            b"{}"
        );
        let err = field(b"json=%7B%7D", "application/x-www-form-urlencoded").unwrap_err();
        assert_eq!(err.code(), "INVALID_PAYLOAD");
    }

    #[test]
    fn missing_fields_boundaries_and_truncated_bodies_are_invalid_payloads() {
        let body = form("b", &[("other", "{}")]);
        for (body, content_type) in [
            (body.as_bytes(), "multipart/form-data; boundary=b"),
            (b"".as_slice(), "multipart/form-data; boundary=b"),
            (
                b"--b\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{}".as_slice(),
                "multipart/form-data; boundary=b",
            ),
            (b"{}".as_slice(), "multipart/form-data"),
            (b"{}".as_slice(), "multipart/form-data; boundary="),
        ] {
            let err = field(body, content_type).unwrap_err();
            assert_eq!(err.code(), "INVALID_PAYLOAD", "{content_type}");
        }
        let long = vec![b'a'; MAX_BOUNDARY + 1];
        let long = format!(
            "multipart/form-data; boundary={}",
            String::from_utf8(long).unwrap()
        );
        assert!(field(b"", &long).is_err());
    }
}
