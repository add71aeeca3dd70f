//! The validated model of the spec: what the YAML says, with every name checked and every
//! type reference resolved. The emitter reads only this; nothing here knows about YAML.

use crate::diagnostic::Loc;

/// The whole API: the service-wide facts and every resource, ordered by module and name.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub service: Service,
    /// The types of `shared.yaml`: defined once, used by any resource.
    pub shared: Vec<TypeDef>,
    pub resources: Vec<Resource>,
}

impl Spec {
    /// The resources of one module, in name order.
    pub fn resources_of<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Resource> {
        self.resources.iter().filter(move |r| r.module == module)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub title: String,
    pub base_url: String,
    pub doc: String,
    pub modules: Vec<Module>,
    pub headers: Vec<Header>,
    pub auth: Auth,
    pub envelope: Envelope,
    pub errors: Vec<ErrorCode>,
    pub limits: Limits,
}

/// An API module (`bd`, `scm`, ...): a folder of the spec and a Rust module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
    pub required: bool,
    pub description: String,
    /// Business endpoints need it; the token and authorisation endpoints do not.
    pub business_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    pub version: String,
    pub sign_headers: String,
    pub token: AuthEndpoint,
    pub authorize: AuthEndpoint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthEndpoint {
    pub method: Method,
    pub path: String,
    pub lifetime_seconds: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub code: String,
    pub message: String,
    pub data: String,
    pub success: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: i64,
    pub kind: ErrorKind,
    pub description: String,
    pub description_cn: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Gateway,
    Business,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub calls_per_minute: u64,
    pub max_rows_per_query: u64,
    pub max_rows_per_save: u64,
    pub timeout_seconds: u64,
    pub page_size_default: u64,
    pub page_size_max: u64,
    pub max_url_length: u64,
}

/// One resource file: `spec/<module>/<name>.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub module: String,
    pub name: String,
    pub title: String,
    /// The file it came from, for messages.
    pub file: String,
    pub endpoints: Vec<Endpoint>,
    pub types: Vec<TypeDef>,
}

impl Resource {
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Get, Method::Post, Method::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// The method written `text` (in capitals, as the documentation writes it).
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint's kind within its resource (`list`, `detail`, `save`).
    pub key: String,
    pub loc: Loc,
    pub title: String,
    pub summary: String,
    pub doc: String,
    pub category: Vec<String>,
    pub method: Method,
    pub path: String,
    pub query: Vec<Field>,
    /// The name of a struct type of the resource, sent as the body.
    pub body: Option<String>,
    /// How the body is sent: JSON, or multipart/form-data (an upload).
    pub body_format: BodyFormat,
    pub response: Option<TypeExpr>,
    /// The fields of the answer: the usual `errcode`/`description`/`data`, or the upload
    /// endpoints' `errorCode`/`success`/`message`/`data`.
    pub envelope: EnvelopeKind,
    pub paged: bool,
    pub examples: Examples,
    pub note: Option<String>,
}

/// How an endpoint's body is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyFormat {
    #[default]
    Json,
    /// `multipart/form-data`: one part per field, `file` fields as files.
    Multipart,
}

impl BodyFormat {
    pub const ALL: [BodyFormat; 2] = [BodyFormat::Json, BodyFormat::Multipart];

    /// As written in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyFormat::Json => "json",
            BodyFormat::Multipart => "multipart",
        }
    }
}

/// The fields of an endpoint's answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnvelopeKind {
    /// `errcode`, `description`, `data` (service.yaml's `envelope`).
    #[default]
    Standard,
    /// `errorCode` (`success` on success), `success`, `message`, `data`: the upload endpoints'.
    Upload,
}

impl EnvelopeKind {
    pub const ALL: [EnvelopeKind; 2] = [EnvelopeKind::Standard, EnvelopeKind::Upload];

    /// As written in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeKind::Standard => "standard",
            EnvelopeKind::Upload => "upload",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    pub request_query: Option<String>,
    pub request_body: Option<String>,
    pub response: Option<String>,
}

/// A query parameter or a struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub name: String,
    /// The Rust identifier (already checked, keywords already escaped).
    pub rust_name: String,
    pub loc: Loc,
    pub ty: TypeExpr,
    pub description: String,
    pub required: bool,
    pub default: Option<String>,
    pub sensitive: bool,
    /// How the value is written when it is sent, where the page's examples write it in
    /// another JSON form than the type's own (`"amount": "100"`, `"is_default": 1`).
    pub wire: WireForm,
    /// A `file` field: the largest file the documentation allows, in bytes.
    pub max_bytes: Option<u64>,
    /// A `file` field: what the documentation allows as the file's name.
    pub file_name: FileNameRule,
    pub note: Option<String>,
}

/// What a file's name may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileNameRule {
    #[default]
    Any,
    /// ASCII letters and digits, a dot, and an extension of letters and digits (`111.txt`):
    /// 文件名只能包含字母数字且需要带文件后缀 (凭证附件上传).
    AlphanumericWithExtension,
}

impl FileNameRule {
    pub const ALL: [FileNameRule; 2] = [FileNameRule::Any, FileNameRule::AlphanumericWithExtension];

    /// As written in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            FileNameRule::Any => "any",
            FileNameRule::AlphanumericWithExtension => "alphanumeric_with_extension",
        }
    }
}

/// How a `decimal` or `boolean` field is written in a request, when the page's examples
/// write it in another JSON form than the type's own. Answers accept every form anyway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum WireForm {
    /// The type's own form: a decimal as a JSON number, a boolean as `true`/`false`.
    #[default]
    Native,
    /// As a JSON string: `"12.50"`, `"true"`.
    String,
    /// A boolean as the number `1` or `0`.
    Number,
    /// A boolean as the string `"1"` or `"0"`.
    NumberString,
}

impl WireForm {
    pub const ALL: [WireForm; 4] = [
        WireForm::Native,
        WireForm::String,
        WireForm::Number,
        WireForm::NumberString,
    ];

    /// As written in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            WireForm::Native => "native",
            WireForm::String => "string",
            WireForm::Number => "number",
            WireForm::NumberString => "number_string",
        }
    }

    /// Whether a field of type `ty` can be written this way.
    pub fn fits(self, ty: &TypeExpr) -> bool {
        match self {
            WireForm::Native => true,
            WireForm::String => matches!(ty, TypeExpr::Decimal | TypeExpr::Boolean),
            WireForm::Number | WireForm::NumberString => *ty == TypeExpr::Boolean,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    String,
    Integer,
    /// A binary floating-point number, for what is not an exact quantity.
    Number,
    /// An exact decimal number: money, prices, quantities, rates (`jdy::Decimal`).
    Decimal,
    Boolean,
    /// A calendar date, China time (`jdy::Date`).
    Date,
    /// A date and time of day, China time (`jdy::DateTime`).
    DateTime,
    /// Milliseconds since the Unix epoch, 时间戳(毫秒) (`jdy::Timestamp`).
    Timestamp,
    Json,
    /// A file, sent as a part of a multipart body (only there).
    File,
    List(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    /// A type defined in the same resource file.
    Named(String),
    /// A type of `shared.yaml`.
    Shared(String),
    /// One page of a paged list (`page<Row>`, `jdy::Page<Row>`), with the struct of what the
    /// page answers beside its rows, if anything (`page<Row, Summary>`).
    Page {
        row: Box<TypeExpr>,
        summary: Option<Box<TypeExpr>>,
    },
}

impl TypeExpr {
    /// The built-in types that hold one value, as they are written in the spec.
    pub const SCALARS: [(&'static str, TypeExpr); 9] = [
        ("string", TypeExpr::String),
        ("integer", TypeExpr::Integer),
        ("number", TypeExpr::Number),
        ("decimal", TypeExpr::Decimal),
        ("boolean", TypeExpr::Boolean),
        ("date", TypeExpr::Date),
        ("datetime", TypeExpr::DateTime),
        ("timestamp", TypeExpr::Timestamp),
        ("json", TypeExpr::Json),
    ];

    /// A value that fits in a query parameter or a part of a multipart body: one scalar, not
    /// `json` and not a file.
    pub fn is_text_value(&self) -> bool {
        matches!(
            self,
            TypeExpr::String
                | TypeExpr::Integer
                | TypeExpr::Number
                | TypeExpr::Decimal
                | TypeExpr::Boolean
                | TypeExpr::Date
                | TypeExpr::DateTime
                | TypeExpr::Timestamp
        )
    }

    /// The type of this file this expression refers to, directly or inside lists and maps
    /// (for a page, its row).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(name) => Some(name),
            TypeExpr::List(inner) | TypeExpr::Map(inner) => inner.named(),
            TypeExpr::Page { row, .. } => row.named(),
            _ => None,
        }
    }

    /// Every named type this expression refers to, of this file or shared, with `shared`
    /// telling which.
    pub fn references(&self, out: &mut Vec<(bool, String)>) {
        match self {
            TypeExpr::Named(name) => out.push((false, name.clone())),
            TypeExpr::Shared(name) => out.push((true, name.clone())),
            TypeExpr::List(inner) | TypeExpr::Map(inner) => inner.references(out),
            TypeExpr::Page { row, summary } => {
                row.references(out);
                if let Some(summary) = summary {
                    summary.references(out);
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub loc: Loc,
    pub description: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    Enum {
        repr: EnumRepr,
        values: Vec<EnumValue>,
    },
}

/// The JSON type of an enumeration's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire, as text (`1`, `number asc`).
    pub value: String,
    /// The Rust variant (already checked).
    pub variant: String,
    pub description: String,
}
