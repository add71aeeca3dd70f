//! The corrections file (`spec/overrides.yaml`): what a reviewer changed in the imported spec,
//! each change with its reason, so that it survives the next import. The reason becomes the
//! `note:` of what was changed (a field's, an endpoint's, or a type's). See "Importing
//! documentation pages" in `spec/README.md` for the format.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoaderOptions, Node, Span};

use crate::diagnostic::{one_line, MESSAGE_CHARS};
use crate::load::source;
use crate::names;

/// Every correction, by page file name (`客户列表.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// The file, as named in messages.
    pub file: String,
    pub pages: BTreeMap<String, PageOverride>,
    /// The value sets shared.yaml already defines (not a correction: what the spec knows).
    pub value_sets: super::ValueSets,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOverride {
    pub line: usize,
    /// Do not import the page, for this reason.
    pub skip: Option<String>,
    pub resource: Option<String>,
    pub kind: Option<String>,
    /// `GET` or `POST`.
    pub method: Option<String>,
    /// Why `resource`, `kind` or `method` are set; the endpoint's note.
    pub reason: Option<String>,
    pub fields: Vec<FieldOverride>,
    pub types: Vec<TypeOverride>,
    /// A 响应示例 to use instead of the page's.
    pub response_example: Option<ExampleOverride>,
}

/// An example that replaces the page's, which is not JSON or not true to the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleOverride {
    pub line: usize,
    /// The example, as JSON text.
    pub json: String,
    pub reason: String,
}

/// Which table of a page a field is in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableRef {
    /// params参数.
    Query,
    /// body参数.
    Body,
    /// The answer's own table (`errcode`, `description`, `data`): its `data` row.
    Answer,
    /// A `**Name**` table; `response` says in which part of the page when the name is in both.
    Local {
        response: Option<bool>,
        name: String,
    },
}

impl fmt::Display for TableRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableRef::Query => f.write_str("query"),
            TableRef::Body => f.write_str("body"),
            TableRef::Answer => f.write_str("answer"),
            TableRef::Local { response, name } => match response {
                Some(true) => write!(f, "response.{name}"),
                Some(false) => write!(f, "request.{name}"),
                None => f.write_str(name),
            },
        }
    }
}

/// `query.page`, `Row.enable`, `response.Data.count`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldAddress {
    pub table: TableRef,
    pub field: String,
}

impl fmt::Display for FieldAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.table, self.field)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOverride {
    pub line: usize,
    pub address: FieldAddress,
    /// A type expression of the spec (`integer`, `list<string>`, `CustomerStatus`).
    pub ty: Option<String>,
    pub required: Option<bool>,
    pub sensitive: Option<bool>,
    pub rust_name: Option<String>,
    pub default: Option<String>,
    pub description: Option<String>,
    pub reason: String,
}

/// What a type override is about: a `**Name**` table, or the enumeration read from a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTarget {
    Table(TableRef),
    Enum(FieldAddress),
}

impl fmt::Display for TypeTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeTarget::Table(t) => t.fmt(f),
            TypeTarget::Enum(a) => a.fmt(f),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOverride {
    pub line: usize,
    pub target: TypeTarget,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Enumerations: `integer` or `string`, the JSON type of the values.
    pub integer: Option<bool>,
    /// Enumerations: the variant name of some values.
    pub values: Vec<(String, String)>,
    pub reason: String,
}

/// A problem in the corrections file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line however long the key or value it quotes, as the spec's reports.
        write!(
            f,
            "error: {}:{}:{}: {}",
            self.file,
            self.line,
            self.column,
            one_line(&self.message, MESSAGE_CHARS)
        )
    }
}

impl Overrides {
    /// How many corrections there are: each with its reason, whatever it corrects.
    pub fn corrections(&self) -> usize {
        self.pages
            .values()
            .map(|page| {
                let moved = page.resource.is_some() || page.kind.is_some() || page.method.is_some();
                usize::from(page.skip.is_some())
                    + usize::from(moved)
                    + page.fields.len()
                    + page.types.len()
                    + usize::from(page.response_example.is_some())
            })
            .sum()
    }

    /// Reads a corrections file; every problem in it is returned at once.
    pub fn parse(file: &str, text: &str) -> Result<Overrides, Vec<OverrideError>> {
        let mut r = Read {
            file,
            errors: Vec::new(),
        };
        let text = &*source::normalize_line_ends(text);
        if let Some(at) = source::too_deep(text) {
            r.error_at(
                at.line,
                at.column,
                format!("nests more than {} levels deep", source::MAX_DEPTH),
            );
            return Err(r.errors);
        }
        let options = LoaderOptions::default()
            .error_on_duplicate_keys(true)
            .prevent_coercion(true);
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            marked_yaml::parse_yaml_with_options(0, text, options)
        }));
        let root = match parsed {
            Ok(Ok(root)) => root,
            Ok(Err(error)) => {
                r.error_at(1, 1, format!("not valid YAML: {error}"));
                return Err(r.errors);
            }
            Err(_) => {
                r.error_at(1, 1, "the YAML parser could not read this file".into());
                return Err(r.errors);
            }
        };
        let mut overrides = Overrides {
            file: file.to_string(),
            pages: BTreeMap::new(),
            value_sets: super::ValueSets::default(),
        };
        if let Some(top) = r.mapping(&root, "the file") {
            r.keys(top, &["pages"]);
            if let Some(pages) = top.get_node("pages") {
                if let Some(pages) = r.mapping(pages, "`pages`") {
                    for (key, node) in pages.iter() {
                        if let Some(page) = r.page(key, node) {
                            overrides.pages.insert(key.as_str().to_string(), page);
                        }
                    }
                }
            }
        }
        if r.errors.is_empty() {
            Ok(overrides)
        } else {
            r.errors.sort_by_key(|e| (e.line, e.column));
            Err(r.errors)
        }
    }
}

struct Read<'a> {
    file: &'a str,
    errors: Vec<OverrideError>,
}

fn line_col(span: &Span) -> (usize, usize) {
    span.start()
        .map(|m| (m.line(), m.column()))
        .unwrap_or((1, 1))
}

impl Read<'_> {
    fn error_at(&mut self, line: usize, column: usize, message: String) {
        self.errors.push(OverrideError {
            file: self.file.to_string(),
            line,
            column,
            message,
        });
    }

    fn error(&mut self, span: &Span, message: String) {
        let (line, column) = line_col(span);
        self.error_at(line, column, message);
    }

    fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedMappingNode> {
        match node {
            Node::Mapping(m) => Some(m),
            other => {
                self.error(other.span(), format!("{what} must be a mapping"));
                None
            }
        }
    }

    fn keys(&mut self, map: &MarkedMappingNode, allowed: &[&str]) {
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.error(
                    key.span(),
                    format!(
                        "unknown key `{}` (expected one of: {})",
                        key.as_str(),
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn text(&mut self, map: &MarkedMappingNode, key: &str) -> Option<String> {
        match map.get_node(key)? {
            Node::Scalar(s) if !s.as_str().trim().is_empty() => Some(s.as_str().to_string()),
            other => {
                self.error(other.span(), format!("`{key}` must be a non-empty text"));
                None
            }
        }
    }

    fn flag(&mut self, map: &MarkedMappingNode, key: &str) -> Option<bool> {
        let node = map.get_node(key)?;
        match node.as_scalar().map(MarkedScalarNode::as_str) {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.error(node.span(), format!("`{key}` must be `true` or `false`"));
                None
            }
        }
    }

    fn reason(&mut self, map: &MarkedMappingNode, what: &str, at: &Span) -> Option<String> {
        let reason = self.text(map, "reason");
        if reason.is_none() && map.get_node("reason").is_none() {
            self.error(
                at,
                format!("{what} needs a `reason`: it becomes the note of what is corrected"),
            );
        }
        reason
    }

    fn page(&mut self, key: &MarkedScalarNode, node: &Node) -> Option<PageOverride> {
        let map = self.mapping(node, &format!("page `{}`", key.as_str()))?;
        self.keys(
            map,
            &[
                "skip",
                "resource",
                "kind",
                "method",
                "reason",
                "fields",
                "types",
                "response_example",
            ],
        );
        let (line, _) = line_col(key.span());
        let mut page = PageOverride {
            line,
            skip: self.text(map, "skip"),
            ..PageOverride::default()
        };
        if page.skip.is_some() {
            if map.len() > 1 {
                self.error(
                    key.span(),
                    "a skipped page takes no other correction (`skip` is its reason)".into(),
                );
            }
            return Some(page);
        }
        for key in ["resource", "kind"] {
            if let Some(value) = self.text(map, key) {
                if names::is_snake_case(&value) {
                    if key == "resource" {
                        page.resource = Some(value);
                    } else {
                        page.kind = Some(value);
                    }
                } else if let Some(node) = map.get_node(key) {
                    self.error(
                        node.span(),
                        format!("`{key}` must be a snake_case name, not `{value}`"),
                    );
                }
            }
        }
        if let Some(method) = self.text(map, "method") {
            if crate::spec::Method::parse(&method).is_some() {
                page.method = Some(method);
            } else if let Some(node) = map.get_node("method") {
                self.error(
                    node.span(),
                    format!("`method` is GET, POST or DELETE, not `{method}`"),
                );
            }
        }
        let changes_page = ["resource", "kind", "method"]
            .iter()
            .any(|k| map.get_node(k).is_some());
        if changes_page {
            page.reason = self.reason(
                map,
                "changing the resource, the kind or the method",
                key.span(),
            );
        } else if let Some(node) = map.get_node("reason") {
            self.error(
                node.span(),
                "a page's `reason` explains `resource`, `kind` or `method`, and none is set".into(),
            );
        }
        if let Some(node) = map.get_node("fields") {
            if let Some(fields) = self.mapping(node, "`fields`") {
                for (key, node) in fields.iter() {
                    if let Some(field) = self.field(key, node) {
                        page.fields.push(field);
                    }
                }
            }
        }
        if let Some(node) = map.get_node("types") {
            if let Some(types) = self.mapping(node, "`types`") {
                for (key, node) in types.iter() {
                    if let Some(ty) = self.type_override(key, node) {
                        page.types.push(ty);
                    }
                }
            }
        }
        if let Some(key) = map.keys().find(|k| k.as_str() == "response_example") {
            if let Some(node) = map.get_node("response_example") {
                page.response_example = self.example(key, node);
            }
        }
        Some(page)
    }

    /// `response_example: {json: ..., reason: ...}`; problems of the whole are reported at
    /// its key.
    fn example(&mut self, key: &MarkedScalarNode, node: &Node) -> Option<ExampleOverride> {
        let map = self.mapping(node, "`response_example`")?;
        self.keys(map, &["json", "reason"]);
        let json = self.text(map, "json");
        if map.get_node("json").is_none() {
            self.error(
                key.span(),
                "`response_example` needs `json`: the example to use".into(),
            );
        }
        if let (Some(text), Some(at)) = (&json, map.get_node("json")) {
            if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
                self.error(
                    at.span(),
                    format!("`json` is not JSON: {error} (counted from the start of the example)"),
                );
            }
        }
        let reason = self.reason(map, "the corrected `response_example`", key.span());
        let (line, _) = line_col(key.span());
        Some(ExampleOverride {
            line,
            json: json?,
            reason: reason?,
        })
    }

    fn field(&mut self, key: &MarkedScalarNode, node: &Node) -> Option<FieldOverride> {
        let Some(address) = field_address(key.as_str()) else {
            self.error(
                key.span(),
                format!(
                    "`{}` is not a field address: write `query.<name>`, `body.<name>`, `answer.data` or `<Table>.<name>`",
                    key.as_str()
                ),
            );
            return None;
        };
        let map = self.mapping(node, &format!("field `{}`", key.as_str()))?;
        self.keys(
            map,
            &[
                "type",
                "required",
                "sensitive",
                "rust_name",
                "default",
                "description",
                "reason",
            ],
        );
        let rust_name = self.text(map, "rust_name");
        if let Some(name) = &rust_name {
            if !names::is_snake_case(name) {
                if let Some(node) = map.get_node("rust_name") {
                    self.error(
                        node.span(),
                        format!("`rust_name` must be a snake_case identifier, not `{name}`"),
                    );
                }
            }
        }
        let reason = self.reason(map, &format!("the correction of `{address}`"), key.span());
        let (line, _) = line_col(key.span());
        Some(FieldOverride {
            line,
            address,
            ty: self.text(map, "type"),
            required: self.flag(map, "required"),
            sensitive: self.flag(map, "sensitive"),
            rust_name,
            default: self.text(map, "default"),
            description: self.text(map, "description"),
            reason: reason?,
        })
    }

    fn type_override(&mut self, key: &MarkedScalarNode, node: &Node) -> Option<TypeOverride> {
        let target = match type_target(key.as_str()) {
            Some(target) => target,
            None => {
                self.error(
                    key.span(),
                    format!("`{}` is not a table name or a field address", key.as_str()),
                );
                return None;
            }
        };
        let map = self.mapping(node, &format!("type `{}`", key.as_str()))?;
        let is_enum = matches!(target, TypeTarget::Enum(_));
        let allowed: &[&str] = if is_enum {
            &["name", "description", "type", "values", "reason"]
        } else {
            &["name", "description", "reason"]
        };
        self.keys(map, allowed);
        let name = self.text(map, "name");
        if let Some(name) = &name {
            if !names::is_upper_camel_case(name)
                || names::RESERVED_TYPE_NAMES.contains(&name.as_str())
            {
                if let Some(node) = map.get_node("name") {
                    self.error(
                        node.span(),
                        format!("`name` must be an UpperCamelCase type name that the generated code does not use, not `{name}`"),
                    );
                }
            }
        }
        let integer = match self.text(map, "type").as_deref() {
            None => None,
            Some("integer") => Some(true),
            Some("string") => Some(false),
            Some(other) => {
                if let Some(node) = map.get_node("type") {
                    self.error(
                        node.span(),
                        format!("an enumeration's `type` is `string` or `integer`, not `{other}`"),
                    );
                }
                None
            }
        };
        let mut values = Vec::new();
        if let Some(node) = map.get_node("values") {
            if let Some(m) = self.mapping(node, "`values`") {
                for (value, name) in m.iter() {
                    match name.as_scalar().map(MarkedScalarNode::as_str) {
                        Some(n)
                            if names::type_name(n).is_some() && names::unusable(n).is_none() =>
                        {
                            values.push((value.as_str().to_string(), n.to_string()))
                        }
                        _ => self.error(
                            name.span(),
                            format!(
                                "the name of value `{}` must be an English identifier",
                                value.as_str()
                            ),
                        ),
                    }
                }
            }
        }
        let reason = self.reason(
            map,
            &format!("the correction of type `{target}`"),
            key.span(),
        );
        let (line, _) = line_col(key.span());
        Some(TypeOverride {
            line,
            target,
            name,
            description: self.text(map, "description"),
            integer,
            values,
            reason: reason?,
        })
    }
}

/// `query.page`, `body.name`, `Row.enable`, `response.Data.count`; a field name may itself
/// contain dots (`query.page_data.page`).
pub fn field_address(text: &str) -> Option<FieldAddress> {
    let (first, rest) = text.split_once('.')?;
    let (table, field) = match first {
        "query" => (TableRef::Query, rest),
        "body" => (TableRef::Body, rest),
        "answer" => (TableRef::Answer, rest),
        "request" | "response" => {
            let (name, field) = rest.split_once('.')?;
            (
                TableRef::Local {
                    response: Some(first == "response"),
                    name: name.to_string(),
                },
                field,
            )
        }
        name => (
            TableRef::Local {
                response: None,
                name: name.to_string(),
            },
            rest,
        ),
    };
    (!field.is_empty()).then(|| FieldAddress {
        table,
        field: field.to_string(),
    })
}

/// `Bomentity`, `response.Data`, or a field address (the enumeration read from that field).
pub fn type_target(text: &str) -> Option<TypeTarget> {
    if !text.contains('.') {
        return (!text.is_empty()).then(|| {
            TypeTarget::Table(TableRef::Local {
                response: None,
                name: text.to_string(),
            })
        });
    }
    if let Some((section, name)) = text.split_once('.') {
        if matches!(section, "request" | "response") && !name.contains('.') {
            return Some(TypeTarget::Table(TableRef::Local {
                response: Some(section == "response"),
                name: name.to_string(),
            }));
        }
    }
    field_address(text).map(TypeTarget::Enum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            field_address("query.page_data.page").unwrap().field,
            "page_data.page"
        );
        assert_eq!(
            field_address("response.Data.count").unwrap().table,
            TableRef::Local {
                response: Some(true),
                name: "Data".into()
            }
        );
        assert!(field_address("page").is_none());
        assert!(matches!(
            type_target("Bomentity"),
            Some(TypeTarget::Table(_))
        ));
        assert!(matches!(
            type_target("response.Data"),
            Some(TypeTarget::Table(_))
        ));
        assert!(matches!(
            type_target("Row.enable"),
            Some(TypeTarget::Enum(_))
        ));
    }

    #[test]
    fn reports_every_problem_with_its_place() {
        let text = "pages:\n  a.md:\n    kind: List\n    fields:\n      query.page:\n        type: integer\n      nowhere: {reason: x}\n    types:\n      Row.enable:\n        type: float\n        reason: r\n";
        let errors = Overrides::parse("o.yaml", text).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "error: o.yaml:2:3: changing the resource, the kind or the method needs a `reason`: it becomes the note of what is corrected",
                "error: o.yaml:3:11: `kind` must be a snake_case name, not `List`",
                "error: o.yaml:5:7: the correction of `query.page` needs a `reason`: it becomes the note of what is corrected",
                "error: o.yaml:7:7: `nowhere` is not a field address: write `query.<name>`, `body.<name>`, `answer.data` or `<Table>.<name>`",
                "error: o.yaml:10:15: an enumeration's `type` is `string` or `integer`, not `float`",
            ]
        );
    }
}
