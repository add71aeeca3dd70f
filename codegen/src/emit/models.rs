//! Structs and open enumerations from the `types:` of a resource.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::text::doc;
use crate::spec::{
    BodyFormat, EnumRepr, EnumValue, Field, Resource, TypeDef, TypeExpr, TypeKind, WireForm,
};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Which types are sent (reachable from a body) and which are received (reachable from an
/// answer). A type that is only ever sent keeps its required fields non-optional; anything
/// received is lenient about what the server leaves out.
pub(crate) struct Usage {
    received: BTreeSet<String>,
    /// The structs sent as multipart bodies (the loader checked they are used nowhere else).
    multipart: BTreeSet<String>,
}

impl Usage {
    pub(crate) fn of(resource: &Resource) -> Self {
        let mut received = BTreeSet::new();
        let mut multipart = BTreeSet::new();
        for endpoint in &resource.endpoints {
            if let Some(name) = endpoint.response.as_ref().and_then(TypeExpr::named) {
                reach(resource, name, &mut received);
            }
            if let (Some(body), BodyFormat::Multipart) = (&endpoint.body, endpoint.body_format) {
                multipart.insert(body.clone());
            }
        }
        Usage {
            received,
            multipart,
        }
    }

    pub(crate) fn is_received(&self, name: &str) -> bool {
        self.received.contains(name)
    }

    pub(crate) fn is_multipart(&self, name: &str) -> bool {
        self.multipart.contains(name)
    }
}

fn reach(resource: &Resource, name: &str, seen: &mut BTreeSet<String>) {
    if !seen.insert(name.to_string()) {
        return;
    }
    if let Some(TypeDef {
        kind: TypeKind::Struct { fields },
        ..
    }) = resource.type_named(name)
    {
        for field in fields {
            if let Some(inner) = field.ty.named() {
                reach(resource, inner, seen);
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
    doc(&field_doc_paragraphs(field))
}

/// The paragraphs of a field's doc comment.
pub(crate) fn field_doc_paragraphs(field: &Field) -> Vec<String> {
    let mut paragraphs = vec![field.description.clone()];
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
        TypeKind::Enum { repr, values } => emit_enum(def, *repr, values),
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
    let fields = fields.iter().map(|f| struct_field(f, received));
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
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
fn struct_field(field: &Field, received: bool) -> TokenStream {
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
    let ty = if received && is_collection(field) {
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

fn emit_enum(def: &TypeDef, repr: EnumRepr, values: &[EnumValue]) -> TokenStream {
    let name = ident(&def.name);
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
    match repr {
        EnumRepr::String => {
            let wires = values.iter().map(|v| v.value.as_str());
            let wires2 = wires.clone();
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #[serde(from = "String", into = "String")]
                pub enum #name {
                    #(#variants)*
                    /// A value the documentation does not list, as received.
                    Unknown(String),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#idents => #wires,)*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl From<String> for #name {
                    fn from(value: String) -> Self {
                        match value.as_str() {
                            #(#wires2 => Self::#idents,)*
                            _ => Self::Unknown(value),
                        }
                    }
                }

                impl From<#name> for String {
                    fn from(value: #name) -> Self {
                        match value {
                            #name::Unknown(value) => value,
                            known => known.as_str().to_owned(),
                        }
                    }
                }

                impl crate::wire::QueryValue for #name {
                    fn to_query_value(&self) -> String {
                        self.as_str().to_owned()
                    }
                }
            }
        }
        EnumRepr::Integer => {
            let numbers: Vec<proc_macro2::Literal> = values
                .iter()
                .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value.parse().unwrap_or_default()))
                .collect();
            // Negative literals print as `-1` and match as patterns.
            let numbers2 = numbers.clone();
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
                #[serde(from = "i64", into = "i64")]
                pub enum #name {
                    #(#variants)*
                    /// A value the documentation does not list, as received.
                    Unknown(i64),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #(Self::#idents => #numbers,)*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#numbers2 => Self::#idents,)*
                            _ => Self::Unknown(value),
                        }
                    }
                }

                impl From<#name> for i64 {
                    fn from(value: #name) -> Self {
                        value.value()
                    }
                }

                impl crate::wire::QueryValue for #name {
                    fn to_query_value(&self) -> String {
                        self.value().to_string()
                    }
                }
            }
        }
    }
}
