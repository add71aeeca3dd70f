//! What a field's value is, decided by rules from the page's own words: its name, its
//! documented type, its description and the values the examples give it. The pages type money
//! now as `number`, now as `string`, dates as `string`, yes/no flags as `integer` or `string`
//! and ids as `integer`; these rules give each the spec type that says what it is:
//!
//! 1. an id (`id`, `*_id`, `*_ids`) is text, whatever its documented type;
//! 2. a yes/no flag (`1-是 0-否`, `是否…，true/false`) is a `boolean`;
//! 3. a date, a date and time, or milliseconds since the epoch (时间戳) is a `date`, `datetime` or
//!    `timestamp`, read from the examples where they show one, else from the name and description;
//! 4. an amount, price, quantity, rate... is a `decimal`, and so is every documented `number`.
//!
//! A value that is sent keeps the form the request example writes it in (`wire`).

use serde_json::Value;

use super::enums;
use crate::spec::WireForm;

/// The documented scalar types the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Documented {
    String,
    Integer,
    Number,
    Boolean,
}

impl Documented {
    fn as_str(self) -> &'static str {
        match self {
            Documented::String => "string",
            Documented::Integer => "integer",
            Documented::Number => "number",
            Documented::Boolean => "boolean",
        }
    }
}

/// Where a field's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sent {
    /// Only received (a field of the answer).
    No,
    /// In the query: text, where a decimal's form does not matter.
    Query,
    /// In a JSON body.
    Json,
}

/// What the page says about one field.
#[derive(Debug, Clone, Copy)]
pub(super) struct Facts<'a> {
    pub(super) name: &'a str,
    pub(super) documented: Documented,
    pub(super) description: &'a str,
    /// The field's values in the examples of its part of the page (request or answer).
    pub(super) samples: &'a [&'a Value],
    pub(super) sent: Sent,
}

/// The kind of value a rule found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text: an id documented as a number.
    Id,
    Boolean,
    Date,
    DateTime,
    Timestamp,
    Decimal,
}

/// A rule's decision: the kind, the form in which it is sent, and the note that says why the
/// documented type changed (none when it did not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decision {
    pub(super) kind: Kind,
    pub(super) wire: WireForm,
    pub(super) note: Option<String>,
}

/// The kind of a field's value, when a rule decides it; `None` leaves the documented type.
pub(super) fn decide(f: &Facts<'_>) -> Option<Decision> {
    let words = words(f.name);
    if is_id(&words) {
        return id(f);
    }
    if f.documented == Documented::Boolean {
        return boolean_wire(f);
    }
    flag(f, &words)
        .or_else(|| moment(f, &words))
        .or_else(|| decimal(f, &words))
}

/// The parts of a name, in lower case and without trailing digits: `amount_for2` ->
/// `amount`, `for`; `isReCalcQty` -> `is`, `re`, `calc`, `qty`.
pub(super) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push(std::mem::take(&mut current));
        }
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            out.push(std::mem::take(&mut current));
            previous_lower = false;
        }
    }
    out.push(current);
    out.into_iter()
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn changed(documented: Documented, what: &str) -> Option<String> {
    Some(format!("Documented as `{}`; {what}.", documented.as_str()))
}

// ---- 1. ids ---------------------------------------------------------------------------------

fn is_id(words: &[String]) -> bool {
    matches!(words.last().map(String::as_str), Some("id" | "ids"))
}

/// Ids are text throughout (answers accept numbers for text): one documented as a number is
/// typed `string`, so that the same id has one type on every page.
fn id(f: &Facts<'_>) -> Option<Decision> {
    matches!(f.documented, Documented::Integer | Documented::Number).then(|| Decision {
        kind: Kind::Id,
        wire: WireForm::Native,
        note: changed(f.documented, "an id, typed `string` like every id"),
    })
}

// ---- 2. yes/no flags ------------------------------------------------------------------------

/// How a flag's two values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagValues {
    OneZero,
    TrueFalse,
}

/// A field documented as `integer` or `string` whose description spells out two values that
/// mean yes and no (`1-是 0-否`, `1明细科目 0非明细科目`, `是否…，true-是，false-否`), or that
/// asks a question (`是否…`) the examples answer with yes/no values only. What the description
/// spells out wins over an example that writes a placeholder (`fetch_price=1333333333`).
fn flag(f: &Facts<'_>, words: &[String]) -> Option<Decision> {
    if !matches!(f.documented, Documented::Integer | Documented::String) {
        return None;
    }
    let asks = f.description.trim_start().starts_with("是否")
        || matches!(words.first().map(String::as_str), Some("is" | "if" | "has"));
    let status = words
        .iter()
        .any(|w| matches!(w.as_str(), "enable" | "status"))
        || first_clause(f.description).contains("状态");
    let values = match described_flag(f.description, asks, status) {
        Described::Flag(values) => values,
        Described::Other => return None,
        Described::Silent => {
            let all_flags =
                !f.samples.is_empty() && f.samples.iter().all(|v| flag_form(v).is_some());
            if !(asks && all_flags) {
                return None;
            }
            match f.samples.iter().find_map(|v| flag_form(v)) {
                Some(WireForm::Number | WireForm::NumberString) => FlagValues::OneZero,
                _ => FlagValues::TrueFalse,
            }
        }
    };
    let wire = match f.sent {
        Sent::No => WireForm::Native,
        Sent::Query | Sent::Json => match f.samples.iter().find_map(|v| flag_form(v)) {
            Some(form) => form,
            None => match (f.documented, values) {
                (Documented::Integer, _) => WireForm::Number,
                (_, FlagValues::OneZero) => WireForm::NumberString,
                (_, FlagValues::TrueFalse) => WireForm::String,
            },
        },
    };
    Some(Decision {
        kind: Kind::Boolean,
        wire,
        note: changed(f.documented, "a yes/no flag, typed `boolean`"),
    })
}

/// What a description says of a field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Described {
    /// The two values of a yes/no flag.
    Flag(FlagValues),
    /// Other values: an enumeration, not a flag.
    Other,
    /// No values.
    Silent,
}

/// The values a description spells out: 1 and 0 labelled 是 and 否, or labelled a word and the
/// same word denied (`1：展开，0：不展开`), or any 1 and 0 of a question (`是否拆分（0-未拆分，
/// 1-已拆分）`); `true` and `false` named in a question. A status (`状态（1-可用 0-不可用）`) is
/// an enumeration even with two values: other pages list more values of the same status.
fn described_flag(description: &str, asks: bool, status: bool) -> Described {
    // A filter with a third choice (`全部：-1`, `不限`) is an enumeration, whatever was read.
    if ["全部", "不限", "-1"]
        .iter()
        .any(|t| description.contains(t))
    {
        return Described::Other;
    }
    if let Some(e) = enums::extract(description) {
        let [a, b] = &e.values[..] else {
            return Described::Other;
        };
        let (yes, no) = match (a.value.as_str(), b.value.as_str()) {
            ("1", "0") => (a, b),
            ("0", "1") => (b, a),
            _ => return Described::Other,
        };
        if is_no(&yes.label) || is_yes(&no.label) {
            // `0:是1:否`: 1 means no, which a boolean cannot say.
            return Described::Other;
        }
        let yes_no = is_yes(&yes.label) && is_no(&no.label);
        let denied = !status && negates(&no.label, &yes.label);
        return if yes_no || denied || asks {
            Described::Flag(FlagValues::OneZero)
        } else {
            Described::Other
        };
    }
    // `true` and `false` are never an enumeration: a question that names them is a flag.
    let lower = description.to_ascii_lowercase();
    if asks && (lower.contains("true") || lower.contains("false")) {
        Described::Flag(FlagValues::TrueFalse)
    } else if description.contains(|c: char| ('2'..='9').contains(&c)) {
        // Values the reading above missed (`否’1’, 是’2’`).
        Described::Other
    } else {
        Described::Silent
    }
}

fn is_yes(label: &str) -> bool {
    matches!(label.trim(), "是" | "有" | "yes" | "true")
}

fn is_no(label: &str) -> bool {
    matches!(label.trim(), "否" | "无" | "不是" | "no" | "false")
}

/// `非明细科目` is `明细科目` denied.
fn negates(no: &str, yes: &str) -> bool {
    let (no, yes) = (no.trim(), yes.trim());
    !yes.is_empty()
        && ["非", "不", "未", "无", "没有"]
            .iter()
            .any(|prefix| no.strip_prefix(prefix) == Some(yes))
}

/// How an example writes a yes/no value: `true` (native), `"true"`, `1`, `"1"`.
fn flag_form(value: &Value) -> Option<WireForm> {
    match value {
        Value::Bool(_) => Some(WireForm::Native),
        Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1) => Some(WireForm::Number),
        Value::String(s) => match s.trim() {
            "true" | "false" => Some(WireForm::String),
            "1" | "0" => Some(WireForm::NumberString),
            _ => None,
        },
        _ => None,
    }
}

/// A documented `boolean` that is sent: the form its request example writes (`1`, `"true"`).
fn boolean_wire(f: &Facts<'_>) -> Option<Decision> {
    if f.sent == Sent::No {
        return None;
    }
    let forms: Vec<WireForm> = f.samples.iter().filter_map(|v| flag_form(v)).collect();
    let form = *forms.first()?;
    (form != WireForm::Native && forms.len() == f.samples.len()).then_some(Decision {
        kind: Kind::Boolean,
        wire: form,
        note: None,
    })
}

// ---- 3. dates and times ---------------------------------------------------------------------

/// What an example value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Other,
    Date,
    DateTime,
    Timestamp,
}

fn shape(value: &Value) -> Shape {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return Shape::Other,
    };
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() == 13 && digits(0..13) {
        return Shape::Timestamp;
    }
    let date = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    if !date {
        return Shape::Other;
    }
    match b.get(10) {
        None => Shape::Date,
        Some(b' ' | b'T') if digits(11..13) && b.get(13) == Some(&b':') => Shape::DateTime,
        _ => Shape::Other,
    }
}

/// Name parts that end a date's or a time's name (`bill_date`, `valid_date_end`).
const MOMENT_WORDS: [&str; 9] = [
    "date",
    "time",
    "birthday",
    "hiredate",
    "kfdate",
    "createtime",
    "datetime",
    "timestamp",
    "modified",
];

/// A date-named field (`bill_date`, `create_time`, `valid_date_start`), or one whose description
/// names a date or a time (`审核时间`, `时间戳`, `yyyy-MM-dd`); never a number of days, a period,
/// a year or a month.
fn moment(f: &Facts<'_>, words: &[String]) -> Option<Decision> {
    if f.documented == Documented::Boolean {
        return None;
    }
    let d = f.description;
    let days = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "day" | "days" | "period" | "periods" | "year" | "years" | "month"
        )
    }) || d.contains("天数");
    if days {
        return None;
    }
    let head = {
        let mut w: Vec<&str> = words.iter().map(String::as_str).collect();
        while w.len() > 1 && matches!(w.last(), Some(&("start" | "end" | "begin"))) {
            w.pop();
        }
        w.last().copied().unwrap_or("")
    };
    let named = MOMENT_WORDS.contains(&head);
    let stamp = d.contains("时间戳");
    let format = describes_format(d);
    let best = f
        .samples
        .iter()
        .map(|v| shape(v))
        .max()
        .unwrap_or(Shape::Other);
    let described = stamp
        || format.is_some()
        || first_clause(d).ends_with("日期")
        || first_clause(d).ends_with("时间");
    if !named && !(described && (stamp || format.is_some() || best != Shape::Other)) {
        return None;
    }
    let kind = if stamp || best == Shape::Timestamp {
        Kind::Timestamp
    } else if best == Shape::DateTime {
        Kind::DateTime
    } else if best == Shape::Date {
        Kind::Date
    } else if let Some(kind) = format {
        kind
    } else if matches!(head, "date" | "birthday" | "hiredate" | "kfdate") {
        Kind::Date
    } else if matches!(head, "time" | "createtime" | "datetime" | "modified") {
        Kind::DateTime
    } else if head == "timestamp" {
        Kind::Timestamp
    } else if d.contains("日期") {
        Kind::Date
    } else {
        Kind::DateTime
    };
    // A number is a date only as milliseconds.
    let kind = match f.documented {
        Documented::String => kind,
        _ if kind == Kind::Timestamp || best == Shape::Other => Kind::Timestamp,
        _ => return None,
    };
    let what = match kind {
        Kind::Date => "a date (`2020-08-03`), typed `date`",
        Kind::DateTime => "a date and time (`2020-08-03 19:18:58`), typed `datetime`",
        _ => "milliseconds since the epoch (时间戳), typed `timestamp`",
    };
    Some(Decision {
        kind,
        wire: WireForm::Native,
        note: changed(f.documented, what),
    })
}

/// The format a description gives: `yyyy-MM-dd HH:mm:ss` or `2020-08-03 19:18:58` is a date
/// and time, `yyyy-MM-dd` or `2020-08-03` a date.
fn describes_format(description: &str) -> Option<Kind> {
    let lower = description.to_ascii_lowercase();
    if lower.contains("yyyy-mm-dd hh:mm") {
        return Some(Kind::DateTime);
    }
    if lower.contains("yyyy-mm-dd") {
        return Some(Kind::Date);
    }
    // A literal example in the description: the longest shape found after a digit run.
    let chars: Vec<char> = description.chars().collect();
    let mut found = None;
    for start in 0..chars.len() {
        if !chars[start].is_ascii_digit() || (start > 0 && chars[start - 1].is_ascii_digit()) {
            continue;
        }
        let long: String = chars[start..chars.len().min(start + 19)].iter().collect();
        let short: String = chars[start..chars.len().min(start + 10)].iter().collect();
        if shape(&Value::String(long)) == Shape::DateTime {
            return Some(Kind::DateTime);
        }
        if shape(&Value::String(short)) == Shape::Date {
            found = Some(Kind::Date);
        }
    }
    found
}

/// The description up to its first separator: `结算日期，结算日期与...` -> `结算日期`.
fn first_clause(description: &str) -> &str {
    let end = description
        .find(['，', ',', '；', ';', '。', '（', '(', '：', ':', ' '])
        .unwrap_or(description.len());
    description[..end].trim()
}

// ---- 4. amounts, prices, quantities, rates ----------------------------------------------------

/// Name parts that make a field a quantity of money or goods.
const QUANTITY_WORDS: [&str; 22] = [
    "amount", "amt", "price", "qty", "quantity", "rate", "tax", "cess", "discount", "dis",
    "balance", "bal", "cost", "money", "recmoney", "fee", "fees", "debit", "credit", "debt",
    "percent", "deposit",
];

/// Name parts that make a field something else: what identifies, names or describes a thing,
/// how many decimals a quantity has, or counts pages and rows (`price_precision`, `tax_no`,
/// `acct_for_added_tax`, `page_size`).
const NOT_QUANTITY_WORDS: [&str; 30] = [
    "number",
    "code",
    "name",
    "type",
    "account",
    "acct",
    "item",
    "explanation",
    "group",
    "dc",
    "dcbybal",
    "msg",
    "memo",
    "remark",
    "comment",
    "precision",
    "scale",
    "barcode",
    "supplier",
    "payer",
    "category",
    "is",
    "status",
    "mode",
    "method",
    "url",
    "direction",
    "level",
    "page",
    "count",
];

/// Last name parts that make a field something else, though they may qualify a quantity
/// elsewhere in a name: `tax_no` is a number that identifies, `no_tax_amount` an amount;
/// `currency` (币别) names the currency, `settle_currency_amt` is an amount in it.
const NOT_QUANTITY_LAST_WORDS: [&str; 2] = ["no", "currency"];

/// The end of a description that names a quantity (`累计赠送金额`, `折旧分配比例`).
const QUANTITY_ENDINGS: [&str; 20] = [
    "金额", "单价", "价格", "价", "数量", "税率", "税额", "折扣", "余额", "成本", "费用", "汇率",
    "比例", "总额", "净额", "合计", "额", "费", "定金", "订金",
];

/// Descriptions of text that only looks like a quantity: a formula (换算公式), a count of packs
/// and pieces (整件散包: `3箱2个`).
const NOT_QUANTITY_TEXT: [&str; 2] = ["公式", "整件散包"];

/// Every documented `number`; a `string` or `integer` named like an amount, a price, a quantity,
/// a rate, a tax, a discount, a balance, a cost or a fee, or a `string` whose description ends
/// naming one, unless it is an enumeration, a question (是否) or text whose examples are not
/// numbers.
fn decimal(f: &Facts<'_>, words: &[String]) -> Option<Decision> {
    let note = match f.documented {
        Documented::Number => None,
        Documented::Boolean => return None,
        Documented::String | Documented::Integer => {
            let d = f.description;
            let last = words.last().map(String::as_str).unwrap_or("");
            let excluded = words
                .iter()
                .any(|w| NOT_QUANTITY_WORDS.contains(&w.as_str()))
                || NOT_QUANTITY_LAST_WORDS.contains(&last)
                || d.trim_start().starts_with("是否")
                || NOT_QUANTITY_TEXT.iter().any(|t| d.contains(t))
                || enums::extract(d).is_some();
            let named = words.iter().any(|w| QUANTITY_WORDS.contains(&w.as_str()));
            let described = f.documented == Documented::String && names_quantity(d);
            let text_samples = !f.samples.is_empty() && f.samples.iter().all(|v| !is_numeric(v));
            if excluded || !(named || described) || text_samples {
                return None;
            }
            changed(f.documented, "an amount or a quantity, typed `decimal`")
        }
    };
    let wire = match f.sent {
        Sent::No | Sent::Query => WireForm::Native,
        Sent::Json if f.samples.iter().any(|v| v.is_string()) => WireForm::String,
        Sent::Json if f.samples.is_empty() && f.documented == Documented::String => {
            WireForm::String
        }
        Sent::Json => WireForm::Native,
    };
    Some(Decision {
        kind: Kind::Decimal,
        wire,
        note,
    })
}

/// Whether the description's first clause ends naming a quantity, after the currency it is in
/// (`支出金额本位币`, `折旧分配比例（%）`).
fn names_quantity(description: &str) -> bool {
    let clause = first_clause(description);
    let clause = clause
        .trim_end_matches("本位币")
        .trim_end_matches("原币")
        .trim_end_matches('%');
    QUANTITY_ENDINGS.iter().any(|e| clause.ends_with(e))
}

/// A number, or text that is one (`"12.50"`, `"-3"`).
fn is_numeric(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::String(s) => {
            let s = s.trim().trim_end_matches('%');
            s.chars().any(|c| c.is_ascii_digit())
                && s.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
                && s.parse::<f64>().is_ok()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decide_with(
        name: &str,
        documented: Documented,
        description: &str,
        samples: &[Value],
        sent: Sent,
    ) -> Option<Decision> {
        let samples: Vec<&Value> = samples.iter().collect();
        decide(&Facts {
            name,
            documented,
            description,
            samples: &samples,
            sent,
        })
    }

    fn kind(
        name: &str,
        documented: Documented,
        description: &str,
        samples: &[Value],
    ) -> Option<Kind> {
        decide_with(name, documented, description, samples, Sent::No).map(|d| d.kind)
    }

    #[test]
    fn names_split_into_words() {
        assert_eq!(words("amount_for2"), ["amount", "for"]);
        assert_eq!(words("isReCalcQty"), ["is", "re", "calc", "qty"]);
        assert_eq!(
            words("data.create_end_time"),
            ["data", "create", "end", "time"]
        );
    }

    #[test]
    fn ids_are_text() {
        let d = decide_with("material_id", Documented::Integer, "商品id", &[], Sent::No).unwrap();
        assert_eq!(d.kind, Kind::Id);
        assert_eq!(
            d.note.as_deref(),
            Some("Documented as `integer`; an id, typed `string` like every id.")
        );
        assert_eq!(kind("id", Documented::String, "id", &[]), None);
        assert_eq!(
            kind(
                "kp_tax_payer_id_number",
                Documented::String,
                "纳税人识别号",
                &[]
            ),
            None
        );
    }

    #[test]
    fn every_number_is_a_decimal_without_a_note() {
        let d = decide_with("qty", Documented::Number, "数量", &[json!(1)], Sent::No).unwrap();
        assert_eq!(
            (d.kind, d.wire, d.note),
            (Kind::Decimal, WireForm::Native, None)
        );
    }

    #[test]
    fn money_documented_as_text_is_a_decimal_sent_as_the_example_writes_it() {
        let d = decide_with(
            "amount",
            Documented::String,
            "金额",
            &[json!("80.2")],
            Sent::Json,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Decimal, WireForm::String));
        let d = decide_with(
            "amount",
            Documented::String,
            "金额",
            &[json!(80.2)],
            Sent::Json,
        )
        .unwrap();
        assert_eq!(d.wire, WireForm::Native);
        let d = decide_with("tax_rate", Documented::String, "税率", &[], Sent::Json).unwrap();
        assert_eq!(d.wire, WireForm::String);
        let d = decide_with("tax_rate", Documented::String, "税率", &[], Sent::Query).unwrap();
        assert_eq!(d.wire, WireForm::Native);
        assert_eq!(
            kind("accu_gift", Documented::String, "累计赠送金额", &[]),
            Some(Kind::Decimal)
        );
        assert_eq!(
            kind("returnable_qty", Documented::Integer, "可退数量", &[]),
            Some(Kind::Decimal)
        );
        assert_eq!(
            kind(
                "total_deposit",
                Documented::String,
                "本次定金",
                &[json!("100.12")]
            ),
            Some(Kind::Decimal)
        );
    }

    #[test]
    fn what_only_looks_like_money_stays() {
        for (name, description) in [
            ("tax_no", "纳税人识别号"),
            ("acct_for_added_tax", "应交税费-应交增值税(科目id)"),
            ("price_precision", "单价小数位"),
            ("conversion_rate", "换算公式"),
            ("pkg_qty", "即时库存（整件散包）"),
            ("fetch_price", "是否查询关联价格，默认为true"),
            ("comment", "费用明细备注"),
            ("operate", "操作"),
            ("currency", "币别/汇率"),
        ] {
            let decided = decide_with(name, Documented::String, description, &[], Sent::No)
                .filter(|d| d.kind == Kind::Decimal);
            assert_eq!(decided, None, "{name}");
        }
        assert_eq!(
            kind("issued", Documented::Integer, "已发放优惠券数量", &[]),
            None
        );
        assert_eq!(
            kind("no_tax_amount", Documented::String, "不含税金额", &[]),
            Some(Kind::Decimal)
        );
        assert_eq!(
            kind("settle_currency_amt", Documented::String, "是", &[]),
            Some(Kind::Decimal)
        );
        assert_eq!(
            kind("rate", Documented::String, "税率", &[json!("xx")]),
            None
        );
        assert_eq!(
            kind("tax_type", Documented::Integer, "1:含税 2:不含税", &[]),
            None
        );
    }

    #[test]
    fn timestamps_dates_and_times() {
        let stamp = "修改时间-开始时间的时间戳(毫秒)";
        assert_eq!(
            kind("modify_start_time", Documented::String, stamp, &[]),
            Some(Kind::Timestamp)
        );
        let d = decide_with(
            "begin_time",
            Documented::String,
            "开始时间",
            &[json!(1_690_000_000_000_u64)],
            Sent::Query,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Timestamp, WireForm::Native));
        assert_eq!(
            kind(
                "bill_date",
                Documented::String,
                "单据日期",
                &[json!("2020-08-03")]
            ),
            Some(Kind::Date)
        );
        assert_eq!(
            kind(
                "bill_date",
                Documented::String,
                "下单时间",
                &[json!("2020-08-03 19:18:58")]
            ),
            Some(Kind::DateTime)
        );
        assert_eq!(
            kind("audit_time", Documented::String, "审核时间", &[]),
            Some(Kind::DateTime)
        );
        assert_eq!(
            kind(
                "create_time",
                Documented::String,
                "创建时间，yyyy-MM-dd HH:mm:ss",
                &[]
            ),
            Some(Kind::DateTime)
        );
        assert_eq!(
            kind(
                "start_date",
                Documented::String,
                "开始日期（格式：“yyyy-MM-dd”）",
                &[]
            ),
            Some(Kind::Date)
        );
        assert_eq!(
            kind(
                "kf_date",
                Documented::String,
                "生产日期；格式：2020-09-16",
                &[]
            ),
            Some(Kind::Date)
        );
        assert_eq!(
            kind("valid_date_end", Documented::String, "失效时间", &[]),
            Some(Kind::Date)
        );
        assert_eq!(
            kind("create_time", Documented::Integer, "创建时间", &[]),
            Some(Kind::Timestamp)
        );
        let d = decide_with("bill_date", Documented::String, "单据日期", &[], Sent::No).unwrap();
        assert_eq!(
            d.note.as_deref(),
            Some("Documented as `string`; a date (`2020-08-03`), typed `date`.")
        );
    }

    #[test]
    fn days_periods_and_years_are_not_dates() {
        assert_eq!(
            kind("kf_period", Documented::Integer, "保质期天数", &[]),
            None
        );
        assert_eq!(kind("alarm_day", Documented::String, "预警天数", &[]), None);
        assert_eq!(
            kind("start_period", Documented::String, "开始年度期间", &[]),
            None
        );
        assert_eq!(
            kind("current_year", Documented::String, "当前年度", &[]),
            None
        );
        assert_eq!(
            kind(
                "valid_days",
                Documented::String,
                "有效日期天数",
                &[json!("180")]
            ),
            None
        );
        // A date-named field whose example is a number of days is still a date: a date keeps
        // text it cannot read.
        assert_eq!(
            kind(
                "valid_date",
                Documented::String,
                "有效日期",
                &[json!("180")]
            ),
            Some(Kind::Date)
        );
    }

    #[test]
    fn yes_no_flags_are_booleans_sent_as_the_example_writes_them() {
        let d = decide_with(
            "is_default",
            Documented::Integer,
            "是否默认 1-是 0-否",
            &[json!(1)],
            Sent::Json,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Boolean, WireForm::Number));
        assert_eq!(
            d.note.as_deref(),
            Some("Documented as `integer`; a yes/no flag, typed `boolean`.")
        );
        let d = decide_with(
            "is_default",
            Documented::String,
            "1：是，0：否",
            &[json!("1")],
            Sent::Json,
        )
        .unwrap();
        assert_eq!(d.wire, WireForm::NumberString);
        let d = decide_with(
            "is_default",
            Documented::String,
            "1：是，0：否",
            &[],
            Sent::Json,
        )
        .unwrap();
        assert_eq!(d.wire, WireForm::NumberString);
        let placeholder = [json!(1_333_333_333)];
        let d = decide_with(
            "fetch_price",
            Documented::String,
            "是否查询关联价格，默认为true",
            &placeholder,
            Sent::Query,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Boolean, WireForm::String));
        let d = decide_with(
            "is_default",
            Documented::Integer,
            "1：是，0：否",
            &[],
            Sent::Json,
        )
        .unwrap();
        assert_eq!(d.wire, WireForm::Number);
        let d = decide_with(
            "allow_negative",
            Documented::String,
            "是否启用负库存（启用-true，不启用-false）",
            &[],
            Sent::Json,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Boolean, WireForm::String));
        let d = decide_with(
            "is_leaf",
            Documented::Integer,
            "1明细科目 0非明细科目",
            &[],
            Sent::No,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Boolean, WireForm::Native));
        let d = decide_with(
            "not_view_zero",
            Documented::String,
            "是否不显示余额为0",
            &[json!(true)],
            Sent::Json,
        )
        .unwrap();
        assert_eq!((d.kind, d.wire), (Kind::Boolean, WireForm::Native));
    }

    #[test]
    fn other_two_valued_sets_are_not_flags() {
        assert_eq!(
            kind("enable", Documented::Integer, "状态(1:启用 0:禁用)", &[]),
            None
        );
        assert_eq!(
            kind("gender", Documented::Integer, "1：男，2：女", &[]),
            None
        );
        assert_eq!(
            kind("is_deduct", Documented::Integer, "是否抵扣", &[json!(9)]),
            None
        );
        assert_eq!(
            kind(
                "enable",
                Documented::String,
                "状态（1-可用 0-不可用）",
                &[json!("1")]
            ),
            None
        );
        let three = "是否清理（0-未清理，1-部分清理，2-全部清理)";
        assert_eq!(
            kind("is_clear", Documented::String, three, &[json!("0")]),
            None
        );
        let inverted = "是否反写销售订单 0:是1:否 默认是";
        assert_eq!(
            kind("is_sub", Documented::String, inverted, &[json!("0")]),
            None
        );
        let all = "是否同单收款（全部：-1，1：是，0：否）";
        assert_eq!(
            kind("payment_flag", Documented::String, all, &[json!("1")]),
            None
        );
        let unread = "是否检验，否’1’, 是’2’";
        assert_eq!(
            kind("inspect_method", Documented::String, unread, &[json!("1")]),
            None
        );
        let expand = "展开所有级次（1：展开，0：不展开 默认0）";
        assert_eq!(
            kind("expend_all", Documented::Integer, expand, &[]),
            Some(Kind::Boolean)
        );
    }

    #[test]
    fn documented_booleans_keep_their_type_and_take_the_written_form() {
        let d = decide_with(
            "is_free",
            Documented::Boolean,
            "是否赠品",
            &[json!(1)],
            Sent::Json,
        )
        .unwrap();
        assert_eq!(
            (d.kind, d.wire, d.note),
            (Kind::Boolean, WireForm::Number, None)
        );
        assert_eq!(
            decide_with(
                "is_free",
                Documented::Boolean,
                "",
                &[json!(true)],
                Sent::Json
            ),
            None
        );
        assert_eq!(
            decide_with("is_free", Documented::Boolean, "", &[json!(1)], Sent::No),
            None
        );
        assert_eq!(
            decide_with("deduct", Documented::Boolean, "", &[json!(9)], Sent::Json),
            None
        );
    }
}
