//! Specs that the loader once accepted although the generated code could not compile: each
//! folder of `tests/regressions/` holds one, and its test states the correct behaviour.

mod common;

use std::path::PathBuf;

use jdy_codegen::generate;

fn dir(case: &str) -> PathBuf {
    common::tests_dir().join("regressions").join(case)
}

/// The report of a spec that should be rejected; panics with what it generates if it loads.
fn rejection(case: &str) -> String {
    let display = format!("regressions/{case}");
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
fn integer_enum_values_equal_as_numbers_are_duplicates() {
    // It once loaded, and `From<i64>` got `1 => Self::One, 1 => Self::AlsoOne, 1 => ...`.
    assert!(rejection("integer_enum_same_number").contains("duplicate value"));
}

#[test]
fn two_endpoints_of_a_module_may_not_share_a_method_name() {
    // `sal.yaml` `order_list` and `sal_order.yaml` `list` both become `BdApi::sal_order_list`.
    assert!(rejection("method_name_collision").contains("sal_order_list"));
}

#[test]
fn a_struct_may_not_hold_itself() {
    // It once loaded, and `Thing { parent: Option<Other> }`, `Other { back: Option<Thing> }`
    // was a type of infinite size.
    let report = rejection("struct_holds_itself");
    assert!(
        report.contains("`Other` holds itself: Other.back → Thing.parent → Other")
            || report.contains("`Thing` holds itself: Thing.parent → Other.back → Thing"),
        "{report}"
    );
    assert!(report.contains("thing.yaml:19:"), "{report}");
}

#[test]
fn a_shared_struct_may_not_hold_itself() {
    // Only the resource files were searched for loops: two types of `shared.yaml` holding
    // each other generated a type of infinite size.
    let report = rejection("shared_struct_holds_itself");
    assert!(
        report.contains("`Address` holds itself: Address.contact → Contact.address → Address"),
        "{report}"
    );
    assert!(report.contains("shared.yaml:12:"), "{report}");
}

#[test]
fn a_type_named_from_is_reserved() {
    assert!(rejection("type_named_from").contains("reserved"));
}

#[test]
fn a_map_in_a_response_alone_still_imports_btreemap() {
    let spec = common::load_ok(
        &dir("map_only_in_response"),
        "regressions/map_only_in_response",
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
