//! How values travel: query parameters on the way out, loosely typed JSON on the way in.
//!
//! The generated code uses these; they are public so that a call to an endpoint the spec does
//! not describe yet can be written the same way (see [`Client::send`](crate::Client::send)).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Query parameters in the order they were added, with their values already turned into text.
/// Signing sorts them; this keeps what the caller gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parameter.
    pub fn push<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.pairs.push((name, value.to_query_value()));
    }

    /// Adds a parameter if it is set.
    pub fn push_opt<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// The parameters, as (wire name, text value).
    pub fn pairs(&self) -> &[(&'static str, String)] {
        &self.pairs
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A value that can be sent as a query parameter.
pub trait QueryValue {
    /// The value as text, before percent-encoding (signing encodes it).
    fn to_query_value(&self) -> String;
}

impl QueryValue for str {
    fn to_query_value(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn to_query_value(&self) -> String {
        self.clone()
    }
}

impl QueryValue for i64 {
    fn to_query_value(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for f64 {
    fn to_query_value(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for bool {
    fn to_query_value(&self) -> String {
        self.to_string()
    }
}

/// A list goes as `[a,b]`: the form of the documentation's own examples (`group=[]`,
/// `filter_stock_id=[1,2]`).
impl<T: QueryValue> QueryValue for Vec<T> {
    fn to_query_value(&self) -> String {
        let items: Vec<String> = self.iter().map(QueryValue::to_query_value).collect();
        format!("[{}]", items.join(","))
    }
}

/// A scalar as it arrived, before the field's declared type is imposed on it.
#[derive(Debug, Clone, PartialEq)]
pub enum Loose {
    Text(String),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Bool(bool),
}

/// A type that accepts a value sent as a string where a number is documented, or the reverse.
/// The spec marks such fields `lenient: true`; only they use it.
pub trait Lenient: Sized {
    /// Converts, or says in a few words why the value does not fit.
    fn from_loose(value: Loose) -> Result<Self, String>;
}

impl Lenient for String {
    fn from_loose(value: Loose) -> Result<Self, String> {
        Ok(match value {
            Loose::Text(text) => text,
            Loose::Integer(n) => n.to_string(),
            Loose::Unsigned(n) => n.to_string(),
            Loose::Float(n) => n.to_string(),
            Loose::Bool(b) => b.to_string(),
        })
    }
}

impl Lenient for i64 {
    fn from_loose(value: Loose) -> Result<Self, String> {
        match value {
            Loose::Integer(n) => Ok(n),
            Loose::Unsigned(n) => i64::try_from(n).map_err(|_| format!("{n} is too large")),
            Loose::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
            Loose::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| format!("`{text}` is not a whole number")),
            other => Err(format!("{other:?} is not a whole number")),
        }
    }
}

impl Lenient for f64 {
    fn from_loose(value: Loose) -> Result<Self, String> {
        match value {
            Loose::Integer(n) => Ok(n as f64),
            Loose::Unsigned(n) => Ok(n as f64),
            Loose::Float(f) => Ok(f),
            Loose::Text(text) => text
                .trim()
                .parse()
                .map_err(|_| format!("`{text}` is not a number")),
            Loose::Bool(b) => Err(format!("`{b}` is not a number")),
        }
    }
}

/// Booleans also arrive as numbers (`"deduct": 9` in the documented examples): zero is
/// false, any other number true; the texts `true`, `false`, `1` and `0` are accepted.
impl Lenient for bool {
    fn from_loose(value: Loose) -> Result<Self, String> {
        match value {
            Loose::Bool(b) => Ok(b),
            Loose::Integer(n) => Ok(n != 0),
            Loose::Unsigned(n) => Ok(n != 0),
            Loose::Float(f) => Ok(f != 0.0),
            Loose::Text(text) => match text.trim() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(format!("`{text}` is not a boolean")),
            },
        }
    }
}

/// Deserializes an optional lenient field: null, absent and the empty string are `None`.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    match deserializer.deserialize_any(LooseVisitor)? {
        None => Ok(None),
        Some(Loose::Text(text)) if text.trim().is_empty() => Ok(None),
        Some(value) => T::from_loose(value).map(Some).map_err(de::Error::custom),
    }
}

/// Deserializes a required lenient field: like [`lenient`], but absent is an error.
pub fn lenient_required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    lenient(deserializer)?.ok_or_else(|| de::Error::custom("a value is required"))
}

/// Deserializes a list or map that may arrive as `null`: as empty.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Option<Loose>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Loose::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Loose::Integer(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(match i64::try_from(v) {
            Ok(n) => Loose::Integer(n),
            Err(_) => Loose::Unsigned(v),
        }))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Loose::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Loose::Text(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Loose::Text(v)))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "lenient")]
        count: Option<i64>,
        #[serde(default, deserialize_with = "lenient")]
        price: Option<f64>,
        #[serde(default, deserialize_with = "lenient")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "lenient")]
        text: Option<String>,
    }

    fn probe(json: &str) -> Result<Probe, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_as_strings_and_strings_as_numbers() {
        let cases = [
            (r#"{"count":"12"}"#, Some(12), None, None, None),
            (r#"{"count":12}"#, Some(12), None, None, None),
            (r#"{"count":12.0}"#, Some(12), None, None, None),
            (r#"{"count":" 7 "}"#, Some(7), None, None, None),
            (r#"{"count":""}"#, None, None, None, None),
            (r#"{"count":null}"#, None, None, None, None),
            (r#"{}"#, None, None, None, None),
            (r#"{"price":"1.5"}"#, None, Some(1.5), None, None),
            (r#"{"price":2}"#, None, Some(2.0), None, None),
            (r#"{"flag":9}"#, None, None, Some(true), None),
            (r#"{"flag":0}"#, None, None, Some(false), None),
            (r#"{"flag":"true"}"#, None, None, Some(true), None),
            (r#"{"flag":"0"}"#, None, None, Some(false), None),
            (r#"{"text":100}"#, None, None, None, Some("100".to_string())),
            (r#"{"text":"a"}"#, None, None, None, Some("a".to_string())),
        ];
        for (json, count, price, flag, text) in cases {
            assert_eq!(
                probe(json),
                Ok(Probe {
                    count,
                    price,
                    flag,
                    text
                }),
                "{json}"
            );
        }
    }

    #[test]
    fn values_that_do_not_fit_are_errors() {
        for json in [
            r#"{"count":"twelve"}"#,
            r#"{"count":1.5}"#,
            r#"{"count":true}"#,
            r#"{"flag":"yes"}"#,
            r#"{"price":false}"#,
            r#"{"count":[1]}"#,
        ] {
            assert!(probe(json).is_err(), "{json} should not decode");
        }
    }

    #[test]
    fn query_values() {
        let mut q = Query::new();
        q.push("a", "x y");
        q.push("n", &-1i64);
        q.push("f", &1.5f64);
        q.push("b", &true);
        q.push("l", &vec![1i64, 2]);
        q.push("e", &Vec::<String>::new());
        q.push_opt::<String>("skipped", None);
        let pairs: Vec<(&str, &str)> = q.pairs().iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("a", "x y"),
                ("n", "-1"),
                ("f", "1.5"),
                ("b", "true"),
                ("l", "[1,2]"),
                ("e", "[]")
            ]
        );
    }
}
