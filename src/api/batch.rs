//! `POST /$batch`: at most 20 requests a batch; a throttled part is retried alone after the
//! largest `Retry-After` among the throttled ones, and the rest of the batch is kept; a part
//! answering 401 is retried once after a forced token refresh.

use super::json::{self, Fields, FromJson, Get, Value};
use super::{http, Api, Error, Resource, Result};
use crate::keyed::Map;

/// The most requests Graph takes in one batch.
pub const MAX_PARTS: usize = 20;
/// How many rounds a throttled part is retried.
const RETRY_ROUNDS: u32 = 3;

/// One request of a batch.
#[derive(Clone, Debug)]
pub struct Part {
    /// The caller's key for the answer.
    pub id: String,
    /// The URL relative to Graph's root, e.g. `/me`.
    pub url: String,
    /// GET, or POST with a JSON body.
    pub body: Option<Value>,
}

impl Part {
    /// A GET part.
    pub fn get(id: String, url: String) -> Self {
        Self {
            id,
            url,
            body: None,
        }
    }

    /// A POST part with a JSON body.
    pub fn post(id: String, url: String, body: Value) -> Self {
        Self {
            id,
            url,
            body: Some(body),
        }
    }
}

/// One part's answer.
#[derive(Clone, Debug)]
pub struct Answer {
    /// Its status.
    pub status: u16,
    /// Its body (JSON, or a base64 string for binary bodies).
    pub body: Value,
    /// Its `Content-Type`.
    pub content_type: Option<String>,
    /// Its `Location` (a batch part's headers are readable JSON, unlike some CORS answers).
    pub location: Option<String>,
}

impl Answer {
    /// The body of a successful answer, else the error its status and error JSON say.
    pub fn ok(&self) -> Result<&Value> {
        if (200..300).contains(&self.status) {
            return Ok(&self.body);
        }
        let text = |pointer: &str| {
            self.body
                .pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Err(Error::Status {
            status: self.status,
            code: text("/error/code"),
            message: text("/error/message").unwrap_or_default(),
        })
    }
}

/// Runs the parts, 20 to a batch, and answers each by id.
pub async fn run(api: &Api, parts: Vec<Part>) -> Result<Map<String, Answer>> {
    let mut answers = Map::new();
    for chunk in parts.chunks(MAX_PARTS) {
        let mut pending: Vec<Part> = chunk.to_vec();
        let mut round = 0;
        let mut refreshed = false;
        while !pending.is_empty() {
            round += 1;
            let results = send(api, &pending).await?;
            let mut throttled = Vec::new();
            let mut wait_ms: Option<f64> = None;
            let mut expired = false;
            for (index, part) in pending.iter().enumerate() {
                let Some(result) = results.get(&index.to_string()) else {
                    continue;
                };
                if result.answer.status == 401 && !refreshed {
                    // Like a top-level 401: once, after a forced refresh (which the host's
                    // token cache keeps for the next request).
                    expired = true;
                    throttled.push(part.clone());
                } else if matches!(result.answer.status, 429 | 503)
                    && round <= RETRY_ROUNDS
                    && result
                        .retry_after
                        .is_none_or(|after| after <= http::LONGEST_WAIT_MS)
                {
                    let after = result
                        .retry_after
                        .unwrap_or_else(|| http::backoff_ms(round));
                    wait_ms = Some(wait_ms.map_or(after, |w| w.max(after)));
                    throttled.push(part.clone());
                } else {
                    // Answered, or throttled for longer than is waited out: the answer stands.
                    answers.insert(part.id.clone(), result.answer.clone());
                }
            }
            if expired {
                refreshed = true;
                api.tokens.token(Resource::Graph, true).await?;
            }
            if let Some(wait) = wait_ms {
                api.wait_out(wait).await;
            }
            pending = throttled;
        }
    }
    Ok(answers)
}

/// One part's answer as the batch gave it, with its `Retry-After`.
#[derive(Clone, Debug)]
pub struct Sub {
    /// The answer.
    pub answer: Answer,
    /// Its `Retry-After`, in milliseconds.
    pub retry_after: Option<f64>,
}

/// One `POST /$batch`; parts are keyed by their index so any id is safe to send.
async fn send(api: &Api, parts: &[Part]) -> Result<Map<String, Sub>> {
    let requests = parts.iter().enumerate().map(|(index, part)| {
        let id = json::text(&index.to_string());
        match &part.body {
            None => json::object([
                ("id", id),
                ("method", json::text("GET")),
                ("url", json::text(&part.url)),
            ]),
            Some(body) => json::object([
                ("id", id),
                ("method", json::text("POST")),
                ("url", json::text(&part.url)),
                (
                    "headers",
                    json::object([("Content-Type", json::text("application/json"))]),
                ),
                ("body", body.clone()),
            ]),
        }
    });
    let answer = http::post_answer(
        api,
        Resource::Graph,
        &format!("{}$batch", api.graph_root()),
        &json::object([("requests", json::array(requests))]),
    )
    .await?;
    read_batch_answer(answer)
}

/// The parts of a `$batch` answer. Graph's throttling guide says a batch with a throttled part
/// can fail whole (424 Failed Dependency) while still listing every part's answer: those answers
/// are kept, so the parts that went through are not asked again. Any other failure is the
/// batch's own error.
pub fn read_batch_answer(answer: http::Answer) -> Result<Map<String, Sub>> {
    if (200..300).contains(&answer.status) {
        return parse_batch(&answer.text);
    }
    parse_batch(&answer.text)
        .map_err(|_| http::parse_status_error(answer.status, answer.status_text, &answer.text))
}

/// The parts of a `$batch` answer by id: a malformed part is dropped alone (and logged), so it
/// reads as unanswered while the rest of the batch is kept.
pub fn parse_batch(body: &str) -> Result<Map<String, Sub>> {
    let batch = json::parse_value(body)?;
    let responses = batch
        .get("responses")
        .and_then(Get::as_array)
        .ok_or_else(|| Error::Json("the batch has no responses array".into()))?;
    let (parts, _) = json::parse_items::<RawPart>(responses, "batch part");
    Ok(parts
        .into_iter()
        .map(|part| {
            let header = |name: &str| {
                part.headers
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .map(|(_, value)| value.clone())
            };
            let sub = Sub {
                retry_after: header("retry-after").and_then(|v| http::parse_retry_after(&v)),
                answer: Answer {
                    status: part.status,
                    content_type: header("content-type"),
                    location: header("location"),
                    body: part.body,
                },
            };
            (part.id, sub)
        })
        .collect())
}

/// One part of a `$batch` answer as it comes: headers are text, the body any JSON.
struct RawPart {
    id: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl FromJson for RawPart {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        let status = f.opt_int("status")??;
        let headers = match f.value("headers") {
            None => Vec::new(),
            Some(Value::Object(headers)) => headers
                .iter()
                .map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned())))
                .collect::<Option<_>>()?,
            Some(_) => return None,
        };
        Some(Self {
            id: f.text("id")?,
            status: u16::try_from(status).ok()?,
            headers,
            body: f.value("body").cloned().unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, text: &str) -> http::Answer {
        http::Answer {
            status,
            status_text: "status text".into(),
            text: text.into(),
        }
    }

    const PARTS: &str = r#"{"responses":[
        {"id":"0","status":200,"headers":{"Content-Type":"application/json"},"body":{"id":"a"}},
        {"id":"1","status":429,"headers":{"Retry-After":"3"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}}
    ]}"#;

    #[test]
    fn a_batch_failed_whole_keeps_the_answers_it_lists() {
        let parts = read_batch_answer(answer(424, PARTS)).expect("424 with responses is read");
        assert_eq!(parts["0"].answer.status, 200);
        assert_eq!(parts["1"].answer.status, 429);
        assert_eq!(parts["1"].retry_after, Some(3_000.0));
    }

    #[test]
    fn a_batch_failed_without_answers_is_its_own_error() {
        let body = r#"{"error":{"code":"BadRequest","message":"Invalid batch payload."}}"#;
        match read_batch_answer(answer(400, body)) {
            Err(Error::Status {
                status: 400,
                code,
                message,
            }) => {
                assert_eq!(code.as_deref(), Some("BadRequest"));
                assert_eq!(message, "Invalid batch payload.");
            }
            other => panic!("expected the batch's 400, got {other:?}"),
        }
        assert!(matches!(
            read_batch_answer(answer(500, "")),
            Err(Error::Status { status: 500, .. })
        ));
    }

    #[test]
    fn a_good_batch_is_read_and_a_broken_one_is_a_json_error() {
        assert_eq!(read_batch_answer(answer(200, PARTS)).unwrap().len(), 2);
        assert!(matches!(
            read_batch_answer(answer(200, "{\"responses\":")),
            Err(Error::Json(_))
        ));
    }
}
