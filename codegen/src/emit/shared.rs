//! `shared.rs`: the types of shared.yaml, each compiled with the modules that use it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{self, Usage};
use crate::spec::{Spec, TypeDef, TypeKind};

pub(crate) fn emit(spec: &Spec) -> TokenStream {
    let usage = Usage::of_shared(spec);
    let modules = modules_using(spec);
    let import = super::serde_import(spec.shared.iter().map(|t| t.name.as_str()), &usage);
    let needs_map = spec.shared.iter().any(|t| match &t.kind {
        TypeKind::Struct { fields } => fields.iter().any(|f| models::uses_map(&f.ty)),
        TypeKind::Enum { .. } => false,
    });
    let map_import = needs_map.then(|| {
        quote!(
            #[allow(unused_imports)]
            use std::collections::BTreeMap;
        )
    });
    // A type no module uses would never be compiled: it is not written.
    let types = spec.shared.iter().filter_map(|def| {
        let features: Vec<&str> = modules.get(&def.name)?.iter().map(String::as_str).collect();
        let gate = match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        };
        // Every item of the type (the type and its impls) carries the gate.
        let items = gated(models::emit_type(def, &usage), &gate);
        Some(quote!(#(#items)*))
    });
    // The types are compiled only with the modules that use them: with some features, an
    // import serves none of them.
    quote! {
        #map_import
        #[allow(unused_imports)]
        #import
        #(#types)*
    }
}

/// The modules whose resources use each shared type, directly or through another shared type.
fn modules_using(spec: &Spec) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for resource in &spec.resources {
        let mut names = Vec::new();
        for endpoint in &resource.endpoints {
            endpoint
                .query
                .iter()
                .for_each(|f| f.ty.references(&mut names));
            if let Some(response) = &endpoint.response {
                response.references(&mut names);
            }
        }
        for def in &resource.types {
            if let TypeKind::Struct { fields } = &def.kind {
                fields.iter().for_each(|f| f.ty.references(&mut names));
            }
        }
        let mut seen = BTreeSet::new();
        for (_, name) in names.into_iter().filter(|(shared, _)| *shared) {
            within_shared(&spec.shared, &name, &mut seen);
        }
        for name in seen {
            modules
                .entry(name)
                .or_default()
                .insert(resource.module.clone());
        }
    }
    modules
}

fn within_shared(shared: &[TypeDef], name: &str, seen: &mut BTreeSet<String>) {
    if !seen.insert(name.to_string()) {
        return;
    }
    if let Some(TypeDef {
        kind: TypeKind::Struct { fields },
        ..
    }) = shared.iter().find(|t| t.name == name)
    {
        for field in fields {
            let mut names = Vec::new();
            field.ty.references(&mut names);
            for (_, inner) in names {
                within_shared(shared, &inner, seen);
            }
        }
    }
}

/// The items of a token stream, each with `gate` after its doc comment.
fn gated(tokens: TokenStream, gate: &TokenStream) -> Vec<TokenStream> {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        // The emitter's own tokens always parse; keep them whole otherwise.
        Err(_) => return vec![quote!(#gate #tokens)],
    };
    file.items
        .into_iter()
        .map(|mut item| match attrs_of(&mut item) {
            Some(attrs) => {
                let docs = attrs
                    .iter()
                    .take_while(|a| a.path().is_ident("doc"))
                    .count();
                attrs.insert(docs, syn::parse_quote!(#gate));
                quote!(#item)
            }
            None => quote!(#gate #item),
        })
        .collect()
}

fn attrs_of(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(s) => Some(&mut s.attrs),
        syn::Item::Enum(e) => Some(&mut e.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        _ => None,
    }
}
