//! Just enough of `multipart/form-data` (RFC 7578) for the mock to see which parts an upload
//! carries: each part's name, its file name if it is a file, and its size.

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) len: usize,
}

/// The boundary of a `multipart/form-data` Content-Type, or `None` if it is not one.
pub(crate) fn boundary(content_type: &str) -> Option<&str> {
    let (media, params) = content_type.split_once(';')?;
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .split(';')
        .find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| value.trim().trim_matches('"'))
        })
        .filter(|boundary| !boundary.is_empty())
}

/// The parts of a body, or why it cannot be read as `multipart/form-data`.
pub(crate) fn parts(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let next = format!("\r\n{delimiter}");
    let start = find(body, delimiter.as_bytes()).ok_or("the body has no boundary")?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary is not followed by a line break")?;
        let end = find(rest, next.as_bytes()).ok_or("a part has no closing boundary")?;
        let part = &rest[..end];
        let headers_end = find(part, b"\r\n\r\n").ok_or("a part has no headers")?;
        let headers = String::from_utf8_lossy(&part[..headers_end]);
        let disposition = headers
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(value)
            })
            .ok_or("a part has no Content-Disposition")?;
        parts.push(Part {
            name: param(disposition, "name").ok_or("a part has no name")?,
            file_name: param(disposition, "filename"),
            len: part.len() - headers_end - 4,
        });
        rest = &rest[end + next.len()..];
    }
}

/// A parameter of a Content-Disposition (`form-data; name="file1"; filename="a.txt"`), with
/// the backslash escapes of a quoted value undone.
fn param(disposition: &str, wanted: &str) -> Option<String> {
    disposition.split(';').find_map(|item| {
        let (key, value) = item.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case(wanted) {
            return None;
        }
        let value = value.trim();
        let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            return Some(value.to_string());
        };
        let mut out = String::with_capacity(quoted.len());
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        Some(out)
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_of_a_body() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc-1"),
            Some("abc-1")
        );
        assert_eq!(boundary("Multipart/Form-Data;boundary=\"q\""), Some("q"));
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        let body = b"--b\r\nContent-Disposition: form-data; name=\"file1\"; filename=\"a \\\"1\\\".txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; name=\"remark\"\r\n\r\nx\r\n--b--\r\n";
        assert_eq!(
            parts(body, "b"),
            Ok(vec![
                Part {
                    name: "file1".into(),
                    file_name: Some("a \"1\".txt".into()),
                    len: 5
                },
                Part {
                    name: "remark".into(),
                    file_name: None,
                    len: 1
                },
            ])
        );
        assert!(parts(b"{}", "b").is_err());
        assert!(parts(b"--b\r\nno headers", "b").is_err());
    }
}
