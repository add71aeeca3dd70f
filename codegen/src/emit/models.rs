//! Structs and open enumerations from the `types:` of a resource.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::text::doc;
use crate::spec::{
    BodyFormat, EnumRepr, EnumValue, Field, Resource, Spec, TypeDef, TypeExpr, TypeKind, WireForm,
};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Which types are sent (reachable from a body) and which are received (reachable from an
/// answer). A type that is only ever sent keeps its required fields non-optional; anything
/// received is lenient about what the server leaves out; a type that is only received derives
/// `Serialize` only with the `serialize-answers` feature.
#[derive(Default)]
pub(crate) struct Usage {
    received: BTreeSet<String>,
    sent: BTreeSet<String>,
    /// The structs sent as multipart bodies (the loader checked they are used nowhere else).
    multipart: BTreeSet<String>,
}

impl Usage {
    pub(crate) fn of(resource: &Resource) -> Self {
        let mut usage = Usage::default();
        for endpoint in &resource.endpoints {
            if let Some(response) = &endpoint.response {
                let mut names = Vec::new();
                response.references(&mut names);
                for (_, name) in names.iter().filter(|(shared, _)| !shared) {
                    reach(&resource.types, name, &mut usage.received);
                }
            }
            match (&endpoint.body, endpoint.body_format) {
                (Some(body), BodyFormat::Multipart) => {
                    usage.multipart.insert(body.clone());
                }
                (Some(body), BodyFormat::Json) => reach(&resource.types, body, &mut usage.sent),
                (None, _) => {}
            }
        }
        usage
    }

    /// The usage of the shared types, over every resource: received when some answer holds
    /// one, sent when some body does.
    pub(crate) fn of_shared(spec: &Spec) -> Self {
        let mut usage = Usage::default();
        for resource in &spec.resources {
            let local = Usage::of(resource);
            for def in &resource.types {
                let TypeKind::Struct { fields } = &def.kind else {
                    continue;
                };
                for field in fields {
                    let mut names = Vec::new();
                    field.ty.references(&mut names);
                    for (_, name) in names.iter().filter(|(shared, _)| *shared) {
                        if local.is_received(&def.name) {
                            reach(&spec.shared, name, &mut usage.received);
                        }
                        if local.sent.contains(&def.name) {
                            reach(&spec.shared, name, &mut usage.sent);
                        }
                    }
                }
            }
            for endpoint in &resource.endpoints {
                let mut names = Vec::new();
                if let Some(response) = &endpoint.response {
                    response.references(&mut names);
                }
                for (_, name) in names.iter().filter(|(shared, _)| *shared) {
                    reach(&spec.shared, name, &mut usage.received);
                }
            }
        }
        usage
    }

    pub(crate) fn is_received(&self, name: &str) -> bool {
        self.received.contains(name)
    }

    /// Received and never sent: its `Serialize` is optional.
    pub(crate) fn is_answer_only(&self, name: &str) -> bool {
        self.received.contains(name) && !self.sent.contains(name)
    }

    pub(crate) fn is_multipart(&self, name: &str) -> bool {
        self.multipart.contains(name)
    }
}

/// Adds `name` and the types of the same file its fields hold to `seen`.
fn reach(types: &[TypeDef], name: &str, seen: &mut BTreeSet<String>) {
    if !seen.insert(name.to_string()) {
        return;
    }
    if let Some(TypeDef {
        kind: TypeKind::Struct { fields },
        ..
    }) = types.iter().find(|t| t.name == name)
    {
        for field in fields {
            if let Some(inner) = field.ty.named() {
                reach(types, inner, seen);
            }
        }
    }
}

/// Whether a struct derives `Default`: an answer always does (all its fields are `Option`s,
/// lists or maps); a struct the caller fills in only when it has no required field, so that a
/// required field cannot be left empty by `..Default::default()`: such a struct has a `new`
/// that takes them instead (see [`constructor`](super::constructor)).
pub(crate) fn derives_default(fields: &[Field], received: bool) -> bool {
    received || !fields.iter().any(|f| f.required)
}

/// The Rust type of a value of the spec type.
pub(crate) fn rust_type(ty: &TypeExpr, sensitive: bool) -> TokenStream {
    match ty {
        TypeExpr::String if sensitive => quote!(crate::Sensitive),
        TypeExpr::String => quote!(String),
        TypeExpr::Integer => quote!(i64),
        TypeExpr::Number => quote!(f64),
        TypeExpr::Decimal => quote!(crate::Decimal),
        TypeExpr::Boolean => quote!(bool),
        TypeExpr::Date => quote!(crate::Date),
        TypeExpr::DateTime => quote!(crate::DateTime),
        TypeExpr::Timestamp => quote!(crate::Timestamp),
        TypeExpr::Json => quote!(serde_json::Value),
        TypeExpr::File => quote!(crate::UploadFile),
        TypeExpr::List(inner) => {
            let inner = rust_type(inner, sensitive);
            quote!(Vec<#inner>)
        }
        TypeExpr::Map(inner) => {
            let inner = rust_type(inner, sensitive);
            quote!(BTreeMap<String, #inner>)
        }
        TypeExpr::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeExpr::Shared(name) => {
            let name = ident(name);
            quote!(crate::shared::#name)
        }
        TypeExpr::Page { row, summary } => {
            let row = rust_type(row, sensitive);
            match summary {
                Some(summary) => {
                    let summary = rust_type(summary, false);
                    quote!(crate::Page<#row, #summary>)
                }
                None => quote!(crate::Page<#row>),
            }
        }
    }
}

pub(crate) fn uses_map(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Map(_) => true,
        TypeExpr::List(inner) => uses_map(inner),
        _ => false,
    }
}

/// The doc comment of a field: the documented description, then what the generator knows
/// beyond it.
pub(crate) fn field_doc(field: &Field) -> TokenStream {
    // One line: a struct of the API has dozens of fields, and a note reads as well after the
    // description as below it.
    doc(&[field_doc_paragraphs(field).join(" — ")])
}

/// The parts of a field's doc comment: the description (if any), then what the generator knows
/// beyond it.
pub(crate) fn field_doc_paragraphs(field: &Field) -> Vec<String> {
    let mut paragraphs: Vec<String> = Some(field.description.trim().to_string())
        .filter(|d| !d.is_empty())
        .into_iter()
        .collect();
    if field.sensitive {
        paragraphs.push("Arrives encrypted (敏感数据解密): see `Sensitive`.".into());
    }
    if let Some(default) = &field.default {
        paragraphs.push(format!("Documented default: `{default}`."));
    }
    if let Some(note) = &field.note {
        paragraphs.push(format!("Note: {note}"));
    }
    paragraphs
}

pub(crate) fn emit_type(def: &TypeDef, usage: &Usage) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields } if usage.is_multipart(&def.name) => {
            super::uploads::emit_multipart_struct(def, fields)
        }
        TypeKind::Struct { fields } => emit_struct(def, fields, usage),
        TypeKind::Enum { repr, values } => emit_enum(def, *repr, values, usage),
    }
}

/// `Serialize`, for a type that is sent; for one that is only received, only when the
/// `serialize-answers` feature asks for it (most programs never write an answer back).
pub(crate) fn serialize_derive(def: &TypeDef, usage: &Usage) -> (TokenStream, TokenStream) {
    if usage.is_answer_only(&def.name) {
        (
            quote!(),
            quote!(#[cfg_attr(feature = "serialize-answers", derive(serde::Serialize))]),
        )
    } else {
        (quote!(Serialize,), quote!())
    }
}

fn emit_struct(def: &TypeDef, fields: &[Field], usage: &Usage) -> TokenStream {
    let received = usage.is_received(&def.name);
    let name = ident(&def.name);
    let docs = doc(&[def.description.as_str()]);
    let default = if derives_default(fields, received) {
        quote!(Default,)
    } else {
        quote!()
    };
    // An answer's lists and maps may be absent: they take the struct's default, empty.
    let container = if received && fields.iter().any(is_collection) {
        quote!(#[serde(default)])
    } else {
        quote!()
    };
    let constructor = if received {
        quote!()
    } else {
        super::constructor::emit(&name, fields)
    };
    let answer_only = usage.is_answer_only(&def.name);
    let fields = fields
        .iter()
        .map(|f| struct_field(f, received, answer_only));
    let (serialize, optional_serialize) = serialize_derive(def, usage);
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq, #serialize Deserialize)]
        #optional_serialize
        #container
        pub struct #name {
            #(#fields)*
        }

        #constructor
    }
}

fn is_collection(field: &Field) -> bool {
    matches!(field.ty, TypeExpr::List(_) | TypeExpr::Map(_))
}

/// A struct field. In an answer lists and maps are plain (absent, `null` and `""` are empty)
/// and everything else is an `Option`; in a request, required fields are plain. How values are
/// read is the decoder's business (`crate::wire::decode`), by type: no field needs telling.
///
/// An answer-only field says nothing of how it is written: with `serialize-answers`, an unset
/// value is written `null`.
fn struct_field(field: &Field, received: bool, answer_only: bool) -> TokenStream {
    let docs = field_doc(field);
    let name = ident(&field.rust_name);
    let ty = rust_type(&field.ty, field.sensitive);
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if field.rust_name != field.name {
        let wire = &field.name;
        serde_args.push(quote!(rename = #wire));
    }
    // Plain: an answer's lists and maps, a request's required fields.
    let optional = if received {
        !is_collection(field)
    } else {
        !field.required
    };
    if let Some(form) = wire_form(field.wire) {
        serde_args.push(quote!(serialize_with = #form));
    }
    let ty = if answer_only {
        if optional {
            quote!(Option<#ty>)
        } else {
            ty
        }
    } else if received && is_collection(field) {
        let empty = if matches!(field.ty, TypeExpr::List(_)) {
            quote!("Vec::is_empty")
        } else {
            quote!("BTreeMap::is_empty")
        };
        serde_args.push(quote!(skip_serializing_if = #empty));
        ty
    } else if optional {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        quote!(Option<#ty>)
    } else {
        ty
    };
    let attr = if serde_args.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    quote! {
        #docs
        #attr
        pub #name: #ty,
    }
}

/// The serializer of a `wire:` form, if the field has one.
fn wire_form(form: WireForm) -> Option<&'static str> {
    match form {
        WireForm::Native => None,
        WireForm::String => Some("crate::wire::forms::string"),
        WireForm::Number => Some("crate::wire::forms::number"),
        WireForm::NumberString => Some("crate::wire::forms::number_string"),
    }
}

fn emit_enum(def: &TypeDef, repr: EnumRepr, values: &[EnumValue], usage: &Usage) -> TokenStream {
    let name = ident(&def.name);
    let (serialize, optional_serialize) = serialize_derive(def, usage);
    let docs = doc(&[
        def.description.clone(),
        "Open: a value the documentation does not list arrives as `Unknown`, with the value kept."
            .to_string(),
    ]);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.variant);
        let docs = doc(&[if v.description.is_empty() {
            format!("`{}`", v.value)
        } else {
            format!("{} (`{}`)", v.description, v.value)
        }]);
        quote!(#docs #variant,)
    });
    let idents: Vec<Ident> = values.iter().map(|v| ident(&v.variant)).collect();
    // The impls every enumeration has come from one macro of the runtime (`crate::wire`), which
    // reads the values from `VALUES`.
    let count = proc_macro2::Literal::usize_unsuffixed(values.len());
    match repr {
        EnumRepr::String => {
            let wires = values.iter().map(|v| v.value.as_str());
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, #serialize Deserialize)]
                #optional_serialize
                #[serde(from = "String", into = "String")]
                pub enum #name {
                    #(#variants)*
                    /// A value the documentation does not list, as received.
                    Unknown(String),
                }
                impl #name {
                    /// The documented values, each with its variant.
                    pub const VALUES: [(Self, &'static str); #count] = [#((Self::#idents, #wires)),*];
                }
                crate::wire::text_enum!(#name);
            }
        }
        EnumRepr::Integer => {
            let numbers: Vec<proc_macro2::Literal> = values
                .iter()
                .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value.parse().unwrap_or_default()))
                .collect();
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #serialize Deserialize)]
                #optional_serialize
                #[serde(from = "i64", into = "i64")]
                pub enum #name {
                    #(#variants)*
                    /// A value the documentation does not list, as received.
                    Unknown(i64),
                }
                impl #name {
                    /// The documented values, each with its variant.
                    pub const VALUES: [(Self, i64); #count] = [#((Self::#idents, #numbers)),*];
                }
                crate::wire::integer_enum!(#name);
            }
        }
    }
}
