//! Type expressions: `string`, `list<Row>`, `map<json>`, `CustomerStatus`.

use crate::diagnostic::shown;
use crate::spec::TypeExpr;

/// What a type expression may name besides the built-in types.
pub(crate) trait Scope {
    /// The type `name` refers to: one of the file (`Named`) or of shared.yaml (`Shared`).
    fn resolve(&self, name: &str) -> Option<TypeExpr>;

    /// Every name `resolve` knows, for suggesting one in place of a misspelt name.
    fn names(&self) -> Vec<&str>;
}

/// How deep expressions may nest (`list<map<list<...>>>`): far more than any API needs, and
/// little enough that nothing built from one runs out of stack.
const MAX_DEPTH: usize = 16;

/// A problem in an expression, at a character offset inside it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ExprError {
    pub(crate) offset: usize,
    pub(crate) width: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

pub(crate) const BUILTINS: &str =
    "string, integer, number, decimal, boolean, date, datetime, timestamp, json, list<T>, map<T>, page<Row>";

pub(crate) fn parse(text: &str, scope: &dyn Scope) -> Result<TypeExpr, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut parser = Parser {
        chars: &chars,
        pos: 0,
        depth: 0,
        scope,
    };
    let expr = parser.expr()?;
    parser.skip_spaces();
    if parser.pos < chars.len() {
        return Err(ExprError {
            offset: parser.pos,
            width: chars.len() - parser.pos,
            message: format!(
                "unexpected `{}` after the type",
                shown(&chars[parser.pos..].iter().collect::<String>())
            ),
            help: None,
        });
    }
    Ok(expr)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    depth: usize,
    scope: &'a dyn Scope,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        // A type written over several lines (a folded or block scalar) has line breaks in it.
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn expr(&mut self) -> Result<TypeExpr, ExprError> {
        self.skip_spaces();
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        if word.is_empty() {
            let found = self
                .chars
                .get(self.pos)
                .map(|c| format!("`{}`", shown(&c.to_string())))
                .unwrap_or_else(|| "nothing".into());
            return Err(ExprError {
                offset: self.pos,
                width: 1,
                message: format!("expected a type, found {found}"),
                help: Some(format!("use one of: {BUILTINS}, or a type of this file")),
            });
        }
        self.skip_spaces();
        let has_argument = self.chars.get(self.pos) == Some(&'<');
        let generic = matches!(word.as_str(), "list" | "map" | "page");
        match (generic, has_argument) {
            (true, true) => {
                if self.depth >= MAX_DEPTH {
                    return Err(ExprError {
                        offset: start,
                        width: word.chars().count(),
                        message: format!("the type nests more than {MAX_DEPTH} levels deep"),
                        help: Some("name the inner type under `types:` instead".into()),
                    });
                }
                self.pos += 1;
                self.depth += 1;
                let inner = self.expr()?;
                self.skip_spaces();
                let summary = if word == "page" && self.chars.get(self.pos) == Some(&',') {
                    self.pos += 1;
                    Some(Box::new(self.expr()?))
                } else {
                    None
                };
                self.skip_spaces();
                self.depth -= 1;
                if self.chars.get(self.pos) != Some(&'>') {
                    return Err(ExprError {
                        offset: self.pos,
                        width: 1,
                        message: format!("expected `>` to close `{word}<`"),
                        help: None,
                    });
                }
                self.pos += 1;
                let inner = Box::new(inner);
                Ok(match word.as_str() {
                    "list" => TypeExpr::List(inner),
                    "map" => TypeExpr::Map(inner),
                    _ => TypeExpr::Page {
                        row: inner,
                        summary,
                    },
                })
            }
            (true, false) => Err(ExprError {
                offset: start,
                width: word.chars().count(),
                message: format!("`{word}` needs the type of its items: `{word}<T>`"),
                help: Some(format!("for example `{word}<string>`")),
            }),
            (false, true) => Err(ExprError {
                offset: self.pos,
                width: 1,
                message: format!("`{word}` takes no type argument"),
                help: Some("only `list<T>`, `map<T>` and `page<Row>` do".into()),
            }),
            (false, false) => {
                if let Some(ty) = builtin_scalar(&word) {
                    return Ok(ty);
                }
                match word.as_str() {
                    "file" => Ok(TypeExpr::File),
                    name => self.scope.resolve(name).ok_or_else(|| ExprError {
                        offset: start,
                        width: name.chars().count(),
                        message: format!("unknown type `{}`", shown(name)),
                        help: Some(unknown_type_help(name, self.scope)),
                    }),
                }
            }
        }
    }
}

/// The scalar type written `word`.
fn builtin_scalar(word: &str) -> Option<TypeExpr> {
    TypeExpr::SCALARS
        .into_iter()
        .find(|(name, _)| *name == word)
        .map(|(_, ty)| ty)
}

fn unknown_type_help(name: &str, scope: &dyn Scope) -> String {
    let lower = name.to_ascii_lowercase();
    let builtin = match lower.as_str() {
        "str" | "text" => Some("string"),
        "int" | "long" | "i64" => Some("integer"),
        "float" | "double" | "f64" => Some("number"),
        "money" | "amount" | "bigdecimal" => Some("decimal"),
        "time" | "date_time" => Some("datetime"),
        "bool" => Some("boolean"),
        "array" | "vec" => Some("list<T>"),
        "object" => Some("a type defined under `types:`, or `json`"),
        known if builtin_scalar(known).is_some() || known == "file" => Some(lower.as_str()),
        _ => None,
    };
    let scalars: Vec<&str> = TypeExpr::SCALARS
        .iter()
        .map(|(scalar, _)| *scalar)
        .chain(["file"])
        .collect();
    // A name far longer than any type name is no typo of one (and comparing costs its length).
    let near = if name.len() > 64 {
        None
    } else {
        super::reader::closest(name, &scope.names())
            .or_else(|| super::reader::closest(&lower, &scalars))
    };
    match (builtin, near) {
        (Some(b), _) => format!("write `{b}`"),
        (None, Some(near)) => format!("did you mean `{near}`?"),
        (None, None) => format!(
            "define it under `types:` in this file or in shared.yaml, or use one of: {BUILTINS}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Names(&'static [&'static str]);
    impl Scope for Names {
        fn resolve(&self, name: &str) -> Option<TypeExpr> {
            self.0.contains(&name).then(|| TypeExpr::Named(name.into()))
        }
        fn names(&self) -> Vec<&str> {
            self.0.to_vec()
        }
    }

    #[test]
    fn parses_nested_expressions() {
        let scope = Names(&["Row"]);
        assert_eq!(
            parse("list<map<Row>>", &scope),
            Ok(TypeExpr::List(Box::new(TypeExpr::Map(Box::new(
                TypeExpr::Named("Row".into())
            )))))
        );
        assert_eq!(
            parse(" list< string > ", &scope),
            Ok(TypeExpr::List(Box::new(TypeExpr::String)))
        );
    }

    #[test]
    fn reports_where_it_went_wrong() {
        let scope = Names(&[]);
        let error = parse("list<Row>", &scope).unwrap_err();
        assert_eq!((error.offset, error.width), (5, 3));
        assert_eq!(error.message, "unknown type `Row`");
        assert_eq!(parse("list<string", &scope).unwrap_err().offset, 11);
        assert_eq!(
            parse("list", &scope).unwrap_err().message,
            "`list` needs the type of its items: `list<T>`"
        );
        assert_eq!(
            parse("string<x>", &scope).unwrap_err().message,
            "`string` takes no type argument"
        );
        assert_eq!(
            parse("int", &scope).unwrap_err().help.as_deref(),
            Some("write `integer`")
        );
        assert_eq!(
            parse("", &scope).unwrap_err().message,
            "expected a type, found nothing"
        );
        assert_eq!(
            parse("string]", &scope).unwrap_err().message,
            "unexpected `]` after the type"
        );
    }
}
