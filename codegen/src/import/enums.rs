//! Enumerations spelled out in descriptions (`状态(1:启用 0:禁用 -1：不限)`,
//! `1-纸质专票 2-纸质普票`, `编码升序：number asc（默认），编码降序：number desc`), documented
//! defaults (`默认1`, `默认为：false`, `（默认）`), and English names for their values.
//!
//! An enumeration is a run of at least two items, one after the other, each either
//! *value first* (`1:启用`, `1-纸质专票`, `1 男`, `1借`, `60.充值`, `bd_customer:客户`) or
//! *label first* (`编码升序：number asc`, `现销：1`, `删除delete`), all the same way round and all
//! with whole numbers or all with ASCII words as values. Items are separated by `，,；;、。` or
//! spaces (two value-first items may touch when the second has a separator of its own, as in
//! `1：是0：否`). The text before the run is the enumeration's description; an item followed by
//! `（默认）` is the default. Two items with the same value, or only `true` and `false`, are not
//! an enumeration.

use heck::ToSnakeCase;

use crate::names;

/// What the values of an enumeration are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueKind {
    /// Whole numbers (`1`, `-1`).
    Integer,
    /// ASCII words (`number asc`, `bd_customer`).
    Word,
}

/// An enumeration found in a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumeration {
    /// The words before the list (`状态`), empty when the list starts the description.
    pub description: String,
    pub kind: ValueKind,
    pub values: Vec<Value>,
    /// The value marked `（默认）`.
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    ValueFirst,
    LabelFirst,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `1借`: nothing between the value and the label.
    None,
    /// `1 男`.
    Space,
    /// `1:启用`, `1-纸质专票`.
    Mark,
}

#[derive(Debug, Clone)]
struct Item {
    start: usize,
    end: usize,
    value: String,
    label: String,
    kind: ValueKind,
    sep: Sep,
    default: bool,
}

/// Finds the enumeration a description spells out, if any.
pub fn extract(description: &str) -> Option<Enumeration> {
    let mut chars: Vec<char> = description.chars().collect();
    blank_empty_items(&mut chars);
    // Every position may start a list: the lengths are measured over items read once each,
    // and only the longest list is read in full.
    let mut lengths = ChainLengths::new(&chars);
    let mut best: Option<(usize, usize, Orientation)> = None;
    for start in 0..chars.len() {
        for orientation in [Orientation::ValueFirst, Orientation::LabelFirst] {
            let Some(length) = lengths.at(start, orientation) else {
                continue;
            };
            if best.is_none_or(|(longest, _, _)| length > longest) {
                best = Some((length, start, orientation));
            }
        }
    }
    let (_, start, orientation) = best?;
    let chain = chain_at(&chars, start, orientation)?;
    let start = chain[0].start;
    let prefix: String = chars[..start].iter().collect();
    // The last sentence before the list, without the punctuation that leads into it.
    let sentence = prefix
        .rsplit('。')
        .find(|s| !s.trim().is_empty())
        .unwrap_or(&prefix);
    let lead_in = |c: char| "(（:：，,；;、-=[【“”\"' \u{3000}".contains(c);
    let description = sentence
        .trim_end_matches(lead_in)
        // `盘点模式(默认:单人盘点:“1”...`: the default is read below, not part of the name.
        .trim_end_matches("默认")
        .trim_end_matches(lead_in)
        .trim_start_matches(|c: char| "=:：，,；;、)）“”\"' \u{3000}".contains(c))
        .trim()
        .to_string();
    let default = chain.iter().find(|i| i.default).map(|i| i.value.clone());
    Some(Enumeration {
        description,
        kind: chain[0].kind,
        values: chain
            .into_iter()
            .map(|i| Value {
                value: i.value,
                label: i.label,
            })
            .collect(),
        default,
    })
}

/// The most values an enumeration is read with. The documentation's longest has a few dozen;
/// the bound keeps the search for the longest list linear in the length of a description
/// (each of its positions may start a list), however long a list it spells out.
const MAX_ITEMS: usize = 256;

fn chain_at(chars: &[char], start: usize, orientation: Orientation) -> Option<Vec<Item>> {
    let first = item_at(chars, start, orientation)?;
    // `1借 -1贷`: a list of values glued to their labels must stand apart from the text
    // before it (`字段类型为6的时候` is not a list).
    if first.sep == Sep::None && start > 0 && is_cjk(chars[start - 1]) {
        return None;
    }
    let kind = first.kind;
    let mut chain = vec![first];
    loop {
        let end = chain.last().map(|i| i.end).unwrap_or(start);
        // A remark in brackets after a label (`公共参数(基础参数) arap：...`) belongs to it.
        let remark_end = bracket_end(chars, end);
        let mut next = remark_end.unwrap_or(end);
        while next < chars.len() && is_separator(chars[next]) {
            next += 1;
        }
        let Some(item) = item_at(chars, next, orientation) else {
            break;
        };
        let touching = next == end;
        // Touching items: `1：是0：否` (marked), `1代金券2折扣券` (glued like the first).
        let glued = chain.iter().all(|i| i.sep == Sep::None);
        let allowed = match orientation {
            Orientation::ValueFirst => {
                !touching || item.sep == Sep::Mark || (item.sep == Sep::None && glued)
            }
            Orientation::LabelFirst => !touching,
        };
        if item.kind != kind || !allowed || chain.len() == MAX_ITEMS {
            break;
        }
        if let (Some(remark_end), Some(last)) = (remark_end, chain.last_mut()) {
            if orientation == Orientation::ValueFirst {
                last.label.extend(&chars[end..remark_end]);
            }
        }
        chain.push(item);
    }
    let mut seen = std::collections::BTreeSet::new();
    let distinct = chain.iter().all(|i| seen.insert(i.value.as_str()));
    let only_booleans = chain
        .iter()
        .all(|i| matches!(i.value.as_str(), "true" | "false"));
    // `删除delete、审核audit`: without any mark between label and value, ask for more evidence.
    let bare_words =
        orientation == Orientation::LabelFirst && chain.iter().any(|i| i.sep == Sep::None);
    let enough = if bare_words { 3 } else { 2 };
    (chain.len() >= enough && distinct && !only_booleans).then_some(chain)
}

/// The length of the list [`chain_at`] reads at each position, when it reads one, found without
/// reading any item twice: what a list's search costs grows with the description's length
/// times [`MAX_ITEMS`], not with its square.
struct ChainLengths<'c> {
    chars: &'c [char],
    /// The item at each position, for each orientation, once read.
    items: [Vec<Option<Option<Read>>>; 2],
    /// A number for each distinct value, so that a list's values are checked distinct without
    /// building a set for each position.
    values: std::collections::HashMap<String, usize>,
    /// For each value's number, the last walk that met it.
    seen: Vec<usize>,
    walk: usize,
}

/// What a walk needs of an item.
#[derive(Clone, Copy)]
struct Read {
    end: usize,
    kind: ValueKind,
    sep: Sep,
    value: usize,
    boolean: bool,
}

impl<'c> ChainLengths<'c> {
    fn new(chars: &'c [char]) -> Self {
        ChainLengths {
            chars,
            items: [vec![None; chars.len() + 1], vec![None; chars.len() + 1]],
            values: std::collections::HashMap::new(),
            seen: Vec::new(),
            walk: 0,
        }
    }

    fn item(&mut self, at: usize, orientation: Orientation) -> Option<Read> {
        let side = usize::from(orientation == Orientation::LabelFirst);
        if let Some(read) = self.items[side].get(at).copied().flatten() {
            return read;
        }
        let read = item_at(self.chars, at, orientation).map(|item| {
            let next = self.values.len();
            let value = *self.values.entry(item.value.clone()).or_insert(next);
            if value == self.seen.len() {
                self.seen.push(0);
            }
            Read {
                end: item.end,
                kind: item.kind,
                sep: item.sep,
                value,
                boolean: matches!(item.value.as_str(), "true" | "false"),
            }
        });
        if let Some(slot) = self.items[side].get_mut(at) {
            *slot = Some(read);
        }
        read
    }

    /// The length of `chain_at(chars, start, orientation)`, by the same rules.
    fn at(&mut self, start: usize, orientation: Orientation) -> Option<usize> {
        let first = self.item(start, orientation)?;
        if first.sep == Sep::None && start > 0 && is_cjk(self.chars[start - 1]) {
            return None;
        }
        self.walk += 1;
        self.seen[first.value] = self.walk;
        let mut length = 1;
        let mut glued = first.sep == Sep::None;
        let mut bare = first.sep == Sep::None;
        let mut only_booleans = first.boolean;
        let mut distinct = true;
        let mut end = first.end;
        loop {
            let mut next = bracket_end(self.chars, end).unwrap_or(end);
            while next < self.chars.len() && is_separator(self.chars[next]) {
                next += 1;
            }
            let Some(item) = self.item(next, orientation) else {
                break;
            };
            let touching = next == end;
            let allowed = match orientation {
                Orientation::ValueFirst => {
                    !touching || item.sep == Sep::Mark || (item.sep == Sep::None && glued)
                }
                Orientation::LabelFirst => !touching,
            };
            if item.kind != first.kind || !allowed || length == MAX_ITEMS {
                break;
            }
            length += 1;
            glued &= item.sep == Sep::None;
            bare |= item.sep == Sep::None;
            only_booleans &= item.boolean;
            distinct &= self.seen[item.value] != self.walk;
            self.seen[item.value] = self.walk;
            end = item.end;
        }
        let enough = if orientation == Orientation::LabelFirst && bare {
            3
        } else {
            2
        };
        (length >= enough && distinct && !only_booleans).then_some(length)
    }
}

/// `所有：“”` (all: no value) is not a value of the list: it is blanked out, so that the list
/// around it is read whole.
fn blank_empty_items(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        if !is_cjk(chars[i]) || (i > 0 && is_cjk(chars[i - 1])) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_cjk(chars[j]) {
            j += 1;
        }
        let mut k = j;
        skip_spaces(chars, &mut k);
        let empty = chars.get(k).is_some_and(|&c| c == ':' || c == '：')
            && chars.get(k + 1).is_some_and(|&c| is_quote(c))
            && chars.get(k + 2).is_some_and(|&c| is_quote(c));
        if empty {
            for c in &mut chars[i..k + 3] {
                *c = ' ';
            }
            i = k + 3;
        } else {
            i = j;
        }
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '\'')
}

/// The end of a bracketed remark starting at `i` (`(基础参数)`, `（退货）`), if there is one.
fn bracket_end(chars: &[char], i: usize) -> Option<usize> {
    let close = match chars.get(i)? {
        '(' => ')',
        '（' => '）',
        _ => return None,
    };
    let len = chars[i + 1..].iter().take(24).position(|&c| c == close)?;
    Some(i + 1 + len + 1)
}

fn item_at(chars: &[char], i: usize, orientation: Orientation) -> Option<Item> {
    match orientation {
        Orientation::ValueFirst => value_first(chars, i),
        Orientation::LabelFirst => label_first(chars, i),
    }
}

fn value_first(chars: &[char], i: usize) -> Option<Item> {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    if prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_' || p == '.') {
        return None;
    }
    let (value, kind, mut j) = if let Some((value, j)) = integer_at(chars, i) {
        if prev == Some('-') {
            return None;
        }
        (value, ValueKind::Integer, j)
    } else {
        let (value, j) = word_at(chars, i, false)?;
        (value, ValueKind::Word, j)
    };
    let spaces = skip_spaces(chars, &mut j);
    let sep = if j < chars.len() && is_value_mark(chars[j]) {
        if kind == ValueKind::Word && matches!(chars[j], '.' | '、' | '/') {
            return None;
        }
        j += 1;
        skip_spaces(chars, &mut j);
        Sep::Mark
    } else if spaces > 0 {
        Sep::Space
    } else {
        Sep::None
    };
    if kind == ValueKind::Word && sep != Sep::Mark {
        return None;
    }
    let label_start = j;
    let first = *chars.get(j)?;
    let ascii_label = kind == ValueKind::Integer && sep != Sep::None && first.is_ascii_alphabetic();
    if !(is_cjk(first) || ascii_label) {
        return None;
    }
    while j < chars.len() {
        let c = chars[j];
        if is_terminator(c) || matches!(c, ':' | '：') {
            break;
        }
        let after_cjk = j > label_start && is_cjk(chars[j - 1]);
        let starts_number =
            c.is_ascii_digit() || (c == '-' && chars.get(j + 1).is_some_and(char::is_ascii_digit));
        if kind == ValueKind::Integer && after_cjk && starts_number {
            break;
        }
        j += 1;
    }
    let label: String = chars[label_start..j].iter().collect();
    let label = label.trim().to_string();
    if label.is_empty() {
        return None;
    }
    let default = default_mark(chars, &mut j);
    Some(Item {
        start: i,
        end: j,
        value,
        label,
        kind,
        sep,
        default,
    })
}

fn label_first(chars: &[char], i: usize) -> Option<Item> {
    if !is_cjk(*chars.get(i)?) || i.checked_sub(1).is_some_and(|p| is_cjk(chars[p])) {
        return None;
    }
    let mut j = i;
    while j < chars.len() && is_cjk(chars[j]) {
        j += 1;
        if let Some(end) = bracket_end(chars, j) {
            j = end;
        }
    }
    let label: String = chars[i..j].iter().collect();
    skip_spaces(chars, &mut j);
    let sep = if j < chars.len() && matches!(chars[j], ':' | '：' | '=' | '＝') {
        j += 1;
        skip_spaces(chars, &mut j);
        Sep::Mark
    } else if j < chars.len() && chars[j].is_ascii_alphabetic() && !chars[j - 1].is_whitespace() {
        Sep::None
    } else {
        return None;
    };
    // `已审核：“C”`: a value in quotes.
    let quoted = sep == Sep::Mark && chars.get(j).is_some_and(|&c| is_quote(c));
    if quoted {
        j += 1;
    }
    let (value, kind, mut end) = match integer_at(chars, j) {
        Some((value, end)) if sep == Sep::Mark => (value, ValueKind::Integer, end),
        _ => {
            let (value, end) = word_at(chars, j, !quoted)?;
            (value, ValueKind::Word, end)
        }
    };
    if quoted {
        if !chars.get(end).is_some_and(|&c| is_quote(c)) {
            return None;
        }
        end += 1;
    }
    if let Some(&c) = chars.get(end) {
        let ends_cleanly = is_terminator(c) || (sep == Sep::Mark && is_cjk(c));
        if !ends_cleanly {
            return None;
        }
    }
    let default = default_mark(chars, &mut end);
    Some(Item {
        start: i,
        end,
        value,
        label,
        kind,
        sep,
        default,
    })
}

/// `-1`, `12`: a whole number not glued to letters or decimals, without leading zeros.
fn integer_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    if chars.get(j) == Some(&'-') {
        j += 1;
    }
    let digits = j;
    while chars.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    if j == digits {
        return None;
    }
    if chars[digits] == '0' && j - digits > 1 {
        return None;
    }
    match chars.get(j) {
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => return None,
        Some('.') if chars.get(j + 1).is_some_and(char::is_ascii_digit) => return None,
        _ => {}
    }
    Some((chars[i..j].iter().collect(), j))
}

/// `bd_customer`, and with `several`, `number asc`: an ASCII word (or a few, space-separated)
/// starting with a letter.
fn word_at(chars: &[char], i: usize, several: bool) -> Option<(String, usize)> {
    let is_word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let first = *chars.get(i)?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let mut j = i;
    while chars.get(j).is_some_and(|&c| is_word_char(c)) {
        j += 1;
    }
    let mut words = 1;
    while several && words < 3 && chars.get(j) == Some(&' ') {
        let next = j + 1;
        if !chars.get(next).is_some_and(|c| c.is_ascii_alphabetic()) {
            break;
        }
        let mut k = next;
        while chars.get(k).is_some_and(|&c| is_word_char(c)) {
            k += 1;
        }
        j = k;
        words += 1;
    }
    if chars.get(j).is_some_and(|c| {
        c.is_ascii_punctuation()
            && !matches!(
                c,
                ',' | ';' | ')' | '(' | ':' | '-' | '.' | '/' | '|' | '"' | '\''
            )
    }) {
        return None;
    }
    Some((chars[i..j].iter().collect(), j))
}

/// `（默认）` right after an item.
fn default_mark(chars: &[char], j: &mut usize) -> bool {
    for mark in ["（默认）", "(默认)", "（默认值）", "(默认值)"] {
        let mark: Vec<char> = mark.chars().collect();
        if chars.get(*j..*j + mark.len()) == Some(&mark[..]) {
            *j += mark.len();
            return true;
        }
    }
    false
}

fn skip_spaces(chars: &[char], j: &mut usize) -> usize {
    let start = *j;
    while *j < chars.len() && matches!(chars[*j], ' ' | '\t' | '\u{3000}') {
        *j += 1;
    }
    *j - start
}

fn is_value_mark(c: char) -> bool {
    matches!(
        c,
        '-' | '–' | '—' | '－' | ':' | '：' | '=' | '＝' | '.' | '、' | '/'
    )
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '、' | '。' | ' ' | '\t' | '\u{3000}'
    )
}

fn is_terminator(c: char) -> bool {
    is_separator(c)
        || matches!(
            c,
            '(' | ')'
                | '（'
                | '）'
                | '【'
                | '】'
                | '['
                | ']'
                | '"'
                | '“'
                | '”'
                | '\''
                | '《'
                | '》'
                | '<'
                | '>'
        )
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// What a documented default must look like to be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultKind {
    Boolean,
    Integer,
    Number,
    Text,
}

/// The documented default of a field: the value marked `（默认）` in its enumeration, or what
/// follows `默认` (`默认1`, `默认false`, `默认为：false`, `默认-1全部`, or an enumeration's label).
pub fn documented_default(
    description: &str,
    kind: DefaultKind,
    enumeration: Option<&Enumeration>,
) -> Option<String> {
    if let Some(default) = enumeration.and_then(|e| e.default.clone()) {
        return Some(default);
    }
    let mut rest = description;
    while let Some(at) = rest.find("默认") {
        let after = &rest[at + "默认".len()..];
        rest = after;
        let plain = after.trim_start_matches(['为', '：', ':', ' ', '值']);
        if let Some(e) = enumeration {
            let found = enum_default(plain, e).or_else(|| {
                enum_default(
                    plain
                        .trim_start_matches('是')
                        .trim_start_matches(['：', ':', ' ']),
                    e,
                )
            });
            if found.is_some() {
                return found;
            }
            continue;
        }
        let after_copula = plain
            .trim_start_matches('是')
            .trim_start_matches(['：', ':', ' ']);
        let found = match kind {
            DefaultKind::Boolean => boolean_token(plain)
                .or_else(|| {
                    if plain.starts_with('否') {
                        Some("false")
                    } else if plain.starts_with('是') && !plain.starts_with("是否") {
                        Some("true")
                    } else {
                        None
                    }
                })
                .map(str::to_string),
            DefaultKind::Integer => {
                number_token(plain, false).or_else(|| number_token(after_copula, false))
            }
            DefaultKind::Number => {
                number_token(plain, true).or_else(|| number_token(after_copula, true))
            }
            DefaultKind::Text => boolean_token(plain)
                .map(str::to_string)
                .or_else(|| number_token(plain, true))
                .or_else(|| number_token(after_copula, true)),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn enum_default(text: &str, e: &Enumeration) -> Option<String> {
    let boundary = |rest: &str| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let by_value = e
        .values
        .iter()
        .filter(|v| text.starts_with(v.value.as_str()) && boundary(&text[v.value.len()..]))
        .max_by_key(|v| v.value.len());
    if let Some(v) = by_value {
        return Some(v.value.clone());
    }
    e.values
        .iter()
        .filter(|v| text.starts_with(v.label.as_str()))
        .max_by_key(|v| v.label.len())
        .map(|v| v.value.clone())
}

fn boolean_token(text: &str) -> Option<&'static str> {
    for word in ["true", "false"] {
        if let Some(rest) = text.strip_prefix(word) {
            if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                return Some(word);
            }
        }
    }
    None
}

fn number_token(text: &str, decimals: bool) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut j = 0;
    if chars.first() == Some(&'-') {
        j += 1;
    }
    let digits = j;
    while chars.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    if j == digits {
        return None;
    }
    if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
        if !decimals {
            return None;
        }
        j += 1;
        while chars.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
    }
    if chars
        .get(j)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_')
    {
        return None;
    }
    Some(chars[..j].iter().collect())
}

/// Labels that have one obvious English name, used for variants when the values themselves
/// cannot name them (numbers). Only whole labels are looked up: nothing is translated word by
/// word, and an enumeration takes these names only if every one of its labels is here.
const GLOSSARY: &[(&str, &str)] = &[
    ("启用", "enabled"),
    ("禁用", "disabled"),
    ("可用", "enabled"),
    ("不可用", "disabled"),
    ("不限", "any"),
    ("全部", "all"),
    ("是", "yes"),
    ("否", "no"),
    ("男", "male"),
    ("女", "female"),
    ("天", "day"),
    ("日", "day"),
    ("月", "month"),
    ("年", "year"),
    ("借", "debit"),
    ("贷", "credit"),
    ("平", "balanced"),
    ("未审核", "unaudited"),
    ("已审核", "audited"),
    ("暂存", "draft"),
    ("普票", "normal_invoice"),
    ("专票", "special_invoice"),
    ("收据", "receipt"),
    ("显示", "shown"),
    ("不显示", "hidden"),
    ("成功", "succeeded"),
    ("失败", "failed"),
    ("正常", "normal"),
    ("作废", "voided"),
    ("红冲", "red_reversed"),
    ("异常", "abnormal"),
    ("出库", "outbound"),
    ("入库", "inbound"),
    ("退货", "returned"),
    ("客户", "customer"),
    ("供应商", "supplier"),
    ("商品", "material"),
    ("部门", "department"),
    ("职员", "employee"),
    ("仓库", "warehouse"),
    ("门店", "store"),
    ("标签", "label"),
    ("辅助资料", "aux_info"),
    ("未开票", "not_invoiced"),
    ("部分开票", "partly_invoiced"),
    ("全部开票", "fully_invoiced"),
    ("无需开票", "no_invoice"),
    ("未到有效期", "not_yet_valid"),
    ("可使用", "usable"),
    ("已过期", "expired"),
];

/// The English name of a label, if the glossary has it or the label is an ASCII word.
fn label_name(label: &str) -> Option<String> {
    if let Some((_, name)) = GLOSSARY.iter().find(|(cn, _)| *cn == label) {
        return Some((*name).to_string());
    }
    names::type_name(label)
        .filter(|_| {
            label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_')
        })
        .map(|_| label.to_snake_case())
}

/// The name of each value's Rust variant, in `snake_case` (the spec's `name:`), in three tries:
///
/// 1. every value is an ASCII word: the value itself (`number asc` -> `number_asc`);
/// 2. every label is in a small glossary of unambiguous words (启用 -> `enabled`, 是 -> `yes`)
///    or is an ASCII word (`POS`);
/// 3. otherwise the value: `v1`, `v0`, `v_minus1` (a non-ASCII value is numbered by position).
///
/// Nothing is transliterated. Each try must give distinct names, or the next one is used.
/// Whether the variants of these values can only be named after the values themselves
/// (`v1`, `v_minus1`, or a single letter such as `c`): names that explain nothing.
pub fn named_after_values(values: &[Value]) -> bool {
    let names = variant_names(values);
    let by_value: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| fallback_name(&v.value, i))
        .collect();
    names.iter().any(|n| n.chars().count() == 1)
        || (names == by_value && values.iter().any(|v| word_value(&v.value).is_none()))
        || names
            .iter()
            .enumerate()
            .all(|(i, n)| *n == format!("v{}", i + 1))
}

pub fn variant_names(values: &[Value]) -> Vec<String> {
    let by_value: Option<Vec<String>> = values
        .iter()
        .map(|v| word_value(&v.value).map(|w| w.to_snake_case()))
        .collect();
    if let Some(found) = by_value.filter(|n| usable(n)) {
        return found;
    }
    let by_label: Option<Vec<String>> = values.iter().map(|v| label_name(&v.label)).collect();
    if let Some(found) = by_label.filter(|n| usable(n)) {
        return found;
    }
    let by_number: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| fallback_name(&v.value, i))
        .collect();
    if usable(&by_number) {
        return by_number;
    }
    (1..=values.len()).map(|i| format!("v{i}")).collect()
}

/// A value that can name its variant: ASCII, a letter first.
fn word_value(value: &str) -> Option<&str> {
    (names::unusable(value).is_none() && names::type_name(value).is_some()).then_some(value)
}

fn fallback_name(value: &str, index: usize) -> String {
    if let Ok(n) = value.parse::<i64>() {
        if n < 0 {
            return format!("v_minus{}", n.unsigned_abs());
        }
        return format!("v{value}");
    }
    if let Some(word) = word_value(value) {
        return word.to_snake_case();
    }
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return format!("v{}", value.to_ascii_lowercase());
    }
    format!("v{}", index + 1)
}

/// Distinct as Rust variants, and none is the reserved `Unknown`.
fn usable(names: &[String]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    names.iter().all(|n| {
        let variant = names::type_name(n);
        variant.is_some_and(|v| v != "Unknown" && seen.insert(v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(description: &str) -> Vec<(String, String)> {
        extract(description)
            .map(|e| e.values.into_iter().map(|v| (v.value, v.label)).collect())
            .unwrap_or_default()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn value_first_lists() {
        let e = extract("状态(1:启用 0:禁用 -1：不限)").unwrap();
        assert_eq!(e.description, "状态");
        assert_eq!(e.kind, ValueKind::Integer);
        assert_eq!(
            values("状态(1:启用 0:禁用 -1：不限)"),
            pairs(&[("1", "启用"), ("0", "禁用"), ("-1", "不限")])
        );
        assert_eq!(
            values("发票类型；1-纸质专票 2-纸质普票 0-无需开票"),
            pairs(&[("1", "纸质专票"), ("2", "纸质普票"), ("0", "无需开票")])
        );
        assert_eq!(
            values("性别，1 男，0 女"),
            pairs(&[("1", "男"), ("0", "女")])
        );
        assert_eq!(
            values("期初余额方向 1借 -1贷 0平"),
            pairs(&[("1", "借"), ("-1", "贷"), ("0", "平")])
        );
        assert_eq!(
            values("跳过该层级直接领用下级物料1：是0：否"),
            pairs(&[("1", "是"), ("0", "否")])
        );
        assert_eq!(
            values("零售业务类型：60.充值61.退充62.销售"),
            pairs(&[("60", "充值"), ("61", "退充"), ("62", "销售")])
        );
        assert_eq!(
            values("1 现提, 2 自提, 3、同城配送，4、快递 5、店内配送").len(),
            5
        );
        assert_eq!(
            values("保质期类型：1/天，2/月，3/年（保质期商品必填）"),
            pairs(&[("1", "天"), ("2", "月"), ("3", "年")])
        );
        assert_eq!(
            values("订单来源:1.POS 2.商城"),
            pairs(&[("1", "POS"), ("2", "商城")])
        );
        assert_eq!(
            values("核算项目类别(bd_customer:客户，bd_supplier:供应商)"),
            pairs(&[("bd_customer", "客户"), ("bd_supplier", "供应商")])
        );
    }

    #[test]
    fn label_first_lists() {
        let e = extract(
            "排序；编码升序：number asc（默认），编码降序：number desc，名称升序：name asc",
        )
        .unwrap();
        assert_eq!(e.description, "排序");
        assert_eq!(e.kind, ValueKind::Word);
        assert_eq!(e.default.as_deref(), Some("number asc"));
        assert_eq!(e.values[2].value, "name asc");
        let e = extract("单据状态（所有：“”，已审核：“C”，未审核：“Z”）").unwrap();
        assert_eq!(e.description, "单据状态");
        assert_eq!(
            e.values,
            [
                Value {
                    value: "C".into(),
                    label: "已审核".into()
                },
                Value {
                    value: "Z".into(),
                    label: "未审核".into()
                }
            ]
        );
        assert_eq!(
            values("执行状态（全部执行：“C”，待执行（=部分执行+未执行）：“B”,手动关闭: H）").len(),
            3
        );
        assert_eq!(
            values("业务类型，现销：1，赊销：2，委托销售：3"),
            pairs(&[("1", "现销"), ("2", "赊销"), ("3", "委托销售")])
        );
        assert_eq!(
            values("操作类型，删除delete、审核audit、反审核unaudit").len(),
            3
        );
        assert_eq!(
            values("分录类型，换入：in，换出：out"),
            pairs(&[("in", "换入"), ("out", "换出")])
        );
    }

    #[test]
    fn not_enumerations() {
        for text in [
            "序列号 格式：001:备注1",
            "生产日期；格式：2020-09-16",
            "是否分页，1：不分页返回100条数据；默认分页，每页10",
            "辅助核算组合id >=0包含辅助核算 默认-1全部",
            "是否查询客户最近交易时间，true-查询，false-不查询；默认为：false",
            "价格等级id，成熟度id",
            "辅助核算类别id，例如：f0001、f0002",
            "选中上传的文件（单个10m以内，最多每次上传1个文件）",
            "id值=0标识没有生成凭证",
            "head/单据体的key",
            "跟进结束时间（格式：“yyyy-MM-dd”）",
        ] {
            assert_eq!(extract(text), None, "{text}");
        }
    }

    #[test]
    fn defaults() {
        use DefaultKind::*;
        assert_eq!(
            documented_default("当前页，默认1", Text, None).as_deref(),
            Some("1")
        );
        assert_eq!(
            documented_default("每页显示条数默认10", Integer, None).as_deref(),
            Some("10")
        );
        assert_eq!(
            documented_default("是否显示；默认false-不显示", Boolean, None).as_deref(),
            Some("false")
        );
        assert_eq!(
            documented_default("true-查询；默认为：false", Text, None).as_deref(),
            Some("false")
        );
        assert_eq!(
            documented_default("是否显示计算公式，默认否", Boolean, None).as_deref(),
            Some("false")
        );
        assert_eq!(documented_default("默认分页，每页10", Integer, None), None);
        assert_eq!(
            documented_default("组合id 默认-1全部", Text, None).as_deref(),
            Some("-1")
        );
        let e = extract("是否反写销售订单 0:是1:否 默认是").unwrap();
        assert_eq!(
            documented_default("是否反写销售订单 0:是1:否 默认是", Text, Some(&e)).as_deref(),
            Some("0")
        );
        let e = extract("查询类型，1：汇总计算，2：展示明细，默认2").unwrap();
        assert_eq!(
            documented_default("查询类型，1：汇总计算，2：展示明细，默认2", Text, Some(&e))
                .as_deref(),
            Some("2")
        );
    }

    #[test]
    fn variant_names_never_transliterate() {
        let v = |list: &[(&str, &str)]| {
            variant_names(
                &list
                    .iter()
                    .map(|(value, label)| Value {
                        value: value.to_string(),
                        label: label.to_string(),
                    })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            v(&[("number asc", "编码升序"), ("name desc", "名称降序")]),
            ["number_asc", "name_desc"]
        );
        assert_eq!(
            v(&[("1", "启用"), ("0", "禁用"), ("-1", "不限")]),
            ["enabled", "disabled", "any"]
        );
        assert_eq!(
            v(&[("1", "纸质专票"), ("2", "纸质普票"), ("-1", "全部")]),
            ["v1", "v2", "v_minus1"]
        );
        assert_eq!(v(&[("1", "POS"), ("2", "商城")]), ["v1", "v2"]);
        assert_eq!(v(&[("1", "可用"), ("2", "启用")]), ["v1", "v2"]);
        assert_eq!(v(&[("unknown", "未知"), ("a", "甲")]), ["v1", "v2"]);
    }
}
