//! Fields marked 敏感数据解密 over real HTTP: served encrypted as the API does, they arrive
//! decrypted with `decrypt_sensitive(true)`, untouched without it, and never show in `Debug`.

use jdy::bd::customer::{CustomerDetail, CustomerDetailQuery};
use jdy::{Client, Credentials, Error, Secret, Sensitive};
use jdy_tests::{within, Reply, TestServer};
use serde_json::json;

const DETAIL_PATH: &str = "/jdy/v2/bd/customer_detail";

/// A client_secret of 32 bytes, the length of the AES-256 key it is used as.
const CLIENT_SECRET: &str = "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";

const ADDR: &str = "广东省深圳市南山区科技园科苑路15号";
const BANK_ACCOUNT: &str = "6222020200112233445";
const MOBILE: &str = "18599999999";
const EMAIL: &str = "zhangsan@example.com";
/// 16 bytes: a plaintext of exactly one block.
const QQ: &str = "1234567890123456";
/// A field the account set sends in clear.
const PHONE_IN_CLEAR: &str = "0755-86001234";

fn credentials(client_secret: &str) -> Credentials {
    Credentials::new(
        "client-1",
        client_secret,
        "abc",
        "abc123",
        "https://tf.jdy.com",
    )
}

fn encrypt(plaintext: &str) -> String {
    Sensitive::encrypt(plaintext, &Secret::from(CLIENT_SECRET))
        .expect("a 32-byte key")
        .into_inner()
}

/// Serves a customer detail whose sensitive fields are encrypted as the API does (the phone
/// excepted), and answers what the client decodes from it, with the ciphertexts served.
async fn detail(decrypt_sensitive: bool) -> (CustomerDetail, Client, Vec<String>, TestServer) {
    let server = TestServer::start().await;
    let ciphertexts: Vec<String> = [ADDR, BANK_ACCOUNT, MOBILE, EMAIL, QQ]
        .into_iter()
        .map(encrypt)
        .collect();
    let data = json!({
        "id": "7",
        "name": "深圳苹果贸易",
        "addr": ciphertexts[0],
        "bank_account": ciphertexts[1],
        "bomentity": [{
            "contact_person": "张三",
            "mobile": ciphertexts[2],
            "email": ciphertexts[3],
            "qq": ciphertexts[4],
            "phone": PHONE_IN_CLEAR,
            "wechat": null,
        }],
    });
    server.reply(DETAIL_PATH, Reply::data(&data.to_string()));
    let client = Client::builder(credentials(CLIENT_SECRET))
        .base_url(server.base_url())
        .decrypt_sensitive(decrypt_sensitive)
        .build()
        .expect("client builds");
    let query = CustomerDetailQuery {
        id: Some("7".into()),
        ..Default::default()
    };
    let detail = within(client.bd().customer_detail(&query))
        .await
        .expect("the call succeeds");
    assert_eq!(server.requests_to(DETAIL_PATH).len(), 1);
    (detail, client, ciphertexts, server)
}

/// The sensitive fields of the detail served, with the plaintext each was made from.
fn fields(detail: &CustomerDetail) -> Vec<(&'static str, &Sensitive, &'static str)> {
    let contact = &detail.bomentity[0];
    vec![
        ("addr", detail.addr.as_ref().expect("addr"), ADDR),
        (
            "bank_account",
            detail.bank_account.as_ref().expect("bank_account"),
            BANK_ACCOUNT,
        ),
        ("mobile", contact.mobile.as_ref().expect("mobile"), MOBILE),
        ("email", contact.email.as_ref().expect("email"), EMAIL),
        ("qq", contact.qq.as_ref().expect("qq"), QQ),
    ]
}

fn assert_debug_shows_no_content(detail: &CustomerDetail, ciphertexts: &[String]) {
    let debug = format!("{detail:?} {detail:#?}");
    // The rest of the answer is there, so the check looks at the right text.
    assert!(debug.contains("深圳苹果贸易"), "{debug}");
    for content in [
        ADDR,
        BANK_ACCOUNT,
        MOBILE,
        EMAIL,
        QQ,
        PHONE_IN_CLEAR,
        "科技园",
    ] {
        assert!(!debug.contains(content), "{content} in {debug}");
    }
    for ciphertext in ciphertexts {
        assert!(
            !debug.contains(ciphertext.as_str()),
            "{ciphertext} in {debug}"
        );
        assert!(
            !debug.contains(&ciphertext[..12]),
            "{ciphertext} in {debug}"
        );
    }
}

#[tokio::test]
async fn with_decrypt_sensitive_the_fields_arrive_decrypted() {
    let (detail, client, ciphertexts, _server) = detail(true).await;
    for (name, value, plaintext) in fields(&detail) {
        assert!(value.is_decrypted(), "{name}");
        assert_eq!(value.expose(), plaintext, "{name}");
        // Decrypting again is harmless.
        assert_eq!(client.decrypt(value).expect(name).expose(), plaintext);
    }
    let contact = &detail.bomentity[0];
    assert_eq!(contact.wechat, None);
    assert_eq!(contact.contact_person.as_deref(), Some("张三"));
    assert_eq!(detail.name.as_deref(), Some("深圳苹果贸易"));
    assert_debug_shows_no_content(&detail, &ciphertexts);
}

#[tokio::test]
async fn with_decrypt_sensitive_a_field_sent_in_clear_is_kept_as_received() {
    let (detail, client, _ciphertexts, _server) = detail(true).await;
    let phone = detail.bomentity[0].phone.as_ref().expect("phone");
    assert!(!phone.is_decrypted());
    assert_eq!(phone.expose(), PHONE_IN_CLEAR);
    assert!(client.decrypt(phone).is_err());
}

#[tokio::test]
async fn without_decrypt_sensitive_the_ciphertext_arrives_untouched() {
    let (detail, client, ciphertexts, _server) = detail(false).await;
    for ((name, value, plaintext), ciphertext) in fields(&detail).into_iter().zip(&ciphertexts) {
        assert!(!value.is_decrypted(), "{name}");
        assert_eq!(value.expose(), ciphertext, "{name}");
        let decrypted = client.decrypt(value).expect(name);
        assert!(decrypted.is_decrypted(), "{name}");
        assert_eq!(decrypted.expose(), plaintext, "{name}");
    }
    let phone = detail.bomentity[0].phone.as_ref().expect("phone");
    assert_eq!(
        (phone.expose(), phone.is_decrypted()),
        (PHONE_IN_CLEAR, false)
    );
    assert_debug_shows_no_content(&detail, &ciphertexts);
}

#[tokio::test]
async fn decrypt_sensitive_refuses_a_client_secret_that_is_not_32_bytes() {
    let secret = "client-secret-15";
    let err = Client::builder(credentials(secret))
        .decrypt_sensitive(true)
        .build()
        .expect_err("a 16-byte client_secret cannot decrypt");
    let Error::Config(message) = &err else {
        panic!("expected Error::Config, got {err:?}");
    };
    assert!(message.contains("16 bytes"), "{message}");
    assert!(!err.to_string().contains(secret), "{err}");
    // Without decryption the same credentials are fine, and decrypting on demand says why
    // it cannot.
    let client = Client::new(credentials(secret)).expect("client builds");
    let err = client
        .decrypt(&Sensitive::new(encrypt(MOBILE)))
        .expect_err("a 16-byte key");
    assert_eq!(err, jdy::DecryptError::KeyLength { bytes: 16 });
}
