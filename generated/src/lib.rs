//! A typed, correctly signed client for the 金蝶云星辰 (Kingdee Cloud Xingchen, "jdy") Open API.
//!
// The example calls the 基础资料 module, so it is part of the docs (and a doctest) when that
// module is compiled.
#![cfg_attr(
    feature = "bd",
    doc = r#"
```no_run
# async fn run() -> Result<(), jdy::Error> {
use jdy::bd::customer::CustomerListQuery;
use jdy::shared::SortOrder;

let client = jdy::Client::new(jdy::Credentials::from_env()?)?;
let query = CustomerListQuery {
    search: Some("苹果".into()),
    order_by: Some(SortOrder::NameAsc),
    ..Default::default()
};
let page = client.bd().customer_list(&query).await?;
println!("{} customers", page.count.unwrap_or_default());
# Ok(())
# }
```
"#
)]
//!
//! # Where things are
//!
//! The endpoints and their types are **generated** at build time from the YAML spec in the
//! repository's `spec/` folder: one Rust module per API module (`bd`, `scm`, ...) with one
//! module per resource (`customer`, ...), the value sets shared by several resources
//! ([`shared`]), and the service facts ([`service`]). Nothing generated is in `src/`: it is
//! written to cargo's `OUT_DIR` and included below.
//!
//! The **runtime** they call is written by hand, in layers, each in its own folder of `src/`:
//!
//! | layer | folder | what it does |
//! | --- | --- | --- |
//! | values | `values/` | [`Decimal`], [`Date`]/[`DateTime`]/[`Timestamp`], [`Sensitive`], and the lenient reading of every scalar ([`wire`]) |
//! | signing | `signing/` | the canonical query, the string to sign, `X-Api-Signature` ([`signing`]); the corrected clock |
//! | auth | `auth/` | [`Credentials`], [`Secret`], the app-token (requested, cached, shared), [`PullAuthorization`] |
//! | transport | `transport/` | one [`Call`], signed and sent; [`RetryPolicy`], [`RateLimit`], uploads, tracing |
//! | errors | `errors/` | every answer read into its typed `data` or an [`Error`] |
//! | client | `client/` | [`Client`]: a call from start to end (token, limit, retries), [`Pending`] |
//! | paging | `paging/` | [`Page`], and streams of pages or rows ([`paging`]) |
//! | fleet | `fleet/` | one [`App`] for many account sets, the shared [`store`], [`sync`], `push` |
//! | mock | `mock/` | a mock gateway for tests (feature `mock`) |

mod auth;
mod client;
mod errors;
mod fleet;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paging;
pub mod signing;
mod transport;
mod values;

#[cfg(feature = "push")]
pub use fleet::push;
pub use fleet::{store, sync};
pub use values::{datetime, decimal, sensitive, wire};

pub use auth::authorization::PullAuthorization;
pub use auth::credentials::{CredentialSource, Credentials, ENV_VARS};
pub use auth::secret::Secret;
pub use client::pending::{Answered, Pending};
pub use client::{Client, ClientBuilder};
pub use datetime::{Date, DateTime, Timestamp};
pub use decimal::Decimal;
pub use errors::{CallName, ErrcodeKind, Error, KnownErrcode};
pub use fleet::app::{http_pools_built, App, AppBuilder};
pub use paging::Page;
pub use sensitive::{DecryptError, Sensitive};
pub use transport::call::{Call, Envelope, Method};
pub use transport::rate_limit::RateLimit;
pub use transport::retry::RetryPolicy;
pub use transport::upload::{FileLimits, FileNameRule, Multipart, UploadFile};

/// The service-wide facts of `spec/service.yaml`: base URL, auth scheme, limits, the shared
/// error codes.
pub mod service {
    include!(concat!(env!("OUT_DIR"), "/service.rs"));
}

/// A header every call carries, as documented (see [`service::HEADERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedHeader {
    pub name: &'static str,
    /// The documentation's example value.
    pub example: &'static str,
    /// Only business endpoints carry it (`app-token`, `X-GW-Router-Addr`).
    pub business_only: bool,
}

// The generated modules: one per API module of the spec, and `shared`.
include!(concat!(env!("OUT_DIR"), "/api.rs"));
