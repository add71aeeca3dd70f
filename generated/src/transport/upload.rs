//! Uploads: files and text sent as the parts of a `multipart/form-data` body, and the limits
//! the documentation sets on those files, checked before anything is sent.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::Path;

use bytes::Bytes;

use crate::wire::QueryValue;

/// What a part carries when it has no content type of its own, as `curl --form` sends a file.
const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// A file to upload: its name, its bytes and, if known, its content type.
///
/// Cheap to clone: the bytes are shared, so a call that is sent more than once (a retry, a
/// replaced token) sends the same file without copying it. Without a content type the file is
/// sent as `application/octet-stream`.
///
/// ```
/// let file = jdy::UploadFile::new("111.txt", b"hello".to_vec()).with_content_type("text/plain");
/// assert_eq!(file.file_name(), "111.txt");
/// assert_eq!(file.len(), 5);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct UploadFile {
    file_name: String,
    bytes: Bytes,
    content_type: Option<String>,
}

impl UploadFile {
    /// A file named `file_name` (the name the server keeps, such as `111.txt`) holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> UploadFile {
        UploadFile {
            file_name: file_name.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Reads the file at `path` whole, named after the last component of the path (a name that
    /// is not UTF-8 has its odd bytes replaced). The uploads take files of a few megabytes;
    /// from async code, a large file is better read in `tokio::task::spawn_blocking`.
    ///
    /// The error names the path: `cannot read /tmp/a.txt: No such file or directory`.
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<UploadFile> {
        let path = path.as_ref();
        let Some(name) = path.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} does not name a file", path.display()),
            ));
        };
        let bytes = std::fs::read(path).map_err(|error| {
            io::Error::new(
                error.kind(),
                format!("cannot read {}: {error}", path.display()),
            )
        })?;
        Ok(UploadFile::new(name.to_string_lossy(), bytes))
    }

    /// The same file under another name (for example to meet an endpoint's rule on names).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> UploadFile {
        self.file_name = file_name.into();
        self
    }

    /// The same file with a content type (`text/plain`, `image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> UploadFile {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The bytes are left out: a file may be large, and what it holds is the caller's business.
impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadFile")
            .field("file_name", &self.file_name)
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// What the documentation allows of one file of an upload. The generated upload methods pass
/// their endpoint's limits; a file that breaks one is refused with
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before a token is fetched or
/// anything is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileLimits {
    /// The largest file, in bytes.
    pub max_bytes: Option<u64>,
    pub file_name: FileNameRule,
}

/// What a file's name may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileNameRule {
    /// Any name that is not empty.
    #[default]
    Any,
    /// ASCII letters and digits, a dot and an extension of letters and digits (`111.txt`):
    /// 文件名只能包含字母数字且需要带文件后缀 (凭证附件上传).
    AlphanumericWithExtension,
}

impl FileLimits {
    /// No limit beyond a name that is not empty.
    pub const NONE: FileLimits = FileLimits {
        max_bytes: None,
        file_name: FileNameRule::Any,
    };

    /// Whether `file` may be sent, and if not why, in a sentence that names the file.
    pub fn check(&self, file: &UploadFile) -> Result<(), String> {
        let name = file.file_name();
        if name.is_empty() {
            return Err("the file has no name".into());
        }
        if name.chars().any(char::is_control) {
            return Err(format!("the file name {name:?} has control characters"));
        }
        if let Some(max) = self.max_bytes {
            let len = file.len() as u64;
            if len > max {
                return Err(format!(
                    "the file `{name}` is {len} bytes, over the documented limit of {}",
                    size_text(max)
                ));
            }
        }
        match self.file_name {
            FileNameRule::Any => {}
            FileNameRule::AlphanumericWithExtension => {
                let alphanumeric =
                    |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
                let fits = name
                    .split_once('.')
                    .is_some_and(|(stem, extension)| alphanumeric(stem) && alphanumeric(extension));
                if !fits {
                    return Err(format!(
                        "the file name `{name}` is not ASCII letters and digits with an extension (such as `111.txt`), as this endpoint requires"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `10 MiB (10485760 bytes)`, `300 KiB (307200 bytes)`, or `1000 bytes`.
fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes % MIB == 0 {
        format!("{} MiB ({bytes} bytes)", bytes / MIB)
    } else if bytes % 1024 == 0 {
        format!("{} KiB ({bytes} bytes)", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A `multipart/form-data` body: named parts, each a file or a text value, in order.
///
/// The generated upload methods build one from their body struct (`to_multipart`); it can also
/// be given to [`Call::multipart`](crate::Call::multipart) for an endpoint the spec does not
/// describe. The signature does not cover the body (it never does), so the parts can be
/// anything the endpoint takes.
///
/// ```
/// use jdy::{FileLimits, Multipart, UploadFile};
///
/// let file = UploadFile::new("111.txt", b"hello".to_vec());
/// let form = Multipart::new().file("file1", &file, FileLimits::NONE).text("remark", "first");
/// assert_eq!(form.part_names().collect::<Vec<_>>(), ["file1", "remark"]);
/// ```
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<(Cow<'static, str>, PartValue)>,
    /// The first file that breaks its limits: the call is refused when it is sent.
    problem: Option<String>,
}

#[derive(Clone)]
enum PartValue {
    Text(String),
    File(UploadFile),
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text part: a value as it would go in a query (text as it is, numbers, booleans,
    /// an enumeration's value on the wire).
    pub fn text<V: QueryValue + ?Sized>(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: &V,
    ) -> Multipart {
        self.parts
            .push((name.into(), PartValue::Text(value.to_query_value())));
        self
    }

    /// Adds a text part if there is a value.
    pub fn text_opt<V: QueryValue + ?Sized>(
        self,
        name: impl Into<Cow<'static, str>>,
        value: Option<&V>,
    ) -> Multipart {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// Adds a file part (sharing the file's bytes). A file that breaks `limits`, or whose
    /// content type is not a media type, makes the call fail before it is sent.
    pub fn file(
        mut self,
        name: impl Into<Cow<'static, str>>,
        file: &UploadFile,
        limits: FileLimits,
    ) -> Multipart {
        let name = name.into();
        if self.problem.is_none() {
            let problem = limits.check(file).err().or_else(|| {
                let content_type = file.content_type()?;
                let valid = reqwest::multipart::Part::text("")
                    .mime_str(content_type)
                    .is_ok();
                (!valid).then(|| {
                    format!(
                        "the content type `{content_type}` of the file `{}` is not a media type",
                        file.file_name()
                    )
                })
            });
            self.problem = problem.map(|problem| format!("part `{name}`: {problem}"));
        }
        self.parts.push((name, PartValue::File(file.clone())));
        self
    }

    /// Adds a file part if there is a file.
    pub fn file_opt(
        self,
        name: impl Into<Cow<'static, str>>,
        file: Option<&UploadFile>,
        limits: FileLimits,
    ) -> Multipart {
        match file {
            Some(file) => self.file(name, file, limits),
            None => self,
        }
    }

    /// The names of the parts, in order.
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(name, _)| name.as_ref())
    }

    /// Why the body cannot be sent, if a file breaks its limits.
    pub(crate) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The form reqwest sends. Built anew for each attempt, since sending consumes it; the
    /// files' bytes are shared, not copied.
    pub(crate) fn to_form(&self) -> reqwest::multipart::Form {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.parts {
            let part = match value {
                PartValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
                PartValue::File(file) => {
                    let part = || {
                        reqwest::multipart::Part::stream_with_length(
                            file.bytes.clone(),
                            file.bytes.len() as u64,
                        )
                        .file_name(file.file_name.clone())
                    };
                    let content_type = file.content_type().unwrap_or(DEFAULT_CONTENT_TYPE);
                    // `file` refused a content type that does not parse, so the fallback to
                    // no content type is never taken.
                    part().mime_str(content_type).unwrap_or_else(|_| part())
                }
            };
            form = form.part(name.clone(), part);
        }
        form
    }
}

/// Part names, file names and sizes; never the bytes.
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in &self.parts {
            match value {
                PartValue::Text(text) => {
                    list.entry(&format_args!("{name}: {} bytes of text", text.len()))
                }
                PartValue::File(file) => list.entry(&format_args!("{name}: {file:?}")),
            };
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, len: usize) -> UploadFile {
        UploadFile::new(name, vec![b'x'; len])
    }

    #[test]
    fn sizes_are_checked_against_the_limit_inclusive() {
        let limits = FileLimits {
            max_bytes: Some(10),
            ..FileLimits::NONE
        };
        assert_eq!(limits.check(&file("a", 10)), Ok(()));
        assert_eq!(
            limits.check(&file("a", 11)),
            Err("the file `a` is 11 bytes, over the documented limit of 10 bytes".into())
        );
        let mib = FileLimits {
            max_bytes: Some(5 * 1024 * 1024),
            ..FileLimits::NONE
        };
        let error = mib.check(&file("a", 5 * 1024 * 1024 + 1)).unwrap_err();
        assert!(error.contains("5 MiB (5242880 bytes)"), "{error}");
    }

    #[test]
    fn names_are_letters_and_digits_with_an_extension_where_the_endpoint_says_so() {
        let limits = FileLimits {
            file_name: FileNameRule::AlphanumericWithExtension,
            ..FileLimits::NONE
        };
        for good in ["111.txt", "Scan2024.PDF", "a.b1"] {
            assert_eq!(limits.check(&file(good, 1)), Ok(()), "{good}");
        }
        for bad in [
            "111",
            "a-b.txt",
            "a b.txt",
            "a.b.txt",
            ".txt",
            "a.",
            "凭证.txt",
            "a_1.png",
        ] {
            assert!(limits.check(&file(bad, 1)).is_err(), "{bad}");
        }
        // Without the rule, any name that is not empty goes.
        assert_eq!(FileLimits::NONE.check(&file("凭证 附件", 1)), Ok(()));
        assert!(FileLimits::NONE.check(&file("", 1)).is_err());
        assert!(FileLimits::NONE.check(&file("a\r\nb", 1)).is_err());
    }

    #[test]
    fn the_first_broken_file_is_the_problem_of_the_body() {
        let limits = FileLimits {
            max_bytes: Some(1),
            ..FileLimits::NONE
        };
        let form = Multipart::new()
            .text("a", "x")
            .file("ok", &file("ok.txt", 1), limits)
            .file("big", &file("big.txt", 2), limits)
            .file("bigger", &file("bigger.txt", 3), limits);
        let problem = form.problem().unwrap();
        assert!(
            problem.starts_with("part `big`: the file `big.txt` is 2 bytes"),
            "{problem}"
        );
        let bad_type = Multipart::new().file(
            "f",
            &file("a.txt", 1).with_content_type("not a type"),
            FileLimits::NONE,
        );
        assert!(bad_type.problem().unwrap().contains("not a media type"));
        assert!(Multipart::new()
            .file(
                "f",
                &file("a.txt", 1).with_content_type("text/plain"),
                FileLimits::NONE
            )
            .problem()
            .is_none());
    }

    #[test]
    fn debug_shows_names_and_sizes_not_bytes() {
        let form = Multipart::new().file(
            "file1",
            &UploadFile::new("a.txt", "secret"),
            FileLimits::NONE,
        );
        let shown = format!("{form:?}");
        assert!(
            shown.contains("a.txt") && shown.contains("len: 6"),
            "{shown}"
        );
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn from_path_names_the_file_and_its_errors_name_the_path() {
        let dir = std::env::temp_dir().join(format!("jdy-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("111.txt");
        std::fs::write(&path, "hello").unwrap();
        let read = UploadFile::from_path(&path).unwrap();
        assert_eq!(
            (read.file_name(), read.bytes().as_ref()),
            ("111.txt", &b"hello"[..])
        );
        let missing = dir.join("missing.txt");
        let error = UploadFile::from_path(&missing).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(
            error.to_string().contains(&missing.display().to_string()),
            "{error}"
        );
        assert!(UploadFile::from_path("/").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
