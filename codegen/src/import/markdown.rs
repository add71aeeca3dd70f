//! The little Markdown the documentation pages use, as a list of blocks with line numbers:
//! headings, `**Name**` lines, pipe tables, fenced code and other lines. Inline text is
//! cleaned by [`inline`]: links, backslash escapes.

/// One block of a page. `line` is 1-based, counted in the whole file (front matter included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: usize,
        text: String,
        line: usize,
    },
    /// A line that is only `**Name**`: the name of the type whose table follows.
    Bold {
        name: String,
        line: usize,
    },
    Table(Table),
    /// Rows starting with `|` with no header line above them.
    LooseRows {
        rows: Vec<Row>,
        line: usize,
    },
    Code {
        info: String,
        text: String,
        line: usize,
    },
    /// Any other non-empty line (list items, paragraphs).
    Text {
        text: String,
        line: usize,
    },
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. }
            | Block::Bold { line, .. }
            | Block::LooseRows { line, .. }
            | Block::Code { line, .. }
            | Block::Text { line, .. } => *line,
            Block::Table(table) => table.line,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The line of the header.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells as written (trimmed, escapes kept).
    pub cells: Vec<String>,
    pub line: usize,
}

/// Splits the body of a page (after the front matter, which starts at line `first_line`) into
/// blocks.
pub fn blocks(body: &str, first_line: usize) -> Vec<Block> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let number = first_line + i;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        if let Some(fence) = fence_of(trimmed) {
            let info = trimmed[fence.len()..].trim().to_string();
            let mut text = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                text.push(lines[i]);
                i += 1;
            }
            i += 1; // the closing fence, if any
            out.push(Block::Code {
                info,
                text: text.join("\n"),
                line: number,
            });
            continue;
        }
        if trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let text = trimmed[level..].trim().to_string();
            out.push(Block::Heading {
                level,
                text,
                line: number,
            });
            i += 1;
            continue;
        }
        if let Some(name) = bold_line(trimmed) {
            out.push(Block::Bold { name, line: number });
            i += 1;
            continue;
        }
        if trimmed.starts_with('|') {
            let has_header = lines
                .get(i + 1)
                .is_some_and(|next| is_separator(next.trim()));
            let mut rows = Vec::new();
            let start = i;
            if has_header {
                i += 2;
            }
            while i < lines.len() && lines[i].trim().starts_with('|') {
                rows.push(Row {
                    cells: cells(lines[i].trim()),
                    line: first_line + i,
                });
                i += 1;
            }
            if has_header {
                out.push(Block::Table(Table {
                    header: cells(trimmed),
                    rows,
                    line: number,
                }));
            } else {
                out.push(Block::LooseRows {
                    rows,
                    line: first_line + start,
                });
            }
            continue;
        }
        out.push(Block::Text {
            text: trimmed.to_string(),
            line: number,
        });
        i += 1;
    }
    out
}

fn fence_of(line: &str) -> Option<&'static str> {
    if line.starts_with("```") {
        Some("```")
    } else if line.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// `**Name**` alone on its line.
fn bold_line(line: &str) -> Option<String> {
    let inner = line.strip_prefix("**")?.strip_suffix("**")?.trim();
    if inner.is_empty() || inner.contains("**") {
        return None;
    }
    Some(inner.to_string())
}

/// `| --- | :---: |`: the line under a table's header.
fn is_separator(line: &str) -> bool {
    line.starts_with('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table line: split on `|` not escaped with a backslash; the leading and
/// trailing pipes are optional, as in GitHub's tables.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    // A leading pipe leaves an empty first cell, a trailing one an empty last cell.
    if line.starts_with('|') && !out.is_empty() {
        out.remove(0);
    }
    if line.ends_with('|') && !line.ends_with("\\|") && !out.is_empty() {
        out.pop();
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Inline Markdown of a table cell or a list item, turned into plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    /// The text linked to the 敏感数据解密 guide: the value arrives encrypted.
    pub sensitive: bool,
}

/// Links become their text, except links to guides that only point elsewhere (使用指南,
/// 敏感数据解密), which are dropped; backslash escapes are removed.
pub fn inline(text: &str) -> Inline {
    let mut out = String::new();
    let mut sensitive = false;
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some((link_text, after)) = link_at(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        let plain = link_text.trim();
        if plain.contains("敏感数据解密") {
            sensitive = true;
        } else if plain != "使用指南" {
            out.push_str(plain);
        }
        rest = after;
    }
    out.push_str(rest);
    Inline {
        text: unescape(&out).trim().to_string(),
        sensitive,
    }
}

/// `[text](url)` at the start of `s`: the text and what follows the link.
///
/// Neither the text nor the address of a link holds a `[`, so each is looked for only up to
/// the next one: a line of thousands of `[` is then read in time linear in its length, not
/// once more for each `[`.
fn link_at(s: &str) -> Option<(&str, &str)> {
    let body = &s[1..];
    let next_open = body.find('[').unwrap_or(body.len());
    let text_end = body[..next_open].find("](")?;
    let text = &body[..text_end];
    let after_paren = &body[text_end + 2..];
    let address = &after_paren[..after_paren.find('[').unwrap_or(after_paren.len())];
    let end = address.find(')')?;
    Some((text, &after_paren[end + 1..]))
}

/// Removes Markdown backslash escapes (`customer\_detail`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_headings_and_code() {
        let text = "# T\n\n**Row**\n\n| a | b |\n| --- | --- |\n| x\\_y | 1 |\n| z | 2\n\n```json\n{}\n```\n| loose |\ntext";
        let blocks = blocks(text, 10);
        assert_eq!(blocks.len(), 6);
        assert!(matches!(&blocks[0], Block::Heading { level: 1, text, line: 10 } if text == "T"));
        assert!(matches!(&blocks[1], Block::Bold { name, line: 12 } if name == "Row"));
        let Block::Table(table) = &blocks[2] else {
            panic!("{:?}", blocks[2])
        };
        assert_eq!(table.header, ["a", "b"]);
        assert_eq!(table.rows[0].cells, ["x\\_y", "1"]);
        assert_eq!(table.rows[1].cells, ["z", "2"]);
        assert_eq!(table.rows[1].line, 17);
        assert!(
            matches!(&blocks[3], Block::Code { info, text, line: 19 } if info == "json" && text == "{}")
        );
        assert!(
            matches!(&blocks[4], Block::LooseRows { rows, line: 22 } if rows[0].cells == ["loose"])
        );
        assert!(matches!(&blocks[5], Block::Text { text, line: 23 } if text == "text"));
    }

    #[test]
    fn empty_cells_are_kept() {
        assert_eq!(cells("|  | string |  |"), ["", "string", ""]);
        assert_eq!(cells("| a \\| b | c |"), ["a | b", "c"]);
    }

    #[test]
    fn links_and_escapes() {
        let i = inline("详细地址 [敏感数据解密](https://x/y?id=1&noside=true)");
        assert_eq!(i.text, "详细地址");
        assert!(i.sensitive);
        assert_eq!(inline("自定义字段[使用指南](https://x)").text, "自定义字段");
        assert_eq!(
            inline("详见[通用操作接口](https://x)。").text,
            "详见通用操作接口。"
        );
        assert_eq!(inline("a\\_b [c] d").text, "a_b [c] d");
        assert_eq!(inline("[[a](u) [b](v").text, "[a [b](v");
        // Thousands of `[` without a link: kept as written (and read once, not once per `[`).
        let nested = "[{\"a\":".repeat(20_000);
        assert_eq!(
            inline(&format!("{nested} [x](y)")).text,
            format!("{nested} x")
        );
        assert_eq!(unescape("\\=x\\y"), "=x\\y");
    }
}
