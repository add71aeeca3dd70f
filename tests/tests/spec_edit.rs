//! "Edit the spec, cargo build": end to end, as a user would. A copy of the workspace gets a new
//! resource file (`spec/bd/unit.yaml`, 计量单位列表) and a small binary that calls the new
//! endpoint against the in-process mock; `cargo run` must build the new method from the YAML
//! alone and the mock must serve it from the documented example. Then the build script's
//! caching promise: an unchanged spec does not rerun it, a touched spec file does.
//!
//! The copy builds in its own target folder under `CARGO_TARGET_TMPDIR` (the outer `cargo test`
//! may hold the lock of its own), kept between runs so that only the first run compiles the
//! dependencies.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::time::{Duration, Instant};

/// The first build compiles every dependency: minutes on a small machine.
const COLD_LIMIT: Duration = Duration::from_secs(30 * 60);
const WARM_LIMIT: Duration = Duration::from_secs(10 * 60);

const UNIT_YAML: &str = r#"title: 计量单位

endpoints:
  list:
    title: 计量单位列表
    summary: 获取计量单位列表
    doc: https://open.jdy.com/#/files/api/detail?index=3&categrayId=&id=unit-list
    category: [基础资料, 计量单位]
    method: GET
    path: /jdy/v2/bd/unit
    query:
      - name: page
        type: integer
        description: 当前页，默认1
        default: "1"
      - name: page_size
        type: integer
        description: 每页显示条数，默认10
        default: "10"
      - name: search
        type: string
        description: 模糊搜索-名称或编码
    response: page<UnitRow>
    examples:
      request_query: page=1&page_size=10&search=个
      response: |
        {
          "data": {
            "count": "2",
            "page": 1,
            "page_size": 10,
            "rows": [
              {"id": "1001", "name": "个", "number": "001", "precision": 0},
              {"id": "1002", "name": "箱", "number": "002", "precision": 2}
            ],
            "total_page": 1
          },
          "description": "success",
          "errcode": 0
        }

types:
  UnitRow:
    description: 计量单位
    fields:
      - name: id
        type: string
        description: 计量单位id
      - name: name
        type: string
        description: 名称
      - name: number
        type: string
        description: 编码
      - name: precision
        type: integer
        description: 精度
"#;

const PROBE_TOML: &str = r#"[package]
name = "probe"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
jdy = { workspace = true, features = ["bd", "mock"] }
tokio = { workspace = true, features = ["macros", "rt"] }
"#;

const PROBE_MAIN: &str = r#"//! Calls the endpoint added to the spec, against the in-process mock gateway.

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mock = jdy::mock::MockGateway::start().await.expect("the mock starts");
    let client = mock.client().expect("a client of the mock");
    let page = client
        .bd()
        .unit_list(&Default::default())
        .await
        .expect("unit_list");
    let first = page
        .rows
        .first()
        .map(|row| {
            format!(
                "{}/{}",
                row.name.as_deref().unwrap_or("?"),
                row.number.as_deref().unwrap_or("?")
            )
        })
        .unwrap_or_default();
    println!(
        "rows={} total_page={} count={} first={first}",
        page.rows.len(),
        page.total_page.unwrap_or(-1),
        page.count.unwrap_or(-1)
    );
}
"#;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

/// Writes `contents` unless the file already holds exactly that, so that unchanged files keep
/// their modification time and cargo's fingerprints stay valid between runs.
fn write_if_changed(path: &Path, contents: &[u8]) {
    if fs::read(path).ok().as_deref() == Some(contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Makes `to` a copy of the folder `from`: same files, same contents, nothing else.
fn sync_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let mut names = Vec::new();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let (source, name) = (entry.path(), entry.file_name());
        let target = to.join(&name);
        if source.is_dir() {
            sync_dir(&source, &target);
        } else {
            let contents =
                fs::read(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
            write_if_changed(&target, &contents);
        }
        names.push(name);
    }
    for entry in fs::read_dir(to).expect("the copy") {
        let entry = entry.expect("directory entry");
        if !names.contains(&entry.file_name()) {
            let path = entry.path();
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            removed.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// The root manifest with `members` rewritten.
fn root_manifest(original: &str) -> String {
    let mut found = false;
    let lines: Vec<String> = original
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("members") {
                found = true;
                r#"members = ["codegen", "generated", "probe"]"#.to_string()
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(
        found,
        "no `members` line in the root Cargo.toml:\n{original}"
    );
    lines.join("\n") + "\n"
}

/// The manifest of `generated` without its `[[test]]` and `[[bench]]` targets, whose files are
/// not copied.
fn without_test_targets(original: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in original.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            skipping = trimmed == "[[test]]" || trimmed == "[[bench]]";
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Copies what a user's checkout needs (and nothing of `examples/` or `tests/`), adds the new
/// resource file and the probe. Returns the workspace folder.
fn prepare(workspace: &Path) {
    let repo = repository();
    let read =
        |path: &str| fs::read_to_string(repo.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    write_if_changed(&workspace.join("Cargo.lock"), read("Cargo.lock").as_bytes());
    write_if_changed(
        &workspace.join("Cargo.toml"),
        root_manifest(&read("Cargo.toml")).as_bytes(),
    );
    write_if_changed(
        &workspace.join("codegen/Cargo.toml"),
        read("codegen/Cargo.toml").as_bytes(),
    );
    sync_dir(&repo.join("codegen/src"), &workspace.join("codegen/src"));
    let generated = without_test_targets(&read("generated/Cargo.toml"));
    assert!(!generated.contains("[[test]]"), "{generated}");
    write_if_changed(
        &workspace.join("generated/Cargo.toml"),
        generated.as_bytes(),
    );
    write_if_changed(
        &workspace.join("generated/build.rs"),
        read("generated/build.rs").as_bytes(),
    );
    sync_dir(
        &repo.join("generated/src"),
        &workspace.join("generated/src"),
    );
    sync_dir(&repo.join("spec"), &workspace.join("spec"));
    // As in the repository, the package's `spec` is a link to the workspace's.
    #[cfg(unix)]
    if fs::symlink_metadata(workspace.join("generated/spec")).is_err() {
        std::os::unix::fs::symlink("../spec", workspace.join("generated/spec"))
            .expect("the spec link");
    }
    write_if_changed(&workspace.join("spec/bd/unit.yaml"), UNIT_YAML.as_bytes());
    write_if_changed(&workspace.join("probe/Cargo.toml"), PROBE_TOML.as_bytes());
    write_if_changed(&workspace.join("probe/src/main.rs"), PROBE_MAIN.as_bytes());
}

/// One cargo command's outcome.
struct Run {
    what: String,
    status: ExitStatus,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    /// Everything cargo said, for assertion messages.
    fn report(&self) -> String {
        format!(
            "`{}` exited with {} after {:.1?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.what, self.status, self.took, self.stdout, self.stderr
        )
    }

    #[track_caller]
    fn assert_success(&self) {
        assert!(self.status.success(), "{}", self.report());
    }

    /// Whether cargo ran the build script of `jdy` itself (not of `jdy-codegen`, which has
    /// none, nor of a dependency): a `Running` line naming `.../build/jdy-<hash>/build-script-build`.
    fn ran_jdy_build_script(&self) -> bool {
        self.stderr.lines().any(|line| {
            line.trim_start().starts_with("Running")
                && line.contains("build-script-build")
                && line.split(['/', '\\']).any(|part| {
                    part.strip_prefix("jdy-").is_some_and(|hash| {
                        !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit())
                    })
                })
        })
    }
}

async fn cargo(workspace: &Path, target: &Path, args: &[&str], limit: Duration) -> Run {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let what = format!("cargo {}", args.join(" "));
    let started = Instant::now();
    let output = tokio::time::timeout(
        limit,
        tokio::process::Command::new(program)
            .args(args)
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("JDY_SPEC_DIR")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .unwrap_or_else(|_| panic!("`{what}` did not finish within {limit:?}"))
    .unwrap_or_else(|e| panic!("`{what}` could not start: {e}"));
    let run = Run {
        what,
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    };
    eprintln!("spec_edit: `{}` took {:.1?}", run.what, run.took);
    run
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_added_to_the_spec_becomes_a_method_the_mock_serves_after_cargo_build() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec_edit");
    let workspace = scratch.join("workspace");
    let target = scratch.join("target");
    prepare(&workspace);

    // The new endpoint, generated from the YAML alone and served by the mock from its
    // documented example rows (23 records by default: a first page of 10 out of 3).
    let probe = cargo(
        &workspace,
        &target,
        &["run", "-p", "probe", "--offline", "-q"],
        COLD_LIMIT,
    )
    .await;
    probe.assert_success();
    assert_eq!(
        probe.stdout.trim(),
        "rows=10 total_page=3 count=23 first=个/001",
        "{}",
        probe.report()
    );

    // Nothing changed: the second of two builds finds jdy fresh and does not rerun its
    // build script. Built with the probe's features, so that nothing is compiled anew.
    let build = ["build", "-p", "probe", "--offline", "-v"];
    cargo(&workspace, &target, &build, WARM_LIMIT)
        .await
        .assert_success();
    let unchanged = cargo(&workspace, &target, &build, WARM_LIMIT).await;
    unchanged.assert_success();
    assert!(
        unchanged.stderr.contains("Fresh jdy "),
        "jdy is not fresh:\n{}",
        unchanged.report()
    );
    assert!(
        !unchanged.ran_jdy_build_script(),
        "the build script ran again without a change:\n{}",
        unchanged.report()
    );

    // A touched spec file: the build script runs again.
    let unit = workspace.join("spec/bd/unit.yaml");
    let mut text = fs::read_to_string(&unit).expect("unit.yaml");
    text.push('\n');
    fs::write(&unit, text).expect("unit.yaml");
    let touched = cargo(&workspace, &target, &build, WARM_LIMIT).await;
    touched.assert_success();
    assert!(
        touched.ran_jdy_build_script(),
        "the build script did not run after the spec changed:\n{}",
        touched.report()
    );

    // A broken spec: the build fails with the problem located, and the report is not buried
    // under cargo's bookkeeping (no `rerun-if-changed` line per spec file).
    fs::write(&unit, UNIT_YAML.replace("page<UnitRow>", "page<UnitRows>")).expect("unit.yaml");
    let broken = cargo(&workspace, &target, &build, WARM_LIMIT).await;
    assert!(!broken.status.success(), "{}", broken.report());
    assert!(
        broken.stderr.contains("unit.yaml:") && broken.stderr.contains("UnitRows"),
        "{}",
        broken.report()
    );
    let output = format!("{}{}", broken.stdout, broken.stderr);
    assert!(!output.contains("rerun-if-changed"), "{}", broken.report());
    fs::write(&unit, UNIT_YAML).expect("unit.yaml");
}

#[test]
fn the_workspace_copy_rewrites_members_and_drops_test_targets() {
    let root = root_manifest("[workspace]\nresolver = \"2\"\nmembers = [\"a\", \"b\"]\n\n[x]\n");
    assert_eq!(
        root,
        "[workspace]\nresolver = \"2\"\nmembers = [\"codegen\", \"generated\", \"probe\"]\n\n[x]\n"
    );
    let manifest = "[package]\nname = \"jdy\"\n\n[[test]]\nname = \"t\"\npath = \"tests/t.rs\"\n\n[features]\nmock = []\n";
    assert_eq!(
        without_test_targets(manifest),
        "[package]\nname = \"jdy\"\n\n[features]\nmock = []\n"
    );
}
