//! Valid specs that exercise the edge cases of the format: each folder of `tests/fixtures/`
//! must load, generate valid and deterministic Rust, and every generated file is pinned as a
//! snapshot named `<case>__<path>`.

mod common;

use jdy_codegen::{generate, GeneratedFile};

/// The files generated from `tests/fixtures/<case>`.
fn generated(case: &str) -> Vec<GeneratedFile> {
    let dir = common::tests_dir().join("fixtures").join(case);
    generate(&common::load_ok(&dir, &format!("fixtures/{case}")))
}

/// The generated resource file of a fixture, `<module>/<resource>.rs`.
fn resource_file(case: &str, path: &str) -> String {
    generated(case)
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("fixtures/{case} generates no {path}"))
        .contents
}

#[test]
fn every_fixture_generates_valid_deterministic_rust() {
    let cases = common::cases("fixtures");
    assert!(cases.len() >= 7, "only {} fixtures", cases.len());
    for (case, dir) in cases {
        let display = format!("fixtures/{case}");
        let spec = common::load_ok(&dir, &display);
        let files = generate(&spec);
        assert_eq!(
            files.len(),
            3 + usize::from(!spec.shared.is_empty()) + spec.resources.len(),
            "{display}: api.rs, service.rs, documented_examples.rs, shared.rs if it has shared types, and one file per resource"
        );
        common::assert_valid_rust(&display, &files);
        common::assert_deterministic(&dir, &display);
        for file in &files {
            insta::assert_snapshot!(common::snapshot_name(&case, file), &file.contents);
        }
    }
}

// What the snapshots show, stated once more in code, so that a snapshot re-accepted without
// reading cannot hide a regression of these rules.

#[test]
fn keyword_and_dashed_wire_names_become_escaped_fields_that_keep_the_wire_name() {
    let code = resource_file("names", "bd/account.rs");
    for (wire, rust) in [
        ("type", "type_"),
        ("self", "self_"),
        ("match", "match_"),
        ("app-token", "app_token"),
        ("createTime", "create_time"),
        ("2nd_contact", "second_contact"),
        ("number", "code"),
    ] {
        assert!(
            code.contains(&format!(
                "#[serde(rename = \"{wire}\")]\n    pub {rust}: Option<String>,"
            )),
            "`{wire}` should be the field `{rust}` renamed to its wire name"
        );
    }
    // An answer-only struct: the name is all its attribute says.
    assert!(code.contains("    pub code: Option<String>,\n    pub plain_name:"));
    // Query parameters go on the wire under their documented names.
    assert!(code.contains("query.push_opt(\"type\", self.type_.as_ref());"));
    assert!(code.contains("query.push(\"app-token\", &self.app_token);"));
    assert!(code.contains("query.push_opt(\"名称\", self.name_cn.as_ref());"));
}

#[test]
fn enum_variants_come_from_values_or_names_and_match_negative_numbers() {
    let code = resource_file("enums", "bd/order.rs");
    assert!(code.contains("        (Self::NumberAsc, \"number asc\"),\n"));
    assert!(code.contains("        (Self::NameAsc, \"name-asc\"),\n"));
    assert!(code.contains("        (Self::Self_, \"self\"),\n"));
    assert!(code.contains("        (Self::Any, -1),\n"));
    // The impls every enumeration has come from the runtime's macros, after a blank line.
    assert!(code.contains("];\n}\n\ncrate::wire::text_enum!(OrderSort);\n"));
    assert!(code.contains("\ncrate::wire::integer_enum!(OrderEnable);\n"));
}

#[test]
fn a_struct_holding_a_required_enum_does_not_derive_default() {
    let code = resource_file("endpoints", "bd/product.rs");
    assert!(code.contains(
        "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct ProductPrice {"
    ));
    assert!(code.contains("#[derive(Debug, Clone, PartialEq)]\npub struct ProductListQuery {"));
    // Received, its enum is optional, so it may.
    assert!(code.contains(
        "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct Product {"
    ));
    let enums = resource_file("enums", "bd/order.rs");
    assert!(enums.contains("#[derive(Debug, Clone, PartialEq)]\npub struct OrderListQuery {"));
}

#[test]
fn required_and_optional_query_parameters_of_every_kind() {
    let code = resource_file("endpoints", "bd/product.rs");
    for required in [
        "pub search: String,",
        "pub min_qty: i64,",
        "pub min_price: f64,",
        "pub enable: bool,",
        "pub ids: Vec<String>,",
        "pub status: ProductStatus,",
    ] {
        assert!(code.contains(required), "missing `{required}`");
    }
    for optional in [
        "pub name: Option<String>,",
        "pub max_qty: Option<i64>,",
        "pub max_price: Option<f64>,",
        "pub show_stock: Option<bool>,",
        "pub group_ids: Option<Vec<i64>>,",
        "pub statuses: Option<Vec<ProductStatus>>,",
    ] {
        assert!(code.contains(optional), "missing `{optional}`");
    }
    assert!(code.contains("pub fn product_count(&self) -> crate::Pending<i64> {"));
}

#[test]
fn endpoint_methods_are_not_async_and_return_a_pending_call() {
    let code = resource_file("endpoints", "bd/product.rs");
    // Without a response: `()`, which the decoder reads by passing over whatever `data` is.
    assert!(
        code.contains("pub fn product_price(&self, body: &ProductPrice) -> crate::Pending<()> {")
    );
    assert!(code.contains(
        "    pub fn product_list(\n        &self,\n        query: &ProductListQuery,\n    ) -> crate::Pending<crate::Page<Product>> {"
    ));
    for case in [
        "containers",
        "endpoints",
        "enums",
        "examples",
        "paging",
        "uploads",
    ] {
        for file in generated(case) {
            assert!(
                !file.contents.contains("async fn"),
                "fixtures/{case}/{}: an async endpoint method",
                file.path
            );
            assert!(
                !file.contents.contains("IgnoredAny"),
                "fixtures/{case}/{}",
                file.path
            );
        }
    }
}

#[test]
fn scalar_types_become_exact_runtime_types() {
    let code = resource_file("scalars_and_sensitive", "bd/partner.rs");
    // Received: every scalar an `Option` of its type, read by the decoder without attributes.
    for field in [
        "pub count: Option<i64>,",
        "pub rate: Option<f64>,",
        "pub balance: Option<crate::Decimal>,",
        "pub enable: Option<bool>,",
        "pub bill_date: Option<crate::Date>,",
        "pub create_time: Option<crate::DateTime>,",
        "pub modify_time: Option<crate::Timestamp>,",
        "pub required_count: Option<i64>,",
    ] {
        assert!(code.contains(field), "missing `{field}`");
    }
    // Query parameters of the new types go in the URL as themselves.
    for field in [
        "pub modify_start_time: Option<crate::Timestamp>,",
        "pub bill_date: crate::Date,",
        "pub create_time: Option<crate::DateTime>,",
        "pub min_amount: Option<crate::Decimal>,",
    ] {
        assert!(code.contains(field), "missing `{field}`");
    }
    assert!(
        code.contains("query.push_opt(\"modify_start_time\", self.modify_start_time.as_ref());")
    );
    assert!(code.contains("query.push(\"bill_date\", &self.bill_date);"));
    assert!(!code.contains("deserialize_with"));
    assert!(!code.contains("lenient"));
}

#[test]
fn wire_forms_pick_a_serializer_for_sent_decimals_and_flags() {
    let code = resource_file("scalars_and_sensitive", "bd/partner.rs");
    let save = code
        .split("pub struct PartnerSave {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("PartnerSave");
    for expected in [
        // `wire: string` on a required decimal: the value itself, written as text.
        "    #[serde(serialize_with = \"crate::wire::forms::string\")]\n    pub amount: crate::Decimal,",
        // No `wire:` (or `wire: native`): the type's own JSON form.
        "    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub price: Option<crate::Decimal>,",
        "    #[serde(\n        serialize_with = \"crate::wire::forms::string\",\n        skip_serializing_if = \"Option::is_none\"\n    )]\n    pub discount: Option<crate::Decimal>,",
        "    #[serde(serialize_with = \"crate::wire::forms::number\")]\n    pub enable: bool,",
        "    #[serde(\n        serialize_with = \"crate::wire::forms::number_string\",\n        skip_serializing_if = \"Option::is_none\"\n    )]\n    pub is_default: Option<bool>,",
        "    #[serde(\n        serialize_with = \"crate::wire::forms::string\",\n        skip_serializing_if = \"Option::is_none\"\n    )]\n    pub is_stop: Option<bool>,",
        "    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub is_main: Option<bool>,",
        "    pub bill_date: crate::Date,",
        "    pub bank_account: crate::Sensitive,",
    ] {
        assert!(save.contains(expected), "no `{expected}` in:\n{save}");
    }
    assert_eq!(save.matches("serialize_with").count(), 5, "{save}");
    // A received struct has no `wire:` field here, so no serializer of a form.
    let answer = code
        .split("pub struct Partner {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("Partner");
    assert!(!answer.contains("serialize_with"), "{answer}");
    // A flag query parameter with a number form goes in the URL as `1`/`0`.
    assert!(code.contains(
        "query.push_opt(\"enable\", self.enable.map(crate::wire::forms::Digit).as_ref());"
    ));
    assert!(
        code.contains("query.push(\"is_default\", &crate::wire::forms::Digit(self.is_default));")
    );
    assert!(code.contains("query.push_opt(\"min_amount\", self.min_amount.as_ref());"));
}

#[test]
fn sensitive_strings_are_sensitive_and_taken_as_text_by_new() {
    let code = resource_file("scalars_and_sensitive", "bd/partner.rs");
    assert!(code.contains("pub bank_account: crate::Sensitive,"));
    assert!(code.contains("pub phone: Option<crate::Sensitive>,"));
    assert!(code.contains("pub mobile: Option<crate::Sensitive>,"));
    assert!(code.contains("        bank_account: impl Into<String>,\n    ) -> Self {"));
    assert!(code.contains("            bank_account: bank_account.into(),"));
}

#[test]
fn a_struct_the_caller_fills_in_with_required_fields_has_new_and_no_default() {
    let code = resource_file("scalars_and_sensitive", "bd/partner.rs");
    assert!(code.contains(
        "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct PartnerSave {"
    ));
    assert!(code.contains(
        "    pub fn new(\n        count: i64,\n        amount: crate::Decimal,\n        enable: bool,\n        bill_date: crate::Date,\n        status: PartnerStatus,\n        bank_account: impl Into<String>,\n    ) -> Self {"
    ));
    assert!(code.contains("            optional_status: None,\n"));
    // A query with required parameters too.
    assert!(code.contains("#[derive(Debug, Clone, PartialEq)]\npub struct PartnerDetailQuery {"));
    assert!(code.contains(
        "pub fn new(id: impl Into<String>, bill_date: crate::Date, is_default: bool) -> Self {"
    ));
    // Received only: `Default`, no `new`, and `Serialize` only with `serialize-answers`.
    assert!(code.contains(
        "#[derive(Debug, Clone, Default, PartialEq, Deserialize)]\n#[cfg_attr(feature = \"serialize-answers\", derive(serde::Serialize))]\npub struct Partner {"
    ));
    assert!(!code.contains("impl Partner {"));
    let tree = resource_file("containers", "bd/tree.rs");
    assert!(tree.contains("pub fn new(name: impl Into<String>) -> Self {"));
    // Sent without a required field: `Default`, no `new`.
    let paging = resource_file("paging", "bd/order.rs");
    assert!(paging
        .contains("#[derive(Debug, Clone, Default, PartialEq)]\npub struct OrderHistoryQuery {"));
    assert!(!paging.contains("impl OrderHistoryQuery {\n    /// With its required fields"));
}

#[test]
fn lists_and_maps_in_answers_are_plain_and_default_to_empty() {
    let code = resource_file("containers", "bd/tree.rs");
    assert!(code.contains("use std::collections::BTreeMap;"));
    assert!(code.contains("pub children: Vec<Node>,"));
    assert!(code.contains("pub matrix: Vec<Vec<String>>,"));
    assert!(code.contains("pub extra: BTreeMap<String, serde_json::Value>,"));
    assert!(code.contains("pub labels: BTreeMap<String, Label>,"));
    assert!(code.contains("pub children: Option<Vec<TreeSaveNode>>,"));
    assert!(code.contains("crate::Pending<BTreeMap<String, Node>>"));
    // Absent lists and maps take the struct's default (the container's `#[serde(default)]`);
    // the decoder reads `null` and `""` as absent, so no field needs a deserializer.
    assert!(code.contains(
        "#[derive(Debug, Clone, Default, PartialEq, Deserialize)]\n#[cfg_attr(feature = \"serialize-answers\", derive(serde::Serialize))]\n#[serde(default)]\npub struct Node {"
    ));
    // An answer-only type says nothing of how it is written.
    assert!(code.contains("    pub id: Option<String>,\n    pub children: Vec<Node>,"));
    assert!(!code.contains("deserialize_with"));
    // Sent, its lists are `Option`s and it has no container default.
    assert!(!code.contains("#[serde(default)]\npub struct TreeSave"));
}

#[test]
fn documented_examples_become_tests_only_where_they_exist() {
    let code = resource_file("examples", "documented_examples.rs");
    let tests: Vec<&str> = code
        .lines()
        .filter_map(|line| line.trim().strip_prefix("fn "))
        .collect();
    assert_eq!(
        tests,
        [
            "unit_detail_response() {",
            "unit_save_response() {",
            "unit_save_request_body() {",
            "unit_delete_request_body() {",
        ]
    );
    // In a test target of their own, not in the library.
    assert!(code.contains("#[cfg(feature = \"bd\")]\nmod bd_unit {\n    use jdy::bd::unit::*;"));
    assert!(!resource_file("examples", "bd/unit.rs").contains("#[test]"));
    let none = resource_file("endpoints", "documented_examples.rs");
    assert!(!none.contains("fn "));
}

#[test]
fn an_upload_sends_its_struct_as_multipart_parts_checked_against_the_documented_limits() {
    let code = resource_file("uploads", "bd/document.rs");
    for expected in [
        ".multipart(body.to_multipart())",
        ".envelope(crate::Envelope::Upload)",
        "pub file1: crate::UploadFile,",
        "pub cover: Option<crate::UploadFile>,",
        "pub fn to_multipart(&self) -> crate::Multipart {",
        "max_bytes: Some(2 * 1024 * 1024),",
        "file_name: crate::FileNameRule::AlphanumericWithExtension,",
        "max_bytes: Some(300 * 1024),",
        "max_bytes: Some(1000),",
        r#".file_opt("cover", self.cover.as_ref(), crate::FileLimits::NONE)"#,
        r#".text("title", &self.title)"#,
        r#".text_opt("pages", self.pages.as_ref())"#,
        "multipart: true,",
        "envelope: crate::Envelope::Upload,",
    ] {
        assert!(code.contains(expected), "no `{expected}` in:\n{code}");
    }
    // A multipart body is not JSON: no serde on it, and a file of such bodies alone has no
    // serde import at all.
    let derive = code
        .split("pub struct DocumentUploadRequest")
        .next()
        .and_then(|before| before.lines().last())
        .unwrap_or_default();
    assert_eq!(derive, "#[derive(Debug, Clone, PartialEq)]");
    // The endpoint whose answer has the usual envelope says nothing of it.
    let scan = code
        .split("pub fn document_scan")
        .nth(1)
        .and_then(|rest| rest.split("\n    }\n").next())
        .unwrap_or_default();
    assert!(
        scan.contains(".multipart(") && !scan.contains("envelope"),
        "{scan}"
    );
    assert!(resource_file("uploads", "documented_examples.rs")
        .contains("crate::examples::check_upload_answer::<"));
    let only = resource_file("uploads", "bd/scan_only.rs");
    assert!(!only.contains("serde::{"), "{only}");
}

#[test]
fn api_has_a_module_per_declared_module_with_resources() {
    let api = generated("two_modules")
        .into_iter()
        .find(|f| f.path == "api.rs")
        .unwrap()
        .contents;
    assert!(api.contains("pub mod bd {"));
    assert!(api.contains("pub mod scm {"));
    assert!(api.contains("include!(concat!(env!(\"OUT_DIR\"), \"/scm/sal_order.rs\"));"));
    // `sys` is declared in service.yaml but has no resource file.
    assert!(!api.contains("sys"));
    let order = resource_file("two_modules", "scm/sal_order.rs");
    assert!(order.contains("impl super::ScmApi<'_> {"));
}

#[test]
fn paged_endpoints_get_pages_and_items_streams_and_other_endpoints_do_not() {
    let code = resource_file("endpoints", "bd/product.rs");
    // One page is the runtime's generic page; the query knows the call that asks for one.
    assert!(code.contains(
        "    ) -> crate::Pending<crate::Page<Product>> {\n        crate::Pending::new(self.client, crate::paging::PagedQuery::call(query))\n    }"
    ));
    assert!(code.contains(
        "    pub fn product_list_pages(\n        &self,\n        query: &ProductListQuery,\n    ) -> crate::paging::Pages<ProductListQuery> {\n        crate::paging::Pages::new(self.client, query)\n    }"
    ));
    assert!(code.contains(
        "    pub fn product_list_items(\n        &self,\n        query: &ProductListQuery,\n    ) -> crate::paging::Items<ProductListQuery> {\n        self.product_list_pages(query).into_items()\n    }"
    ));
    assert!(code.contains(
        "impl crate::paging::PagedQuery for ProductListQuery {\n    type Row = Product;\n    type Summary = ();\n"
    ));
    // No page struct of its own, no closure per endpoint.
    assert!(!code.contains("ProductPage"));
    assert!(!code.contains("async move"));
    // Only the paged endpoint: one of each.
    assert_eq!(code.matches("_pages(\n").count(), 1);
    assert_eq!(code.matches("_items(\n").count(), 1);
    assert_eq!(code.matches("impl crate::paging::").count(), 1);

    let code = resource_file("paging", "bd/order.rs");
    for method in ["order_list", "order_history"] {
        assert!(
            code.contains(&format!("pub fn {method}_pages(")),
            "{method}"
        );
        assert!(
            code.contains(&format!("pub fn {method}_items(")),
            "{method}"
        );
    }
    // Page parameters and a `rows`/`total_page` answer that is not `page<Row>`: no streams.
    assert!(!code.contains("order_codes_pages"));
    assert!(!code.contains("order_codes_items"));
    assert!(!code.contains("PagedQuery for OrderCodesQuery"));
    // The pager reaches `page` and `page_size` through the query.
    assert!(code.contains(
        "impl crate::paging::PagedQuery for OrderHistoryQuery {\n    type Row = OrderRow;\n    type Summary = ();\n\n    fn call(&self) -> crate::Call {\n        crate::Call::new(crate::Method::Get, \"/bd/order_history\")\n            .endpoint(\"bd.order_history\")\n            .query(self.to_query())\n    }\n\n    fn paging(&mut self) -> [&mut Option<i64>; 2] {\n        [&mut self.page, &mut self.page_size]\n    }\n}"
    ));
}

#[test]
fn every_call_names_its_endpoint_module_dot_method() {
    let code = resource_file("endpoints", "bd/product.rs");
    for method in [
        "product_list",
        "product_count",
        "product_save",
        "product_delete",
        "product_price",
    ] {
        assert!(
            code.contains(&format!(".endpoint(\"bd.{method}\")")),
            "{method}"
        );
    }
    assert_eq!(
        code.matches("crate::Call::new(").count(),
        code.matches(".endpoint(\"bd.").count()
    );
}

#[test]
fn shared_types_are_written_once_and_compiled_with_the_modules_that_use_them() {
    let shared = resource_file("shared_types", "shared.rs");
    // Used by two modules, by one, by none.
    assert!(shared.contains(
        "/// Open: a value the documentation does not list arrives as `Unknown`, with the value kept.\n#[cfg(any(feature = \"bd\", feature = \"scm\"))]\n#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]\n#[serde(from = \"String\", into = \"String\")]\npub enum AuditStatus {"
    ));
    assert!(shared.contains("#[cfg(feature = \"bd\")]\ncrate::wire::integer_enum!(EnableStatus);"));
    assert!(!shared.contains("Unused"));
    // Every item carries its gate: the impls too.
    assert_eq!(
        shared
            .matches("#[cfg(any(feature = \"bd\", feature = \"scm\"))]\n")
            .count(),
        3
    );
    // Only received: `Serialize` with `serialize-answers`; sent (inside a body): always.
    assert!(shared.contains(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]\n#[cfg_attr(feature = \"serialize-answers\", derive(serde::Serialize))]\n#[serde(from = \"i64\", into = \"i64\")]\npub enum EnableStatus {"
    ));
    assert!(shared.contains(
        "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct Approval {"
    ));
    let customer = resource_file("shared_types", "bd/customer.rs");
    assert!(customer.contains("pub enable: Option<crate::shared::EnableStatus>,"));
    assert!(customer.contains("pub approval: Option<crate::shared::Approval>,"));
    let order = resource_file("shared_types", "scm/sal_order.rs");
    assert!(order.contains("crate::Pending<crate::Page<SalOrderRow, SalOrderTotals>>"));
    assert!(order.contains("    type Summary = SalOrderTotals;\n"));
    let api = resource_file("shared_types", "api.rs");
    assert!(api.contains(
        "pub mod shared {\n    include!(concat!(env!(\"OUT_DIR\"), \"/shared.rs\"));\n}"
    ));
    // Without shared.yaml, no module.
    assert!(!resource_file("two_modules", "api.rs").contains("mod shared"));
}
