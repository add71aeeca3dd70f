//! Exact decimal numbers, for money, quantities and prices.
//!
//! The API sends amounts such as `"amount": 12.3400` or `"price": "100"`. Read into an `f64`,
//! `0.1 + 0.2` is not `0.3` and `12.3400` comes back as `12.34`: neither is acceptable for
//! money. [`Decimal`] holds the number exactly, as a [`rust_decimal::Decimal`] (up to 28
//! decimal places, magnitudes up to about 7.9 × 10²⁸), and keeps its **scale**, the number of
//! digits after the point as received: `12.3400` is written back as `12.3400`, `100` as
//! `100`. Two decimals compare by value (`12.3400 == 12.34`), but each displays as it came.
//!
//! # On the wire
//!
//! - Decoding through the SDK (every answer goes through its decoding layer) accepts the
//!   number as a JSON number (`12.3400`, exactly as written, never through `f64`) or as a
//!   JSON string (`"12.3400"`), in plain or exponent notation (`1.5E-2`). Decoding with plain
//!   `serde_json::from_str` accepts the string form only, because serde_json reads a JSON
//!   number as an `f64` before any type sees it.
//! - Encoding writes a JSON number with exactly the digits held (`12.3400`). The fields the
//!   documentation gives as strings (`"amount": "100"`) are written as a JSON string, through
//!   [`wire::forms::string`](crate::wire::forms::string) (the spec's `wire: string`).
//!
//! ```
//! use jdy::Decimal;
//!
//! let price: Decimal = "12.3400".parse()?;
//! assert_eq!(price.to_string(), "12.3400");
//! assert_eq!(price, Decimal::new(1234, 2));
//! assert_eq!(serde_json::to_string(&price).unwrap(), "12.3400");
//!
//! let total = *price * rust_decimal::Decimal::from(3);
//! assert_eq!(total.to_string(), "37.0200");
//! # Ok::<(), jdy::decimal::ParseDecimalError>(())
//! ```

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::wire::quote::quote;
use crate::wire::text::ScalarText;
use crate::wire::QueryValue;

/// The most digits a [`rust_decimal::Decimal`] mantissa can have (its largest is
/// 79228162514264337593543950335).
const MAX_DIGITS: usize = 29;

/// An exact decimal number that keeps its scale. See the [module documentation](self).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal(rust_decimal::Decimal);

impl Decimal {
    /// Zero, with no digits after the point.
    pub const ZERO: Decimal = Decimal(rust_decimal::Decimal::ZERO);

    /// `num × 10^-scale`: `Decimal::new(1234, 2)` is `12.34`.
    ///
    /// # Panics
    ///
    /// If `scale` is over 28, like [`rust_decimal::Decimal::new`]: a mistake in the calling
    /// code, never in received data. [`Decimal::try_new`] refuses it instead.
    pub fn new(num: i64, scale: u32) -> Decimal {
        Decimal(rust_decimal::Decimal::new(num, scale))
    }

    /// `num × 10^-scale`, or an error if `scale` is over 28.
    pub fn try_new(num: i64, scale: u32) -> Result<Decimal, ParseDecimalError> {
        rust_decimal::Decimal::try_new(num, scale)
            .map(Decimal)
            .map_err(|_| ParseDecimalError {
                found: quote(&format!("{num}e-{scale}")),
                reason: Reason::TooManyPlaces,
            })
    }

    /// The number, to compute with.
    pub fn value(self) -> rust_decimal::Decimal {
        self.0
    }
}

impl fmt::Display for Decimal {
    /// The digits, with the scale kept: `12.3400`. Formatter options (`{:.2}`) apply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Deref for Decimal {
    type Target = rust_decimal::Decimal;

    fn deref(&self) -> &rust_decimal::Decimal {
        &self.0
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Decimal(value)
    }
}

impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal(value.into())
    }
}

impl From<u64> for Decimal {
    fn from(value: u64) -> Self {
        Decimal(value.into())
    }
}

impl From<i32> for Decimal {
    fn from(value: i32) -> Self {
        Decimal(value.into())
    }
}

impl From<u32> for Decimal {
    fn from(value: u32) -> Self {
        Decimal(value.into())
    }
}

impl TryFrom<f64> for Decimal {
    type Error = ParseDecimalError;

    /// Through the shortest text that reads back as the same `f64`, so that `10.2` gives
    /// exactly `10.2` (the `f64` itself is 10.199999999999999289…). NaN and the infinities
    /// are refused, and so are magnitudes a decimal cannot hold.
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        value.to_string().parse()
    }
}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Plain (`-12.3400`, `+5`, `.5`) or exponent notation (`1e3`, `1.5E-2`), with
    /// surrounding whitespace allowed. Thousands separators, `NaN` and infinities are refused.
    /// An exponent moves the point, and the scale follows: `1.5E-2` is `0.015`, `1e3` is
    /// `1000`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text)
            .map(Decimal)
            .map_err(|reason| ParseDecimalError {
                found: quote(text),
                reason,
            })
    }
}

/// Why a text is not a [`Decimal`]. Its message quotes the text (at most 40 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError {
    found: String,
    reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    NotANumber,
    TooLarge,
    TooManyPlaces,
}

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected a decimal, found {}", self.found)?;
        match self.reason {
            Reason::NotANumber => Ok(()),
            Reason::TooLarge => {
                f.write_str(", too large (the largest is 79228162514264337593543950335)")
            }
            Reason::TooManyPlaces => {
                f.write_str(", with too many digits after the point (at most 28)")
            }
        }
    }
}

impl std::error::Error for ParseDecimalError {}

/// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (either side of the point may be empty, not
/// both) into an exact decimal. Trailing zeros after the point are dropped only where the
/// decimal could not hold them otherwise; the value is never rounded. A trailing `%` is
/// passed over: the fields whose examples carry one (`"percent": "5%"`) are documented in
/// percent already (折旧分配比例（%）).
fn parse(text: &str) -> Result<rust_decimal::Decimal, Reason> {
    let text = text.trim();
    let text = text.strip_suffix('%').map_or(text, str::trim_end);
    // The common case, `12.3400` or `-5`: rust_decimal reads it exactly, scale and all, without
    // the allocation below. Anything it would round, or that holds another character (its
    // parser also takes `_`), goes the long way.
    let plain = text
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
    if plain {
        match rust_decimal::Decimal::from_str_exact(text) {
            // It drops the sign of `-0.00`, which the long way keeps.
            Ok(value) if !(value.is_zero() && text.starts_with('-')) => return Ok(value),
            _ => {}
        }
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (significand, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((significand, exponent)) => (significand, exponent_of(exponent)?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = significand.split_once('.').unwrap_or((significand, ""));
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(Reason::NotANumber);
    }

    let mut digits: String = whole.chars().chain(fraction.chars()).collect();
    let leading_zeros = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading_zeros);
    // The exponent is bounded, so this cannot overflow.
    let mut scale = fraction.len() as i64 - exponent;
    if digits.is_empty() {
        // Zero: whatever the exponent, its value is exact at any scale a decimal can hold.
        return with_sign(0, scale.clamp(0, MAX_SCALE), negative);
    }
    if scale < 0 {
        // Only whole zeros are added, and only as many as a decimal could hold.
        let zeros = usize::try_from(-scale).map_err(|_| Reason::TooLarge)?;
        if digits.len().saturating_add(zeros) > MAX_DIGITS {
            return Err(Reason::TooLarge);
        }
        digits.extend(std::iter::repeat_n('0', zeros));
        scale = 0;
    }
    // Trailing zeros after the point cost digits without changing the value: dropped while
    // there are more digits or places than a decimal holds.
    while (digits.len() > MAX_DIGITS || scale > MAX_SCALE) && scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if scale > MAX_SCALE {
        return Err(Reason::TooManyPlaces);
    }
    if digits.len() > MAX_DIGITS {
        return Err(Reason::TooLarge);
    }
    let mantissa: i128 = digits.parse().map_err(|_| Reason::TooLarge)?;
    with_sign(mantissa, scale, negative)
}

const MAX_SCALE: i64 = rust_decimal::Decimal::MAX_SCALE as i64;

/// Builds the decimal; a negative zero keeps its sign, so that `-0.00` is written back so.
fn with_sign(mantissa: i128, scale: i64, negative: bool) -> Result<rust_decimal::Decimal, Reason> {
    let scale = u32::try_from(scale).map_err(|_| Reason::TooManyPlaces)?;
    let mut value = rust_decimal::Decimal::try_from_i128_with_scale(mantissa, scale)
        .map_err(|_| Reason::TooLarge)?;
    value.set_sign_negative(negative);
    Ok(value)
}

/// An exponent's value: `[+-]digits`. Bounded to ±10⁶, far past anything a decimal holds, so
/// that the arithmetic on it cannot overflow.
fn exponent_of(text: &str) -> Result<i64, Reason> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !all_digits(digits) {
        return Err(Reason::NotANumber);
    }
    let significant = digits.trim_start_matches('0');
    let magnitude = if significant.len() > 6 {
        1_000_000
    } else {
        // Empty when the exponent is all zeros: then it is 0.
        significant.parse::<i64>().unwrap_or(0)
    };
    Ok(if negative { -magnitude } else { magnitude })
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

impl<'de> Deserialize<'de> for Decimal {
    /// Asks for the value's text (`deserialize_str`): the SDK's decoding layer answers with
    /// the exact digits of a JSON number or the content of a JSON string. Integers and floats
    /// from other deserializers are taken too (a float through its shortest text), and so is
    /// serde_json's `arbitrary_precision` form of a number.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_str(ScalarText {
            expecting: "a decimal",
        })?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Decimal {
    /// A JSON number with exactly the digits held (`12.3400`), never through `f64`.
    ///
    /// It is written as serde_json's raw value, which serde_json writes as it is; with
    /// `serde_json::to_value` it becomes a `Value::Number`, as exact as that can be. Meant for
    /// serde_json: another format sees serde_json's one-field raw-value struct.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.0.to_string())
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

impl QueryValue for Decimal {
    /// The digits, with the scale kept.
    fn to_query_value(&self) -> String {
        self.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::text::testing::Given;
    use serde::de::value::{Error as ValueError, MapDeserializer};

    fn dec(text: &str) -> Decimal {
        match text.parse() {
            Ok(value) => value,
            Err(error) => panic!("{text}: {error}"),
        }
    }

    fn error(text: &str) -> String {
        match text.parse::<Decimal>() {
            Ok(value) => panic!("{text} parsed as {value}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn accepted_forms_keep_their_digits() {
        let cases = [
            ("12.3400", "12.3400"),
            ("100", "100"),
            ("0", "0"),
            ("0.00", "0.00"),
            ("-1.5", "-1.5"),
            ("+5", "5"),
            ("  7.10\t\n", "7.10"),
            (".5", "0.5"),
            ("5.", "5"),
            ("007.50", "7.50"),
            ("1e3", "1000"),
            ("1E3", "1000"),
            ("1.5E-2", "0.015"),
            ("1.50e-2", "0.0150"),
            ("1.5e+2", "150"),
            ("12.5e1", "125"),
            ("1e-28", "0.0000000000000000000000000001"),
            ("0e999999999", "0"),
            ("0.000e-50", "0.0000000000000000000000000000"),
            ("-0.00", "-0.00"),
            ("5%", "5"),
            (" 12.5 % ", "12.5"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            // Zeros past what a decimal holds are dropped; the value is unchanged.
            (
                "1.000000000000000000000000000000000",
                "1.0000000000000000000000000000",
            ),
            (
                "0.12345678901234567890123456780000",
                "0.1234567890123456789012345678",
            ),
        ];
        for (text, shown) in cases {
            assert_eq!(dec(text).to_string(), shown, "{text:?}");
        }
    }

    #[test]
    fn scale_is_kept_and_equality_is_by_value() {
        let a = dec("12.3400");
        assert_eq!(a.scale(), 4);
        assert_eq!(dec("100").scale(), 0);
        assert_eq!(a, dec("12.34"));
        assert_eq!(a.to_string(), "12.3400");
        assert_eq!(dec("12.34").to_string(), "12.34");
        assert!(dec("2") < dec("10.5"));
        assert!(dec("-1") < Decimal::ZERO);
        assert_eq!(dec("-0.00"), Decimal::ZERO);
        // Hash agrees with equality: equal values, whatever their scale or sign of zero.
        let set: std::collections::HashSet<Decimal> =
            [dec("12.3400"), dec("12.34"), dec("-0.00"), Decimal::ZERO].into();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn refused_forms() {
        for text in [
            "", " ", "abc", "1,000", "1 000", "1_000", "NaN", "nan", "inf", "-inf", "Infinity",
            "-", "+", ".", "e3", "1e", "1e+", "1.2.3", "--1", "+-1", "0x10", "12a", "1e3.5",
            "１２", "true",
        ] {
            assert!(
                error(text).starts_with("expected a decimal, found "),
                "{text:?}: {}",
                error(text)
            );
        }
        assert_eq!(error("abc"), r#"expected a decimal, found "abc""#);
        assert_eq!(error(""), r#"expected a decimal, found """#);
    }

    #[test]
    fn out_of_range_is_refused_not_rounded() {
        assert_eq!(
            error("79228162514264337593543950336"),
            r#"expected a decimal, found "79228162514264337593543950336", too large (the largest is 79228162514264337593543950335)"#
        );
        assert!(error("1e29").contains("too large"));
        assert!(error("1e999999999999").contains("too large"));
        assert!(error("0.00000000000000000000000000001").contains("too many digits"));
        assert!(error("1e-29").contains("too many digits"));
        assert!(error("1.2345678901234567890123456789012").contains("too many digits"));
    }

    #[test]
    fn error_quotes_at_most_forty_characters() {
        let long = "x".repeat(100);
        assert_eq!(
            error(&long),
            format!("expected a decimal, found \"{}\"…", "x".repeat(40))
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(Decimal::new(1234, 2).to_string(), "12.34");
        assert_eq!(Decimal::new(-5, 0).to_string(), "-5");
        assert_eq!(
            Decimal::try_new(1, 29).unwrap_err().to_string(),
            r#"expected a decimal, found "1e-29", with too many digits after the point (at most 28)"#
        );
        assert_eq!(Decimal::from(-7i64).to_string(), "-7");
        assert_eq!(Decimal::from(u64::MAX).to_string(), "18446744073709551615");
        assert_eq!(Decimal::from(3i32).to_string(), "3");
        assert_eq!(Decimal::from(4u32).to_string(), "4");
        let inner = rust_decimal::Decimal::new(12340, 3);
        assert_eq!(Decimal::from(inner).value(), inner);
        assert_eq!(rust_decimal::Decimal::from(Decimal::from(inner)), inner);
        assert_eq!(
            Decimal::from(inner).scale(),
            3,
            "Deref reaches the inner methods"
        );
        assert_eq!(Decimal::default(), Decimal::ZERO);
        assert_eq!(Decimal::ZERO.to_string(), "0");
    }

    #[test]
    fn from_f64_goes_through_the_shortest_text() {
        let cases = [
            (10.2, "10.2"),
            (0.1, "0.1"),
            (100.0, "100"),
            (-3.25, "-3.25"),
            (1e-7, "0.0000001"),
            (1e20, "100000000000000000000"),
        ];
        for (f, shown) in cases {
            assert_eq!(
                Decimal::try_from(f).map(|d| d.to_string()),
                Ok(shown.to_string())
            );
        }
        assert_eq!(
            Decimal::try_from(f64::NAN).unwrap_err().to_string(),
            r#"expected a decimal, found "NaN""#
        );
        assert!(Decimal::try_from(f64::INFINITY).is_err());
        assert!(Decimal::try_from(1e30)
            .unwrap_err()
            .to_string()
            .contains("too large"));
    }

    #[test]
    fn display_and_debug() {
        let d = dec("12.3400");
        assert_eq!(format!("{d}"), "12.3400");
        assert_eq!(format!("{d:?}"), "12.3400");
        assert_eq!(format!("{:?}", Some(d)), "Some(12.3400)");
        assert_eq!(format!("{d:.2}"), "12.34");
        assert_eq!(format!("{:>9}", dec("1.50")), "     1.50");
    }

    #[test]
    fn query_value_is_the_exact_digits() {
        assert_eq!(dec("12.3400").to_query_value(), "12.3400");
        assert_eq!(dec("1e3").to_query_value(), "1000");
    }

    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    struct Probe {
        a: Decimal,
    }

    #[derive(Deserialize, Serialize, Debug, PartialEq)]
    struct Strings {
        #[serde(serialize_with = "crate::wire::forms::string")]
        a: Decimal,
        #[serde(
            default,
            serialize_with = "crate::wire::forms::string",
            skip_serializing_if = "Option::is_none"
        )]
        b: Option<Decimal>,
    }

    #[test]
    fn plain_serde_json_reads_strings() {
        let probe: Probe = serde_json::from_str(r#"{"a":"12.3400"}"#).unwrap();
        assert_eq!(probe.a.to_string(), "12.3400");
        let probe: Probe = serde_json::from_str(r#"{"a":" -1.5E-2 "}"#).unwrap();
        assert_eq!(probe.a.to_string(), "-0.015");
        let escaped: Probe = serde_json::from_str(r#"{"a":"\u0031\u0030"}"#).unwrap();
        assert_eq!(escaped.a.to_string(), "10");
    }

    #[test]
    fn plain_serde_json_refuses_numbers_and_garbage() {
        // serde_json's `deserialize_str` refuses a number before any visitor sees it: the
        // SDK's decoding layer is what hands numbers over as text.
        let number = serde_json::from_str::<Probe>(r#"{"a":12.34}"#).unwrap_err();
        assert!(
            number
                .to_string()
                .starts_with("invalid type: floating point `12.34`, expected a decimal"),
            "{number}"
        );
        let garbage = serde_json::from_str::<Probe>(r#"{"a":"abc"}"#).unwrap_err();
        assert!(
            garbage
                .to_string()
                .starts_with(r#"expected a decimal, found "abc""#),
            "{garbage}"
        );
        let empty = serde_json::from_str::<Probe>(r#"{"a":""}"#).unwrap_err();
        assert!(
            empty
                .to_string()
                .starts_with(r#"expected a decimal, found """#),
            "{empty}"
        );
        assert!(serde_json::from_str::<Probe>(r#"{"a":{"b":1}}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"a":[1]}"#).is_err());
    }

    #[test]
    fn every_visit_method() {
        let cases = [
            (Given::Str("12.3400"), "12.3400"),
            (Given::I64(-42), "-42"),
            (Given::U64(u64::MAX), "18446744073709551615"),
            (Given::F64(10.2), "10.2"),
            (Given::F64(1596453538000.0), "1596453538000"),
        ];
        for (given, shown) in cases {
            assert_eq!(Decimal::deserialize(given).unwrap().to_string(), shown);
        }
        assert_eq!(
            Decimal::deserialize(Given::Bool(true))
                .unwrap_err()
                .to_string(),
            r#"expected a decimal, found "true""#
        );
        assert_eq!(
            Decimal::deserialize(Given::Str(""))
                .unwrap_err()
                .to_string(),
            r#"expected a decimal, found """#
        );
        assert!(Decimal::deserialize(Given::F64(f64::NAN)).is_err());
    }

    #[test]
    fn arbitrary_precision_number_shape() {
        let map = MapDeserializer::<_, ValueError>::new(
            [("$serde_json::private::Number", "12.3400")].into_iter(),
        );
        assert_eq!(Decimal::deserialize(map).unwrap().to_string(), "12.3400");
        let other = MapDeserializer::<_, ValueError>::new([("amount", "12.3400")].into_iter());
        assert!(Decimal::deserialize(other).is_err());
    }

    #[test]
    fn serializes_as_a_number_with_the_exact_digits() {
        let probe: Probe = serde_json::from_str(r#"{"a":"12.3400"}"#).unwrap();
        assert_eq!(serde_json::to_string(&probe).unwrap(), r#"{"a":12.3400}"#);
        assert_eq!(serde_json::to_string(&dec("100")).unwrap(), "100");
        assert_eq!(serde_json::to_string(&dec("-0.00")).unwrap(), "-0.00");
        assert_eq!(
            serde_json::to_string(&dec("79228162514264337593543950335")).unwrap(),
            "79228162514264337593543950335"
        );
        assert_eq!(
            serde_json::to_string(&vec![dec("1.10"), dec("2")]).unwrap(),
            "[1.10,2]"
        );
    }

    #[test]
    fn to_value_gives_a_json_number() {
        assert_eq!(
            serde_json::to_value(dec("12.3400")).unwrap(),
            serde_json::json!(12.34)
        );
        assert_eq!(
            serde_json::to_value(Probe { a: dec("100") }).unwrap(),
            serde_json::json!({"a": 100})
        );
    }

    #[test]
    fn string_serializers_round_trip_the_same_bytes() {
        let json = r#"{"a":"12.3400","b":"100"}"#;
        let strings: Strings = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&strings).unwrap(), json);
        let none: Strings = serde_json::from_str(r#"{"a":"-0.50"}"#).unwrap();
        assert_eq!(none.b, None);
        assert_eq!(serde_json::to_string(&none).unwrap(), r#"{"a":"-0.50"}"#);
        assert_eq!(
            serde_json::to_value(&strings).unwrap(),
            serde_json::json!({"a": "12.3400", "b": "100"})
        );

        #[derive(Serialize)]
        struct Nulls {
            #[serde(serialize_with = "crate::wire::forms::string")]
            b: Option<Decimal>,
        }
        assert_eq!(
            serde_json::to_string(&Nulls { b: None }).unwrap(),
            r#"{"b":null}"#
        );
    }
}
