//! JSON in the browser: the wasm reads and writes JSON with the browser's `JSON` object, not with
//! a parser of its own (src/api/json.rs), and Graph's timestamps with `Date.parse`. These check
//! what the host build's tests cannot: those paths, with what a server may send them.

use teams_collaborate::api::json::{self, Fields, Get, Value};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn a_body_reads_as_the_same_values_in_the_same_order() {
    let value = json::parse_value(
        r#"{"b":1,"a":[true,false,null,"x",-2.5,{"z":{}}],"c":"Ava \"A\" Reyes"}"#,
    )
    .unwrap();
    let expected = Value::Object(vec![
        ("b".into(), Value::Number(1.0)),
        (
            "a".into(),
            Value::Array(vec![
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                Value::String("x".into()),
                Value::Number(-2.5),
                Value::Object(vec![("z".into(), Value::Object(Vec::new()))]),
            ]),
        ),
        ("c".into(), Value::String("Ava \"A\" Reyes".into())),
    ]);
    assert_eq!(value, expected);
    assert_eq!(
        value.pointer("/a/0"),
        None,
        "a pointer walks object fields only"
    );
    assert_eq!(
        value.get("c").and_then(Get::as_str),
        Some("Ava \"A\" Reyes")
    );
}

#[wasm_bindgen_test]
fn a_lone_surrogate_reads_as_a_replacement_character_and_pairs_are_kept() {
    let value = json::parse_value(r#"{"topic":"a\ud800b \ud83d\ude00 \udc00"}"#).unwrap();
    assert_eq!(
        value.get("topic").and_then(Get::as_str),
        Some("a\u{FFFD}b 😀 \u{FFFD}")
    );
}

#[wasm_bindgen_test]
fn what_is_not_json_is_an_error_not_a_trap() {
    for body in ["", "{", "{\"a\":}", "<html>", "[1,]", "{'a':1}", "NaN"] {
        assert!(json::parse_value(body).is_err(), "{body:?} is not JSON");
    }
    // Deeper than any Graph answer: refused, where reading it by recursion could trap.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(json::parse_value(&deep).is_err());
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(json::parse_value(&fine).is_ok());
}

#[wasm_bindgen_test]
fn a_key_given_twice_reads_as_its_last_value() {
    let value = json::parse_value(r#"{"id":"first","id":"second"}"#).unwrap();
    assert_eq!(value.get("id").and_then(Get::as_str), Some("second"));
}

#[wasm_bindgen_test]
fn whole_numbers_read_as_integers_and_others_do_not() {
    let value =
        json::parse_value(r#"{"a":2,"b":2.5,"c":-7,"d":1e300,"e":9007199254740993}"#).unwrap();
    let fields = Fields::of(&value).unwrap();
    assert_eq!(fields.opt_int("a"), Some(Some(2)));
    assert_eq!(fields.opt_int("b"), None, "2.5 is not a whole number");
    assert_eq!(fields.opt_int("c"), Some(Some(-7)));
    assert_eq!(fields.opt_int("d"), None, "too large to be exact");
    assert_eq!(fields.opt_int("e"), None, "past 2^53 a number is not exact");
    assert_eq!(fields.opt_int("missing"), Some(None));
}

#[wasm_bindgen_test]
fn a_written_body_reads_back_as_it_was() {
    let body = json::object([
        (
            "topic",
            json::text("Renewal \"Q3\" </script> <b>é</b> 😀\n"),
        ),
        ("code", json::int(2)),
        (
            "tags",
            json::array([json::text("a"), Value::Null, Value::Bool(true)]),
        ),
    ]);
    let text = json::to_string(&body);
    assert!(
        text.contains(r#""code":2"#),
        "a whole number is written without a fraction: {text}"
    );
    assert_eq!(json::parse_value(&text).unwrap(), body);
}

#[wasm_bindgen_test]
fn graph_timestamps_are_read_by_the_browser_to_the_millisecond() {
    use teams_collaborate::text::parse_iso_millis;
    assert_eq!(
        parse_iso_millis("2021-06-05T00:31:31.2071234Z"),
        Some(1_622_853_091_207),
        "Graph's seven-digit fraction, to the millisecond"
    );
    assert_eq!(
        parse_iso_millis("2021-06-05T00:31:31.2Z"),
        Some(1_622_853_091_200)
    );
    assert_eq!(
        parse_iso_millis("2021-06-05T00:31:31Z"),
        Some(1_622_853_091_000)
    );
    assert_eq!(parse_iso_millis("1970-01-01T00:00:00Z"), Some(0));
    assert!(parse_iso_millis("0001-01-01T00:00:00Z").is_some_and(|m| m < 0));
    for bad in [
        "yesterday",
        "",
        "2021-13-05T00:31:31Z",
        "2021-06-05T00:61:00Z",
    ] {
        assert_eq!(parse_iso_millis(bad), None, "{bad:?}");
    }
}
