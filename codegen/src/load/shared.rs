//! `shared.yaml`: the types that many resources use, defined once.

use std::collections::BTreeMap;

use super::fields::TypeShape;
use super::reader::Reader;
use super::resource::{declare_types, read_types};
use crate::spec::TypeDef;

/// The shared types, and their shapes for the resource files to refer to. Shared types may
/// refer to each other, not to a resource's.
pub(crate) fn read(
    r: &mut Reader<'_>,
    text: &str,
) -> Option<(Vec<TypeDef>, BTreeMap<String, TypeShape>)> {
    let root = r.parse(text)?;
    let map = r.map(&root, "")?;
    r.check_keys(&map, &["types"], &["types"]);
    let types_map = r.map(map.node.get_node("types")?, "types")?;
    let file_types = declare_types(r, Some(&types_map), "shared", &BTreeMap::new());
    let types = read_types(r, &types_map, &file_types);
    Some((types, file_types.kinds))
}
