//! Pure JSON helpers every wire parser shares: one parse, typed readers over its [`Value`],
//! lists that drop a malformed item alone, and builders for request bodies.
//!
//! In the browser the parse and the writing are the browser's own (`JSON.parse`,
//! `JSON.stringify`): a JSON library would ship its parser in the wasm. Natively (the parser
//! tests) miniserde reads the same text into the same [`Value`].

use super::{Error, Result};
#[cfg(not(target_arch = "wasm32"))]
use std::borrow::Cow;

/// A JSON value. Numbers are JavaScript's (`f64`), objects keep their fields in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's fields, in the order they came (a key given twice keeps the last value).
    Object(Vec<(String, Value)>),
}

/// A wire type read from a JSON value; `None` when the value does not have its shape.
pub trait FromJson: Sized {
    /// Reads `value`, or `None` when it is malformed.
    fn from_json(value: &Value) -> Option<Self>;
}

/// How deep a body may nest; Graph and Dataverse answers stay under a dozen levels. Deeper is
/// refused as malformed rather than read by recursion that could run out of stack.
const MAX_DEPTH: u32 = 128;

/// Parses a response body as JSON (a lone surrogate in a string reads as U+FFFD).
pub fn parse_value(body: &str) -> Result<Value> {
    parse_text(body).ok_or_else(|| Error::Json("the body is not JSON".into()))
}

#[cfg(target_arch = "wasm32")]
fn parse_text(body: &str) -> Option<Value> {
    // JSON.parse keeps a lone surrogate, and wasm-bindgen writes it into Rust as U+FFFD.
    from_js(&js_sys::JSON::parse(body).ok()?, 0)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_text(body: &str) -> Option<Value> {
    let value = miniserde::json::from_str(&repair_lone_surrogates(body)).ok()?;
    from_miniserde(value, 0)
}

/// A JavaScript value as JSON would carry it (`None` for what JSON has no form of, and natively,
/// where no JavaScript value exists to read).
pub fn from_js_value(value: &wasm_bindgen::JsValue) -> Option<Value> {
    #[cfg(target_arch = "wasm32")]
    return from_js(value, 0);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = value;
        None
    }
}

/// A value `JSON.parse` made.
#[cfg(target_arch = "wasm32")]
fn from_js(value: &wasm_bindgen::JsValue, depth: u32) -> Option<Value> {
    use wasm_bindgen::JsCast;
    if depth > MAX_DEPTH {
        return None;
    }
    if value.is_null() {
        return Some(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Some(Value::Bool(flag));
    }
    if let Some(number) = value.as_f64() {
        return Some(Value::Number(number));
    }
    if let Some(text) = value.as_string() {
        return Some(Value::String(text));
    }
    if js_sys::Array::is_array(value) {
        let items: &js_sys::Array = value.unchecked_ref();
        return items
            .iter()
            .map(|item| from_js(&item, depth + 1))
            .collect::<Option<_>>()
            .map(Value::Array);
    }
    let object: &js_sys::Object = value.dyn_ref()?;
    js_sys::Object::keys(object)
        .iter()
        .map(|key| {
            let field = js_sys::Reflect::get(object, &key).ok()?;
            Some((key.as_string()?, from_js(&field, depth + 1)?))
        })
        .collect::<Option<_>>()
        .map(Value::Object)
}

/// A value miniserde read, as the browser would have given it.
#[cfg(not(target_arch = "wasm32"))]
fn from_miniserde(value: miniserde::json::Value, depth: u32) -> Option<Value> {
    use miniserde::json::{Number, Value as Mini};
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match value {
        Mini::Null => Value::Null,
        Mini::Bool(flag) => Value::Bool(flag),
        Mini::Number(Number::U64(n)) => Value::Number(n as f64),
        Mini::Number(Number::I64(n)) => Value::Number(n as f64),
        Mini::Number(Number::F64(n)) => Value::Number(n),
        Mini::String(text) => Value::String(text),
        Mini::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| from_miniserde(item, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Mini::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, field)| Some((key, from_miniserde(field, depth + 1)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Parses a response body as `T`.
pub fn parse<T: FromJson>(body: &str) -> Result<T> {
    T::from_json(&parse_value(body)?)
        .ok_or_else(|| Error::Json("the body has another shape".into()))
}

#[cfg(not(target_arch = "wasm32"))]
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
        Value::Object(fields) => match fields.into_iter().rfind(|(key, _)| key == "value") {
            Some((_, Value::Array(values))) => Ok(values),
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
            Value::Object(fields) => field(fields, key),
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
pub struct Fields<'a>(&'a [(String, Value)]);

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
        field(self.0, key).filter(|v| !matches!(v, Value::Null))
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
            // Whole, and below 2^53 where every integer is exact in an f64 (JSON.parse reads
            // every number as one).
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                Some(*n as i64)
            }
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
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// A JSON string.
pub fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

/// A JSON whole number.
pub fn int(value: i64) -> Value {
    Value::Number(value as f64)
}

/// A JSON array.
pub fn array(values: impl IntoIterator<Item = Value>) -> Value {
    Value::Array(values.into_iter().collect())
}

/// A JSON value as text, for a request body.
#[cfg(target_arch = "wasm32")]
pub fn to_string(value: &Value) -> String {
    js_sys::JSON::stringify(&to_js(value))
        .map(String::from)
        .unwrap_or_default()
}

/// A value as text, natively: through miniserde, as the parser tests read it back.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string(value: &Value) -> String {
    miniserde::json::to_string(&to_miniserde(value))
}

/// The field `key` of an object's fields; the last one when the key is there twice.
fn field<'a>(fields: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    fields
        .iter()
        .rev()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value)
}

#[cfg(target_arch = "wasm32")]
fn to_js(value: &Value) -> wasm_bindgen::JsValue {
    use wasm_bindgen::JsValue;
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(flag) => JsValue::from_bool(*flag),
        Value::Number(number) => JsValue::from_f64(*number),
        Value::String(text) => JsValue::from_str(text),
        Value::Array(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        Value::Object(fields) => {
            let object = js_sys::Object::new();
            for (key, field) in fields {
                let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &to_js(field));
            }
            object.into()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn to_miniserde(value: &Value) -> miniserde::json::Value {
    use miniserde::json::{Number, Value as Mini};
    match value {
        Value::Null => Mini::Null,
        Value::Bool(flag) => Mini::Bool(*flag),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Mini::Number(Number::I64(*n as i64))
        }
        Value::Number(n) => Mini::Number(Number::F64(*n)),
        Value::String(text) => Mini::String(text.clone()),
        Value::Array(items) => Mini::Array(items.iter().map(to_miniserde).collect()),
        Value::Object(fields) => Mini::Object(
            fields
                .iter()
                .map(|(key, field)| (key.clone(), to_miniserde(field)))
                .collect(),
        ),
    }
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
#[cfg(not(target_arch = "wasm32"))]
fn surrogate_at(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    let unit = u16::from_str_radix(hex, 16).ok()?;
    (0xD800..=0xDFFF).contains(&unit).then_some(unit)
}

// The repair and miniserde are the host build's; the browser's path is tests/browser/json.rs.
#[cfg(all(test, not(target_arch = "wasm32")))]
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
        assert!(
            miniserde::json::from_str::<miniserde::json::Value>(r#"{"topic":"x\ud800y"}"#).is_err()
        );
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
