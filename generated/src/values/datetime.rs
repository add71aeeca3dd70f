//! Dates, date-times and timestamps, as the API sends them.
//!
//! Every time of the API is **China time**, UTC+08:00 ([`CHINA_OFFSET`]), which has no
//! daylight saving: `2020-08-03 19:18:58` is 11:18:58 UTC.
//!
//! Each type keeps the text it was given, exactly, beside the value read from it. Reading
//! never fails: a text that is not a date (`abc`, `0000-00-00`, `2020-02-30`) is kept as it is,
//! and only asking for the value ([`Date::date`], [`DateTime::date_time`],
//! [`Timestamp::millis`]) reports it, so one odd field does not lose the rest of an answer.
//! Writing sends the text held, so an answer written back says exactly what it said.
//!
//! | type | documented as | accepted | written |
//! | --- | --- | --- | --- |
//! | [`Date`] | `yyyy-MM-dd` | any form below; a date and time gives its date | the text held |
//! | [`DateTime`] | `yyyy-MM-dd HH:mm:ss` | any form below | the text held |
//! | [`Timestamp`] | 时间戳(毫秒) | a whole number of milliseconds, or any form below | the number of milliseconds |
//!
//! The forms read: `2020-08-03` (midnight), `2020-08-03 19:18:58`, with a fraction of a second
//! (`19:18:58.0`, `19:18:58.123`), without seconds (`19:18`), with one-digit fields
//! (`2020-8-3 9:5:7`), with `T` for the space, with `/` for `-` (`2020/08/03`), with
//! surrounding whitespace; with an offset (`Z`, `+08:00`), converted to China time; and a
//! number of milliseconds since 1970-01-01 UTC of 12 or 13 digits (`1596453538000`, as text or
//! as a JSON number), converted to China time.
//!
//! # On the wire
//!
//! Decoding through the SDK (every answer goes through its decoding layer) takes a JSON string
//! or a JSON number, and keeps any other scalar's text (`true`) as a malformed value. Decoding
//! with plain `serde_json::from_str` takes JSON strings only: serde_json refuses a number
//! where a text is asked for.
//!
//! ```
//! use jdy::{Date, DateTime, Timestamp};
//!
//! let at = DateTime::parse("2020-08-03 19:18:58");
//! assert_eq!(at.date_time()?.hour(), 19);
//! assert_eq!(at.offset_date_time()?.unix_timestamp(), 1_596_453_538);
//! assert_eq!(Timestamp::from(at.offset_date_time()?).millis()?, 1_596_453_538_000);
//!
//! let odd = Date::parse("2020-02-30");
//! assert!(!odd.is_valid());
//! assert_eq!(odd.as_str(), "2020-02-30");
//! assert_eq!(
//!     odd.date().unwrap_err().to_string(),
//!     r#"expected a date (yyyy-MM-dd), found "2020-02-30""#
//! );
//! # Ok::<(), jdy::datetime::ParseError>(())
//! ```

mod text;

use std::cmp::Ordering;
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::wire::quote::quote;
use crate::wire::text::ScalarText;
use crate::wire::QueryValue;

/// China time, UTC+08:00, the time of every date and time of the API.
pub const CHINA_OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    // Evaluated when compiling: +08:00 is a valid offset, so this never happens.
    Err(_) => panic!("+08:00 is a valid offset"),
};

/// A date (`yyyy-MM-dd`), as received. See the [module documentation](self).
#[derive(Clone)]
pub struct Date {
    text: Box<str>,
    parsed: Option<time::Date>,
}

/// A date and time of day in China time (`yyyy-MM-dd HH:mm:ss`), as received. See the
/// [module documentation](self).
#[derive(Clone)]
pub struct DateTime {
    text: Box<str>,
    parsed: Option<PrimitiveDateTime>,
}

/// A 时间戳(毫秒): milliseconds since 1970-01-01 00:00 UTC, as received. Query parameters such
/// as `modify_start_time` take one. A date and time text (China time) is read too, as the
/// instant it names. See the [module documentation](self).
#[derive(Clone)]
pub struct Timestamp {
    text: Box<str>,
    parsed: Option<i64>,
}

/// Why a received text is not a date, date-time or timestamp. Its message quotes the text (at
/// most 40 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    expected: &'static str,
    found: String,
}

impl ParseError {
    fn new(expected: &'static str, text: &str) -> Self {
        ParseError {
            expected,
            found: quote(text),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

impl std::error::Error for ParseError {}

const A_DATE: &str = "a date (yyyy-MM-dd)";
const A_DATE_TIME: &str = "a date and time (yyyy-MM-dd HH:mm:ss, China time)";
const A_TIMESTAMP: &str = "a timestamp (时间戳(毫秒): milliseconds since 1970-01-01 UTC)";

impl Date {
    /// The date, written `yyyy-MM-dd`.
    pub fn new(date: time::Date) -> Self {
        Date {
            text: text::format_date(date).into(),
            parsed: Some(date),
        }
    }

    /// Today in China.
    pub fn today() -> Self {
        Date::new(now_in_china().date())
    }

    /// Keeps `text` and reads the date in it; never fails (see [`date`](Self::date)).
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = text::read(&text).map(PrimitiveDateTime::date);
        Date {
            text: text.into(),
            parsed,
        }
    }

    /// The text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date, or why the text is not one.
    pub fn date(&self) -> Result<time::Date, ParseError> {
        self.parsed
            .ok_or_else(|| ParseError::new(A_DATE, &self.text))
    }

    /// Whether the text is a date.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }
}

impl From<time::Date> for Date {
    fn from(date: time::Date) -> Self {
        Date::new(date)
    }
}

impl DateTime {
    /// The date and time, taken as China time, written `yyyy-MM-dd HH:mm:ss`: any fraction of
    /// a second is dropped, as that form has none.
    pub fn new(at: PrimitiveDateTime) -> Self {
        let at = at.replace_nanosecond(0).unwrap_or(at);
        DateTime {
            text: text::format_date_time(at).into(),
            parsed: Some(at),
        }
    }

    /// The present moment in China, to the second.
    pub fn now() -> Self {
        DateTime::new(text::local(now_in_china()))
    }

    /// Keeps `text` and reads the date and time in it; never fails (see
    /// [`date_time`](Self::date_time)).
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = text::read(&text);
        DateTime {
            text: text.into(),
            parsed,
        }
    }

    /// The text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date and time in China, or why the text is not one.
    pub fn date_time(&self) -> Result<PrimitiveDateTime, ParseError> {
        self.parsed
            .ok_or_else(|| ParseError::new(A_DATE_TIME, &self.text))
    }

    /// The instant, at +08:00.
    pub fn offset_date_time(&self) -> Result<OffsetDateTime, ParseError> {
        self.date_time().map(|at| at.assume_offset(CHINA_OFFSET))
    }

    /// Whether the text is a date and time (or a date).
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }
}

impl From<PrimitiveDateTime> for DateTime {
    /// Like [`DateTime::new`]: taken as China time.
    fn from(at: PrimitiveDateTime) -> Self {
        DateTime::new(at)
    }
}

impl From<OffsetDateTime> for DateTime {
    /// The instant in China time, written `yyyy-MM-dd HH:mm:ss`. An instant that China time
    /// cannot show (within hours of the years ±9999) is kept as a text with its own offset,
    /// which [`date_time`](DateTime::date_time) then refuses.
    fn from(at: OffsetDateTime) -> Self {
        match at.checked_to_offset(CHINA_OFFSET) {
            Some(china) => DateTime::new(text::local(china)),
            None => DateTime::parse(format!(
                "{}{}",
                text::format_date_time(text::local(at)),
                text::format_offset(at.offset())
            )),
        }
    }
}

impl Timestamp {
    /// `millis` milliseconds since 1970-01-01 00:00 UTC.
    pub fn from_millis(millis: i64) -> Self {
        Timestamp {
            text: millis.to_string().into(),
            parsed: Some(millis),
        }
    }

    /// The present moment.
    pub fn now() -> Self {
        Timestamp::from(SystemTime::now())
    }

    /// Keeps `text` and reads the instant in it: a whole number of milliseconds
    /// (`1596453538000`, also `1596453538000.0`), or a date and time in China time. Never
    /// fails (see [`millis`](Self::millis)).
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let trimmed = text.trim();
        let parsed = text::whole_number(trimmed)
            .or_else(|| text::read(trimmed).map(|at| text::millis(at.assume_offset(CHINA_OFFSET))));
        Timestamp {
            text: text.into(),
            parsed,
        }
    }

    /// The text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The milliseconds since 1970-01-01 00:00 UTC, or why the text is not a timestamp.
    pub fn millis(&self) -> Result<i64, ParseError> {
        self.parsed
            .ok_or_else(|| ParseError::new(A_TIMESTAMP, &self.text))
    }

    /// The instant, at +08:00.
    pub fn offset_date_time(&self) -> Result<OffsetDateTime, ParseError> {
        self.parsed
            .and_then(text::instant)
            .ok_or_else(|| ParseError::new(A_TIMESTAMP, &self.text))
    }

    /// Whether the text is a timestamp.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// The instant, to the millisecond (rounded down).
    fn from(at: OffsetDateTime) -> Self {
        Timestamp::from_millis(text::millis(at))
    }
}

impl From<SystemTime> for Timestamp {
    /// The instant, to the millisecond (rounded down); a time beyond ±292 million years is
    /// held as the nearest that fits.
    fn from(at: SystemTime) -> Self {
        let millis = match at.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let part = u128::from(before.subsec_nanos() % 1_000_000 != 0);
                i64::try_from(before.as_millis() + part).map_or(i64::MIN, |m| -m)
            }
        };
        Timestamp::from_millis(millis)
    }
}

fn now_in_china() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.checked_to_offset(CHINA_OFFSET).unwrap_or(now)
}

impl Serialize for Date {
    /// The text held, as a JSON string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Serialize for DateTime {
    /// The text held, as a JSON string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Serialize for Timestamp {
    /// The milliseconds as a JSON number (`1596453538000`); a text that is not a timestamp as
    /// the JSON string it came as.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.parsed {
            Some(millis) => serializer.serialize_i64(millis),
            None => serializer.serialize_str(&self.text),
        }
    }
}

impl QueryValue for Date {
    /// The text held.
    fn to_query_value(&self) -> String {
        self.text.to_string()
    }
}

impl QueryValue for DateTime {
    /// The text held.
    fn to_query_value(&self) -> String {
        self.text.to_string()
    }
}

impl QueryValue for Timestamp {
    /// The milliseconds (`1596453538000`); a text that is not a timestamp as it is.
    fn to_query_value(&self) -> String {
        match self.parsed {
            Some(millis) => millis.to_string(),
            None => self.text.to_string(),
        }
    }
}

/// What the three types share: they are their text, with a value read from it beside.
macro_rules! received_text {
    ($type:ident, $expecting:expr) => {
        impl fmt::Display for $type {
            /// The text held.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl fmt::Debug for $type {
            /// `Date("2020-08-03")`, with `(invalid)` after a text that did not read.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mark = if self.parsed.is_some() {
                    ""
                } else {
                    " (invalid)"
                };
                write!(f, "{}({:?}{mark})", stringify!($type), self.text)
            }
        }

        /// Equal when the texts are: `2020-8-3` and `2020-08-03` are the same date but not the
        /// same value received.
        impl PartialEq for $type {
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl Eq for $type {}

        impl Hash for $type {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.text.hash(state);
            }
        }

        /// In time order; a text that did not read comes first, and texts that read as the
        /// same time are ordered by their text.
        impl Ord for $type {
            fn cmp(&self, other: &Self) -> Ordering {
                self.parsed
                    .cmp(&other.parsed)
                    .then_with(|| self.text.cmp(&other.text))
            }
        }

        impl PartialOrd for $type {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl FromStr for $type {
            type Err = Infallible;

            /// Like `parse`: never fails.
            fn from_str(text: &str) -> Result<Self, Infallible> {
                Ok($type::parse(text))
            }
        }

        impl<'de> Deserialize<'de> for $type {
            /// Asks for the value's text (`deserialize_str`), which the SDK's decoding layer
            /// gives for any JSON scalar; numbers and booleans from other deserializers are
            /// taken as their text, and so is serde_json's `arbitrary_precision` number. Only
            /// a map, a sequence or null is refused: any text is kept, readable or not.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = deserializer.deserialize_str(ScalarText {
                    expecting: $expecting,
                })?;
                Ok($type::parse(text.into_owned()))
            }
        }
    };
}

received_text!(Date, A_DATE);
received_text!(DateTime, A_DATE_TIME);
received_text!(Timestamp, A_TIMESTAMP);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::text::testing::Given;
    use serde::de::value::{Error as ValueError, MapDeserializer};
    use time::{Month, Time};

    fn ymd(year: i32, month: u8, day: u8) -> time::Date {
        time::Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
    }

    fn at(year: i32, month: u8, day: u8, h: u8, m: u8, s: u8) -> PrimitiveDateTime {
        PrimitiveDateTime::new(ymd(year, month, day), Time::from_hms(h, m, s).unwrap())
    }

    /// Year, month, day, hour, minute, second, nanosecond.
    type Fields = (i32, u8, u8, u8, u8, u8, u32);

    /// Every form the API has been seen to send, with the date-time it names (China time).
    const FORMS: &[(&str, Fields)] = &[
        ("2020-08-03", (2020, 8, 3, 0, 0, 0, 0)),
        ("2020-08-03 19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
        ("2020-08-03 19:18:58.0", (2020, 8, 3, 19, 18, 58, 0)),
        (
            "2020-08-03 19:18:58.123",
            (2020, 8, 3, 19, 18, 58, 123_000_000),
        ),
        ("2020-04-10 16:23:4", (2020, 4, 10, 16, 23, 4, 0)),
        ("2020-8-3 9:5:7", (2020, 8, 3, 9, 5, 7, 0)),
        ("2020-08-03T19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
        ("2020-08-03 19:18", (2020, 8, 3, 19, 18, 0, 0)),
        ("2020/08/03", (2020, 8, 3, 0, 0, 0, 0)),
        ("2020/08/03 19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
        (" 2020-08-03 19:18:58 ", (2020, 8, 3, 19, 18, 58, 0)),
        ("1596453538000", (2020, 8, 3, 19, 18, 58, 0)),
    ];

    const MALFORMED: &[&str] = &[
        "",
        "abc",
        "0000-00-00",
        "2020-02-30",
        "2020-13-01",
        "2020-08-03 25:00:00",
        "true",
        "2020-08-03 19:18:58 extra",
    ];

    #[test]
    fn date_time_reads_every_form_and_keeps_the_text() {
        for &(text, (y, mo, d, h, mi, s, ns)) in FORMS {
            let value = DateTime::parse(text);
            let expected = at(y, mo, d, h, mi, s).replace_nanosecond(ns).unwrap();
            assert_eq!(value.date_time(), Ok(expected), "{text:?}");
            assert_eq!(value.as_str(), text);
            assert!(value.is_valid());
        }
    }

    #[test]
    fn date_reads_every_form_and_keeps_the_date_part() {
        for &(text, (y, mo, d, ..)) in FORMS {
            let value = Date::parse(text);
            assert_eq!(value.date(), Ok(ymd(y, mo, d)), "{text:?}");
            assert_eq!(value.as_str(), text);
        }
    }

    #[test]
    fn malformed_texts_are_kept_and_reported_when_asked() {
        for &text in MALFORMED {
            let date = Date::parse(text);
            assert_eq!(date.as_str(), text);
            assert!(!date.is_valid(), "{text:?}");
            assert_eq!(
                date.date().unwrap_err().to_string(),
                format!("expected a date (yyyy-MM-dd), found {text:?}")
            );
            let date_time = DateTime::parse(text);
            assert_eq!(date_time.as_str(), text);
            assert_eq!(
                date_time.date_time().unwrap_err().to_string(),
                format!(
                    "expected a date and time (yyyy-MM-dd HH:mm:ss, China time), found {text:?}"
                )
            );
            assert!(date_time.offset_date_time().is_err());
        }
        let long = format!("2020-08-03 {}", "x".repeat(60));
        assert_eq!(
            Date::parse(long.as_str()).date().unwrap_err().to_string(),
            format!(
                "expected a date (yyyy-MM-dd), found \"2020-08-03 {}\"…",
                "x".repeat(29)
            )
        );
    }

    #[test]
    fn date_time_is_china_time() {
        let value = DateTime::parse("2020-08-03 19:18:58");
        let instant = value.offset_date_time().unwrap();
        assert_eq!(instant.offset(), CHINA_OFFSET);
        assert_eq!(instant.unix_timestamp(), 1_596_453_538);
        assert_eq!(CHINA_OFFSET.whole_seconds(), 8 * 3600);
    }

    #[test]
    fn constructors_write_the_documented_forms() {
        assert_eq!(Date::new(ymd(2020, 8, 3)).as_str(), "2020-08-03");
        assert_eq!(Date::from(ymd(2020, 8, 3)).date(), Ok(ymd(2020, 8, 3)));

        let local = at(2020, 8, 3, 9, 5, 7);
        assert_eq!(DateTime::from(local).as_str(), "2020-08-03 09:05:07");
        let with_fraction = local.replace_millisecond(250).unwrap();
        let written = DateTime::new(with_fraction);
        assert_eq!(written.as_str(), "2020-08-03 09:05:07");
        assert_eq!(
            written.date_time(),
            Ok(local),
            "what is held is what is written"
        );

        let utc = at(2020, 8, 3, 11, 18, 58).assume_utc();
        let china = DateTime::from(utc);
        assert_eq!(china.as_str(), "2020-08-03 19:18:58");
        assert_eq!(china.offset_date_time(), Ok(utc));

        let edge = at(9999, 12, 31, 20, 0, 0).assume_utc();
        let kept = DateTime::from(edge);
        assert_eq!(kept.as_str(), "9999-12-31 20:00:00+00:00");
        assert!(!kept.is_valid());
    }

    #[test]
    fn now_and_today_are_valid() {
        assert!(DateTime::now().is_valid());
        assert!(Date::today().is_valid());
        let now = Timestamp::now().millis().unwrap();
        assert!(now > 1_700_000_000_000, "{now}");
    }

    #[test]
    fn timestamps() {
        let cases = [
            ("1596453538000", 1_596_453_538_000),
            ("1596453538000.0", 1_596_453_538_000),
            (" 1596453538123 ", 1_596_453_538_123),
            ("0", 0),
            ("-1000", -1000),
            ("2020-08-03 19:18:58", 1_596_453_538_000),
            ("2020-08-03 19:18:58.5", 1_596_453_538_500),
            ("2020-08-03", 1_596_384_000_000),
        ];
        for (text, millis) in cases {
            let value = Timestamp::parse(text);
            assert_eq!(value.millis(), Ok(millis), "{text:?}");
            assert_eq!(value.as_str(), text);
        }
        for text in [
            "",
            "abc",
            "1596453538000.5",
            "1e12",
            "2020-02-30",
            "99999999999999999999",
        ] {
            let value = Timestamp::parse(text);
            assert!(!value.is_valid(), "{text:?}");
            assert_eq!(value.as_str(), text);
            assert_eq!(
                value.millis().unwrap_err().to_string(),
                format!("expected a timestamp (时间戳(毫秒): milliseconds since 1970-01-01 UTC), found {text:?}")
            );
        }

        let value = Timestamp::from_millis(1_596_453_538_000);
        assert_eq!(value.as_str(), "1596453538000");
        let instant = value.offset_date_time().unwrap();
        assert_eq!(instant.offset(), CHINA_OFFSET);
        assert_eq!((instant.hour(), instant.minute()), (19, 18));
        assert!(Timestamp::from_millis(i64::MAX).offset_date_time().is_err());
    }

    #[test]
    fn timestamps_from_instants() {
        let utc = at(2020, 8, 3, 11, 18, 58).assume_utc();
        assert_eq!(Timestamp::from(utc).millis(), Ok(1_596_453_538_000));
        let before = at(1969, 12, 31, 23, 59, 59)
            .replace_microsecond(999_500)
            .unwrap()
            .assume_utc();
        assert_eq!(Timestamp::from(before).millis(), Ok(-1), "rounded down");

        let system = UNIX_EPOCH + std::time::Duration::from_millis(1_596_453_538_123);
        assert_eq!(Timestamp::from(system).millis(), Ok(1_596_453_538_123));
        let early = UNIX_EPOCH - std::time::Duration::from_micros(1500);
        assert_eq!(Timestamp::from(early).millis(), Ok(-2), "rounded down");
        let exact = UNIX_EPOCH - std::time::Duration::from_millis(3);
        assert_eq!(Timestamp::from(exact).millis(), Ok(-3));
    }

    #[test]
    fn display_debug_and_query_value() {
        let date = Date::parse("2020-8-3");
        assert_eq!(date.to_string(), "2020-8-3");
        assert_eq!(format!("{date:?}"), r#"Date("2020-8-3")"#);
        assert_eq!(date.to_query_value(), "2020-8-3");
        let bad = DateTime::parse("2020-02-30 10:00:00");
        assert_eq!(bad.to_string(), "2020-02-30 10:00:00");
        assert_eq!(
            format!("{bad:?}"),
            r#"DateTime("2020-02-30 10:00:00" (invalid))"#
        );
        assert_eq!(bad.to_query_value(), "2020-02-30 10:00:00");

        let stamp = Timestamp::parse("2020-08-03 19:18:58");
        assert_eq!(stamp.to_string(), "2020-08-03 19:18:58");
        assert_eq!(format!("{stamp:?}"), r#"Timestamp("2020-08-03 19:18:58")"#);
        assert_eq!(stamp.to_query_value(), "1596453538000");
        let odd = Timestamp::parse("soon");
        assert_eq!(odd.to_query_value(), "soon");
        assert_eq!(format!("{odd:?}"), r#"Timestamp("soon" (invalid))"#);
    }

    #[test]
    fn equality_is_on_the_text_and_order_on_the_time() {
        assert_eq!(Date::parse("2020-08-03"), "2020-08-03".parse().unwrap());
        assert_ne!(Date::parse("2020-8-3"), Date::parse("2020-08-03"));
        let mut dates = [
            DateTime::parse("2020-08-03 19:18:58"),
            DateTime::parse("abc"),
            DateTime::parse("2020-8-3 19:18:58"),
            DateTime::parse("2019-12-31 23:59:59"),
        ];
        dates.sort();
        let texts: Vec<&str> = dates.iter().map(DateTime::as_str).collect();
        assert_eq!(
            texts,
            [
                "abc",
                "2019-12-31 23:59:59",
                "2020-08-03 19:18:58",
                "2020-8-3 19:18:58"
            ]
        );
        assert!(Timestamp::from_millis(1) < Timestamp::from_millis(2));
        let set: std::collections::HashSet<Date> =
            [Date::parse("2020-08-03"), Date::parse("2020-08-03")].into();
        assert_eq!(set.len(), 1);
    }

    #[derive(Deserialize, Serialize)]
    struct Probe {
        d: Date,
        t: DateTime,
        s: Timestamp,
    }

    #[test]
    fn plain_serde_json_reads_strings_and_writes_them_back_unchanged() {
        let json = r#"{"d":" 2020-8-3 ","t":"2020-02-30 10:00:00","s":"1596453538000"}"#;
        let probe: Probe = serde_json::from_str(json).unwrap();
        assert_eq!(probe.d.date(), Ok(ymd(2020, 8, 3)));
        assert!(!probe.t.is_valid());
        assert_eq!(probe.s.millis(), Ok(1_596_453_538_000));
        assert_eq!(
            serde_json::to_string(&probe).unwrap(),
            r#"{"d":" 2020-8-3 ","t":"2020-02-30 10:00:00","s":1596453538000}"#
        );

        let empty: Probe = serde_json::from_str(r#"{"d":"","t":"","s":""}"#).unwrap();
        assert!(!empty.d.is_valid() && !empty.t.is_valid() && !empty.s.is_valid());
        assert_eq!(
            serde_json::to_string(&empty).unwrap(),
            r#"{"d":"","t":"","s":""}"#
        );
        assert_eq!(
            serde_json::to_value(&empty).unwrap(),
            serde_json::json!({"d": "", "t": "", "s": ""})
        );
    }

    #[test]
    fn plain_serde_json_refuses_numbers() {
        let error = serde_json::from_str::<Timestamp>("1596453538000").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid type: integer `1596453538000`, expected a timestamp"),
            "{error}"
        );
        assert!(serde_json::from_str::<Date>("{}").is_err());
        assert!(serde_json::from_str::<Date>("null").is_err());
    }

    #[test]
    fn every_visit_method_keeps_the_text() {
        let cases = [
            (
                Given::Str("2020-08-03 19:18:58"),
                "2020-08-03 19:18:58",
                true,
            ),
            (Given::I64(1_596_453_538_000), "1596453538000", true),
            (Given::U64(1_596_453_538_000), "1596453538000", true),
            (Given::F64(1_596_453_538_000.0), "1596453538000", true),
            (Given::F64(1.5), "1.5", false),
            (Given::Bool(true), "true", false),
            (Given::Str(""), "", false),
        ];
        for (given, text, valid) in cases {
            let value = DateTime::deserialize(given).unwrap();
            assert_eq!((value.as_str(), value.is_valid()), (text, valid));
        }
        let date = Date::deserialize(Given::I64(1_596_453_538_000)).unwrap();
        assert_eq!(date.date(), Ok(ymd(2020, 8, 3)));
        let stamp = Timestamp::deserialize(Given::F64(1_596_453_538_000.0)).unwrap();
        assert_eq!(stamp.millis(), Ok(1_596_453_538_000));
        let stamp = Timestamp::deserialize(Given::I64(42)).unwrap();
        assert_eq!(stamp.millis(), Ok(42));
        let odd = Timestamp::deserialize(Given::Bool(false)).unwrap();
        assert_eq!((odd.as_str(), odd.is_valid()), ("false", false));
    }

    #[test]
    fn arbitrary_precision_number_shape() {
        let map = MapDeserializer::<_, ValueError>::new(
            [("$serde_json::private::Number", "1596453538000")].into_iter(),
        );
        let stamp = Timestamp::deserialize(map).unwrap();
        assert_eq!(stamp.millis(), Ok(1_596_453_538_000));
        let other = MapDeserializer::<_, ValueError>::new([("d", "2020-08-03")].into_iter());
        assert!(Date::deserialize(other).is_err());
    }

    #[test]
    fn timestamp_writes_a_number_when_it_has_one() {
        let json = |value: &Timestamp| serde_json::to_string(value).unwrap();
        assert_eq!(
            json(&Timestamp::from_millis(1_596_453_538_000)),
            "1596453538000"
        );
        assert_eq!(
            json(&Timestamp::parse("2020-08-03 19:18:58")),
            "1596453538000"
        );
        assert_eq!(json(&Timestamp::parse("later")), r#""later""#);
        assert_eq!(json(&Timestamp::from_millis(-5)), "-5");
    }
}
