//! The uploads (附件上传 `sys`, 凭证附件上传 `fi`): through the mock gateway end to end with
//! their typed answers; on the wire, a `multipart/form-data` body with the file as the part
//! `file1` and a signature over method, path and query as for any call; the upload envelope's
//! refusals as errors that keep the request id; and the documented limits (size, file name)
//! enforced before anything is sent.

use jdy::fi::voucher_attachment::VoucherAttachmentUploadRequest;
use jdy::mock::MockGateway;
use jdy::signing::signature;
use jdy::sys::attachment::AttachmentUploadRequest;
use jdy::{Call, Envelope, Error, FileLimits, Method, Multipart, UploadFile};
use jdy_tests::{credentials, within, Recorded, Reply, TestServer};

const SYS_PATH: &str = "/jdy/v2/sys/attachment_upload";
const FI_PATH: &str = "/jdy/v2/fi/voucher_attachment_upload";
const MIB: usize = 1024 * 1024;

/// The mock and a client of it that sends each call once, so that what the mock answers is
/// what the test sees.
async fn mock() -> (MockGateway, jdy::Client) {
    let mock = MockGateway::start().await.expect("the mock starts");
    let client = jdy_tests::single_shot_client(&mock);
    (mock, client)
}

fn sys_body(file: UploadFile) -> AttachmentUploadRequest {
    AttachmentUploadRequest { file1: file }
}

fn fi_body(file: UploadFile) -> VoucherAttachmentUploadRequest {
    VoucherAttachmentUploadRequest { file1: file }
}

#[tokio::test]
async fn a_file_uploaded_through_sys_gets_its_address_back() {
    let (mock, client) = mock().await;
    let file = UploadFile::new("草稿.txt", "第一稿".as_bytes().to_vec());
    let answer = within(client.sys().attachment_upload(&sys_body(file)))
        .await
        .expect("the upload succeeds");
    assert_eq!(
        answer.file1.as_deref(),
        Some("https://tf.jdy.com/ierp/tempfile/download.do?configKey=xxxx"),
        "the documented example's address"
    );
    let upload = mock
        .requests()
        .into_iter()
        .find(|r| r.path == SYS_PATH)
        .expect("the mock saw the upload");
    assert_eq!((upload.status, upload.errcode), (200, Some(0)));
    assert_eq!(upload.verdict, "ok: file1=草稿.txt (9 bytes)");
}

#[tokio::test]
async fn a_voucher_attachment_uploaded_through_fi_gets_its_records_back() {
    let (mock, client) = mock().await;
    let dir = std::env::temp_dir().join(format!("jdy-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("111.txt");
    std::fs::write(&path, "voucher attachment").unwrap();
    let file = UploadFile::from_path(&path).expect("the file reads");
    let _ = std::fs::remove_dir_all(&dir);

    let records = within(client.fi().voucher_attachment_upload(&fi_body(file)))
        .await
        .expect("the upload succeeds");
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.filename.as_deref(), Some("111.txt"));
    assert_eq!(record.file_type.as_deref(), Some("txt"));
    // Documented as strings, sent as numbers: accepted either way.
    assert_eq!(record.id.as_deref(), Some("1"));
    assert_eq!(record.filesize.as_deref(), Some("2255"));
    assert_eq!(record.period.as_deref(), Some("202102"));
    let upload = mock
        .requests()
        .into_iter()
        .find(|r| r.path == FI_PATH)
        .expect("the mock saw the upload");
    assert_eq!(upload.verdict, "ok: file1=111.txt (18 bytes)");
}

#[tokio::test]
async fn the_mock_refuses_an_upload_without_its_file_part_in_the_upload_envelope() {
    let (mock, client) = mock().await;
    let call = Call::new(Method::Post, SYS_PATH)
        .multipart(Multipart::new().text("file2", "not the part it wants"))
        .envelope(Envelope::Upload);
    let error = within(client.send::<serde_json::Value>(call))
        .await
        .expect_err("no `file1` part");
    match &error {
        Error::Business {
            errcode,
            description,
            request_id,
            ..
        } => {
            assert_eq!(*errcode, 1030002000);
            assert!(description.contains("no part `file1`"), "{description}");
            let logged = mock.requests().last().cloned().expect("a logged request");
            assert_eq!(request_id.as_deref(), Some(logged.request_id.as_str()));
        }
        other => panic!("expected Error::Business, got {other:?}"),
    }
}

#[tokio::test]
async fn the_mock_refuses_a_json_body_on_an_upload() {
    let (_mock, client) = mock().await;
    let call = Call::new(Method::Post, SYS_PATH)
        .json(&serde_json::json!({"file1": "a.txt"}))
        .envelope(Envelope::Upload);
    let error = within(client.send::<serde_json::Value>(call))
        .await
        .expect_err("not multipart");
    assert_eq!(error.errcode(), Some(1030002001), "{error}");
    assert!(error.to_string().contains("multipart/form-data"), "{error}");
}

/// A refused token is replaced and the call replayed: the multipart body, consumed by the
/// first send, is built again and arrives whole the second time.
#[tokio::test]
async fn an_upload_replayed_after_a_refused_token_sends_its_file_again() {
    let (mock, client) = mock().await;
    within(
        client
            .sys()
            .attachment_upload(&sys_body(UploadFile::new("a.txt", "one"))),
    )
    .await
    .expect("the first upload");
    mock.expire_tokens();
    within(
        client
            .sys()
            .attachment_upload(&sys_body(UploadFile::new("b.txt", "second"))),
    )
    .await
    .expect("the second upload, after a new token");
    let uploads: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.path == SYS_PATH)
        .map(|r| (r.errcode, r.verdict))
        .collect();
    assert_eq!(
        uploads,
        [
            (Some(0), "ok: file1=a.txt (3 bytes)".to_string()),
            (Some(4011), "app-token has expired".to_string()),
            (Some(0), "ok: file1=b.txt (6 bytes)".to_string()),
        ]
    );
}

// ---- on the wire --------------------------------------------------------------------------

/// `multipart/form-data; boundary=...`: the boundary.
fn boundary(request: &Recorded) -> String {
    let content_type = request.header("Content-Type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart with a boundary: {content_type}"));
    assert!(!boundary.is_empty());
    boundary.to_string()
}

fn upload_reply(body: &str) -> Reply {
    Reply::json(200, body).header("X-Api-Requestid", "req-up-1")
}

const SYS_SUCCESS: &str =
    r#"{"data":{"file1":"https://tf.jdy.com/f/1"},"errorCode":"success","success":true}"#;

#[tokio::test]
async fn the_file_goes_as_the_part_file1_of_a_multipart_body_and_the_signature_covers_method_path_and_query(
) {
    let server = TestServer::start().await;
    server.reply(SYS_PATH, upload_reply(SYS_SUCCESS));
    let client = server.client(credentials());
    // Every byte value, so that nothing on the way treats the file as text.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let file = UploadFile::new("scan 1.png", bytes.clone()).with_content_type("image/png");
    let answer = within(client.sys().attachment_upload(&sys_body(file)))
        .await
        .expect("the upload succeeds");
    assert_eq!(answer.file1.as_deref(), Some("https://tf.jdy.com/f/1"));

    let calls = server.requests_to(SYS_PATH);
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.method, "POST");
    assert_eq!(call.query, None);
    let boundary = boundary(call);
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file1\"; filename=\"scan 1.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&bytes);
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert!(
        call.body == expected,
        "the body is not the one part `file1`:\n{}",
        String::from_utf8_lossy(&call.body)
    );
    assert_eq!(call.header("Content-Length"), expected.len().to_string());

    // The same headers as any business call, and a signature over method, path and an empty
    // query line: the body is never signed.
    assert_eq!(call.header("X-Api-ClientID"), "client-1");
    assert_eq!(call.header("app-token"), jdy_tests::DEFAULT_TOKEN);
    assert_eq!(call.header("X-GW-Router-Addr"), "https://tf.jdy.com");
    let string_to_sign = format!(
        "POST\n%2Fjdy%2Fv2%2Fsys%2Fattachment_upload\n\nx-api-nonce:{}\nx-api-timestamp:{}\n",
        call.header("X-Api-Nonce"),
        call.header("X-Api-TimeStamp")
    );
    assert_eq!(
        call.header("X-Api-Signature"),
        signature("client-secret-1", &string_to_sign)
    );
}

#[tokio::test]
async fn a_file_without_a_content_type_goes_as_octet_stream_and_a_query_is_signed() {
    let server = TestServer::start().await;
    server.reply(SYS_PATH, upload_reply(SYS_SUCCESS));
    let client = server.client(credentials());
    let mut query = jdy::wire::Query::new();
    query.push("remark", "草稿");
    let call = Call::new(Method::Post, SYS_PATH)
        .query(query)
        .multipart(
            Multipart::new()
                .file("file1", &UploadFile::new("a.txt", "x"), FileLimits::NONE)
                .text("note", &7i64),
        )
        .envelope(Envelope::Upload);
    within(client.send::<serde_json::Value>(call))
        .await
        .expect("the upload succeeds");
    let sent = &server.requests_to(SYS_PATH)[0];
    let boundary = boundary(sent);
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file1\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n7\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent.body), expected);
    assert_eq!(sent.raw_query(), "remark=%E8%8D%89%E7%A8%BF");
    let string_to_sign = format!(
        "POST\n%2Fjdy%2Fv2%2Fsys%2Fattachment_upload\nremark=%25E8%258D%2589%25E7%25A8%25BF\nx-api-nonce:{}\nx-api-timestamp:{}\n",
        sent.header("X-Api-Nonce"),
        sent.header("X-Api-TimeStamp")
    );
    assert_eq!(
        sent.header("X-Api-Signature"),
        signature("client-secret-1", &string_to_sign)
    );
}

/// The answer of a refused upload, decoded through the generated method.
async fn refused_with(body: &str) -> Error {
    let server = TestServer::start().await;
    server.reply(SYS_PATH, upload_reply(body));
    let client = server.client(credentials());
    within(
        client
            .sys()
            .attachment_upload(&sys_body(UploadFile::new("a.txt", "x"))),
    )
    .await
    .expect_err("the upload is refused")
}

#[tokio::test]
async fn a_numeric_error_code_is_a_business_error_with_the_request_id() {
    let error = refused_with(
        r#"{"success":false,"errorCode":"2000002000","message":"系统错误,请到开发者社区提单反馈"}"#,
    )
    .await;
    match &error {
        Error::Business {
            errcode,
            description,
            request_id,
            ..
        } => {
            assert_eq!(*errcode, 2000002000);
            assert_eq!(description, "系统错误,请到开发者社区提单反馈");
            assert_eq!(request_id.as_deref(), Some("req-up-1"));
        }
        other => panic!("expected Error::Business, got {other:?}"),
    }
    assert!(!error.is_retryable());
    // A code sent as a JSON number reads the same.
    let error = refused_with(r#"{"success":false,"errorCode":1030002000,"message":"必填"}"#).await;
    assert_eq!(error.errcode(), Some(1030002000), "{error}");
}

#[tokio::test]
async fn a_text_error_code_is_kept_as_text_with_the_request_id() {
    let error =
        refused_with(r#"{"success":false,"errorCode":"file.size.exceeded","message":"文件过大"}"#)
            .await;
    match &error {
        Error::BusinessText {
            code,
            description,
            request_id,
            ..
        } => {
            assert_eq!(code, "file.size.exceeded");
            assert_eq!(description, "文件过大");
            assert_eq!(request_id.as_deref(), Some("req-up-1"));
        }
        other => panic!("expected Error::BusinessText, got {other:?}"),
    }
    assert_eq!(error.errcode(), None);
    assert_eq!(error.request_id(), Some("req-up-1"));
    assert_eq!(error.status(), Some(200));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "POST /jdy/v2/sys/attachment_upload: errorCode `file.size.exceeded`: 文件过大 [request id req-up-1]"
    );
    let error = refused_with(r#"{"success":false,"message":"失败"}"#).await;
    assert_eq!(
        error.to_string(),
        "POST /jdy/v2/sys/attachment_upload: refused without an errorCode: 失败 [request id req-up-1]"
    );
}

#[tokio::test]
async fn either_success_true_or_error_code_success_is_a_success() {
    for body in [
        r#"{"data":{"file1":"u"},"errorCode":"success"}"#,
        r#"{"data":{"file1":"u"},"success":true}"#,
    ] {
        let server = TestServer::start().await;
        server.reply(SYS_PATH, upload_reply(body));
        let client = server.client(credentials());
        let answer = within(
            client
                .sys()
                .attachment_upload(&sys_body(UploadFile::new("a.txt", "x"))),
        )
        .await
        .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(answer.file1.as_deref(), Some("u"), "{body}");
    }
}

#[tokio::test]
async fn an_answer_in_the_usual_envelope_is_read_as_usual() {
    // The service's refusal of a token comes in the usual envelope, even for an upload.
    let error = refused_with(r#"{"errcode":1030002003,"description":"数据不存在"}"#).await;
    assert_eq!(error.errcode(), Some(1030002003), "{error}");
    assert!(matches!(error, Error::Business { .. }), "{error:?}");
}

// ---- refused before anything is sent ------------------------------------------------------

/// A call refused before it left: no token fetched, nothing sent.
async fn refused_before_sending<T: std::fmt::Debug>(
    call: impl FnOnce(
        jdy::Client,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>>>>,
) -> String {
    let server = TestServer::start().await;
    let client = server.client(credentials());
    let error = within(call(client)).await.expect_err("refused");
    assert!(
        server.requests().is_empty(),
        "something was sent: {:?}",
        server.requests()
    );
    match error {
        Error::InvalidRequest { reason, .. } => reason,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn a_file_over_the_documented_size_is_refused_before_anything_is_sent() {
    let big = UploadFile::new("big.txt", vec![b'x'; 10 * MIB + 1]);
    let reason = refused_before_sending(|client| {
        Box::pin(async move { client.sys().attachment_upload(&sys_body(big)).await })
    })
    .await;
    assert_eq!(
        reason,
        "part `file1`: the file `big.txt` is 10485761 bytes, over the documented limit of 10 MiB (10485760 bytes)"
    );

    let big = UploadFile::new("big.txt", vec![b'x'; 5 * MIB + 1]);
    let reason = refused_before_sending(|client| {
        Box::pin(async move { client.fi().voucher_attachment_upload(&fi_body(big)).await })
    })
    .await;
    assert!(
        reason.contains("over the documented limit of 5 MiB"),
        "{reason}"
    );
}

#[tokio::test]
async fn files_at_the_documented_size_are_sent() {
    let server = TestServer::start().await;
    server.reply(SYS_PATH, upload_reply(SYS_SUCCESS));
    let client = server.client(credentials());
    let file = UploadFile::new("big.txt", vec![b'x'; 10 * MIB]);
    within(client.sys().attachment_upload(&sys_body(file)))
        .await
        .expect("10 MiB is within the limit");
    assert_eq!(server.requests_to(SYS_PATH).len(), 1);
}

#[tokio::test]
async fn a_voucher_attachment_name_that_is_not_letters_and_digits_with_an_extension_is_refused() {
    for name in ["凭证.txt", "a-b.txt", "scan 1.png", "noextension"] {
        let file = UploadFile::new(name, "x");
        let reason = refused_before_sending(|client| {
            Box::pin(async move { client.fi().voucher_attachment_upload(&fi_body(file)).await })
        })
        .await;
        assert_eq!(
            reason,
            format!("part `file1`: the file name `{name}` is not ASCII letters and digits with an extension (such as `111.txt`), as this endpoint requires")
        );
    }
    // The rule is the voucher attachments': a system attachment may be named anyhow.
    let (_mock, client) = mock().await;
    within(
        client
            .sys()
            .attachment_upload(&sys_body(UploadFile::new("凭证 1", "x"))),
    )
    .await
    .expect("any name is a system attachment's name");
}
