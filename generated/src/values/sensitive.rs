//! Personal data the API sends encrypted (敏感数据解密).
//!
//! Some fields of the answers hold personal data: a mobile number, a landline, an e-mail, an
//! address, a bank account. The documentation marks them 敏感数据解密, and the server sends
//! them encrypted: base64 text of AES-256-CBC with PKCS#7 padding, whose key is the
//! application's `client_secret` (its 32 characters, as bytes) and whose IV is a fixed value.
//! Such fields are [`Sensitive`] in the generated types.
//!
//! A [`Sensitive`] holds either the value as received (normally the ciphertext, but an account
//! set may send some fields in clear) or the decrypted value; [`Sensitive::is_decrypted`] says
//! which, [`Sensitive::expose`] gives the text held. Its `Debug` never shows the text, in
//! either state, so that a `{:?}` of a whole answer keeps personal data out of logs.
//!
//! There are two ways to read the plaintext:
//!
//! - decrypt on arrival: build the client with
//!   [`ClientBuilder::decrypt_sensitive(true)`](crate::ClientBuilder::decrypt_sensitive), and
//!   every `Sensitive` of every answer arrives decrypted. A value that does not decrypt (one
//!   sent in clear) is kept as received rather than failing the call, so nothing is lost;
//! - decrypt on demand: [`Client::decrypt`](crate::Client::decrypt) (or
//!   [`Sensitive::decrypt`] with the `client_secret`) on the fields you need, which also keeps
//!   the plaintext out of memory for the fields you don't.
//!
#![cfg_attr(
    feature = "bd",
    doc = r#"
```no_run
# async fn run() -> Result<(), jdy::Error> {
use jdy::bd::customer::CustomerDetailQuery;

let client = jdy::Client::builder(jdy::Credentials::from_env()?)
    .decrypt_sensitive(true)
    .build()?;
let query = CustomerDetailQuery { number: Some("CUST-001".into()), ..Default::default() };
let detail = client.bd().customer_detail(&query).await?;
for contact in &detail.bomentity {
    if let Some(mobile) = &contact.mobile {
        // `is_decrypted()` is false if the account set sent this one in clear.
        println!("{} (decrypted: {})", mobile.expose(), mobile.is_decrypted());
    }
}
# Ok(())
# }
```
"#
)]
//!
//! Serializing a `Sensitive` writes the text held, as it is (a save request sends what you
//! put in it). [`Sensitive::encrypt`] does what the server does, to build answers for tests
//! and mocks:
//!
//! ```
//! use jdy::{Secret, Sensitive};
//!
//! // The example of the documentation.
//! let client_secret = Secret::from("75eb3c7cd5974c3018d6934e142b5f81");
//! let received = Sensitive::new("bsiV0ZrykeIH/5ZZ65lX5A==");
//! let mobile = received.decrypt(&client_secret)?;
//! assert!(mobile.is_decrypted());
//! assert_eq!(mobile.expose(), "18599999999");
//! assert_eq!(format!("{mobile:?}"), "Sensitive(decrypted, ***)");
//!
//! let encrypted = Sensitive::encrypt("18599999999", &client_secret)?;
//! assert_eq!(encrypted, received);
//! # Ok::<(), jdy::DecryptError>(())
//! ```

use std::cell::Cell;
use std::fmt;

use aes::Aes256;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Secret;

/// The length of an AES-256 key, which the `client_secret` must have.
const KEY_BYTES: usize = 32;

/// The IV of every encrypted field, fixed by the server (documented).
const IV: &[u8; 16] = b"5e8y6w45ju8w9jq8";

type Key = [u8; KEY_BYTES];

/// A field the documentation marks 敏感数据解密 (a mobile number, an address, a bank account):
/// the server sends it encrypted, as base64 text. See the [module documentation](self).
///
/// It holds either the value as received or, once decrypted, the plaintext
/// ([`is_decrypted`](Self::is_decrypted)). `Debug` never shows its content, in either state,
/// so that personal data stays out of logs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sensitive {
    value: String,
    decrypted: bool,
}

impl Sensitive {
    /// A value as received, not decrypted (normally a ciphertext).
    pub fn new(value: impl Into<String>) -> Self {
        Sensitive {
            value: value.into(),
            decrypted: false,
        }
    }

    /// The text held: the plaintext once decrypted, otherwise the value as received (the
    /// ciphertext, unless the account set sends it in clear). Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// The text held, as [`expose`](Self::expose) gives it.
    pub fn into_inner(self) -> String {
        self.value
    }

    /// Whether this holds a decrypted value rather than the value as received.
    pub fn is_decrypted(&self) -> bool {
        self.decrypted
    }

    /// Decrypts the value as received with the application's `client_secret` (or use
    /// [`Client::decrypt`](crate::Client::decrypt)). A value already decrypted is returned as
    /// it is, so this can be called whether or not the client decrypts on arrival.
    ///
    /// Fails on a `client_secret` that is not 32 bytes long, and on a value that is not a
    /// ciphertext of this key: sent in clear, or encrypted with another application's key.
    pub fn decrypt(&self, client_secret: &Secret) -> Result<Sensitive, DecryptError> {
        if self.decrypted {
            return Ok(self.clone());
        }
        open(&key(client_secret)?, &self.value).map(Sensitive::decrypted)
    }

    /// Encrypts `plaintext` as the server does, with the application's `client_secret`: the
    /// result holds the base64 text an answer would carry (not decrypted). Meant for tests
    /// and mocks that serve answers as the real API does.
    ///
    /// Fails only on a `client_secret` that is not 32 bytes long
    /// ([`DecryptError::KeyLength`]).
    pub fn encrypt(plaintext: &str, client_secret: &Secret) -> Result<Sensitive, DecryptError> {
        Ok(Sensitive::new(seal(
            &key(client_secret)?,
            plaintext.as_bytes(),
        )))
    }

    fn decrypted(value: String) -> Self {
        Sensitive {
            value,
            decrypted: true,
        }
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The state is not personal data, and tells "not decrypted yet" from "decrypted".
        f.write_str(if self.decrypted {
            "Sensitive(decrypted, ***)"
        } else {
            "Sensitive(***)"
        })
    }
}

impl From<String> for Sensitive {
    /// A value as received, like [`Sensitive::new`].
    fn from(value: String) -> Self {
        Sensitive::new(value)
    }
}

impl Serialize for Sensitive {
    /// The text held, as it is: a save request sends what was put in it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl<'de> Deserialize<'de> for Sensitive {
    /// A string, as received; decrypted when it can be if the client decrypts on arrival
    /// ([`ClientBuilder::decrypt_sensitive`](crate::ClientBuilder::decrypt_sensitive)).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let received = String::deserialize(deserializer)?;
        let Some(key) = SCOPE_KEY.with(Cell::get) else {
            return Ok(Sensitive::new(received));
        };
        // A value that does not decrypt is kept as received: the account set may send the
        // field in clear, and failing the whole answer for it would lose the rest.
        Ok(match open(&key, &received) {
            Ok(plaintext) => Sensitive::decrypted(plaintext),
            Err(_) => Sensitive::new(received),
        })
    }
}

/// Why a value could not be decrypted (or encrypted). The messages never quote the key, the
/// value or what it decrypted to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecryptError {
    /// The `client_secret` is not 32 bytes long, so it is not an AES-256 key.
    #[error("the client_secret is {bytes} bytes long, but 敏感数据解密 needs one of exactly 32 bytes (the AES-256 key)")]
    KeyLength { bytes: usize },
    /// The value is not base64 text, so not a ciphertext (it may have been sent in clear).
    #[error("the value is not base64 text, so not an encrypted value (it may be sent in clear)")]
    NotBase64,
    /// The value does not decrypt to a validly padded plaintext: the key is not the one it was
    /// encrypted with, or the value is not a ciphertext.
    #[error("the value does not decrypt with this client_secret (bad padding): wrong key, or not an encrypted value")]
    BadPadding,
    /// The value decrypts to bytes that are not UTF-8 text: most likely the wrong key.
    #[error(
        "the value decrypts to bytes that are not UTF-8 text: wrong key, or not an encrypted value"
    )]
    NotUtf8,
}

/// The AES-256 key: the `client_secret`'s bytes, which must be exactly 32.
fn key(client_secret: &Secret) -> Result<Key, DecryptError> {
    let bytes = client_secret.expose().as_bytes();
    Key::try_from(bytes).map_err(|_| DecryptError::KeyLength { bytes: bytes.len() })
}

/// Base64 of the AES-256-CBC/PKCS#7 ciphertext of `plaintext`.
fn seal(key: &Key, plaintext: &[u8]) -> String {
    let ciphertext = cbc::Encryptor::<Aes256>::new(key.into(), IV.into())
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    STANDARD.encode(ciphertext)
}

/// The plaintext of a base64 AES-256-CBC/PKCS#7 ciphertext.
fn open(key: &Key, text: &str) -> Result<String, DecryptError> {
    // Some Java base64 encoders break long output into lines; whitespace is never part of a
    // ciphertext, so it is dropped rather than refused.
    let compact: String;
    let text = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        compact = text.split_ascii_whitespace().collect();
        &compact
    } else {
        text
    };
    let mut bytes = STANDARD.decode(text).map_err(|_| DecryptError::NotBase64)?;
    // Decrypted in place: the padding check also refuses a length that is not whole blocks.
    let plaintext_len = cbc::Decryptor::<Aes256>::new(key.into(), IV.into())
        .decrypt_padded_mut::<Pkcs7>(&mut bytes)
        .map_err(|_| DecryptError::BadPadding)?
        .len();
    bytes.truncate(plaintext_len);
    String::from_utf8(bytes).map_err(|_| DecryptError::NotUtf8)
}

thread_local! {
    /// The key with which a `Sensitive` deserialized on this thread decrypts itself, set by
    /// [`decrypting`]. Deserializing is synchronous, so a call's answer is decoded entirely on
    /// one thread within the scope, and no other call's decoding can run inside it.
    static SCOPE_KEY: Cell<Option<Key>> = const { Cell::new(None) };
}

/// Runs `f` with every [`Sensitive`] deserialized on this thread decrypting itself with `key`
/// (with `None`, none does, even inside an outer scope). The previous setting is restored when
/// `f` returns or unwinds, so scopes nest.
///
/// A key that is not 32 bytes long decrypts nothing (every value would fail and be kept as
/// received anyway).
pub(crate) fn decrypting<R>(key: Option<&Secret>, f: impl FnOnce() -> R) -> R {
    /// Puts the previous key back on drop, which also runs when `f` panics.
    struct Restore(Option<Key>);
    impl Drop for Restore {
        fn drop(&mut self) {
            // `try_with`: during thread teardown there is nothing left to restore.
            let _ = SCOPE_KEY.try_with(|current| current.set(self.0));
        }
    }
    let key = key.and_then(|secret| self::key(secret).ok());
    let _restore = Restore(SCOPE_KEY.with(|current| current.replace(key)));
    f()
}

/// Checks that a `client_secret` can decrypt (it is 32 bytes long), for a client that is
/// asked to decrypt on arrival.
pub(crate) fn check_key(client_secret: &Secret) -> Result<(), DecryptError> {
    key(client_secret).map(|_| ())
}

#[cfg(test)]
mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use super::*;

    /// The documentation's example.
    const DOC_KEY: &str = "75eb3c7cd5974c3018d6934e142b5f81";
    const DOC_CIPHERTEXT: &str = "bsiV0ZrykeIH/5ZZ65lX5A==";
    const DOC_PLAINTEXT: &str = "18599999999";
    const OTHER_KEY: &str = "0123456789abcdef0123456789abcdef";

    fn doc_key() -> Secret {
        Secret::from(DOC_KEY)
    }

    /// Deserializes a JSON string as a `Sensitive`, as the decoding of an answer does.
    fn from_json(text: &str) -> Sensitive {
        serde_json::from_value(serde_json::Value::String(text.into())).expect("a string")
    }

    /// Whether a `Sensitive` deserialized here, now, decrypts the documented example.
    fn decrypts_here() -> bool {
        from_json(DOC_CIPHERTEXT).is_decrypted()
    }

    #[test]
    fn the_documented_example_decrypts() {
        let decrypted = Sensitive::new(DOC_CIPHERTEXT)
            .decrypt(&doc_key())
            .expect("decrypts");
        assert!(decrypted.is_decrypted());
        assert_eq!(decrypted.expose(), DOC_PLAINTEXT);
    }

    #[test]
    fn encrypting_gives_the_documented_ciphertext() {
        let encrypted = Sensitive::encrypt(DOC_PLAINTEXT, &doc_key()).expect("encrypts");
        assert!(!encrypted.is_decrypted());
        assert_eq!(encrypted.expose(), DOC_CIPHERTEXT);
    }

    #[test]
    fn encrypt_then_decrypt_round_trips() {
        let texts = [
            String::new(),
            "1".into(),
            "a".repeat(15),
            "b".repeat(16),
            "c".repeat(17),
            "d".repeat(32),
            "e".repeat(33),
            "深圳市南山区科技园科苑路15号".into(),
            "张三 zhangsan@example.com 😀".into(),
        ];
        for key in [doc_key(), Secret::from(OTHER_KEY)] {
            for text in &texts {
                let encrypted = Sensitive::encrypt(text, &key).expect("encrypts");
                // PKCS#7 always adds 1..=16 bytes, so the ciphertext is whole blocks and
                // longer than the plaintext.
                let blocks = text.len() / 16 + 1;
                let raw = STANDARD.decode(encrypted.expose()).expect("base64");
                assert_eq!(raw.len(), blocks * 16, "{text:?}");
                assert_ne!(encrypted.expose(), text.as_str());
                let decrypted = encrypted.decrypt(&key).expect("decrypts");
                assert!(decrypted.is_decrypted());
                assert_eq!(decrypted.expose(), text.as_str());
            }
        }
    }

    #[test]
    fn the_key_changes_the_ciphertext() {
        let a = Sensitive::encrypt(DOC_PLAINTEXT, &doc_key()).expect("encrypts");
        let b = Sensitive::encrypt(DOC_PLAINTEXT, &Secret::from(OTHER_KEY)).expect("encrypts");
        assert_ne!(a, b);
    }

    #[test]
    fn a_wrong_key_is_an_error() {
        let err = Sensitive::new(DOC_CIPHERTEXT)
            .decrypt(&Secret::from(OTHER_KEY))
            .expect_err("wrong key");
        assert!(
            matches!(err, DecryptError::BadPadding | DecryptError::NotUtf8),
            "{err:?}"
        );
        // Longer values, several keys: none decrypts.
        let encrypted = Sensitive::encrypt(&"深圳".repeat(20), &doc_key()).expect("encrypts");
        for wrong in [
            OTHER_KEY,
            "75eb3c7cd5974c3018d6934e142b5f80",
            &"x".repeat(32),
        ] {
            assert!(encrypted.decrypt(&Secret::from(wrong)).is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_key_of_the_wrong_length_is_an_error_naming_the_length_only() {
        for key in ["", "short", &DOC_KEY[..31], &format!("{DOC_KEY}0"), "密钥"] {
            let expected = DecryptError::KeyLength { bytes: key.len() };
            let secret = Secret::from(key);
            assert_eq!(
                Sensitive::new(DOC_CIPHERTEXT).decrypt(&secret),
                Err(expected.clone())
            );
            assert_eq!(Sensitive::encrypt("x", &secret), Err(expected.clone()));
            let message = expected.to_string();
            assert!(
                message.contains(&format!("is {} bytes long", key.len())),
                "{message}"
            );
            if !key.is_empty() {
                assert!(!message.contains(key), "{message}");
            }
        }
    }

    #[test]
    fn a_value_that_is_not_base64_is_an_error() {
        for text in [
            DOC_PLAINTEXT,
            "not base64!",
            "深圳市",
            "bsiV0ZrykeIH/5ZZ65lX5A=",
        ] {
            assert_eq!(
                Sensitive::new(text).decrypt(&doc_key()),
                Err(DecryptError::NotBase64),
                "{text}"
            );
        }
    }

    #[test]
    fn base64_that_is_not_whole_blocks_is_a_padding_error() {
        // "YWJj" is base64 of 3 bytes; "" of none.
        for text in ["YWJj", ""] {
            assert_eq!(
                Sensitive::new(text).decrypt(&doc_key()),
                Err(DecryptError::BadPadding),
                "{text:?}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error() {
        let key = key(&doc_key()).expect("32 bytes");
        let ciphertext = seal(&key, &[0xff, 0xfe, 0x41]);
        assert_eq!(
            Sensitive::new(ciphertext).decrypt(&doc_key()),
            Err(DecryptError::NotUtf8)
        );
    }

    #[test]
    fn a_ciphertext_broken_into_lines_still_decrypts() {
        let key = doc_key();
        let text = "广东省深圳市南山区科技园科苑路15号科兴科学园A栋";
        let encrypted = Sensitive::encrypt(text, &key).expect("encrypts");
        let (a, b) = encrypted.expose().split_at(20);
        let wrapped = Sensitive::new(format!("{a}\r\n{b}\n"));
        assert_eq!(wrapped.decrypt(&key).expect("decrypts").expose(), text);
    }

    #[test]
    fn decrypting_a_decrypted_value_gives_it_back() {
        let decrypted = Sensitive::new(DOC_CIPHERTEXT)
            .decrypt(&doc_key())
            .expect("decrypts");
        assert_eq!(decrypted.decrypt(&doc_key()), Ok(decrypted.clone()));
        assert_eq!(
            decrypted.decrypt(&Secret::from(OTHER_KEY)),
            Ok(decrypted.clone())
        );
    }

    #[test]
    fn debug_shows_no_content_in_either_state() {
        let encrypted = Sensitive::encrypt(DOC_PLAINTEXT, &doc_key()).expect("encrypts");
        let decrypted = encrypted.decrypt(&doc_key()).expect("decrypts");
        let clear = Sensitive::new("深圳市南山区");
        assert_eq!(format!("{encrypted:?}"), "Sensitive(***)");
        assert_eq!(format!("{decrypted:?}"), "Sensitive(decrypted, ***)");
        assert_eq!(format!("{clear:?}"), "Sensitive(***)");
        let all = format!("{:#?}", (Some(&encrypted), [&decrypted, &clear]));
        for content in [DOC_PLAINTEXT, DOC_CIPHERTEXT, "bsiV", "1859", "深圳"] {
            assert!(!all.contains(content), "{content} in {all}");
        }
    }

    #[test]
    fn error_messages_quote_no_key_value_or_plaintext() {
        let wrong_key = Secret::from(OTHER_KEY);
        let short_key = Secret::from("75eb3c7cd5974c30");
        let utf8_ciphertext = seal(&key(&doc_key()).expect("32 bytes"), &[0xff, 0xfe]);
        let errors = [
            Sensitive::new(DOC_CIPHERTEXT).decrypt(&short_key),
            Sensitive::new(DOC_CIPHERTEXT).decrypt(&wrong_key),
            Sensitive::new(DOC_PLAINTEXT).decrypt(&doc_key()),
            Sensitive::new("YWJj").decrypt(&doc_key()),
            Sensitive::new(utf8_ciphertext.clone()).decrypt(&doc_key()),
        ];
        let mut kinds = std::collections::HashSet::new();
        for result in errors {
            let err = result.expect_err("fails");
            for text in [err.to_string(), format!("{err:?}")] {
                for content in [
                    DOC_KEY,
                    OTHER_KEY,
                    short_key.expose(),
                    DOC_CIPHERTEXT,
                    DOC_PLAINTEXT,
                    "YWJj",
                    &utf8_ciphertext,
                ] {
                    assert!(!text.contains(content), "{content} in {text}");
                }
            }
            kinds.insert(std::mem::discriminant(&err));
        }
        // Every variant was checked (a wrong key gives BadPadding or NotUtf8, both covered).
        assert_eq!(kinds.len(), 4, "{kinds:?}");
    }

    #[test]
    fn serialize_writes_the_value_as_held() {
        let encrypted = Sensitive::new(DOC_CIPHERTEXT);
        let decrypted = encrypted.decrypt(&doc_key()).expect("decrypts");
        assert_eq!(
            serde_json::to_string(&encrypted).expect("serializes"),
            format!("\"{DOC_CIPHERTEXT}\"")
        );
        assert_eq!(
            serde_json::to_string(&decrypted).expect("serializes"),
            format!("\"{DOC_PLAINTEXT}\"")
        );
    }

    #[test]
    fn outside_a_scope_deserialize_keeps_the_value_as_received() {
        let value = from_json(DOC_CIPHERTEXT);
        assert!(!value.is_decrypted());
        assert_eq!(value.expose(), DOC_CIPHERTEXT);
    }

    #[test]
    fn inside_a_scope_deserialize_decrypts_and_keeps_what_does_not_decrypt() {
        let key = doc_key();
        let (decrypted, clear, empty, number): (Sensitive, Sensitive, Sensitive, Sensitive) =
            decrypting(Some(&key), || {
                (
                    from_json(DOC_CIPHERTEXT),
                    from_json("深圳市南山区"),
                    from_json(""),
                    from_json("YWJj"),
                )
            });
        assert!(decrypted.is_decrypted());
        assert_eq!(decrypted.expose(), DOC_PLAINTEXT);
        for (kept, text) in [(clear, "深圳市南山区"), (empty, ""), (number, "YWJj")] {
            assert!(!kept.is_decrypted(), "{text}");
            assert_eq!(kept.expose(), text);
        }
        // Inside a whole structure, as an answer is decoded.
        let json = format!(r#"{{"a":"{DOC_CIPHERTEXT}","b":[null,"{DOC_CIPHERTEXT}"]}}"#);
        #[derive(Deserialize)]
        struct Answer {
            a: Option<Sensitive>,
            b: Vec<Option<Sensitive>>,
        }
        let answer: Answer =
            decrypting(Some(&key), || serde_json::from_str(&json)).expect("decodes");
        let a = answer.a.expect("a");
        let b = answer.b[1].clone().expect("b");
        assert_eq!((a.expose(), a.is_decrypted()), (DOC_PLAINTEXT, true));
        assert_eq!((b.expose(), b.is_decrypted()), (DOC_PLAINTEXT, true));
    }

    #[test]
    fn a_scope_with_no_key_or_a_key_of_the_wrong_length_decrypts_nothing() {
        assert!(!decrypting(None, decrypts_here));
        assert!(!decrypting(Some(&Secret::from("short")), decrypts_here));
        // The wrong 32-byte key: the value fails to decrypt, so it is kept.
        assert!(!decrypting(Some(&Secret::from(OTHER_KEY)), decrypts_here));
    }

    #[test]
    fn a_scope_restores_the_previous_state_on_return() {
        assert!(!decrypts_here());
        let inside = decrypting(Some(&doc_key()), decrypts_here);
        assert!(inside);
        assert!(!decrypts_here());
    }

    #[test]
    fn a_scope_restores_the_previous_state_after_a_panic() {
        let result = catch_unwind(AssertUnwindSafe(|| {
            decrypting(Some(&doc_key()), || {
                assert!(decrypts_here());
                panic!("inside the scope");
            })
        }));
        assert!(result.is_err());
        assert!(!decrypts_here());

        // Also an inner scope that panics inside an outer one: the outer key is back.
        decrypting(Some(&doc_key()), || {
            let inner = catch_unwind(AssertUnwindSafe(|| {
                decrypting(None, || {
                    assert!(!decrypts_here());
                    panic!("inside the inner scope");
                })
            }));
            assert!(inner.is_err());
            assert!(decrypts_here());
        });
        assert!(!decrypts_here());
    }

    #[test]
    fn scopes_nest() {
        decrypting(Some(&doc_key()), || {
            assert!(decrypts_here());
            decrypting(None, || {
                assert!(!decrypts_here());
                decrypting(Some(&doc_key()), || assert!(decrypts_here()));
                assert!(!decrypts_here());
            });
            decrypting(Some(&Secret::from(OTHER_KEY)), || {
                assert!(!decrypts_here());
            });
            assert!(decrypts_here());
        });
        assert!(!decrypts_here());
    }

    #[test]
    fn a_scope_is_per_thread() {
        decrypting(Some(&doc_key()), || {
            let elsewhere = std::thread::spawn(decrypts_here).join().expect("joins");
            assert!(!elsewhere);
            assert!(decrypts_here());
        });
    }

    #[test]
    fn check_key_accepts_32_bytes_only() {
        assert_eq!(check_key(&doc_key()), Ok(()));
        assert_eq!(
            check_key(&Secret::from("abc")),
            Err(DecryptError::KeyLength { bytes: 3 })
        );
    }
}
