//! Fields: the query parameters of an endpoint and the fields of a struct type.

use std::collections::{BTreeMap, BTreeSet};

use marked_yaml::types::MarkedScalarNode;
use marked_yaml::Node;

use super::reader::{describe, join, loc_of, Reader, Scalar};
use super::type_expr::{self, Scope};
use crate::names;
use crate::spec::{Field, FileNameRule, TypeExpr, WireForm};

/// The `type` value of the field named `wire` in a list of fields (`query:` or `fields:`),
/// with the field's index: where to point at a field whose type is wrong.
pub(crate) fn type_node<'n>(fields: &'n Node, wire: &str) -> Option<(usize, &'n MarkedScalarNode)> {
    fields
        .as_sequence()?
        .iter()
        .enumerate()
        .find_map(|(i, item)| {
            let map = item.as_mapping()?;
            let name = map.get_scalar("name")?;
            (name.as_str() == wire)
                .then(|| map.get_scalar("type"))
                .flatten()
                .map(|ty| (i, ty))
        })
}

/// What the types of one file are, known before any of them is read, so that fields can
/// refer to types defined further down.
#[derive(Default)]
pub(crate) struct FileTypes {
    pub(crate) kinds: BTreeMap<String, TypeShape>,
    /// The types of shared.yaml, which any file may use; a type of the file may not take one
    /// of their names.
    pub(crate) shared: BTreeMap<String, TypeShape>,
    /// The structs sent as a multipart body (`body_format: multipart`): the only place a `file`
    /// may be, and usable nowhere else.
    pub(crate) multipart: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeShape {
    Struct,
    Enum,
}

impl Scope for FileTypes {
    fn resolve(&self, name: &str) -> Option<TypeExpr> {
        if self.kinds.contains_key(name) {
            Some(TypeExpr::Named(name.to_string()))
        } else if self.shared.contains_key(name) {
            Some(TypeExpr::Shared(name.to_string()))
        } else {
            None
        }
    }

    fn names(&self) -> Vec<&str> {
        self.kinds
            .keys()
            .chain(self.shared.keys())
            .map(String::as_str)
            .collect()
    }
}

impl FileTypes {
    /// The shape of a named type, of the file or shared.
    pub(crate) fn shape(&self, ty: &TypeExpr) -> Option<TypeShape> {
        match ty {
            TypeExpr::Named(name) => self.kinds.get(name).copied(),
            TypeExpr::Shared(name) => self.shared.get(name).copied(),
            _ => None,
        }
    }

    fn is_enum(&self, ty: &TypeExpr) -> bool {
        self.shape(ty) == Some(TypeShape::Enum)
    }

    /// The multipart body a type expression refers to, directly or inside lists and maps.
    pub(crate) fn multipart_in<'t>(&self, ty: &'t TypeExpr) -> Option<&'t str> {
        ty.named().filter(|name| self.multipart.contains(*name))
    }
}

/// Whether a type expression is or holds a `file`.
fn holds_file(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::File => true,
        TypeExpr::List(inner) | TypeExpr::Map(inner) => holds_file(inner),
        _ => false,
    }
}

fn holds_page(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Page { .. } => true,
        TypeExpr::List(inner) | TypeExpr::Map(inner) => holds_page(inner),
        _ => false,
    }
}

/// Where a list of fields sits: query parameters only take values that fit in a URL, and the
/// parts of a multipart body are files or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Query,
    Struct,
    Multipart,
}

const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "description",
    "required",
    "default",
    "sensitive",
    "wire",
    "rust_name",
    "max_bytes",
    "file_name",
    "note",
];

pub(crate) fn read_fields(
    r: &mut Reader<'_>,
    node: &Node,
    path: &str,
    types: &FileTypes,
    place: Place,
) -> Vec<Field> {
    let Some(seq) = r.seq(node, path) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    let mut wire_names = BTreeSet::new();
    let mut rust_names = BTreeMap::new();
    for (i, item) in seq.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let Some(map) = r.map(item, &item_path) else {
            continue;
        };
        // `lenient` is reported by `gone_lenient`, with what replaced it.
        r.check_keys_but_retired(&map, FIELD_KEYS, &["lenient"], &["name", "type"]);
        let Some(name) = r.scalar(&map, "name") else {
            continue;
        };
        let wire = name.node.as_str().to_string();
        if !wire_names.insert(wire.clone()) {
            r.error_at(&name, format!("duplicate field `{wire}`"), None);
        }
        let rust_name = rust_name(r, &map, &name, &wire);
        if let Some(rust) = &rust_name {
            if let Some(first) = rust_names.insert(rust.clone(), wire.clone()) {
                r.error_at(
                    &name,
                    format!("`{wire}` and `{first}` both become the Rust field `{rust}`"),
                    Some("give one of them a `rust_name:`".into()),
                );
            }
        }
        let ty = r.scalar(&map, "type").and_then(|s| type_of(r, &s, types));
        let required = r.flag(&map, "required");
        let sensitive = r.flag(&map, "sensitive");
        gone_lenient(r, &map);
        let wire_form = wire_form(r, &map, ty.as_ref());
        if let Some(ty) = &ty {
            check_modifiers(r, &map, ty, types, sensitive, place);
        }
        let (max_bytes, file_name) = file_rules(r, &map, ty.as_ref());
        let (Some(rust_name), Some(ty)) = (rust_name, ty) else {
            continue;
        };
        fields.push(Field {
            name: wire,
            rust_name,
            loc: loc_of(map.node.span()),
            ty,
            description: r.text(&map, "description").unwrap_or_default(),
            required,
            default: r.text(&map, "default"),
            sensitive,
            wire: wire_form,
            max_bytes,
            file_name,
            note: r.text(&map, "note"),
        });
    }
    fields
}

/// `lenient:` was the per-field way to accept numbers sent as text; every scalar of an answer
/// does so now, by its type. An old spec gets a message that says so rather than "unknown key".
fn gone_lenient(r: &mut Reader<'_>, map: &super::reader::Map<'_>) {
    report_flag(
        r,
        map,
        "lenient",
        "`lenient` is no longer a key: every value of an answer accepts the forms the gateway sends (numbers as text, flags as 1/0, \"\" as absent), by its type",
    );
}

/// `wire:` how a `decimal` or `boolean` is written in a request.
fn wire_form(r: &mut Reader<'_>, map: &super::reader::Map<'_>, ty: Option<&TypeExpr>) -> WireForm {
    let Some(scalar) = r.scalar(map, "wire") else {
        return WireForm::Native;
    };
    let text = scalar.node.as_str();
    let Some(form) = WireForm::ALL.into_iter().find(|f| f.as_str() == text) else {
        let known: Vec<String> = WireForm::ALL
            .iter()
            .map(|f| format!("`{}`", f.as_str()))
            .collect();
        r.error_at(
            &scalar,
            format!("unknown wire form `{text}`"),
            Some(format!("use one of: {}", known.join(", "))),
        );
        return WireForm::Native;
    };
    match ty {
        Some(ty) if !form.fits(ty) => {
            r.error_at(
                &scalar,
                format!("{} field cannot be sent as `wire: {text}`", with_article(&type_name(ty))),
                Some("`wire: string` fits `decimal` and `boolean`; `number` and `number_string` fit `boolean`".into()),
            );
            WireForm::Native
        }
        _ => form,
    }
}

/// A type name in backquotes after `a` or `an`, for messages: "an `integer`".
fn with_article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} `{name}`", if vowel { "an" } else { "a" })
}

/// A type as the spec writes it, for messages.
fn type_name(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::List(inner) => format!("list<{}>", type_name(inner)),
        TypeExpr::Map(inner) => format!("map<{}>", type_name(inner)),
        TypeExpr::Named(name) | TypeExpr::Shared(name) => name.clone(),
        TypeExpr::Page { row, summary } => match summary {
            Some(summary) => format!("page<{}, {}>", type_name(row), type_name(summary)),
            None => format!("page<{}>", type_name(row)),
        },
        TypeExpr::File => "file".into(),
        scalar => TypeExpr::SCALARS
            .iter()
            .find(|(_, t)| t == scalar)
            .map(|(name, _)| (*name).to_string())
            .unwrap_or_default(),
    }
}

/// `max_bytes` and `file_name`: what the documentation allows of a `file`, checked before it
/// is sent.
fn file_rules(
    r: &mut Reader<'_>,
    map: &super::reader::Map<'_>,
    ty: Option<&TypeExpr>,
) -> (Option<u64>, FileNameRule) {
    let is_file = ty == Some(&TypeExpr::File);
    if ty.is_some() && !is_file {
        for key in ["max_bytes", "file_name"] {
            report_flag(
                r,
                map,
                key,
                &format!("`{key}` applies to `file` fields only"),
            );
        }
        return (None, FileNameRule::Any);
    }
    let max_bytes = r.count(map, "max_bytes");
    if max_bytes == Some(0) {
        report_flag(
            r,
            map,
            "max_bytes",
            "`max_bytes` is the largest file allowed, in bytes: at least 1",
        );
    }
    let file_name = match r.scalar(map, "file_name") {
        None => FileNameRule::Any,
        Some(scalar) => {
            let text = scalar.node.as_str();
            match FileNameRule::ALL
                .into_iter()
                .find(|rule| rule.as_str() == text)
            {
                Some(rule) => rule,
                None => {
                    let known: Vec<String> = FileNameRule::ALL
                        .iter()
                        .map(|rule| format!("`{}`", rule.as_str()))
                        .collect();
                    r.error_at(
                        &scalar,
                        format!("unknown file name rule `{text}`"),
                        Some(format!("use one of: {}", known.join(", "))),
                    );
                    FileNameRule::Any
                }
            }
        }
    };
    (max_bytes.filter(|&n| n > 0), file_name)
}

fn rust_name(
    r: &mut Reader<'_>,
    map: &super::reader::Map<'_>,
    name: &Scalar<'_>,
    wire: &str,
) -> Option<String> {
    if let Some(given) = r.scalar(map, "rust_name") {
        let text = given.node.as_str();
        if names::is_snake_case(text) {
            return Some(text.to_string());
        }
        r.error_at(
            &given,
            format!("`{text}` is not a usable Rust field name"),
            Some("use snake_case ASCII, not a keyword, not starting with a digit".into()),
        );
        return None;
    }
    match names::field_name(wire) {
        Some(rust) => Some(rust),
        None => {
            let why = names::unusable(wire).unwrap_or("it is not an identifier");
            r.error_at(
                name,
                format!("`{wire}` cannot become a Rust name: {why}"),
                Some("add `rust_name: <snake_case name>` to this field".into()),
            );
            None
        }
    }
}

/// Parses a `type:` value, reporting a problem at the exact character inside it.
pub(crate) fn type_of(
    r: &mut Reader<'_>,
    scalar: &Scalar<'_>,
    types: &FileTypes,
) -> Option<TypeExpr> {
    match type_expr::parse(scalar.node.as_str(), types) {
        Ok(ty) => Some(ty),
        Err(error) => {
            let loc = r.loc_in_scalar(scalar.node, error.offset);
            r.report_at(loc, &scalar.path, error.message, error.help, error.width);
            None
        }
    }
}

fn check_modifiers(
    r: &mut Reader<'_>,
    map: &super::reader::Map<'_>,
    ty: &TypeExpr,
    types: &FileTypes,
    sensitive: bool,
    place: Place,
) {
    if holds_page(ty) {
        if let Some(scalar) = r.scalar(map, "type") {
            r.error_at(
                &scalar,
                "`page<Row>` is the answer of a paged endpoint, not a field".into(),
                Some("use `list<Row>` for a list of rows".into()),
            );
        }
        return;
    }
    let scalar_or_enum = ty.is_text_value() || types.is_enum(ty);
    if sensitive && *ty != TypeExpr::String {
        report_flag(
            r,
            map,
            "sensitive",
            "`sensitive` applies to `string` fields only",
        );
    }
    if place == Place::Multipart && !(scalar_or_enum || *ty == TypeExpr::File) {
        if let Some(scalar) = r.scalar(map, "type") {
            r.error_at(
                &scalar,
                "a field of a multipart body is a `file` or a value sent as text: a scalar (string, integer, decimal, date, ...) or an enumeration".into(),
                Some("lists, maps, structs and `json` can only be sent in a JSON body".into()),
            );
        }
    } else if place != Place::Multipart && holds_file(ty) {
        if let Some(scalar) = r.scalar(map, "type") {
            r.error_at(
                &scalar,
                "a `file` can only be a field of a multipart body".into(),
                Some(
                    "make this struct the `body` of an endpoint with `body_format: multipart`"
                        .into(),
                ),
            );
        }
        return;
    }
    if let Some(name) = types.multipart_in(ty) {
        if let Some(scalar) = r.scalar(map, "type") {
            r.error_at(
                &scalar,
                format!("`{name}` is a multipart body, which is sent as it is and is part of nothing else"),
                Some("give this field a struct of its own".into()),
            );
        }
        return;
    }
    if place == Place::Query {
        let fits_url = match ty {
            TypeExpr::List(inner) => inner.is_text_value() || types.is_enum(inner),
            _ => scalar_or_enum,
        };
        if !fits_url {
            if let Some(scalar) = r.scalar(map, "type") {
                r.error_at(
                    &scalar,
                    "a query parameter must be a scalar (string, integer, decimal, date, ...), an enumeration, or a list of those".into(),
                    Some("structs, maps and `json` can only be sent in a body".into()),
                );
            }
        }
    }
}

fn report_flag(r: &mut Reader<'_>, map: &super::reader::Map<'_>, key: &str, message: &str) {
    if let Some(node) = map.node.get_node(key) {
        let path = join(&map.path, key);
        match node {
            Node::Scalar(s) => r.error_on(s, &path, message.into(), None),
            other => r.error(
                other.span(),
                &path,
                format!("{message} (found {})", describe(other)),
                None,
            ),
        }
    }
}
