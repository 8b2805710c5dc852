//! A message's HTML, rebuilt from an allowlist: the markup (parsed by the browser's DOMParser into
//! an inert document, see `text::markup`) becomes [`Part`]s, which can only be the elements and
//! attributes product.md §3b names. Everything else keeps only its text, or is dropped with it.
//! Pure, so a property test feeds it arbitrary trees natively.

use crate::api::graph::{Attachment, Mention};
use crate::text::Strings;

/// Markup as parsed: text, or an element with its lower-case name, attributes and children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Markup {
    /// A text node.
    Text(String),
    /// An element.
    Element {
        /// Its lower-case tag name.
        name: String,
        /// Its attributes, lower-case names.
        attributes: Vec<(String, String)>,
        /// Its children.
        children: Vec<Markup>,
    },
}

/// What a message's body shows: only these, so nothing else can reach the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text.
    Text(String),
    /// A line break.
    Break,
    /// A kept element without attributes.
    Element(Tag, Vec<Part>),
    /// A link to an `https:` or `mailto:` address, opened in a new tab without an opener.
    Link {
        /// The address.
        href: String,
        /// What it shows.
        children: Vec<Part>,
    },
    /// An image the chat hosts (`hostedContents/.../$value` of this chat under Graph's root),
    /// fetched with the Graph token and shown from a `blob:` URL.
    Image {
        /// Its hosted-content URL.
        src: String,
        /// Its description.
        alt: String,
    },
    /// A mentioned person: the tag's text, read out as the person's name.
    Mention {
        /// The tag's own text.
        text: String,
        /// The mentioned user's name, from the message's `mentions`.
        name: String,
    },
    /// A file attached by reference.
    File {
        /// Its name.
        name: String,
        /// Where it opens (`https:` only).
        url: Option<String>,
    },
    /// A quoted message.
    Quote {
        /// Who wrote it.
        sender: Option<String>,
        /// Its preview.
        preview: String,
    },
    /// An attachment only Teams shows (a card, a meeting, ...).
    TeamsOnly,
}

/// The elements a message may keep (product.md §3b), without attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    P,
    Div,
    Span,
    B,
    Strong,
    I,
    Em,
    U,
    S,
    Strike,
    Del,
    Code,
    Pre,
    Blockquote,
    Ul,
    Ol,
    Li,
    H1,
    H2,
    H3,
    Table,
    Thead,
    Tbody,
    Tr,
    Th,
    Td,
}

/// What the rebuild needs to know about the message.
pub struct Context<'a> {
    /// Graph's root as the component calls it (`https://graph.microsoft.com/v1.0/`).
    pub graph_root: &'a str,
    /// The chat's id.
    pub chat_id: &'a str,
    /// The message's mentions, for the names `<at id>` tags stand for.
    pub mentions: &'a [Mention],
    /// The message's attachments, for `<attachment id>` tags.
    pub attachments: &'a [Attachment],
    /// The mount's strings.
    pub strings: &'a Strings,
}

/// How deep markup is rebuilt; deeper elements are flattened to their text.
pub const MAX_DEPTH: usize = 32;

/// Elements dropped with everything inside them, text included.
const DROPPED: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript", "head",
    "title", "meta", "link", "base",
];

/// Rebuilds parsed markup from the allowlist.
pub fn rebuild(markup: &[Markup], context: &Context) -> Vec<Part> {
    let mut parts = Vec::new();
    for node in markup {
        rebuild_node(node, context, 0, &mut parts);
    }
    parts
}

/// A text body as parts: its lines, with breaks between them.
pub fn text_parts(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            parts.push(Part::Break);
        }
        if !line.is_empty() {
            parts.push(Part::Text(line.to_owned()));
        }
    }
    parts
}

impl Tag {
    /// The tag for an element name, when it is on the allowlist.
    pub fn of(name: &str) -> Option<Tag> {
        Some(match name {
            "p" => Tag::P,
            "div" => Tag::Div,
            "span" => Tag::Span,
            "b" => Tag::B,
            "strong" => Tag::Strong,
            "i" => Tag::I,
            "em" => Tag::Em,
            "u" => Tag::U,
            "s" => Tag::S,
            "strike" => Tag::Strike,
            "del" => Tag::Del,
            "code" => Tag::Code,
            "pre" => Tag::Pre,
            "blockquote" => Tag::Blockquote,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "table" => Tag::Table,
            "thead" => Tag::Thead,
            "tbody" => Tag::Tbody,
            "tr" => Tag::Tr,
            "th" => Tag::Th,
            "td" => Tag::Td,
            _ => return None,
        })
    }

    /// The element name it renders as.
    pub fn name(self) -> &'static str {
        match self {
            Tag::P => "p",
            Tag::Div => "div",
            Tag::Span => "span",
            Tag::B => "b",
            Tag::Strong => "strong",
            Tag::I => "i",
            Tag::Em => "em",
            Tag::U => "u",
            Tag::S => "s",
            Tag::Strike => "strike",
            Tag::Del => "del",
            Tag::Code => "code",
            Tag::Pre => "pre",
            Tag::Blockquote => "blockquote",
            Tag::Ul => "ul",
            Tag::Ol => "ol",
            Tag::Li => "li",
            Tag::H1 => "h1",
            Tag::H2 => "h2",
            Tag::H3 => "h3",
            Tag::Table => "table",
            Tag::Thead => "thead",
            Tag::Tbody => "tbody",
            Tag::Tr => "tr",
            Tag::Th => "th",
            Tag::Td => "td",
        }
    }
}

/// Whether a link may be followed: `https:` or `mailto:` only (`javascript:`, `data:`,
/// `vbscript:`, relative and protocol-relative links are refused).
pub fn safe_href(href: &str) -> bool {
    let href = href.trim();
    let lower = href
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let allowed = lower.starts_with("https://") || lower.starts_with("mailto:");
    allowed && !href.chars().any(|c| c.is_control() || c == '\\')
}

/// A chat's id as it stands in its hosted-content URLs (percent-encoded).
pub fn chat_path(chat: &str) -> String {
    crate::api::url::encode(chat)
}

/// Whether an image source is one of this chat's hosted contents under Graph's root: the only
/// image a message may make the browser ask for (with the Graph token, through `fetch`).
pub fn hosted_content(src: &str, context: &Context) -> bool {
    // Graph writes the chat's id as it is (`19:…@thread.v2`); a percent-encoded one is the same.
    let rest = [context.chat_id.to_owned(), chat_path(context.chat_id)]
        .iter()
        .find_map(|id| {
            let prefix = format!("{}chats/{id}/messages/", context.graph_root);
            src.strip_prefix(prefix.as_str()).map(str::to_owned)
        });
    let Some(rest) = rest else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    matches!(segments.as_slice(), [message, "hostedContents", id, "$value"]
        if !message.is_empty() && !id.is_empty())
        && !src.contains(['?', '#', '\\'])
        && crate::text::find(src, "/../").is_none()
}

fn rebuild_node(node: &Markup, context: &Context, depth: usize, out: &mut Vec<Part>) {
    let (name, attributes, children) = match node {
        Markup::Text(text) => {
            push_text(out, text);
            return;
        }
        Markup::Element {
            name,
            attributes,
            children,
        } => (name.as_str(), attributes, children),
    };
    if DROPPED.contains(&name) {
        return;
    }
    if depth >= MAX_DEPTH {
        push_text(out, &text_of(children));
        return;
    }
    let attribute = |key: &str| {
        attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let inner = |out: &mut Vec<Part>| {
        for child in children {
            rebuild_node(child, context, depth + 1, out);
        }
    };
    match name {
        "br" => out.push(Part::Break),
        "a" => match attribute("href").filter(|href| safe_href(href)) {
            Some(href) => {
                let mut parts = Vec::new();
                inner(&mut parts);
                out.push(Part::Link {
                    href: href.trim().to_owned(),
                    children: parts,
                });
            }
            None => inner(out),
        },
        "img" => {
            let alt = attribute("alt")
                .map(str::trim)
                .filter(|alt| !alt.is_empty())
                .unwrap_or(context.strings.image)
                .to_owned();
            match attribute("src").filter(|src| hosted_content(src, context)) {
                Some(src) => out.push(Part::Image {
                    src: src.to_owned(),
                    alt,
                }),
                None => push_text(out, &alt),
            }
        }
        "at" => {
            let name = attribute("id")
                .and_then(|id| id.trim().parse::<i64>().ok())
                .and_then(|id| context.mentions.iter().find(|m| m.id == id))
                .and_then(|m| m.user.as_ref()?.display_name.clone());
            let text = text_of(children);
            out.push(Part::Mention {
                name: name.unwrap_or_else(|| text.clone()),
                text,
            });
        }
        "attachment" => {
            let found =
                attribute("id").and_then(|id| context.attachments.iter().find(|a| a.id == id));
            if let Some(attachment) = found {
                out.push(attachment_part(attachment));
            }
        }
        "emoji" => push_text(out, attribute("alt").unwrap_or("")),
        _ => match Tag::of(name) {
            Some(tag) => {
                let mut parts = Vec::new();
                inner(&mut parts);
                out.push(Part::Element(tag, parts));
            }
            // Any other element is unwrapped: its children, under the same rules.
            None => inner(out),
        },
    }
}

/// What an attachment shows: a file, a quote, or a line saying Teams shows it.
fn attachment_part(attachment: &Attachment) -> Part {
    match attachment.content_type.as_deref() {
        Some("reference") => Part::File {
            name: attachment
                .name
                .clone()
                .unwrap_or_else(|| attachment.id.clone()),
            url: attachment
                .content_url
                .clone()
                .filter(|url| url.trim().to_ascii_lowercase().starts_with("https://")),
        },
        Some("messageReference") => {
            let content = attachment
                .content
                .as_deref()
                .and_then(|c| crate::api::json::parse_value(c).ok());
            let field = |path: &str| {
                content
                    .as_ref()
                    .and_then(|c| crate::api::json::Get::pointer(c, path))
                    .and_then(crate::api::json::Get::as_str)
                    .map(str::to_owned)
            };
            Part::Quote {
                sender: field("/messageSender/user/displayName"),
                preview: field("/messagePreview").unwrap_or_default(),
            }
        }
        _ => Part::TeamsOnly,
    }
}

fn push_text(out: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Part::Text(text.to_owned()));
    }
}

/// The text inside markup, as its text nodes hold it; dropped elements give none.
fn text_of(markup: &[Markup]) -> String {
    let mut text = String::new();
    let mut stack: Vec<&Markup> = markup.iter().rev().collect();
    while let Some(node) = stack.pop() {
        match node {
            Markup::Text(t) => text.push_str(t),
            Markup::Element { name, children, .. } => {
                if !DROPPED.contains(&name.as_str()) {
                    stack.extend(children.iter().rev());
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::Identity;
    use crate::text::EN;

    const ROOT: &str = "https://graph.microsoft.com/v1.0/";
    const CHAT: &str = "19:abc@thread.v2";

    fn el(name: &str, attributes: &[(&str, &str)], children: Vec<Markup>) -> Markup {
        Markup::Element {
            name: name.into(),
            attributes: attributes
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            children,
        }
    }

    fn text(t: &str) -> Markup {
        Markup::Text(t.into())
    }

    fn context<'a>(mentions: &'a [Mention], attachments: &'a [Attachment]) -> Context<'a> {
        Context {
            graph_root: ROOT,
            chat_id: CHAT,
            mentions,
            attachments,
            strings: &EN,
        }
    }

    #[test]
    fn kept_elements_lose_every_attribute() {
        let parts = rebuild(
            &[el(
                "p",
                &[("style", "color:red"), ("onclick", "x()"), ("class", "a")],
                vec![text("Hi "), el("b", &[("id", "x")], vec![text("there")])],
            )],
            &context(&[], &[]),
        );
        assert_eq!(
            parts,
            [Part::Element(
                Tag::P,
                vec![
                    Part::Text("Hi ".into()),
                    Part::Element(Tag::B, vec![Part::Text("there".into())])
                ]
            )]
        );
    }

    #[test]
    fn dangerous_elements_go_with_their_text_and_unknown_ones_are_unwrapped() {
        let parts = rebuild(
            &[
                el("script", &[], vec![text("alert(1)")]),
                el("style", &[], vec![text("* { background: url(x) }")]),
                el("svg", &[], vec![el("script", &[], vec![text("evil")])]),
                el("form", &[("action", "https://evil")], vec![text("kept")]),
                el("template", &[], vec![el("template", &[], vec![text("no")])]),
            ],
            &context(&[], &[]),
        );
        assert_eq!(parts, [Part::Text("kept".into())]);
    }

    #[test]
    fn links_are_https_or_mailto_only() {
        for (href, kept) in [
            ("https://contoso.com/a", true),
            ("HTTPS://contoso.com", true),
            ("mailto:ava@contoso.com", true),
            ("javascript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("data:text/html,<b>", false),
            ("vbscript:msgbox", false),
            ("http://contoso.com", false),
            ("//evil.example/x", false),
            ("/relative", false),
            ("https://evil\u{0}.example", false),
        ] {
            let parts = rebuild(
                &[el("a", &[("href", href)], vec![text("go")])],
                &context(&[], &[]),
            );
            let linked = matches!(parts.as_slice(), [Part::Link { .. }]);
            assert_eq!(linked, kept, "{href:?}: {parts:?}");
            if !kept {
                assert_eq!(parts, [Part::Text("go".into())], "the text stays");
            }
        }
    }

    #[test]
    fn images_only_from_this_chats_hosted_contents() {
        let hosted = format!("{ROOT}chats/{CHAT}/messages/17/hostedContents/aWQ9/$value");
        let encoded =
            format!("{ROOT}chats/19%3Aabc%40thread.v2/messages/18/hostedContents/aWQ9/$value");
        let other_chat = format!("{ROOT}chats/19:other/messages/17/hostedContents/aWQ9/$value");
        let parts = rebuild(
            &[
                el("img", &[("src", &hosted), ("alt", "Chart")], vec![]),
                el("img", &[("src", &encoded), ("alt", "Same")], vec![]),
                el("img", &[("src", "https://evil.example/pixel.gif")], vec![]),
                el("img", &[("src", &other_chat), ("alt", "x")], vec![]),
                el("img", &[("src", &format!("{hosted}?x=1"))], vec![]),
            ],
            &context(&[], &[]),
        );
        assert_eq!(
            parts,
            [
                Part::Image {
                    src: hosted.clone(),
                    alt: "Chart".into()
                },
                Part::Image {
                    src: encoded.clone(),
                    alt: "Same".into()
                },
                Part::Text("ImagexImage".into())
            ]
        );
    }

    #[test]
    fn mentions_attachments_and_emoji() {
        let mentions = [Mention {
            id: 0,
            text: Some("Ava".into()),
            user: Some(Identity {
                id: Some("ava".into()),
                display_name: Some("Ava Reyes".into()),
            }),
        }];
        let attachments = [
            Attachment {
                id: "f".into(),
                content_type: Some("reference".into()),
                content_url: Some("https://contoso.sharepoint.com/a.docx".into()),
                content: None,
                name: Some("a.docx".into()),
            },
            Attachment {
                id: "q".into(),
                content_type: Some("messageReference".into()),
                content_url: None,
                content: Some(
                    r#"{"messageId":"1","messagePreview":"Earlier words","messageSender":{"user":{"displayName":"Ben Ito"}}}"#
                        .into(),
                ),
                name: None,
            },
            Attachment {
                id: "c".into(),
                content_type: Some("application/vnd.microsoft.card.adaptive".into()),
                content_url: None,
                content: Some("{}".into()),
                name: None,
            },
        ];
        let parts = rebuild(
            &[
                el("at", &[("id", "0")], vec![text("Ava")]),
                el("emoji", &[("alt", "👍"), ("src", "https://x")], vec![]),
                el("attachment", &[("id", "f")], vec![]),
                el("attachment", &[("id", "q")], vec![]),
                el("attachment", &[("id", "c")], vec![]),
                el("attachment", &[("id", "missing")], vec![]),
            ],
            &context(&mentions, &attachments),
        );
        assert_eq!(
            parts,
            [
                Part::Mention {
                    text: "Ava".into(),
                    name: "Ava Reyes".into()
                },
                Part::Text("👍".into()),
                Part::File {
                    name: "a.docx".into(),
                    url: Some("https://contoso.sharepoint.com/a.docx".into())
                },
                Part::Quote {
                    sender: Some("Ben Ito".into()),
                    preview: "Earlier words".into()
                },
                Part::TeamsOnly,
            ]
        );
    }

    #[test]
    fn deep_nesting_is_flattened_to_text() {
        let mut node = text("deep");
        for _ in 0..10_000 {
            node = el("div", &[], vec![node]);
        }
        let parts = rebuild(&[node], &context(&[], &[]));
        let mut depth = 0;
        let mut level = &parts;
        while let [Part::Element(_, children)] = level.as_slice() {
            depth += 1;
            level = children;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert_eq!(level, &[Part::Text("deep".into())]);
    }

    #[test]
    fn a_text_body_keeps_its_lines() {
        assert_eq!(
            text_parts("one\ntwo"),
            [
                Part::Text("one".into()),
                Part::Break,
                Part::Text("two".into())
            ]
        );
    }
}
