//! The resource file while it is being built: its endpoints, and its types before they have
//! names (candidates), with the corrections already applied.

use std::collections::BTreeSet;

use super::enums;
use super::naming::Place;
use super::overrides::{PageOverride, TableRef};
use super::page::Page;
use crate::spec::{BodyFormat, EnvelopeKind, FileNameRule, WireForm};

/// A page ready to be imported: where it goes and how.
#[derive(Debug, Clone)]
pub struct Plan<'o> {
    pub page: Page,
    pub place: Place,
    /// GET or POST, after corrections.
    pub method: String,
    pub paged: bool,
    /// The body is sent as `multipart/form-data` (`--form` in the example, or a `File` field).
    pub multipart: bool,
    /// The page's corrections, if any.
    pub corrections: Option<&'o PageOverride>,
}

/// What one resource file counts, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub endpoints: usize,
    pub structs: usize,
    pub enums: usize,
    pub fields: usize,
}

/// A field's type while the file is being built: named types are candidates until named.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Ty {
    String,
    Integer,
    Number,
    Decimal,
    Boolean,
    Date,
    DateTime,
    Timestamp,
    Json,
    File,
    List(Box<Ty>),
    Map(Box<Ty>),
    Cand(usize),
    /// A type named by a correction (`CustomerStatus`).
    Named(String),
    /// A type of shared.yaml (`AuditStatus`).
    Shared(String),
    /// One page of a paged list: its rows, and the struct of what it answers beside them.
    Page(Box<Ty>, Option<Box<Ty>>),
}

#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) ty: Ty,
    /// The type before corrections, kept in case a correction names no type of the file.
    pub(super) imported_ty: Ty,
    pub(super) rust_name: Option<String>,
    pub(super) required: bool,
    /// `required: false` written out because a correction removed `required: true`.
    pub(super) unrequired: bool,
    /// How a sent decimal or boolean is written, when not in its type's own form.
    pub(super) wire: WireForm,
    pub(super) description: String,
    pub(super) default: Option<String>,
    pub(super) sensitive: bool,
    /// A file: the largest the description allows, in bytes.
    pub(super) max_bytes: Option<u64>,
    /// A file: the rule the description sets on its name.
    pub(super) file_name: FileNameRule,
    pub(super) note: Option<String>,
    pub(super) line: usize,
}

#[derive(Debug, Clone)]
pub(super) enum Body {
    Struct(Vec<Field>),
    Enum {
        integer: bool,
        values: Vec<enums::Value>,
        names: Vec<String>,
    },
}

/// An enumeration's JSON type and values (`None` for a struct).
pub(super) type EnumShape<'a> = Option<(bool, &'a [enums::Value])>;

/// A type of the file before it has a name.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) page: String,
    /// For the order of structs in the file: endpoint, part of the page, root first, table.
    pub(super) order: (usize, u8, u8, usize),
    /// For numbering what still collides: page, table, field.
    pub(super) key: (String, String, String),
    /// Where it comes from, for corrections: the table, and for an enumeration its field.
    pub(super) table: TableRef,
    pub(super) field: Option<String>,
    pub(super) ladder: Vec<String>,
    pub(super) explicit: Option<String>,
    pub(super) description: String,
    pub(super) note: Vec<String>,
    pub(super) body: Body,
    /// Set when a struct's description is taken from the first field that refers to it.
    pub(super) described: bool,
    /// An unreferenced `**Name**` table, kept anyway.
    pub(super) orphan: bool,
    pub(super) line: usize,
}

impl Ty {
    /// One value, as a query parameter or a text part of a multipart body can carry.
    pub(super) fn is_scalar(&self) -> bool {
        matches!(
            self,
            Ty::String
                | Ty::Integer
                | Ty::Number
                | Ty::Decimal
                | Ty::Boolean
                | Ty::Date
                | Ty::DateTime
                | Ty::Timestamp
        )
    }
}

impl Cand {
    pub(super) fn is_enum(&self) -> bool {
        matches!(self.body, Body::Enum { .. })
    }

    /// What makes two enumerations the same type.
    pub(super) fn enum_shape(&self) -> EnumShape<'_> {
        match &self.body {
            Body::Enum {
                integer, values, ..
            } => Some((*integer, values)),
            Body::Struct(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Endpoint {
    pub(super) key: String,
    pub(super) page: Page,
    pub(super) method: String,
    pub(super) paged: bool,
    pub(super) note: Option<String>,
    pub(super) query: Vec<Field>,
    pub(super) body: Option<usize>,
    pub(super) body_format: BodyFormat,
    pub(super) response: Option<Ty>,
    pub(super) envelope: EnvelopeKind,
    pub(super) request_query: Option<String>,
    pub(super) request_body: Option<String>,
    pub(super) response_example: Option<String>,
}

/// The candidates a type refers to; a name given by a correction refers to every candidate
/// of that name.
pub(super) fn collect(ty: &Ty, names: &[String], out: &mut Vec<usize>) {
    match ty {
        Ty::Cand(i) => out.push(*i),
        Ty::Named(name) => out.extend((0..names.len()).filter(|&i| &names[i] == name)),
        Ty::List(inner) | Ty::Map(inner) => collect(inner, names, out),
        Ty::Page(row, summary) => {
            collect(row, names, out);
            if let Some(summary) = summary {
                collect(summary, names, out);
            }
        }
        _ => {}
    }
}

pub(super) fn missing_name(ty: &Ty, known: &BTreeSet<String>) -> Option<String> {
    match ty {
        Ty::Named(name) if !known.contains(name) => Some(name.clone()),
        Ty::List(inner) | Ty::Map(inner) | Ty::Page(inner, None) => missing_name(inner, known),
        _ => None,
    }
}

pub(super) fn render_ty(ty: &Ty, names: &[String]) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Number => "number".into(),
        Ty::Decimal => "decimal".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Date => "date".into(),
        Ty::DateTime => "datetime".into(),
        Ty::Timestamp => "timestamp".into(),
        Ty::Json => "json".into(),
        Ty::File => "file".into(),
        Ty::List(inner) => format!("list<{}>", render_ty(inner, names)),
        Ty::Map(inner) => format!("map<{}>", render_ty(inner, names)),
        Ty::Cand(i) => names[*i].clone(),
        Ty::Named(name) | Ty::Shared(name) => name.clone(),
        Ty::Page(row, None) => format!("page<{}>", render_ty(row, names)),
        Ty::Page(row, Some(summary)) => format!(
            "page<{}, {}>",
            render_ty(row, names),
            render_ty(summary, names)
        ),
    }
}
