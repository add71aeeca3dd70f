//! Walking a paged list: every page, or every row, as a lazy stream.
//!
//! Each list endpoint of the API answers one page at a time (`page`, `page_size`, and
//! `total_page` in the answer). For every such endpoint the generated code adds two methods
//! beside the one-page call, here for 客户列表:
//!
//! - `customer_list_pages(&query)`: a [`Pages`], the answers one by one;
//! - `customer_list_items(&query)`: an [`Items`], the rows of those answers one by one.
//!
// The example calls the 基础资料 module, so it is part of the docs (and a doctest) when that
// module is compiled.
#![cfg_attr(
    feature = "bd",
    doc = r#"
```no_run
# async fn run() -> Result<(), jdy::Error> {
use jdy::bd::customer::CustomerListQuery;

let client = jdy::Client::new(jdy::Credentials::from_env()?)?;
let mut customers = client.bd().customer_list_items(&CustomerListQuery::default());
while let Some(customer) = customers.next_item().await {
    let customer = customer?;
    println!("{:?} {:?}", customer.number, customer.name);
}
# Ok(())
# }
```
"#
)]
//!
//! How the pages are walked:
//!
//! - **Lazily.** Creating a stream sends nothing. A page is fetched when the stream is polled
//!   and the previous page has been handed out: never ahead of the caller, so a caller that
//!   stops early has spent no calls on pages it did not read.
//! - **From the query's `page`**, or from page 1 if it is unset (or not a page number: 0 or
//!   less). The other parameters of the query are sent unchanged with every page.
//! - **With the largest page size the API allows**,
//!   [`PAGE_SIZE_MAX`](crate::service::limits::PAGE_SIZE_MAX) rows, when the query's
//!   `page_size` is unset (or 0 or less): the fewer the pages, the fewer the calls counted
//!   against the 500 calls per minute of an account set. A larger `page_size` is capped at
//!   that maximum, since the API answers no more rows per page anyway; a smaller one is kept.
//! - **Until the last page**: the page numbered `total_page` when the answer states it (a
//!   number above 0), otherwise the first page with fewer rows than the page size. An empty
//!   page always ends the walk: with pages numbered this way, no later page can hold rows.
//! - **Up to the first error**, which the stream yields once before it ends. A streamed row is
//!   never lost to a later error: [`Items`] yields every row of the pages already received
//!   before the error.
//!
//! Both streams own a clone of the [`Client`] and of the query, so they are `'static` and
//! `Send`: they can be kept, moved and spawned freely. Both implement
//! [`futures_core::Stream`], for `StreamExt` and its adapters; without those, their own
//! [`Pages::next_page`] and [`Items::next_item`] do the same.

mod page;

use std::fmt;
use std::future::{poll_fn, Future, IntoFuture};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::{FusedStream, Stream};
use serde::de::DeserializeOwned;

pub use page::Page;

use crate::{Call, Client, Error, Pending};

/// The query of a paged list: implemented by the generated query struct of every paged
/// endpoint (`CustomerListQuery`, ...), which is how a stream knows what to send for each page
/// and what it answers. Page numbers start at 1.
///
/// Implement it for a query of your own to walk a paged endpoint that the spec does not
/// describe yet.
pub trait PagedQuery: Clone + Send + 'static {
    /// One row of the list.
    type Row: DeserializeOwned + Send + 'static;
    /// What a page answers beside its rows and counts: `()` for most lists.
    type Summary: DeserializeOwned + Default + Send + 'static;
    /// The call that asks for the page this query names.
    fn call(&self) -> Call;
    /// The query's `page` and `page_size`, in that order.
    fn paging(&mut self) -> [&mut Option<i64>; 2];
}

/// The answer of a paged endpoint to a query `Q`.
pub type PageOf<Q> = Page<<Q as PagedQuery>::Row, <Q as PagedQuery>::Summary>;

/// The page size asked for when the caller sets none, and the most ever asked for.
const MAX_PAGE_SIZE: i64 = {
    let max = crate::service::limits::PAGE_SIZE_MAX;
    if max == 0 {
        1
    } else if max > i64::MAX as u64 {
        i64::MAX
    } else {
        max as i64
    }
};

/// The page size to ask for, given the caller's.
fn page_size(asked: Option<i64>) -> i64 {
    match asked {
        Some(size) if size >= 1 => size.min(MAX_PAGE_SIZE),
        _ => MAX_PAGE_SIZE,
    }
}

/// The first page to ask for, given the caller's.
fn first_page(asked: Option<i64>) -> i64 {
    match asked {
        Some(page) if page >= 1 => page,
        _ => 1,
    }
}

/// Whether `page`, answered for page number `number` of `page_size` rows, is the last one.
fn is_last<Row, Summary>(page: &Page<Row, Summary>, number: i64, page_size: i64) -> bool {
    let rows = page.rows.len();
    if rows == 0 {
        return true;
    }
    match page.total_page {
        Some(total) if total > 0 => number >= total,
        // A page holds at most `page_size` rows, which fit in an i64.
        _ => i64::try_from(rows).is_ok_and(|rows| rows < page_size),
    }
}

type PageFuture<Q> = Pin<Box<dyn Future<Output = Result<PageOf<Q>, Error>> + Send>>;

/// Starts fetching the page a query names.
type Fetch<Q> = Box<dyn FnMut(Q) -> PageFuture<Q> + Send>;

/// The pages of a paged list, fetched one by one as the stream is polled.
///
/// Made by the generated `<endpoint>_pages` methods (`client.bd().customer_list_pages(&query)`),
/// or by [`Pages::new`] for any [`PagedQuery`]; see the [module documentation](self) for how
/// the pages are walked. Read it with [`next_page`](Pages::next_page) or as a [`Stream`];
/// [`into_items`](Pages::into_items) gives the rows instead.
pub struct Pages<Q: PagedQuery> {
    fetch: Fetch<Q>,
    query: Q,
    page_size: i64,
    /// The page being fetched, or the next one to fetch.
    page: i64,
    in_flight: Option<PageFuture<Q>>,
    /// The last page or an error has been yielded.
    finished: bool,
}

impl<Q: PagedQuery> Pages<Q> {
    /// The pages that `client` fetches for `query`, from the query's `page` on.
    pub fn new(client: &Client, query: &Q) -> Self {
        let client = client.clone();
        Pages::from_fn(query, move |query: Q| {
            Pending::<PageOf<Q>>::new(&client, query.call()).into_future()
        })
    }

    /// The pages that `fetch` answers for copies of `query` (the core of [`Pages::new`],
    /// without a client, so that tests can answer the pages themselves).
    fn from_fn<F, Fut>(query: &Q, mut fetch: F) -> Self
    where
        F: FnMut(Q) -> Fut + Send + 'static,
        Fut: Future<Output = Result<PageOf<Q>, Error>> + Send + 'static,
    {
        let mut query = query.clone();
        let [page, size] = query.paging();
        let (page, page_size) = (first_page(*page), page_size(*size));
        Pages {
            fetch: Box::new(move |query| Box::pin(fetch(query))),
            query,
            page_size,
            page,
            in_flight: None,
            finished: false,
        }
    }

    /// The rows per page this stream asks for: the query's `page_size`, capped at
    /// [`PAGE_SIZE_MAX`](crate::service::limits::PAGE_SIZE_MAX), or that maximum if unset.
    pub fn page_size(&self) -> i64 {
        self.page_size
    }

    /// The next page: `None` after the last page, and after an error.
    ///
    /// The same as `StreamExt::next`, for callers without the `futures` crates.
    pub async fn next_page(&mut self) -> Option<Result<PageOf<Q>, Error>> {
        poll_fn(|cx| self.poll_page(cx)).await
    }

    /// The rows of these pages, one by one.
    pub fn into_items(self) -> Items<Q> {
        Items {
            pages: self,
            rows: Vec::new().into_iter(),
        }
    }

    fn start_fetch(&mut self) -> PageFuture<Q> {
        let mut query = self.query.clone();
        let [page, size] = query.paging();
        *page = Some(self.page);
        *size = Some(self.page_size);
        (self.fetch)(query)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<PageOf<Q>, Error>>> {
        if self.finished {
            return Poll::Ready(None);
        }
        let future = match self.in_flight.take() {
            Some(future) => self.in_flight.insert(future),
            None => {
                let future = self.start_fetch();
                self.in_flight.insert(future)
            }
        };
        let answer = ready!(future.as_mut().poll(cx));
        self.in_flight = None;
        match answer {
            Ok(page) => {
                if is_last(&page, self.page, self.page_size) {
                    self.finished = true;
                } else {
                    match self.page.checked_add(1) {
                        Some(next) => self.page = next,
                        // No page can be asked for after page i64::MAX.
                        None => self.finished = true,
                    }
                }
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => {
                self.finished = true;
                Poll::Ready(Some(Err(error)))
            }
        }
    }
}

// Nothing in `Pages` is pinned: the page future is boxed.
impl<Q: PagedQuery> Unpin for Pages<Q> {}

impl<Q: PagedQuery> Stream for Pages<Q> {
    type Item = Result<PageOf<Q>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.finished {
            (0, Some(0))
        } else {
            (0, None)
        }
    }
}

impl<Q: PagedQuery> FusedStream for Pages<Q> {
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

impl<Q: PagedQuery> fmt::Debug for Pages<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("page", &self.page)
            .field("page_size", &self.page_size)
            .field("fetching", &self.in_flight.is_some())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// The rows of a paged list, one by one, fetched a page at a time as the stream is polled.
///
/// Made by the generated `<endpoint>_items` methods (`client.bd().customer_list_items(&query)`);
/// see the [module documentation](self) for how the pages are walked. Read it with
/// [`next_item`](Items::next_item), as a [`Stream`], or all at once with
/// [`collect_all`](Items::collect_all).
pub struct Items<Q: PagedQuery> {
    pages: Pages<Q>,
    /// The rows of the last page received that are not yielded yet.
    rows: std::vec::IntoIter<Q::Row>,
}

// Nothing in `Items` is pinned: the page future is boxed, and rows are only moved out.
impl<Q: PagedQuery> Unpin for Items<Q> {}

impl<Q: PagedQuery> Items<Q> {
    /// The next row: `None` after the last row, and after an error.
    ///
    /// The same as `StreamExt::next`, for callers without the `futures` crates.
    pub async fn next_item(&mut self) -> Option<Result<Q::Row, Error>> {
        poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every row, in order; or the first error, in which case the rows received before it
    /// are dropped (read with [`next_item`](Items::next_item) to keep them).
    pub async fn collect_all(mut self) -> Result<Vec<Q::Row>, Error> {
        let mut rows = Vec::new();
        while let Some(row) = self.next_item().await {
            rows.push(row?);
        }
        Ok(rows)
    }

    /// The rows per page this stream asks for (see [`Pages::page_size`]).
    pub fn page_size(&self) -> i64 {
        self.pages.page_size()
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Q::Row, Error>>> {
        loop {
            if let Some(row) = self.rows.next() {
                return Poll::Ready(Some(Ok(row)));
            }
            match ready!(self.pages.poll_page(cx)) {
                Some(Ok(page)) => self.rows = page.rows.into_iter(),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<Q: PagedQuery> Stream for Items<Q> {
    type Item = Result<Q::Row, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.rows.len();
        if self.pages.finished {
            (buffered, Some(buffered))
        } else {
            (buffered, None)
        }
    }
}

impl<Q: PagedQuery> FusedStream for Items<Q> {
    fn is_terminated(&self) -> bool {
        self.pages.finished && self.rows.as_slice().is_empty()
    }
}

impl<Q: PagedQuery> fmt::Debug for Items<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.rows.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Debug, Clone, Default)]
    struct FakeQuery {
        page: Option<i64>,
        page_size: Option<i64>,
    }

    impl PagedQuery for FakeQuery {
        type Row = usize;
        type Summary = ();
        fn call(&self) -> Call {
            Call::new(crate::Method::Get, "/fake/list")
        }
        fn paging(&mut self) -> [&mut Option<i64>; 2] {
            [&mut self.page, &mut self.page_size]
        }
    }

    type FakePage = Page<usize>;

    /// The (page, page_size) of every fetch, in order.
    type Asked = Arc<Mutex<Vec<(i64, i64)>>>;

    /// What the fake server states as `total_page`.
    #[derive(Debug, Clone, Copy)]
    enum Total {
        /// The true number of pages.
        Exact,
        Missing,
        Zero,
        /// A number regardless of the rows.
        Stated(i64),
    }

    /// A list of `rows` rows (0, 1, 2, ...) served page by page.
    #[derive(Debug, Clone, Copy)]
    struct Server {
        rows: usize,
        total: Total,
        /// The most rows it answers per page, whatever is asked.
        cap: usize,
        /// The page it fails, if any.
        fails_on: Option<i64>,
    }

    impl Server {
        fn new(rows: usize, total: Total) -> Server {
            Server {
                rows,
                total,
                cap: usize::MAX,
                fails_on: None,
            }
        }

        fn answer(&self, page: i64, page_size: i64) -> Result<FakePage, Error> {
            if self.fails_on == Some(page) {
                return Err(Error::Config(format!("page {page} fails")));
            }
            let size = usize::try_from(page_size).unwrap().min(self.cap);
            let start = usize::try_from(page - 1).unwrap() * size;
            let rows: Vec<usize> = (start..self.rows.min(start + size)).collect();
            let total_page = match self.total {
                Total::Exact => Some(i64::try_from(self.rows.div_ceil(size)).unwrap()),
                Total::Missing => None,
                Total::Zero => Some(0),
                Total::Stated(n) => Some(n),
            };
            Ok(FakePage {
                rows,
                total_page,
                ..FakePage::default()
            })
        }

        /// The pages of `query`, and what they fetch.
        fn pages(self, query: FakeQuery) -> (Pages<FakeQuery>, Asked) {
            let asked = Arc::new(Mutex::new(Vec::new()));
            let log = asked.clone();
            let pages = Pages::from_fn(&query, move |query: FakeQuery| {
                let page = query.page.expect("the pager sets page");
                let size = query.page_size.expect("the pager sets page_size");
                log.lock().unwrap().push((page, size));
                std::future::ready(self.answer(page, size))
            });
            (pages, asked)
        }
    }

    fn sized(page_size: i64) -> FakeQuery {
        FakeQuery {
            page: None,
            page_size: Some(page_size),
        }
    }

    /// Every page's rows, until the end or the first error.
    async fn walk(pages: &mut Pages<FakeQuery>) -> (Vec<Vec<usize>>, Option<Error>) {
        let mut seen = Vec::new();
        while let Some(page) = pages.next_page().await {
            match page {
                Ok(page) => seen.push(page.rows),
                Err(error) => return (seen, Some(error)),
            }
        }
        (seen, None)
    }

    fn requests(asked: &Mutex<Vec<(i64, i64)>>) -> Vec<(i64, i64)> {
        asked.lock().unwrap().clone()
    }

    fn sizes(pages: &[Vec<usize>]) -> Vec<usize> {
        pages.iter().map(Vec::len).collect()
    }

    #[tokio::test]
    async fn a_known_total_page_ends_the_walk_after_that_page() {
        let (mut pages, asked) = Server::new(23, Total::Exact).pages(sized(10));
        let (seen, error) = walk(&mut pages).await;
        assert!(error.is_none());
        assert_eq!(sizes(&seen), [10, 10, 3]);
        assert_eq!(seen.concat(), (0..23).collect::<Vec<_>>());
        assert_eq!(requests(&asked), [(1, 10), (2, 10), (3, 10)]);
        // Ended: polling again fetches nothing.
        assert!(pages.next_page().await.is_none());
        assert_eq!(requests(&asked).len(), 3);
    }

    #[tokio::test]
    async fn a_known_total_page_ends_the_walk_even_when_the_last_page_is_full() {
        let (mut pages, asked) = Server::new(20, Total::Exact).pages(sized(10));
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [10, 10]);
        assert_eq!(requests(&asked), [(1, 10), (2, 10)]);
    }

    #[tokio::test]
    async fn with_a_known_total_page_short_pages_do_not_end_the_walk() {
        // The server answers 4 rows per page whatever is asked, and says so in total_page.
        let server = Server {
            cap: 4,
            ..Server::new(10, Total::Exact)
        };
        let (mut pages, asked) = server.pages(sized(10));
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [4, 4, 2]);
        assert_eq!(requests(&asked).len(), 3);
    }

    #[tokio::test]
    async fn without_total_page_a_short_page_ends_the_walk() {
        for total in [Total::Missing, Total::Zero, Total::Stated(-1)] {
            let (mut pages, asked) = Server::new(23, total).pages(sized(10));
            let (seen, _) = walk(&mut pages).await;
            assert_eq!(sizes(&seen), [10, 10, 3], "{total:?}");
            assert_eq!(requests(&asked).len(), 3, "{total:?}");
        }
    }

    #[tokio::test]
    async fn without_total_page_an_empty_page_ends_the_walk_and_is_yielded() {
        for total in [Total::Missing, Total::Zero] {
            let (mut pages, asked) = Server::new(20, total).pages(sized(10));
            let (seen, _) = walk(&mut pages).await;
            assert_eq!(sizes(&seen), [10, 10, 0], "{total:?}");
            assert_eq!(requests(&asked).len(), 3, "{total:?}");
        }
    }

    #[tokio::test]
    async fn an_empty_page_ends_the_walk_whatever_total_page_says() {
        let (mut pages, asked) = Server::new(20, Total::Stated(5)).pages(sized(10));
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [10, 10, 0]);
        assert_eq!(requests(&asked).len(), 3);
    }

    #[tokio::test]
    async fn an_empty_list_is_one_empty_page() {
        let (mut pages, asked) = Server::new(0, Total::Exact).pages(FakeQuery::default());
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [0]);
        assert_eq!(requests(&asked).len(), 1);
    }

    #[test]
    fn the_page_size_is_the_callers_capped_at_the_maximum_and_the_maximum_if_unset() {
        let max = i64::try_from(crate::service::limits::PAGE_SIZE_MAX).unwrap();
        assert_eq!(MAX_PAGE_SIZE, max);
        for (asked, sent) in [
            (None, max),
            (Some(10), 10),
            (Some(1), 1),
            (Some(max), max),
            (Some(max + 1), max),
            (Some(i64::MAX), max),
            (Some(0), max),
            (Some(-5), max),
        ] {
            let query = FakeQuery {
                page: None,
                page_size: asked,
            };
            let (pages, _) = Server::new(0, Total::Exact).pages(query);
            assert_eq!(pages.page_size(), sent, "page_size {asked:?}");
        }
    }

    #[tokio::test]
    async fn the_page_size_asked_is_the_one_sent_with_every_page() {
        let (mut pages, asked) = Server::new(250, Total::Exact).pages(sized(1000));
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [100, 100, 50]);
        assert_eq!(requests(&asked), [(1, 100), (2, 100), (3, 100)]);

        let (mut pages, asked) = Server::new(23, Total::Exact).pages(FakeQuery::default());
        walk(&mut pages).await;
        assert_eq!(requests(&asked), [(1, 100)]);
    }

    #[tokio::test]
    async fn the_walk_starts_at_the_callers_page_or_at_1() {
        for (page, first) in [
            (None, 1),
            (Some(1), 1),
            (Some(2), 2),
            (Some(0), 1),
            (Some(-3), 1),
        ] {
            let query = FakeQuery {
                page,
                page_size: Some(10),
            };
            let (mut pages, asked) = Server::new(23, Total::Exact).pages(query);
            walk(&mut pages).await;
            let numbers: Vec<i64> = requests(&asked).iter().map(|(p, _)| *p).collect();
            let expected: Vec<i64> = (first..=3).collect();
            assert_eq!(numbers, expected, "page {page:?}");
        }
        // Past the last page: one (empty) page, then the end.
        let query = FakeQuery {
            page: Some(7),
            page_size: Some(10),
        };
        let (mut pages, asked) = Server::new(23, Total::Exact).pages(query);
        let (seen, _) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [0]);
        assert_eq!(requests(&asked), [(7, 10)]);
    }

    #[tokio::test]
    async fn nothing_is_fetched_before_it_is_asked_for() {
        let (mut pages, asked) = Server::new(23, Total::Exact).pages(sized(10));
        assert!(requests(&asked).is_empty(), "creating the stream fetches");
        let first = pages.next_page().await.expect("a page").expect("no error");
        assert_eq!(first.rows.len(), 10);
        assert_eq!(requests(&asked), [(1, 10)], "no page fetched ahead");

        let (pages, asked) = Server::new(23, Total::Exact).pages(sized(10));
        let mut items = pages.into_items();
        assert!(requests(&asked).is_empty());
        for expected in 0..10 {
            let row = items.next_item().await.expect("a row").expect("no error");
            assert_eq!(row, expected);
        }
        assert_eq!(
            requests(&asked).len(),
            1,
            "the 10 rows of page 1 take one fetch"
        );
        assert_eq!(
            items.next_item().await.expect("a row").expect("no error"),
            10
        );
        assert_eq!(requests(&asked).len(), 2);
    }

    #[tokio::test]
    async fn an_error_is_yielded_once_then_the_pages_end() {
        let server = Server {
            fails_on: Some(2),
            ..Server::new(23, Total::Exact)
        };
        let (mut pages, asked) = server.pages(sized(10));
        let (seen, error) = walk(&mut pages).await;
        assert_eq!(sizes(&seen), [10]);
        assert!(matches!(error, Some(Error::Config(ref m)) if m == "page 2 fails"));
        assert!(pages.next_page().await.is_none());
        assert!(pages.next_page().await.is_none());
        assert_eq!(
            requests(&asked),
            [(1, 10), (2, 10)],
            "no fetch after the error"
        );
    }

    #[tokio::test]
    async fn items_yield_every_row_received_then_the_error_then_end() {
        let server = Server {
            fails_on: Some(3),
            ..Server::new(23, Total::Exact)
        };
        let (pages, asked) = server.pages(sized(10));
        let mut items = pages.into_items();
        let mut rows = Vec::new();
        let error = loop {
            match items.next_item().await {
                Some(Ok(row)) => rows.push(row),
                Some(Err(error)) => break error,
                None => panic!("the stream ended without the error"),
            }
        };
        assert_eq!(rows, (0..20).collect::<Vec<_>>());
        assert!(matches!(error, Error::Config(ref m) if m == "page 3 fails"));
        assert!(items.next_item().await.is_none());
        assert_eq!(requests(&asked).len(), 3);
    }

    #[tokio::test]
    async fn collect_all_gives_every_row_or_the_error() {
        let (pages, _) = Server::new(23, Total::Missing).pages(sized(10));
        let rows = pages.into_items().collect_all().await.expect("no error");
        assert_eq!(rows, (0..23).collect::<Vec<_>>());

        let server = Server {
            fails_on: Some(2),
            ..Server::new(23, Total::Exact)
        };
        let (pages, _) = server.pages(sized(10));
        assert!(pages.into_items().collect_all().await.is_err());
    }

    /// The next item through the `Stream` trait, as `StreamExt::next` would.
    async fn poll_stream<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
        poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
    }

    #[tokio::test]
    async fn the_stream_trait_yields_the_same_and_then_is_terminated() {
        let (pages, _) = Server::new(23, Total::Exact).pages(sized(10));
        let mut items = pages.into_items();
        let mut rows = Vec::new();
        assert!(!items.is_terminated());
        while let Some(row) = poll_stream(&mut items).await {
            rows.push(row.expect("no error"));
        }
        assert_eq!(rows, (0..23).collect::<Vec<_>>());
        assert!(items.is_terminated());
        assert_eq!(items.size_hint(), (0, Some(0)));

        let (mut pages, _) = Server::new(23, Total::Exact).pages(sized(10));
        let mut sizes = Vec::new();
        while let Some(page) = poll_stream(&mut pages).await {
            sizes.push(page.expect("no error").rows.len());
        }
        assert_eq!(sizes, [10, 10, 3]);
        assert!(pages.is_terminated());
    }

    #[test]
    fn the_streams_can_be_sent_and_kept() {
        fn send_static<T: Send + 'static>() {}
        send_static::<Pages<FakeQuery>>();
        send_static::<Items<FakeQuery>>();
    }
}
