//! The documentation's type names (`string`, `List <Row>`, `Map <string>`, `array`, `object`,
//! `Row`) read into a type before the page's tables are resolved.

/// A documented type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocType {
    String,
    Integer,
    Number,
    Boolean,
    /// `object`: any JSON.
    Object,
    /// `array`: a list whose items the page does not say.
    Array,
    /// `File`: a file of a multipart upload.
    File,
    List(Box<DocType>),
    Map(Box<DocType>),
    /// A name that should be a `**Name**` table of the page.
    Local(String),
    /// Anything else, as written.
    Unknown(String),
}

/// Reads a documented type. Built-in names are matched without regard to case (`String` is
/// written on some pages); `List <X>` and `List<X>` are the same.
pub fn parse(text: &str) -> DocType {
    parse_within(text, MAX_DEPTH)
}

/// How deep a documented type may nest (`List<List<...>>`): as deep as the spec's type
/// expressions may, so that what is imported loads. A deeper one is read as unknown.
const MAX_DEPTH: usize = 16;

fn parse_within(text: &str, depth: usize) -> DocType {
    let text = text.trim();
    if let Some((outer, inner)) = generic(text) {
        if depth == 0 {
            return DocType::Unknown(text.to_string());
        }
        let inner = parse_within(inner, depth - 1);
        return match outer.to_ascii_lowercase().as_str() {
            "list" | "array" => DocType::List(Box::new(inner)),
            "map" => DocType::Map(Box::new(inner)),
            _ => DocType::Unknown(text.to_string()),
        };
    }
    match text.to_ascii_lowercase().as_str() {
        "string" => DocType::String,
        "integer" | "int" | "long" => DocType::Integer,
        "number" => DocType::Number,
        "boolean" | "bool" => DocType::Boolean,
        "object" => DocType::Object,
        "array" => DocType::Array,
        "file" => DocType::File,
        _ if is_name(text) => DocType::Local(text.to_string()),
        _ => DocType::Unknown(text.to_string()),
    }
}

/// `List <Row>` -> (`List`, `Row`).
fn generic(text: &str) -> Option<(&str, &str)> {
    let open = text.find('<')?;
    let inner = text[open + 1..].strip_suffix('>')?;
    let outer = text[..open].trim();
    is_name(outer).then_some((outer, inner))
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_types() {
        assert_eq!(parse("string"), DocType::String);
        assert_eq!(parse("String"), DocType::String);
        assert_eq!(
            parse("List <Row>"),
            DocType::List(Box::new(DocType::Local("Row".into())))
        );
        assert_eq!(
            parse("List<Sub_MaterialEntity>"),
            DocType::List(Box::new(DocType::Local("Sub_MaterialEntity".into())))
        );
        assert_eq!(
            parse("Map <string>"),
            DocType::Map(Box::new(DocType::String))
        );
        assert_eq!(parse("array"), DocType::Array);
        assert_eq!(parse("object"), DocType::Object);
        assert_eq!(parse("File"), DocType::File);
        assert_eq!(
            parse("multipart/form-data"),
            DocType::Unknown("multipart/form-data".into())
        );
        assert_eq!(parse(""), DocType::Unknown(String::new()));
        assert_eq!(
            parse("array<data.assist>"),
            DocType::List(Box::new(DocType::Unknown("data.assist".into())))
        );
    }
}
