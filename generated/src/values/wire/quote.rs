//! Received values quoted in error messages, kept short.

/// How many characters of a received value an error message shows.
const MAX_CHARS: usize = 40;

/// `text` in double quotes, escaped as Rust's `Debug` does, and cut after [`MAX_CHARS`]
/// characters with `…`: an answer may put a whole document where a number was expected, and
/// a message should not carry all of it.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(MAX_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(quote("abc"), r#""abc""#);
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote("a\"b"), r#""a\"b""#);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let long = "金".repeat(45);
        assert_eq!(quote(&long), format!("\"{}\"…", "金".repeat(40)));
        let exact = "x".repeat(40);
        assert_eq!(quote(&exact), format!("\"{exact}\""));
    }
}
