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
//! The endpoints and their types are generated at build time from the YAML spec in the
//! repository's `spec/` folder, one Rust module per API module (`bd`, ...) and resource
//! (`customer`, ...). The runtime beside them signs every call as the gateway expects
//! ([`signing`]), fetches and caches the app-token, and turns every answer into the typed
//! `data` or an [`Error`] that says what happened.

mod app;
mod auth;
mod authorization;
mod call;
mod client;
mod clock;
mod credentials;
pub mod datetime;
pub mod decimal;
mod decode;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paging;
mod pending;
#[cfg(feature = "push")]
pub mod push;
mod rate_limit;
mod retry;
mod secret;
pub mod sensitive;
pub mod signing;
pub mod store;
pub mod sync;
mod token;
mod trace;
mod transport;
mod upload;
pub mod wire;

pub use app::{http_pools_built, App, AppBuilder};
pub use authorization::PullAuthorization;
pub use call::{Call, Envelope, Method};
pub use client::{Client, ClientBuilder};
pub use credentials::{CredentialSource, Credentials, ENV_VARS};
pub use datetime::{Date, DateTime, Timestamp};
pub use decimal::Decimal;
pub use error::{CallName, ErrcodeKind, Error, KnownErrcode};
pub use paging::Page;
pub use pending::{Answered, Pending};
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use sensitive::{DecryptError, Sensitive};
pub use upload::{FileLimits, FileNameRule, Multipart, UploadFile};

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

include!(concat!(env!("OUT_DIR"), "/api.rs"));
