//! Writing answers: as JSON, as JSON lines, or flattened into a table or CSV.
//!
//! A table or CSV has one row per row of a list (or per element of an array, or one row for
//! an object) and one column per field, in the order fields are first seen. A value that is
//! itself an object or an array is written as its JSON text.

use std::io::{self, Write};

use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The answer's `data` as indented JSON (with `--all`, an array of every row).
    Json,
    /// One JSON value per line: each row of a list, each element of an array.
    Jsonl,
    /// Rows as aligned columns.
    Table,
    /// Rows as comma-separated values with a header line (RFC 4180 quoting).
    Csv,
}

/// The rows of an answer: the `rows` of a page, the elements of an array, or the value itself.
pub fn rows_of(data: Value) -> Vec<Value> {
    match data {
        Value::Array(items) => items,
        Value::Object(mut map) if matches!(map.get("rows"), Some(Value::Array(_))) => {
            match map.remove("rows") {
                Some(Value::Array(rows)) => rows,
                _ => Vec::new(),
            }
        }
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// Writes one answer's `data` in `format`.
pub fn write_data(out: &mut impl Write, format: Format, data: Value) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, &data),
        Format::Jsonl => write_lines(out, &rows_of(data)),
        Format::Table => write_table(out, &rows_of(data)),
        Format::Csv => write_csv(out, &rows_of(data)),
    }
}

pub fn write_json(out: &mut impl Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// Each row as JSON on a line of its own.
pub fn write_lines(out: &mut impl Write, rows: &[Value]) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The columns of `rows`: every field name, in the order first seen. Rows that are not
/// objects have one column, `value`.
fn columns(rows: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for row in rows {
        match row {
            Value::Object(map) => {
                for key in map.keys() {
                    if !columns.contains(key) {
                        columns.push(key.clone());
                    }
                }
            }
            _ if !columns.iter().any(|c| c == "value") => columns.push("value".into()),
            _ => {}
        }
    }
    columns
}

/// A value as the text of one cell: strings as they are, null as nothing, nested values as
/// JSON.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The cells of `rows` under `columns`.
fn cells(rows: &[Value], columns: &[String]) -> Vec<Vec<String>> {
    let empty = Map::new();
    rows.iter()
        .map(|row| {
            let (map, scalar) = match row {
                Value::Object(map) => (map, None),
                other => (&empty, Some(other)),
            };
            columns
                .iter()
                .map(|c| match scalar {
                    Some(value) if c == "value" => cell(Some(value)),
                    _ => cell(map.get(c)),
                })
                .collect()
        })
        .collect()
}

pub fn write_csv(out: &mut impl Write, rows: &[Value]) -> io::Result<()> {
    let columns = columns(rows);
    if columns.is_empty() {
        return Ok(());
    }
    write_csv_line(out, &columns)?;
    for line in cells(rows, &columns) {
        write_csv_line(out, &line)?;
    }
    Ok(())
}

fn write_csv_line(out: &mut impl Write, fields: &[String]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    write!(out, "{}\r\n", line.join(","))
}

/// A field quoted as RFC 4180 asks: when it holds a comma, a quote or a line break, inside
/// quotes with its quotes doubled.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

pub fn write_table(out: &mut impl Write, rows: &[Value]) -> io::Result<()> {
    let columns = columns(rows);
    if columns.is_empty() {
        return writeln!(out, "(no rows)");
    }
    // A cell is one line: line breaks inside a value would break the columns.
    let lines: Vec<Vec<String>> = cells(rows, &columns)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|c| c.replace(['\n', '\r'], " "))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.width()).collect();
    for line in &lines {
        for (width, text) in widths.iter_mut().zip(line) {
            *width = (*width).max(text.width());
        }
    }
    write_table_line(out, &columns, &widths)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    write_table_line(out, &rule, &widths)?;
    for line in &lines {
        write_table_line(out, line, &widths)?;
    }
    Ok(())
}

/// One line of a table, each cell padded to its column's width in terminal columns (a
/// Chinese character takes two).
fn write_table_line(out: &mut impl Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let mut line = String::new();
    for (i, (text, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        line.push_str(text);
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(width.saturating_sub(text.width())));
        }
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(format: Format, data: Value) -> String {
        let mut out = Vec::new();
        write_data(&mut out, format, data).expect("written to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_page_gives_its_rows() {
        let page = json!({"count": 2, "rows": [{"id": "1"}, {"id": "2"}]});
        assert_eq!(
            written(Format::Jsonl, page),
            "{\"id\":\"1\"}\n{\"id\":\"2\"}\n"
        );
        assert_eq!(
            written(Format::Jsonl, json!({"id": "3"})),
            "{\"id\":\"3\"}\n"
        );
        assert_eq!(written(Format::Jsonl, Value::Null), "");
    }

    #[test]
    fn csv_flattens_nested_values_and_quotes_what_needs_it() {
        let rows = json!([
            {"name": "苹果, 红", "tags": ["a", "b"]},
            {"name": "say \"hi\"", "extra": null, "n": 1.5}
        ]);
        assert_eq!(
            written(Format::Csv, rows),
            "name,tags,extra,n\r\n\
             \"苹果, 红\",\"[\"\"a\"\",\"\"b\"\"]\",,\r\n\
             \"say \"\"hi\"\"\",,,1.5\r\n"
        );
    }

    #[test]
    fn table_columns_line_up_in_terminal_columns() {
        let rows = json!([{"name": "苹果", "n": 1}, {"name": "apple", "n": 22}]);
        assert_eq!(
            written(Format::Table, rows),
            "n   name\n--  -----\n1   苹果\n22  apple\n"
        );
        assert_eq!(written(Format::Table, json!([])), "(no rows)\n");
    }
}
