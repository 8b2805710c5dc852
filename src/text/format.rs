//! Plain-text helpers rows and messages are built with: names, initials, bidi isolation, times.

use super::Strings;

/// `rtl` for the languages written right to left, else `ltr`.
pub fn direction(locale: &str) -> &'static str {
    match primary(locale).as_str() {
        "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "iw" | "ks" | "ps" | "sd" | "ug" | "ur"
        | "yi" => "rtl",
        _ => "ltr",
    }
}

pub(super) fn primary(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Fills `{name}` in a string.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    replace_all(template, &format!("{{{key}}}"), value)
}

/// Where `needle` first starts in `haystack`, by a plain scan: the texts searched are short (a
/// template, a user agent, a name, a message being written), and the standard library's
/// two-way searcher behind `str::find` costs the wasm 1 KB gzipped.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // A match of whole UTF-8 sequences starts on a character boundary.
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// `text` with every `from` replaced by `to`, left to right (as `str::replace`, by [`find`]);
/// an empty `from` leaves it as it is.
pub fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(&rest[..at]);
        out.push_str(to);
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Lower case, for matching names: the browser's on the web, Rust's natively (where the unit
/// tests run). Both follow Unicode's default case mapping; Rust's tables would add 15 KB gzipped
/// to the wasm.
pub fn lower(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(text).to_lower_case());
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

/// Upper case, like [`lower`].
pub fn upper(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(text).to_upper_case());
    #[cfg(not(target_arch = "wasm32"))]
    text.to_uppercase()
}

/// One or two initials from a name, in any script.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| starts_alphanumeric(w))
        .collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| upper(c.encode_utf8(&mut [0; 4])))
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => "?".into(),
        [only] => first(only),
        [head, .., last] => first(head) + &first(last),
    }
}

/// Whether a word starts with a letter or digit (Unicode's Alphabetic or Numeric, as
/// `char::is_alphanumeric`): the browser's tables on the web, Rust's natively, like [`lower`];
/// Rust's would add 2 KB gzipped to the wasm.
fn starts_alphanumeric(word: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            static FIRST: js_sys::RegExp = js_sys::RegExp::new(r"^[\p{Alphabetic}\p{N}]", "u");
        }
        FIRST.with(|first| first.test(word))
    }
    #[cfg(not(target_arch = "wasm32"))]
    word.chars().next().is_some_and(char::is_alphanumeric)
}

/// `text` as is, or wrapped in first-strong isolate … pop directional isolate when it holds
/// explicit bidi controls, so an override inside one name cannot reorder the text around it.
pub fn isolate(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        format!("\u{2068}{text}\u{2069}").into()
    } else {
        text.into()
    }
}

/// The most members Graph expands on a chat (`$expand=members`): a list this long may have been
/// cut short, so its length is no count.
pub const EXPANDED_MEMBERS: usize = 25;

/// A list of names as a title: "A, B and C", or "A, B, C and 2 more" past three.
pub fn names_title(t: &Strings, names: &[String]) -> String {
    names_title_of(t, names, false)
}

/// [`names_title`], saying "and others" past three when the list may be cut short.
pub fn names_title_of(t: &Strings, names: &[String], cut_short: bool) -> String {
    let names: Vec<String> = names.iter().map(|n| isolate(n).into_owned()).collect();
    let names = names.as_slice();
    match names {
        [] => t.chat.into(),
        [one] => one.clone(),
        [a, b] => format!("{a}{}{b}", t.and),
        [a, b, c] => format!("{a}, {b}{}{c}", t.and),
        [a, b, c, rest @ ..] => format!(
            "{a}, {b}, {c}{}{}",
            t.and,
            if cut_short {
                t.others.to_owned()
            } else {
                fill(t.more, "n", &rest.len().to_string())
            }
        ),
    }
}

/// Milliseconds since the epoch of an ISO 8601 UTC timestamp as Graph writes them, read by the
/// browser's `Date.parse` (which takes Graph's seven-digit fractions to the millisecond).
#[cfg(target_arch = "wasm32")]
pub fn parse_iso_millis(value: &str) -> Option<i64> {
    let millis = js_sys::Date::parse(value);
    millis.is_finite().then_some(millis as i64)
}

/// Natively, where there is no `Date` (the unit tests), the same reading by hand.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_iso_millis(value: &str) -> Option<i64> {
    let value = value.strip_suffix('Z').unwrap_or(value);
    let (date, time) = value.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next()??, t.next()??);
    // Bounded fields keep the arithmetic below from overflowing on a hostile timestamp.
    let in_range = (0..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&day)
        && (0..=23).contains(&h)
        && (0..=59).contains(&min)
        && (0..=60).contains(&s);
    if !in_range {
        return None;
    }
    // By characters: a byte slice could split one and panic.
    let digits: String = fraction.chars().take(3).collect();
    let millis: i64 = format!("{digits:0<3}").parse().ok()?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + min) * 60_000 + s * 1000 + millis)
}

/// The value and unit `Intl.RelativeTimeFormat` should say for a time `delta_ms` ago: under a
/// minute is "now" (a count of seconds would change under the reader's eyes), and clock skew
/// reads as now too.
pub fn relative_parts(delta_ms: i64) -> (i64, &'static str) {
    const UNITS: [(i64, &str); 6] = [
        (60, "minute"),
        (3_600, "hour"),
        (86_400, "day"),
        (7 * 86_400, "week"),
        (30 * 86_400, "month"),
        (365 * 86_400, "year"),
    ];
    let seconds = delta_ms.max(0) / 1000;
    let mut found = (0, "second");
    for (size, unit) in UNITS {
        if seconds >= size {
            found = (seconds / size, unit);
        }
    }
    (-found.0, found.1)
}

/// "5 minutes ago" in the mount's language, through `Intl.RelativeTimeFormat` (the browser's).
pub fn relative_time(millis: i64, locale: &str) -> String {
    let now = js_sys::Date::now() as i64;
    let (value, unit) = relative_parts(now - millis);
    let locales = js_sys::Array::of1(&locale.into());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
    String::from(format.format(value as f64, unit))
}

/// The exact time, for `<time datetime>`.
pub fn iso_time(millis: i64) -> String {
    String::from(js_sys::Date::new(&(millis as f64).into()).to_iso_string())
}

/// The exact date and time in the mount's language, for a hover (`Date.toLocaleString`).
pub fn local_time(millis: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&(millis as f64).into());
    String::from(date.to_locale_string(locale, &js_sys::Object::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{EN, HOSTILE};

    #[test]
    fn a_bidi_override_stays_inside_its_name() {
        let evil = "\u{202E}evil".to_owned();
        let title = names_title(&EN, &[evil.clone(), "Bob".into()]);
        assert_eq!(title, "\u{2068}\u{202E}evil\u{2069} and Bob");
        assert_eq!(isolate("plain"), "plain");
        assert_eq!(
            isolate("نور الهدى"),
            "نور الهدى",
            "right-to-left text alone is not wrapped"
        );
    }

    #[test]
    fn initials_in_any_script() {
        assert_eq!(initials("Ava Reyes"), "AR");
        assert_eq!(initials("Johanna Lorenz-Müller"), "JL");
        assert_eq!(initials("Madonna"), "M");
        assert_eq!(initials("山田 花子"), "山花");
        assert_eq!(initials("نور الهدى"), "نا");
        assert_eq!(initials("  émile   zola "), "ÉZ");
        assert_eq!(initials(""), "?");
        assert_eq!(initials("(contractor) Lee Gu"), "LG");
        // The same answers the browser gives (tests/browser/look.rs).
        assert_eq!(initials("٣ نور"), "٣ن");
        assert_eq!(initials("— · …"), "?");
        assert_eq!(initials("Ⅻ Ωmega"), "ⅫΩ");
    }

    #[test]
    fn titles_from_names() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(names_title(&EN, &names(&["Alex"])), "Alex");
        assert_eq!(names_title(&EN, &names(&["Alex", "Lee"])), "Alex and Lee");
        assert_eq!(names_title(&EN, &names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(
            names_title(&EN, &names(&["A", "B", "C", "D", "E"])),
            "A, B, C and 2 more"
        );
    }

    #[test]
    fn hostile_names_give_plain_initials_and_verbatim_titles() {
        for name in HOSTILE {
            let got = initials(name);
            assert!(
                got == "?" || got.chars().all(char::is_alphanumeric),
                "{name:?} gave {got:?}"
            );
        }
        assert_eq!(
            initials("\u{202E}Ava Reyes"),
            "R",
            "a bidi override is no initial"
        );
        assert_eq!(initials("<img src=x onerror=alert(1)>"), "SO");
        let names: Vec<String> = HOSTILE.iter().map(|n| n.to_string()).collect();
        let title = names_title(&EN, &names);
        assert!(title.starts_with("<script>alert(1)</script>, <img src=x onerror=alert(1)>, "));
        assert!(title.ends_with(" and 3 more"));
    }

    #[test]
    fn hostile_timestamps_read_as_no_time() {
        for value in [
            "2021-06-05T00:31:31.12éZ",
            "2021-06-05T00:31:31.éZ",
            "99999999999999999-01-01T00:00:00Z",
            "2021-06-05T00:31:9223372036854775807Z",
            "-9223372036854775808-01-01T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "<script>alert(1)</script>",
            "\u{202E}2021-06-05T00:31:31Z",
            "",
        ] {
            assert_eq!(parse_iso_millis(value), None, "{value:?}");
        }
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.2Z"),
            Some(1_622_853_091_200)
        );
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.2071234Z"),
            Some(1_622_853_091_207)
        );
    }

    #[test]
    fn iso_timestamps() {
        assert_eq!(parse_iso_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.207Z"),
            Some(1_622_853_091_207)
        );
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31Z"),
            Some(1_622_853_091_000)
        );
        assert_eq!(
            parse_iso_millis("0001-01-01T00:00:00Z").map(|m| m < 0),
            Some(true)
        );
        assert_eq!(parse_iso_millis("yesterday"), None);
    }

    #[test]
    fn relative_units() {
        assert_eq!(relative_parts(5_000), (0, "second"), "now");
        assert_eq!(relative_parts(6 * 60_000), (-6, "minute"));
        assert_eq!(relative_parts(26 * 3_600_000), (-1, "day"));
        assert_eq!(relative_parts(9 * 86_400_000), (-1, "week"));
        assert_eq!(relative_parts(40 * 86_400_000), (-1, "month"));
        assert_eq!(relative_parts(400 * 86_400_000), (-1, "year"));
        assert_eq!(relative_parts(-5_000).0, 0, "clock skew reads as now");
    }
}
