//! The front matter of a documentation page: `key: value` lines between two `---`, each value
//! written as JSON (`"text"` or `["a", "b"]`).

/// What the importer needs from the front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The address of the page on open.jdy.com.
    pub url: Option<String>,
    /// Where the page sits in the documentation, outermost first (`module:`).
    pub module: Vec<String>,
    /// Lines whose value could not be read, with their line number.
    pub problems: Vec<(usize, String)>,
}

/// Splits a page into its front matter and its body. Returns `None` when the page has no
/// front matter; otherwise the front matter, the body and the line where the body starts.
pub fn split(text: &str) -> Option<(FrontMatter, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    let mut front = FrontMatter::default();
    for (i, line) in lines.enumerate() {
        offset += line.len();
        let number = i + 2;
        let trimmed = line.trim_end();
        if trimmed == "---" {
            return Some((front, &text[offset..], number + 1));
        }
        read_line(&mut front, trimmed, number);
    }
    None
}

fn read_line(front: &mut FrontMatter, line: &str, number: usize) {
    let Some((key, value)) = line.split_once(':') else {
        if !line.trim().is_empty() {
            front.problems.push((
                number,
                format!("a front matter line without `key:`: `{line}`"),
            ));
        }
        return;
    };
    let value = value.trim();
    match key.trim() {
        "title" => front.title = text_value(value, number, &mut front.problems),
        "url" => front.url = text_value(value, number, &mut front.problems),
        "module" => match serde_json::from_str::<Vec<String>>(value) {
            Ok(list) => front.module = list,
            Err(_) => front.problems.push((
                number,
                format!("`module` is not a list of texts: `{value}`"),
            )),
        },
        _ => {}
    }
}

/// A JSON string, or the raw text when it is not quoted.
fn text_value(value: &str, number: usize, problems: &mut Vec<(usize, String)>) -> Option<String> {
    if value.starts_with('"') {
        match serde_json::from_str::<String>(value) {
            Ok(text) => Some(text),
            Err(_) => {
                problems.push((number, format!("cannot read the quoted text `{value}`")));
                None
            }
        }
    } else if value.is_empty() {
        None
    } else {
        Some(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_url_and_module() {
        let page = "---\nid: \"x\"\ntitle: \"客户列表\"\nurl: \"https://open.jdy.com/#/a?b=1\"\nmodule: [\"基础资料\", \"客户\"]\n---\n\n# 客户列表\n";
        let (front, body, line) = split(page).unwrap();
        assert_eq!(front.title.as_deref(), Some("客户列表"));
        assert_eq!(front.url.as_deref(), Some("https://open.jdy.com/#/a?b=1"));
        assert_eq!(front.module, ["基础资料", "客户"]);
        assert!(front.problems.is_empty());
        assert_eq!(body, "\n# 客户列表\n");
        assert_eq!(line, 7);
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# README\n").is_none());
        assert!(split("---\ntitle: x\n").is_none());
    }
}
