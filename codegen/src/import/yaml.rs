//! A small YAML writer for the spec's files: mappings, lists, scalars quoted only when YAML
//! would read them differently, flow lists for short lists of words, and literal blocks for
//! examples. Hand-written rather than serde_yaml (unmaintained since 2024) so that the output
//! has the house style of the hand-written spec files (`category: [a, b]`, a blank line
//! between endpoints and between types, `|` blocks) and is the same bytes on every run.

/// A YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Text, quoted if needed.
    Text(String),
    /// Written as is: numbers and booleans meant as such (`value: 1`, `paged: true`).
    Raw(String),
    /// A literal block (`|`), for multi-line text.
    Block(String),
    /// `[a, b]`.
    Flow(Vec<String>),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    /// An empty line between two entries of a mapping (the key is ignored).
    Gap,
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }
}

/// The longest key written `key: value`. YAML reads such an implicit key only up to 1,024
/// characters (quotes and all), and the spec's loader would refuse a longer one.
const MAX_IMPLICIT_KEY: usize = 1000;

/// Renders a top-level mapping.
pub fn render(entries: &[(String, Node)]) -> String {
    let mut out = String::new();
    map(&mut out, entries, 0);
    out
}

fn map(out: &mut String, entries: &[(String, Node)], indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        let pad = if i == 0 && out.ends_with("- ") {
            String::new()
        } else {
            " ".repeat(indent)
        };
        if matches!(value, Node::Gap) {
            out.push('\n');
            continue;
        }
        out.push_str(&pad);
        if key.chars().count() > MAX_IMPLICIT_KEY {
            // `? key` then `: value`: the explicit form, which has no length limit.
            out.push_str("? ");
            out.push_str(key);
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        } else {
            out.push_str(key);
        }
        out.push(':');
        value_after_key(out, value, indent);
    }
}

fn value_after_key(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Text(text) => {
            out.push(' ');
            out.push_str(&scalar(text, false));
            out.push('\n');
        }
        Node::Raw(raw) => {
            out.push(' ');
            out.push_str(raw);
            out.push('\n');
        }
        Node::Block(text) => {
            if !block_safe(text) {
                out.push(' ');
                out.push_str(&quoted(text));
                out.push('\n');
                return;
            }
            out.push_str(" |\n");
            for line in text.lines() {
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        Node::Flow(items) => {
            out.push_str(" [");
            let items: Vec<String> = items.iter().map(|i| scalar(i, true)).collect();
            out.push_str(&items.join(", "));
            out.push_str("]\n");
        }
        Node::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Node::Map(entries) => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Node::List(items) if items.is_empty() => out.push_str(" []\n"),
        Node::List(items) => {
            out.push('\n');
            list(out, items, indent + 2);
        }
        Node::Gap => out.push('\n'),
    }
}

fn list(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Node::Map(entries) if !entries.is_empty() => map(out, entries, indent + 2),
            Node::Text(text) => {
                out.push_str(&scalar(text, false));
                out.push('\n');
            }
            Node::Raw(raw) => {
                out.push_str(raw);
                out.push('\n');
            }
            other => {
                // Not used by the spec's files; written in flow form to stay valid.
                let mut inner = String::new();
                value_after_key(&mut inner, other, indent);
                out.push_str(inner.trim_start());
            }
        }
    }
}

/// A scalar as YAML reads it back to the same text: plain when that is safe, else in double
/// quotes. `flow` is for items of `[a, b]`, where `,[]{}` also need quotes.
pub fn scalar(text: &str, flow: bool) -> String {
    if plain_safe(text, flow) {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn plain_safe(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text {
        return false;
    }
    if text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}'))
    {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    !looks_typed(text)
}

/// Words YAML (1.1 or 1.2) may read as something other than text: booleans, null, numbers,
/// dates. Anything starting like a number is quoted, to be safe with every reader.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return true;
    }
    let unsigned = lower.trim_start_matches(['+', '-']);
    unsigned.starts_with(|c: char| c.is_ascii_digit())
        || unsigned.starts_with(".inf")
        || unsigned.starts_with(".nan")
        || (unsigned.starts_with('.') && unsigned[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// A double-quoted scalar.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a literal block keeps the text exactly: no leading blank or indented first line,
/// no trailing newline, no characters a block cannot hold.
fn block_safe(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with([' ', '\t', '\n'])
        && !text.ends_with(['\n', ' ', '\t'])
        && !text.chars().any(|c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}')
        })
        && !text.lines().any(|l| l.ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(scalar("客户列表", false), "客户列表");
        assert_eq!(
            scalar("状态(1:启用 0:禁用 -1：不限)", false),
            "状态(1:启用 0:禁用 -1：不限)"
        );
        assert_eq!(scalar("a: b", false), "\"a: b\"");
        assert_eq!(scalar("false", false), "\"false\"");
        assert_eq!(scalar("10", false), "\"10\"");
        assert_eq!(scalar("-1", false), "\"-1\"");
        assert_eq!(scalar("2021-11-11", false), "\"2021-11-11\"");
        assert_eq!(scalar("", false), "\"\"");
        assert_eq!(scalar("- x", false), "\"- x\"");
        assert_eq!(scalar("a,b", true), "\"a,b\"");
        assert_eq!(scalar("a\"b\\c\n", false), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(scalar("number asc", false), "number asc");
        assert_eq!(scalar("id=1&a=b c", false), "id=1&a=b c");
    }

    #[test]
    fn renders_the_house_style() {
        let doc = vec![
            ("title".to_string(), Node::text("客户")),
            ("gap".to_string(), Node::Gap),
            (
                "endpoints".to_string(),
                Node::Map(vec![(
                    "list".to_string(),
                    Node::Map(vec![
                        (
                            "category".to_string(),
                            Node::Flow(vec!["a".into(), "b c".into()]),
                        ),
                        ("paged".to_string(), Node::Raw("true".into())),
                        (
                            "query".to_string(),
                            Node::List(vec![Node::Map(vec![
                                ("name".to_string(), Node::text("page")),
                                ("default".to_string(), Node::text("1")),
                            ])]),
                        ),
                        (
                            "response".to_string(),
                            Node::Block("{\n  \"a\": 1\n}".into()),
                        ),
                    ]),
                )]),
            ),
        ];
        assert_eq!(
            render(&doc),
            "title: 客户\n\nendpoints:\n  list:\n    category: [a, b c]\n    paged: true\n    query:\n      - name: page\n        default: \"1\"\n    response: |\n      {\n        \"a\": 1\n      }\n"
        );
    }
}
