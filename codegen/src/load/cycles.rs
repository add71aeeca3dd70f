//! A struct that holds itself, directly or through other structs (`Thing.parent` is an
//! `Other`, whose `back` is a `Thing`), would be a Rust type of infinite size: the generated
//! crate would not compile. Such a loop is reported at the field that closes it.
//!
//! The search walks the types with a stack of its own, not by recursion, so that a chain of
//! thousands of types cannot overflow the stack.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Excerpt};
use crate::spec::{Field, TypeDef, TypeExpr, TypeKind};

/// Reports each loop among the structs of one file (`shared.yaml` or a resource file): a
/// struct can only hold its own file's structs or shared ones, and shared ones only each
/// other, so a loop never crosses files.
pub(crate) fn check(file: &str, types: &[TypeDef], text: Option<&str>, out: &mut Diagnostics) {
    let structs: Vec<(&str, &[Field])> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields } => Some((t.name.as_str(), fields.as_slice())),
            TypeKind::Enum { .. } => None,
        })
        .collect();
    let index: BTreeMap<&str, usize> = structs
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (*name, i))
        .collect();
    // The struct a field holds directly (a list or a map holds its items elsewhere: no loop).
    let held = |field: &Field| match &field.ty {
        TypeExpr::Named(name) => index.get(name.as_str()).copied(),
        _ => None,
    };
    let lines: Vec<&str> = text.map(|t| t.lines().collect()).unwrap_or_default();

    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; structs.len()];
    for root in 0..structs.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        // Each open struct, and how many of its fields have been followed.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, followed)) = stack.last_mut() {
            let fields = structs[*node].1;
            let Some(field) = fields.get(*followed) else {
                state[*node] = DONE;
                stack.pop();
                continue;
            };
            *followed += 1;
            let Some(target) = held(field) else {
                continue;
            };
            match state[target] {
                NEW => {
                    state[target] = OPEN;
                    stack.push((target, 0));
                }
                OPEN => out.push(report(&structs, &stack, target, field, file, &lines)),
                _ => {}
            }
        }
    }
}

fn report(
    structs: &[(&str, &[Field])],
    stack: &[(usize, usize)],
    target: usize,
    field: &Field,
    file: &str,
    lines: &[&str],
) -> Diagnostic {
    let from = stack
        .iter()
        .rposition(|(node, _)| *node == target)
        .unwrap_or(0);
    let mut path: Vec<String> = stack[from..]
        .iter()
        .map(|(node, followed)| {
            let (name, fields) = structs[*node];
            let via = fields
                .get(followed.saturating_sub(1))
                .map_or("", |f| f.name.as_str());
            format!("{name}.{via}")
        })
        .collect();
    path.push(structs[target].0.to_string());
    let owner = stack.last().map_or("", |(node, _)| structs[*node].0);
    Diagnostic {
        file: file.to_owned(),
        loc: field.loc,
        path: format!("types.{owner}"),
        message: format!("`{}` holds itself: {}", structs[target].0, path.join(" → ")),
        help: Some(
            "a value cannot contain itself; make one of these fields a `list<...>`, or `json`"
                .into(),
        ),
        excerpt: field
            .loc
            .line
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .map(|line| Excerpt::new(line, field.loc.column, field.name.chars().count())),
    }
}
