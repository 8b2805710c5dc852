//! The host's `getToken`, behind the typed [`TokenSource`] trait.

use crate::api::{Error, Resource, TokenFuture, TokenSource};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Calls the host's `getToken(resource, {forceRefresh})` once per request; nothing is cached here.
pub struct JsTokenSource {
    get_token: Function,
}

impl JsTokenSource {
    /// Wraps a validated `getToken` function.
    pub fn new(get_token: Function) -> Self {
        Self { get_token }
    }
}

impl TokenSource for JsTokenSource {
    fn token(&self, resource: Resource, force_refresh: bool) -> TokenFuture {
        let call = (|| {
            let init = Object::new();
            Reflect::set(&init, &"forceRefresh".into(), &force_refresh.into())?;
            self.get_token
                .call2(&JsValue::NULL, &resource.as_str().into(), &init)
        })();
        Box::pin(async move {
            // A plain return value and a promise are both accepted; a throw is a rejection.
            let returned = call.map_err(|e| Error::Token(describe(&e)))?;
            let value = JsFuture::from(Promise::resolve(&returned))
                .await
                .map_err(|e| Error::Token(describe(&e)))?;
            if value.is_null() || value.is_undefined() {
                Ok(None)
            } else if let Some(token) = value.as_string().filter(|t| !t.is_empty()) {
                Ok(Some(token))
            } else {
                Err(Error::Token(
                    "getToken must resolve to a non-empty string or null".into(),
                ))
            }
        })
    }
}

/// A rejection's message, never its other fields (a host could put a token in them).
fn describe(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "the promise was rejected".into())
}
