//! Personal data the API sends encrypted.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A field the documentation marks 敏感数据解密 (a mobile number, an address, a bank account):
/// the server sends it encrypted, as base64 text. `Debug` never shows its content, so that
/// personal data stays out of logs even once decrypted.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sensitive(String);

impl Sensitive {
    pub fn new(value: impl Into<String>) -> Self {
        Sensitive(value.into())
    }

    /// The value as received (the ciphertext, unless the account set sends it in clear).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl From<String> for Sensitive {
    fn from(value: String) -> Self {
        Sensitive(value)
    }
}
