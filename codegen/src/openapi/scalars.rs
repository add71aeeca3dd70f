//! The schema of one value of a built-in type, by where it goes: a query parameter is text in
//! a URL, a sent value is written exactly as its `wire` form says, and a received value is
//! described by what the documentation says while the decoder accepts more (see the
//! document's description), so a received value gets no format a strict client would enforce
//! on text the server may send otherwise.

use super::json::{Json, Object};
use crate::spec::{TypeExpr, WireForm};

/// Where a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the query string of a request, written in this form.
    Query(WireForm),
    /// In a request body, written in this form.
    Sent(WireForm),
    /// In an answer.
    Received,
}

/// Decimal text as the API writes it: `12.50`, `-3`, `0.125`.
pub const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";
/// `2020-08-03 19:18:58`.
pub const DATETIME_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$";

const DECIMAL: &str = "An exact decimal (money, price, quantity, rate): keep its scale and read it as a decimal, not a binary floating-point number.";
const DECIMAL_EITHER: &str = "An exact decimal (money, price, quantity, rate): sent as a JSON number or as text (`\"12.50\"`), both meaning the same; read it as a decimal, not a binary floating-point number.";
const DATE: &str = "A calendar date, `yyyy-MM-dd` (`2020-08-03`), China time.";
const DATE_RECEIVED: &str = "A calendar date, `yyyy-MM-dd` (`2020-08-03`), China time. A value that is not a date is kept as text.";
const DATETIME: &str =
    "A date and time, `yyyy-MM-dd HH:mm:ss` (`2020-08-03 19:18:58`), China time (UTC+8).";
const DATETIME_RECEIVED: &str = "A date and time, `yyyy-MM-dd HH:mm:ss` (`2020-08-03 19:18:58`), China time (UTC+8). A value that is not one is kept as text.";
const TIMESTAMP: &str = "Milliseconds since the Unix epoch (时间戳(毫秒)).";

/// The schema of a built-in type that holds one value (`None` for lists, maps and names).
pub fn scalar(ty: &TypeExpr, place: Place) -> Option<Object> {
    let object = Object::new();
    Some(match ty {
        TypeExpr::String => object.with("type", "string"),
        TypeExpr::Integer => object.with("type", "integer").with("format", "int64"),
        TypeExpr::Number => object.with("type", "number").with("format", "double"),
        TypeExpr::Decimal => decimal(place),
        TypeExpr::Boolean => boolean(place),
        TypeExpr::Date => match place {
            Place::Received => object
                .with("type", "string")
                .with("x-jdy-format", "date")
                .with("description", DATE_RECEIVED),
            _ => object
                .with("type", "string")
                .with("format", "date")
                .with("description", DATE),
        },
        TypeExpr::DateTime => match place {
            Place::Received => object
                .with("type", "string")
                .with("x-jdy-format", "datetime")
                .with("description", DATETIME_RECEIVED),
            _ => object
                .with("type", "string")
                .with("x-jdy-format", "datetime")
                .with("pattern", DATETIME_PATTERN)
                .with("description", DATETIME),
        },
        TypeExpr::Timestamp => object
            .with("type", "integer")
            .with("format", "int64")
            .with("description", TIMESTAMP),
        // Any JSON value: the empty schema.
        TypeExpr::Json => object,
        TypeExpr::File => object.with("type", "string").with("format", "binary"),
        TypeExpr::List(_)
        | TypeExpr::Map(_)
        | TypeExpr::Named(_)
        | TypeExpr::Shared(_)
        | TypeExpr::Page { .. } => return None,
    })
}

fn decimal_text() -> Object {
    Object::new()
        .with("type", "string")
        .with("format", "decimal")
        .with("pattern", DECIMAL_PATTERN)
}

fn decimal(place: Place) -> Object {
    match place {
        // In a URL a decimal is text whatever its wire form.
        Place::Query(_) | Place::Sent(WireForm::String) => {
            decimal_text().with("description", DECIMAL)
        }
        Place::Sent(_) => Object::new()
            .with("type", "number")
            .with("format", "decimal")
            .with("description", DECIMAL),
        Place::Received => Object::new()
            .with(
                "oneOf",
                vec![
                    Object::new()
                        .with("type", "number")
                        .with("format", "decimal"),
                    decimal_text(),
                ],
            )
            .with("x-jdy-format", "decimal")
            .with("description", DECIMAL_EITHER),
    }
}

fn boolean(place: Place) -> Object {
    let digits = |one: Json, zero: Json, kind: &str| {
        Object::new()
            .with("type", kind)
            .with("enum", vec![one, zero])
            .with("description", "A yes/no flag: 1 is yes (是), 0 is no (否).")
    };
    match place {
        // In a URL `1` and `"1"` are the same text.
        Place::Sent(WireForm::Number) | Place::Query(WireForm::Number | WireForm::NumberString) => {
            digits(1i64.into(), 0i64.into(), "integer")
        }
        Place::Sent(WireForm::NumberString) => digits("1".into(), "0".into(), "string"),
        Place::Sent(WireForm::String) => Object::new()
            .with("type", "string")
            .with("enum", vec!["true", "false"])
            .with("description", "A yes/no flag, written as text."),
        Place::Sent(WireForm::Native)
        | Place::Query(WireForm::Native | WireForm::String)
        | Place::Received => Object::new().with("type", "boolean"),
    }
}
