//! Reading and writing the date and time texts the API uses.
//!
//! Read: `yyyy-MM-dd` (a date alone is midnight), then optionally `HH:mm[:ss[.fraction]]`
//! after a space or `T`, and optionally an offset (`Z`, `+08:00`, `+0800`, `+08`). `/` may
//! stand for `-` in the date, and every field but the year may have one digit
//! (`2020-8-3 9:5:7`). Or a whole number of milliseconds since the epoch, of 12 or 13 digits
//! (1973 to 2286). Anything else, and any value that is not on the calendar or the clock, is
//! not read.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::CHINA_OFFSET;

/// The China local time a text stands for: as written when it has no offset, converted to
/// +08:00 when it has one or is a number of milliseconds.
pub(super) fn read(text: &str) -> Option<PrimitiveDateTime> {
    let text = text.trim();
    if let Some(millis) = whole_number(text).filter(|_| (12..=13).contains(&integer_digits(text))) {
        return instant(millis).map(local);
    }
    let mut cursor = Cursor(text.as_bytes());
    let year = cursor.digits(4, 4)?;
    let separator = match cursor.byte()? {
        b @ (b'-' | b'/') => b,
        _ => return None,
    };
    let month = cursor.digits(1, 2)?;
    if !cursor.eat(separator) {
        return None;
    }
    let day = cursor.digits(1, 2)?;
    let date = Date::from_calendar_date(
        i32::try_from(year).ok()?,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    if cursor.is_empty() {
        return Some(date.midnight());
    }

    if !cursor.eat(b'T') && !cursor.eat(b' ') {
        return None;
    }
    while cursor.eat(b' ') {}
    let hour = cursor.digits(1, 2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let minute = cursor.digits(1, 2)?;
    let second = if cursor.eat(b':') {
        cursor.digits(1, 2)?
    } else {
        0
    };
    let nanosecond = if cursor.eat(b'.') {
        let before = cursor.0.len();
        let fraction = cursor.digits(1, 9)?;
        let digits = before - cursor.0.len();
        // 9 digits at most, so the power is at most 10⁸ and the product fits.
        fraction * 10u32.pow(9 - digits as u32)
    } else {
        0
    };
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanosecond,
    )
    .ok()?;
    let written = PrimitiveDateTime::new(date, time);
    match cursor.offset()? {
        None => Some(written),
        Some(offset) => written
            .assume_offset(offset)
            .checked_to_offset(CHINA_OFFSET)
            .map(|at| PrimitiveDateTime::new(at.date(), at.time())),
    }
}

/// `-?digits` with an optional fraction of zeros (`1596453538000.0`, the form of a float
/// that holds a whole number): its value, if it fits an `i64`.
pub(super) fn whole_number(text: &str) -> Option<i64> {
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    let digits = integer.strip_prefix('-').unwrap_or(integer);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    integer.parse().ok()
}

/// How many digits the integer part of a [`whole_number`] text has.
fn integer_digits(text: &str) -> usize {
    let integer = text.split('.').next().unwrap_or(text);
    integer.trim_start_matches('-').len()
}

/// The instant `millis` milliseconds after 1970-01-01 00:00 UTC, at +08:00; `None` past the
/// years ±9999.
pub(super) fn instant(millis: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()?
        .checked_to_offset(CHINA_OFFSET)
}

/// The milliseconds since 1970-01-01 00:00 UTC of an instant, rounded down.
pub(super) fn millis(at: OffsetDateTime) -> i64 {
    // Within the years ±9999 the count is below 4 × 10¹⁴, far inside an `i64`.
    at.unix_timestamp_nanos().div_euclid(1_000_000) as i64
}

/// The local date and time of an instant already at +08:00.
pub(super) fn local(at: OffsetDateTime) -> PrimitiveDateTime {
    PrimitiveDateTime::new(at.date(), at.time())
}

/// `yyyy-MM-dd`.
pub(super) fn format_date(date: Date) -> String {
    let year = date.year();
    let sign = if year < 0 { "-" } else { "" };
    format!(
        "{sign}{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        u8::from(date.month()),
        date.day()
    )
}

/// `yyyy-MM-dd HH:mm:ss` (any fraction of a second is left out).
pub(super) fn format_date_time(at: PrimitiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        format_date(at.date()),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// `+08:00`: the form [`read`] takes back.
pub(super) fn format_offset(offset: UtcOffset) -> String {
    let (hours, minutes, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "{sign}{:02}:{:02}",
        hours.unsigned_abs(),
        minutes.unsigned_abs()
    )
}

/// What is left of the text to read.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// Between `min` and `max` (at most 9) ASCII digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let count = self
            .0
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if count < min {
            return None;
        }
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        Some(digits.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }

    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn eat(&mut self, byte: u8) -> bool {
        match self.0.split_first() {
            Some((&first, rest)) if first == byte => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The rest of the text as an offset: nothing (`Some(None)`), `Z`, `±HH`, `±HHmm` or
    /// `±HH:mm`. `None` if the rest is anything else.
    fn offset(mut self) -> Option<Option<UtcOffset>> {
        let negative = match self.byte() {
            None => return Some(None),
            Some(b'Z' | b'z') => return self.is_empty().then_some(Some(UtcOffset::UTC)),
            Some(b'+') => false,
            Some(b'-') => true,
            Some(_) => return None,
        };
        let hours = self.digits(2, 2)?;
        let minutes = if self.is_empty() {
            0
        } else {
            self.eat(b':');
            self.digits(2, 2)?
        };
        if !self.is_empty() {
            return None;
        }
        let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
        UtcOffset::from_whole_seconds(if negative { -seconds } else { seconds })
            .ok()
            .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (year, month, day, hour, minute, second, nanosecond) of what `text` reads as.
    fn fields(text: &str) -> Option<(i32, u8, u8, u8, u8, u8, u32)> {
        read(text).map(|at| {
            (
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute(),
                at.second(),
                at.nanosecond(),
            )
        })
    }

    #[test]
    fn accepted_forms() {
        let cases = [
            ("2020-08-03", (2020, 8, 3, 0, 0, 0, 0)),
            ("2020-08-03 19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03 19:18:58.0", (2020, 8, 3, 19, 18, 58, 0)),
            (
                "2020-08-03 19:18:58.123",
                (2020, 8, 3, 19, 18, 58, 123_000_000),
            ),
            (
                "2020-08-03 19:18:58.123456789",
                (2020, 8, 3, 19, 18, 58, 123_456_789),
            ),
            ("2020-04-10 16:23:4", (2020, 4, 10, 16, 23, 4, 0)),
            ("2020-8-3 9:5:7", (2020, 8, 3, 9, 5, 7, 0)),
            ("2020-8-3", (2020, 8, 3, 0, 0, 0, 0)),
            ("2020-08-03T19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03 19:18", (2020, 8, 3, 19, 18, 0, 0)),
            ("2020/08/03", (2020, 8, 3, 0, 0, 0, 0)),
            ("2020/08/03 19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
            ("  2020-08-03 19:18:58\t\n", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03  19:18:58", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-02-29", (2020, 2, 29, 0, 0, 0, 0)),
            ("2020-08-03 00:00:00", (2020, 8, 3, 0, 0, 0, 0)),
            ("2020-08-03 23:59:59", (2020, 8, 3, 23, 59, 59, 0)),
            // Milliseconds since the epoch, and explicit offsets: converted to +08:00.
            ("1596453538000", (2020, 8, 3, 19, 18, 58, 0)),
            ("1596453538123", (2020, 8, 3, 19, 18, 58, 123_000_000)),
            ("1596453538000.0", (2020, 8, 3, 19, 18, 58, 0)),
            ("999999999999", (2001, 9, 9, 9, 46, 39, 999_000_000)),
            ("2020-08-03T11:18:58Z", (2020, 8, 3, 19, 18, 58, 0)),
            (
                "2020-08-03T11:18:58.5z",
                (2020, 8, 3, 19, 18, 58, 500_000_000),
            ),
            ("2020-08-03T19:18:58+08:00", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03T12:18:58+0100", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03 06:18:58-05", (2020, 8, 3, 19, 18, 58, 0)),
            ("2020-08-03T23:00:00Z", (2020, 8, 4, 7, 0, 0, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(fields(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn refused_forms() {
        for text in [
            "",
            "   ",
            "abc",
            "0000-00-00",
            "2020-02-30",
            "2021-02-29",
            "2020-13-01",
            "2020-00-10",
            "2020-08-32",
            "2020-08-03 25:00:00",
            "2020-08-03 24:00:00",
            "2020-08-03 19:60:00",
            "2020-08-03 19:18:60",
            "2020-08-03 19:18:58.1234567890",
            "2020-08-03 19:18:58.",
            "2020-08-03 19",
            "2020-08-03 19:",
            "2020-08-03 19:18:",
            "2020-08-03X19:18:58",
            "2020-08/03",
            "2020/08-03",
            "20-08-03",
            "02020-08-03",
            "2020-008-03",
            "2020-08-003",
            "2020-08-03 123:18:58",
            "2020-08-03x",
            "2020-08-03Z",
            "2020-08-03T19:18:58+8",
            "2020-08-03T19:18:58+08:00x",
            "2020-08-03T19:18:58+26:00",
            "20200803",
            "1596453538",
            "15964535380000",
            "1596453538000.5",
            "1596453538000x",
            "-",
            "true",
            "２０２０-08-03",
        ] {
            assert_eq!(fields(text), None, "{text:?}");
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole_number("1596453538000"), Some(1_596_453_538_000));
        assert_eq!(whole_number("-5"), Some(-5));
        assert_eq!(whole_number("12.000"), Some(12));
        assert_eq!(whole_number("12."), Some(12));
        for text in [
            "",
            "-",
            ".0",
            "1.5",
            "+1",
            "1e3",
            "9223372036854775808",
            " 1",
        ] {
            assert_eq!(whole_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn instants_and_millis() {
        let at = instant(1_596_453_538_123).unwrap();
        assert_eq!(at.offset(), CHINA_OFFSET);
        assert_eq!(format_date_time(local(at)), "2020-08-03 19:18:58");
        assert_eq!(millis(at), 1_596_453_538_123);
        assert_eq!(millis(instant(-1).unwrap()), -1);
        assert_eq!(instant(i64::MAX), None);
        assert_eq!(instant(i64::MIN), None);
    }

    #[test]
    fn formats() {
        let date = Date::from_calendar_date(2020, Month::August, 3).unwrap();
        assert_eq!(format_date(date), "2020-08-03");
        let early = Date::from_calendar_date(33, Month::January, 9).unwrap();
        assert_eq!(format_date(early), "0033-01-09");
        let at = PrimitiveDateTime::new(date, Time::from_hms_nano(9, 5, 7, 999).unwrap());
        assert_eq!(format_date_time(at), "2020-08-03 09:05:07");
        assert_eq!(format_offset(CHINA_OFFSET), "+08:00");
        let west = UtcOffset::from_hms(-3, -30, 0).unwrap();
        assert_eq!(format_offset(west), "-03:30");
    }
}
