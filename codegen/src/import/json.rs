//! Re-indents the JSON of the examples (`--data-row ' { \t"a":"1" }'`) two spaces per level,
//! keeping the order of the keys and the numbers exactly as written (serde_json's `Value` would
//! sort the keys and rewrite `1.0000000000` as `1.0`).

/// Re-indented JSON, and the object keys whose surrounding spaces were removed (a page that
/// writes `"ivc_status "` means the field `ivc_status` of its table).
#[derive(Debug, PartialEq, Eq)]
pub struct Reindented {
    pub text: String,
    pub trimmed_keys: Vec<String>,
}

/// The JSON text, re-indented; or why it is not JSON.
pub fn reindent(text: &str) -> Result<Reindented, String> {
    if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(error.to_string());
    }
    let tokens = tokens(text);
    let mut trimmed_keys = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        match token {
            "{" | "[" => {
                let close = if token == "{" { "}" } else { "]" };
                if tokens.get(i + 1) == Some(&close) {
                    out.push_str(token);
                    out.push_str(close);
                    i += 2;
                    continue;
                }
                out.push_str(token);
                depth += 1;
                newline(&mut out, depth);
            }
            "}" | "]" => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push_str(token);
            }
            "," => {
                out.push(',');
                newline(&mut out, depth);
            }
            ":" => out.push_str(": "),
            key if tokens.get(i + 1) == Some(&":") && key.len() >= 2 => {
                let inner = &key[1..key.len() - 1];
                if inner.trim() != inner {
                    trimmed_keys.push(inner.to_string());
                }
                out.push('"');
                out.push_str(inner.trim());
                out.push('"');
            }
            other => out.push_str(other),
        }
        i += 1;
    }
    Ok(Reindented {
        text: out,
        trimmed_keys,
    })
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// The tokens of valid JSON: punctuation, strings (with their quotes) and other words.
fn tokens(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                out.push(&text[i..i + 1]);
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push(&text[start..i.min(bytes.len())]);
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'}' | b'[' | b']' | b':' | b','
                    )
                {
                    i += 1;
                }
                out.push(&text[start..i]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_numbers() {
        let text = " { \t\"b\":\"1\", \t\"a\":[ \t\t{ \"x\":1.0000000000, \"y\":{} } \t], \"c\":[], \"d\":\"a,b:[c]\" }";
        assert_eq!(
            reindent(text).unwrap().text,
            "{\n  \"b\": \"1\",\n  \"a\": [\n    {\n      \"x\": 1.0000000000,\n      \"y\": {}\n    }\n  ],\n  \"c\": [],\n  \"d\": \"a,b:[c]\"\n}"
        );
        assert_eq!(reindent("\"x\\\"y\"").unwrap().text, "\"x\\\"y\"");
    }

    #[test]
    fn trims_spaces_around_keys_and_says_which() {
        let done = reindent("{\"ivc_status \": \" a \", \"ok\": 1}").unwrap();
        assert_eq!(done.text, "{\n  \"ivc_status\": \" a \",\n  \"ok\": 1\n}");
        assert_eq!(done.trimmed_keys, ["ivc_status "]);
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(reindent("{\"a\":}").is_err());
        assert!(reindent("").is_err());
    }
}
