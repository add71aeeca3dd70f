//! The `jdy` command line as a user runs it: each subcommand, the built-in mock it calls
//! without credentials, profiles, and the exit status of each kind of failure.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use jdy::mock::{Fault, MockConfig, MockGateway};
use serde_json::Value;

/// The worked example of the official documentation (see the signing vectors).
const EXAMPLE_SECRET: &str = "f2adcfef73369bfc4e1384677d38a0ff";
const EXAMPLE_APP_SIGNATURE: &str =
    "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==";
const EXAMPLE_SIGNATURE: &str =
    "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==";

/// `jdy ARGS` with the given environment and no other credentials.
fn jdy(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jdy"));
    command.args(args).stdin(Stdio::null());
    for name in jdy::ENV_VARS.iter().chain(&["JDY_PROFILES"]) {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().expect("jdy runs")
}

/// [`jdy`] from async code, without holding up the runtime that serves a test's mock.
async fn jdy_async(args: &[&str], env: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        jdy(&args, &env)
    })
    .await
    .expect("jdy ran")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 on stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 on stderr")
}

/// A count as the gateway sends it: a number, or (as in the documented answer) text.
fn whole_number(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("jdy exited, not killed")
}

/// The environment naming `mock`'s credentials, with `secret` as the client_secret.
fn mock_env(mock: &MockGateway, secret: &str) -> Vec<(&'static str, String)> {
    let credentials = mock.credentials();
    vec![
        ("JDY_CLIENT_ID", credentials.client_id().to_owned()),
        ("JDY_CLIENT_SECRET", secret.to_owned()),
        ("JDY_APP_KEY", credentials.app_key().to_owned()),
        (
            "JDY_APP_SECRET",
            MockConfig::default().app_secret.expose().to_owned(),
        ),
        ("JDY_DOMAIN", credentials.domain().to_owned()),
    ]
}

fn borrowed<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A fresh folder for one test's files.
fn scratch() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "jdy-cli-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// What the mock serves for each customer: its records, in list order, in the shape of the
/// list's rows.
async fn mock_customers() -> Vec<Value> {
    let mock = MockGateway::start().await.expect("mock starts");
    let list = jdy::mock::endpoints()
        .find(|e| e.resource == "bd/customer" && e.kind == "list")
        .expect("the customer list is served");
    let shape = list.shape_row.expect("rows are shaped");
    mock.records("bd/customer")
        .into_iter()
        .map(|record| shape(&Value::Object(record)).expect("a record fits the row type"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn call_all_without_credentials_prints_every_mock_customer_as_json_lines() {
    let output = jdy_async(
        &["call", "bd.customer_list", "--all", "--output", "jsonl"],
        &[],
    )
    .await;
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let printed: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let expected = mock_customers().await;
    assert_eq!(expected.len(), MockConfig::default().records_per_resource);
    assert_eq!(printed, expected);
    let err = stderr(&output);
    assert!(
        err.contains("calling the built-in mock gateway at http://127.0.0.1:"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{} rows so far", expected.len())),
        "{err}"
    );
}

#[test]
fn call_all_walks_the_pages_and_reports_each_on_stderr() {
    let output = jdy(
        &[
            "call",
            "bd.customer_list",
            "--all",
            "-q",
            "page_size=5",
            "-o",
            "json",
        ],
        &[],
    );
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let rows: Value = serde_json::from_str(&stdout(&output)).expect("one JSON array");
    assert_eq!(rows.as_array().map(Vec::len), Some(23));
    let progress: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.starts_with("jdy: page "))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        progress,
        [
            "jdy: page 1 of 5, 5 rows so far",
            "jdy: page 2 of 5, 10 rows so far",
            "jdy: page 3 of 5, 15 rows so far",
            "jdy: page 4 of 5, 20 rows so far",
            "jdy: page 5 of 5, 23 rows so far",
        ]
    );
    // --quiet leaves only the note about the mock.
    let quiet = jdy(
        &[
            "call",
            "bd.customer_list",
            "--all",
            "--quiet",
            "-o",
            "jsonl",
        ],
        &[],
    );
    assert!(
        !stderr(&quiet).contains("rows so far"),
        "{}",
        stderr(&quiet)
    );
}

#[test]
fn one_call_prints_the_data_and_table_and_csv_flatten_its_rows() {
    let json = jdy(&["call", "bd.customer_list", "-q", "page_size=3"], &[]);
    assert_eq!(status(&json), 0, "{}", stderr(&json));
    let data: Value = serde_json::from_str(&stdout(&json)).expect("the data as JSON");
    assert_eq!(whole_number(&data["count"]), Some(23), "{data}");
    assert_eq!(data["rows"].as_array().map(Vec::len), Some(3));

    let csv = jdy(
        &["call", "bd.customer_list", "-q", "page_size=3", "-o", "csv"],
        &[],
    );
    let text = stdout(&csv);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4, "a header and three rows: {text}");
    assert!(lines[0].split(',').any(|c| c == "id"), "{}", lines[0]);
    let first_id = data["rows"][0]["id"].as_str().expect("an id");
    assert!(lines[1].contains(first_id), "{}", lines[1]);

    let table = jdy(
        &[
            "call",
            "bd.customer_list",
            "-q",
            "page_size=3",
            "-o",
            "table",
        ],
        &[],
    );
    let text = stdout(&table);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "header, rule and three rows: {text}");
    assert!(
        lines[1].chars().all(|c| c == '-' || c == ' '),
        "{}",
        lines[1]
    );
}

#[test]
fn endpoints_are_listed_and_filtered() {
    let all = jdy(&["endpoints"], &[]);
    assert_eq!(status(&all), 0);
    let text = stdout(&all);
    let customer = text
        .lines()
        .find(|l| l.starts_with("bd.customer_list "))
        .expect("the customer list is listed");
    assert!(customer.contains("GET") && customer.contains("/jdy/v2/bd/customer"));
    assert!(customer.ends_with("客户列表"), "{customer}");
    assert_eq!(text.lines().count(), jdy::mock::endpoints().count());

    let filtered = stdout(&jdy(&["endpoints", "customer"], &[]));
    assert!(filtered.lines().count() < text.lines().count());
    assert!(
        filtered.lines().all(|l| l.contains("customer")),
        "{filtered}"
    );

    let none = jdy(&["endpoints", "no-such-endpoint"], &[]);
    assert_eq!(status(&none), 2);
}

#[test]
fn describe_shows_the_fields_and_suggests_a_name_for_a_typo() {
    let output = jdy(&["describe", "bd.customer_list"], &[]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("GET /jdy/v2/bd/customer"), "{text}");
    assert!(text.contains("Query parameters:"), "{text}");
    assert!(
        text.contains("Answer (data): page<CustomerListRow>"),
        "{text}"
    );

    let typo = jdy(&["describe", "bd.custmer_list"], &[]);
    assert_eq!(status(&typo), 2);
    assert!(
        stderr(&typo).contains("did you mean bd.customer_list"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn sign_reproduces_the_documented_worked_example() {
    let env = [
        ("JDY_CLIENT_ID", "example-client"),
        ("JDY_CLIENT_SECRET", EXAMPLE_SECRET),
        ("JDY_APP_KEY", "bVZgAZOv1"),
        ("JDY_APP_SECRET", "example-app-secret"),
        ("JDY_DOMAIN", "https://tf.jdy.com"),
    ];
    let app_signature = format!("app_signature={EXAMPLE_APP_SIGNATURE}");
    let output = jdy(
        &[
            "sign",
            "/jdyconnector/app_management/kingdee_auth_token",
            "-q",
            "app_key=bVZgAZOv1",
            "-q",
            &app_signature,
            "--nonce",
            "4427456950",
            "--timestamp",
            "1670305063559",
        ],
        &env,
    );
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let string_to_sign = [
        "GET",
        "%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token",
        "app_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D",
        "x-api-nonce:4427456950",
        "x-api-timestamp:1670305063559",
    ]
    .map(|line| format!("   {line}\\n\n"))
    .concat();
    assert!(text.contains(&string_to_sign), "{text}");
    assert!(
        text.contains(&format!("   {EXAMPLE_SIGNATURE}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("  X-Api-Signature: {EXAMPLE_SIGNATURE}\n")),
        "{text}"
    );
    assert!(
        text.contains("  X-Api-ClientID: example-client\n"),
        "{text}"
    );
    // The token endpoint is not a business endpoint: no app-token, no router header.
    assert!(!text.contains("app-token"), "{text}");
    assert!(!text.contains(EXAMPLE_SECRET) && !text.contains("example-app-secret"));

    // `sign token` computes the app_signature from the account set's credentials.
    let token = jdy(&["sign", "token", "--nonce", "1", "--timestamp", "2"], &env);
    assert_eq!(status(&token), 0, "{}", stderr(&token));
    let expected = jdy::signing::app_signature("bVZgAZOv1", "example-app-secret");
    assert!(stdout(&token).contains(&format!("app_signature  {expected}\n")));
    assert!(!stdout(&token).contains("example-app-secret"));
}

#[test]
fn sign_needs_only_the_client_secret_and_names_what_a_token_request_also_needs() {
    let env = [("JDY_CLIENT_SECRET", EXAMPLE_SECRET)];
    let output = jdy(
        &[
            "sign",
            "bd.customer_list",
            "--nonce",
            "1",
            "--timestamp",
            "2",
        ],
        &env,
    );
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    // The same signature as with every credential set: only the secret is the key.
    let expected = jdy::signing::sign(
        EXAMPLE_SECRET,
        &jdy::signing::SigningInput {
            method: "GET",
            path: "/jdy/v2/bd/customer",
            query: &[],
            nonce: "1",
            timestamp: "2",
        },
    );
    assert!(
        text.contains(&format!("  X-Api-Signature: {}\n", expected.signature)),
        "{text}"
    );
    assert!(text.contains("  X-Api-ClientID: <client_id>\n"), "{text}");
    assert!(!text.contains(EXAMPLE_SECRET), "{text}");

    let token = jdy(&["sign", "token"], &env);
    assert_eq!(status(&token), 3, "{}", stderr(&token));
    let err = stderr(&token);
    assert!(
        err.contains("missing environment variables: JDY_APP_KEY, JDY_APP_SECRET"),
        "{err}"
    );
    assert!(
        !err.contains("JDY_DOMAIN") && !err.contains(EXAMPLE_SECRET),
        "{err}"
    );

    // A profile that sets the client_secret alone signs too, and names what `token` lacks.
    let dir = scratch();
    let file = dir.join("profiles");
    std::fs::write(
        &file,
        format!("[debug]\nclient_secret = {EXAMPLE_SECRET}\n"),
    )
    .unwrap();
    let path = file.to_string_lossy().into_owned();
    let profile_env = [("JDY_PROFILES", path.as_str())];
    let signed = jdy(
        &[
            "--profile",
            "debug",
            "sign",
            "bd.customer_list",
            "--nonce",
            "1",
            "--timestamp",
            "2",
        ],
        &profile_env,
    );
    assert_eq!(status(&signed), 0, "{}", stderr(&signed));
    assert!(stdout(&signed).contains(&expected.signature));
    let lacking = jdy(&["--profile", "debug", "sign", "token"], &profile_env);
    assert_eq!(status(&lacking), 3);
    assert!(
        stderr(&lacking).contains("profile [debug] does not set app_key, app_secret"),
        "{}",
        stderr(&lacking)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_jdy()"),
        ("zsh", "#compdef jdy"),
        ("fish", "complete -c jdy"),
    ] {
        let output = jdy(&["completions", shell], &[]);
        assert_eq!(status(&output), 0, "{shell}");
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("describe"), "{shell}");
    }
}

#[test]
fn help_documents_the_exit_statuses() {
    let help = stdout(&jdy(&["--help"], &[]));
    for line in [
        "2  usage",
        "3  credentials",
        "4  transport",
        "5  gateway",
        "6  service",
        "7  decode",
    ] {
        assert!(help.contains(line), "{line}: {help}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(status(&jdy(&["call"], &[])), 2);
    assert_eq!(status(&jdy(&["call", "bd.nope"], &[])), 2);
    assert_eq!(
        status(&jdy(&["call", "bd.customer_list", "-q", "novalue"], &[])),
        2
    );
    assert_eq!(
        status(&jdy(&["call", "bd.customer_save", "--body", "{"], &[])),
        2
    );
    assert_eq!(
        status(&jdy(&["call", "bd.customer_detail", "--all"], &[])),
        2
    );
}

#[test]
fn missing_or_incomplete_credentials_exit_with_3_and_never_show_a_secret() {
    let partial = jdy(
        &["call", "bd.customer_list"],
        &[
            ("JDY_CLIENT_ID", "id"),
            ("JDY_CLIENT_SECRET", "top-secret-value"),
        ],
    );
    assert_eq!(status(&partial), 3);
    let err = stderr(&partial);
    assert!(err.contains("JDY_APP_KEY"), "{err}");
    assert!(!err.contains("top-secret-value"), "{err}");

    let dir = scratch();
    let file = dir.join("profiles");
    std::fs::write(
        &file,
        "[shop]\nclient_id = id\nclient_secret = top-secret-value\n",
    )
    .unwrap();
    let path = file.to_string_lossy().into_owned();
    for profile in ["shop", "other"] {
        let output = jdy(
            &["--profile", profile, "call", "bd.customer_list"],
            &[("JDY_PROFILES", &path)],
        );
        assert_eq!(status(&output), 3, "{profile}: {}", stderr(&output));
        assert!(!stderr(&output).contains("top-secret-value"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_calls_the_gateway_it_names() {
    let mock = MockGateway::start().await.expect("mock starts");
    let credentials = mock.credentials();
    let secret = MockConfig::default().client_secret.expose().to_owned();
    let dir = scratch();
    let file = dir.join("profiles");
    let text = format!(
        "# the test's mock\n[mock]\nclient_id = {}\nclient_secret = {secret}\napp_key = {}\n\
         app_secret = {}\ndomain = {}\nbase_url = {}\n",
        credentials.client_id(),
        credentials.app_key(),
        MockConfig::default().app_secret.expose(),
        credentials.domain(),
        mock.base_url()
    );
    std::fs::write(&file, text).unwrap();
    let path = file.to_string_lossy().into_owned();
    let output = jdy_async(
        &[
            "--profile",
            "mock",
            "call",
            "bd.customer_list",
            "-o",
            "jsonl",
        ],
        &[("JDY_PROFILES", &path)],
    )
    .await;
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 10, "the default page size");
    assert!(
        !stderr(&output).contains("built-in mock"),
        "{}",
        stderr(&output)
    );
    assert!(mock
        .requests()
        .iter()
        .any(|r| r.path == "/jdy/v2/bd/customer"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_kind_of_failed_call_has_its_exit_status() {
    let mock = MockGateway::start().await.expect("mock starts");
    let right = MockConfig::default().client_secret.expose().to_owned();
    let base_url = mock.base_url().to_owned();
    let with = |secret: &str| mock_env(&mock, secret);

    // 5: the gateway refuses a wrong signature (4008 or 4005).
    let env = with("a-wrong-client-secret");
    let refused = jdy_async(
        &["--base-url", &base_url, "call", "bd.customer_list"],
        &borrowed(&env),
    )
    .await;
    assert_eq!(status(&refused), 5, "{}", stderr(&refused));
    assert!(!stderr(&refused).contains("a-wrong-client-secret"));

    // 6: the service refuses a detail of a customer it does not have.
    let env = with(&right);
    let missing = jdy_async(
        &[
            "--base-url",
            &base_url,
            "call",
            "bd.customer_detail",
            "-q",
            "id=404",
        ],
        &borrowed(&env),
    )
    .await;
    assert_eq!(status(&missing), 6, "{}", stderr(&missing));
    assert!(stderr(&missing).contains("errcode"), "{}", stderr(&missing));

    // 7: an answer cut off in the middle.
    mock.inject(Fault::Malformed, 1);
    let cut = jdy_async(
        &["--base-url", &base_url, "call", "bd.customer_list"],
        &borrowed(&env),
    )
    .await;
    assert_eq!(status(&cut), 7, "{}", stderr(&cut));

    // 4: nothing listens (the mock's port, once the mock is gone).
    drop(mock);
    let unreachable = jdy_async(
        &["--base-url", &base_url, "call", "bd.customer_list"],
        &borrowed(&env),
    )
    .await;
    assert_eq!(status(&unreachable), 4, "{}", stderr(&unreachable));
}

#[test]
fn jdy_mock_serves_the_gateway_that_jdy_call_reaches() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jdy"))
        .args(["mock", "--listen", "127.0.0.1:0", "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("jdy mock starts");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(
        child.stdout.take().expect("stdout"),
    ));
    // The banner, `accepting:`, then the five credentials as `  name  value`.
    let printed: Vec<String> = lines.by_ref().take(7).map_while(Result::ok).collect();
    let called = (printed.len() == 7).then(|| {
        let base_url = printed[0]
            .strip_prefix("jdy mock listening on ")
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_default()
            .to_owned();
        let values: Vec<&str> = printed[2..]
            .iter()
            .filter_map(|line| line.split_whitespace().nth(1))
            .collect();
        let env: Vec<(&str, &str)> = jdy::ENV_VARS.iter().copied().zip(values).collect();
        (
            base_url.clone(),
            jdy(&["--base-url", &base_url, "call", "bd.customer_list"], &env),
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    let (base_url, output) = called.unwrap_or_else(|| panic!("the banner, not {printed:?}"));
    assert!(base_url.starts_with("http://127.0.0.1:"), "{printed:?}");
    assert_eq!(printed[1], "accepting:");
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let data: Value = serde_json::from_str(&stdout(&output)).expect("the data as JSON");
    assert_eq!(whole_number(&data["count"]), Some(23), "{data}");
}
