//! The forms a request writes a value in when the page's examples write it in another JSON form
//! than the type's own: the spec's `wire:` key, used through `#[serde(serialize_with)]`.
//!
//! Answers need none of this: they accept every form (see [`decode`](super::decode)).

use std::fmt::Display;

use serde::Serializer;

use super::QueryValue;

/// A value a form applies to, alone or in an `Option`.
pub trait Formed {
    type Value;

    fn value(&self) -> Option<&Self::Value>;
}

impl Formed for bool {
    type Value = bool;

    fn value(&self) -> Option<&bool> {
        Some(self)
    }
}

impl Formed for crate::Decimal {
    type Value = crate::Decimal;

    fn value(&self) -> Option<&crate::Decimal> {
        Some(self)
    }
}

impl<T: Formed<Value = T>> Formed for Option<T> {
    type Value = T;

    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
}

/// As a JSON string: `"12.50"`, `"true"` (`wire: string`).
pub fn string<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Formed,
    T::Value: Display,
    S: Serializer,
{
    match value.value() {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

/// A boolean as the number `1` or `0` (`wire: number`).
pub fn number<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Formed<Value = bool>,
    S: Serializer,
{
    match value.value() {
        Some(flag) => serializer.serialize_u8(u8::from(*flag)),
        None => serializer.serialize_none(),
    }
}

/// A boolean as the string `"1"` or `"0"` (`wire: number_string`).
pub fn number_string<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Formed<Value = bool>,
    S: Serializer,
{
    match value.value() {
        Some(flag) => serializer.serialize_str(if *flag { "1" } else { "0" }),
        None => serializer.serialize_none(),
    }
}

/// A boolean query parameter sent as `1` or `0` (`wire: number` or `number_string`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digit(pub bool);

impl QueryValue for Digit {
    fn to_query_value(&self) -> String {
        if self.0 { "1" } else { "0" }.to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Sent {
        #[serde(serialize_with = "super::string")]
        a: bool,
        #[serde(serialize_with = "super::number")]
        b: Option<bool>,
        #[serde(serialize_with = "super::number_string")]
        c: Option<bool>,
        #[serde(serialize_with = "super::number")]
        d: Option<bool>,
    }

    #[test]
    fn forms() {
        let sent = Sent {
            a: true,
            b: Some(true),
            c: Some(false),
            d: None,
        };
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            r#"{"a":"true","b":1,"c":"0","d":null}"#
        );
    }
}
