//! The query structs and the methods of one resource's endpoints.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{field_doc, ident, rust_type, Defaults};
use super::text::{doc, doc_markdown};
use crate::names;
use crate::spec::{Endpoint, Resource};

/// The name of the struct holding an endpoint's query parameters.
pub(crate) fn query_struct_name(resource: &Resource, endpoint: &Endpoint) -> String {
    format!(
        "{}{}Query",
        names::camel(&resource.name),
        names::camel(&endpoint.key)
    )
}

/// The name of the method calling an endpoint.
pub(crate) fn method_name(resource: &Resource, endpoint: &Endpoint) -> String {
    format!("{}_{}", resource.name, endpoint.key)
}

pub(crate) fn emit_query_struct(
    resource: &Resource,
    endpoint: &Endpoint,
    defaults: &mut Defaults<'_>,
) -> TokenStream {
    let name = ident(&query_struct_name(resource, endpoint));
    let method = method_name(resource, endpoint);
    let docs = doc_markdown(&[format!(
        "The query parameters of {} ([`{}`](super::{}::{method})).",
        endpoint.title,
        method,
        api_handle_name(&resource.module)
    )]);
    let default = if defaults.fields_default(&endpoint.query, false) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = endpoint.query.iter().map(|field| {
        let docs = field_doc(field);
        let name = ident(&field.rust_name);
        let ty = rust_type(&field.ty, false);
        let ty = if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            pub #name: #ty,
        }
    });
    let pushes = endpoint.query.iter().map(|field| {
        let wire = &field.name;
        let name = ident(&field.rust_name);
        if field.required {
            quote!(query.push(#wire, &self.#name);)
        } else {
            quote!(query.push_opt(#wire, self.#name.as_ref());)
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parameters as they go on the wire, in the documented order; unset ones are left out.
            pub fn to_query(&self) -> crate::wire::Query {
                let mut query = crate::wire::Query::new();
                #(#pushes)*
                query
            }
        }
    }
}

/// The methods of a resource, on its module's API handle.
pub(crate) fn emit_methods(resource: &Resource) -> TokenStream {
    let handle = ident(&api_handle_name(&resource.module));
    let methods = resource.endpoints.iter().map(|e| emit_method(resource, e));
    quote! {
        impl super::#handle<'_> {
            #(#methods)*
        }
    }
}

fn emit_method(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&method_name(resource, endpoint));
    let path = &endpoint.path;
    let http_method = super::runtime_method(endpoint.method);
    let mut params = Vec::new();
    let mut call = quote!(crate::Call::new(#http_method, #path));
    if !endpoint.query.is_empty() {
        let query_type = ident(&query_struct_name(resource, endpoint));
        params.push(quote!(query: &#query_type));
        call = quote!(#call.query(query.to_query()));
    }
    if let Some(body) = &endpoint.body {
        let body_type = ident(body);
        params.push(quote!(body: &#body_type));
        call = super::uploads::with_body(endpoint, call);
    }
    call = super::uploads::with_envelope(endpoint, call);
    let (returns, send) = match &endpoint.response {
        Some(ty) => {
            let ty = rust_type(ty, false);
            (ty, quote!(self.client.send(call).await))
        }
        None => (
            quote!(()),
            quote!(self
                .client
                .send::<serde::de::IgnoredAny>(call)
                .await
                .map(|_| ())),
        ),
    };
    let docs = method_doc(endpoint);
    quote! {
        #docs
        pub async fn #name(&self, #(#params),*) -> Result<#returns, crate::Error> {
            let call = #call;
            #send
        }
    }
}

fn method_doc(endpoint: &Endpoint) -> TokenStream {
    let heading = doc(&[format!("{}：{}", endpoint.title, endpoint.summary)]);
    let mut lines = vec![
        String::new(),
        format!(
            "`{} {}` ([documentation]({}))",
            endpoint.method.as_str(),
            endpoint.path,
            endpoint.doc
        ),
    ];
    if endpoint.paged {
        lines.push(String::new());
        lines.push(
            "Answers one page; ask for the next with `page` until `total_page` is reached."
                .to_string(),
        );
    }
    lines.extend(super::uploads::method_doc_lines(endpoint));
    let links = doc_markdown(&lines);
    let note = endpoint
        .note
        .as_ref()
        .map(|note| {
            let blank = doc_markdown(&[String::new()]);
            let note = doc(&[format!("Note: {note}")]);
            quote!(#blank #note)
        })
        .unwrap_or_default();
    quote!(#heading #links #note)
}

/// The struct through which a module's endpoints are called: `bd` -> `BdApi`.
pub(crate) fn api_handle_name(module: &str) -> String {
    format!("{}Api", names::camel(module))
}
