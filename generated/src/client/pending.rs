//! A call of an endpoint, ready to be sent: what every generated endpoint method returns.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use crate::{Call, Client, Error};

/// A call of an endpoint, not sent yet. `.await` it for the answer's `data`, or
/// `.with_meta().await` for the data with the request id and HTTP status.
///
/// Nothing is sent until it is awaited; dropping it sends nothing.
#[must_use = "a call is sent only when it is awaited"]
pub struct Pending<T> {
    client: Client,
    call: Call,
    answer: PhantomData<fn() -> T>,
}

/// The data of a successful answer, with what identifies the answer: the gateway's
/// `X-Api-Requestid` (quote it to Kingdee support) and the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered<T> {
    pub data: T,
    pub request_id: Option<String>,
    pub status: u16,
}

impl<T: DeserializeOwned + Send + 'static> Pending<T> {
    /// The generated methods make one of these for each call.
    pub fn new(client: &Client, call: Call) -> Self {
        Pending {
            client: client.clone(),
            call,
            answer: PhantomData,
        }
    }

    /// What will be sent.
    pub fn call(&self) -> &Call {
        &self.call
    }

    /// Sends the call: the answer's `data`, or what went wrong.
    pub async fn send(self) -> Result<T, Error> {
        self.client.send(self.call).await
    }

    /// Sends the call: the answer's `data` with its request id and HTTP status.
    pub async fn with_meta(self) -> Result<Answered<T>, Error> {
        self.client.send_with_meta(self.call).await
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Pending<T> {
    type Output = Result<T, Error>;
    // One box per call, so that each endpoint does not compile a future type of its own.
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}
