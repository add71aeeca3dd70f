//! One documentation page, read into what it says: the basic information, the parameter
//! tables, the nested `**Type**` tables of the request and of the answer, and the examples.
//! Nothing is interpreted yet (types are still the documentation's text); every deviation
//! from the usual layout becomes a warning with its line.

use super::front_matter;
use super::markdown::{self, Block, Row, Table};
use super::Warning;

/// A page as documented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The file name (`客户列表.md`): how warnings and overrides name the page.
    pub file: String,
    pub title: String,
    pub doc: String,
    pub category: Vec<String>,
    pub summary: String,
    /// 请求方式 in capitals, as documented (`GET`, `POST`, `DELETE`).
    pub method: String,
    pub method_line: usize,
    /// 请求地址 without the host and without Markdown escapes.
    pub path: String,
    pub path_line: usize,
    /// params参数.
    pub query: Option<Params>,
    /// body参数.
    pub body: Option<Params>,
    /// The `**Type**` tables of 请求参数.
    pub request_types: Vec<Local>,
    /// The first table of 响应参数: `errcode`, `description`, `data`.
    pub envelope: Option<Params>,
    /// The `**Type**` tables of 响应参数.
    pub response_types: Vec<Local>,
    pub example: RequestExample,
    /// 响应示例: the JSON text and its line.
    pub response_example: Option<(String, usize)>,
}

/// A parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub line: usize,
    pub rows: Vec<Param>,
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// 参数类型, as written (escapes removed).
    pub ty: String,
    /// 是否必填, when the table has the column.
    pub required: Option<bool>,
    /// 参数说明 as plain text (links replaced by their text, guide links dropped).
    pub description: String,
    pub sensitive: bool,
    pub line: usize,
}

/// A `**Name**` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub name: String,
    pub line: usize,
    pub params: Vec<Param>,
}

/// 请求示例: the query of the `curl` address and the `--data-row` body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestExample {
    pub query: Option<String>,
    pub body: Option<(String, usize)>,
    /// The example sends `--form` (multipart/form-data), not JSON.
    pub multipart: bool,
}

/// Why a file gives no endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAnEndpoint {
    /// No front matter: not a documentation page (the folder's README).
    NotAPage,
    /// A page without 基本信息: a guide.
    Guide,
    /// A page laid out like an endpoint, but without what an endpoint needs.
    Broken { line: usize, reason: String },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Top,
    Basic,
    Request,
    Response,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    None,
    Headers,
    Params,
    Body,
    RequestExample,
    ResponseExample,
    ReturnCodes,
}

/// Where the rows of a headerless run of `|` lines would belong.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LastTable {
    None,
    Query,
    Body,
    Envelope,
    RequestLocal(usize),
    ResponseLocal(usize),
    Ignored,
}

/// Reads a page. Warnings about it are added to `warnings`.
pub fn read(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Result<Page, NotAnEndpoint> {
    let Some((front, body, first_line)) = front_matter::split(text) else {
        return Err(NotAnEndpoint::NotAPage);
    };
    let mut reader = Reader {
        file,
        warnings,
        page: Page {
            file: file.to_string(),
            title: String::new(),
            doc: String::new(),
            category: front.module.clone(),
            summary: String::new(),
            method: String::new(),
            method_line: 0,
            path: String::new(),
            path_line: 0,
            query: None,
            body: None,
            request_types: Vec::new(),
            envelope: None,
            response_types: Vec::new(),
            example: RequestExample::default(),
            response_example: None,
        },
        section: Section::Top,
        part: Part::None,
        pending: None,
        last: LastTable::None,
        h1: None,
        seen_basic: false,
        basic_line: 0,
    };
    for (line, problem) in &front.problems {
        reader.warn(*line, problem.clone());
    }
    let blocks = markdown::blocks(body, first_line);
    let mut i = 0;
    while i < blocks.len() {
        reader.block(&blocks, i);
        i += 1;
    }
    reader.finish_pending();
    reader.finish(front)
}

struct Reader<'a> {
    file: &'a str,
    warnings: &'a mut Vec<Warning>,
    page: Page,
    section: Section,
    part: Part,
    /// A `**Name**` waiting for its table.
    pending: Option<(String, usize)>,
    last: LastTable,
    h1: Option<String>,
    seen_basic: bool,
    /// The line of `### 基本信息`.
    basic_line: usize,
}

impl Reader<'_> {
    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning {
            page: self.file.to_string(),
            line,
            message,
        });
    }

    fn block(&mut self, blocks: &[Block], i: usize) {
        let block = &blocks[i];
        match block {
            Block::Heading { level, text, line } => self.heading(*level, text, *line),
            Block::Bold { name, line } => {
                self.finish_pending();
                if !matches!(self.section, Section::Request | Section::Response) {
                    self.warn(
                        *line,
                        format!("`**{name}**` outside 请求参数 and 响应参数: ignored"),
                    );
                    return;
                }
                self.pending = Some((markdown::unescape(name), *line));
            }
            Block::Table(table) => self.table(table),
            Block::LooseRows { rows, line } => self.loose_rows(blocks, i, rows, *line),
            Block::Code { info, text, line } => self.code(info, text, *line),
            Block::Text { text, line } => self.text(blocks, i, text, *line),
        }
    }

    fn heading(&mut self, level: usize, text: &str, line: usize) {
        self.finish_pending();
        self.last = LastTable::None;
        let text = markdown::unescape(text);
        match level {
            1 => {
                self.h1.get_or_insert(text);
            }
            2 | 3 => {
                self.part = Part::None;
                self.section = match text.as_str() {
                    "基本信息" => {
                        self.seen_basic = true;
                        self.basic_line = line;
                        Section::Basic
                    }
                    "请求参数" => Section::Request,
                    "响应参数" => Section::Response,
                    _ => {
                        self.warn(
                            line,
                            format!("unexpected heading `{text}`: its content is ignored"),
                        );
                        Section::Other
                    }
                };
            }
            _ => {
                let part = match (self.section, text.as_str()) {
                    (Section::Request, "headers参数" | "header参数") => Some(Part::Headers),
                    (Section::Request, "params参数") => Some(Part::Params),
                    (Section::Request, "body参数") => Some(Part::Body),
                    (Section::Request, "请求示例") => Some(Part::RequestExample),
                    (Section::Response, "响应示例") => Some(Part::ResponseExample),
                    (Section::Response, "返回码") => Some(Part::ReturnCodes),
                    _ => None,
                };
                match part {
                    Some(part) => self.part = part,
                    None => {
                        self.warn(
                            line,
                            format!("unexpected heading `{text}`: its content is ignored"),
                        );
                        self.part = Part::None;
                        self.section = Section::Other;
                    }
                }
            }
        }
    }

    /// A `**Name**` followed by something else than a table.
    fn finish_pending(&mut self) {
        if let Some((name, line)) = self.pending.take() {
            self.warn(
                line,
                format!("`**{name}**` is not followed by a table: the type has no fields"),
            );
            self.push_local(Local {
                name,
                line,
                params: Vec::new(),
            });
        }
    }

    fn push_local(&mut self, local: Local) {
        if self.section == Section::Request {
            self.page.request_types.push(local);
            self.last = LastTable::RequestLocal(self.page.request_types.len() - 1);
        } else {
            self.page.response_types.push(local);
            self.last = LastTable::ResponseLocal(self.page.response_types.len() - 1);
        }
    }

    fn table(&mut self, table: &Table) {
        if let Some((name, line)) = self.pending.take() {
            let params = self.params(table);
            self.push_local(Local { name, line, params });
            return;
        }
        match (self.section, self.part) {
            (Section::Request, Part::Headers) | (_, Part::ReturnCodes) => {
                self.last = LastTable::Ignored;
            }
            (Section::Request, Part::Params) => {
                let rows = self.params(table);
                if self.page.query.is_some() {
                    self.warn(
                        table.line,
                        "a second params参数 table: its rows are added to the first".into(),
                    );
                }
                self.page
                    .query
                    .get_or_insert(Params {
                        line: table.line,
                        rows: Vec::new(),
                    })
                    .rows
                    .extend(rows);
                self.last = LastTable::Query;
            }
            (Section::Request, Part::Body) => {
                let rows = self.params(table);
                if self.page.body.is_some() {
                    self.warn(table.line, "a second body参数 table without a `**Name**` above it: its rows are added to the body".into());
                }
                self.page
                    .body
                    .get_or_insert(Params {
                        line: table.line,
                        rows: Vec::new(),
                    })
                    .rows
                    .extend(rows);
                self.last = LastTable::Body;
            }
            (Section::Response, Part::None) if self.page.envelope.is_none() => {
                let rows = self.params(table);
                self.page.envelope = Some(Params {
                    line: table.line,
                    rows,
                });
                self.last = LastTable::Envelope;
            }
            _ => {
                let names: Vec<String> = table
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.first())
                    .map(|c| format!("`{}`", markdown::unescape(c)))
                    .collect();
                self.warn(
                    table.line,
                    format!(
                        "a table without a `**Name**` line above it, where none was expected: its rows ({}) are not imported",
                        if names.is_empty() { "none".to_string() } else { names.join(", ") }
                    ),
                );
                self.last = LastTable::Ignored;
            }
        }
    }

    /// Rows with no header: the documentation broke a table with a stray line. They are read
    /// as the continuation of the table before them.
    fn loose_rows(&mut self, blocks: &[Block], i: usize, rows: &[Row], line: usize) {
        let header_len = self.last_rows().map(|_| 0);
        if header_len.is_none() {
            self.warn(
                line,
                "table rows without a header line, not after any table: ignored".into(),
            );
            return;
        }
        let previous = blocks[..i]
            .iter()
            .rev()
            .find(|b| !matches!(b, Block::Text { .. }))
            .map(Block::line)
            .unwrap_or(line);
        self.warn(
            line,
            format!("table rows without a header line: read as the continuation of the table above (line {previous})"),
        );
        let table = Table {
            header: self.last_header(),
            rows: rows.to_vec(),
            line,
        };
        let params = self.params(&table);
        if let Some(target) = self.last_rows() {
            target.extend(params);
        }
    }

    fn last_header(&self) -> Vec<String> {
        let four = ["参数名称", "参数类型", "是否必填", "参数说明"];
        let three = ["参数名称", "参数类型", "参数说明"];
        let header: &[&str] = match self.last {
            LastTable::Query | LastTable::Body => &four,
            LastTable::RequestLocal(_) if self.page.body.is_some() => &four,
            _ => &three,
        };
        header.iter().map(|s| s.to_string()).collect()
    }

    fn last_rows(&mut self) -> Option<&mut Vec<Param>> {
        match self.last {
            LastTable::Query => self.page.query.as_mut().map(|p| &mut p.rows),
            LastTable::Body => self.page.body.as_mut().map(|p| &mut p.rows),
            LastTable::Envelope => self.page.envelope.as_mut().map(|p| &mut p.rows),
            LastTable::RequestLocal(i) => self.page.request_types.get_mut(i).map(|l| &mut l.params),
            LastTable::ResponseLocal(i) => {
                self.page.response_types.get_mut(i).map(|l| &mut l.params)
            }
            LastTable::None | LastTable::Ignored => None,
        }
    }

    fn code(&mut self, info: &str, text: &str, line: usize) {
        self.finish_pending();
        match self.part {
            Part::RequestExample => self.request_example(text, line),
            Part::ResponseExample => {
                if self.page.response_example.is_some() {
                    self.warn(line, "a second 响应示例: ignored".into());
                } else {
                    if !info.is_empty() && info != "json" {
                        self.warn(line, format!("the 响应示例 is marked `{info}`, not `json`"));
                    }
                    self.page.response_example = Some((text.to_string(), line + 1));
                }
            }
            _ => self.warn(
                line,
                "a code block outside 请求示例 and 响应示例: ignored".into(),
            ),
        }
    }

    fn request_example(&mut self, text: &str, line: usize) {
        let example = &mut self.page.example;
        if let Some(url) = curl_url(text) {
            if let Some((_, query)) = url.split_once('?') {
                if !query.is_empty() {
                    example.query = Some(query.to_string());
                }
            }
        }
        if text.contains("--form") || text.contains(" -F ") {
            example.multipart = true;
        }
        if let Some((body, offset)) = curl_body(text) {
            let body_line = line + 1 + text[..offset].matches('\n').count();
            example.body = Some((body, body_line));
        }
    }

    fn text(&mut self, blocks: &[Block], i: usize, text: &str, line: usize) {
        self.finish_pending();
        match (self.section, self.part) {
            (Section::Basic, _) => self.basic_line(text, line),
            (_, Part::RequestExample) if text.contains("curl") => {
                self.warn(line, "the 请求示例 is not in a code block".into());
                let inner = text.trim_matches('`');
                self.request_example(inner, line - 1);
            }
            (_, Part::ResponseExample) if self.page.response_example.is_none() => {
                let inner = text.trim().trim_start_matches('`').trim_end_matches('`');
                self.warn(line, "the 响应示例 is not in a code block".into());
                self.page.response_example = Some((inner.to_string(), line));
            }
            _ if self.last != LastTable::None
                && self.last != LastTable::Ignored
                && matches!(blocks.get(i + 1), Some(Block::LooseRows { .. })) =>
            {
                // A description that slipped out of its row, between two parts of a table.
                let description = markdown::inline(text);
                let target = self.last_rows().and_then(|rows| rows.last_mut());
                match target {
                    Some(row) if row.description.is_empty() => {
                        row.description = description.text;
                        row.sensitive |= description.sensitive;
                        let name = row.name.clone();
                        self.warn(
                            line,
                            format!("text between table rows: read as the description of `{name}`, whose description cell is empty"),
                        );
                    }
                    _ => self.warn(
                        line,
                        format!("unexpected text between table rows: `{text}`"),
                    ),
                }
            }
            (Section::Top | Section::Other, _) => {}
            (_, Part::Headers | Part::ReturnCodes) => {}
            _ => self.warn(line, format!("unexpected text: `{}`", shorten(text))),
        }
    }

    fn basic_line(&mut self, text: &str, line: usize) {
        let item = text.trim_start_matches(['-', '*', '+']).trim();
        let Some((key, value)) = split_key(item) else {
            self.warn(
                line,
                format!("unexpected line in 基本信息: `{}`", shorten(item)),
            );
            return;
        };
        match key {
            "用途说明" => self.page.summary = markdown::inline(value).text,
            "请求方式" => {
                self.page.method = value.trim().to_ascii_uppercase();
                self.page.method_line = line;
            }
            "请求地址" => {
                self.page.path = url_path(&markdown::unescape(value.trim()));
                self.page.path_line = line;
            }
            _ => self.warn(line, format!("unexpected item `{key}` in 基本信息")),
        }
    }

    /// The rows of a table, by the names of its columns.
    fn params(&mut self, table: &Table) -> Vec<Param> {
        let columns = Columns::of(&table.header);
        if columns.guessed {
            self.warn(
                table.line,
                format!(
                    "unexpected table columns `{}`: read as name, type, [required,] description",
                    table.header.join(" | ")
                ),
            );
        }
        let mut out = Vec::new();
        for row in &table.rows {
            if row.cells.len() != table.header.len() {
                self.warn(
                    row.line,
                    format!(
                        "a row with {} cells in a table of {} columns",
                        row.cells.len(),
                        table.header.len()
                    ),
                );
            }
            let cell = |i: Option<usize>| {
                i.and_then(|i| row.cells.get(i))
                    .map(String::as_str)
                    .unwrap_or("")
            };
            let name = markdown::unescape(cell(Some(columns.name)))
                .trim()
                .to_string();
            let ty = markdown::unescape(cell(Some(columns.ty)))
                .trim()
                .to_string();
            // Cells beyond the header belong to the description (an unescaped `|` in it).
            let mut description = cell(Some(columns.description)).to_string();
            if row.cells.len() > table.header.len() && columns.description + 1 == table.header.len()
            {
                description = row.cells[columns.description..].join("|");
            }
            if name.is_empty() {
                self.warn(
                    row.line,
                    format!("a row without a parameter name (type `{ty}`): skipped"),
                );
                continue;
            }
            let required = match columns
                .required
                .map(|i| cell(Some(i)).trim().to_ascii_lowercase())
            {
                None => None,
                Some(text) if text == "true" || text == "是" => Some(true),
                Some(text) if text == "false" || text == "否" || text.is_empty() => Some(false),
                Some(text) => {
                    // `ture`, `false本位币`: a typo or text that slipped into the cell.
                    let read = text.starts_with("true") || text.starts_with("ture");
                    self.warn(
                        row.line,
                        format!(
                            "`{name}`: 是否必填 is `{text}`, not true or false: read as {read}"
                        ),
                    );
                    Some(read)
                }
            };
            let inline = markdown::inline(&description);
            out.push(Param {
                name,
                ty,
                required,
                description: inline.text,
                sensitive: inline.sensitive,
                line: row.line,
            });
        }
        out
    }

    fn finish(mut self, front: front_matter::FrontMatter) -> Result<Page, NotAnEndpoint> {
        if !self.seen_basic && self.page.path.is_empty() {
            return Err(NotAnEndpoint::Guide);
        }
        let title = front.title.clone().or(self.h1.clone());
        match title {
            Some(title) if !title.trim().is_empty() => self.page.title = title.trim().to_string(),
            _ => {
                self.warn(
                    1,
                    "no title in the front matter: the file name is used".into(),
                );
                self.page.title = self.file.trim_end_matches(".md").to_string();
            }
        }
        if self.page.path.is_empty() {
            return Err(NotAnEndpoint::Broken {
                line: self.basic_line,
                reason: "基本信息 has no 请求地址".into(),
            });
        }
        if !self.page.path.starts_with('/') {
            return Err(NotAnEndpoint::Broken {
                line: self.page.path_line,
                reason: format!("请求地址 `{}` is not an address", self.page.path),
            });
        }
        if self.page.method.is_empty() {
            return Err(NotAnEndpoint::Broken {
                line: self.basic_line,
                reason: "基本信息 has no 请求方式".into(),
            });
        }
        match front.url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                self.page.doc = url
            }
            _ => {
                self.warn(
                    1,
                    "no `url` in the front matter: the documentation's home is used as the page's address".into(),
                );
                self.page.doc = "https://open.jdy.com".into();
            }
        }
        if self.page.summary.is_empty() {
            let line = self.basic_line;
            self.warn(line, "no 用途说明: the title is used as the summary".into());
            self.page.summary = self.page.title.clone();
        }
        if self.page.category.is_empty() {
            self.warn(
                1,
                "no `module` in the front matter: the endpoint has no category".into(),
            );
        }
        Ok(self.page)
    }
}

/// Which column holds what, from the header's names.
struct Columns {
    name: usize,
    ty: usize,
    required: Option<usize>,
    description: usize,
    guessed: bool,
}

impl Columns {
    fn of(header: &[String]) -> Columns {
        let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let name = find(&["参数名称", "参数", "名称", "字段"]);
        let ty = find(&["参数类型", "类型"]);
        let required = find(&["是否必填", "必选", "必填"]);
        let description = find(&["参数说明", "说明", "描述"]);
        match (name, ty, description) {
            (Some(name), Some(ty), Some(description)) => Columns {
                name,
                ty,
                required,
                description,
                guessed: false,
            },
            _ => Columns {
                name: 0,
                ty: 1,
                required: (header.len() >= 4).then_some(2),
                description: header.len().saturating_sub(1).max(2),
                guessed: true,
            },
        }
    }
}

/// `用途说明：获取客户列表` -> (`用途说明`, `获取客户列表`).
fn split_key(item: &str) -> Option<(&str, &str)> {
    let at = item.find(['：', ':'])?;
    let sep = item[at..].chars().next()?.len_utf8();
    Some((item[..at].trim(), item[at + sep..].trim()))
}

/// `https://api.kingdee.com/jdy/v2/bd/customer` -> `/jdy/v2/bd/customer`.
fn url_path(url: &str) -> String {
    let without_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let path = match without_scheme {
        Some(rest) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => url,
    };
    path.trim().to_string()
}

/// The address of a `curl` command: the first quoted `http...`.
fn curl_url(text: &str) -> Option<&str> {
    let start = text
        .find("'http")
        .map(|i| i + 1)
        .or_else(|| text.find("http"))?;
    let rest = &text[start..];
    let end = rest.find(['\'', '`', '"', '\n']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The `--data-row '...'` (or `--data-raw`, `--data`) of a `curl` command, and its offset.
fn curl_body(text: &str) -> Option<(String, usize)> {
    let flag = ["--data-row", "--data-raw", "--data-binary", "--data"]
        .iter()
        .find_map(|f| text.find(f).map(|i| i + f.len()))?;
    let open = flag + text[flag..].find('\'')? + 1;
    let close = text.rfind('\'')?;
    if close <= open {
        return None;
    }
    Some((text[open..close].to_string(), open))
}

fn shorten(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_examples() {
        assert_eq!(
            url_path("https://api.kingdee.com/jdy/v2/bd/customer_detail"),
            "/jdy/v2/bd/customer_detail"
        );
        assert_eq!(
            curl_url("curl --location --request  get 'https://a.com/x?a=1&b=c d' \\\n--header 'x'"),
            Some("https://a.com/x?a=1&b=c d")
        );
        assert_eq!(
            curl_url("`curl --request  get 'https://a.com/x`"),
            Some("https://a.com/x")
        );
        let (body, _) =
            curl_body("curl 'https://a' \\\n--data-row ' { \t\"a\":\"it's\" }'").unwrap();
        assert_eq!(body, " { \t\"a\":\"it's\" }");
    }
}
