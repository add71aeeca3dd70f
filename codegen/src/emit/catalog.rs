//! A description of every endpoint and type, as plain static text, for the `jdy` command line
//! (`jdy endpoints`, `jdy describe`). It is a separate file, written only when the `jdy` crate
//! is built with its `cli` feature, so that no other build compiles it.
//!
//! The file names the item types `Endpoint`, `Field`, `Resource`, `Type`, `TypeKind` and `Value`
//! without a path: the module that includes it defines them.

use proc_macro2::TokenStream;
use quote::quote;

use super::endpoints::method_name;
use crate::spec::{BodyFormat, Field, Spec, TypeDef, TypeExpr, TypeKind};

/// The file's name in the output folder.
pub const FILE: &str = "catalog.rs";

/// The catalog of `spec`: `ENDPOINTS` (in spec order), `RESOURCES` (the types of each
/// resource) and `SHARED` (the types of `shared.yaml`).
pub(crate) fn emit(spec: &Spec) -> TokenStream {
    let endpoints = spec.resources.iter().flat_map(|resource| {
        let resource_name = format!("{}/{}", resource.module, resource.name);
        resource.endpoints.iter().map(move |endpoint| {
            let name = format!("{}.{}", resource.module, method_name(resource, endpoint));
            let method = endpoint.method.as_str();
            let path = &endpoint.path;
            let title = &endpoint.title;
            let summary = &endpoint.summary;
            let paged = endpoint.paged;
            let multipart = endpoint.body_format == BodyFormat::Multipart;
            let query = endpoint.query.iter().map(field);
            let body = option(endpoint.body.as_deref());
            let answer = option(endpoint.response.as_ref().map(spec_text).as_deref());
            quote! {
                Endpoint {
                    name: #name,
                    resource: #resource_name,
                    method: #method,
                    path: #path,
                    title: #title,
                    summary: #summary,
                    paged: #paged,
                    multipart: #multipart,
                    query: &[#(#query),*],
                    body: #body,
                    answer: #answer,
                },
            }
        })
    });
    let resources = spec.resources.iter().map(|resource| {
        let name = format!("{}/{}", resource.module, resource.name);
        let types = resource.types.iter().map(type_def);
        quote!(Resource { name: #name, types: &[#(#types),*] },)
    });
    let shared = spec.shared.iter().map(type_def);
    quote! {
        /// Every endpoint of the spec, in the spec's order.
        pub(crate) static ENDPOINTS: &[Endpoint] = &[#(#endpoints)*];

        /// The types of each resource file.
        pub(crate) static RESOURCES: &[Resource] = &[#(#resources)*];

        /// The types of `shared.yaml`.
        pub(crate) static SHARED: &[Type] = &[#(#shared),*];
    }
}

fn option(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

fn field(field: &Field) -> TokenStream {
    let name = &field.name;
    let ty = spec_text(&field.ty);
    let required = field.required;
    let description = short(&field.description);
    let default = option(field.default.as_deref());
    quote! {
        Field {
            name: #name,
            ty: #ty,
            required: #required,
            description: #description,
            default: #default,
        }
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let name = &def.name;
    let description = short(&def.description);
    let kind = match &def.kind {
        TypeKind::Struct { fields } => {
            let fields = fields.iter().map(field);
            quote!(TypeKind::Struct(&[#(#fields),*]))
        }
        TypeKind::Enum { values, .. } => {
            let values = values.iter().map(|v| {
                let value = &v.value;
                let description = short(&v.description);
                quote!(Value { value: #value, description: #description })
            });
            quote!(TypeKind::Enum(&[#(#values),*]))
        }
    };
    quote!(Type { name: #name, description: #description, kind: #kind })
}

/// The first line of a description: the catalog is for a terminal, the rest is in the docs.
fn short(description: &str) -> &str {
    description.trim().lines().next().unwrap_or("").trim()
}

/// A type as the spec writes it (`list<CustomerContact>`, `page<Row, Summary>`).
fn spec_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::String => "string".into(),
        TypeExpr::Integer => "integer".into(),
        TypeExpr::Number => "number".into(),
        TypeExpr::Decimal => "decimal".into(),
        TypeExpr::Boolean => "boolean".into(),
        TypeExpr::Date => "date".into(),
        TypeExpr::DateTime => "datetime".into(),
        TypeExpr::Timestamp => "timestamp".into(),
        TypeExpr::Json => "json".into(),
        TypeExpr::File => "file".into(),
        TypeExpr::List(inner) => format!("list<{}>", spec_text(inner)),
        TypeExpr::Map(inner) => format!("map<{}>", spec_text(inner)),
        TypeExpr::Named(name) | TypeExpr::Shared(name) => name.clone(),
        TypeExpr::Page { row, summary } => match summary {
            Some(summary) => format!("page<{}, {}>", spec_text(row), spec_text(summary)),
            None => format!("page<{}>", spec_text(row)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_in_the_spec() {
        let row = TypeExpr::Named("Row".into());
        let page = TypeExpr::Page {
            row: Box::new(row.clone()),
            summary: Some(Box::new(TypeExpr::Shared("Totals".into()))),
        };
        assert_eq!(spec_text(&page), "page<Row, Totals>");
        assert_eq!(
            spec_text(&TypeExpr::List(Box::new(TypeExpr::Map(Box::new(
                TypeExpr::Decimal
            ))))),
            "list<map<decimal>>"
        );
    }

    #[test]
    fn only_the_first_line_of_a_description_is_kept() {
        assert_eq!(short("  状态\n1: 启用 "), "状态");
        assert_eq!(short(""), "");
    }
}
