//! The endpoints and types of the spec, as static text generated at build time: what
//! `jdy endpoints` lists, what `jdy describe` shows and how `jdy call` finds an endpoint's
//! method and path.

/// One endpoint.
pub struct Endpoint {
    /// `<module>.<method>`, the module and the method of the generated client
    /// (`bd.customer_list`).
    pub name: &'static str,
    /// `<module>/<resource>` (`bd/customer`), where its types are.
    pub resource: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    /// The documentation's name for it (客户列表).
    pub title: &'static str,
    pub summary: &'static str,
    /// Answers one page of a list at a time (`page`, `page_size`).
    pub paged: bool,
    /// Takes a multipart body (an upload) rather than JSON.
    pub multipart: bool,
    pub query: &'static [Field],
    /// The name of the body's type.
    pub body: Option<&'static str>,
    /// The type of the answer's `data`, as the spec writes it (`page<CustomerListRow>`).
    pub answer: Option<&'static str>,
}

/// A query parameter or a field of a struct.
pub struct Field {
    pub name: &'static str,
    /// As the spec writes it (`string`, `list<CustomerContact>`, `EnableFilter`).
    pub ty: &'static str,
    pub required: bool,
    pub description: &'static str,
    pub default: Option<&'static str>,
}

/// The types of one resource file.
pub struct Resource {
    pub name: &'static str,
    pub types: &'static [Type],
}

pub struct Type {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: TypeKind,
}

pub enum TypeKind {
    Struct(&'static [Field]),
    /// The values on the wire, with their meanings.
    Enum(&'static [Value]),
}

pub struct Value {
    pub value: &'static str,
    pub description: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The endpoint named `name` (`bd.customer_list`).
pub fn endpoint(name: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.name == name)
}

/// The endpoints whose name, path or title contains `filter` (all of them without one),
/// ignoring ASCII case.
pub fn matching(filter: Option<&str>) -> impl Iterator<Item = &'static Endpoint> + '_ {
    let filter = filter.map(str::to_ascii_lowercase);
    ENDPOINTS.iter().filter(move |e| match &filter {
        None => true,
        Some(f) => [e.name, e.path, e.title]
            .iter()
            .any(|text| text.to_ascii_lowercase().contains(f.as_str())),
    })
}

/// Up to three endpoint names close to `name`, best first: for a typo (`bd.custmer_list`),
/// or a name given without its module (`customer_list`).
pub fn did_you_mean(name: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = ENDPOINTS
        .iter()
        .map(|e| {
            let method = e.name.split_once('.').map_or(e.name, |(_, m)| m);
            let score = strsim::jaro_winkler(name, e.name).max(strsim::jaro_winkler(name, method));
            (score, e.name)
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// The type `name` as seen from `resource`: the resource's own, else a shared one.
pub fn type_named(resource: &str, name: &str) -> Option<&'static Type> {
    RESOURCES
        .iter()
        .find(|r| r.name == resource)
        .and_then(|r| r.types.iter().find(|t| t.name == name))
        .or_else(|| SHARED.iter().find(|t| t.name == name))
}

/// The names of the types a type text refers to (`page<Row, Totals>` refers to `Row` and
/// `Totals`), leaving out the built-in ones.
pub fn referenced(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(['<', '>', ',', ' '])
        .filter(|word| !word.is_empty() && !is_builtin(word))
}

fn is_builtin(word: &str) -> bool {
    matches!(
        word,
        "string"
            | "integer"
            | "number"
            | "decimal"
            | "boolean"
            | "date"
            | "datetime"
            | "timestamp"
            | "json"
            | "file"
            | "list"
            | "map"
            | "page"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referenced_type_is_in_the_catalog() {
        for endpoint in ENDPOINTS {
            let fields = endpoint.query.iter().map(|f| f.ty);
            for ty in fields.chain(endpoint.body).chain(endpoint.answer) {
                for name in referenced(ty) {
                    assert!(
                        type_named(endpoint.resource, name).is_some(),
                        "{}: type {name} not found",
                        endpoint.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_typo_or_a_missing_module_is_suggested() {
        assert_eq!(
            did_you_mean("bd.custmer_list").first(),
            Some(&"bd.customer_list")
        );
        assert!(did_you_mean("customer_list").contains(&"bd.customer_list"));
        assert!(did_you_mean("zzzzzzzz").is_empty());
    }

    #[test]
    fn type_texts_name_their_types() {
        let names: Vec<&str> = referenced("page<Row, Totals>").collect();
        assert_eq!(names, ["Row", "Totals"]);
        assert_eq!(referenced("list<map<string>>").count(), 0);
    }
}
