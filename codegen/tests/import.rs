//! The importer of documentation pages (`jdy-codegen import`).
//!
//! Each folder of `tests/import/cases/` holds small pages written for the purpose (and maybe an
//! `overrides.yaml`); what the import writes, warns and sums up is pinned as one snapshot per
//! case, and what it writes must load without a problem. The import is deterministic whatever
//! the order of its inputs. And the three customer pages (copied in `tests/import/customer/`),
//! imported with `spec/overrides.yaml`, give the model of the hand-reviewed
//! `spec/bd/customer.yaml`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jdy_codegen::import::{self, Import, Input, Overrides, ValueSets};
use jdy_codegen::spec::Spec;
use jdy_codegen::{load_spec, Diagnostics};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The pages of a folder, and its `overrides.yaml` and `shared.yaml` if it has them.
fn read_folder(dir: &Path) -> (Vec<Input>, Overrides) {
    let inputs = import::read_inputs(&[dir.to_path_buf()])
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut overrides = match fs::read_to_string(dir.join("overrides.yaml")) {
        Ok(text) => Overrides::parse("overrides.yaml", &text)
            .unwrap_or_else(|errors| panic!("{}: broken overrides: {errors:?}", dir.display())),
        Err(_) => Overrides::default(),
    };
    if let Ok(text) = fs::read_to_string(dir.join("shared.yaml")) {
        overrides.value_sets = ValueSets::parse(&text)
            .unwrap_or_else(|e| panic!("{}: broken shared.yaml: {e}", dir.display()));
    }
    (inputs, overrides)
}

/// spec/overrides.yaml, with the value sets of spec/shared.yaml.
fn project_overrides() -> Overrides {
    let text = fs::read_to_string(spec_dir().join("overrides.yaml")).expect("spec/overrides.yaml");
    let mut overrides = Overrides::parse("spec/overrides.yaml", &text)
        .unwrap_or_else(|errors| panic!("spec/overrides.yaml is broken: {errors:?}"));
    let shared = fs::read_to_string(spec_dir().join("shared.yaml")).expect("spec/shared.yaml");
    overrides.value_sets = ValueSets::parse(&shared).expect("spec/shared.yaml");
    overrides
}

fn cases() -> Vec<(String, PathBuf)> {
    let dir = tests_dir().join("import/cases");
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .expect("tests/import/cases")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

/// What a reader of a snapshot sees: the warnings, the summary, then each file.
fn report(result: &Import) -> String {
    let mut out = String::from("== warnings\n");
    for w in &result.warnings {
        out.push_str(&format!("{w}\n"));
    }
    out.push_str("\n== summary\n");
    out.push_str(&result.summary.to_string());
    for file in &result.files {
        out.push_str(&format!("\n== {}\n{}", file.path, file.contents));
    }
    out
}

fn temp_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "jdy-import-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// The project's service.yaml with the modules the import used.
fn service_yaml(modules: &[(String, String)]) -> String {
    let text = fs::read_to_string(spec_dir().join("service.yaml")).expect("spec/service.yaml");
    let start = text.find("modules:\n").expect("a modules: block");
    let end = start
        + text[start..]
            .find("\n\n")
            .expect("a blank line after modules:");
    let mut block = String::from("modules:");
    for (name, title) in modules {
        block.push_str(&format!("\n  {name}: {title}"));
    }
    format!("{}{block}{}", &text[..start], &text[end..])
}

/// Writes the import's files with a service.yaml (and the shared.yaml they refer to), and loads
/// them.
fn load_imported(result: &Import, shared: Option<&Path>) -> Result<Spec, Diagnostics> {
    let dir = temp_dir();
    if let Some(shared) = shared {
        fs::copy(shared, dir.join("shared.yaml")).expect("a shared.yaml");
    }
    fs::write(
        dir.join("service.yaml"),
        service_yaml(&result.summary.modules),
    )
    .unwrap();
    import::write_files(&dir, &result.files).unwrap();
    let spec = load_spec(&dir, "imported");
    let _ = fs::remove_dir_all(&dir);
    spec
}

#[test]
fn every_case_is_pinned_and_its_output_loads() {
    let cases = cases();
    assert!(cases.len() >= 9, "only {} cases", cases.len());
    for (name, dir) in cases {
        let (inputs, overrides) = read_folder(&dir);
        let result = import::import(&inputs, &overrides);
        insta::assert_snapshot!(name.as_str(), report(&result));
        if !result.files.is_empty() {
            let shared = dir.join("shared.yaml");
            let shared = shared.exists().then_some(shared.as_path());
            if let Err(diagnostics) = load_imported(&result, shared) {
                panic!("case {name}: the import does not load:\n{diagnostics}");
            }
        }
    }
}

#[test]
fn every_warning_names_its_page() {
    for (name, dir) in cases() {
        let (inputs, overrides) = read_folder(&dir);
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        for w in import::import(&inputs, &overrides).warnings {
            assert!(names.contains(&w.page.as_str()), "{name}: {w}");
            assert!(!w.message.is_empty(), "{name}: {w}");
        }
    }
}

/// The same pages give the same bytes: imported twice, and given in other orders.
#[test]
fn import_is_deterministic_whatever_the_order_of_pages() {
    let mut folders: Vec<PathBuf> = cases().into_iter().map(|(_, d)| d).collect();
    folders.push(tests_dir().join("import/customer"));
    for dir in folders {
        let (inputs, mut overrides) = read_folder(&dir);
        if dir.ends_with("customer") {
            overrides = project_overrides();
        }
        let first = import::import(&inputs, &overrides);
        assert_eq!(
            first,
            import::import(&inputs, &overrides),
            "{}",
            dir.display()
        );
        let mut reversed = inputs.clone();
        reversed.reverse();
        assert_eq!(
            first,
            import::import(&reversed, &overrides),
            "{}",
            dir.display()
        );
        let mut rotated = inputs.clone();
        rotated.rotate_left(inputs.len() / 2);
        assert_eq!(
            first,
            import::import(&rotated, &overrides),
            "{}",
            dir.display()
        );
    }
}

/// What the import writes is written once: a second write of the same files changes nothing.
#[test]
fn writing_again_leaves_files_untouched() {
    let (inputs, overrides) = read_folder(&tests_dir().join("import/cases/list_detail_save"));
    let result = import::import(&inputs, &overrides);
    let dir = temp_dir();
    assert_eq!(
        import::write_files(&dir, &result.files).unwrap(),
        result.files.len()
    );
    assert_eq!(import::write_files(&dir, &result.files).unwrap(), 0);
    for file in &result.files {
        assert_eq!(
            fs::read_to_string(dir.join(&file.path)).unwrap(),
            file.contents
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_project_overrides_parse_and_stay_few() {
    let overrides = project_overrides();
    for page in ["客户详情.md", "客户保存.md"] {
        assert!(overrides.pages.contains_key(page), "{page}");
    }
    assert!(
        overrides.value_sets.len() > 100,
        "spec/shared.yaml's value sets"
    );
    // Rules decide what the pages say; a correction is for a documentation error no rule can
    // decide.
    let corrections = overrides.corrections();
    assert!(
        (10..=30).contains(&corrections),
        "{corrections} corrections in spec/overrides.yaml"
    );
}

#[test]
fn broken_overrides_are_reported_with_their_place() {
    let text = fs::read_to_string(tests_dir().join("import/broken_overrides.yaml")).unwrap();
    let errors = Overrides::parse("broken_overrides.yaml", &text).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("broken_overrides", shown.join("\n"));
}

#[test]
fn a_warning_is_one_line_however_much_of_the_page_it_quotes() {
    let warning = import::Warning {
        page: "p.md".into(),
        line: 3,
        message: format!("cannot read `{}`\nthe next line", "长".repeat(10_000)),
    };
    let shown = warning.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(
        shown.chars().count() < 450,
        "{} characters",
        shown.chars().count()
    );
    assert!(
        shown.starts_with("warning: p.md:3: cannot read `长长"),
        "{shown}"
    );
}

#[test]
fn a_broken_overrides_file_shows_fifty_problems_on_one_line_each_and_counts_the_rest() {
    // 60 problems: a `kind` of 100,000 characters that is no name and has no reason, and 58
    // fields corrected without a reason.
    let mut text = format!(
        "pages:\n  a.md:\n    kind: {}\n    fields:\n",
        "X".repeat(100_000)
    );
    for i in 0..58 {
        text.push_str(&format!("      query.f{i}:\n        type: integer\n"));
    }
    let dir = temp_dir();
    let overrides = dir.join("overrides.yaml");
    fs::write(&overrides, text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jdy-codegen"))
        .arg("import")
        .arg(tests_dir().join("import/customer"))
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--overrides")
        .arg(&overrides)
        .output()
        .expect("jdy-codegen runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("error: ")).count(),
        50,
        "{stderr}"
    );
    assert!(
        lines.contains(&"... and 10 more problems not shown"),
        "{stderr}"
    );
    assert!(
        lines.contains(&"the overrides have 60 problems: nothing was imported"),
        "{stderr}"
    );
    assert!(
        lines.iter().all(|l| l.chars().count() < 600),
        "a line is too long"
    );
    assert!(!dir.join("out").exists(), "nothing is written");
}

/// The committed customer file is exactly what the importer makes of the three customer pages
/// (copies kept as test data) with the project's corrections, so this test runs without the
/// documentation beside the project.
#[test]
fn the_customer_pages_give_the_committed_spec() {
    let (inputs, _) = read_folder(&tests_dir().join("import/customer"));
    let result = import::import(&inputs, &project_overrides());
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    assert_eq!(result.files.len(), 1);
    assert_eq!(result.files[0].path, "bd/customer.yaml");
    let committed = std::fs::read_to_string(spec_dir().join("bd/customer.yaml"))
        .expect("spec/bd/customer.yaml");
    assert!(
        result.files[0].contents == committed,
        "importing the three customer pages with spec/overrides.yaml no longer gives \
         spec/bd/customer.yaml"
    );
    load_imported(&result, Some(&spec_dir().join("shared.yaml"))).unwrap_or_else(|d| panic!("{d}"));
}

/// The whole documentation, when it is next to the project (`../shared/jdy-docs`, or the folder
/// named by `JDY_DOCS`): every page imports and the result loads.
#[test]
fn the_whole_documentation_imports_and_loads_when_present() {
    let docs = std::env::var_os("JDY_DOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/jdy-docs"));
    if !docs.is_dir() {
        println!(
            "skipped: no documentation pages at {} (set JDY_DOCS to run this test)",
            docs.display()
        );
        return;
    }
    let inputs = import::read_inputs(&[docs]).unwrap();
    let result = import::import(&inputs, &project_overrides());
    println!("{}", result.summary);
    assert!(result.summary.endpoints > 300, "{}", result.summary);
    if let Err(diagnostics) = load_imported(&result, Some(&spec_dir().join("shared.yaml"))) {
        panic!("the imported documentation does not load:\n{diagnostics}");
    }
}

/// The names of the types each file of an import defines: `(file, type)`.
fn type_names(result: &Import) -> std::collections::BTreeSet<(String, String)> {
    let mut names = std::collections::BTreeSet::new();
    for file in &result.files {
        let mut in_types = false;
        for line in file.contents.lines() {
            if line == "types:" {
                in_types = true;
            } else if in_types && line.starts_with("  ") && !line.starts_with("   ") {
                let name = line.trim().trim_end_matches(':');
                names.insert((file.path.clone(), name.to_string()));
            } else if !line.is_empty() && !line.starts_with(' ') {
                in_types = false;
            }
        }
    }
    names
}

/// Adding a page never renames a type the other pages already had: a program that uses
/// `CustomerListRow` or `AuditStatus` still compiles after the next import. Each page of each
/// case (and of the customer pages, with the project's corrections) is left out in turn; every
/// type of that smaller import keeps its name, in its file, once the page is back. (The case
/// of corrections is left out: a correction there names a type that another page defines on
/// purpose.)
#[test]
fn one_more_page_never_renames_a_type() {
    let mut folders: Vec<(PathBuf, Overrides)> = cases()
        .into_iter()
        .filter(|(_, dir)| !dir.join("overrides.yaml").exists())
        .map(|(_, dir)| {
            let (_, overrides) = read_folder(&dir);
            (dir, overrides)
        })
        .collect();
    folders.push((tests_dir().join("import/customer"), project_overrides()));
    for (dir, overrides) in folders {
        let (inputs, _) = read_folder(&dir);
        let all = type_names(&import::import(&inputs, &overrides));
        for left_out in 0..inputs.len() {
            let mut fewer = inputs.clone();
            let page = fewer.remove(left_out).name;
            let before = type_names(&import::import(&fewer, &overrides));
            let renamed: Vec<_> = before.difference(&all).collect();
            assert!(
                renamed.is_empty(),
                "{}: adding {page} renames {renamed:?}",
                dir.display()
            );
        }
    }
}

/// A save page of the `bd` module whose body table has `rows` (the lines of a Markdown table),
/// and whose request example sends `example` (the text of a JSON object).
fn save_page(rows: &[String], example: &str, types: &str) -> Input {
    let text = format!(
        "---\ntitle: \"物品保存\"\nmodule: [\"基础资料\", \"物品\"]\n---\n\n# 物品保存\n\n### 基本信息\n\n\
-   用途说明：保存物品\n-   请求方式：POST\n-   请求地址：https://api.kingdee.com/jdy/v2/bd/thing\\_save\n\n\
### 请求参数\n\n#### body参数\n\n| 参数名称 | 参数类型 | 是否必填 | 参数说明 |\n| --- | --- | --- | --- |\n{}\n{types}\n\
#### 请求示例\n\n```bash\ncurl --location --request post 'https://api.kingdee.com/jdy/v2/bd/thing_save' \\\n--data-row '{example}'\n```\n\n\
### 响应参数\n\n| 参数名称 | 参数类型 | 参数说明 |\n| --- | --- | --- |\n| errcode | integer | 返回码 |\n\
| description | string | 返回信息 |\n| data | Data | 业务返回具体对象 |\n\n**Data**\n\n\
| 参数名称 | 参数类型 | 参数说明 |\n| --- | --- | --- |\n| id | string | ID |\n",
        rows.join("\n")
    );
    Input {
        name: "物品保存.md".into(),
        text,
    }
}

#[test]
fn a_name_too_long_for_a_yaml_key_is_written_so_that_the_loader_reads_it() {
    // The type of `bbb...` is named after it: `ThingSaveBbb...`, a key of over 1,024
    // characters under `types:`, which YAML reads only in its explicit form (`? key`).
    let long = "b".repeat(1100);
    let rows = [format!("| {long} | List<{long}> | false | 名称 |")];
    let types = format!("\n**{long}**\n\n| 参数名称 | 参数类型 | 是否必填 | 参数说明 |\n| --- | --- | --- | --- |\n| x | string | false | 说明 |\n");
    let result = import::import(&[save_page(&rows, "{}", &types)], &Overrides::default());
    let file = &result.files[0].contents;
    assert!(
        file.contains(&format!("  ? ThingSaveB{}\n  :\n", &long[1..])),
        "{file}"
    );
    let spec = load_imported(&result, None).unwrap_or_else(|d| panic!("{d}"));
    let thing = &spec.resources[0];
    assert!(thing.types.iter().any(|t| t.name.chars().count() > 1024));
}

#[test]
fn a_page_of_thousands_of_rows_imports_every_one_once() {
    // Thousands of distinct fields sent in the example, then thousands listed under one name:
    // each is kept or warned about once (the import time grows with the page, see the README).
    let mut rows: Vec<String> = (0..3000)
        .map(|i| format!("| field\\_{i} | string | false | 字段{i} 状态1：启用0：禁用 |"))
        .collect();
    rows.extend((0..3000).map(|_| "| name | string | false | 名称 |".to_string()));
    let example: Vec<String> = (0..3000).map(|i| format!("\"field_{i}\":\"1\"")).collect();
    let page = save_page(&rows, &format!("{{{}}}", example.join(", ")), "");
    let result = import::import(&[page], &Overrides::default());
    let twice = result
        .warnings
        .iter()
        .filter(|w| w.message == "`name` is listed twice in this table: the second row is skipped")
        .count();
    assert_eq!(twice, 2999);
    assert_eq!(result.summary.fields, 3001 + 1);
    load_imported(&result, None).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn a_documented_type_nested_thousands_deep_imports_as_deep_as_the_spec_allows_and_loads() {
    let deep = format!("{}string{}", "List<".repeat(5000), ">".repeat(5000));
    let within = format!("{}string{}", "List<".repeat(16), ">".repeat(16));
    let rows = [
        format!("| deep | {deep} | false | 说明 |"),
        format!("| within | {within} | false | 说明 |"),
    ];
    let result = import::import(&[save_page(&rows, "{}", "")], &Overrides::default());
    let file = &result.files[0].contents;
    // Read as deep as the spec allows, the rest unknown (`json`).
    let kept = format!("{}json{}", "list<".repeat(16), ">".repeat(16));
    assert!(
        file.contains(&format!("      - name: deep\n        type: {kept}\n")),
        "{file}"
    );
    let spec = load_imported(&result, None).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(spec.resources.len(), 1);
}

#[test]
fn overrides_nested_thousands_deep_are_refused_with_their_place() {
    let deep = format!("pages:\n  a.md:\n    note: {}\n", "[".repeat(5000));
    let errors = Overrides::parse("overrides.yaml", &deep).unwrap_err();
    assert_eq!(errors.len(), 1);
    let text = errors[0].to_string();
    assert!(text.contains("overrides.yaml:3:"), "{text}");
    assert!(text.contains("nests more than 64 levels deep"), "{text}");
    assert!(ValueSets::parse(&deep)
        .unwrap_err()
        .contains("nests more than 64 levels deep"));
}

#[test]
fn tables_nested_thousands_deep_are_read_some_levels_deep_and_the_rest_as_json() {
    // `x` is a `T0`, whose `y` is a `T1`, ... each described by a table of its own.
    let rows = ["| x | List<T0> | false | 说明 |".to_string()];
    let types: String = (0..3000)
        .map(|i| format!("\n**T{i}**\n\n| 参数名称 | 参数类型 | 是否必填 | 参数说明 |\n| --- | --- | --- | --- |\n| y | List<T{}> | false | 说明 |\n", i + 1))
        .collect();
    let result = import::import(&[save_page(&rows, "{}", &types)], &Overrides::default());
    assert!(
        result.warnings.iter().any(|w| w
            .message
            .ends_with("a table inside 32 others: imported as `json`")),
        "{:?}",
        &result.warnings[..3]
    );
    // Every table is still a type of the file (the ones past the limit are read from the top).
    let spec = load_imported(&result, None).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(spec.resources[0].types.len(), 3000 + 2);
}
