//! The names of the keys one account set uses in a store.

/// Every key starts with `jdy:<client_id>:`, so that applications can share a store.
pub(crate) fn prefix(client_id: &str) -> String {
    format!("jdy:{client_id}:")
}

/// The keys of one account set, made once when its client is made. `account` is the app_key
/// of an account set given with its credentials, or `oi:<outerInstanceId>` for one whose
/// authorisation is pulled.
#[derive(Debug)]
pub(crate) struct Keys {
    pub(crate) token: Box<str>,
    pub(crate) token_lock: Box<str>,
    pub(crate) rate: Box<str>,
}

impl Keys {
    pub(crate) fn new(prefix: &str, account: &str) -> Keys {
        Keys {
            token: format!("{prefix}token:{account}").into(),
            token_lock: format!("{prefix}lock:token:{account}").into(),
            rate: format!("{prefix}rate:{account}").into(),
        }
    }
}

/// The key of a pulled (or pushed and confirmed) authorisation.
pub(crate) fn authorization(prefix: &str, outer_instance_id: &str) -> String {
    format!("{prefix}auth:{outer_instance_id}")
}

/// The key of the gateway's clock offset, shared by every account set of an application.
pub(crate) fn clock(prefix: &str) -> String {
    format!("{prefix}clock")
}

/// The key of a sync checkpoint.
pub(crate) fn checkpoint(prefix: &str, name: &str) -> String {
    format!("{prefix}sync:{name}")
}
