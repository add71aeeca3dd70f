//! `documented_examples.rs`: a test per documented example, that it decodes into the generated
//! types with no documented field left behind. It is compiled by the `jdy` crate's
//! `documented_examples` test target, not into the library.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoints::method_name;
use super::models::{ident, rust_type};
use crate::spec::{EnvelopeKind, Resource, Spec};

/// The file's name in the output folder.
pub(crate) const FILE: &str = "documented_examples.rs";

pub(crate) fn emit(spec: &Spec) -> TokenStream {
    let modules = spec.resources.iter().filter_map(|resource| {
        let tests = tests_of(resource);
        if tests.is_empty() {
            return None;
        }
        let feature = resource.module.as_str();
        let name = format_ident!("{}_{}", resource.module, resource.name);
        let module = ident(&resource.module);
        let resource_name = ident(&resource.name);
        Some(quote! {
            #[cfg(feature = #feature)]
            mod #name {
                use jdy::#module::#resource_name::*;

                #(#tests)*
            }
        })
    });
    quote!(#(#modules)*)
}

fn tests_of(resource: &Resource) -> Vec<TokenStream> {
    let mut tests = Vec::new();
    for endpoint in &resource.endpoints {
        let method = method_name(resource, endpoint);
        if let (Some(example), Some(ty)) = (&endpoint.examples.response, &endpoint.response) {
            let name = format_ident!("{}_response", method);
            let ty = rust_type(ty, false);
            let check = match endpoint.envelope {
                EnvelopeKind::Standard => quote!(check_answer),
                EnvelopeKind::Upload => quote!(check_upload_answer),
            };
            let doc = format!(
                " {}: the documented answer decodes, and keeps every documented field.",
                endpoint.title
            );
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    crate::examples::#check::<#ty>(#example);
                }
            });
        }
        if let (Some(example), Some(body)) = (&endpoint.examples.request_body, &endpoint.body) {
            let name = format_ident!("{}_request_body", method);
            let ty = ident(body);
            let doc = format!(
                " {}: the documented request body decodes, and keeps every documented field.",
                endpoint.title
            );
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    crate::examples::check_value::<#ty>(#example);
                }
            });
        }
    }
    tests
}
