//! Rust names from wire names: `snake_case` fields, `UpperCamelCase` types and variants,
//! keywords escaped with a trailing `_`.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers, whatever the edition (strict and reserved keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses unqualified, so a spec type may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "BTreeMap",
    "Box",
    "Client",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Eq",
    "Err",
    "Error",
    "From",
    "Hash",
    "Into",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Sensitive",
    "Serialize",
    "Some",
    "String",
    "Value",
    "Vec",
];

/// Module names the `jdy` crate already uses for its runtime, so an API module may not.
pub const RESERVED_MODULE_NAMES: &[&str] = &[
    "auth",
    "call",
    "client",
    "credentials",
    "decode",
    "error",
    "examples",
    "mock",
    "secret",
    "sensitive",
    "service",
    "signing",
    "token",
    "transport",
    "wire",
];

/// Whether `name` is usable as an identifier as it stands: ASCII letters, digits and `_`,
/// not starting with a digit, not a keyword, not `_` alone.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// Why a wire name cannot become a Rust name, if it cannot.
pub fn unusable(wire: &str) -> Option<&'static str> {
    if wire.is_empty() {
        Some("it is empty")
    } else if !wire.is_ascii() {
        Some("it is not ASCII")
    } else if !wire.chars().any(|c| c.is_ascii_alphabetic()) {
        Some("it has no letter")
    } else if wire
        // What the Rust name starts with: the separators before it are dropped.
        .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .starts_with(|c: char| c.is_ascii_digit())
    {
        Some("it starts with a digit")
    } else if !wire
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
    {
        Some("it has characters other than letters, digits, `_`, `-`, `.` and spaces")
    } else {
        None
    }
}

/// The Rust field name for a wire name: `snake_case`, a keyword gets a trailing `_`.
/// `None` when the wire name cannot become one (see [`unusable`]).
pub fn field_name(wire: &str) -> Option<String> {
    if unusable(wire).is_some() {
        return None;
    }
    Some(escape_keyword(wire.to_snake_case()))
}

/// The Rust type or variant name for a wire name or value: `UpperCamelCase`.
pub fn type_name(wire: &str) -> Option<String> {
    if unusable(wire).is_some() {
        return None;
    }
    Some(escape_keyword(wire.to_upper_camel_case()))
}

/// `UpperCamelCase` of an already valid `snake_case` identifier (a resource or endpoint key).
pub fn camel(snake: &str) -> String {
    snake.to_upper_camel_case()
}

fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

/// Whether a name is already in `snake_case` (as resource and endpoint keys must be).
pub fn is_snake_case(name: &str) -> bool {
    is_identifier(name) && name.to_snake_case() == name
}

/// Whether a name is already in `UpperCamelCase` (as type names must be).
pub fn is_upper_camel_case(name: &str) -> bool {
    is_identifier(name) && name.to_upper_camel_case() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_whose_letters_come_after_a_number_is_unusable_whatever_precedes_it() {
        // Found by the spec campaign: `-9223372036854775808status` became the field name
        // `9223372036854775808status`, which the generator could not write.
        for wire in ["-1status", "_1status", " .9a", "1a"] {
            assert_eq!(unusable(wire), Some("it starts with a digit"), "{wire}");
            assert_eq!(field_name(wire), None, "{wire}");
            assert_eq!(type_name(wire), None, "{wire}");
        }
        assert_eq!(field_name("-status1").as_deref(), Some("status1"));
    }

    #[test]
    fn fields_keep_snake_case_and_escape_keywords() {
        assert_eq!(field_name("c_level").as_deref(), Some("c_level"));
        assert_eq!(field_name("app-token").as_deref(), Some("app_token"));
        assert_eq!(field_name("type").as_deref(), Some("type_"));
        assert_eq!(field_name("isDataPerm").as_deref(), Some("is_data_perm"));
        assert_eq!(field_name("1st"), None);
        assert_eq!(field_name("名称"), None);
        assert_eq!(field_name(""), None);
    }

    #[test]
    fn types_and_variants_are_upper_camel_case() {
        assert_eq!(type_name("number asc").as_deref(), Some("NumberAsc"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
        assert_eq!(type_name("-1"), None);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("customer_list"));
        assert!(!is_identifier("fn"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier("9a"));
        assert!(is_snake_case("sal_order"));
        assert!(!is_snake_case("SalOrder"));
        assert!(is_upper_camel_case("CustomerListRow"));
        assert!(!is_upper_camel_case("customer_row"));
    }
}
