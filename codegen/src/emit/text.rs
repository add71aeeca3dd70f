//! Doc comments and the final printing of the generated source.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line, so that prettyplease prints them as `///` comments
/// (a single multi-line `#[doc]` would come out as `/** */`). Paragraphs are separated by an
/// empty `///` line; empty paragraphs are skipped.
pub(crate) fn doc<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().map(AsRef::as_ref) {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        // A carriage return written as `\r` in a quoted YAML string ends a line too: left in a
        // `///` comment it would be a bare CR, which rustc refuses.
        lines.extend(
            paragraph
                .split(['\n', '\r'])
                .filter(|line| !line.is_empty() || !paragraph.contains('\r'))
                .map(|line| format!(" {}", escape_doc(line.trim_end()))),
        );
    }
    let attrs = lines.iter().map(|line| {
        let line = if line.trim().is_empty() {
            ""
        } else {
            line.as_str()
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Rustdoc reads doc text as Markdown: characters that would start HTML or Markdown links
/// by accident in transcribed Chinese text are escaped.
fn escape_doc(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code {
            out.push(c);
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '*' => out.push_str("\\*"),
            c => out.push(c),
        }
    }
    out
}

/// Text that is meant as Markdown by the generator itself (links, code spans): not escaped.
pub(crate) fn doc_markdown(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Prints a file: a header comment, then the items formatted by prettyplease with a blank
/// line between items, so that the output reads like hand-written code.
pub(crate) fn render(header: &str, tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens) {
        Ok(file) => file,
        // The tokens come from this generator, not from the spec: failing to parse them is
        // a bug here, and the message says where to look.
        Err(error) => panic!("jdy-codegen produced tokens that are not a Rust file: {error}"),
    };
    let printed = prettyplease::unparse(&file);
    let mut out = String::with_capacity(printed.len() + header.len() + 64);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&space_items(&printed));
    out
}

/// Inserts a blank line after each item that ends at some indentation when the next line
/// starts another item at the same indentation.
fn space_items(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let mut out = String::with_capacity(printed.len() + printed.len() / 8);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = |s: &str| s.len() - s.trim_start().len();
        let trimmed = line.trim_start();
        let ends_item = trimmed == "}"
            || trimmed == "};"
            || (trimmed.starts_with("type ") && trimmed.ends_with(';'))
            // An item macro: `crate::wire::text_enum!(..);`, on one line or closing several.
            || (indent(line) == 0 && trimmed.ends_with(");") && !trimmed.starts_with("use "))
            || (trimmed.ends_with(';')
                && trimmed.starts_with("use ")
                && !next.trim_start().starts_with("use "));
        let next_trimmed = next.trim_start();
        let starts_item = next_trimmed.starts_with("///")
            || next_trimmed.starts_with("#[")
            || next_trimmed.starts_with("pub ")
            || next_trimmed.starts_with("impl")
            || next_trimmed.starts_with("fn ")
            || next_trimmed.starts_with("mod ")
            || next_trimmed.starts_with("const ")
            || next_trimmed.starts_with("include!")
            || next_trimmed.starts_with("crate::wire::");
        if ends_item && starts_item && indent(line) == indent(next) {
            out.push('\n');
        }
    }
    out
}
