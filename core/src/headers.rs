//! Where request headers come from: anything that can list a header's values.

use alloc::vec::Vec;

/// Request headers as signhook reads them.
///
/// Implemented for slices, arrays and vectors of `(name, value)` pairs (repeated
/// names allowed, as proxies send them) and, with the `http` feature, for
/// `http::HeaderMap`. Names are matched ASCII-case-insensitively.
///
/// ```
/// use signhook::Headers;
/// let headers = [("x-signature", "ab"), ("X-Signature", "cd")];
/// let mut seen = Vec::new();
/// headers.for_each_value("X-SIGNATURE", &mut |v| seen.push(v.to_vec()));
/// assert_eq!(seen, [b"ab".to_vec(), b"cd".to_vec()]);
/// ```
pub trait Headers {
    /// Calls `f` with each value of the header `name`, in order.
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8]));

    /// The first value of the header `name`, if any (copied).
    fn first_value(&self, name: &str) -> Option<Vec<u8>> {
        let mut first = None;
        self.for_each_value(name, &mut |v| {
            if first.is_none() {
                first = Some(v.to_vec());
            }
        });
        first
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for [(K, V)] {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        for (k, v) in self {
            if k.as_ref().eq_ignore_ascii_case(name) {
                f(v.as_ref());
            }
        }
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, const N: usize> Headers for [(K, V); N] {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        self.as_slice().for_each_value(name, f);
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for Vec<(K, V)> {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        self.as_slice().for_each_value(name, f);
    }
}

/// Headers as a flat list `[name, value, name, value, ...]`, the shape bindings hand over
/// after looking up [`Webhook::header_names`](crate::Webhook::header_names) in their
/// runtime's own header object. A trailing name without a value is ignored.
///
/// ```
/// use signhook::{HeaderList, Headers};
/// let flat = ["X-Signature", "ab", "x-signature", "cd", "dangling"];
/// let mut seen = Vec::new();
/// HeaderList(&flat).for_each_value("x-signature", &mut |v| seen.push(v.to_vec()));
/// assert_eq!(seen, [b"ab".to_vec(), b"cd".to_vec()]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct HeaderList<'a, S>(pub &'a [S]);

impl<S: AsRef<str>> Headers for HeaderList<'_, S> {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        for pair in self.0.chunks_exact(2) {
            if pair[0].as_ref().eq_ignore_ascii_case(name) {
                f(pair[1].as_ref().as_bytes());
            }
        }
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        (**self).for_each_value(name, f);
    }
}

#[cfg(feature = "http")]
impl Headers for http::HeaderMap {
    fn for_each_value(&self, name: &str, f: &mut dyn FnMut(&[u8])) {
        // HeaderMap stores names in lowercase; `get_all` with a &str lowercases too.
        for v in self.get_all(name) {
            f(v.as_bytes());
        }
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use super::*;

    #[test]
    fn header_map_is_case_insensitive_and_keeps_repeats() {
        let mut map = http::HeaderMap::new();
        map.append("x-sajn-signature", "aa".parse().unwrap());
        map.append("X-Sajn-Signature", "bb".parse().unwrap());
        let mut seen = Vec::new();
        map.for_each_value("X-SAJN-SIGNATURE", &mut |v| seen.push(v.to_vec()));
        assert_eq!(seen, [b"aa".to_vec(), b"bb".to_vec()]);
    }
}
