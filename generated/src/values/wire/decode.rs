//! Reads JSON into the generated types, accepting every form the gateway is known to send.
//!
//! The documentation types a value one way and the gateway sends it now one way, now another:
//! a count as `"12"` or `12`, a flag as `true`, `1` or `"1"`, an id as a number, a missing
//! value as `""`. Rather than mark each field, the rule belongs to the type the field has, and
//! lives here once:
//!
//! | asked for | accepted |
//! | --- | --- |
//! | `Option<T>` | `null`, an absent key and `""` are `None` |
//! | text (`String`, string enumerations, `Sensitive`) | a string; a number or a boolean as written |
//! | whole numbers (`i64`, integer enumerations) | a number or a string holding one (`"12"`, `12.0`) |
//! | `f64` | a number or a string holding one |
//! | `bool` | `true`/`false`, `"true"`/`"false"`, `"是"`/`"否"`, a number or a text holding one (0 is false: `"deduct": 9` is true) |
//! | exact decimals and dates ([`Decimal`](crate::Decimal), [`Date`](crate::Date), ...) | the exact text of a string or a number |
//! | lists and maps | `null` and `""` are empty |
//!
//! A value that fits none of these fails the decoding with its place in the answer:
//! `rows[3].amount: expected a decimal, found "abc"`.
//!
//! Scalars are read from their raw JSON text (serde_json's `RawValue`), so a number reaches
//! its type exactly as written: `12.3400` stays `12.3400` for a [`Decimal`](crate::Decimal),
//! and an 18-digit id stays whole for a `String`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::scalar::Raw;
use super::text::ScalarText;

/// Why an answer did not decode: where, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    message: String,
}

/// The longest message kept from a failure, in bytes: a value quoted by serde may be long.
const MESSAGE_BYTES: usize = 300;

impl DecodeError {
    /// Where the problem is, from the decoded value down (`rows[3].amount`); empty for the
    /// value itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong there, on one line.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn new(path: String, error: &serde_json::Error) -> Self {
        // The path says where the problem is; serde_json's position would be that of the piece
        // of text read last, not of the answer.
        DecodeError {
            path,
            message: super::bounded_line(&message_of(error), MESSAGE_BYTES),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `json` as `T` by the rules of this module.
pub fn from_str<'de, T: Deserialize<'de>>(json: &'de str) -> Result<T, DecodeError> {
    let log = PathLog::default();
    let mut de = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(Lenient::new(&mut de, &log))
        .and_then(|value| de.end().map(|()| value))
        .map_err(|error| DecodeError::new(log.path(), &error))?;
    Ok(value)
}

/// The place of a failure, recorded while the error travels up: each map entry and list item
/// it passes through adds itself, innermost first. Nothing is recorded on success.
#[derive(Default)]
pub(super) struct PathLog {
    segments: RefCell<Vec<Segment>>,
}

enum Segment {
    Key(String),
    Index(usize),
}

/// The longest map key a path quotes, in bytes.
const KEY_BYTES: usize = 64;
/// The longest path kept, in bytes: an answer nested a hundred levels deep would otherwise
/// give a path of kilobytes. The innermost part is kept, as it names the field at fault.
const PATH_BYTES: usize = 256;

impl PathLog {
    fn push(&self, segment: Segment) {
        self.segments.borrow_mut().push(segment);
    }

    fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.segments.borrow().iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&super::bounded_line(key, KEY_BYTES));
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        innermost(path, PATH_BYTES)
    }
}

/// The end of `path`, cut at a character boundary to at most `max` bytes, with `…` where the
/// start was cut off.
fn innermost(path: String, max: usize) -> String {
    if path.len() <= max {
        return path;
    }
    let mut cut = path.len() - max;
    while !path.is_char_boundary(cut) {
        cut += 1;
    }
    format!("…{}", &path[cut..])
}

/// A deserializer over serde_json's that applies the rules of this module at every level.
pub(super) struct Lenient<'l, D> {
    de: D,
    log: &'l PathLog,
}

impl<'l, 'de, D: Deserializer<'de>> Lenient<'l, D> {
    pub(super) fn new(de: D, log: &'l PathLog) -> Self {
        Lenient { de, log }
    }

    /// The next value as its raw JSON text.
    fn raw(self) -> Result<Raw<'l, 'de>, D::Error> {
        let raw = <&'de RawValue>::deserialize(self.de)?;
        Ok(Raw::new(raw.get(), self.log))
    }
}

/// Forwards a request for a scalar to the value's raw text.
macro_rules! scalar_requests {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.raw()?.$method(visitor).map_err(lift)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<'_, D> {
    type Error = D::Error;

    scalar_requests! {
        deserialize_bool
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
        deserialize_char deserialize_str deserialize_string
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let raw = self.raw()?;
        if raw.is_absent() {
            visitor.visit_none()
        } else {
            visitor.visit_some(raw).map_err(lift)
        }
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let log = self.log;
        self.de.deserialize_any(Wrap { visitor, log })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let log = self.log;
        let map = false;
        self.de.deserialize_any(OrEmpty { visitor, log, map })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let log = self.log;
        let map = true;
        self.de.deserialize_any(OrEmpty { visitor, log, map })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let log = self.log;
        self.de
            .deserialize_struct(name, fields, Wrap { visitor, log })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let log = self.log;
        self.de.deserialize_tuple(len, Wrap { visitor, log })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let log = self.log;
        self.de
            .deserialize_tuple_struct(name, len, Wrap { visitor, log })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // serde_json's own newtypes (`RawValue`) need the deserializer itself.
        if name.starts_with("$serde_json") {
            return self.de.deserialize_newtype_struct(name, visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de.deserialize_enum(name, variants, visitor)
    }

    /// `()` asks for nothing: whatever is there is passed over (the `data` of an endpoint whose
    /// answer the spec does not describe).
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_ignored_any(de::IgnoredAny)?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.de.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_byte_buf(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.de.deserialize_ignored_any(visitor)
    }
}

/// An error of the raw-text layer as an error of the deserializer around it. Its position, if
/// it has one, is within a piece of the answer read again, so only the message is kept.
fn lift<E: de::Error>(error: serde_json::Error) -> E {
    E::custom(message_of(&error))
}

/// The message of a serde_json error without the position it appends.
pub(super) fn message_of(error: &serde_json::Error) -> String {
    let mut message = error.to_string();
    let at = format!(" at line {} column {}", error.line(), error.column());
    if error.line() > 0 && message.ends_with(&at) {
        message.truncate(message.len() - at.len());
    }
    message
}

/// A visitor whose lists and maps are read leniently, item by item.
struct Wrap<'l, V> {
    visitor: V,
    log: &'l PathLog,
}

/// Forwards the plain `visit_*` methods of a visitor unchanged.
macro_rules! forward_visits {
    ($($method:ident($ty:ty))*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visits! {
        visit_bool(bool) visit_i64(i64) visit_u64(u64) visit_f64(f64) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_byte_buf(Vec<u8>)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Lenient::new(d, self.log))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Items {
            seq,
            log: self.log,
            index: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Entries {
            map,
            log: self.log,
            key: None,
        })
    }
}

/// A list or map where `null` and `""` mean empty.
struct OrEmpty<'l, V> {
    visitor: V,
    log: &'l PathLog,
    map: bool,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OrEmpty<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.map {
            let empty = std::iter::empty::<((), ())>();
            self.visitor
                .visit_map(de::value::MapDeserializer::new(empty))
        } else {
            let empty = std::iter::empty::<()>();
            self.visitor
                .visit_seq(de::value::SeqDeserializer::new(empty))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return self.visit_unit();
        }
        Err(de::Error::invalid_type(de::Unexpected::Str(v), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Wrap {
            visitor: self.visitor,
            log: self.log,
        }
        .visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Wrap {
            visitor: self.visitor,
            log: self.log,
        }
        .visit_map(map)
    }
}

/// The items of a list, each read leniently; a failure records its index.
struct Items<'l, A> {
    seq: A,
    log: &'l PathLog,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let index = self.index;
        self.index += 1;
        let log = self.log;
        self.seq
            .next_element_seed(Seed { seed, log })
            .inspect_err(|_| log.push(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// The entries of a map (or the fields of an object), each value read leniently; a failure
/// records its key.
struct Entries<'l, 'de, A> {
    map: A,
    log: &'l PathLog,
    key: Option<Cow<'de, str>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some(key) = self.map.next_key_seed(KeyText)? else {
            return Ok(None);
        };
        let value = match &key {
            Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            Cow::Owned(text) => {
                let text: StringDeserializer<Self::Error> = text.clone().into_deserializer();
                seed.deserialize(text)
            }
        };
        self.key = Some(key);
        value.map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, Self::Error> {
        let log = self.log;
        let key = &self.key;
        self.map
            .next_value_seed(Seed { seed, log })
            .inspect_err(|_| {
                let key = key.as_deref().unwrap_or_default();
                log.push(Segment::Key(key.to_string()));
            })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A map key as text, borrowed from the answer when it has no escapes.
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(ScalarText { expecting: "a key" })
    }
}

/// Hands the deserializer of a list item or a map value to `seed` behind [`Lenient`].
struct Seed<'l, T> {
    seed: T,
    log: &'l PathLog,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.seed.deserialize(Lenient::new(d, self.log))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::{from_str, innermost, KEY_BYTES, PATH_BYTES};

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(default)]
    struct Row {
        count: Option<i64>,
        price: Option<f64>,
        flag: Option<bool>,
        text: Option<String>,
        items: Vec<i64>,
        fields: BTreeMap<String, String>,
        inner: Option<Box<Row>>,
    }

    fn row(json: &str) -> Result<Row, String> {
        from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn each_type_takes_the_forms_the_gateway_sends() {
        let cases: &[(&str, Row)] = &[
            (
                r#"{"count":"12"}"#,
                Row {
                    count: Some(12),
                    ..Row::default()
                },
            ),
            (
                r#"{"count":12}"#,
                Row {
                    count: Some(12),
                    ..Row::default()
                },
            ),
            (
                r#"{"count":12.0}"#,
                Row {
                    count: Some(12),
                    ..Row::default()
                },
            ),
            (
                r#"{"count":" 7 "}"#,
                Row {
                    count: Some(7),
                    ..Row::default()
                },
            ),
            (
                r#"{"count":"3.0"}"#,
                Row {
                    count: Some(3),
                    ..Row::default()
                },
            ),
            (r#"{"count":""}"#, Row::default()),
            (r#"{"count":null}"#, Row::default()),
            (
                r#"{"price":"1.5"}"#,
                Row {
                    price: Some(1.5),
                    ..Row::default()
                },
            ),
            (
                r#"{"price":2}"#,
                Row {
                    price: Some(2.0),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":1}"#,
                Row {
                    flag: Some(true),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":0}"#,
                Row {
                    flag: Some(false),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":"true"}"#,
                Row {
                    flag: Some(true),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":"1"}"#,
                Row {
                    flag: Some(true),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":"False"}"#,
                Row {
                    flag: Some(false),
                    ..Row::default()
                },
            ),
            (
                r#"{"flag":"否"}"#,
                Row {
                    flag: Some(false),
                    ..Row::default()
                },
            ),
            (
                r#"{"text":100}"#,
                Row {
                    text: Some("100".into()),
                    ..Row::default()
                },
            ),
            // Every digit of an id sent as a number, and a number's text as written.
            (
                r#"{"text":768582155554002944}"#,
                Row {
                    text: Some("768582155554002944".into()),
                    ..Row::default()
                },
            ),
            (
                r#"{"text":12.3400}"#,
                Row {
                    text: Some("12.3400".into()),
                    ..Row::default()
                },
            ),
            (
                r#"{"text":"a\"b"}"#,
                Row {
                    text: Some("a\"b".into()),
                    ..Row::default()
                },
            ),
            (
                r#"{"text":true}"#,
                Row {
                    text: Some("true".into()),
                    ..Row::default()
                },
            ),
            (r#"{"items":null}"#, Row::default()),
            (r#"{"items":""}"#, Row::default()),
            (
                r#"{"items":["1",2]}"#,
                Row {
                    items: vec![1, 2],
                    ..Row::default()
                },
            ),
            (r#"{"fields":null}"#, Row::default()),
            (
                r#"{"fields":{"a":1}}"#,
                Row {
                    fields: [("a".to_string(), "1".to_string())].into(),
                    ..Row::default()
                },
            ),
            (
                r#"{"inner":{"count":"5"}}"#,
                Row {
                    inner: Some(Box::new(Row {
                        count: Some(5),
                        ..Row::default()
                    })),
                    ..Row::default()
                },
            ),
            (r#"{"inner":""}"#, Row::default()),
            (
                r#"{"unknown":{"deep":[1,2,{"x":"y"}]},"count":1}"#,
                Row {
                    count: Some(1),
                    ..Row::default()
                },
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(row(json).as_ref(), Ok(expected), "{json}");
        }
    }

    #[test]
    fn a_value_that_fits_no_rule_fails_with_its_place() {
        let cases = [
            (
                r#"{"count":"twelve"}"#,
                r#"count: expected a whole number, found "twelve""#,
            ),
            (
                r#"{"count":1.5}"#,
                "count: expected a whole number, found 1.5",
            ),
            (
                r#"{"count":true}"#,
                "count: expected a whole number, found true",
            ),
            (
                r#"{"flag":"yes"}"#,
                r#"flag: expected a boolean, found "yes""#,
            ),
            (
                r#"{"price":false}"#,
                "price: expected a number, found false",
            ),
            (
                r#"{"count":[1]}"#,
                "count: expected a whole number, found [1]",
            ),
            (
                r#"{"items":[1,"x"]}"#,
                r#"items[1]: expected a whole number, found "x""#,
            ),
            (
                r#"{"inner":{"inner":{"items":[0,0,0,{}]}}}"#,
                "inner.inner.items[3]: expected a whole number, found {}",
            ),
            (
                r#"{"text":{"a":1}}"#,
                r#"text: expected text, found {"a":1}"#,
            ),
        ];
        for (json, message) in cases {
            assert_eq!(row(json), Err(message.to_string()), "{json}");
        }
    }

    #[test]
    fn quoted_values_are_bounded() {
        let long = "9".repeat(5000);
        let error = row(&format!(r#"{{"flag":"{long}"}}"#)).unwrap_err();
        assert!(error.len() < 80, "{error}");
        assert!(
            error.starts_with(r#"flag: expected a boolean, found "999"#),
            "{error}"
        );
    }

    #[test]
    fn paths_of_deeply_nested_answers_are_bounded_to_their_innermost_part() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Tree(std::collections::HashMap<String, Tree>);
        let key = format!("键{}", "k".repeat(70));
        let depth = 100;
        let json = format!(
            "{}1{}",
            format!(r#"{{"{key}":"#).repeat(depth),
            "}".repeat(depth)
        );
        let error = from_str::<Tree>(&json).unwrap_err();
        let path = error.path();
        assert!(path.len() <= PATH_BYTES + '…'.len_utf8(), "{}", path.len());
        assert!(path.starts_with('…'), "{path}");
        assert!(
            path.ends_with(&format!(".{}…", &key[..KEY_BYTES])),
            "{path}"
        );
        // A short path is left whole.
        assert_eq!(innermost("a.b".into(), PATH_BYTES), "a.b");
        // The cut never falls inside a character.
        assert_eq!(innermost("路路".into(), 4), "…路");
    }

    #[test]
    fn unit_passes_over_anything_and_syntax_errors_are_errors() {
        assert_eq!(from_str::<()>(r#"{"a":[1,2]}"#), Ok(()));
        assert_eq!(from_str::<()>("null"), Ok(()));
        assert!(from_str::<Row>(r#"{"count":1"#).is_err());
        assert!(from_str::<Row>(r#"{"count":1} x"#).is_err());
    }

    #[test]
    fn json_values_keep_their_shape() {
        let value: serde_json::Value = from_str(r#"{"a":[1,"2",{"b":null}],"c":1.5}"#).unwrap();
        assert_eq!(value, serde_json::json!({"a":[1,"2",{"b":null}],"c":1.5}));
        let value: Option<serde_json::Value> = from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(value, Some(serde_json::json!({"a":1})));
    }
}
