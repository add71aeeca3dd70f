//! The OpenAPI export: every fixture and the real spec give a document that a real validator
//! (`openapi-spec-validator`) accepts, whose references all resolve, the same bytes every
//! time; each fixture's document is pinned as a snapshot named `<case>`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use jdy_codegen::openapi::export;
use serde_json::Value;

/// The version `.ci/run` installs.
const VALIDATOR: &str = "openapi-spec-validator==0.9.0";

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The document of `tests/fixtures/<case>`, as text.
fn fixture_document(case: &str) -> String {
    let dir = common::tests_dir().join("fixtures").join(case);
    export(&common::load_ok(&dir, &format!("fixtures/{case}")))
}

fn parse(display: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{display}: not JSON: {e}"))
}

/// A fresh folder under the target's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("openapi-{name}-{}", std::process::id()));
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("a stale folder can be removed");
    }
    fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Runs `openapi-spec-validator` over the documents; fails, never skips, when it is missing.
fn assert_valid_openapi(documents: &[(String, String)]) {
    let dir = temp_dir("validate");
    let mut paths = Vec::new();
    for (name, text) in documents {
        let path = dir.join(format!("{name}.json"));
        fs::write(&path, text).expect("a document can be written");
        paths.push(path);
    }
    let install = format!(
        "the OpenAPI validator is needed: install it with `python3 -m pip install {VALIDATOR}`"
    );
    let output = Command::new("python3")
        .args(["-m", "openapi_spec_validator", "--schema", "3.0"])
        .args(&paths)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): {install}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("No module named"), "{install}\n{stderr}");
    assert!(
        output.status.success(),
        "openapi-spec-validator rejects a document:\n{stdout}\n{stderr}"
    );
    for path in &paths {
        assert!(
            stdout.contains(&format!("{}: OK", path.display())),
            "no verdict on {}:\n{stdout}",
            path.display()
        );
    }
    fs::remove_dir_all(&dir).expect("the temporary folder can be removed");
}

/// Every `$ref` of the document names a component that is there.
fn assert_references_resolve(display: &str, document: &Value) {
    let mut refs = BTreeSet::new();
    collect_refs(document, &mut refs);
    assert!(!refs.is_empty(), "{display}: no references at all");
    for reference in refs {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{display}: `{reference}` is not local"));
        assert!(
            document.pointer(pointer).is_some(),
            "{display}: `{reference}` names nothing"
        );
    }
}

fn collect_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => {
                        out.insert(reference.clone());
                    }
                    _ => collect_refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// The operation whose `operationId` is `id`.
fn operation<'a>(document: &'a Value, id: &str) -> &'a Value {
    document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("a path item").values())
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation `{id}`"))
}

#[test]
fn every_fixture_exports_a_valid_pinned_document() {
    let cases = common::cases("fixtures");
    assert!(cases.len() >= 7, "only {} fixtures", cases.len());
    let mut documents = Vec::new();
    for (case, dir) in &cases {
        let display = format!("fixtures/{case}");
        let text = fixture_document(case);
        let document = parse(&display, &text);
        assert_references_resolve(&display, &document);
        // The same bytes from a second export and from a copy written in another order.
        let copy = common::copy_in_reverse_order(dir);
        let again = export(&common::load_ok(&copy, &display));
        fs::remove_dir_all(&copy).expect("the copy can be removed");
        assert!(
            again == text,
            "{display}: the reordered copy exports other bytes"
        );
        insta::assert_snapshot!(case.as_str(), &text);
        documents.push((case.clone(), text));
    }
    assert_valid_openapi(&documents);
}

#[test]
fn the_real_spec_exports_a_valid_document_with_every_endpoint_and_type_once() {
    let spec = common::load_ok(&spec_dir(), "spec");
    let text = export(&spec);
    assert_eq!(text, export(&spec), "two exports differ");
    let document = parse("spec", &text);
    assert_references_resolve("spec", &document);
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let mut ids = BTreeSet::new();
    for resource in &spec.resources {
        for endpoint in &resource.endpoints {
            let id = format!("{}_{}_{}", resource.module, resource.name, endpoint.key);
            let method = endpoint.method.as_str().to_ascii_lowercase();
            let op = &document["paths"][&endpoint.path][&method];
            assert_eq!(
                op["operationId"],
                id.as_str(),
                "{} {}",
                method,
                endpoint.path
            );
            assert_eq!(op["summary"], endpoint.title.trim(), "{id}");
            assert_eq!(op["x-jdy-paged"] == true, endpoint.paged, "{id}");
            assert!(ids.insert(id.clone()), "{id} twice");
        }
        // Every type is a component, under its own name or, where two resources share the
        // name, under `<module>.<resource>.<Type>`.
        for ty in &resource.types {
            let qualified = format!("{}.{}.{}", resource.module, resource.name, ty.name);
            let owners = spec
                .resources
                .iter()
                .filter(|r| r.type_named(&ty.name).is_some())
                .count();
            let (wanted, unwanted) = if owners > 1 {
                (&qualified, &ty.name)
            } else {
                (&ty.name, &qualified)
            };
            assert!(schemas.contains_key(wanted), "no schema {wanted}");
            assert!(!schemas.contains_key(unwanted), "a schema {unwanted}");
        }
    }
    // The real spec has such names: the rule above is exercised.
    assert!(schemas.keys().any(|name| name.matches('.').count() == 2));
    for ty in &spec.shared {
        assert!(schemas.contains_key(&ty.name), "shared {}", ty.name);
    }
    let operations: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    // The endpoints of the resources, and the token and authorisation endpoints.
    assert_eq!(operations, ids.len() + 2);
    assert_valid_openapi(&[("spec".to_owned(), text)]);
}

// What the snapshots show, stated once more in code, so that a snapshot re-accepted without
// reading cannot hide a regression of these rules.

#[test]
fn shared_value_sets_are_components_with_their_values_names_and_meanings() {
    let document = parse("shared_types", &fixture_document("shared_types"));
    let audit = &document["components"]["schemas"]["AuditStatus"];
    assert_eq!(audit["type"], "string");
    assert_eq!(audit["enum"], serde_json::json!(["C", "Z"]));
    assert_eq!(
        audit["x-enum-varnames"],
        serde_json::json!(["Audited", "Unaudited"])
    );
    assert_eq!(
        audit["x-enum-descriptions"],
        serde_json::json!(["已审核", "未审核"])
    );
    let description = audit["description"].as_str().unwrap();
    assert!(
        description.contains("- `C` (Audited): 已审核"),
        "{description}"
    );
    // Integer values stay integers.
    let enable = &document["components"]["schemas"]["EnableStatus"];
    assert_eq!(enable["type"], "integer");
    assert!(enable["enum"].as_array().unwrap().iter().all(Value::is_i64));
    // A field of a shared type refers to it, in a resource and in shared.yaml itself. In an
    // answer the enumeration is open: a value it does not list is text, and null is allowed.
    let row = &document["components"]["schemas"]["SalOrderRow"]["properties"]["bill_status"];
    assert_eq!(
        row["anyOf"],
        serde_json::json!([
            {"$ref": "#/components/schemas/AuditStatus"},
            {"type": "string"}
        ])
    );
    assert_eq!(row["nullable"], true);
    let approval = &document["components"]["schemas"]["Approval"]["properties"]["status"];
    assert_eq!(approval["$ref"], "#/components/schemas/AuditStatus");
    // Even a value set no resource uses is there: the document describes all of the spec.
    assert!(document["components"]["schemas"]["Unused"].is_object());
}

#[test]
fn a_page_is_a_concrete_schema_per_row_and_summary_and_its_operation_is_marked() {
    let document = parse("shared_types", &fixture_document("shared_types"));
    let list = operation(&document, "scm_sal_order_list");
    assert_eq!(list["x-jdy-paged"], true);
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]
            ["$ref"],
        "#/components/schemas/Page_SalOrderRow_SalOrderTotals"
    );
    let page = &document["components"]["schemas"]["Page_SalOrderRow_SalOrderTotals"];
    assert_eq!(
        page["properties"]["rows"]["items"]["$ref"],
        "#/components/schemas/SalOrderRow"
    );
    assert_eq!(page["properties"]["total_page"]["type"], "integer");
    assert_eq!(
        page["allOf"][0]["$ref"],
        "#/components/schemas/SalOrderTotals"
    );
    // Two lists of the same rows share one page schema; a list that is not paged is not marked.
    let paging = parse("paging", &fixture_document("paging"));
    let schemas = paging["components"]["schemas"].as_object().unwrap();
    let pages: Vec<&String> = schemas.keys().filter(|k| k.starts_with("Page_")).collect();
    assert_eq!(pages, ["Page_OrderRow"]);
    assert!(operation(&paging, "bd_order_codes")
        .get("x-jdy-paged")
        .is_none());
}

#[test]
fn an_upload_is_multipart_with_binary_files_and_answers_in_its_own_envelope() {
    let document = parse("uploads", &fixture_document("uploads"));
    let upload = operation(&document, "bd_document_upload");
    let body = &upload["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(body["$ref"], "#/components/schemas/DocumentUploadRequest");
    let request = &document["components"]["schemas"]["DocumentUploadRequest"];
    assert_eq!(request["properties"]["file1"]["format"], "binary");
    assert_eq!(request["properties"]["file1"]["x-jdy-max-bytes"], 2097152);
    assert_eq!(
        request["properties"]["file1"]["x-jdy-file-name"],
        "alphanumeric_with_extension"
    );
    assert_eq!(request["required"], serde_json::json!(["file1", "title"]));
    let answer = &upload["responses"]["200"]["content"]["application/json"];
    assert!(answer["schema"]["properties"]["errorCode"].is_object());
    assert!(answer["schema"]["properties"].get("errcode").is_none());
    assert_eq!(answer["example"]["errorCode"], "success");
}

#[test]
fn answers_are_wrapped_in_the_envelope_and_carry_the_documented_examples() {
    let document = parse("examples", &fixture_document("examples"));
    let detail = operation(&document, "bd_unit_detail");
    let answer = &detail["responses"]["200"]["content"]["application/json"];
    assert_eq!(answer["schema"]["required"], serde_json::json!(["errcode"]));
    assert_eq!(
        answer["schema"]["properties"]["data"]["$ref"],
        "#/components/schemas/Unit"
    );
    assert_eq!(answer["example"]["data"]["name"], "个");
    // The example query's value goes on its parameter.
    let id = detail["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "id")
        .expect("the id parameter");
    assert_eq!(id["example"], "1");
    assert_eq!(id["required"], true);
    let save = operation(&document, "bd_unit_save");
    assert_eq!(
        save["requestBody"]["content"]["application/json"]["example"]["name"],
        "个"
    );
    assert_eq!(
        detail["responses"]["519"]["$ref"],
        "#/components/responses/GatewayError"
    );
}

#[test]
fn scalars_say_their_formats_and_sent_values_keep_their_wire_form() {
    let document = parse(
        "scalars_and_sensitive",
        &fixture_document("scalars_and_sensitive"),
    );
    let schemas = &document["components"]["schemas"];
    let sent = &schemas["PartnerSave"]["properties"];
    // `wire: string` decimal: text; native: a number; flags as the wire form says.
    assert_eq!(sent["amount"]["type"], "string");
    assert_eq!(sent["amount"]["format"], "decimal");
    assert_eq!(sent["price"]["type"], "number");
    assert_eq!(sent["enable"]["enum"], serde_json::json!([1, 0]));
    assert_eq!(sent["is_default"]["enum"], serde_json::json!(["1", "0"]));
    assert_eq!(
        sent["is_stop"]["enum"],
        serde_json::json!(["true", "false"])
    );
    assert_eq!(sent["is_main"]["type"], "boolean");
    assert_eq!(sent["bill_date"]["format"], "date");
    assert_eq!(sent["bank_account"]["x-jdy-sensitive"], true);
    // Received: a decimal is a number or a text; dates keep their format as an extension.
    let received = &schemas["Partner"]["properties"];
    assert_eq!(received["balance"]["oneOf"][0]["type"], "number");
    assert_eq!(received["balance"]["oneOf"][1]["type"], "string");
    assert_eq!(received["bill_date"]["x-jdy-format"], "date");
    assert_eq!(received["create_time"]["x-jdy-format"], "datetime");
    assert_eq!(received["modify_time"]["type"], "integer");
    assert!(schemas["Partner"].get("required").is_none());
}

#[test]
fn signing_and_the_token_are_security_schemes_and_the_other_headers_parameters() {
    let document = parse("spec", &export(&common::load_ok(&spec_dir(), "spec")));
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["signature"]["name"], "X-Api-Signature");
    let signing = schemes["signature"]["description"].as_str().unwrap();
    for step in ["HMAC-SHA256", "x-api-nonce:", "base64", "OTFiZTliNDFi"] {
        assert!(signing.contains(step), "no `{step}` in:\n{signing}");
    }
    assert_eq!(schemes["appToken"]["name"], "app-token");
    assert_eq!(schemes["clientId"]["name"], "X-Api-ClientID");
    let parameters = document["components"]["parameters"].as_object().unwrap();
    for header in [
        "X-Api-Auth-Version",
        "X-Api-TimeStamp",
        "X-Api-Nonce",
        "X-Api-SignHeaders",
        "X-GW-Router-Addr",
    ] {
        assert_eq!(parameters[header]["in"], "header", "{header}");
    }
    assert!(!parameters.contains_key("Content-Type"));
    let list = operation(&document, "bd_customer_list");
    assert_eq!(
        list["security"],
        serde_json::json!([{"clientId": [], "signature": [], "appToken": []}])
    );
    // The token endpoint is signed but needs no token and no data centre.
    let token = operation(&document, "auth_token");
    assert_eq!(
        token["security"],
        serde_json::json!([{"clientId": [], "signature": [], }])
    );
    let headers = token["parameters"].to_string();
    assert!(!headers.contains("X-GW-Router-Addr"), "{headers}");
}

#[test]
fn the_command_writes_the_document_and_refuses_a_broken_spec() {
    let dir = temp_dir("command");
    let out = dir.join("nested/openapi.json");
    let fixture = common::tests_dir().join("fixtures/paging");
    let status = Command::new(env!("CARGO_BIN_EXE_jdy-codegen"))
        .arg("openapi")
        .arg(&fixture)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("jdy-codegen runs");
    assert!(status.status.success(), "{status:?}");
    let written = fs::read_to_string(&out).expect("the document was written");
    assert_eq!(written, fixture_document("paging"));

    let broken = common::tests_dir().join("broken/unknown_type");
    let refused = Command::new(env!("CARGO_BIN_EXE_jdy-codegen"))
        .arg("openapi")
        .arg(&broken)
        .arg("--out")
        .arg(dir.join("broken.json"))
        .output()
        .expect("jdy-codegen runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unknown type"));
    assert!(!dir.join("broken.json").exists());
    fs::remove_dir_all(&dir).expect("the temporary folder can be removed");
}
