//! The query structs and the methods of one resource's endpoints.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::{derives_default, field_doc, ident, rust_type};
use super::text::{doc, doc_markdown};
use crate::names;
use crate::spec::{Endpoint, Field, Resource, TypeExpr, WireForm};

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

pub(crate) fn emit_query_struct(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&query_struct_name(resource, endpoint));
    let method = method_name(resource, endpoint);
    let docs = doc_markdown(&[format!(
        "The query parameters of {} ([`{}`](super::{}::{method})).",
        endpoint.title,
        method,
        api_handle_name(&resource.module)
    )]);
    let default = if derives_default(&endpoint.query, false) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = endpoint
        .query
        .iter()
        .map(|field| request_field(field, field_doc(field)));
    let pushes = endpoint.query.iter().map(|field| {
        let wire = &field.name;
        let name = ident(&field.rust_name);
        let digit = matches!(field.wire, WireForm::Number | WireForm::NumberString);
        match (field.required, digit) {
            (true, false) => quote!(query.push(#wire, &self.#name);),
            (false, false) => quote!(query.push_opt(#wire, self.#name.as_ref());),
            (true, true) => quote!(query.push(#wire, &crate::wire::forms::Digit(self.#name));),
            (false, true) => quote!(query.push_opt(
                #wire,
                self.#name.map(crate::wire::forms::Digit).as_ref()
            );),
        }
    });
    let constructor = super::constructor::emit(&name, &endpoint.query);
    let paged_query = emit_paged_query(&name, resource, endpoint);
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        #constructor

        impl #name {
            /// The parameters as they go on the wire, in the documented order; unset ones are left out.
            pub fn to_query(&self) -> crate::wire::Query {
                let mut query = crate::wire::Query::new();
                #(#pushes)*
                query
            }
        }

        #paged_query
    }
}

/// What a stream of pages needs of a paged endpoint's query: the call it makes, the type of
/// its rows, and where `page` and `page_size` are (optional integers: the loader checked).
fn emit_paged_query(name: &Ident, resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let Some(TypeExpr::Page { row, summary }) = &endpoint.response else {
        return quote!();
    };
    let row = rust_type(row, false);
    let summary = match summary {
        Some(summary) => rust_type(summary, false),
        None => quote!(()),
    };
    let field = |wire: &str| {
        let field = endpoint.query.iter().find(|f| f.name == wire);
        ident(field.map_or(wire, |f| f.rust_name.as_str()))
    };
    let (page, page_size) = (field("page"), field("page_size"));
    let call = endpoint_call(resource, endpoint, quote!(self.to_query()));
    quote! {
        impl crate::paging::PagedQuery for #name {
            type Row = #row;
            type Summary = #summary;

            fn call(&self) -> crate::Call {
                #call
            }

            fn paging(&mut self) -> [&mut Option<i64>; 2] {
                [&mut self.#page, &mut self.#page_size]
            }
        }
    }
}

/// The call of an endpoint, with its query from `query` (when it has parameters).
fn endpoint_call(resource: &Resource, endpoint: &Endpoint, query: TokenStream) -> TokenStream {
    let path = &endpoint.path;
    let http_method = super::runtime_method(endpoint.method);
    let endpoint_name = format!("{}.{}", resource.module, method_name(resource, endpoint));
    let mut call = quote!(crate::Call::new(#http_method, #path).endpoint(#endpoint_name));
    if !endpoint.query.is_empty() {
        call = quote!(#call.query(#query));
    }
    if endpoint.body.is_some() {
        call = super::uploads::with_body(endpoint, call);
    }
    super::uploads::with_envelope(endpoint, call)
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

/// A field of a struct the caller fills in (a query, a multipart body): required fields are
/// plain, the others `Option`s.
pub(super) fn request_field(field: &Field, docs: TokenStream) -> TokenStream {
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
}

fn emit_method(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&method_name(resource, endpoint));
    let mut params = Vec::new();
    if !endpoint.query.is_empty() {
        let query_type = ident(&query_struct_name(resource, endpoint));
        params.push(quote!(query: &#query_type));
    }
    if let Some(body) = &endpoint.body {
        let body_type = ident(body);
        params.push(quote!(body: &#body_type));
    }
    // A paged endpoint's query knows its call, for the streams of pages.
    let call = if endpoint.paged {
        quote!(crate::paging::PagedQuery::call(query))
    } else {
        endpoint_call(resource, endpoint, quote!(query.to_query()))
    };
    let returns = match &endpoint.response {
        Some(ty) => rust_type(ty, false),
        None => quote!(()),
    };
    let docs = method_doc(resource, endpoint);
    let streams = if endpoint.paged {
        emit_streams(resource, endpoint)
    } else {
        quote!()
    };
    quote! {
        #docs
        pub fn #name(&self, #(#params),*) -> crate::Pending<#returns> {
            crate::Pending::new(self.client, #call)
        }

        #streams
    }
}

/// `<method>_pages` and `<method>_items`, beside the one-page method of a paged endpoint.
fn emit_streams(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let method = method_name(resource, endpoint);
    let pages = ident(&format!("{method}_pages"));
    let items = ident(&format!("{method}_items"));
    let query_type = ident(&query_struct_name(resource, endpoint));
    let see = format!(
        "[`{method}`](Self::{method}) fetches one page; [`paging`](crate::paging) says how the pages are walked."
    );
    let pages_docs = {
        let line = doc(&[format!(
            "{}, every page: a stream that fetches the next page only when it is read.",
            endpoint.title
        )]);
        let see = doc_markdown(&[String::new(), see.clone()]);
        quote!(#line #see)
    };
    let items_docs = {
        let line = doc(&[format!(
            "{}, every row: a stream of the rows of the pages, fetched one page at a time.",
            endpoint.title
        )]);
        let see = doc_markdown(&[String::new(), see]);
        quote!(#line #see)
    };
    quote! {
        #pages_docs
        pub fn #pages(&self, query: &#query_type) -> crate::paging::Pages<#query_type> {
            crate::paging::Pages::new(self.client, query)
        }

        #items_docs
        pub fn #items(&self, query: &#query_type) -> crate::paging::Items<#query_type> {
            self.#pages(query).into_items()
        }
    }
}

fn method_doc(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
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
        let method = method_name(resource, endpoint);
        lines.push(format!(
            "Answers one page; [`{method}_pages`](Self::{method}_pages) and \
             [`{method}_items`](Self::{method}_items) walk them all."
        ));
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
