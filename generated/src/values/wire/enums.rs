//! What every open enumeration of the spec has beside its variants: its value on the wire, the
//! conversions its serde goes through, and its form in a query. The generated code declares
//! each enumeration with its documented variants and `Unknown`, and their values in a
//! `VALUES` table (`[(Self::Audited, "C"), (Self::Unaudited, "Z")]`), then invokes one of
//! these macros, so that the enumerations do not each repeat the same four impls.

// A build with no module feature generates no enumeration.
#![allow(unused_macros)]

/// The impls of an open enumeration of text values (`"C"`, `"number asc"`), from its `VALUES`:
/// `as_str`, `From<String>` and `From<Self> for String` (its serde, `from`/`into` `String`),
/// and `QueryValue`.
macro_rules! text_enum {
    ($name:ident) => {
        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(value) => value,
                    known => Self::VALUES
                        .iter()
                        .find(|(variant, _)| variant == known)
                        .map_or("", |(_, value)| value),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::VALUES.iter().find(|(_, wire)| *wire == value) {
                    Some((variant, _)) => variant.clone(),
                    None => Self::Unknown(value),
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl $crate::wire::QueryValue for $name {
            fn to_query_value(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

/// The impls of an open enumeration of whole-number values (`1`, `-1`), from its `VALUES`:
/// `value`, `From<i64>` and `From<Self> for i64` (its serde, `from`/`into` `i64`), and
/// `QueryValue`.
macro_rules! integer_enum {
    ($name:ident) => {
        impl $name {
            /// The value on the wire.
            pub fn value(self) -> i64 {
                match self {
                    Self::Unknown(value) => value,
                    known => Self::VALUES
                        .iter()
                        .find(|(variant, _)| *variant == known)
                        .map_or(0, |(_, value)| *value),
                }
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match Self::VALUES.iter().find(|(_, wire)| *wire == value) {
                    Some((variant, _)) => *variant,
                    None => Self::Unknown(value),
                }
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl $crate::wire::QueryValue for $name {
            fn to_query_value(&self) -> String {
                self.value().to_string()
            }
        }
    };
}

pub(crate) use {integer_enum, text_enum};

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::wire::QueryValue;

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(from = "String", into = "String")]
    enum Audit {
        Audited,
        Unaudited,
        Unknown(String),
    }

    impl Audit {
        const VALUES: [(Self, &'static str); 2] = [(Self::Audited, "C"), (Self::Unaudited, "Z")];
    }

    text_enum!(Audit);

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(from = "i64", into = "i64")]
    enum Filter {
        Enabled,
        Any,
        Unknown(i64),
    }

    impl Filter {
        const VALUES: [(Self, i64); 2] = [(Self::Enabled, 1), (Self::Any, -1)];
    }

    integer_enum!(Filter);

    #[test]
    fn text_values_map_to_variants_both_ways_and_unknown_ones_are_kept() {
        assert_eq!(Audit::from("C".to_string()), Audit::Audited);
        assert_eq!(Audit::Unaudited.as_str(), "Z");
        assert_eq!(Audit::from("X".to_string()), Audit::Unknown("X".into()));
        assert_eq!(String::from(Audit::Unknown("X".into())), "X");
        assert_eq!(Audit::Audited.to_query_value(), "C");
        assert_eq!(serde_json::to_string(&Audit::Unaudited).unwrap(), r#""Z""#);
        let read: Audit = crate::wire::from_str("\"C\"").unwrap();
        assert_eq!(read, Audit::Audited);
    }

    #[test]
    fn whole_number_values_map_to_variants_both_ways_and_unknown_ones_are_kept() {
        assert_eq!(Filter::from(-1), Filter::Any);
        assert_eq!(Filter::Enabled.value(), 1);
        assert_eq!(Filter::from(7), Filter::Unknown(7));
        assert_eq!(i64::from(Filter::Any), -1);
        assert_eq!(Filter::Any.to_query_value(), "-1");
        assert_eq!(serde_json::to_string(&Filter::Enabled).unwrap(), "1");
        let read: Filter = crate::wire::from_str("\"-1\"").unwrap();
        assert_eq!(read, Filter::Any);
    }
}
