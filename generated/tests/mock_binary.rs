//! The `jdy-mock` binary as a user runs it: it prints where it listens and the credentials it
//! accepts, the SDK works with exactly those, each request is one line on standard error
//! (without a secret), and a bad flag value is refused with exit status 2.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use jdy::bd::customer::CustomerListQuery;

const LIMIT: Duration = Duration::from_secs(20);

/// Kills the child when dropped, so that no mock outlives a failed assertion.
struct Running {
    child: Child,
    stdout: Receiver<String>,
    stderr: Option<thread::JoinHandle<String>>,
}

impl Running {
    fn spawn(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jdy-mock"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jdy-mock starts");
        let out = child.stdout.take().expect("stdout");
        let (send, stdout) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().expect("stderr");
        let stderr = Some(thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        }));
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// The next line of standard output.
    fn line(&self) -> String {
        self.stdout
            .recv_timeout(LIMIT)
            .expect("jdy-mock printed the next line in time")
    }

    /// Kills the mock and returns everything it wrote to standard error.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .expect("not stopped twice")
            .join()
            .expect("stderr reader")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the banner says.
struct Banner {
    base_url: String,
    endpoints: usize,
    credentials: jdy::Credentials,
}

/// Reads `jdy-mock listening on http://127.0.0.1:PORT (N endpoints)`, `accepting:` and the five
/// credential lines.
fn read_banner(mock: &Running) -> Banner {
    let first = mock.line();
    let rest = first
        .strip_prefix("jdy-mock listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
    let (base_url, count) = rest
        .split_once(" (")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
    let endpoints = count
        .strip_suffix(" endpoints)")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
    assert!(base_url.starts_with("http://127.0.0.1:"), "{first}");
    let port: u16 = base_url["http://127.0.0.1:".len()..]
        .parse()
        .unwrap_or_else(|_| panic!("no port in {first:?}"));
    assert_ne!(port, 0, "the real port, not the one asked for");
    assert_eq!(mock.line(), "accepting:");
    let value = |key: &str| {
        let line = mock.line();
        let mut parts = line.split_whitespace();
        assert_eq!(parts.next(), Some(key), "{line:?}");
        let value = parts.next().unwrap_or_default().to_string();
        assert!(parts.next().is_none(), "{line:?}");
        value
    };
    let client_id = value("client_id");
    let client_secret = value("client_secret");
    let app_key = value("app_key");
    let app_secret = value("app_secret");
    let domain = value("domain");
    Banner {
        base_url: base_url.to_string(),
        endpoints,
        credentials: jdy::Credentials::new(client_id, client_secret, app_key, app_secret, domain),
    }
}

fn client(banner: &Banner) -> jdy::Client {
    jdy::Client::builder(banner.credentials.clone())
        .base_url(banner.base_url.clone())
        .build()
        .expect("client")
}

/// Waits for the process to end by itself, within the limit.
fn wait(child: &mut Child) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        assert!(started.elapsed() < LIMIT, "jdy-mock did not exit");
        thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn the_sdk_works_against_the_binary_with_the_credentials_it_prints() {
    let mock = Running::spawn(&["--listen", "127.0.0.1:0", "--quiet"]);
    let banner = read_banner(&mock);
    assert_eq!(banner.endpoints, jdy::mock::endpoints().count());
    assert_eq!(banner.credentials.client_id(), "mock-client");
    let client = client(&banner);
    let page = tokio::time::timeout(LIMIT, client.bd().customer_list(&Default::default()))
        .await
        .expect("in time")
        .expect("customer_list through the binary");
    assert_eq!(page.rows.len(), 10);
    assert_eq!((page.count, page.total_page), (Some(23), Some(3)));
    let page = tokio::time::timeout(
        LIMIT,
        client.bd().customer_list(&CustomerListQuery {
            page: Some(3),
            ..Default::default()
        }),
    )
    .await
    .expect("in time")
    .expect("page 3");
    assert_eq!(page.rows.len(), 3);
    let stderr = mock.stop();
    assert_eq!(stderr, "", "--quiet prints nothing per request");
}

#[tokio::test]
async fn the_binary_takes_its_credentials_and_records_from_flags() {
    let mock = Running::spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--quiet",
        "--client-id",
        "flag-client",
        "--client-secret",
        "flag-client-secret",
        "--app-key",
        "flag-app-key",
        "--app-secret",
        "flag-app-secret",
        "--domain",
        "https://flag.jdy.local",
        "--records",
        "7",
    ]);
    let banner = read_banner(&mock);
    assert_eq!(banner.credentials.client_id(), "flag-client");
    assert_eq!(banner.credentials.app_key(), "flag-app-key");
    assert_eq!(banner.credentials.domain(), "https://flag.jdy.local");
    let expected = jdy::Credentials::new(
        "flag-client",
        "flag-client-secret",
        "flag-app-key",
        "flag-app-secret",
        "https://flag.jdy.local",
    );
    let client = jdy::Client::builder(expected)
        .base_url(banner.base_url.clone())
        .build()
        .unwrap();
    let page = tokio::time::timeout(LIMIT, client.bd().customer_list(&Default::default()))
        .await
        .expect("in time")
        .expect("customer_list with the flags' credentials");
    assert_eq!((page.rows.len(), page.count), (7, Some(7)));
    drop(mock);
}

#[tokio::test]
async fn without_quiet_each_request_is_one_stderr_line_without_a_secret() {
    let mock = Running::spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--client-secret",
        "CS-binary-e2e-77aa66bb55cc",
        "--app-secret",
        "AS-binary-e2e-44dd33ee22ff",
    ]);
    let banner = read_banner(&mock);
    let client = client(&banner);
    for _ in 0..2 {
        tokio::time::timeout(LIMIT, client.bd().customer_list(&Default::default()))
            .await
            .expect("in time")
            .expect("customer_list");
    }
    let err = tokio::time::timeout(
        LIMIT,
        client
            .bd()
            .customer_detail(&jdy::bd::customer::CustomerDetailQuery {
                id: Some("4242".into()),
                ..Default::default()
            }),
    )
    .await
    .expect("in time")
    .expect_err("unknown id");
    let request_id = err.request_id().expect("a request id").to_string();
    let stderr = mock.stop();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "stderr:\n{stderr}");
    let token = "GET /jdyconnector/app_management/kingdee_auth_token -> 200 0 token issued [mock-";
    assert!(
        lines[0].starts_with(&format!("jdy-mock: {token}")),
        "{}",
        lines[0]
    );
    for line in &lines[1..3] {
        assert!(
            line.starts_with("jdy-mock: GET /jdy/v2/bd/customer -> 200 0 ok [mock-"),
            "{line}"
        );
    }
    assert!(
        lines[3].starts_with("jdy-mock: GET /jdy/v2/bd/customer_detail -> 200 1030002003 "),
        "{}",
        lines[3]
    );
    assert!(
        lines[3].ends_with(&format!(" [{request_id}]")),
        "{} does not end with the request id {request_id}",
        lines[3]
    );
    for secret in [
        "CS-binary-e2e-77aa66bb55cc",
        "AS-binary-e2e-44dd33ee22ff",
        "mock-token-",
    ] {
        assert!(!stderr.contains(secret), "stderr shows {secret}:\n{stderr}");
    }
}

#[test]
fn a_transient_rate_over_1_exits_with_status_2_naming_the_flag() {
    for (flag, value) in [("--transient-rate", "2"), ("--malformed-rate", "-0.5")] {
        let argument = format!("{flag}={value}");
        let mut mock = Running::spawn(&["--listen", "127.0.0.1:0", "--quiet", &argument]);
        let status = wait(&mut mock.child);
        let stderr = mock.stop();
        assert_eq!(status.code(), Some(2), "{flag} {value}: stderr: {stderr}");
        assert!(stderr.contains(flag), "{flag} {value}: stderr: {stderr}");
    }
}
