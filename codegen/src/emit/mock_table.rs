//! What the mock gateway needs to serve each endpoint: method, path, kind, required
//! parameters (or multipart parts), the envelope of its answer, the documented answer and a
//! decoder of its type. Compiled only with the `jdy` crate's `mock` feature,
//! so that nobody else pays for the embedded examples.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::{BodyFormat, Endpoint, Resource, TypeExpr, TypeKind};

/// The Rust type of the rows of a paged list's answer.
fn row_type(endpoint: &Endpoint) -> Option<TokenStream> {
    match &endpoint.response {
        Some(TypeExpr::Page { row, .. }) => Some(super::models::rust_type(row, false)),
        _ => None,
    }
}

pub(crate) fn emit_endpoint_table(resource: &Resource) -> TokenStream {
    let resource_name = format!("{}/{}", resource.module, resource.name);
    let entries = resource.endpoints.iter().map(|endpoint| {
        let method = super::runtime_method(endpoint.method);
        let path = &endpoint.path;
        let kind = &endpoint.key;
        let title = &endpoint.title;
        let paged = endpoint.paged;
        // Names joined by spaces: one line of generated code, however many there are.
        let query = names(endpoint.query.iter().map(|f| f.name.as_str()));
        let required_query = names(
            endpoint
                .query
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.as_str()),
        );
        let required_body = names(
            endpoint
                .body
                .as_ref()
                .and_then(|name| resource.type_named(name))
                .map(|t| match &t.kind {
                    TypeKind::Struct { fields } => fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.name.as_str())
                        .collect(),
                    TypeKind::Enum { .. } => Vec::new(),
                })
                .unwrap_or_default()
                .into_iter(),
        );
        let multipart = endpoint.body_format == BodyFormat::Multipart;
        let envelope = super::uploads::runtime_envelope(endpoint.envelope);
        let answer = match &endpoint.response {
            Some(ty) => super::models::rust_type(ty, false),
            None => quote!(()),
        };
        let shape_row = match row_type(endpoint) {
            Some(row) => quote!(Some(crate::mock::shaped_as::<#row>)),
            None => quote!(None),
        };
        let example = match &endpoint.examples.response {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        quote! {
            crate::mock::EndpointInfo {
                method: #method,
                path: #path,
                resource: #resource_name,
                kind: #kind,
                title: #title,
                paged: #paged,
                query: #query,
                required_query: #required_query,
                required_body: #required_body,
                multipart: #multipart,
                envelope: #envelope,
                response_example: #example,
                decode_data: crate::mock::decodes_as::<#answer>,
                shape_row: #shape_row,
            },
        }
    });
    quote! {
        /// What the mock gateway serves for these endpoints.
        #[cfg(feature = "mock")]
        pub(crate) const ENDPOINTS: &[crate::mock::EndpointInfo] = &[
            #(#entries)*
        ];
    }
}

/// Wire names, joined by spaces (none has one).
fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(" ")
}
