//! The robustness harness (`jdy-robust`) in short: each target fed a fixed number of mutated
//! inputs from a fixed seed, and the inputs that once crashed, flooded or hung a part of the
//! SDK, replayed. Every input runs in a child process, so that a stack overflow or an abort
//! fails the test instead of killing it.
//!
//! Speed is not judged here (a debug build on a busy machine says little about it): the
//! one-second rule is checked by the longer campaign in release mode, as the README says.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use jdy_tests::robust::mutate::replace_line_ends;
use jdy_tests::robust::targets::{decode, repository};
use jdy_tests::robust::Input;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const HARNESS: &str = env!("CARGO_BIN_EXE_jdy-robust");

/// Runs the harness with `args`; whether it found nothing, and what it printed.
fn harness(args: &[&str]) -> (bool, String) {
    let output = Command::new(HARNESS)
        .args(args)
        // Timed judgement is for release builds: here only crashes and hangs count.
        .args(["--slow-ms", "30000", "--hang-seconds", "30", "--quiet"])
        .output()
        .expect("the harness runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// A short campaign with seed 1.
#[track_caller]
fn campaign(target: &str, inputs: u64) {
    let inputs = inputs.to_string();
    let args = [
        "--target",
        target,
        "--seed",
        "1",
        "--inputs",
        &inputs,
        "--seconds",
        "50",
    ];
    let (clean, printed) = harness(&args);
    assert!(clean, "jdy-robust {}:\n{printed}", args.join(" "));
    assert!(printed.contains(" inputs in "), "no summary:\n{printed}");
}

/// Saves `input` and replays it against `target`; fails with what the harness said.
#[track_caller]
fn replay(target: &str, name: &str, input: &Input) {
    let dir = std::env::temp_dir().join(format!("jdy-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file: PathBuf = dir.join(name);
    std::fs::write(&file, input.encode()).expect("the input is saved");
    let (clean, printed) = harness(&["--target", target, "--replay", &file.to_string_lossy()]);
    let _ = std::fs::remove_file(&file);
    assert!(clean, "replaying {name} against {target}:\n{printed}");
}

#[test]
fn spec_campaign_finds_nothing() {
    campaign("spec", 150);
}

#[test]
fn import_campaign_finds_nothing() {
    campaign("import", 300);
}

#[test]
fn decode_campaign_finds_nothing() {
    campaign("decode", 1000);
}

#[test]
fn mock_campaign_finds_nothing() {
    campaign("mock", 1000);
}

/// Replays a self-test input: what the harness said, or `None` if it found nothing.
fn self_test(way: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("jdy-robust-self-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join(way);
    std::fs::write(&file, Input::new(way, "").encode()).expect("the input is saved");
    let output = Command::new(HARNESS)
        .args(["--target", "self-test", "--replay", &file.to_string_lossy()])
        .args(["--slow-ms", "1000", "--hang-seconds", "10", "--quiet"])
        .args(["--findings", &dir.join("findings").to_string_lossy()])
        .output()
        .expect("the harness runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (!output.status.success()).then_some(printed)
}

#[test]
fn the_harness_reports_each_way_a_child_can_fail() {
    assert_eq!(self_test("fine"), None);
    for (way, expected) in [
        ("panic", "crash x1: panic: panicked at"),
        ("overflow", "overflowed its stack"),
        ("abort", "crash x1: signal 6"),
        ("slow", "slow x1: slower than 1s"),
        ("hang", "hang x1: no answer in 10s"),
    ] {
        let printed = self_test(way).unwrap_or_else(|| panic!("{way}: nothing found"));
        assert!(printed.contains(expected), "{way}: {printed}");
        assert!(
            printed.contains("self-test/"),
            "{way}: the input is not saved: {printed}"
        );
    }
}

/// A small resource whose one field has the type `type_expr`.
fn resource_with_type(type_expr: &str) -> Vec<u8> {
    format!(
        "title: 树\nendpoints:\n  detail:\n    title: 树详情\n    summary: 获取树\n    doc: https://open.example.com/tree\n    method: GET\n    path: /bd/tree\n    response: Node\ntypes:\n  Node:\n    description: 树节点\n    fields:\n      - name: id\n        type: {type_expr}\n"
    )
    .into_bytes()
}

#[test]
fn a_map_type_nested_2000_deep_is_refused_without_a_crash() {
    let nested = format!("{}json{}", "map<".repeat(2000), ">".repeat(2000));
    let input = Input::new(
        "fixtures/containers bd/tree.yaml",
        resource_with_type(&nested),
    );
    replay("spec", "map-2000", &input);
}

#[test]
fn a_map_type_nested_15_deep_still_loads() {
    // Just under the refusal: the spec loads and generates, in a child like any input.
    let nested = format!("{}json{}", "map<".repeat(15), ">".repeat(15));
    let input = Input::new(
        "fixtures/containers bd/tree.yaml",
        resource_with_type(&nested),
    );
    replay("spec", "map-15", &input);
}

#[test]
fn a_block_sequence_nested_4000_deep_is_refused_without_a_crash() {
    let mut text = "- ".repeat(4000);
    text.push_str("x\n");
    replay("spec", "dash-4000", &Input::new("spec bd/deep.yaml", text));
}

#[test]
fn a_flow_sequence_nested_4000_deep_is_refused_without_a_crash() {
    let text = format!("title: {}{}\n", "[".repeat(4000), "]".repeat(4000));
    replay("spec", "flow-4000", &Input::new("spec bd/deep.yaml", text));
}

/// The customer resource with `type: string` misspelt on every field: many problems, each
/// located (on main, a bare-CR file located each at line 1 with the whole file as excerpt).
fn customer_with_unknown_types() -> String {
    let path = repository().join("spec/bd/customer.yaml");
    let text = std::fs::read_to_string(path).expect("spec/bd/customer.yaml");
    text.replace("type: string", "type: strin")
}

#[test]
fn a_spec_file_with_bare_cr_line_ends_gives_short_diagnostics() {
    let bytes = replace_line_ends(customer_with_unknown_types().as_bytes(), b"\r");
    replay(
        "spec",
        "bare-cr",
        &Input::new("spec bd/customer.yaml", bytes),
    );
}

#[test]
fn a_spec_file_with_bare_cr_line_ends_is_located_by_line() {
    let text = customer_with_unknown_types();
    let first = text
        .lines()
        .position(|l| l.contains("type: strin"))
        .expect("a misspelt type")
        + 1;
    let dir = std::env::temp_dir().join(format!("jdy-robust-cr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bd")).expect("a temporary folder");
    for file in ["service.yaml", "shared.yaml"] {
        std::fs::copy(repository().join("spec").join(file), dir.join(file)).expect("a copy");
    }
    for (end, name) in [(&b"\r"[..], "CR"), (b"\r\n", "CRLF"), (b"\n", "LF")] {
        let bytes = replace_line_ends(text.as_bytes(), end);
        std::fs::write(dir.join("bd/customer.yaml"), bytes).expect("the file is written");
        let problems = jdy_codegen::load_spec(&dir, "spec").expect_err("unknown types");
        let shown = problems.to_string();
        let expected = format!("bd/customer.yaml:{first}:");
        assert!(
            shown.contains(&expected),
            "{name} line ends: the first misspelt type (line {first}) is not located as \
             {expected}; the diagnostics start: {}",
            shown.chars().take(600).collect::<String>()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn answers_of_1_mb_give_short_errors() {
    let megabyte = "x".repeat(1 << 20);
    let not_json = decode::http_answer("200 OK", &megabyte, &[]);
    replay("decode", "1mb-not-json", &Input::new("answer", not_json));
    let description = format!(r#"{{"errcode":1030002003,"description":"{megabyte}"}}"#);
    let business = decode::http_answer("200 OK", &description, &[]);
    replay("decode", "1mb-description", &Input::new("answer", business));
    let gateway = format!(r#"{{"errcode":4008,"description":"{megabyte}[GW]"}}"#);
    let refused = decode::http_answer("519 ", &gateway, &[("X-Api-Requestid", "r")]);
    replay("decode", "1mb-gateway", &Input::new("answer", refused));
    let data = format!(r#"{{"rows":[{{"id":"{megabyte}","name":1,"number":[]}}]}}"#);
    replay("decode", "1mb-row", &Input::new("page", data));
}

/// How long the mock below gives a client to send its request head.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a stalled connection may stay open: the timeout, and time for a busy machine.
const STALLED_LIMIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_connections_do_not_stop_the_mock_and_are_closed() {
    let config = jdy::mock::MockConfig {
        limits: jdy::mock::MockLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            ..Default::default()
        },
        ..Default::default()
    };
    let mock = jdy::mock::MockGateway::start_with(config)
        .await
        .expect("the mock starts");
    let mut stalled = Vec::new();
    for _ in 0..50 {
        let mut stream = tokio::net::TcpStream::connect(mock.address())
            .await
            .expect("a connection");
        stream
            .write_all(b"GET /jdy/v2/bd/customer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-")
            .await
            .expect("half a header is sent");
        stalled.push(stream);
    }
    let client = jdy_tests::single_shot_client(&mock);
    let page = jdy_tests::within(client.bd().customer_list(&Default::default()))
        .await
        .expect("a normal client is served beside the stalled connections");
    assert!(!page.rows.is_empty());

    let started = Instant::now();
    for (i, stream) in stalled.iter_mut().enumerate() {
        let left = STALLED_LIMIT.saturating_sub(started.elapsed());
        let mut buf = [0u8; 1024];
        let closed = loop {
            match tokio::time::timeout(left, stream.read(&mut buf)).await {
                // An answer (408, 400) may come before the close: read on to the end.
                Ok(Ok(n)) if n > 0 => continue,
                Ok(_) => break true,
                Err(_) => break false,
            }
        };
        assert!(
            closed,
            "stalled connection {i} is still open after {:?}",
            started.elapsed()
        );
    }
}
