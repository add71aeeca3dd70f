//! The service-wide constants: base URL, auth scheme, limits and the table of known codes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::text::doc;
use crate::spec::{ErrorKind, Service};

pub(crate) fn emit(service: &Service) -> TokenStream {
    let title = &service.title;
    let base_url = &service.base_url;
    let doc_url = &service.doc;
    let version = &service.auth.version;
    let sign_headers = &service.auth.sign_headers;
    let token_path = &service.auth.token.path;
    let authorize_path = &service.auth.authorize.path;
    let token_lifetime =
        Literal::u64_unsuffixed(service.auth.token.lifetime_seconds.unwrap_or(86_400));
    let limits = &service.limits;
    let [per_minute, rows_query, rows_save, timeout, page_default, page_max, url_max] = [
        limits.calls_per_minute,
        limits.max_rows_per_query,
        limits.max_rows_per_save,
        limits.timeout_seconds,
        limits.page_size_default,
        limits.page_size_max,
        limits.max_url_length,
    ]
    .map(Literal::u64_unsuffixed);
    let success = Literal::i64_unsuffixed(service.envelope.success);
    let codes = service.errors.iter().map(|e| {
        let code = Literal::i64_unsuffixed(e.code);
        let kind = match e.kind {
            ErrorKind::Gateway => quote!(crate::ErrcodeKind::Gateway),
            ErrorKind::Business => quote!(crate::ErrcodeKind::Business),
        };
        let description = &e.description;
        let description_cn = match &e.description_cn {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        quote! {
            crate::KnownErrcode {
                code: #code,
                kind: #kind,
                description: #description,
                description_cn: #description_cn,
            },
        }
    });
    let headers = service.headers.iter().map(|h| {
        let name = &h.name;
        let example = &h.value;
        let business_only = h.business_only;
        quote! {
            crate::DocumentedHeader {
                name: #name,
                example: #example,
                business_only: #business_only,
            },
        }
    });
    let title_doc = doc(&[format!("{title}: the name of the API this crate calls.")]);
    let headers_doc = doc(&[format!(
        "The headers of every call, as documented:\n\n{}",
        service
            .headers
            .iter()
            .map(|h| format!(
                "- `{}` (e.g. `{}`){}: {}",
                h.name,
                h.value,
                if h.business_only {
                    ", business endpoints only"
                } else {
                    ""
                },
                h.description
            ))
            .collect::<Vec<_>>()
            .join("\n")
    )]);
    quote! {
        #title_doc
        pub const TITLE: &str = #title;

        /// Where every call goes, whatever the account set's data centre.
        pub const BASE_URL: &str = #base_url;

        /// The documentation's address.
        pub const DOC_URL: &str = #doc_url;

        /// The value of `X-Api-Auth-Version`.
        pub const AUTH_VERSION: &str = #version;

        /// The value of `X-Api-SignHeaders`: the headers that are signed.
        pub const SIGN_HEADERS: &str = #sign_headers;

        #headers_doc
        pub const HEADERS: &[crate::DocumentedHeader] = &[
            #(#headers)*
        ];

        /// The path of the endpoint that issues an app-token.
        pub const TOKEN_PATH: &str = #token_path;

        /// How long an app-token lives, in seconds.
        pub const TOKEN_LIFETIME_SECONDS: u64 = #token_lifetime;

        /// The path of the endpoint that hands out an account set's app_key, app_secret and domain.
        pub const AUTHORIZE_PATH: &str = #authorize_path;

        /// The `errcode` of a successful answer.
        pub const SUCCESS: i64 = #success;

        /// The documented limits.
        pub mod limits {
            /// Calls per minute per account set.
            pub const CALLS_PER_MINUTE: u64 = #per_minute;
            /// Rows one query may return, entries included.
            pub const MAX_ROWS_PER_QUERY: u64 = #rows_query;
            /// Rows one save may send.
            pub const MAX_ROWS_PER_SAVE: u64 = #rows_save;
            /// The longest a call may take on the server, in seconds.
            pub const TIMEOUT_SECONDS: u64 = #timeout;
            /// The page size when none is asked for.
            pub const PAGE_SIZE_DEFAULT: u64 = #page_default;
            /// The largest page size a page states.
            pub const PAGE_SIZE_MAX: u64 = #page_max;
            /// The longest GET URL, in characters.
            pub const MAX_URL_LENGTH: u64 = #url_max;
        }

        /// The documented error codes shared by every endpoint.
        pub const ERRCODES: &[crate::KnownErrcode] = &[
            #(#codes)*
        ];
    }
}
