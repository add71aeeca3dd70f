//! What the description of a `File` field says of the file: the largest size
//! (`单个10m以内`) and a rule on its name (`文件名只能包含字母数字且需要带文件后缀`).

use crate::spec::FileNameRule;

/// The largest file a description allows, in bytes: a number with a unit (`10m`, `5MB`,
/// `500k`) followed by 以内 or 以下, or after 不超过, 不能超过, 最大 or 小于. `m` is read as
/// MiB (1024 × 1024 bytes), the larger of its readings, so that no file the server takes is
/// refused for its size.
pub(crate) fn max_bytes(description: &str) -> Option<u64> {
    let chars: Vec<char> = description.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let unit = match chars.get(j).map(char::to_ascii_lowercase) {
            Some('k') => 1024,
            Some('m') => 1024 * 1024,
            Some('g') => 1024 * 1024 * 1024,
            _ => continue,
        };
        j += 1;
        if chars.get(j).is_some_and(|c| c.eq_ignore_ascii_case(&'b')) {
            j += 1;
        }
        // A unit glued to more letters is a word (`5mm`, `3ms`), not a size.
        if chars.get(j).is_some_and(char::is_ascii_alphabetic) {
            continue;
        }
        let after: String = chars[j..].iter().collect();
        let before: String = chars[..start].iter().collect();
        let before = before.trim_end();
        let bounded = ["以内", "以下"]
            .iter()
            .any(|w| after.trim_start().starts_with(w))
            || ["不超过", "不能超过", "最大", "小于"]
                .iter()
                .any(|w| before.ends_with(w));
        if bounded {
            if let Some(bytes) = number.parse::<u64>().ok().and_then(|n| n.checked_mul(unit)) {
                return Some(bytes);
            }
        }
        i = j;
    }
    None
}

/// The rule a description sets on the file's name: only letters and digits, with an extension
/// (`文件名只能包含字母数字且需要带文件后缀`).
pub(crate) fn name_rule(description: &str) -> FileNameRule {
    let alphanumeric = ["只能包含字母数字", "只能包含字母和数字", "只能是字母数字"]
        .iter()
        .any(|w| description.contains(w));
    let extension = ["后缀", "扩展名"].iter().any(|w| description.contains(w));
    if alphanumeric && extension {
        FileNameRule::AlphanumericWithExtension
    } else {
        FileNameRule::Any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_the_documentation() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(
            max_bytes("选中上传的文件（单个10m以内，最多每次上传1个文件）"),
            Some(10 * MIB)
        );
        assert_eq!(
            max_bytes("选中上传的文件（单个5m以内，最多每次上传1个文件，文件名只能包含字母数字且需要带文件后缀）"),
            Some(5 * MIB)
        );
        assert_eq!(max_bytes("大小不超过 2MB"), Some(2 * MIB));
        assert_eq!(max_bytes("500KB以下"), Some(500 * 1024));
        // A number without a bound, or a count of files, is no size.
        assert_eq!(max_bytes("最多每次上传1个文件"), None);
        assert_eq!(max_bytes("宽度10mm"), None);
        assert_eq!(max_bytes("10m"), None);
        assert_eq!(max_bytes(""), None);
    }

    #[test]
    fn name_rules_of_the_documentation() {
        assert_eq!(
            name_rule("文件名只能包含字母数字且需要带文件后缀"),
            FileNameRule::AlphanumericWithExtension
        );
        assert_eq!(
            name_rule("选中上传的文件（单个10m以内）"),
            FileNameRule::Any
        );
        assert_eq!(name_rule("文件后缀为txt"), FileNameRule::Any);
    }
}
