//! One page of a paged list, the same type for every list of the API.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// One page of a paged list: its rows and the counts the gateway states beside them.
///
/// Every paged endpoint answers this shape (`client.bd().customer_list(..)` answers a
/// `Page<CustomerListRow>`). The pages name the size of the page now `current_page_size`,
/// now `cur_page_size`: both are read into [`current_page_size`](Page::current_page_size).
///
/// A few lists answer more beside the rows: totals of the whole list, or the headers of a
/// report. Their endpoints answer a `Page<Row, Summary>`, whose [`summary`](Page::summary) is
/// a struct of those fields; for every other list the summary is `()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<Row, Summary = ()> {
    /// The rows of this page (`rows`).
    pub rows: Vec<Row>,
    /// The rows of the whole list (`count`, 总条数).
    pub count: Option<i64>,
    /// The number of this page (`page`, 当前页), from 1.
    pub page: Option<i64>,
    /// The rows per page asked for (`page_size`).
    pub page_size: Option<i64>,
    /// The pages of the whole list (`total_page`, 总页数).
    pub total_page: Option<i64>,
    /// The rows on this page (`current_page_size`, also sent as `cur_page_size`).
    pub current_page_size: Option<i64>,
    /// The number of this page again, on the lists that send it (`current_page`).
    pub current_page: Option<i64>,
    /// What the list answers beside the rows and counts.
    pub summary: Summary,
}

impl<Row, Summary: Default> Default for Page<Row, Summary> {
    fn default() -> Self {
        Page {
            rows: Vec::new(),
            count: None,
            page: None,
            page_size: None,
            total_page: None,
            current_page_size: None,
            current_page: None,
            summary: Summary::default(),
        }
    }
}

impl<Row, Summary> Page<Row, Summary> {
    /// Whether this page has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The fields every page has, by their names on the wire.
enum Known {
    Rows,
    Count,
    Page,
    PageSize,
    TotalPage,
    CurrentPageSize,
    CurrentPage,
}

impl Known {
    fn of(key: &str) -> Option<Known> {
        Some(match key {
            "rows" => Known::Rows,
            "count" => Known::Count,
            "page" => Known::Page,
            "page_size" => Known::PageSize,
            "total_page" => Known::TotalPage,
            "current_page_size" | "cur_page_size" => Known::CurrentPageSize,
            "current_page" => Known::CurrentPage,
            _ => return None,
        })
    }
}

impl<'de, Row, Summary> Deserialize<'de> for Page<Row, Summary>
where
    Row: DeserializeOwned,
    Summary: DeserializeOwned + Default + 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<Row, Summary>(PhantomData<fn() -> (Row, Summary)>);

impl<'de, Row, Summary> Visitor<'de> for PageVisitor<Row, Summary>
where
    Row: DeserializeOwned,
    Summary: DeserializeOwned + Default + 'static,
{
    type Value = Page<Row, Summary>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page of a list (rows, count, total_page, ...)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut page = Page::<Row, Summary>::default();
        // The summary's fields, kept as sent and read once the page is read.
        let mut others: Vec<(String, Box<RawValue>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let slot = match Known::of(&key) {
                Some(Known::Rows) => {
                    page.rows = map.next_value()?;
                    continue;
                }
                Some(Known::Count) => &mut page.count,
                Some(Known::Page) => &mut page.page,
                Some(Known::PageSize) => &mut page.page_size,
                Some(Known::TotalPage) => &mut page.total_page,
                Some(Known::CurrentPageSize) => &mut page.current_page_size,
                Some(Known::CurrentPage) => &mut page.current_page,
                None if summarised::<Summary>() => {
                    others.push((key, map.next_value()?));
                    continue;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value()?;
        }
        if !others.is_empty() {
            page.summary = read_summary(&others).map_err(de::Error::custom)?;
        }
        Ok(page)
    }
}

/// Whether a page has a summary to read: not when it is `()`.
fn summarised<Summary: 'static>() -> bool {
    std::any::TypeId::of::<Summary>() != std::any::TypeId::of::<()>()
}

/// Reads the summary from the fields a page has beside its rows and counts, by the same rules
/// as the rest of the answer.
fn read_summary<Summary: DeserializeOwned>(
    fields: &[(String, Box<RawValue>)],
) -> Result<Summary, String> {
    let mut object = String::from("{");
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            object.push(',');
        }
        object.push_str(&serde_json::to_string(key).map_err(|e| e.to_string())?);
        object.push(':');
        object.push_str(value.get());
    }
    object.push('}');
    crate::wire::from_str(&object).map_err(|error| error.to_string())
}

impl<Row: Serialize, Summary: Serialize> Serialize for Page<Row, Summary> {
    /// The counts that are set, the rows, then the summary's fields beside them, as the
    /// gateway sends a page.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let counts = [
            ("count", self.count),
            ("page", self.page),
            ("page_size", self.page_size),
            ("total_page", self.total_page),
            ("current_page_size", self.current_page_size),
            ("current_page", self.current_page),
        ];
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in counts {
            if let Some(value) = value {
                map.serialize_entry(name, &value)?;
            }
        }
        map.serialize_entry("rows", &self.rows)?;
        let summary = serde_json::to_value(&self.summary).map_err(serde::ser::Error::custom)?;
        if let serde_json::Value::Object(fields) = summary {
            for (name, value) in fields {
                map.serialize_entry(&name, &value)?;
            }
        }
        map.end()
    }
}
