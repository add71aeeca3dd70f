//! A JSON scalar's text, whatever form it arrived in, for the types that read their own text
//! ([`Decimal`](crate::Decimal), [`Date`](crate::Date), [`DateTime`](crate::DateTime),
//! [`Timestamp`](crate::Timestamp)).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, MapAccess, Unexpected, Visitor};

/// The key under which serde_json's `arbitrary_precision` feature hands a number over as a
/// one-entry map whose value is the number's text. Accepted so that the exact digits survive
/// when some crate in the program turns that feature on.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Turns any scalar into its text: a string as it is, a number as its digits (a float as the
/// shortest text that reads back as the same `f64`), a boolean as `true`/`false`. Maps,
/// sequences and null are refused: they have no text.
///
/// Used with `deserialize_str`, which the SDK's decoding layer answers with the exact text of
/// any JSON scalar; the other `visit_*` methods serve other deserializers (plain serde_json
/// hands over strings only).
pub(crate) struct ScalarText {
    /// What the field expects, for the refusal message (`a decimal`, `a date`).
    pub(crate) expecting: &'static str,
}

impl<'de> Visitor<'de> for ScalarText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    /// `Display` of an `f64` is the shortest text that reads back as the same value, and
    /// never in exponent form: `10.2` stays `10.2`, not `10.199999999999999289…`.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(if v { "true" } else { "false" }))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == NUMBER_TOKEN => Ok(Cow::Owned(map.next_value::<String>()?)),
            _ => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use serde::de::value::Error;
    use serde::de::{Deserializer, Visitor};

    /// A deserializer that answers every request with the `visit_*` call a test names, as the
    /// SDK's decoding layer and other formats may.
    pub(crate) enum Given {
        Str(&'static str),
        I64(i64),
        U64(u64),
        F64(f64),
        Bool(bool),
    }

    impl<'de> Deserializer<'de> for Given {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            match self {
                Given::Str(s) => v.visit_borrowed_str(s),
                Given::I64(n) => v.visit_i64(n),
                Given::U64(n) => v.visit_u64(n),
                Given::F64(n) => v.visit_f64(n),
                Given::Bool(b) => v.visit_bool(b),
            }
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
            enum identifier ignored_any
        }
    }
}
