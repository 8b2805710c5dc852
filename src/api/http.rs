//! The one generic fetch. It asks `getToken` per request, attaches a token only to URLs under
//! that service's base, retries once with `forceRefresh` after a 401, waits out 429 and 503
//! (`Retry-After` when the browser can read it, else exponential backoff with jitter), and turns
//! error answers into [`Error::Status`] from the services' error JSON.

use super::json::{self, Get, Value};
use super::{Api, Error, Resource, Result};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use web_sys::RequestCredentials;

/// How many times a throttled request is tried in all.
const THROTTLE_ATTEMPTS: u32 = 4;
/// The first backoff when `Retry-After` cannot be read, in milliseconds.
const BACKOFF_START_MS: f64 = 1_000.0;
/// The longest single wait, in milliseconds.
const BACKOFF_CAP_MS: f64 = 16_000.0;
/// The longest `Retry-After` waited out, in milliseconds. A longer one is not retried early
/// (that only extends the throttling, as Dataverse's service protection limits say): the 429
/// stands, and the section shows it with Retry.
pub const LONGEST_WAIT_MS: f64 = 64_000.0;

/// GETs `url` with extra headers (e.g. `Prefer`) and returns the body of the 2xx answer.
pub async fn get(
    api: &Api,
    resource: Resource,
    url: &str,
    headers: &[(&str, &str)],
) -> Result<String> {
    fetch_text(api, resource, Method::GET, url, None, headers).await
}

/// An answer of any status, after the same token, refresh and throttling handling.
pub struct Answer {
    pub status: u16,
    pub status_text: String,
    pub text: String,
}

/// POSTs a JSON body and returns the answer whatever its status: a `$batch` that fails whole
/// may still list each part's answer.
pub async fn post_answer(api: &Api, resource: Resource, url: &str, body: &Value) -> Result<Answer> {
    fetch(
        api,
        resource,
        Method::POST,
        url,
        Some(json::to_string(body)),
        &[],
    )
    .await
}

/// Sends a write (POST, PATCH, ...) with an optional JSON body and extra headers; returns the
/// body of the 2xx answer as text (empty for a 204).
pub async fn write(
    api: &Api,
    resource: Resource,
    method: Method,
    url: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Result<String> {
    fetch_text(
        api,
        resource,
        method,
        url,
        body.map(json::to_string),
        headers,
    )
    .await
}

/// Sends a request and returns the body of a 2xx answer as text.
async fn fetch_text(
    api: &Api,
    resource: Resource,
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<String> {
    let answer = fetch(api, resource, method, url, body, headers).await?;
    if !(200..300).contains(&answer.status) {
        return Err(parse_status_error(
            answer.status,
            answer.status_text,
            &answer.text,
        ));
    }
    Ok(answer.text)
}

/// GETs binary content with the Graph token (a message's hosted image) and returns it as a
/// `blob:` URL for the page to show; [`revoke`] frees it.
pub async fn get_object_url(api: &Api, url: &str) -> Result<String> {
    let response = respond(api, Resource::Graph, Method::GET, url, None, &[]).await?;
    let status = response.status();
    if !(200..300).contains(&status) {
        let text = response.text().await.map_err(network)?;
        return Err(parse_status_error(status, response.status_text(), &text));
    }
    let raw: web_sys::Response = response.into();
    let blob = raw.blob().map_err(|_| Error::Json("no body".into()))?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob)
        .await
        .map_err(|_| Error::Network("the body could not be read".into()))?
        .into();
    web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| Error::Json("the body is not a blob".into()))
}

/// Frees a `blob:` URL made by [`get_object_url`].
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Sends a request and returns its answer, whatever the status, once a 401 has been retried
/// with a fresh token and 429s and 503s have been waited out.
async fn fetch(
    api: &Api,
    resource: Resource,
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<Answer> {
    let response = respond(api, resource, method, url, body, headers).await?;
    let text = response.text().await.map_err(network)?;
    Ok(Answer {
        status: response.status(),
        status_text: response.status_text(),
        text,
    })
}

/// Sends a request and returns the response, whatever the status, once a 401 has been retried
/// with a fresh token and 429s and 503s have been waited out.
async fn respond(
    api: &Api,
    resource: Resource,
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<Response> {
    // The token for a service goes only to URLs under that service's base (a prefix match).
    if !url.starts_with(api.root(resource)) {
        return Err(Error::Refused(url.to_owned()));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut response = send(
            api,
            resource,
            method.clone(),
            url,
            body.clone(),
            headers,
            false,
        )
        .await?;
        if response.status() == 401 {
            response = send(
                api,
                resource,
                method.clone(),
                url,
                body.clone(),
                headers,
                true,
            )
            .await?;
        }
        let status = response.status();
        if (status == 429 || status == 503) && attempt < THROTTLE_ATTEMPTS {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| parse_retry_after(&v))
                .unwrap_or_else(|| backoff_ms(attempt));
            if wait <= LONGEST_WAIT_MS {
                // Only Graph's throttling is Microsoft Teams being busy.
                if resource == Resource::Graph {
                    api.wait_out(wait).await;
                } else {
                    sleep(wait).await;
                }
                continue;
            }
        }
        return Ok(response);
    }
}

async fn send(
    api: &Api,
    resource: Resource,
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
    force_refresh: bool,
) -> Result<Response> {
    let token = api.tokens.token(resource, force_refresh).await?;
    let is_get = method == Method::GET;
    let mut request = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json")
        .abort_signal(api.abort.as_ref());
    if resource == Resource::Dataverse {
        request = request
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0");
        // Dataverse's guidance for every request: no answer from the browser's cache, so a
        // list read right after a write shows the write.
        if is_get {
            request = request.header("If-None-Match", "null");
        }
    }
    for (name, value) in headers {
        request = request.header(name, value);
    }
    request = match (token, resource) {
        (Some(token), _) => request.header("Authorization", &format!("Bearer {token}")),
        // A null Dataverse token means the host's own session: send its cookies instead.
        (None, Resource::Dataverse) => request.credentials(RequestCredentials::Include),
        (None, Resource::Graph) => return Err(Error::NoToken),
    };
    let request: Request = match body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(network)?,
        None => request.build().map_err(network)?,
    };
    request.send().await.map_err(network)
}

/// `Retry-After` in seconds, integer or decimal, as milliseconds (at most a day); a date is not
/// read.
///
/// Read digit by digit rather than with `str::parse::<f64>`, whose tables were 13.7 KB gzipped of
/// the wasm; past milliseconds the digits do not matter.
pub fn parse_retry_after(value: &str) -> Option<f64> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let cap = 86_400_000.0;
    let seconds = whole
        .bytes()
        .fold(0.0, |n: f64, b| (n * 10.0 + f64::from(b - b'0')).min(cap));
    let millis = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0.0, |n: f64, b| n * 10.0 + f64::from(b - b'0'));
    Some((seconds * 1000.0 + millis).min(cap))
}

/// Exponential backoff from one second with full jitter in its upper half, capped.
pub fn backoff_ms(attempt: u32) -> f64 {
    let base = (BACKOFF_START_MS * 2f64.powi(attempt.saturating_sub(1) as i32)).min(BACKOFF_CAP_MS);
    base / 2.0 + base / 2.0 * random()
}

#[cfg(target_arch = "wasm32")]
fn random() -> f64 {
    js_sys::Math::random()
}

#[cfg(not(target_arch = "wasm32"))]
fn random() -> f64 {
    0.5
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: f64) {
    gloo_timers::future::TimeoutFuture::new(ms.max(0.0).min(u32::MAX as f64) as u32).await;
}

/// A failed fetch, said without formatting gloo's error enum (whose serde arm would ship
/// serde_json's messages).
fn network(error: gloo_net::Error) -> Error {
    match error {
        // The pane closed or the component unmounted: a cancellation, not a failure.
        gloo_net::Error::JsError(js) if js.name == "AbortError" => Error::Aborted,
        gloo_net::Error::JsError(js) => Error::Network(js.message),
        gloo_net::Error::GlooError(message) => Error::Network(message),
        #[allow(unreachable_patterns)]
        _ => Error::Network("the response could not be read".into()),
    }
}

/// Turns an error answer into `Error::Status`, reading `{"error":{"code","message"}}` when present.
pub fn parse_status_error(status: u16, status_text: String, body: &str) -> Error {
    let parsed = json::parse_value(body).ok();
    let field = |name: &str| -> Option<String> {
        parsed
            .as_ref()?
            .get("error")?
            .get(name)?
            .as_str()
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let code = field("code");
    let message = field("message").unwrap_or(status_text);
    Error::Status {
        status,
        code,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_gives_code_and_message() {
        let err = parse_status_error(
            404,
            "Not Found".into(),
            r#"{"error":{"code":"0x80060888","message":"Resource not found for the segment 'x'."}}"#,
        );
        assert_eq!(
            err,
            Error::Status {
                status: 404,
                code: Some("0x80060888".into()),
                message: "Resource not found for the segment 'x'.".into()
            }
        );
    }

    #[test]
    fn an_empty_401_falls_back_to_the_status_text() {
        let err = parse_status_error(401, "Unauthorized".into(), "");
        assert_eq!(
            err,
            Error::Status {
                status: 401,
                code: None,
                message: "Unauthorized".into()
            }
        );
    }

    #[test]
    fn retry_after_takes_integers_and_decimals() {
        assert_eq!(parse_retry_after("2"), Some(2000.0));
        assert_eq!(parse_retry_after(" 2.128 "), Some(2128.0));
        assert_eq!(parse_retry_after("0.5"), Some(500.0));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("2."), Some(2000.0));
        assert_eq!(parse_retry_after("1.23456"), Some(1234.0));
        assert_eq!(parse_retry_after("."), None);
        assert_eq!(parse_retry_after("1.2.3"), None);
        assert_eq!(parse_retry_after("300"), Some(300_000.0), "not cut short");
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            Some(86_400_000.0)
        );
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn backoff_grows_from_a_second_and_is_capped() {
        assert_eq!(backoff_ms(1), 750.0);
        assert_eq!(backoff_ms(2), 1500.0);
        assert_eq!(backoff_ms(3), 3000.0);
        assert_eq!(backoff_ms(10), BACKOFF_CAP_MS * 0.75);
    }
}
