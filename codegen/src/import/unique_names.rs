//! Names made unique with a number (`name_2`, `Name3`), in time that grows with the number of
//! names, not its square: a page may list the same name thousands of times.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub(super) struct UniqueNames {
    taken: BTreeSet<String>,
    /// For each name given more than once (with its separator), the first number that may be
    /// free: names are only ever taken, so the first free number never goes down.
    next: BTreeMap<String, usize>,
}

impl UniqueNames {
    /// Marks `name` as taken.
    pub(super) fn insert(&mut self, name: String) {
        self.taken.insert(name);
    }

    /// Takes `name`; if it is taken already, takes the first free `{name}{separator}{k}` for
    /// k = 2, 3, ... instead and returns it.
    pub(super) fn claim(&mut self, name: &str, separator: &str) -> Option<String> {
        if self.taken.insert(name.to_string()) {
            return None;
        }
        let k = self.next.entry(format!("{name}{separator}")).or_insert(2);
        while self.taken.contains(&format!("{name}{separator}{k}")) {
            *k += 1;
        }
        let renamed = format!("{name}{separator}{k}");
        *k += 1;
        self.taken.insert(renamed.clone());
        Some(renamed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_free_number_is_taken() {
        let mut names = UniqueNames::default();
        names.insert("id_2".into());
        assert_eq!(names.claim("id", "_"), None);
        assert_eq!(names.claim("id", "_").as_deref(), Some("id_3"));
        assert_eq!(names.claim("id", "_").as_deref(), Some("id_4"));
        assert_eq!(names.claim("Row", "").as_deref(), None);
        names.insert("Row2".into());
        assert_eq!(names.claim("Row", "").as_deref(), Some("Row3"));
        // `id_3` given as a name of its own is renamed too, after its own numbers.
        assert_eq!(names.claim("id_3", "_").as_deref(), Some("id_3_2"));
    }
}
