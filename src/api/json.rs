//! Pure JSON helpers every wire parser shares: lone surrogates made harmless, one parse that maps
//! errors to [`Error::Json`], and lists that drop a malformed item alone.

use super::{Error, Result};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;

/// Parses a response body as `T`, after [`repair_lone_surrogates`].
pub fn parse<T: DeserializeOwned>(body: &str) -> Result<T> {
    serde_json::from_str(&repair_lone_surrogates(body)).map_err(|e| Error::Json(e.to_string()))
}

/// Rewrites each `\uD800`–`\uDFFF` escape that is not half of a high-low pair to `\uFFFD`.
///
/// serde_json refuses a lone surrogate, so one chat topic holding one would fail a whole page.
/// Pairs are kept, and `\\u` (an escaped backslash, then `u`) is left alone. Text without a
/// `\u` followed by `d` or `D` is returned as it is, without copying.
pub fn repair_lone_surrogates(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let maybe = bytes
        .windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && (w[2] | 0x20) == b'd');
    if !maybe {
        return Cow::Borrowed(text);
    }
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\` and the character after it belong together, whatever that is.
        match surrogate_at(bytes, i) {
            Some(0xD800..=0xDBFF)
                if surrogate_at(bytes, i + 6).is_some_and(|low| low >= 0xDC00) =>
            {
                i += 12;
            }
            Some(_) => {
                let out = out.get_or_insert_with(|| bytes.to_vec());
                out[i..i + 6].copy_from_slice(b"\\uFFFD");
                i += 6;
            }
            None => i += 2,
        }
    }
    match out {
        // Only ASCII escapes were replaced by ASCII of the same length: still UTF-8.
        Some(out) => Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned())),
        None => Cow::Borrowed(text),
    }
}

/// Deserializes each value on its own: a malformed one is dropped (counted and logged), never
/// the list. `what` names the item in the log, e.g. "chat".
pub fn parse_items<T: DeserializeOwned>(values: Vec<Value>, what: &str) -> (Vec<T>, usize) {
    let mut dropped = 0;
    let items = values
        .into_iter()
        .filter_map(|value| match serde_json::from_value::<T>(value) {
            Ok(item) => Some(item),
            Err(error) => {
                dropped += 1;
                log(&format!(
                    "teams-collaborate: dropped a malformed {what}: {error}"
                ));
                None
            }
        })
        .collect();
    (items, dropped)
}

/// The `value` array of an OData collection body; a body without one is an error.
pub fn parse_collection(body: &str) -> Result<Vec<Value>> {
    #[derive(serde::Deserialize)]
    struct Raw {
        value: Vec<Value>,
    }
    parse::<Raw>(body).map(|raw| raw.value)
}

/// A malformed answer from a server must not go unnoticed by a developer.
pub fn log(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = message;
}

/// The code unit of a `\uXXXX` escape at `at` when it is a surrogate.
fn surrogate_at(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    let unit = u16::from_str_radix(hex, 16).ok()?;
    (0xD800..=0xDFFF).contains(&unit).then_some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> String {
        repair_lone_surrogates(text).into_owned()
    }

    #[test]
    fn pairs_are_kept() {
        let text = r#"{"topic":"\ud83d\ude00 \uD83D\uDE00"}"#;
        assert!(matches!(repair_lone_surrogates(text), Cow::Borrowed(_)));
        assert_eq!(repaired(text), text);
        let topic: Value = parse(text).unwrap();
        assert_eq!(topic["topic"], "😀 😀");
    }

    #[test]
    fn lone_halves_become_replacement_characters() {
        assert_eq!(repaired(r#""a\ud800b""#), r#""a\uFFFDb""#);
        assert_eq!(repaired(r#""a\uDC00b""#), r#""a\uFFFDb""#);
        assert_eq!(
            repaired(r#""\udc00\ud800""#),
            r#""\uFFFD\uFFFD""#,
            "reversed pair"
        );
        assert_eq!(
            repaired(r#""\ud800\ud800\udc00""#),
            r#""\uFFFD\ud800\udc00""#
        );
        assert_eq!(repaired(r#""\ud800\u0041""#), r#""\uFFFD\u0041""#);
    }

    #[test]
    fn at_the_end_of_the_text() {
        assert_eq!(repaired(r#""x\ud800""#), r#""x\uFFFD""#);
        assert_eq!(repaired(r#"\ud800"#), r#"\uFFFD"#);
        assert_eq!(
            repaired(r#"\ud80"#),
            r#"\ud80"#,
            "a cut escape is left for serde"
        );
        assert_eq!(repaired(r#"\ud800\udc0"#), r#"\uFFFD\udc0"#);
    }

    #[test]
    fn an_escaped_backslash_is_not_an_escape() {
        let text = r#"{"a":"\\ud800","b":"\\\\ud800"}"#;
        assert!(matches!(repair_lone_surrogates(text), Cow::Borrowed(_)));
        assert_eq!(repaired(r#""\\\ud800""#), r#""\\\uFFFD""#);
    }

    #[test]
    fn a_lone_surrogate_no_longer_fails_the_parse() {
        let topic: Value = parse(r#"{"topic":"x\ud800y"}"#).unwrap();
        assert_eq!(topic["topic"], "x\u{FFFD}y");
        assert!(serde_json::from_str::<Value>(r#"{"topic":"x\ud800y"}"#).is_err());
    }

    #[test]
    fn non_ascii_text_around_escapes_survives() {
        assert_eq!(repaired("\"é\\udc00ü\""), "\"é\\uFFFDü\"");
    }

    #[test]
    fn a_malformed_item_is_dropped_alone() {
        let values = vec![Value::from("a"), Value::from(1), Value::from("b")];
        let (items, dropped) = parse_items::<String>(values, "name");
        assert_eq!((items, dropped), (vec!["a".to_owned(), "b".to_owned()], 1));
    }
}
