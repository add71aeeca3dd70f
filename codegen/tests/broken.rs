//! Broken specs: each folder of `tests/broken/` is a complete spec with one kind of mistake
//! (or, for `many_problems_in_two_files`, many). Loading must fail without panicking, and the
//! report a user sees is pinned as a snapshot.

mod common;

use jdy_codegen::Diagnostics;

/// Loads `tests/broken/<case>`, which must fail.
fn report_of(case: &str) -> Diagnostics {
    let dir = common::tests_dir().join("broken").join(case);
    common::load_err(&dir, &format!("broken/{case}"))
}

/// `file:line:col` of the first problem of a case, and its message.
fn first_problem(case: &str) -> (String, String) {
    let report = report_of(case);
    let first = report.0.first().expect("at least one problem");
    (
        format!("{}:{}:{}", first.file, first.loc.line, first.loc.column),
        first.message.clone(),
    )
}

#[test]
fn every_broken_spec_is_rejected_with_a_located_sorted_report() {
    let cases = common::cases("broken");
    assert!(cases.len() >= 35, "only {} broken cases", cases.len());
    for (case, dir) in cases {
        let display = format!("broken/{case}");
        let diagnostics = common::assert_same_report(&dir, &display);
        assert!(
            !diagnostics.is_empty(),
            "{display}: an error without problems"
        );
        for d in &diagnostics.0 {
            assert!(
                d.loc.line >= 1 && d.loc.column >= 1,
                "{display}: a problem at line {} column {}:\n{d}",
                d.loc.line,
                d.loc.column
            );
            assert!(
                d.file.starts_with(&format!("{display}/")),
                "{display}: a problem in a file outside the spec: {}",
                d.file
            );
        }
        let order: Vec<_> = diagnostics.0.iter().map(|d| (&d.file, d.loc)).collect();
        assert!(
            order.is_sorted(),
            "{display}: problems not in file and position order: {order:?}"
        );
        insta::assert_snapshot!(case.as_str(), diagnostics.to_string());
    }
}

/// Positions counted by hand in the case files, so that a wrong line or column fails here even
/// if a snapshot is re-accepted without reading it.
#[test]
fn first_problem_is_reported_at_the_exact_line_and_column() {
    let expected = [
        // `        type: Person`: the type name starts after 8 spaces and `type: `.
        (
            "unknown_type",
            "bd/thing.yaml:16:15",
            "unknown type `Person`",
        ),
        // `    response: list<ThingRow>`: the name inside the list, not the start of `list`.
        (
            "unknown_type_in_list",
            "bd/thing.yaml:9:20",
            "unknown type `ThingRow`",
        ),
        // `        type: list<string`: just after the last character, where `>` is missing.
        (
            "malformed_type_expressions",
            "bd/thing.yaml:14:26",
            "expected `>` to close `list<`",
        ),
        // The second `method:` of the endpoint.
        (
            "duplicate_key",
            "bd/thing.yaml:9:5",
            "duplicate key `method` (first at line 7)",
        ),
        // `    method: get`: the value.
        (
            "unsupported_methods",
            "bd/thing.yaml:7:13",
            "unsupported method `get`",
        ),
        // `    path: bd/thing`: the value.
        (
            "invalid_paths",
            "bd/thing.yaml:8:11",
            "invalid path `bd/thing`",
        ),
        // `      - name: 名称`: the wire name.
        (
            "field_name_not_identifier",
            "bd/thing.yaml:13:15",
            "`名称` cannot become a Rust name: it is not ASCII",
        ),
        // `        type: file` of a query parameter: the type.
        (
            "upload_file_outside_multipart",
            "bd/thing.yaml:18:15",
            "a `file` can only be a field of a multipart body",
        ),
        // `    body_format: form`: the value.
        (
            "upload_keys_invalid",
            "bd/thing.yaml:10:18",
            "unknown body format `form`",
        ),
        // `    response: ThingUploadRequest`: the multipart body named as an answer.
        (
            "upload_body_misused",
            "bd/thing.yaml:11:15",
            "`ThingUploadRequest` is a multipart body, which is sent, never received",
        ),
        // `      - value: -1`: the value of which no variant name can be made.
        (
            "enum_value_without_variant_name",
            "bd/thing.yaml:20:16",
            "cannot derive a Rust variant name from `-1`: it has no letter",
        ),
        // `        wire: string` of a `string` field: the form.
        (
            "wire_on_string",
            "bd/thing.yaml:15:15",
            "a `string` field cannot be sent as `wire: string`",
        ),
        // `        wire: text`: the form no one knows.
        (
            "wire_unknown",
            "bd/thing.yaml:15:15",
            "unknown wire form `text`",
        ),
    ];
    for (case, place, message) in expected {
        assert_eq!(
            first_problem(case),
            (format!("broken/{case}/{place}"), message.to_string()),
            "first problem of {case}"
        );
    }
}

#[test]
fn a_misspelt_key_is_underlined_and_the_right_one_suggested() {
    let report = report_of("unknown_key_typo");
    let typo = report
        .0
        .iter()
        .find(|d| d.message == "unknown key `summery`")
        .expect("the misspelt key is reported");
    // `    summery: 获取物品详情`: the key starts after 4 spaces.
    assert_eq!((typo.loc.line, typo.loc.column), (5, 5));
    assert_eq!(typo.help.as_deref(), Some("did you mean `summary`?"));
    assert_eq!(typo.excerpt.as_ref().map(|e| e.width), Some(7));
}

#[test]
fn a_misspelt_type_name_is_answered_with_the_nearest_name_in_scope() {
    let report = report_of("unknown_type_misspelt");
    let helps: Vec<(&str, Option<&str>)> = report
        .0
        .iter()
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        helps,
        [
            ("unknown type `Thnig`", Some("did you mean `Thing`?")),
            ("unknown type `strng`", Some("did you mean `string`?")),
            (
                "unknown type `ThingPrat`",
                Some("did you mean `ThingPart`?")
            ),
        ]
    );
}

#[test]
fn a_quoted_type_is_located_inside_its_quotes() {
    // `        type: "list<Row>"`: `Row` starts at column 21 (15 for the quote, 1 + 5 further).
    let report = report_of("malformed_type_expressions");
    let quoted = report
        .0
        .iter()
        .find(|d| d.message == "unknown type `Row`")
        .expect("the quoted type is reported");
    assert_eq!((quoted.loc.line, quoted.loc.column), (22, 21));
}

#[test]
fn a_type_written_over_several_lines_is_located_on_the_line_of_the_problem() {
    // Plain, double-quoted, folded (`>-`) and literal (`|-`) scalars, each with the unknown
    // name on the line after `type:`.
    let report = report_of("multi_line_type_expressions");
    let places: Vec<(usize, usize, &str)> = report
        .0
        .iter()
        .map(|d| (d.loc.line, d.loc.column, d.message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (15, 11, "unknown type `Plain`"),
            (18, 11, "unknown type `Quoted`"),
            (22, 11, "unknown type `Folded`"),
            (26, 13, "unknown type `Literal`"),
        ]
    );
}

#[test]
fn a_lenient_key_is_reported_once_as_retired_not_as_unknown() {
    let report = report_of("lenient_key_retired");
    assert_eq!(report.len(), 2, "{report}");
    for d in &report.0 {
        assert!(
            d.message.starts_with("`lenient` is no longer a key: "),
            "{d}"
        );
        assert!(d.path.ends_with(".lenient"), "{}", d.path);
    }
    // `        lenient: true`: the value, after 8 spaces and `lenient: `.
    assert_eq!((report.0[0].loc.line, report.0[0].loc.column), (15, 18));
}

#[test]
fn an_unknown_wire_form_lists_the_known_ones() {
    let report = report_of("wire_unknown");
    assert_eq!(
        report.0[0].help.as_deref(),
        Some("use one of: `native`, `string`, `number`, `number_string`")
    );
}

#[test]
fn a_wire_form_that_does_not_fit_the_type_is_refused_with_an_article_that_fits() {
    let report = report_of("wire_on_string");
    let messages: Vec<&str> = report.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a `string` field cannot be sent as `wire: string`",
            "an `integer` field cannot be sent as `wire: number`",
            "a `decimal` field cannot be sent as `wire: number_string`",
        ]
    );
}

#[test]
fn every_problem_of_every_file_is_reported_in_one_run() {
    let report = report_of("many_problems_in_two_files");
    let files: Vec<&str> = report.0.iter().map(|d| d.file.as_str()).collect();
    let thing = files
        .iter()
        .filter(|f| f.ends_with("/bd/thing.yaml"))
        .count();
    let widget = files
        .iter()
        .filter(|f| f.ends_with("/bd/widget.yaml"))
        .count();
    assert!(thing >= 8, "only {thing} problems reported in thing.yaml");
    assert!(
        widget >= 5,
        "only {widget} problems reported in widget.yaml"
    );
    assert_eq!(thing + widget, report.len());
    assert!(report
        .to_string()
        .ends_with(&format!("{} problems in the spec", report.len())));
}

// Positions and wording that once were wrong, checked in code so that a re-accepted snapshot
// cannot bring them back.

#[test]
fn missing_key_points_at_the_mapping_not_at_a_colon() {
    // `  detail:` is line 3, its first key `    title: 物品详情` line 4 (not 4:10, the `:`).
    let (place, _) = first_problem("missing_endpoint_key");
    let at = place.trim_start_matches("broken/missing_endpoint_key/bd/thing.yaml:");
    assert!(at == "3:3" || at == "4:5", "reported at {at}");
}

#[test]
fn document_path_names_the_key_of_the_wrong_value() {
    let report = report_of("unknown_type_in_list");
    let paths: Vec<&str> = report.0.iter().map(|d| d.path.as_str()).collect();
    // The README shows `(endpoints.list.response)`; `Diagnostic::path` documents `...type`.
    assert_eq!(
        paths,
        ["endpoints.list.response", "types.Thing.fields[0].type"]
    );
}

#[test]
fn reserved_variant_name_is_reported_at_the_name() {
    let report = report_of("enum_variant_unknown");
    // `        name: unknown` of `ThingKind` is line 26, its value at column 15.
    let last = report.0.last().unwrap();
    assert_eq!((last.loc.line, last.loc.column), (26, 15));
}

#[test]
fn paged_answer_message_is_grammatical() {
    let report = report_of("paged_response_without_rows");
    assert!(
        !report.0[0].message.contains("no a "),
        "{}",
        report.0[0].message
    );
}
