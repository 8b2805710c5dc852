//! Talking to Dataverse and Microsoft Graph: URLs, tokens, one generic fetch and the wire types.
//!
//! Components never call these: `load` and `writes` do, and views never build URLs.

pub mod batch;
pub mod dataverse;
pub mod graph;
pub mod http;
pub mod json;
pub mod url;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Everything that can go wrong talking to a service.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request never got an answer (offline, DNS, CORS refused).
    #[error("the request failed: {0}")]
    Network(String),
    /// The service answered with an error status; `code` and `message` come from its error JSON.
    #[error("the service answered {status}: {message}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The service's error code, when the body had one.
        code: Option<String>,
        /// The service's message, or the status text.
        message: String,
    },
    /// The host's `getToken` rejected or returned something other than a string or null.
    #[error("getToken failed: {0}")]
    Token(String),
    /// The host has no Graph token for this user (`getToken("graph")` gave null).
    #[error("no Microsoft Graph token")]
    NoToken,
    /// The body was not the JSON the documentation describes.
    #[error("unexpected response: {0}")]
    Json(String),
    /// A single-row read found no row.
    #[error("{0} has no row")]
    MissingRow(&'static str),
    /// The request was cancelled: the pane closed or the component unmounted.
    #[error("the request was cancelled")]
    Aborted,
    /// A URL outside the service's base (a foreign `@odata.nextLink`): no token goes there.
    #[error("refused to send a token to {0}")]
    Refused(String),
}

/// Logs a failure as a console warning; a request aborted because the pane closed or the
/// component unmounted is no failure and is not logged. Errors carry statuses and service
/// messages, never a token.
pub fn warn(error: &Error) {
    if *error == Error::Aborted {
        return;
    }
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&format!("teams-collaborate: {error}").into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = error;
}

/// Results of this crate's service calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The two services a token can be for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// Microsoft Graph.
    Graph,
    /// The CRM's Dataverse Web API.
    Dataverse,
}

impl Resource {
    /// The name `getToken` receives.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Graph => "graph",
            Resource::Dataverse => "dataverse",
        }
    }
}

/// A future of a token: `Some` bearer token, or `None` (for Dataverse: use the session cookie).
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<Option<String>>>>>;

/// Where tokens come from: the host's `getToken`, asked once per request.
pub trait TokenSource {
    /// Asks for a token; `force_refresh` is true on the single retry after a 401.
    fn token(&self, resource: Resource, force_refresh: bool) -> TokenFuture;
}

/// How many requests of a mount are waiting out throttling, and who wants to know when that
/// starts and ends (the pane, which says so).
#[derive(Default)]
pub struct Waits {
    count: std::cell::Cell<u32>,
    listener: std::cell::RefCell<Option<yew::Callback<bool>>>,
}

impl Waits {
    /// Tells `listener` whether any request waits, now and on every change; `None` stops it.
    pub fn listen(&self, listener: Option<yew::Callback<bool>>) {
        if let Some(listener) = &listener {
            listener.emit(self.count.get() > 0);
        }
        *self.listener.borrow_mut() = listener;
    }

    fn change(&self, by: i32) {
        let before = self.count.get();
        let after = before.saturating_add_signed(by);
        self.count.set(after);
        if (before == 0) != (after == 0) {
            let listener = self.listener.borrow().clone();
            if let Some(listener) = listener {
                listener.emit(after > 0);
            }
        }
    }
}

/// The context every API call takes first: base URLs, the token source and an abort signal.
#[derive(Clone)]
pub struct Api {
    /// `{dataverseUrl}/api/data/v9.2/`, made once: every request starts with it.
    dataverse_root: String,
    /// `{graphUrl}/`.
    graph_root: String,
    tokens: Rc<dyn TokenSource>,
    abort: Option<web_sys::AbortSignal>,
    waits: Rc<Waits>,
}

impl Api {
    /// An API context over validated base URLs (no trailing slash).
    pub fn new(dataverse_url: String, graph_url: String, tokens: Rc<dyn TokenSource>) -> Self {
        Self {
            dataverse_root: format!("{dataverse_url}/api/data/v9.2/"),
            graph_root: format!("{graph_url}/"),
            tokens,
            abort: None,
            waits: Rc::default(),
        }
    }

    /// Who is told when requests wait out throttling.
    pub fn waits(&self) -> &Waits {
        &self.waits
    }

    /// Waits `ms` before a throttled request is tried again, counted as a wait.
    pub async fn wait_out(&self, ms: f64) {
        /// Ends the wait however the future ends: slept out, or dropped when cancelled.
        struct Counted<'a>(&'a Waits);
        impl Drop for Counted<'_> {
            fn drop(&mut self) {
                self.0.change(-1);
            }
        }
        self.waits.change(1);
        let _counted = Counted(&self.waits);
        http::sleep(ms).await;
    }

    /// Whether this context's requests were cancelled.
    pub fn aborted(&self) -> bool {
        self.abort.as_ref().is_some_and(|signal| signal.aborted())
    }

    /// The same context whose requests are cancelled when `signal` aborts (on unmount).
    pub fn with_abort_signal(mut self, signal: web_sys::AbortSignal) -> Self {
        self.abort = Some(signal);
        self
    }

    /// The base every URL of a resource must start with.
    pub fn root(&self, resource: Resource) -> &str {
        match resource {
            Resource::Graph => self.graph_root(),
            Resource::Dataverse => self.dataverse_root(),
        }
    }

    /// The Dataverse Web API root: `{dataverseUrl}/api/data/v9.2/`.
    pub fn dataverse_root(&self) -> &str {
        &self.dataverse_root
    }

    /// Microsoft Graph's root, `{graphUrl}/`.
    pub fn graph_root(&self) -> &str {
        &self.graph_root
    }
}

impl PartialEq for Api {
    fn eq(&self, other: &Self) -> bool {
        self.dataverse_root == other.dataverse_root
            && self.graph_root == other.graph_root
            && Rc::ptr_eq(&self.tokens, &other.tokens)
    }
}
