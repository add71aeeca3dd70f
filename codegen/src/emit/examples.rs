//! Tests, compiled only into the `jdy` crate's own test run, that the documented examples of
//! each endpoint decode into the generated types with no documented field left behind.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoints::method_name;
use super::models::{ident, rust_type};
use crate::spec::{EnvelopeKind, Resource};

pub(crate) fn emit_example_tests(resource: &Resource) -> TokenStream {
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
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        #[cfg(test)]
        mod documented_examples {
            use super::*;

            #(#tests)*
        }
    }
}
