//! Event times against chrono, through the public API: a written time is read (the replay
//! window reports what it read) exactly when chrono says the date and time exist, to the
//! same Unix second, and Unix seconds are written as chrono writes them, for the years
//! 0000–9999, and left out beyond.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use proptest::prelude::*;
use signhook::{Error, Provider, Webhook};

/// `0000-01-01T00:00:00Z` and `9999-12-31T23:59:59Z`.
const FIRST: i64 = -62_167_219_200;
const LAST: i64 = 253_402_300_799;

/// The Unix time the core reads from a Propper `created` field (written as `created`, JSON
/// included), or `None` when it cannot read one.
fn read(created: &str) -> Option<i64> {
    let webhook = Webhook::builder(Provider::Propper)
        .secret("s")
        .tolerance(0)
        .build()
        .unwrap();
    let body = format!(r#"{{"type":"document.sent","created":{created}}}"#);
    let headers = webhook.sign(body.as_bytes());
    // No time read from a body is i64::MIN, so the window always reports what it read.
    match webhook.verify(body.as_bytes(), &headers, i64::MIN) {
        Err(Error::TimestampOutOfRange { occurred_at, .. }) => occurred_at,
        other => panic!("{created}: {other:?}"),
    }
}

/// The event time the core writes for Unix seconds.
fn write(secs: i64) -> Option<String> {
    let webhook = Webhook::builder(Provider::Propper)
        .secret("s")
        .build()
        .unwrap();
    let body = format!(r#"{{"type":"document.sent","created":{secs}}}"#);
    let event = webhook
        .verify(body.as_bytes(), &webhook.sign(body.as_bytes()), 0)
        .unwrap();
    event.occurred_at.map(|t| t.into_owned())
}

/// chrono's text for Unix seconds, where the year has four digits.
fn chrono_text(secs: i64) -> Option<String> {
    let t = DateTime::from_timestamp(secs, 0)?;
    (0..=9999).contains(&t.year()).then(|| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    })
}

/// chrono's Unix time for a UTC date and time; second 60 is the next minute's first second.
fn chrono_secs(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let leap = i64::from(s == 60);
    let t = NaiveDate::from_ymd_opt(y, m, d)?.and_hms_opt(h, mi, s - leap as u32)?;
    Some(t.and_utc().timestamp() + leap)
}

/// Days 28 to 31 far more often than chance, where month lengths decide.
fn day() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..=32, 28u32..=31]
}

/// Every year, and the leap-year rule's centuries more often.
fn year() -> impl Strategy<Value = i32> {
    prop_oneof![0i32..=9999, (0i32..=99).prop_map(|c| c * 100)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// A UTC time is read exactly when chrono says it exists, to the same second.
    #[test]
    fn dates_are_read_when_chrono_says_they_exist(y in year(), m in 0u32..=13, d in day(),
                                                  h in 0u32..=24, mi in 0u32..=60, s in 0u32..=61) {
        let text = format!("\"{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z\"");
        prop_assert_eq!(read(&text), chrono_secs(y, m, d, h, mi, s), "{}", text);
    }

    /// Offsets move the time by exactly their length; hours past 23 and minutes past 59
    /// are refused.
    #[test]
    fn offsets_agree(y in year(), m in 1u32..=12, d in day(), h in 0u32..=23,
                     east in any::<bool>(), oh in 0i64..=24, om in 0i64..=60, colon in any::<bool>()) {
        let sign = if east { '+' } else { '-' };
        let sep = if colon { ":" } else { "" };
        let text = format!("\"{y:04}-{m:02}-{d:02}T{h:02}:30:15.25{sign}{oh:02}{sep}{om:02}\"");
        let offset = (oh * 3600 + om * 60) * if east { 1 } else { -1 };
        let expected = chrono_secs(y, m, d, h, 30, 15)
            .filter(|_| oh <= 23 && om <= 59)
            .map(|utc| utc - offset);
        prop_assert_eq!(read(&text), expected, "{}", text);
    }

    /// Unix seconds are written as chrono writes them for four-digit years, left out
    /// beyond, and read back to the same second.
    #[test]
    fn unix_seconds_round_trip(secs in prop_oneof![any::<i64>(), FIRST - 86_400..=LAST + 86_400]) {
        let written = write(secs);
        prop_assert_eq!(&written, &chrono_text(secs), "{}", secs);
        if let Some(text) = written {
            prop_assert_eq!(read(&format!("\"{text}\"")), Some(secs));
        }
    }
}

#[test]
fn the_bounds_and_the_reported_cases() {
    assert_eq!(read("\"2026-02-31T00:00:00Z\""), None);
    assert_eq!(read("\"2028-02-29T00:00:00Z\""), Some(1_835_395_200));
    assert_eq!(write(FIRST).as_deref(), Some("0000-01-01T00:00:00Z"));
    assert_eq!(write(LAST).as_deref(), Some("9999-12-31T23:59:59Z"));
    for beyond in [FIRST - 1, LAST + 1, i64::MIN, i64::MAX] {
        assert_eq!(write(beyond), None, "{beyond}");
        // Left out, so the replay window has no time to compare.
        assert_eq!(read(&beyond.to_string()), None, "{beyond}");
    }
    assert_eq!(read(&LAST.to_string()), Some(LAST));
}
