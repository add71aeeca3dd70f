//! Specs that the loader accepts although the generated code cannot compile: each folder of
//! `tests/known_bugs/` shows one bug of the loader or the generator. The tests state the
//! correct behaviour and are ignored until the bug is fixed (`cargo test -- --ignored`).

mod common;

use std::path::PathBuf;

use jdy_codegen::generate;

fn dir(case: &str) -> PathBuf {
    common::tests_dir().join("known_bugs").join(case)
}

/// The report of a spec that should be rejected; panics with what it generates if it loads.
fn rejection(case: &str) -> String {
    let display = format!("known_bugs/{case}");
    match common::load(&dir(case), &display) {
        Ok(spec) => {
            let files = generate(&spec);
            let text: Vec<String> = files
                .iter()
                .map(|f| format!("// {}\n{}", f.path, f.contents))
                .collect();
            panic!("{display} loads, and generates:\n{}", text.join("\n"));
        }
        Err(report) => report.to_string(),
    }
}

#[test]
#[ignore = "loader bug: integer enum values are compared as text, so 1, 01 and +1 are all accepted"]
fn integer_enum_values_equal_as_numbers_are_duplicates() {
    // Today it loads, and `From<i64>` gets `1 => Self::One, 1 => Self::AlsoOne, 1 => ...`.
    assert!(rejection("integer_enum_same_number").contains("duplicate value"));
}

#[test]
#[ignore = "loader bug: two resources of one module can generate the same method name"]
fn two_endpoints_of_a_module_may_not_share_a_method_name() {
    // `sal.yaml` `order_list` and `sal_order.yaml` `list` both become `BdApi::sal_order_list`.
    assert!(rejection("method_name_collision").contains("sal_order_list"));
}

#[test]
#[ignore = "loader bug: `From` is not a reserved type name, yet enums emit `impl From<..>`"]
fn a_type_named_from_is_reserved() {
    assert!(rejection("type_named_from").contains("reserved"));
}

#[test]
#[ignore = "generator bug: `BTreeMap` is imported only when a struct field uses a map"]
fn a_map_in_a_response_alone_still_imports_btreemap() {
    let spec = common::load_ok(
        &dir("map_only_in_response"),
        "known_bugs/map_only_in_response",
    );
    let file = generate(&spec)
        .into_iter()
        .find(|f| f.path == "bd/thing.rs")
        .unwrap();
    assert!(file.contents.contains("BTreeMap<String, i64>"));
    assert!(
        file.contents.contains("use std::collections::BTreeMap;"),
        "{}",
        file.contents
    );
}
