//! The schemas of the document: one component per spec type (shared value sets and structs,
//! each resource's types) and one per page of a paged list, since OpenAPI has no generics
//! (`page<CustomerListRow>` is the schema `Page_CustomerListRow`).

use std::collections::{BTreeMap, BTreeSet};

use super::json::{Json, Object};
use super::names::{schema_ref, SchemaNames};
use super::scalars::{scalar, Place};
use crate::spec::{
    EnumRepr, EnumValue, Field, FileNameRule, Resource, Spec, TypeDef, TypeExpr, TypeKind, WireForm,
};

/// Where a type expression is written: `shared.yaml` (`None`) or a resource file.
pub type Scope<'a> = Option<&'a Resource>;

/// The counts every page states beside its rows (`jdy::Page`), with what each means.
const PAGE_COUNTS: [(&str, &str); 7] = [
    ("count", "The rows of the whole list (总条数)."),
    ("page", "The number of this page (当前页), from 1."),
    ("page_size", "The rows per page asked for."),
    ("total_page", "The pages of the whole list (总页数)."),
    ("current_page_size", "The rows on this page."),
    (
        "cur_page_size",
        "The rows on this page, as some lists name it.",
    ),
    (
        "current_page",
        "The number of this page again, on the lists that send it.",
    ),
];

pub struct Schemas<'a> {
    spec: &'a Spec,
    pub names: SchemaNames,
    /// The structs a request sends (a body, and the structs inside one): `(owner, name)`,
    /// where the owner is `module/resource`, or empty for `shared.yaml`.
    sent: BTreeSet<(String, String)>,
    /// The page schemas the operations asked for, by name.
    pages: BTreeMap<String, Json>,
}

/// The type `name` as written in `scope`: of the resource, or of shared.yaml.
fn definition<'s>(spec: &'s Spec, scope: Scope<'s>, name: &str) -> Option<&'s TypeDef> {
    match scope {
        Some(resource) => resource.type_named(name),
        None => spec.shared.iter().find(|t| t.name == name),
    }
}

fn owner_key(scope: Scope) -> String {
    scope.map_or_else(String::new, |r| format!("{}/{}", r.module, r.name))
}

impl<'a> Schemas<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let mut schemas = Schemas {
            spec,
            names: SchemaNames::new(spec),
            sent: BTreeSet::new(),
            pages: BTreeMap::new(),
        };
        for resource in &spec.resources {
            for endpoint in &resource.endpoints {
                if let Some(body) = &endpoint.body {
                    schemas.mark_sent(Some(resource), &TypeExpr::Named(body.clone()));
                }
            }
        }
        schemas
    }

    /// Marks the structs `ty` names as sent, and the structs inside them.
    fn mark_sent(&mut self, scope: Scope<'a>, ty: &TypeExpr) {
        let mut named = Vec::new();
        ty.references(&mut named);
        for (shared, name) in named {
            let scope = if shared { None } else { scope };
            let Some(TypeDef {
                kind: TypeKind::Struct { fields },
                ..
            }) = definition(self.spec, scope, &name)
            else {
                continue;
            };
            if self.sent.insert((owner_key(scope), name)) {
                for field in fields {
                    self.mark_sent(scope, &field.ty);
                }
            }
        }
    }

    fn is_sent(&self, scope: Scope, name: &str) -> bool {
        self.sent.contains(&(owner_key(scope), name.to_owned()))
    }

    /// The schema of a value of type `ty` written in `scope`.
    pub fn type_schema(&mut self, scope: Scope, ty: &TypeExpr, place: Place) -> Object {
        if let Some(schema) = scalar(ty, place) {
            return schema;
        }
        match ty {
            TypeExpr::List(inner) => match place {
                // The runtime writes a list in a URL as `[a,b]`, the documentation's own form,
                // which no `style` of OpenAPI describes: the parameter is text.
                Place::Query(_) => Object::new()
                    .with("type", "string")
                    .with("pattern", r"^\[.*\]$")
                    .with(
                        "description",
                        "A list, written in brackets and separated by commas: `[1,2]`, `[]`.",
                    )
                    .with(
                        "x-jdy-list-items",
                        self.type_schema(scope, inner, Place::Query(WireForm::Native)),
                    ),
                _ => Object::new()
                    .with("type", "array")
                    .with("items", self.type_schema(scope, inner, place)),
            },
            TypeExpr::Map(inner) => Object::new().with("type", "object").with(
                "additionalProperties",
                self.type_schema(scope, inner, place),
            ),
            TypeExpr::Page { row, summary } => {
                let name = self.page(scope, row, summary.as_deref());
                Object::new().with("$ref", schema_ref(&name))
            }
            named => match self.names.named(scope, named) {
                Some(name) => {
                    let reference = Object::new().with("$ref", schema_ref(&name));
                    match (place, self.definition_of(scope, named).map(|d| &d.kind)) {
                        (Place::Received, Some(TypeKind::Enum { repr, .. })) => {
                            open_enumeration(reference, *repr)
                        }
                        _ => reference,
                    }
                }
                // Not reached: every type that is not a name is handled above.
                None => Object::new(),
            },
        }
    }

    /// The schema of a query parameter or a struct field: its type's, with what the field
    /// says about itself.
    pub fn field_schema(&mut self, scope: Scope, field: &Field, place: Place) -> Object {
        let place = match place {
            Place::Query(_) => Place::Query(field.wire),
            Place::Sent(_) => Place::Sent(field.wire),
            Place::Received => Place::Received,
        };
        let mut schema = self.type_schema(scope, &field.ty, place);
        let type_remark = match schema.get("description") {
            Some(Json::String(text)) => Some(text.clone()),
            _ => None,
        };
        let mut description = field.description.trim().to_owned();
        for extra in [field.note.clone(), type_remark, sensitive_remark(field)]
            .into_iter()
            .flatten()
        {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(extra.trim());
        }
        let default = field
            .default
            .as_deref()
            .map(|text| self.typed_value(scope, &field.ty, &schema, text));
        // A field of an answer may come as `null`, which the SDK reads as absent (`{}`, any
        // JSON value, already allows it).
        let nullable = (place == Place::Received && !schema.is_empty()).then_some(true);
        let said = Object::new()
            .with_text("description", &description)
            .with_opt("nullable", nullable)
            .with_opt("default", default)
            .with_opt("x-jdy-sensitive", field.sensitive.then_some(true))
            .with_opt("x-jdy-max-bytes", field.max_bytes)
            .with_opt(
                "x-jdy-file-name",
                (field.file_name != FileNameRule::Any).then(|| field.file_name.as_str()),
            );
        if said.is_empty() {
            return schema;
        }
        if schema.get("$ref").is_some() {
            // Beside a `$ref`, OpenAPI 3.0 ignores every other key: wrap it.
            schema = Object::new().with("allOf", vec![schema]);
        }
        schema.merge(said);
        schema
    }

    /// A documented value (a default, a value of an example query) of type `ty`, whose schema
    /// is `schema`, as JSON of that schema's type: for an enumeration, of its values' type.
    pub fn typed_value(&self, scope: Scope, ty: &TypeExpr, schema: &Object, text: &str) -> Json {
        match self.definition_of(scope, ty).map(|d| &d.kind) {
            Some(TypeKind::Enum {
                repr: EnumRepr::Integer,
                ..
            }) => typed_text(&Object::new().with("type", "integer"), text),
            Some(_) => Json::from(text),
            None => typed_text(schema, text),
        }
    }

    /// The definition of a named type written in `scope`.
    fn definition_of<'s>(&'s self, scope: Scope<'s>, ty: &TypeExpr) -> Option<&'s TypeDef> {
        match ty {
            TypeExpr::Shared(name) => definition(self.spec, None, name),
            TypeExpr::Named(name) => definition(self.spec, scope, name),
            _ => None,
        }
    }

    /// The components of every spec type: `shared.yaml`'s, then each resource's in order.
    pub fn type_components(&mut self, out: &mut Object) {
        let spec = self.spec;
        for def in &spec.shared {
            let schema = self.type_def(None, def);
            out.insert(&def.name, schema);
        }
        for resource in &spec.resources {
            for def in &resource.types {
                let schema = self.type_def(Some(resource), def);
                out.insert(&self.names.resource_type(resource, &def.name), schema);
            }
        }
    }

    /// The page components the operations used, by name.
    pub fn page_components(&self, out: &mut Object) {
        for (name, schema) in &self.pages {
            out.insert(name, schema.clone());
        }
    }

    fn type_def(&mut self, scope: Scope, def: &TypeDef) -> Object {
        match &def.kind {
            TypeKind::Enum { repr, values } => enumeration(&def.description, *repr, values),
            TypeKind::Struct { fields } => {
                let sent = self.is_sent(scope, &def.name);
                let place = if sent {
                    Place::Sent(WireForm::Native)
                } else {
                    Place::Received
                };
                let mut properties = Object::new();
                for field in fields {
                    let schema = self.field_schema(scope, field, place);
                    properties.insert(&field.name, schema);
                }
                // An answer may leave out any field: only what a request must send is required.
                let required: Vec<&str> = fields
                    .iter()
                    .filter(|f| sent && f.required)
                    .map(|f| f.name.as_str())
                    .collect();
                let object = Object::new()
                    .with("type", "object")
                    .with_text("description", &def.description)
                    .with("properties", properties);
                if required.is_empty() {
                    object
                } else {
                    object.with("required", required)
                }
            }
        }
    }

    /// The name of the page schema of `row` (and `summary`), defined on first use.
    fn page(&mut self, scope: Scope, row: &TypeExpr, summary: Option<&TypeExpr>) -> String {
        let row_name = self.names.named(scope, row).unwrap_or_default();
        let summary_name = summary.and_then(|s| self.names.named(scope, s));
        let name = SchemaNames::page(&row_name, summary_name.as_deref());
        if self.pages.contains_key(&name) {
            return name;
        }
        let mut properties = Object::new().with(
            "rows",
            Object::new()
                .with("type", "array")
                .with("items", Object::new().with("$ref", schema_ref(&row_name)))
                .with("description", "The rows of this page."),
        );
        for (count, meaning) in PAGE_COUNTS {
            properties.insert(
                count,
                Object::new()
                    .with("type", "integer")
                    .with("format", "int64")
                    .with("description", meaning),
            );
        }
        let mut schema = Object::new()
            .with("type", "object")
            .with(
                "description",
                format!(
                    "One page of a paged list of `{row_name}`: its rows and the counts every page states{}.",
                    match &summary_name {
                        Some(summary) => format!(", with the fields of `{summary}` beside them"),
                        None => String::new(),
                    }
                ),
            )
            .with("properties", properties);
        if let Some(summary) = &summary_name {
            schema.insert(
                "allOf",
                vec![Object::new().with("$ref", schema_ref(summary))],
            );
        }
        self.pages
            .insert(name.clone(), schema.with("x-jdy-page", true).into());
        name
    }
}

/// An enumeration: its values, and what each means, in the description (for readers) and in
/// `x-enum-varnames`/`x-enum-descriptions` (for generators that name the variants).
fn enumeration(description: &str, repr: EnumRepr, values: &[EnumValue]) -> Object {
    let mut text = description.trim().to_owned();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    for value in values {
        text.push_str(&format!("- `{}` ({})", value.value, value.variant));
        if !value.description.trim().is_empty() {
            text.push_str(": ");
            text.push_str(value.description.trim());
        }
        text.push('\n');
    }
    text.push_str(
        "\nOpen: the server may send a value not listed here; a client should keep it rather than fail.",
    );
    let wire: Vec<Json> = values
        .iter()
        .map(|v| match repr {
            EnumRepr::String => Json::from(&v.value),
            EnumRepr::Integer => v
                .value
                .parse::<i64>()
                .map_or_else(|_| Json::from(&v.value), Json::from),
        })
        .collect();
    let kind = match repr {
        EnumRepr::String => Object::new().with("type", "string"),
        EnumRepr::Integer => Object::new()
            .with("type", "integer")
            .with("format", "int64"),
    };
    kind.with("description", text)
        .with("enum", wire)
        .with(
            "x-enum-varnames",
            values
                .iter()
                .map(|v| v.variant.as_str())
                .collect::<Vec<_>>(),
        )
        .with(
            "x-enum-descriptions",
            values
                .iter()
                .map(|v| v.description.as_str())
                .collect::<Vec<_>>(),
        )
}

/// An enumeration in an answer: one of its values, or another value of its type, as the
/// server may send one the documentation does not list (the Rust SDK keeps it as `Unknown`);
/// an integer enumeration's value may also come as text. A generated client then keeps such a
/// value instead of refusing the whole answer.
fn open_enumeration(reference: Object, repr: EnumRepr) -> Object {
    let mut choices = vec![reference];
    if repr == EnumRepr::Integer {
        choices.push(
            Object::new()
                .with("type", "integer")
                .with("format", "int64"),
        );
    }
    choices.push(Object::new().with("type", "string"));
    Object::new().with("anyOf", choices)
}

/// What a sensitive field's description adds.
fn sensitive_remark(field: &Field) -> Option<String> {
    field.sensitive.then(|| {
        "Sensitive (敏感数据解密): an answer carries it encrypted, as base64 of AES-256-CBC with PKCS#7 padding, the key being the 32 bytes of client_secret and the IV the fixed 16 bytes `5e8y6w45ju8w9jq8`.".to_owned()
    })
}

/// A documented value (a default, a value of an example query) as the JSON value of the
/// schema's type, else as text.
pub fn typed_text(schema: &Object, text: &str) -> Json {
    let kind = match schema.get("type") {
        Some(Json::String(kind)) => kind.as_str(),
        _ => "",
    };
    match (kind, text) {
        ("boolean", "true") => Json::Bool(true),
        ("boolean", "false") => Json::Bool(false),
        // A flag written as a digit, whose default the spec writes as `true`/`false`.
        ("integer", "true") => Json::from(1i64),
        ("integer", "false") => Json::from(0i64),
        ("integer", _) => text
            .parse::<i64>()
            .map_or_else(|_| Json::from(text), Json::from),
        ("string", "true")
            if schema
                .get("enum")
                .is_some_and(|e| *e != Json::from(vec!["true", "false"])) =>
        {
            Json::from("1")
        }
        ("string", "false")
            if schema
                .get("enum")
                .is_some_and(|e| *e != Json::from(vec!["true", "false"])) =>
        {
            Json::from("0")
        }
        _ => Json::from(text),
    }
}
