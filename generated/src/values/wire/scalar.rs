//! One value of an answer, from its raw JSON text, given to the type that asks for it by that
//! type's rule (see [`decode`](super::decode) for the table of rules).

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::decode::{Lenient, PathLog};

type Error = serde_json::Error;

/// The raw text of one JSON value (`"12"`, `12.50`, `true`, `null`, `{...}`).
pub(super) struct Raw<'l, 'de> {
    text: &'de str,
    log: &'l PathLog,
}

/// What the raw text holds.
enum Token<'de> {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(&'de str),
    /// A string's content, unescaped.
    Text(Cow<'de, str>),
    /// An object or an array.
    Compound,
}

/// How much of a value an error message quotes, in bytes.
const FOUND_BYTES: usize = 40;

impl<'l, 'de> Raw<'l, 'de> {
    pub(super) fn new(text: &'de str, log: &'l PathLog) -> Self {
        Raw { text, log }
    }

    /// `null` and `""` stand for a value that is not there.
    pub(super) fn is_absent(&self) -> bool {
        matches!(self.text, "null" | "\"\"")
    }

    fn token(&self) -> Result<Token<'de>, Error> {
        let text = self.text;
        Ok(match text.as_bytes().first() {
            Some(b'n') => Token::Null,
            Some(b't') => Token::Bool(true),
            Some(b'f') => Token::Bool(false),
            Some(b'{' | b'[') => Token::Compound,
            Some(b'"') if !text.as_bytes().contains(&b'\\') => Token::Text(Cow::Borrowed(
                text.get(1..text.len() - 1).unwrap_or_default(),
            )),
            Some(b'"') => Token::Text(Cow::Owned(serde_json::from_str::<String>(text)?)),
            _ => Token::Number(text),
        })
    }

    /// The error for a value that does not fit: what was expected, and the value, shortened.
    fn mismatch(&self, expected: &str) -> Error {
        de::Error::custom(format_args!(
            "expected {expected}, found {}",
            super::bounded_line(self.text, FOUND_BYTES)
        ))
    }

    /// Reads the text again as JSON, for a list, a map, a struct or anything else that is not
    /// one scalar: an `Option` has already consumed it to look for `null` or `""`.
    fn again<V>(
        self,
        read: impl FnOnce(
            Lenient<'_, &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>>,
        ) -> Result<V, Error>,
    ) -> Result<V, Error> {
        let mut de = serde_json::Deserializer::from_str(self.text);
        let value = read(Lenient::new(&mut de, self.log))?;
        de.end()?;
        Ok(value)
    }

    /// A whole number, from a number or a text holding one (`"12"`, `12.0`, `"1e3"`).
    fn whole(&self) -> Result<i128, Error> {
        let text = match self.token()? {
            Token::Number(text) => Cow::Borrowed(text),
            Token::Text(text) => text,
            _ => return Err(self.mismatch("a whole number")),
        };
        parse_whole(text.trim()).ok_or_else(|| self.mismatch("a whole number"))
    }

    fn float(&self) -> Result<f64, Error> {
        let text = match self.token()? {
            Token::Number(text) => Cow::Borrowed(text),
            Token::Text(text) => text,
            _ => return Err(self.mismatch("a number")),
        };
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| self.mismatch("a number"))
    }
}

/// A whole number written as an integer, or as a decimal or in scientific notation whose value
/// is whole (`12.0`, `1e3`); `None` for anything else.
fn parse_whole(text: &str) -> Option<i128> {
    let text = text.strip_prefix('+').unwrap_or(text);
    if let Ok(n) = text.parse::<i128>() {
        return Some(n);
    }
    if !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return None;
    }
    let f = text.parse::<f64>().ok()?;
    // Within the range where every whole f64 is exact.
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i128)
}

/// Passes a whole number to a visitor as the widest type that holds it.
fn visit_whole<'de, V: Visitor<'de>>(n: i128, visitor: V) -> Result<V::Value, Error> {
    if let Ok(n) = i64::try_from(n) {
        visitor.visit_i64(n)
    } else if let Ok(n) = u64::try_from(n) {
        visitor.visit_u64(n)
    } else {
        visitor.visit_i128(n)
    }
}

macro_rules! whole_requests {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                visit_whole(self.whole()?, visitor)
            }
        )*
    };
}

macro_rules! compound_requests {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                self.again(|de| de.$method($($arg,)* visitor))
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Raw<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Text(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Token::Text(Cow::Owned(text)) => visitor.visit_string(text),
            _ => self.again(|de| de.deserialize_any(visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let flag = match self.token()? {
            Token::Bool(b) => Some(b),
            Token::Number(_) => self.float().ok().map(|f| f != 0.0),
            Token::Text(text) => match text.trim() {
                t if t.eq_ignore_ascii_case("true") || t == "是" => Some(true),
                t if t.eq_ignore_ascii_case("false") || t == "否" => Some(false),
                t => t
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f != 0.0),
            },
            Token::Null | Token::Compound => None,
        };
        match flag {
            Some(flag) => visitor.visit_bool(flag),
            None => Err(self.mismatch("a boolean")),
        }
    }

    whole_requests! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    /// Text: a string as it is, a number or a boolean as written (an id sent as a number
    /// keeps every digit).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Text(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Token::Text(Cow::Owned(text)) => visitor.visit_string(text),
            Token::Number(text) => visitor.visit_borrowed_str(text),
            Token::Bool(_) => visitor.visit_borrowed_str(self.text),
            Token::Null | Token::Compound => Err(self.mismatch("text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_absent() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.again(|de| de.deserialize_newtype_struct(name, visitor))
    }

    compound_requests! {
        deserialize_seq()
        deserialize_map()
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
        deserialize_unit()
        deserialize_unit_struct(name: &'static str)
        deserialize_identifier()
        deserialize_ignored_any()
    }

    forward_to_deserialize_any! { bytes byte_buf }
}
