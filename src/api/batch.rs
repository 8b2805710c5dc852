//! `POST /$batch`: at most 20 requests a batch; a throttled part is retried alone after the
//! largest `Retry-After` among the throttled ones, and the rest of the batch is kept; a part
//! answering 401 is retried once after a forced token refresh.

use super::{http, json, Api, Resource, Result};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The most requests Graph takes in one batch.
pub const MAX_PARTS: usize = 20;
/// How many rounds a throttled part is retried.
const RETRY_ROUNDS: u32 = 3;

/// One request of a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The caller's key for the answer.
    pub id: String,
    /// The URL relative to Graph's root, e.g. `/me`.
    pub url: String,
    /// GET, or POST with a JSON body.
    pub body: Option<serde_json::Value>,
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
    pub fn post(id: String, url: String, body: serde_json::Value) -> Self {
        Self {
            id,
            url,
            body: Some(body),
        }
    }
}

/// One part's answer.
#[derive(Clone, Debug, PartialEq)]
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

/// Runs the parts, 20 to a batch, and answers each by id.
pub async fn run(api: &Api, parts: Vec<Part>) -> Result<HashMap<String, Answer>> {
    let mut answers = HashMap::new();
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
                } else if matches!(result.answer.status, 429 | 503) && round <= RETRY_ROUNDS {
                    let after = result
                        .retry_after
                        .unwrap_or_else(|| http::backoff_ms(round));
                    wait_ms = Some(wait_ms.map_or(after, |w| w.max(after)));
                    throttled.push(part.clone());
                } else {
                    answers.insert(part.id.clone(), result.answer.clone());
                }
            }
            if expired {
                refreshed = true;
                api.tokens.token(Resource::Graph, true).await?;
            }
            if let Some(wait) = wait_ms {
                http::sleep(wait).await;
            }
            pending = throttled;
        }
    }
    Ok(answers)
}

/// One part's answer as the batch gave it, with its `Retry-After`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sub {
    /// The answer.
    pub answer: Answer,
    /// Its `Retry-After`, in milliseconds.
    pub retry_after: Option<f64>,
}

/// One `POST /$batch`; parts are keyed by their index so any id is safe to send.
async fn send(api: &Api, parts: &[Part]) -> Result<HashMap<String, Sub>> {
    let requests: Vec<Value> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| match &part.body {
            None => json!({ "id": index.to_string(), "method": "GET", "url": part.url }),
            Some(body) => json!({
                "id": index.to_string(), "method": "POST", "url": part.url,
                "headers": { "Content-Type": "application/json" }, "body": body,
            }),
        })
        .collect();
    let body = http::post(
        api,
        Resource::Graph,
        &format!("{}$batch", api.graph_root()),
        &json!({ "requests": requests }),
    )
    .await?;
    parse_batch(&body)
}

/// The parts of a `$batch` answer by id: a malformed part is dropped alone (and logged), so it
/// reads as unanswered while the rest of the batch is kept.
pub fn parse_batch(body: &str) -> Result<HashMap<String, Sub>> {
    #[derive(Deserialize)]
    struct Raw {
        responses: Vec<Value>,
    }
    #[derive(Deserialize)]
    struct RawPart {
        id: String,
        status: u16,
        #[serde(default)]
        headers: HashMap<String, String>,
        #[serde(default)]
        body: Value,
    }
    let raw: Raw = json::parse(body)?;
    let (parts, _) = json::parse_items::<RawPart>(raw.responses, "batch part");
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
