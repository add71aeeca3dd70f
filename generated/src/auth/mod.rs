//! Who calls, and with what right: the credentials of an application and its account sets,
//! secrets that never print, the app-token (requested from the gateway, then cached and shared
//! by every call of the process) and the authorisations pulled from Kingdee.

pub(crate) mod authorization;
pub(crate) mod credentials;
pub(crate) mod secret;
pub(crate) mod token_cache;
pub(crate) mod token_request;
