//! Uploads: the struct of a multipart body (its fields are files and text, sent as the parts of
//! a `multipart/form-data` body, never as JSON), how an endpoint method sends its body, and the
//! answer envelope it reads.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::models::{derives_default, field_doc_paragraphs, ident};
use super::text::doc;
use crate::spec::{BodyFormat, Endpoint, EnvelopeKind, Field, FileNameRule, TypeDef, TypeExpr};

/// The call of an endpoint method with its body: JSON, or the multipart parts of the body
/// struct.
pub(crate) fn with_body(endpoint: &Endpoint, call: TokenStream) -> TokenStream {
    match endpoint.body_format {
        BodyFormat::Json => quote!(#call.json(body)),
        BodyFormat::Multipart => quote!(#call.multipart(body.to_multipart())),
    }
}

/// The call of an endpoint method, told which envelope its answer has when it is not the usual
/// one.
pub(crate) fn with_envelope(endpoint: &Endpoint, call: TokenStream) -> TokenStream {
    match endpoint.envelope {
        EnvelopeKind::Standard => call,
        EnvelopeKind::Upload => quote!(#call.envelope(crate::Envelope::Upload)),
    }
}

/// The runtime's `jdy::Envelope` of an endpoint's answer.
pub(crate) fn runtime_envelope(envelope: EnvelopeKind) -> TokenStream {
    match envelope {
        EnvelopeKind::Standard => quote!(crate::Envelope::Standard),
        EnvelopeKind::Upload => quote!(crate::Envelope::Upload),
    }
}

/// What an endpoint method's documentation says about an upload, after the address line.
pub(crate) fn method_doc_lines(endpoint: &Endpoint) -> Vec<String> {
    let mut lines = Vec::new();
    if endpoint.body_format == BodyFormat::Multipart {
        lines.push(String::new());
        lines.push(
            "Sends the body as `multipart/form-data`; a file that breaks a documented limit is refused before anything is sent."
                .to_string(),
        );
    }
    if endpoint.envelope == EnvelopeKind::Upload {
        lines.push(String::new());
        lines.push(
            "The answer has the upload envelope (`errorCode`, `success`, `message`, `data`)."
                .to_string(),
        );
    }
    lines
}

/// A struct sent as a multipart body: plain fields (no serde), and `to_multipart`, which makes
/// one part of each field in the documented order.
pub(crate) fn emit_multipart_struct(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(&[
        def.description.clone(),
        "Sent as `multipart/form-data` (see `to_multipart`).".to_string(),
    ]);
    let default = if derives_default(fields, false) {
        quote!(Default,)
    } else {
        quote!()
    };
    let members = fields
        .iter()
        .map(|field| super::endpoints::request_field(field, multipart_field_doc(field)));
    let parts = fields.iter().map(|field| {
        let wire = &field.name;
        let name = ident(&field.rust_name);
        match (&field.ty, field.required) {
            (TypeExpr::File, true) => {
                let limits = limits(field);
                quote!(.file(#wire, &self.#name, #limits))
            }
            (TypeExpr::File, false) => {
                let limits = limits(field);
                quote!(.file_opt(#wire, self.#name.as_ref(), #limits))
            }
            (_, true) => quote!(.text(#wire, &self.#name)),
            (_, false) => quote!(.text_opt(#wire, self.#name.as_ref())),
        }
    });
    let unset = if fields.iter().all(|f| f.required) {
        ""
    } else {
        " (unset ones are left out)"
    };
    let constructor = super::constructor::emit(&name, fields);
    let method_doc = doc(&[format!(
        "The body's parts, in the documented order{unset}. A file that breaks a documented limit makes the call fail before it is sent."
    )]);
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq)]
        pub struct #name {
            #(#members)*
        }

        #constructor

        impl #name {
            #method_doc
            pub fn to_multipart(&self) -> crate::Multipart {
                crate::Multipart::new()
                    #(#parts)*
            }
        }
    }
}

/// A field's documentation, and for a file the limits the SDK checks.
fn multipart_field_doc(field: &Field) -> TokenStream {
    let mut paragraphs = field_doc_paragraphs(field);
    let mut rules = Vec::new();
    if let Some(max) = field.max_bytes {
        rules.push(format!("at most {}", size_text(max)));
    }
    if field.file_name == FileNameRule::AlphanumericWithExtension {
        rules.push("named with ASCII letters and digits and an extension (`111.txt`)".to_string());
    }
    if !rules.is_empty() {
        paragraphs.push(format!(
            "The file must be {}: checked before the call is sent.",
            rules.join(", and ")
        ));
    }
    doc(&paragraphs)
}

/// `5 MiB (5242880 bytes)`, `300 KiB (307200 bytes)`, or `1000 bytes`.
fn size_text(bytes: u64) -> String {
    if bytes % (1024 * 1024) == 0 {
        format!("{} MiB ({bytes} bytes)", bytes / (1024 * 1024))
    } else if bytes % 1024 == 0 {
        format!("{} KiB ({bytes} bytes)", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// The runtime's `FileLimits` of a file field, with the size written as the documentation
/// means it (`5 * 1024 * 1024`).
fn limits(field: &Field) -> TokenStream {
    if field.max_bytes.is_none() && field.file_name == FileNameRule::Any {
        return quote!(crate::FileLimits::NONE);
    }
    let max_bytes = match field.max_bytes {
        Some(bytes) => {
            let size = if bytes % (1024 * 1024) == 0 {
                let n = Literal::u64_unsuffixed(bytes / (1024 * 1024));
                quote!(#n * 1024 * 1024)
            } else if bytes % 1024 == 0 {
                let n = Literal::u64_unsuffixed(bytes / 1024);
                quote!(#n * 1024)
            } else {
                let n = Literal::u64_unsuffixed(bytes);
                quote!(#n)
            };
            quote!(Some(#size))
        }
        None => quote!(None),
    };
    let file_name = match field.file_name {
        FileNameRule::Any => quote!(crate::FileNameRule::Any),
        FileNameRule::AlphanumericWithExtension => {
            quote!(crate::FileNameRule::AlphanumericWithExtension)
        }
    };
    quote! {
        crate::FileLimits {
            max_bytes: #max_bytes,
            file_name: #file_name,
        }
    }
}
