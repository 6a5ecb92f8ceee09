//! ISO 8601 timestamps to Unix seconds and back, without a clock.
//!
//! Years are four digits, 0000 to 9999 (RFC 3339, and ISO 8601 without the expanded
//! representation), in the proleptic Gregorian calendar. A written date must exist
//! (`2026-02-31` does not); a Unix time outside those years has no text here, so
//! [`format_unix`] answers `None` for it.

use alloc::{format, string::String};

/// `0000-01-01T00:00:00Z`, the first second with a four-digit year.
pub(crate) const MIN_UNIX: i64 = -62_167_219_200;
/// `9999-12-31T23:59:59Z`, the last second with a four-digit year.
pub(crate) const MAX_UNIX: i64 = 253_402_300_799;

/// Whether `y` is a leap year (proleptic Gregorian).
fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The number of days in month `m` (1–12) of year `y`.
fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`; `None` outside the years 0000–9999
/// ([`MIN_UNIX`] to [`MAX_UNIX`]).
pub(crate) fn format_unix(secs: i64) -> Option<String> {
    if !(MIN_UNIX..=MAX_UNIX).contains(&secs) {
        return None;
    }
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    ))
}

/// Parses `YYYY-MM-DD[T| ]HH:MM:SS[.frac][Z|±HH:MM|±HHMM]` (no offset means UTC) into Unix
/// seconds; `None` when the text has another shape or names a date or time that does not
/// exist. A leap second (`:60`) counts as the first second of the next minute.
pub(crate) fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |range: core::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=days_in_month(y, mo)).contains(&d) {
        return None;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, tail @ ..] => {
            let mins = match tail {
                [b':', a, b] | [a, b] => [*a, *b],
                _ => return None,
            };
            let two = |p: [u8; 2]| -> Option<i64> {
                (p[0].is_ascii_digit() && p[1].is_ascii_digit())
                    .then(|| i64::from((p[0] - b'0') * 10 + (p[1] - b'0')))
            };
            let (oh, om) = (two([*oh1, *oh2])?, two(mins)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let total = oh * 3600 + om * 60;
            if *sign == b'+' {
                total
            } else {
                -total
            }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_providers_send() {
        assert_eq!(parse_iso8601("2026-01-01T00:00:00Z"), Some(1_767_225_600));
        assert_eq!(
            parse_iso8601("2026-01-01T00:00:00.123456Z"),
            Some(1_767_225_600)
        );
        assert_eq!(
            parse_iso8601("2026-01-01 02:00:00+02:00"),
            Some(1_767_225_600)
        );
        assert_eq!(
            parse_iso8601("2025-12-31T19:00:00-0500"),
            Some(1_767_225_600)
        );
        assert_eq!(parse_iso8601("2026-01-01T00:00:00"), Some(1_767_225_600));
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "",
            "2026-01-01",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00Zjunk",
            "yesterday",
            "2026-01-01T00:00:00.",
            "-249-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2026-02-31T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-06-31T00:00:00Z",
            "2026-09-31T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-01-32T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:61Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        for (leap, secs) in [
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2000-02-29T00:00:00Z", 951_782_400),
            ("0000-02-29T00:00:00Z", MIN_UNIX + 59 * 86_400),
        ] {
            assert_eq!(parse_iso8601(leap), Some(secs), "{leap}");
        }
        // A leap second is the next minute's first second.
        assert_eq!(
            parse_iso8601("2016-12-31T23:59:60Z"),
            parse_iso8601("2017-01-01T00:00:00Z")
        );
    }

    #[test]
    fn formats_unix_seconds() {
        let f = |secs| format_unix(secs).unwrap();
        assert_eq!(f(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(f(0), "1970-01-01T00:00:00Z");
        assert_eq!(f(951_825_599), "2000-02-29T11:59:59Z");
        assert_eq!(parse_iso8601(&f(-86_401)), Some(-86_401));
    }

    #[test]
    fn years_are_bounded_to_four_digits() {
        assert_eq!(format_unix(MIN_UNIX).unwrap(), "0000-01-01T00:00:00Z");
        assert_eq!(format_unix(MAX_UNIX).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(parse_iso8601("0000-01-01T00:00:00Z"), Some(MIN_UNIX));
        assert_eq!(parse_iso8601("9999-12-31T23:59:59Z"), Some(MAX_UNIX));
        for out in [MIN_UNIX - 1, MAX_UNIX + 1, i64::MIN, i64::MAX] {
            assert_eq!(format_unix(out), None, "{out}");
        }
    }
}
