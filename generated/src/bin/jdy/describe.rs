//! `jdy endpoints` and `jdy describe`: the catalog as text for a terminal.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::catalog::{self, Endpoint, Field, Type, TypeKind};

/// One line per endpoint: name, method, path, title.
pub fn list(out: &mut impl Write, filter: Option<&str>) -> io::Result<usize> {
    let endpoints: Vec<&Endpoint> = catalog::matching(filter).collect();
    let rows: Vec<[&str; 4]> = endpoints
        .iter()
        .map(|e| [e.name, e.method, e.path, e.title])
        .collect();
    write_columns(out, "", &rows)?;
    Ok(endpoints.len())
}

/// Everything about one endpoint: what it is, its query, its body and its answer, then each
/// type they refer to, once.
pub fn describe(out: &mut impl Write, endpoint: &Endpoint) -> io::Result<()> {
    writeln!(out, "{}  {}", endpoint.name, endpoint.title)?;
    if !endpoint.summary.is_empty() && endpoint.summary != endpoint.title {
        writeln!(out, "{}", endpoint.summary)?;
    }
    writeln!(out, "{} {}", endpoint.method, endpoint.path)?;
    if endpoint.paged {
        writeln!(
            out,
            "A paged list: `jdy call {} --all` walks every page.",
            endpoint.name
        )?;
    }
    let mut types: Vec<&'static str> = Vec::new();
    writeln!(out)?;
    if endpoint.query.is_empty() {
        writeln!(out, "Query parameters: none")?;
    } else {
        writeln!(out, "Query parameters:")?;
        write_fields(out, endpoint.resource, endpoint.query, &mut types)?;
    }
    writeln!(out)?;
    match endpoint.body {
        Some(body) => {
            let form = if endpoint.multipart {
                "multipart/form-data"
            } else {
                "JSON"
            };
            writeln!(out, "Body: {body} ({form})")?;
            remember(&mut types, body);
        }
        None => writeln!(out, "Body: none")?,
    }
    match endpoint.answer {
        Some(answer) => {
            writeln!(out, "Answer (data): {answer}")?;
            remember(&mut types, answer);
        }
        None => writeln!(out, "Answer (data): none")?,
    }
    // Each type is shown once, in the order first referred to; showing one may refer to more.
    let mut shown = 0;
    while shown < types.len() {
        let name = types[shown];
        shown += 1;
        let Some(ty) = catalog::type_named(endpoint.resource, name) else {
            continue;
        };
        // Enumerations are shown under the fields that use them.
        if let TypeKind::Struct(fields) = ty.kind {
            writeln!(out)?;
            write_type_header(out, ty)?;
            write_fields(out, endpoint.resource, fields, &mut types)?;
        } else if Some(name) == endpoint.body || Some(name) == endpoint.answer {
            writeln!(out)?;
            write_type_header(out, ty)?;
            write_values(out, ty, "  ")?;
        }
    }
    Ok(())
}

fn write_type_header(out: &mut impl Write, ty: &Type) -> io::Result<()> {
    if ty.description.is_empty() {
        writeln!(out, "{}:", ty.name)
    } else {
        writeln!(out, "{} ({}):", ty.name, ty.description)
    }
}

/// Adds the types `ty` refers to, to those still to show.
fn remember(types: &mut Vec<&'static str>, ty: &'static str) {
    for name in catalog::referenced(ty) {
        if !types.contains(&name) {
            types.push(name);
        }
    }
}

/// The fields as columns (name, type, required, description), each enumeration's values
/// under its field.
fn write_fields(
    out: &mut impl Write,
    resource: &str,
    fields: &'static [Field],
    types: &mut Vec<&'static str>,
) -> io::Result<()> {
    let rows: Vec<[&str; 4]> = fields
        .iter()
        .map(|f| {
            let required = if f.required { "required" } else { "" };
            [f.name, f.ty, required, f.description]
        })
        .collect();
    let widths = widths(&rows);
    for (field, row) in fields.iter().zip(&rows) {
        write_row(out, "  ", row, &widths)?;
        if let Some(default) = field.default {
            writeln!(out, "      default: {default}")?;
        }
        let enumeration = catalog::referenced(field.ty)
            .filter_map(|name| catalog::type_named(resource, name))
            .find(|t| matches!(t.kind, TypeKind::Enum(_)));
        match enumeration {
            Some(ty) => write_values(out, ty, "      ")?,
            None => remember(types, field.ty),
        }
    }
    Ok(())
}

fn write_values(out: &mut impl Write, ty: &Type, indent: &str) -> io::Result<()> {
    let TypeKind::Enum(values) = ty.kind else {
        return Ok(());
    };
    let width = values.iter().map(|v| v.value.width()).max().unwrap_or(0);
    for value in values {
        let pad = " ".repeat(width - value.value.width());
        writeln!(out, "{indent}= {}{pad}  {}", value.value, value.description)?;
    }
    Ok(())
}

/// The widest cell of each column, in terminal columns.
fn widths<const N: usize>(rows: &[[&str; N]]) -> [usize; N] {
    let mut widths = [0; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    widths
}

fn write_columns<const N: usize>(
    out: &mut impl Write,
    indent: &str,
    rows: &[[&str; N]],
) -> io::Result<()> {
    let widths = widths(rows);
    for row in rows {
        write_row(out, indent, row, &widths)?;
    }
    Ok(())
}

/// One row of aligned cells; the last cell is not padded, and empty trailing cells leave no
/// trailing spaces.
fn write_row<const N: usize>(
    out: &mut impl Write,
    indent: &str,
    row: &[&str; N],
    widths: &[usize; N],
) -> io::Result<()> {
    let mut line = String::from(indent);
    for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        if i + 1 < N {
            line.push_str(&" ".repeat(width - cell.width()));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("written to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_customer_list_is_described_with_its_query_answer_and_values() {
        let endpoint = catalog::endpoint("bd.customer_list").expect("in the spec");
        let text = text(|out| describe(out, endpoint));
        assert!(text.starts_with("bd.customer_list  客户列表\n"), "{text}");
        assert!(text.contains("GET /jdy/v2/bd/customer\n"), "{text}");
        // A query parameter with its type and description, then its enumeration's values.
        let enable = text
            .lines()
            .position(|l| l.trim_start().starts_with("enable "))
            .expect("the enable parameter");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[enable].contains("EnableFilter"), "{}", lines[enable]);
        assert!(
            lines[enable + 1].trim_start().starts_with("= "),
            "{}",
            lines[enable + 1]
        );
        assert!(
            text.contains("Answer (data): page<CustomerListRow>"),
            "{text}"
        );
        assert!(text.contains("\nCustomerListRow"), "{text}");
    }

    #[test]
    fn the_list_is_filtered_by_name_path_or_title() {
        let all = text(|out| list(out, None).map(drop));
        let customers = text(|out| list(out, Some("客户")).map(drop));
        assert!(customers.lines().count() < all.lines().count());
        assert!(customers.lines().all(|l| l.contains("客户")), "{customers}");
        assert!(customers.contains("bd.customer_list"));
        assert_eq!(text(|out| list(out, Some("no-such-thing")).map(drop)), "");
    }
}
