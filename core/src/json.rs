//! A small, strict JSON reader made for webhook bodies: it checks every byte of the body
//! (RFC 8259 grammar, paired surrogate escapes, numbers an f64 can hold, at most
//! [`MAX_DEPTH`] levels of nesting) while handing the caller only the fields it asks for,
//! borrowed from the body when they hold no escapes. Strings, most of a webhook body, are
//! scanned eight bytes at a time.

use alloc::{borrow::Cow, string::String};

/// How deeply arrays and objects may nest (the body's own object is level 1).
pub(crate) const MAX_DEPTH: usize = 128;

/// Why a body is not valid JSON, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// What was wrong.
    pub(crate) what: &'static str,
    /// Byte offset in the body.
    pub(crate) at: usize,
}

pub(crate) type Result<T> = core::result::Result<T, JsonError>;

/// One scalar as read: a string, an integer, or any other (validated) value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Scalar<'a> {
    /// Absent, null, a non-integer number, a bool, an array or an object.
    #[default]
    Other,
    /// A string, borrowed when it holds no escapes.
    Str(Cow<'a, str>),
    /// An integer that fits an `i64` or a `u64`.
    Int(i128),
}

impl<'a> Scalar<'a> {
    /// A string as it is, an integer as decimal text.
    pub(crate) fn into_text(self) -> Option<Cow<'a, str>> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(n) => Some(Cow::Owned(alloc::string::ToString::to_string(&n))),
            Scalar::Other => None,
        }
    }
}

/// A cursor over a JSON text.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn fail<T>(&self, what: &'static str) -> Result<T> {
        Err(JsonError { what, at: self.pos })
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `byte` (after whitespace) or fails with `what`.
    fn expect(&mut self, byte: u8, what: &'static str) -> Result<()> {
        self.skip_ws();
        if self.peek() != Some(byte) {
            return self.fail(what);
        }
        self.pos += 1;
        Ok(())
    }

    /// After the top-level value: only whitespace may follow.
    pub(crate) fn finish(&mut self) -> Result<()> {
        self.skip_ws();
        if self.pos != self.text.len() {
            return self.fail("unexpected characters after the JSON value");
        }
        Ok(())
    }

    /// Whether the next value is an object.
    pub(crate) fn at_object(&mut self) -> bool {
        self.skip_ws();
        self.peek() == Some(b'{')
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("nested deeper than 128 levels");
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads an object, calling `field` with each key; `field` must read the value (with
    /// [`scalar`](Reader::scalar), [`skip`](Reader::skip) or an object reader).
    pub(crate) fn object(
        &mut self,
        field: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.object_with(true, field)
    }

    /// [`object`](Reader::object), with keys decoded only when `keys` is set.
    fn object_with(
        &mut self,
        keys: bool,
        mut field: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return self.fail("expected a JSON object");
        }
        self.enter()?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return self.fail("expected a string key");
            }
            let key = self.string(keys)?;
            self.expect(b':', "expected `:` after a key")?;
            field(self, key)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => break,
                _ => return self.fail("expected `,` or `}` in an object"),
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    /// Reads any value as a [`Scalar`].
    pub(crate) fn scalar(&mut self) -> Result<Scalar<'a>> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.string(true).map(Scalar::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(|n| n.map_or(Scalar::Other, Scalar::Int)),
            _ => self.skip().map(|()| Scalar::Other),
        }
    }

    /// Whether the next value is an array.
    pub(crate) fn at_array(&mut self) -> bool {
        self.skip_ws();
        self.peek() == Some(b'[')
    }

    /// The byte offset of the next value (after whitespace).
    pub(crate) fn position(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    /// The byte offset just past the last value read.
    pub(crate) fn end(&self) -> usize {
        self.pos
    }

    /// Reads an array, calling `item` for each element; `item` must read the element.
    pub(crate) fn array(&mut self, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.skip_ws();
        if self.peek() != Some(b'[') {
            return self.fail("expected a JSON array");
        }
        self.enter()?;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                item(self)?;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.fail("expected `,` or `]` in an array"),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads and checks any value, keeping nothing.
    pub(crate) fn skip(&mut self) -> Result<()> {
        self.skip_ws();
        match self.peek() {
            Some(b'{') => self.object_with(false, |r, _| r.skip()),
            Some(b'[') => self.array(Self::skip),
            Some(b'"') => self.scan_string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            None => self.fail("unexpected end of the body"),
            Some(_) => self.fail("expected a JSON value"),
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<()> {
        if !self.bytes()[self.pos..].starts_with(word.as_bytes()) {
            return self.fail("expected a JSON value");
        }
        self.pos += word.len();
        Ok(())
    }

    /// Reads a number; returns it when it is an integer that fits an `i64` or a `u64`.
    fn number(&mut self) -> Result<Option<i128>> {
        let bytes = self.bytes();
        let start = self.pos;
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut i = start + usize::from(bytes[start] == b'-');
        let int_digits = digits(i);
        if int_digits == 0 || (bytes[i] == b'0' && int_digits > 1) {
            self.pos = i;
            return self.fail("invalid number");
        }
        i += int_digits;
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            let n = digits(i + 1);
            if n == 0 {
                self.pos = i;
                return self.fail("invalid number");
            }
            i += 1 + n;
            integer = false;
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            let n = digits(i);
            if n == 0 {
                self.pos = i;
                return self.fail("invalid number");
            }
            i += n;
            integer = false;
        }
        let text = &self.text[start..i];
        self.pos = i;
        if integer {
            if let Some(n) = text
                .parse::<i64>()
                .ok()
                .map(i128::from)
                .or_else(|| text.parse::<u64>().ok().map(i128::from))
            {
                return Ok(Some(n));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(None),
            _ => {
                self.pos = start;
                self.fail("a number too large for a 64-bit float")
            }
        }
    }

    /// Reads a string at the opening quote. With `decode`, escapes are decoded (the result is
    /// owned only then); without, the string is only checked and an empty string returned.
    fn string(&mut self, decode: bool) -> Result<Cow<'a, str>> {
        let start = self.pos + 1;
        let escaped = self.scan_string()?;
        if !decode {
            return Ok(Cow::Borrowed(""));
        }
        let raw = &self.text[start..self.pos - 1];
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        // Rare: decode the escapes (already checked by the scan).
        let mut out = String::with_capacity(raw.len());
        let mut segment = start;
        let mut i = start;
        while let Some(offset) = self.bytes()[i..self.pos - 1]
            .iter()
            .position(|&b| b == b'\\')
        {
            let at = i + offset;
            let (ch, len) = self.escape(at)?;
            out.push_str(&self.text[segment..at]);
            out.push(ch);
            i = at + len;
            segment = i;
        }
        out.push_str(&self.text[segment..self.pos - 1]);
        Ok(Cow::Owned(out))
    }

    /// Checks the string at the opening quote and moves past its closing quote; returns
    /// whether it holds escapes.
    #[inline(always)]
    fn scan_string(&mut self) -> Result<bool> {
        let bytes = self.bytes();
        let mut i = self.pos + 1;
        let mut escaped = false;
        loop {
            i = plain_run_end(bytes, i);
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    self.pos = i;
                    i += self.escape(i)?.1;
                    escaped = true;
                }
                Some(_) => {
                    self.pos = i;
                    return self.fail("a control character in a string");
                }
                None => {
                    self.pos = i;
                    return self.fail("an unterminated string");
                }
            }
        }
    }

    /// Decodes the escape at `at` (a backslash): the character and the escape's length.
    fn escape(&self, at: usize) -> Result<(char, usize)> {
        let bytes = self.bytes();
        let simple = match bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = |from: usize| -> Option<u32> {
                    let hex = bytes.get(from..from + 4)?;
                    hex.iter()
                        .try_fold(0u32, |acc, &c| Some(acc * 16 + char::from(c).to_digit(16)?))
                };
                let bad = |what| Err(JsonError { what, at });
                return match unit(at + 2) {
                    None => bad("an invalid \\u escape"),
                    Some(high @ 0xD800..=0xDBFF) => {
                        let low = (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                            .then(|| unit(at + 8))
                            .flatten();
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                                char::from_u32(c)
                                    .map(|c| (c, 12))
                                    .map_or_else(|| bad("an invalid \\u escape"), Ok)
                            }
                            _ => bad("an unpaired surrogate \\u escape"),
                        }
                    }
                    Some(0xDC00..=0xDFFF) => bad("an unpaired surrogate \\u escape"),
                    Some(c) => char::from_u32(c)
                        .map(|c| (c, 6))
                        .map_or_else(|| bad("an invalid \\u escape"), Ok),
                };
            }
            _ => {
                return Err(JsonError {
                    what: "an invalid escape",
                    at,
                })
            }
        };
        Ok((simple, 2))
    }
}

/// The index of the first byte at or after `i` that is `"`, `\` or a control character,
/// or `bytes.len()`. Eight bytes at a time: a byte equal to `x` is a zero byte in `w ^ x`.
#[inline(always)]
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*chunk);
        let hits = zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS);
        if hits != 0 {
            // The lowest flagged byte is exact; borrows only disturb the bytes above it.
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::{format, vec::Vec};

    /// Reads `text` as a whole value, returning the error's description if any.
    fn check(text: &str) -> core::result::Result<(), &'static str> {
        let mut r = Reader::new(text);
        r.skip().and_then(|()| r.finish()).map_err(|e| e.what)
    }

    #[test]
    fn accepts_the_json_grammar() {
        for ok in [
            "{}",
            "[]",
            r#"{"a":[1,-2,3.5,-0.0,1e10,1E-2,2e+3,true,false,null,"x"]}"#,
            " { \"a\" : { \"b\" : [ ] } } \n",
            r#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#,
            "0",
            "-0",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_json_parsers_reject() {
        for bad in [
            "",
            "{",
            "{]",
            r#"{"a"}"#,
            r#"{"a":1,}"#,
            "[1,]",
            "[1 2]",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "tru",
            "nul",
            r#""abc"#,
            "\"a\tb\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\ud83d""#,
            r#""\ude00x""#,
            r#""\ud83d\u0041""#,
            "1e999",
            "-1e400",
            "{} {}",
            "{'a':1}",
            "NaN",
            "\u{feff}{}",
        ] {
            assert!(check(bad).is_err(), "{bad:?} was accepted");
        }
        let ninety_digits = "9".repeat(90);
        assert_eq!(
            check(&ninety_digits),
            Ok(()),
            "a big integer is a finite float"
        );
        assert!(check(&"9".repeat(400)).is_err(), "past f64");
    }

    #[test]
    fn nesting_is_bounded_at_128_levels() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(check(&nest(128)), Ok(()));
        assert_eq!(check(&nest(129)), Err("nested deeper than 128 levels"));
        assert_eq!(check(&nest(100_000)), Err("nested deeper than 128 levels"));
    }

    #[test]
    fn strings_borrow_unless_they_hold_escapes() {
        let mut r = Reader::new(r#"["plain", "caf\u00e9 \"x\""]"#);
        let mut seen = Vec::new();
        r.pos = 1;
        seen.push(r.scalar().unwrap());
        r.expect(b',', "").unwrap();
        seen.push(r.scalar().unwrap());
        assert!(matches!(&seen[0], Scalar::Str(Cow::Borrowed("plain"))));
        assert!(matches!(&seen[1], Scalar::Str(Cow::Owned(s)) if s == "café \"x\""));
    }

    #[test]
    fn integers_are_kept_and_other_numbers_are_not() {
        fn read(t: &str) -> Scalar<'_> {
            Reader::new(t).scalar().unwrap()
        }
        assert_eq!(read("-42"), Scalar::Int(-42));
        assert_eq!(read("18446744073709551615"), Scalar::Int(u64::MAX.into()));
        assert_eq!(read("18446744073709551616"), Scalar::Other);
        assert_eq!(read("1.5"), Scalar::Other);
        assert_eq!(read("[1]"), Scalar::Other);
    }

    #[test]
    fn the_fast_scan_finds_the_first_special_byte() {
        for (text, at) in [
            ("abcdefghij\"", 10),
            ("ab\\", 2),
            ("abcdefgh\u{1}", 8),
            ("ééééé\"", 10),
            ("plain", 5),
        ] {
            assert_eq!(plain_run_end(text.as_bytes(), 0), at, "{text:?}");
        }
    }
}
