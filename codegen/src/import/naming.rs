//! English names from what a page says in ASCII: its address, its method, whether it is paged,
//! and the ending of its title. Never from Chinese words.
//!
//! An endpoint `/jdy/v2/<module>/<segment>` belongs to API module `<module>`. The segment, in
//! snake_case (`refundSave` -> `refund_save`), names the resource and the page's kind:
//!
//! 1. a segment ending in `_detail`, `_list`, `_save`, `_query`, `_cancel`, `_push`, `_upload`
//!    or `_reverse` is `<resource>_<kind>` (`customer_detail` -> resource `customer`, kind
//!    `detail`); a segment that is only such a word belongs to a resource named after the
//!    module (`/jdy/v2/cust/list` -> `cust`, `list`);
//! 2. otherwise the whole segment is the resource, and the kind is `list` for a GET that is
//!    paged (`page`, `page_size` in, `rows`, `total_page` out) or whose title ends in 列表,
//!    `detail` for a GET whose title ends in 详情, `save` for a POST whose title ends in 保存,
//!    and else `get` or `post` after the method.
//!
//! A resource that would be a Rust keyword (`virtual`) is prefixed with its module
//! (`fi_virtual`). An override can set the resource and the kind of any page.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::names;

/// Segment endings that name the page's kind.
pub const KIND_SUFFIXES: &[&str] = &[
    "detail", "list", "save", "query", "cancel", "push", "upload", "reverse",
];

/// Where an endpoint goes: `<module>/<resource>.yaml`, under `endpoints.<kind>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub module: String,
    pub resource: String,
    pub kind: String,
}

/// The module, resource and kind of a page (see the module's documentation).
pub fn place(path: &str, method: &str, title: &str, paged: bool) -> Result<Place, String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [.., module, last] = segments[..] else {
        return Err(format!(
            "the address `{path}` has no `/<module>/<resource>` at its end"
        ));
    };
    if !names::is_snake_case(module) {
        return Err(format!(
            "the module `{module}` of `{path}` cannot be a Rust module name"
        ));
    }
    let segment = last.to_snake_case();
    let usable = segment.starts_with(|c: char| c.is_ascii_lowercase())
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !usable {
        return Err(format!(
            "the last part of `{path}` cannot become a resource name"
        ));
    }
    let (resource, kind) = match split_kind(&segment) {
        Some((resource, kind)) => (resource.unwrap_or(module).to_string(), kind.to_string()),
        None => (segment.clone(), kind_of(method, title, paged)),
    };
    Ok(Place {
        module: module.to_string(),
        resource: resource_name(&resource, module),
        kind,
    })
}

/// `customer_detail` -> (`customer`, `detail`); `list` -> (none, `list`).
fn split_kind(segment: &str) -> Option<(Option<&str>, &str)> {
    if let Some(kind) = KIND_SUFFIXES.iter().find(|k| **k == segment) {
        return Some((None, kind));
    }
    KIND_SUFFIXES.iter().find_map(|kind| {
        let resource = segment.strip_suffix(kind)?.strip_suffix('_')?;
        (!resource.is_empty()).then_some((Some(resource), *kind))
    })
}

fn kind_of(method: &str, title: &str, paged: bool) -> String {
    let kind = match method {
        "GET" if paged || title.ends_with("列表") => "list",
        "GET" if title.ends_with("详情") => "detail",
        "POST" if title.ends_with("保存") => "save",
        "GET" => "get",
        "POST" => "post",
        other => return other.to_ascii_lowercase(),
    };
    kind.to_string()
}

/// A resource name usable as a Rust module: a keyword gets its module as a prefix.
pub fn resource_name(resource: &str, module: &str) -> String {
    if names::is_snake_case(resource) {
        resource.to_string()
    } else {
        format!("{module}_{resource}")
    }
}

/// The resource's title: the page titles without their kind (客户列表 -> 客户).
pub fn resource_title(page_title: &str) -> &str {
    for suffix in ["列表", "详情", "保存"] {
        if let Some(stripped) = page_title.strip_suffix(suffix) {
            if !stripped.is_empty() {
                return stripped;
            }
        }
    }
    page_title
}

/// `UpperCamelCase` of a snake_case name or of a page's local type name
/// (`Sub_MaterialEntity` -> `SubMaterialEntity`, `materialEntity` -> `MaterialEntity`).
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(path: &str, method: &str, title: &str, paged: bool) -> (String, String, String) {
        let place = place(path, method, title, paged).unwrap();
        (place.module, place.resource, place.kind)
    }

    fn t(module: &str, resource: &str, kind: &str) -> (String, String, String) {
        (module.into(), resource.into(), kind.into())
    }

    #[test]
    fn resources_and_kinds() {
        assert_eq!(
            p("/jdy/v2/bd/customer", "GET", "客户列表", true),
            t("bd", "customer", "list")
        );
        assert_eq!(
            p("/jdy/v2/bd/customer", "POST", "客户保存", false),
            t("bd", "customer", "save")
        );
        assert_eq!(
            p("/jdy/v2/bd/customer_detail", "GET", "客户详情", false),
            t("bd", "customer", "detail")
        );
        assert_eq!(
            p("/jdy/v2/fi/fa_card_save", "POST", "资产保存", false),
            t("fi", "fa_card", "save")
        );
        assert_eq!(
            p("/jdy/v2/ls/refundSave", "POST", "零售退款保存", false),
            t("ls", "refund", "save")
        );
        assert_eq!(
            p("/jdy/v2/cust/list", "POST", "自定义接口列表", false),
            t("cust", "cust", "list")
        );
        assert_eq!(
            p("/jdy/v2/fi/balancesheet", "GET", "资产负债表", false),
            t("fi", "balancesheet", "get")
        );
        assert_eq!(
            p("/jdy/v2/sys/common_operate", "POST", "通用操作", false),
            t("sys", "common_operate", "post")
        );
        assert_eq!(
            p("/jdy/v2/ls/coupons", "GET", "会员优惠券查询", true),
            t("ls", "coupons", "list")
        );
        assert_eq!(
            p("/jdy/v2/fi/virtual", "GET", "外部单据列表", false),
            t("fi", "fi_virtual", "list")
        );
        assert!(place("/customer", "GET", "x", false).is_err());
        assert!(place("/jdy/v2/Bd/customer", "GET", "x", false).is_err());
    }

    #[test]
    fn titles_and_camel_case() {
        assert_eq!(resource_title("客户列表"), "客户");
        assert_eq!(resource_title("资产负债表"), "资产负债表");
        assert_eq!(camel("Sub_MaterialEntity"), "SubMaterialEntity");
        assert_eq!(camel("materialEntity"), "MaterialEntity");
        assert_eq!(camel("sal_order"), "SalOrder");
    }
}
