//! HTML as text: plain text for chat previews (tags removed, entities decoded, white space
//! folded), and a message's HTML parsed by the browser for `view::rebuild`.

use crate::view::Markup;
#[cfg(target_arch = "wasm32")]
use crate::view::MAX_DEPTH;

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

/// Parses a message's HTML with the browser's `DOMParser` into an inert document (no script runs
/// and nothing loads in it) and reads its body as [`Markup`]; elements deeper than
/// [`MAX_DEPTH`] are read as their text. `view::rebuild` then keeps only the allowlist.
#[cfg(target_arch = "wasm32")]
pub fn parse_html(html: &str) -> Vec<Markup> {
    let parsed = web_sys::DomParser::new()
        .and_then(|parser| parser.parse_from_string(html, web_sys::SupportedType::TextHtml));
    match parsed.ok().and_then(|document| document.body()) {
        Some(body) => children(&body, 0),
        None => Vec::new(),
    }
}

/// Natively, where there is no DOM (only the unit tests run there), the text alone.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_html(html: &str) -> Vec<Markup> {
    vec![Markup::Text(plain_text(html))]
}

#[cfg(target_arch = "wasm32")]
fn children(node: &web_sys::Node, depth: usize) -> Vec<Markup> {
    use wasm_bindgen::JsCast;
    let nodes = node.child_nodes();
    let mut out = Vec::with_capacity(nodes.length() as usize);
    for index in 0..nodes.length() {
        let Some(child) = nodes.item(index) else {
            continue;
        };
        match child.node_type() {
            web_sys::Node::TEXT_NODE => {
                out.push(Markup::Text(child.text_content().unwrap_or_default()))
            }
            web_sys::Node::ELEMENT_NODE if depth >= MAX_DEPTH => {
                out.push(Markup::Text(child.text_content().unwrap_or_default()));
            }
            web_sys::Node::ELEMENT_NODE => {
                let element: &web_sys::Element = child.unchecked_ref();
                let names = element.get_attribute_names();
                let attributes = names
                    .iter()
                    .filter_map(|name| name.as_string())
                    .map(|name| {
                        let value = element.get_attribute(&name).unwrap_or_default();
                        (name.to_ascii_lowercase(), value)
                    })
                    .collect();
                out.push(Markup::Element {
                    name: element.local_name().to_ascii_lowercase(),
                    attributes,
                    children: children(&child, depth + 1),
                });
            }
            // Comments, processing instructions: nothing to show.
            _ => {}
        }
    }
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
