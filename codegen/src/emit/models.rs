//! Structs and open enumerations from the `types:` of a resource.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::text::doc;
use crate::spec::{BodyFormat, EnumRepr, EnumValue, Field, Resource, TypeDef, TypeExpr, TypeKind};

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

/// Whether a type can derive `Default`: enumerations cannot (no value is a sensible default),
/// so neither can a struct that holds one outside an `Option`, `Vec` or map.
pub(crate) struct Defaults<'a> {
    resource: &'a Resource,
    usage: &'a Usage,
    memo: BTreeMap<String, bool>,
}

impl<'a> Defaults<'a> {
    pub(crate) fn new(resource: &'a Resource, usage: &'a Usage) -> Self {
        Defaults {
            resource,
            usage,
            memo: BTreeMap::new(),
        }
    }

    pub(crate) fn fields_default(&mut self, fields: &[Field], received: bool) -> bool {
        fields
            .iter()
            .all(|f| !is_plain(f, received) || self.type_default(&f.ty))
    }

    fn type_default(&mut self, ty: &TypeExpr) -> bool {
        match ty {
            TypeExpr::Named(name) => self.named_default(name),
            // No file is a sensible default.
            TypeExpr::File => false,
            _ => true,
        }
    }

    fn named_default(&mut self, name: &str) -> bool {
        if let Some(known) = self.memo.get(name) {
            return *known;
        }
        // Assume yes while looking, so that a recursive type does not loop.
        self.memo.insert(name.to_string(), true);
        let result = match self.resource.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields }) => {
                let received = self.usage.is_received(name);
                self.fields_default(fields, received)
            }
            _ => false,
        };
        self.memo.insert(name.to_string(), result);
        result
    }
}

/// A field is held without an `Option` when it is required and only ever sent, or when it is
/// a list or map in an answer (absent and empty mean the same there).
fn is_plain(field: &Field, received: bool) -> bool {
    if received {
        matches!(field.ty, TypeExpr::List(_) | TypeExpr::Map(_))
    } else {
        field.required
    }
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

pub(crate) fn emit_type(def: &TypeDef, usage: &Usage, defaults: &mut Defaults<'_>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields } if usage.is_multipart(&def.name) => {
            super::uploads::emit_multipart_struct(def, fields, defaults)
        }
        TypeKind::Struct { fields } => emit_struct(def, fields, usage, defaults),
        TypeKind::Enum { repr, values } => emit_enum(def, *repr, values),
    }
}

fn emit_struct(
    def: &TypeDef,
    fields: &[Field],
    usage: &Usage,
    defaults: &mut Defaults<'_>,
) -> TokenStream {
    let received = usage.is_received(&def.name);
    let name = ident(&def.name);
    let docs = doc(&[def.description.as_str()]);
    let default = if defaults.fields_default(fields, received) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = fields.iter().map(|f| struct_field(f, received));
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn struct_field(field: &Field, received: bool) -> TokenStream {
    let docs = field_doc(field);
    let name = ident(&field.rust_name);
    let ty = rust_type(&field.ty, field.sensitive);
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if field.rust_name != field.name {
        let wire = &field.name;
        serde_args.push(quote!(rename = #wire));
    }
    let (ty, serde_args) = if received && matches!(field.ty, TypeExpr::List(_) | TypeExpr::Map(_)) {
        // Lists and maps in answers: absent or null arrive as empty.
        serde_args.push(quote!(default));
        serde_args.push(quote!(deserialize_with = "crate::wire::null_as_default"));
        let empty = if matches!(field.ty, TypeExpr::List(_)) {
            quote!("Vec::is_empty")
        } else {
            quote!("BTreeMap::is_empty")
        };
        serde_args.push(quote!(skip_serializing_if = #empty));
        (ty, serde_args)
    } else if received || !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        (quote!(Option<#ty>), serde_args)
    } else {
        (ty, serde_args)
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

                impl crate::wire::Lenient for #name {
                    fn from_loose(value: crate::wire::Loose) -> Result<Self, String> {
                        <String as crate::wire::Lenient>::from_loose(value).map(Self::from)
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

                impl crate::wire::Lenient for #name {
                    fn from_loose(value: crate::wire::Loose) -> Result<Self, String> {
                        <i64 as crate::wire::Lenient>::from_loose(value).map(Self::from)
                    }
                }
            }
        }
    }
}
