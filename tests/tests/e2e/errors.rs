//! Every kind of answer maps to the `jdy::Error` variant that says where the call failed,
//! keeping the fields a caller (or Kingdee support) needs, in a one-line message.

use jdy::bd::customer::CustomerListQuery;
use jdy::{ErrcodeKind, Error, Method};
use jdy_tests::{
    credentials, refused_base_url, scenarios, within, Reply, TestServer, CUSTOMER_PATH, TOKEN_PATH,
};

/// Runs a customer list against a server programmed with `scenario`, returning the error.
async fn list_error(scenario: (&str, Reply)) -> (Error, TestServer) {
    let server = TestServer::start().await;
    server.reply(scenario.0, scenario.1);
    let client = server.client(credentials());
    let err = within(client.bd().customer_list(&Default::default()))
        .await
        .expect_err("the call must fail");
    assert_one_line(&err);
    (err, server)
}

fn assert_one_line(err: &Error) {
    let text = err.to_string();
    assert!(!text.contains('\n'), "Display is not one line: {text:?}");
}

#[tokio::test]
async fn http_519_is_a_gateway_error_with_errcode_description_and_request_id() {
    let (err, _server) = list_error(scenarios::gateway_519()).await;
    match &err {
        Error::Gateway {
            call,
            status,
            errcode,
            description,
            description_cn,
            request_id,
        } => {
            assert_eq!(
                (call.method, call.path.as_str()),
                (Method::Get, CUSTOMER_PATH)
            );
            assert_eq!(*status, 519);
            assert_eq!(*errcode, Some(4008));
            assert_eq!(description, "X-Api-Signature invalid[GW]");
            assert_eq!(description_cn.as_deref(), Some("签名无效"));
            assert_eq!(request_id.as_deref(), Some("req-1"));
        }
        other => panic!("expected Error::Gateway, got {other:?}"),
    }
    assert_eq!(err.errcode(), Some(4008));
    assert_eq!(err.request_id(), Some("req-1"));
    assert_eq!(err.status(), Some(519));
    let known = err.known_errcode().expect("4008 is documented");
    assert_eq!((known.code, known.kind), (4008, ErrcodeKind::Gateway));
    assert_eq!(
        err.to_string(),
        "GET /jdy/v2/bd/customer: gateway refused with HTTP 519, errcode 4008: \
         X-Api-Signature invalid[GW] (签名无效) [request id req-1]"
    );
}

#[tokio::test]
async fn errcode_other_than_zero_with_http_200_is_a_business_error() {
    let (err, _server) = list_error(scenarios::business_not_found()).await;
    match &err {
        Error::Business {
            call,
            errcode,
            description,
            request_id,
        } => {
            assert_eq!(call.path, CUSTOMER_PATH);
            assert_eq!(*errcode, 1030002003);
            assert_eq!(description, "客户不存在");
            assert_eq!(*request_id, None);
        }
        other => panic!("expected Error::Business, got {other:?}"),
    }
    assert_eq!(err.errcode(), Some(1030002003));
    assert_eq!(err.status(), Some(200));
    let known = err.known_errcode().expect("1030002003 is documented");
    assert_eq!(
        (known.code, known.kind),
        (1030002003, ErrcodeKind::Business)
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error_with_a_bounded_excerpt() {
    let (err, _server) = list_error(scenarios::not_json_10k()).await;
    match &err {
        Error::Decode {
            call,
            status,
            reason,
            excerpt,
            ..
        } => {
            assert_eq!(call.path, CUSTOMER_PATH);
            assert_eq!(*status, 200);
            assert!(reason.starts_with("not a jdy answer"), "{reason}");
            assert!(excerpt.starts_with("not json at all; "), "{excerpt}");
            assert!(
                excerpt.chars().count() < 400,
                "excerpt not bounded: {excerpt}"
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.chars().count() < 600, "{} chars: {text}", text.len());
    assert!(text.contains("HTTP 200"), "{text}");
    assert_eq!(err.errcode(), None);
}

#[tokio::test]
async fn data_of_the_wrong_shape_is_a_decode_error_naming_data() {
    let (err, _server) = list_error(scenarios::wrong_data_shape()).await;
    match &err {
        Error::Decode {
            status,
            reason,
            excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(
                reason,
                r#"data.rows: invalid type: string "not a list", expected a sequence"#
            );
            assert_eq!(
                excerpt,
                r#"{"errcode":0,"description":"success","data":{"rows":"not a list"}}"#
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("data.rows: "), "{err}");
}

#[tokio::test]
async fn http_500_with_html_is_a_gateway_error_without_errcode() {
    let (err, _server) = list_error(scenarios::html_500()).await;
    match &err {
        Error::Gateway {
            status,
            errcode,
            description,
            description_cn,
            request_id,
            ..
        } => {
            assert_eq!(*status, 500);
            assert_eq!(*errcode, None);
            assert!(
                description.starts_with("<html><head><title>500"),
                "{description}"
            );
            assert_eq!(*description_cn, None);
            assert_eq!(*request_id, None);
        }
        other => panic!("expected Error::Gateway, got {other:?}"),
    }
    assert_eq!(err.known_errcode(), None);
}

#[tokio::test]
async fn a_refused_token_is_a_business_error_of_the_token_call() {
    let (err, server) = list_error(scenarios::token_refused()).await;
    match &err {
        Error::Business {
            call,
            errcode,
            description,
            ..
        } => {
            assert_eq!((call.method, call.path.as_str()), (Method::Get, TOKEN_PATH));
            assert_eq!(*errcode, 1030002006);
            assert_eq!(description, "授权密钥校验失败");
        }
        other => panic!("expected Error::Business, got {other:?}"),
    }
    assert!(server.requests_to(CUSTOMER_PATH).is_empty());
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let client = jdy::Client::builder(credentials())
        .base_url(refused_base_url())
        .build()
        .unwrap();
    let err = within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(
        (err.errcode(), err.status(), err.request_id()),
        (None, None, None)
    );
    assert_one_line(&err);
    // The message says why, not only that sending failed.
    let message = err.to_string().to_lowercase();
    assert!(message.contains("connect"), "{message}");
    assert!(message.contains("refused"), "{message}");
}

#[tokio::test]
async fn a_get_url_over_2048_characters_is_refused_before_sending() {
    let server = TestServer::start().await;
    let client = server.client(credentials());
    // Fetch the token first, so that the only request the long call could make is its own.
    within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap();
    let before = server.requests().len();

    // base + "/jdy/v2/bd/customer" (19) + "?search=" (8) + n × 'a'
    let n = 2048 - server.base_url().len() - 19 - 8;
    let search = |n: usize| CustomerListQuery {
        search: Some("a".repeat(n)),
        ..Default::default()
    };
    let err = within(client.bd().customer_list(&search(n + 1)))
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest { call, reason } => {
            assert_eq!(call.path, CUSTOMER_PATH);
            assert!(
                reason.contains("2049") && reason.contains("2048"),
                "{reason}"
            );
        }
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_one_line(&err);
    assert_eq!(
        server.requests().len(),
        before,
        "a request reached the server"
    );

    // Exactly 2048 characters is still allowed.
    within(client.bd().customer_list(&search(n))).await.unwrap();
    let last = server.requests().pop().unwrap();
    assert_eq!(
        server.base_url().len() + last.path.len() + 1 + last.raw_query().len(),
        2048
    );
}

#[tokio::test]
async fn a_fresh_client_never_sends_an_overlong_get() {
    let server = TestServer::start().await;
    let client = server.client(credentials());
    let query = CustomerListQuery {
        search: Some("苹".repeat(700)),
        ..Default::default()
    };
    let err = within(client.bd().customer_list(&query)).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(server.requests_to(CUSTOMER_PATH).is_empty());
}

/// A call that can never be sent should not cost a token request either.
#[tokio::test]
async fn an_overlong_get_from_a_fresh_client_sends_nothing_at_all() {
    let server = TestServer::start().await;
    let client = server.client(credentials());
    let query = CustomerListQuery {
        search: Some("a".repeat(3000)),
        ..Default::default()
    };
    let err = within(client.bd().customer_list(&query)).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.is_empty(), "requests reached the server: {paths:?}");
}

/// Bodies with line breaks (real HTML error pages, pretty-printed JSON) must not break the
/// one-line promise of `Error`'s Display.
#[tokio::test]
async fn messages_stay_one_line_when_the_body_has_line_breaks() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n";
    let (err, _server) = list_error((CUSTOMER_PATH, Reply::raw(502, "text/html", html))).await;
    assert!(matches!(err, Error::Gateway { status: 502, .. }), "{err:?}");

    let not_json = "line one\nline two\n".repeat(10);
    let (err, _server) = list_error((CUSTOMER_PATH, Reply::raw(200, "text/plain", not_json))).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");

    let body = r#"{"errcode":4010,"description":"token invalid\nsee logs"}"#;
    let (err, _server) = list_error((CUSTOMER_PATH, Reply::json(519, body))).await;
    assert_eq!(err.errcode(), Some(4010));
}

#[tokio::test]
async fn what_a_server_sends_is_kept_bounded_in_an_error() {
    // A refusal whose texts and request id are each far longer than any real one.
    let huge = "很长的说明".repeat(200_000);
    let body = format!(r#"{{"errcode":4008,"description":"{huge}","description_cn":"{huge}"}}"#);
    let id = "r".repeat(8_000);
    let reply = Reply::json(519, body).header("X-Api-Requestid", &id);
    let (err, _server) = list_error((CUSTOMER_PATH, reply)).await;
    match &err {
        Error::Gateway {
            description,
            description_cn,
            request_id,
            ..
        } => {
            assert!(description.len() <= 510, "{} bytes", description.len());
            assert!(
                description.starts_with("很长的说明很长的说明"),
                "{description}"
            );
            let cn = description_cn.as_deref().unwrap_or_default();
            assert!(cn.len() <= 510, "{} bytes", cn.len());
            let id = request_id.as_deref().unwrap_or_default();
            assert!(id.len() <= 132 && id.starts_with("rrrr"), "{id}");
        }
        other => panic!("expected Error::Gateway, got {other:?}"),
    }
    assert!(err.to_string().len() < 2_000, "{}", err.to_string().len());

    // A business refusal and an answer that does not decode, a megabyte each.
    for reply in [
        Reply::json(
            200,
            format!(r#"{{"errcode":1030002000,"description":"{huge}"}}"#),
        ),
        Reply::data(&format!(r#"{{"rows":[{{"id":{{"x":"{huge}"}}}}]}}"#)),
    ] {
        let (err, _server) = list_error((CUSTOMER_PATH, reply)).await;
        assert!(
            err.to_string().len() < 2_000,
            "{} bytes: {}",
            err.to_string().len(),
            &err.to_string()[..200]
        );
    }
}

/// Hostile answers, each a megabyte or so: whatever the SDK quotes from them in an error (the
/// description, the upload's code, the decode reason, the body excerpt) stays short, on one
/// line, and cut on a character boundary with a mark that it was cut.
#[tokio::test]
async fn hostile_answers_give_short_one_line_errors() {
    const SYS_PATH: &str = "/jdy/v2/sys/attachment_upload";
    let huge = "很长".repeat(170_000);
    let huge_key = format!("键{}", "k".repeat(1_000_000));
    let invalid_utf8: Vec<u8> = b"{\"errcode\":0,\"data\":\"\xff\xfe"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0xC3, 1_000_000))
        .collect();
    let nested = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let customers = [
        Reply::raw(200, "text/html", huge.clone()),
        Reply::json(200, invalid_utf8.clone()),
        Reply::json(502, invalid_utf8),
        Reply::json(
            519,
            format!(r#"{{"errcode":4008,"description":{{"{huge}":1}}}}"#),
        ),
        Reply::json(200, format!(r#"{{"errcode":"{}"}}"#, "9".repeat(1_000_000))),
        Reply::data(&nested),
        Reply::data(&format!(
            r#"{{"rows":[{{"name":{{"{huge_key}":"{huge}"}}}}]}}"#
        )),
        Reply::data(&format!(r#"{{"rows":{{"{huge_key}":[]}}}}"#)),
    ];
    let uploads = [
        // The uploads' own envelope, with a code that is a megabyte of text or of JSON.
        Reply::json(
            200,
            format!(r#"{{"success":false,"errorCode":"{huge}","message":"{huge}"}}"#),
        ),
        Reply::json(
            200,
            format!(r#"{{"success":false,"errorCode":{{"{huge_key}":"{huge}"}}}}"#),
        ),
    ];
    let cases = customers
        .into_iter()
        .map(|reply| (CUSTOMER_PATH, reply))
        .chain(uploads.into_iter().map(|reply| (SYS_PATH, reply)));
    for (i, (path, reply)) in cases.enumerate() {
        let server = TestServer::start().await;
        server.reply(path, reply);
        let client = server.client(credentials());
        let err = if path == SYS_PATH {
            let body = jdy::sys::attachment::AttachmentUploadRequest {
                file1: jdy::UploadFile::new("a.txt", "x"),
            };
            within(client.sys().attachment_upload(&body))
                .await
                .map(drop)
        } else {
            within(client.bd().customer_list(&Default::default()))
                .await
                .map(drop)
        }
        .expect_err("the call must fail");
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        let start: String = display.chars().take(200).collect();
        assert_one_line(&err);
        assert!(
            display.len() < 2_000,
            "case {i}: {} bytes: {start}",
            display.len()
        );
        assert!(
            debug.len() < 3_000,
            "case {i}: Debug of {} bytes",
            debug.len()
        );
        assert!(display.contains('…'), "case {i}: no mark of a cut: {start}");
        if let Error::BusinessText { code, .. } = &err {
            assert!(code.len() <= 67, "case {i}: code of {} bytes", code.len());
        }
    }
}
