//! The query structs and the methods of one resource's endpoints.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::{derives_default, field_doc, ident, rust_type};
use super::text::{doc, doc_markdown};
use crate::names;
use crate::spec::{Endpoint, Field, Resource, TypeDef, TypeExpr, TypeKind, WireForm};

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
    let paged_query = if endpoint.paged {
        emit_paged_query(&name, endpoint)
    } else {
        quote!()
    };
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

/// How the pager reads and sets `page` and `page_size` (plain fields if required, else
/// `Option`s; the loader has checked that both exist and are integers).
fn emit_paged_query(name: &Ident, endpoint: &Endpoint) -> TokenStream {
    let accessors = |wire: &str| {
        let field = endpoint.query.iter().find(|f| f.name == wire);
        let rust = ident(field.map_or(wire, |f| f.rust_name.as_str()));
        let value = ident(wire);
        if field.is_some_and(|f| f.required) {
            (quote!(Some(self.#rust)), quote!(self.#rust = #value;))
        } else {
            (quote!(self.#rust), quote!(self.#rust = Some(#value);))
        }
    };
    let (get_page, set_page) = accessors("page");
    let (get_size, set_size) = accessors("page_size");
    quote! {
        impl crate::paging::PagedQuery for #name {
            fn page(&self) -> Option<i64> {
                #get_page
            }

            fn set_page(&mut self, page: i64) {
                #set_page
            }

            fn page_size(&self) -> Option<i64> {
                #get_size
            }

            fn set_page_size(&mut self, page_size: i64) {
                #set_size
            }
        }
    }
}

/// How the pager reads a page of a paged endpoint's answer (a received struct: `rows` is a
/// plain `Vec`, `total_page` an `Option`; the loader has checked both). `None` if `def` is not
/// such a struct.
pub(crate) fn emit_page_impl(def: &TypeDef) -> Option<TokenStream> {
    let TypeKind::Struct { fields } = &def.kind else {
        return None;
    };
    let rows = fields.iter().find(|f| f.name == "rows")?;
    let total = fields.iter().find(|f| f.name == "total_page")?;
    let TypeExpr::List(row) = &rows.ty else {
        return None;
    };
    let name = ident(&def.name);
    let row = rust_type(row, rows.sensitive);
    let rows = ident(&rows.rust_name);
    let total = ident(&total.rust_name);
    Some(quote! {
        impl crate::paging::Page for #name {
            type Row = #row;

            fn rows(&self) -> &[#row] {
                &self.#rows
            }

            fn into_rows(self) -> Vec<#row> {
                self.#rows
            }

            fn total_page(&self) -> Option<i64> {
                self.#total
            }
        }
    })
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
    let path = &endpoint.path;
    let http_method = super::runtime_method(endpoint.method);
    let mut params = Vec::new();
    let endpoint_name = format!("{}.{}", resource.module, method_name(resource, endpoint));
    let mut call = quote!(crate::Call::new(#http_method, #path).endpoint(#endpoint_name));
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
    let returns = match &endpoint.response {
        Some(ty) => rust_type(ty, false),
        None => quote!(()),
    };
    let docs = method_doc(resource, endpoint);
    let streams = match &endpoint.response {
        Some(page) if endpoint.paged => emit_streams(resource, endpoint, &rust_type(page, false)),
        _ => quote!(),
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
fn emit_streams(resource: &Resource, endpoint: &Endpoint, page: &TokenStream) -> TokenStream {
    let method = method_name(resource, endpoint);
    let one_page = ident(&method);
    let pages = ident(&format!("{method}_pages"));
    let items = ident(&format!("{method}_items"));
    let module = ident(&resource.module);
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
        pub fn #pages(&self, query: &#query_type) -> crate::paging::Pages<#page> {
            crate::paging::Pages::new(self.client, query, |client, query| async move {
                client.#module().#one_page(&query).await
            })
        }

        #items_docs
        pub fn #items(&self, query: &#query_type) -> crate::paging::Items<#page> {
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
