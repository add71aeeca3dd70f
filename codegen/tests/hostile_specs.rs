//! Specs made to break the loader: nesting thousands of levels deep, files too large, line
//! ends of every kind, thousands of problems, lines of megabytes. Each must be answered with a
//! located, bounded report, never a crash, a hang or a flood of text.
//!
//! The files are written at test time (they are too large, or too odd, to keep in the
//! repository) into a fresh folder under the target's temporary folder.

mod common;

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use jdy_codegen::{generate, Diagnostics, Excerpt};

/// The beginning of a valid resource file; a case appends to it.
const THING: &str = "title: 物品
endpoints:
  detail:
    title: 物品详情
    summary: 获取物品详情
    doc: https://open.example.com/thing
    method: GET
    path: /bd/thing
    response: Thing
types:
  Thing:
    fields:
      - name: id
        type: string
";

/// A spec folder holding the service.yaml of the broken cases and `bd/thing.yaml` = `thing`.
fn spec_with(thing: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("hostile-{}-{n}", std::process::id()));
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(dir.join("bd")).unwrap();
    let service = common::tests_dir().join("broken/unknown_type/service.yaml");
    fs::copy(service, dir.join("service.yaml")).unwrap();
    fs::write(dir.join("bd/thing.yaml"), thing).unwrap();
    dir
}

fn report_of(thing: &str) -> Diagnostics {
    let dir = spec_with(thing);
    let report = common::load_err(&dir, "spec");
    fs::remove_dir_all(&dir).unwrap();
    report
}

/// The only problem of a report, as `line:column` and message.
fn only_problem(report: &Diagnostics) -> (String, String) {
    assert_eq!(report.len(), 1, "{report}");
    let d = &report.0[0];
    (
        format!("{}:{}", d.loc.line, d.loc.column),
        d.message.clone(),
    )
}

#[test]
fn a_block_sequence_thousands_of_levels_deep_is_refused_where_it_gets_too_deep() {
    // `      - name: deep` is at three levels (`types`, `Thing`, `fields`) plus its own dash.
    let deep = format!(
        "{THING}      - name: deep\n        type: string\n        note:\n          {}x\n",
        "- ".repeat(4000)
    );
    let report = report_of(&deep);
    let (place, message) = only_problem(&report);
    assert_eq!(message, "the file nests more than 64 levels deep");
    // Line 18: `note:` is at level 5, the dashes' line at level 6, so the 59th dash is level 65.
    assert_eq!(place, format!("18:{}", 10 + 2 * 58 + 1));
}

#[test]
fn flow_collections_thousands_of_levels_deep_are_refused() {
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let deep = format!(
            "{THING}        note: {}{}\n",
            open.repeat(5000),
            close.repeat(5000)
        );
        let (place, message) = only_problem(&report_of(&deep));
        assert_eq!(message, "the file nests more than 64 levels deep", "{open}");
        assert!(place.starts_with("15:"), "{open}: reported at {place}");
    }
    // The same nesting over many lines is found on the line where it gets too deep.
    let deep = format!("{THING}        note:\n{}", "          [\n".repeat(5000));
    let (place, _) = only_problem(&report_of(&deep));
    // `note:` is at level 5 on line 15, the brackets' lines at 6: the 59th bracket is level 65.
    assert_eq!(place, "74:11");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_without_being_parsed() {
    let mut big = String::from(THING);
    while big.len() <= 4 * 1024 * 1024 {
        big.push_str("# a comment line that makes the file larger than any spec file\n");
    }
    let (place, message) = only_problem(&report_of(&big));
    assert_eq!(message, "the file is larger than 4 MiB");
    assert_eq!(place, "1:1");
}

#[test]
fn every_kind_of_line_end_gives_the_same_report() {
    let broken = format!("{THING}      - name: owner\n        type: list<Person>\n        description: |\n          a\n          b\n      - name: other\n        type: Other\n");
    let lf = report_of(&broken);
    assert_eq!(lf.len(), 2, "{lf}");
    assert_eq!((lf.0[0].loc.line, lf.0[0].loc.column), (16, 20));
    assert_eq!((lf.0[1].loc.line, lf.0[1].loc.column), (21, 15));
    for (name, end) in [("CR LF", "\r\n"), ("CR", "\r")] {
        let report = report_of(&broken.replace('\n', end));
        assert_eq!(report, lf, "{name} line ends");
    }
    for d in &lf.0 {
        let excerpt = d.excerpt.as_ref().expect("an excerpt");
        assert!(!excerpt.line.contains(['\r', '\n']), "{d}");
    }
}

#[test]
fn a_report_shows_fifty_problems_and_counts_the_rest() {
    let mut many = String::from(THING);
    for i in 0..3000 {
        many.push_str(&format!("      - name: f{i}\n        type: Missing{i}\n"));
    }
    let report = report_of(&many);
    assert_eq!(report.len(), 3000);
    let text = report.to_string();
    assert_eq!(text.matches("error: ").count(), Diagnostics::SHOWN);
    assert!(
        text.ends_with("... and 2950 more problems not shown\n\n3000 problems in the spec"),
        "{}",
        &text[text.len() - 200..]
    );
}

#[test]
fn a_long_line_is_cut_around_the_problem() {
    // A line of a megabyte whose unknown type is far along it, in ASCII and in Chinese.
    for filler in ["x", "名"] {
        let long = format!(
            "{THING}      - name: long\n        description: {}\n        type: list<Missing>  # {}\n",
            filler.repeat(1 << 19),
            filler.repeat(1 << 19)
        );
        let report = report_of(&long);
        let (place, message) = only_problem(&report);
        assert_eq!(
            (place.as_str(), message.as_str()),
            ("17:20", "unknown type `Missing`")
        );
        let Excerpt {
            line,
            column,
            width,
        } = report.0[0].excerpt.clone().unwrap();
        assert!(line.chars().count() <= Excerpt::MAX_CHARS + 2, "{line}");
        assert!(line.ends_with('…'), "{line}");
        assert_eq!(
            line.chars()
                .skip(column - 1)
                .take(width)
                .collect::<String>(),
            "Missing"
        );
        // And a problem far along a line.
        let far = format!(
            "{THING}      - {{name: far, description: {}, type: Missing}}\n",
            filler.repeat(1 << 19)
        );
        let report = report_of(&far);
        assert_eq!(report.0[0].message, "unknown type `Missing`");
        assert!(report.to_string().len() < 2000, "{report}");
        let excerpt = report.0[0].excerpt.clone().unwrap();
        assert!(excerpt.line.starts_with('…'), "{}", excerpt.line);
        assert!(excerpt.line.chars().count() <= Excerpt::MAX_CHARS + 2);
    }
}

#[test]
fn a_message_quoting_the_spec_is_one_bounded_line() {
    let odd = format!(
        "{THING}      - name: odd\n        type: \"string]\\t\\n{}\"\n",
        "]".repeat(10_000)
    );
    let report = report_of(&odd);
    let message = &report.0[0].message;
    assert!(message.starts_with("unexpected `]\\t\\n]]]"), "{message}");
    assert!(!message.contains('\n') && message.len() < 200, "{message}");
}

#[test]
fn every_message_is_printed_as_one_bounded_line_whatever_it_quotes() {
    // Found by the spec campaign: checks that quote a value whole (a method, a `doc` address,
    // an error code) gave lines of a megabyte. The report cuts every message, path and help.
    let huge = "G[".repeat(200_000);
    let report = report_of(&THING.replace("method: GET", &format!("method: \"{huge}\n\"")));
    let printed = report.to_string();
    assert!(printed.contains("method"), "{printed}");
    assert!(printed.len() < 4_000, "{} bytes", printed.len());
    for line in printed.lines() {
        assert!(
            line.chars().count() <= 420,
            "a line of {} characters",
            line.len()
        );
    }
}

#[test]
fn a_type_nested_sixteen_deep_generates_and_seventeen_is_refused() {
    let nested = |depth: usize| {
        format!(
            "{}string{}",
            "list<map<".repeat(depth / 2),
            ">>".repeat(depth / 2)
        )
    };
    let ok = format!("{THING}      - name: deep\n        type: {}\n", nested(16));
    let dir = spec_with(&ok);
    let spec = common::load_ok(&dir, "spec");
    fs::remove_dir_all(&dir).unwrap();
    let files = generate(&spec);
    common::assert_valid_rust("sixteen deep", &files);
    let thing = files.iter().find(|f| f.path == "bd/thing.rs").unwrap();
    assert!(thing.contents.contains("pub deep: "), "{}", thing.contents);

    for depth in [18, 3000] {
        let deep = format!(
            "{THING}      - name: deep\n        type: {}\n",
            nested(depth)
        );
        let (place, message) = only_problem(&report_of(&deep));
        assert_eq!(message, "the type nests more than 16 levels deep");
        // The seventeenth `list<` or `map<` of `        type: list<map<...`.
        assert_eq!(place, format!("16:{}", 15 + 9 * 8));
    }
}

#[test]
fn a_carriage_return_written_in_a_description_never_reaches_the_generated_source() {
    // `\r` in a double-quoted YAML string is a carriage return in the text; in a `///`
    // comment it would be a bare CR, which rustc refuses.
    let odd = format!("{THING}        description: \"first\\rsecond\\r\\nthird\"\n");
    let dir = spec_with(&odd);
    let spec = common::load_ok(&dir, "spec");
    fs::remove_dir_all(&dir).unwrap();
    let files = generate(&spec);
    let thing = files.iter().find(|f| f.path == "bd/thing.rs").unwrap();
    assert!(!thing.contents.contains('\r'));
    assert!(
        thing.contents.contains("/// first\n") && thing.contents.contains("/// third\n"),
        "{}",
        thing.contents
    );
}
