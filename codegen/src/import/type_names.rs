//! The names of a resource file's types.
//!
//! Type names are English and namespaced by resource and endpoint kind, so that the page-local
//! names (`Data`, `Row`, `MaterialEntity`) never collide within a file:
//!
//! | what | name |
//! | --- | --- |
//! | the `data` of a detail page | `<Resource>Detail` (`CustomerDetail`) |
//! | the `data` of a paged list | `<Resource><Kind>Page` (`CustomerListPage`) |
//! | the `data` of any other page | `<Resource><Kind>Result` (`CustomerSaveResult`) |
//! | the body参数 table | `<Resource><Kind>Request` (`CustomerSaveRequest`) |
//! | a `**Name**` table | `<Resource><Kind><Name>` (`CustomerListRow`, `CustomerDetailMaterialEntity`) |
//! | an enumeration read from field `f` | `<Resource><F>` (`CustomerOrderBy`) |
//!
//! Structs are never shared between pages. Enumerations are: the same values with the same
//! labels under the same name are one type. When different enumerations would take the same
//! name, the one most fields use keeps it (on a tie, none does) and the others take a longer
//! one, `<Resource><Kind><F>` and then `<Resource><Kind><Table><F>`; two structs that would
//! take the same name both become `<Resource><Kind><Request|Response><Name>`, and an
//! enumeration gives way to a struct. What still collides is numbered. Names given by
//! overrides are kept as given.

use std::collections::{BTreeMap, BTreeSet};

use super::assemble::Builder;
use super::draft::{Cand, EnumShape};
use super::naming;
use super::unique_names::UniqueNames;
use crate::names;

impl Builder<'_> {
    /// The name of every candidate (see the module's documentation).
    pub(super) fn resolve_names(&mut self) -> Vec<String> {
        let n = self.cands.len();
        let mut taken: BTreeSet<String> = names::RESERVED_TYPE_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect();
        for e in &self.endpoints {
            if !e.query.is_empty() {
                taken.insert(format!(
                    "{}{}Query",
                    self.resource_camel(),
                    naming::camel(&e.key)
                ));
            }
        }
        // Names given by corrections: the first (in file order) of two different types keeps it.
        let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
        let mut explicit: Vec<Option<String>> = vec![None; n];
        for (i, slot) in explicit.iter_mut().enumerate() {
            let Some(name) = self.cands[i].explicit.clone() else {
                continue;
            };
            match fixed.get(&name) {
                Some(&j) if self.same_enum(i, j) => *slot = Some(name),
                Some(_) => {
                    let (page, line) = (self.cands[i].page.clone(), self.cands[i].line);
                    self.warn(&page, line, format!("a correction names two different types `{name}`: this one keeps its imported name"));
                }
                None if taken.contains(&name) => {
                    let (page, line) = (self.cands[i].page.clone(), self.cands[i].line);
                    self.warn(&page, line, format!("a correction names a type `{name}`, which the generated code already uses: the imported name is kept"));
                }
                None => {
                    fixed.insert(name.clone(), i);
                    *slot = Some(name);
                }
            }
        }
        let mut rung = vec![0usize; n];
        let name_of = |i: usize, rung: &[usize], cands: &[Cand]| -> String {
            let ladder = &cands[i].ladder;
            ladder[rung[i].min(ladder.len() - 1)].clone()
        };
        loop {
            let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for i in (0..n).filter(|&i| explicit[i].is_none()) {
                groups
                    .entry(name_of(i, &rung, &self.cands))
                    .or_default()
                    .push(i);
            }
            let mut changed = false;
            for (name, members) in &groups {
                let blocked = taken.contains(name) || fixed.contains_key(name);
                let structs: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| !self.cands[i].is_enum())
                    .collect();
                let enums: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| self.cands[i].is_enum())
                    .collect();
                let enum_shapes: BTreeSet<_> =
                    enums.iter().map(|&i| self.cands[i].enum_shape()).collect();
                let movers: Vec<usize> = if blocked {
                    members.clone()
                } else {
                    let mut m = Vec::new();
                    if structs.len() > 1 {
                        m.extend(&structs);
                    }
                    if !structs.is_empty() && !enums.is_empty() {
                        m.extend(&enums);
                    } else if enum_shapes.len() > 1 {
                        // The enumeration most fields share keeps the name; on a tie, none does.
                        let count = |shape| {
                            enums
                                .iter()
                                .filter(|&&i| self.cands[i].enum_shape() == shape)
                                .count()
                        };
                        let mut counts: Vec<(usize, EnumShape<'_>)> =
                            enum_shapes.iter().map(|&s| (count(s), s)).collect();
                        counts.sort_by_key(|c| std::cmp::Reverse(c.0));
                        let keeper = (counts[0].0 > counts[1].0).then_some(counts[0].1);
                        m.extend(
                            enums
                                .iter()
                                .filter(|&&i| Some(self.cands[i].enum_shape()) != keeper),
                        );
                    }
                    m
                };
                for i in movers {
                    if rung[i] + 1 < self.cands[i].ladder.len() {
                        rung[i] += 1;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // What still collides is numbered, in a fixed order.
        let mut out: Vec<String> = (0..n)
            .map(|i| {
                explicit[i]
                    .clone()
                    .unwrap_or_else(|| name_of(i, &rung, &self.cands))
            })
            .collect();
        let mut owners: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, name) in out.iter().enumerate() {
            owners.entry(name.clone()).or_default().push(i);
        }
        let mut used_names = UniqueNames::default();
        for name in out.iter().chain(taken.iter()) {
            used_names.insert(name.clone());
        }
        for (name, mut members) in owners {
            members.sort_by(|&a, &b| self.cands[a].key.cmp(&self.cands[b].key));
            // The members that keep the name: all the same enumeration as the first (the same
            // shape is an equivalence, so comparing with the first is comparing with all).
            let mut keeper: Option<usize> = None;
            for i in members {
                let blocked = taken.contains(&name) && explicit[i].is_none();
                let fits = keeper.is_none_or(|k| self.same_enum(i, k));
                if !blocked && fits {
                    keeper.get_or_insert(i);
                    continue;
                }
                // `name` itself is taken (by the keeper, or by `taken`): the next number.
                used_names.insert(name.clone());
                if let Some(renamed) = used_names.claim(&name, "") {
                    out[i] = renamed;
                }
            }
        }
        out
    }

    fn same_enum(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.cands[a], &self.cands[b]);
        x.enum_shape().is_some() && x.enum_shape() == y.enum_shape()
    }
}
