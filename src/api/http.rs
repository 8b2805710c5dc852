//! The one generic fetch: token per request, a single retry after a 401, errors from error JSON.

use super::{Api, Error, Resource, Result};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use web_sys::RequestCredentials;

/// GETs `url` from `resource` and parses the JSON body as `T`.
pub async fn get_json<T: DeserializeOwned>(api: &Api, resource: Resource, url: &str) -> Result<T> {
    let response = send(api, resource, url, false).await?;
    let response = if response.status() == 401 {
        send(api, resource, url, true).await?
    } else {
        response
    };
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| Error::Network(e.to_string()))?;
    if !(200..300).contains(&status) {
        return Err(status_error(status, response.status_text(), &body));
    }
    serde_json::from_str(&body).map_err(|e| Error::Json(e.to_string()))
}

async fn send(api: &Api, resource: Resource, url: &str, force_refresh: bool) -> Result<Response> {
    let token = api.tokens.token(resource, force_refresh).await?;
    let mut request = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(api.abort.as_ref());
    if resource == Resource::Dataverse {
        request = request
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0");
    }
    request = match (token, resource) {
        (Some(token), _) => request.header("Authorization", &format!("Bearer {token}")),
        // A null Dataverse token means the host's own session: send its cookies instead.
        (None, Resource::Dataverse) => request.credentials(RequestCredentials::Include),
        (None, Resource::Graph) => return Err(Error::NoToken),
    };
    request
        .send()
        .await
        .map_err(|e| Error::Network(e.to_string()))
}

/// Turns an error answer into `Error::Status`, reading `{"error":{"code","message"}}` when present.
fn status_error(status: u16, status_text: String, body: &str) -> Error {
    #[derive(Deserialize)]
    struct Envelope {
        error: Inner,
    }
    #[derive(Deserialize)]
    struct Inner {
        code: Option<String>,
        message: Option<String>,
    }
    let parsed = serde_json::from_str::<Envelope>(body).ok();
    let code = parsed.as_ref().and_then(|e| e.error.code.clone());
    let message = parsed
        .and_then(|e| e.error.message)
        .filter(|m| !m.is_empty())
        .unwrap_or(status_text);
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
        let err = status_error(
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
        let err = status_error(401, "Unauthorized".into(), "");
        assert_eq!(
            err,
            Error::Status {
                status: 401,
                code: None,
                message: "Unauthorized".into()
            }
        );
    }
}
