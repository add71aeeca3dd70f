//! `new` for a struct the caller fills in (a body, a query, a multipart body) that has required
//! fields: it takes them, so that none can be forgotten; such a struct has no `Default`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::{ident, rust_type};
use crate::spec::{Field, TypeExpr};

/// The most arguments clippy's `too_many_arguments` lets a function take.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `impl Name { pub fn new(required...) -> Self }`, or nothing when no field is required.
pub(crate) fn emit(name: &Ident, fields: &[Field]) -> TokenStream {
    if !fields.iter().any(|f| f.required) {
        return quote!();
    }
    let required = fields.iter().filter(|f| f.required).count();
    // Positional, in the documented order, however many the page requires.
    let allow_many = if required > CLIPPY_MAX_ARGUMENTS {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let params = fields.iter().filter(|f| f.required).map(|f| {
        let param = ident(&f.rust_name);
        let ty = match f.ty {
            TypeExpr::String => quote!(impl Into<String>),
            _ => rust_type(&f.ty, false),
        };
        quote!(#param: #ty)
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match (f.required, &f.ty) {
            (true, TypeExpr::String) => quote!(#field: #field.into()),
            (true, _) => quote!(#field),
            (false, _) => quote!(#field: None),
        }
    });
    let names: Vec<String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", f.name))
        .collect();
    let docs = super::text::doc(&[format!(
        "With its required fields ({}); the others are unset.",
        names.join(", ")
    )]);
    quote! {
        impl #name {
            #docs
            #allow_many
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits,)*
                }
            }
        }
    }
}
