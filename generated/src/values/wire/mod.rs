//! How values travel: query parameters and request forms on the way out, loosely typed JSON
//! on the way in.
//!
//! The generated code uses these; they are public so that a call to an endpoint the spec does
//! not describe yet can be written the same way (see [`Client::send`](crate::Client::send)),
//! and so that an answer kept elsewhere can be decoded by the same rules ([`from_str`]).

pub mod decode;
mod enums;
pub mod forms;
pub(crate) mod quote;
mod scalar;
pub(crate) mod text;

pub use decode::{from_str, DecodeError};
// Only the generated modules use them: a build with no module feature has none.
#[allow(unused_imports)]
pub(crate) use enums::{integer_enum, text_enum};

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

/// `text` on one line (control characters as spaces, runs of spaces as one), cut at a
/// character boundary to at most `max` bytes with `…` after the cut: for error messages that
/// quote what a server sent.
pub(crate) fn bounded_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 4));
    for c in text.trim().chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if out.len() + c.len_utf8() > max {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn bounded_lines() {
        assert_eq!(bounded_line(" a\n\tb  c ", 100), "a b c");
        assert_eq!(bounded_line("abcdef", 3), "abc…");
        // Never cut inside a character.
        assert_eq!(bounded_line("金蝶云", 4), "金…");
    }
}
