//! Pure JSON helpers every wire parser shares: one parse (miniserde, chosen for its size in the
//! wasm) after lone surrogates are made harmless, typed readers over its [`Value`], lists that
//! drop a malformed item alone, and builders for request bodies.

use super::{Error, Result};
pub use miniserde::json::Value;
use miniserde::json::{Array, Number, Object};
use std::borrow::Cow;

/// A wire type read from a JSON value; `None` when the value does not have its shape.
pub trait FromJson: Sized {
    /// Reads `value`, or `None` when it is malformed.
    fn from_json(value: &Value) -> Option<Self>;
}

/// Parses a response body as JSON, after [`repair_lone_surrogates`].
pub fn parse_value(body: &str) -> Result<Value> {
    miniserde::json::from_str(&repair_lone_surrogates(body))
        .map_err(|_| Error::Json("the body is not JSON".into()))
}

/// Parses a response body as `T`.
pub fn parse<T: FromJson>(body: &str) -> Result<T> {
    T::from_json(&parse_value(body)?)
        .ok_or_else(|| Error::Json("the body has another shape".into()))
}

/// Rewrites each `\uD800`–`\uDFFF` escape that is not half of a high-low pair to `\uFFFD`.
///
/// The JSON parser refuses a lone surrogate, so one chat topic holding one would fail a whole page.
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

/// Reads each value on its own: a malformed one is dropped (counted and logged), never the list.
/// `what` names the item in the log, e.g. "chat".
pub fn parse_items<T: FromJson>(values: &[Value], what: &str) -> (Vec<T>, usize) {
    let items: Vec<T> = values.iter().filter_map(T::from_json).collect();
    let dropped = values.len() - items.len();
    if dropped > 0 {
        log(&format!(
            "teams-collaborate: dropped {dropped} malformed {what}(s)"
        ));
    }
    (items, dropped)
}

/// The `value` array of an OData collection body; a body without one is an error.
pub fn parse_collection(body: &str) -> Result<Vec<Value>> {
    match parse_value(body)? {
        Value::Object(mut object) => match object.remove("value") {
            Some(Value::Array(values)) => Ok(values.into_iter().collect()),
            _ => Err(Error::Json("the collection has no value array".into())),
        },
        _ => Err(Error::Json("the collection is not an object".into())),
    }
}

/// Reading a JSON value without caring for its type: `None` on any mismatch.
pub trait Get {
    /// A field of an object.
    fn get(&self, key: &str) -> Option<&Value>;
    /// The value as text.
    fn as_str(&self) -> Option<&str>;
    /// The value as an array.
    fn as_array(&self) -> Option<&[Value]>;
    /// The value at a `/`-separated path of object fields, e.g. `/error/message`.
    fn pointer(&self, path: &str) -> Option<&Value>;
}

impl Get for Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(object) => object.get(key),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(values) => Some(values),
            _ => None,
        }
    }

    fn pointer(&self, path: &str) -> Option<&Value> {
        path.split('/')
            .skip(1)
            .try_fold(self, |value, key| value.get(key))
    }
}

/// The fields of one JSON object, read strictly: a field of the wrong type makes its getter
/// `None`, so the item is malformed; a missing or null optional field is `Some(None)`.
pub struct Fields<'a>(&'a Object);

impl<'a> Fields<'a> {
    /// The fields of `value`, when it is an object.
    pub fn of(value: &'a Value) -> Option<Self> {
        match value {
            Value::Object(object) => Some(Self(object)),
            _ => None,
        }
    }

    /// A field that is present and not null.
    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// An optional field read by `read`; `None` when it is there but `read` refuses it.
    pub fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.value(key) {
            None => Some(None),
            Some(value) => read(value).map(Some),
        }
    }

    /// A required text field.
    pub fn text(&self, key: &str) -> Option<String> {
        self.value(key).and_then(Get::as_str).map(str::to_owned)
    }

    /// An optional text field.
    pub fn opt_text(&self, key: &str) -> Option<Option<String>> {
        self.opt(key, |v| v.as_str().map(str::to_owned))
    }

    /// An optional true or false.
    pub fn opt_flag(&self, key: &str) -> Option<Option<bool>> {
        self.opt(key, |v| match v {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        })
    }

    /// An optional whole number.
    pub fn opt_int(&self, key: &str) -> Option<Option<i64>> {
        self.opt(key, |v| match v {
            Value::Number(Number::U64(n)) => i64::try_from(*n).ok(),
            Value::Number(Number::I64(n)) => Some(*n),
            _ => None,
        })
    }

    /// A list of `T` (absent or null reads as empty); one malformed item fails the field.
    pub fn list<T: FromJson>(&self, key: &str) -> Option<Vec<T>> {
        self.opt(key, |v| v.as_array()?.iter().map(T::from_json).collect())
            .map(Option::unwrap_or_default)
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

/// A JSON object from its fields, for request bodies.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    object_of(Vec::from(fields))
}

/// The body of `object`, kept out of its per-length copies: inserting one field at a time
/// reuses the map's own insert, where collecting would add a sort for each length. Also for
/// objects whose fields depend on the data.
pub fn object_of(fields: Vec<(&str, Value)>) -> Value {
    let mut object = Object::new();
    for (key, value) in fields {
        object.insert(key.to_owned(), value);
    }
    Value::Object(object)
}

/// A JSON string.
pub fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

/// A JSON whole number.
pub fn int(value: i64) -> Value {
    Value::Number(Number::I64(value))
}

/// A JSON array.
pub fn array(values: impl IntoIterator<Item = Value>) -> Value {
    Value::Array(values.into_iter().collect::<Array>())
}

/// A JSON value as text, for a request body.
pub fn to_string(value: &Value) -> String {
    miniserde::json::to_string(value)
}

/// Test values written with `serde_json::json!`, as this module's [`Value`]s.
#[cfg(test)]
pub fn values(list: Vec<serde_json::Value>) -> Vec<Value> {
    list.iter()
        .map(|value| parse_value(&value.to_string()).expect("serde_json writes JSON"))
        .collect()
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
        let topic = parse_value(text).unwrap();
        assert_eq!(topic.pointer("/topic").and_then(Get::as_str), Some("😀 😀"));
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
            "a cut escape is left for the parser"
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
        let topic = parse_value(r#"{"topic":"x\ud800y"}"#).unwrap();
        assert_eq!(topic.get("topic").and_then(Get::as_str), Some("x\u{FFFD}y"));
        assert!(miniserde::json::from_str::<Value>(r#"{"topic":"x\ud800y"}"#).is_err());
    }

    #[test]
    fn non_ascii_text_around_escapes_survives() {
        assert_eq!(repaired("\"é\\udc00ü\""), "\"é\\uFFFDü\"");
    }

    #[test]
    fn a_malformed_item_is_dropped_alone() {
        let values = [text("a"), int(1), text("b")];
        let (items, dropped) = parse_items::<String>(&values, "name");
        assert_eq!((items, dropped), (vec!["a".to_owned(), "b".to_owned()], 1));
    }

    #[test]
    fn fields_are_read_strictly() {
        let value = parse_value(r#"{"a":"x","b":null,"c":5,"d":true,"e":[1],"f":-2}"#).unwrap();
        let fields = Fields::of(&value).unwrap();
        assert_eq!(fields.text("a").as_deref(), Some("x"));
        assert_eq!(fields.text("b"), None, "null is not text");
        assert_eq!(fields.opt_text("b"), Some(None));
        assert_eq!(fields.opt_text("missing"), Some(None));
        assert_eq!(fields.opt_text("c"), None, "a number is not text");
        assert_eq!(fields.opt_int("c"), Some(Some(5)));
        assert_eq!(fields.opt_int("f"), Some(Some(-2)));
        assert_eq!(fields.opt_int("a"), None);
        assert_eq!(fields.opt_flag("d"), Some(Some(true)));
        assert_eq!(
            fields.list::<String>("e"),
            None,
            "one bad item fails the list"
        );
        assert_eq!(fields.list::<String>("missing"), Some(Vec::new()));
        assert!(Fields::of(&text("x")).is_none());
    }

    #[test]
    fn bodies_are_written_as_json() {
        let body = object([
            ("id", text("19:a\"b")),
            ("state", int(0)),
            ("ids", array([text("x")])),
        ]);
        assert_eq!(
            to_string(&body),
            r#"{"id":"19:a\"b","ids":["x"],"state":0}"#
        );
    }

    #[test]
    fn a_collection_needs_its_value_array() {
        assert_eq!(parse_collection(r#"{"value":[1,2]}"#).unwrap().len(), 2);
        assert!(parse_collection(r#"{"value":{}}"#).is_err());
        assert!(parse_collection("[]").is_err());
        assert!(parse_collection("{").is_err());
    }
}
