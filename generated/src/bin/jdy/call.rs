//! `jdy call`: any endpoint, through the runtime's own `Client::send` (signed, rate limited,
//! retried), with `--all` walking every page through the runtime's paging.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use jdy::paging::{PagedQuery, Pages};
use jdy::wire::Query;
use jdy::{Call, Client, Method};
use serde_json::Value;

use crate::catalog;
use crate::failure::Failure;
use crate::output::{self, Format};

/// What to send, read from the command line.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    pub path: Cow<'static, str>,
    /// The catalog's name of the endpoint, for the runtime's logs.
    pub endpoint: Option<&'static str>,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
}

impl Request {
    /// The request for `target` (an endpoint's name, or a path starting with `/` called with
    /// `method`), with `query` given as `key=value` and `body` as JSON text.
    pub fn new(
        target: &str,
        method: Option<Method>,
        query: &[String],
        body: Option<String>,
    ) -> Result<Request, Failure> {
        let (method, path, endpoint) = if target.starts_with('/') {
            (
                method.unwrap_or(Method::Get),
                Cow::Owned(target.to_owned()),
                None,
            )
        } else {
            let found = find(target)?;
            if found.multipart {
                return Err(Failure::Usage(format!(
                    "{} is an upload (multipart/form-data): call it from the SDK with jdy::Multipart",
                    found.name
                )));
            }
            if method.is_some() {
                return Err(Failure::Usage(
                    "--method is for a path; an endpoint's name says its method".into(),
                ));
            }
            let method = parse_method(found.method)?;
            (method, Cow::Borrowed(found.path), Some(found.name))
        };
        let query = query
            .iter()
            .map(|pair| parse_pair(pair, endpoint))
            .collect::<Result<_, _>>()?;
        let body = body
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|e| Failure::Usage(format!("the body is not JSON: {e}")))
            })
            .transpose()?;
        Ok(Request {
            method,
            path,
            endpoint,
            query,
            body,
        })
    }

    fn call(&self, paging: &[(&'static str, String)]) -> Call {
        let mut query = Query::new();
        for (key, value) in self.query.iter().chain(paging) {
            query.push(key, value);
        }
        let mut call = Call::new(self.method, self.path.clone()).query(query);
        if let Some(name) = self.endpoint {
            call = call.endpoint(name);
        }
        if let Some(body) = &self.body {
            call = call.json(body);
        }
        call
    }
}

/// The endpoint named `name`, or a usage error with the names it may have meant.
pub fn find(name: &str) -> Result<&'static catalog::Endpoint, Failure> {
    catalog::endpoint(name).ok_or_else(|| {
        let close = catalog::did_you_mean(name);
        let hint = if close.is_empty() {
            "`jdy endpoints` lists them".to_owned()
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        Failure::Usage(format!("no endpoint named `{name}`: {hint}"))
    })
}

fn parse_method(text: &str) -> Result<Method, Failure> {
    match text.to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        "DELETE" => Ok(Method::Delete),
        _ => Err(Failure::Usage(format!(
            "unknown method `{text}` (GET, POST or DELETE)"
        ))),
    }
}

/// `--method` on the command line.
pub fn method_arg(text: &str) -> Result<Method, String> {
    parse_method(text).map_err(|failure| failure.to_string())
}

/// A `key=value` query parameter. The runtime takes parameter names as `&'static str`: the
/// endpoint's own names are, and any other name is leaked, once per argument of this
/// short-lived process.
fn parse_pair(
    pair: &str,
    endpoint: Option<&'static str>,
) -> Result<(&'static str, String), Failure> {
    let (key, value) = pair
        .split_once('=')
        .ok_or_else(|| Failure::Usage(format!("--query {pair}: expected key=value")))?;
    let known = endpoint
        .and_then(catalog::endpoint)
        .and_then(|e| e.query.iter().find(|f| f.name == key))
        .map(|f| f.name);
    let key = known.unwrap_or_else(|| Box::leak(key.to_owned().into_boxed_str()));
    Ok((key, value.to_owned()))
}

/// Sends `request` once and writes the answer's `data`.
pub async fn once(client: &Client, request: &Request, format: Format) -> Result<(), Failure> {
    let data: Value = client.send(request.call(&[])).await?;
    let mut out = io::stdout().lock();
    output::write_data(&mut out, format, data)?;
    out.flush()?;
    Ok(())
}

/// One page of the request, as the runtime's paging asks for it.
#[derive(Clone)]
struct PagedRequest {
    request: Arc<Request>,
    page: Option<i64>,
    page_size: Option<i64>,
}

impl PagedQuery for PagedRequest {
    type Row = Value;
    type Summary = ();

    fn call(&self) -> Call {
        let paging: Vec<(&'static str, String)> =
            [("page", self.page), ("page_size", self.page_size)]
                .into_iter()
                .filter_map(|(key, value)| value.map(|v| (key, v.to_string())))
                .collect();
        self.request.call(&paging)
    }

    fn paging(&mut self) -> [&mut Option<i64>; 2] {
        [&mut self.page, &mut self.page_size]
    }
}

/// Walks every page of `request`, writing rows as they come (JSON lines) or all at the end,
/// with the pages and rows so far on standard error.
pub async fn all(
    client: &Client,
    mut request: Request,
    format: Format,
    quiet: bool,
) -> Result<(), Failure> {
    if request
        .endpoint
        .is_some_and(|name| catalog::endpoint(name).is_some_and(|e| !e.paged))
    {
        return Err(Failure::Usage(format!(
            "{} is not a paged list: call it without --all",
            request.endpoint.unwrap_or_default()
        )));
    }
    // `page` and `page_size` given on the command line say where to start and how many rows
    // per page; the paging sends them with every page.
    let mut paging = [None, None];
    for (slot, key) in paging.iter_mut().zip(["page", "page_size"]) {
        if let Some(index) = request.query.iter().position(|(k, _)| *k == key) {
            let (_, value) = request.query.remove(index);
            let number = value.parse::<i64>().map_err(|_| {
                Failure::Usage(format!("--query {key}={value}: not a whole number"))
            })?;
            *slot = Some(number);
        }
    }
    let [page, page_size] = paging;
    let query = PagedRequest {
        request: Arc::new(request),
        page,
        page_size,
    };
    let mut pages = Pages::new(client, &query);
    let mut progress = Progress::new(quiet);
    let mut kept: Vec<Value> = Vec::new();
    let mut out = io::stdout().lock();
    while let Some(page) = pages.next_page().await {
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                progress.finish();
                // The rows already written stay written; the rows kept are shown too.
                write_kept(&mut out, format, &kept)?;
                return Err(error.into());
            }
        };
        progress.page(page.rows.len(), page.total_page);
        if format == Format::Jsonl {
            output::write_lines(&mut out, &page.rows)?;
            out.flush()?;
        } else {
            kept.extend(page.rows);
        }
    }
    progress.finish();
    write_kept(&mut out, format, &kept)?;
    out.flush()?;
    Ok(())
}

fn write_kept(out: &mut impl Write, format: Format, rows: &[Value]) -> io::Result<()> {
    match format {
        Format::Jsonl => Ok(()),
        Format::Json => output::write_json(out, &Value::Array(rows.to_vec())),
        Format::Table => output::write_table(out, rows),
        Format::Csv => output::write_csv(out, rows),
    }
}

/// The pages and rows received so far, on standard error: rewritten in place on a terminal,
/// one line per page otherwise (a log keeps every line).
struct Progress {
    quiet: bool,
    terminal: bool,
    pages: u64,
    rows: u64,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress {
            quiet,
            terminal: io::stderr().is_terminal(),
            pages: 0,
            rows: 0,
        }
    }

    fn page(&mut self, rows: usize, total_pages: Option<i64>) {
        self.pages += 1;
        self.rows += rows as u64;
        if self.quiet {
            return;
        }
        let of = total_pages
            .filter(|t| *t > 0)
            .map(|t| format!(" of {t}"))
            .unwrap_or_default();
        let text = format!("jdy: page {}{of}, {} rows so far", self.pages, self.rows);
        if self.terminal {
            eprint!("\r{text}");
        } else {
            eprintln!("{text}");
        }
    }

    fn finish(&self) {
        if !self.quiet && self.terminal && self.pages > 0 {
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_read_from_the_endpoint_name() {
        let request = Request::new(
            "bd.customer_list",
            None,
            &["search=苹果".into(), "x=a=b".into()],
            None,
        )
        .expect("a valid request");
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.path, "/jdy/v2/bd/customer");
        assert_eq!(
            request.query,
            [("search", "苹果".into()), ("x", "a=b".into())]
        );
        let call = request.call(&[("page", "2".into())]);
        assert_eq!(call.endpoint_name(), Some("bd.customer_list"));
        assert_eq!(call.query_pairs().len(), 3);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let usage = |result: Result<Request, Failure>| match result {
            Err(Failure::Usage(message)) => message,
            other => panic!("expected a usage error, got {other:?}"),
        };
        let typo = usage(Request::new("bd.custmer_list", None, &[], None));
        assert!(typo.contains("did you mean bd.customer_list"), "{typo}");
        assert!(usage(Request::new(
            "bd.customer_list",
            None,
            &["nokey".into()],
            None
        ))
        .contains("expected key=value"));
        assert!(usage(Request::new("/jdy/v2/x", None, &[], Some("{".into()))).contains("not JSON"));
        assert!(usage(Request::new(
            "bd.customer_list",
            Some(Method::Post),
            &[],
            None
        ))
        .contains("--method"));
    }
}
