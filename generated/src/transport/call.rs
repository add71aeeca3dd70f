//! One call, described before it is signed and sent.

use std::borrow::Cow;

use serde::Serialize;

use crate::transport::upload::Multipart;
use crate::wire::Query;

/// The HTTP methods the jdy API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    /// Used by one endpoint (商品图片删除), with a JSON body.
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// The fields of an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Envelope {
    /// `errcode` (0 on success), `description`, `data`: the answer of every endpoint but the
    /// uploads.
    #[default]
    Standard,
    /// `errorCode` (`"success"` on success), `success`, `message`, `data`: the answer of the
    /// uploads (附件上传, 凭证附件上传).
    Upload,
}

/// What to send: method, path, query parameters and body (JSON, or multipart for an upload),
/// and which envelope the answer has. The generated endpoint methods build one and hand it to
/// [`Client::send`](crate::Client::send); so can a caller, for an endpoint the spec does not
/// describe yet.
#[derive(Debug, Clone)]
pub struct Call {
    pub(crate) method: Method,
    pub(crate) path: Cow<'static, str>,
    pub(crate) query: Query,
    pub(crate) body: Option<Result<Vec<u8>, String>>,
    pub(crate) multipart: Option<Multipart>,
    pub(crate) envelope: Envelope,
    pub(crate) endpoint: Option<&'static str>,
}

impl Call {
    /// A call to `path` (no host, no query: `/jdy/v2/bd/customer`).
    pub fn new(method: Method, path: impl Into<Cow<'static, str>>) -> Self {
        Call {
            method,
            path: path.into(),
            query: Query::new(),
            body: None,
            multipart: None,
            envelope: Envelope::Standard,
            endpoint: None,
        }
    }

    /// Names the endpoint called, for logs and traces: `<module>.<method>`, the module and
    /// the method that calls it (`bd.customer_list`). Every generated endpoint method names its
    /// call; a hand-built call has no name unless given one. The name is not sent.
    pub fn endpoint(mut self, name: &'static str) -> Self {
        self.endpoint = Some(name);
        self
    }

    /// Sets the query parameters.
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// Sets the JSON body. A body that cannot be serialised is reported when the call is sent.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self.multipart = None;
        self
    }

    /// Sets a `multipart/form-data` body (an upload) instead of JSON. The parts are sent anew
    /// with each attempt, sharing the files' bytes. A file that breaks the limits it was added
    /// with makes the call fail before it is sent.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.multipart = Some(form);
        self.body = None;
        self
    }

    /// Says which envelope the answer has (the default is [`Envelope::Standard`]).
    pub fn envelope(mut self, envelope: Envelope) -> Self {
        self.envelope = envelope;
        self
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        self.query.pairs()
    }

    /// The endpoint's name set with [`endpoint`](Call::endpoint) (`bd.customer_list`), if any.
    pub fn endpoint_name(&self) -> Option<&'static str> {
        self.endpoint
    }

    /// Method and path, for messages.
    pub(crate) fn name(&self) -> crate::CallName {
        crate::CallName {
            method: self.method,
            path: self.path.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_unnamed_until_named_and_keeps_its_name_through_the_builder() {
        let call = Call::new(Method::Get, "/jdy/v2/bd/customer");
        assert_eq!(call.endpoint_name(), None);
        let call = call
            .endpoint("bd.customer_list")
            .query(Query::new())
            .json(&serde_json::json!({}));
        assert_eq!(call.endpoint_name(), Some("bd.customer_list"));
        assert_eq!(call.clone().endpoint_name(), Some("bd.customer_list"));
        // The name is for logs only: it changes nothing that is sent.
        assert_eq!(call.path(), "/jdy/v2/bd/customer");
        assert!(call.query_pairs().is_empty());
    }
}
