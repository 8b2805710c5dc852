//! HTML to plain text, for chat previews: tags removed, entities decoded, white space folded.

/// Plain text from a message body: tags removed, entities decoded, white space folded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &tail[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{initials, names_title, EN, HOSTILE};

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>Redlines are in. <b>Clause 7</b> needs a look &amp; sign-off.</p>"),
            "Redlines are in. Clause 7 needs a look & sign-off."
        );
        assert_eq!(plain_text("<script>alert(1)</script>hi"), "alert(1) hi");
        assert_eq!(
            plain_text("a&lt;b&gt; &#39;q&#39; &#x263A; &unknown; & done"),
            "a<b> 'q' ☺ &unknown; & done"
        );
        assert_eq!(plain_text("line<br/>break"), "line break");
        assert_eq!(plain_text("<attachment id=\"x\"></attachment>"), "");
    }

    #[test]
    fn hostile_markup_becomes_inert_text() {
        assert_eq!(plain_text("<img src=x onerror=alert(1)>"), "");
        assert_eq!(
            plain_text("<a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1)>y"),
            "x y"
        );
        assert_eq!(
            plain_text("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "<script>alert(1)</script>",
            "escaped markup is decoded to text, never parsed again"
        );
        assert_eq!(plain_text("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(plain_text("data:text/html,&lt;b&gt;"), "data:text/html,<b>");
        // Bidi controls and U+FFFD are characters like any other, kept as they are.
        assert_eq!(plain_text(HOSTILE[4]), HOSTILE[4]);
        assert_eq!(plain_text("&#x202E;x&#8238;"), "\u{202E}x\u{202E}");
        assert_eq!(plain_text("\u{FFFD}"), "\u{FFFD}");
        // Entities that name no character stay as typed.
        assert_eq!(
            plain_text("&#xD800; &#x110000; &#99999999999; &#x;"),
            "&#xD800; &#x110000; &#99999999999; &#x;"
        );
    }

    #[test]
    fn ten_thousand_characters_are_kept_whole() {
        let long = "é".repeat(10_000);
        assert_eq!(plain_text(&long), long);
        assert_eq!(plain_text(&format!("<p>{long}</p>")), long);
        assert_eq!(plain_text(&"<".repeat(10_000)), "");
        assert_eq!(plain_text(&"&".repeat(10_000)), "&".repeat(10_000));
        assert_eq!(plain_text(&"&#".repeat(5_000)), "&#".repeat(5_000));
        assert_eq!(initials(&long), "É");
        let names = vec![long.clone(), "Lee".into()];
        assert_eq!(names_title(&EN, &names), format!("{long} and Lee"));
        let emoji = "😀".repeat(10_000);
        assert_eq!(plain_text(&emoji).chars().count(), 10_000);
    }
}
