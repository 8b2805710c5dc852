//! One message of a conversation: its author and time (first of a group), its body rebuilt from
//! the allowlist (never injected), "Edited", its delivery, its reactions, and React and Edit.
//! A component so that a message renders again only when it changes (its HTML is parsed once).

use crate::hooks::use_effect_on;
use crate::hooks::use_session;
use crate::state::Delivery;
use crate::text;
use crate::view::{self, Body, MessageRow, Part, REACTIONS};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What every message of a conversation shares.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageContext {
    /// Graph's root as the component calls it.
    pub graph_root: String,
    /// The chat's id.
    pub chat_id: String,
    /// The chat's Teams link, for content only Teams shows.
    pub teams_url: Option<String>,
}

/// Props of [`MessageItem`].
#[derive(Properties, PartialEq)]
pub struct MessageItemProps {
    /// What to show.
    pub row: MessageRow,
    /// What every message shares.
    pub context: Rc<MessageContext>,
    /// The author's photo, a `data:` URL.
    pub photo: Option<String>,
    /// Hosted images fetched so far: their URL and `blob:` URL.
    pub images: Rc<Vec<(String, Option<String>)>>,
    /// Asks for a hosted image.
    pub on_image: Callback<String>,
    /// Adds (`true`) or takes back a reaction: (message, emoji, on).
    pub on_react: Callback<(String, String, bool)>,
    /// Saves an edit of the user's own message: (message, new text).
    /// Saves an edit: the message, its new text, and what to call with whether it was saved.
    pub on_edit: Callback<(String, String, Callback<bool>)>,
    /// Sends a message that was not sent again.
    pub on_retry: Callback<u32>,
}

/// A message.
#[function_component(MessageItem)]
pub fn message_item(props: &MessageItemProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let row = &props.row;
    let picking = use_state(bool::default);
    let editing = use_state(Option::<String>::default);
    let parts = {
        let (body, context) = (row.body.clone(), props.context.clone());
        let (mentions, attachments) = (row.mentions.clone(), row.attachments.clone());
        use_memo(body, move |body| match body {
            Body::Html(html) => view::rebuild(
                &text::parse_html(html),
                &view::Context {
                    graph_root: &context.graph_root,
                    chat_id: &context.chat_id,
                    mentions: &mentions,
                    attachments: &attachments,
                    strings: t,
                },
            ),
            Body::Text(plain) => view::text_parts(plain),
            _ => Vec::new(),
        })
    };
    {
        // Hosted images are fetched (with the Graph token) once they are to be shown.
        let (parts, images, on_image) =
            (parts.clone(), props.images.clone(), props.on_image.clone());
        use_effect_on(parts, move |parts| {
            let mut wanted = Vec::new();
            hosted(parts, &mut wanted);
            for src in wanted {
                if !images.iter().any(|(s, _)| *s == src) {
                    on_image.emit(src);
                }
            }
        });
    }
    if let Body::System(words) = &row.body {
        return html! { <article class="tc-msg tc-msg-system" tabindex="-1" data-key={row.key.clone()}>{ words.clone() }</article> };
    }
    let name = row
        .author
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let head = row.header.then(|| {
        let avatar = match &props.photo {
            Some(photo) => html! { <img class="tc-avatar-img" src={photo.clone()} alt="" /> },
            None => html! { <span class="tc-avatar-initials">{ text::initials(&name) }</span> },
        };
        let time = row.time.map(|millis| html! {
            <time datetime={text::iso_time(millis)} title={text::local_time(millis, &session.locale)}>
                { text::relative_time(millis, &session.locale) }</time>
        });
        html! {
            <div class="tc-msg-head">
                <span class="tc-avatar tc-msg-avatar" aria-hidden="true">{ avatar }</span>
                <span class="tc-msg-author">{ name.clone() }</span>{ for time }
            </div>
        }
    });
    let body = match (&row.body, &*editing) {
        (_, Some(draft)) => edit_box(row, draft, &editing, &props.on_edit, t),
        (Body::Deleted, _) => html! { <p class="tc-muted">{ t.deleted_message }</p> },
        _ => {
            html! { <div class="tc-msg-body" dir="auto">{ render(&parts, &props.images, &props.context, t) }</div> }
        }
    };
    html! {
        <article ~className={super::class(&["tc-msg", if row.own { "tc-own" } else { "" }, if row.header { "tc-msg-first" } else { "" }])}
            tabindex="-1" data-key={row.key.clone()}>
            { for head }
            if !row.header { <span class="tc-sr">{ name.clone() }</span> }
            { body }
            if row.edited { <span class="tc-msg-edited">{ t.edited }</span> }
            { delivery(row, &props.on_retry, t) }
            { reactions(row, &props.on_react, t) }
            if row.id.is_some() && !matches!(row.body, Body::Deleted) && editing.is_none() {
                { actions(row, &picking, &editing, &props.on_react, t) }
            }
        </article>
    }
}

/// "Sending…", or "Not sent" with Retry.
fn delivery(row: &MessageRow, on_retry: &Callback<u32>, t: &text::Strings) -> Html {
    match (row.delivery, row.local) {
        (Delivery::Sending, _) => {
            html! { <span class="tc-msg-state" role="status">{ t.sending }</span> }
        }
        (Delivery::NotSent, Some(local)) => html! {
            <span class="tc-msg-state tc-msg-failed" role="alert">{ t.not_sent }
                <button type="button" class="tc-retry" onclick={on_retry.reform(move |_: MouseEvent| local)}>{ t.retry }</button>
            </span>
        },
        _ => Html::default(),
    }
}

/// Each emoji with its count; pressing one the user gave takes it back, another adds theirs.
fn reactions(
    row: &MessageRow,
    on_react: &Callback<(String, String, bool)>,
    t: &text::Strings,
) -> Html {
    let Some(id) = row.id.clone().filter(|_| !row.reactions.is_empty()) else {
        return Html::default();
    };
    let items = row.reactions.iter().map(|summary| {
        let (id, emoji, on) = (id.clone(), summary.emoji.clone(), !summary.mine);
        let onclick = on_react.reform(move |_: MouseEvent| (id.clone(), emoji.clone(), on));
        html! {
            <li><button type="button" class="tc-reaction" aria-pressed={super::aria(summary.mine)}
                aria-label={view::reaction_label(summary, t)} {onclick}>
                <span aria-hidden="true">{ format!("{} {}", summary.emoji, summary.names.len()) }</span>
            </button></li>
        }
    });
    html! { <ul class="tc-reactions">{ for items }</ul> }
}

/// React (the six Teams reactions) and, on the user's own messages, Edit.
fn actions(
    row: &MessageRow,
    picking: &UseStateHandle<bool>,
    editing: &UseStateHandle<Option<String>>,
    on_react: &Callback<(String, String, bool)>,
    t: &text::Strings,
) -> Html {
    let id = row.id.clone().unwrap_or_default();
    let toggle = {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(!*picking))
    };
    let choices = REACTIONS.iter().map(|(emoji, _)| {
        let mine = row.reactions.iter().any(|r| r.emoji == *emoji && r.mine);
        let (id, picking, on_react) = (id.clone(), picking.clone(), on_react.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            picking.set(false);
            on_react.emit((id.clone(), (*emoji).to_owned(), !mine));
        });
        html! { <button type="button" class="tc-reaction-choice" aria-pressed={super::aria(mine)} {onclick}>{ *emoji }</button> }
    });
    let edit = row.own.then(|| {
        let (editing, current) = (editing.clone(), plain(&row.body));
        let onclick = Callback::from(move |_: MouseEvent| editing.set(Some(current.clone())));
        html! { <button type="button" class="tc-msg-action" {onclick}>{ t.edit }</button> }
    });
    // Escape closes the picker only (not the conversation), back on React.
    let onkeydown = {
        let picking = picking.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && *picking {
                event.stop_propagation();
                picking.set(false);
                let react = event
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|actions| actions.first_element_child())
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(react) = react {
                    let _ = react.focus();
                }
            }
        })
    };
    html! {
        <div class="tc-msg-actions" {onkeydown}>
            <button type="button" class="tc-msg-action" aria-expanded={super::aria(**picking)} onclick={toggle}>{ t.react }</button>
            { for edit }
            if **picking { <div class="tc-reaction-picker" role="group" aria-label={t.react}>{ for choices }</div> }
        </div>
    }
}

/// The box an own message is edited in: Save sends the new text (the box closes once saved),
/// Escape or Cancel leave it.
fn edit_box(
    row: &MessageRow,
    draft: &str,
    editing: &UseStateHandle<Option<String>>,
    on_edit: &Callback<(String, String, Callback<bool>)>,
    t: &text::Strings,
) -> Html {
    let id = row.id.clone().unwrap_or_default();
    let oninput = {
        let editing = editing.clone();
        Callback::from(move |event: InputEvent| {
            editing.set(Some(
                event.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let save = {
        let (editing, on_edit, draft) = (editing.clone(), on_edit.clone(), draft.to_owned());
        Callback::from(move |_: MouseEvent| {
            // The box stays, with the text, until Graph has it: a failed edit loses nothing.
            let editing = editing.clone();
            let done = Callback::from(move |saved: bool| {
                if saved {
                    editing.set(None);
                }
            });
            on_edit.emit((id.clone(), draft.clone(), done));
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let onkeydown = {
        let editing = editing.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.stop_propagation();
                editing.set(None);
            }
        })
    };
    html! {
        <div class="tc-msg-edit">
            <textarea aria-label={t.edit} value={draft.to_owned()} {oninput} {onkeydown} rows="3" />
            <div class="tc-dialog-buttons">
                <button type="button" class="tc-primary" onclick={save} disabled={draft.trim().is_empty()}>{ t.save }</button>
                <button type="button" class="tc-secondary" onclick={cancel}>{ t.cancel }</button>
            </div>
        </div>
    }
}

/// A body's text, to edit.
fn plain(body: &Body) -> String {
    match body {
        Body::Html(html) => text::plain_text(&text::replace_all(
            &text::replace_all(html, "<br>", "\n"),
            "</p><p>",
            "\n",
        )),
        Body::Text(text) | Body::System(text) => text.clone(),
        Body::Deleted => String::new(),
    }
}

/// The hosted images among parts.
fn hosted(parts: &[Part], out: &mut Vec<String>) {
    for part in parts {
        match part {
            Part::Image { src, .. } => out.push(src.clone()),
            Part::Element(_, children) | Part::Link { children, .. } => hosted(children, out),
            _ => {}
        }
    }
}

/// The parts as Yew nodes: only the allowlisted elements, links and images they can be.
fn render(
    parts: &[Part],
    images: &[(String, Option<String>)],
    context: &MessageContext,
    t: &text::Strings,
) -> Html {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => Html::from(text.clone()),
            Part::Break => html! { <br /> },
            Part::Element(tag, children) => {
                let inner = render(children, images, context, t);
                html! { <@{tag.name()}>{ inner }</@> }
            }
            Part::Link { href, children } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ render(children, images, context, t) }</a>
            },
            Part::Image { src, alt } => match images.iter().find(|(s, _)| s == src).and_then(|(_, url)| url.clone()) {
                Some(url) => html! { <img class="tc-msg-img" src={url} alt={alt.clone()} /> },
                None => html! { <span class="tc-msg-img-pending">{ alt.clone() }</span> },
            },
            Part::Mention { text, name } => html! {
                <span class="tc-mention"><span aria-hidden="true">{ text.clone() }</span><span class="tc-sr">{ name.clone() }</span></span>
            },
            Part::File { name, url } => html! {
                <span class="tc-file">
                    <span class="tc-file-name">{ name.clone() }</span>
                    if let Some(url) = url {
                        <a href={url.clone()} target="_blank" rel="noopener noreferrer">{ text::fill(t.open_file, "name", name) }</a>
                    }
                </span>
            },
            Part::Quote { sender, preview } => html! {
                <blockquote class="tc-quote">
                    if let Some(sender) = sender { <span class="tc-quote-sender">{ sender.clone() }</span> }
                    <span>{ preview.clone() }</span>
                </blockquote>
            },
            Part::TeamsOnly => html! {
                <p class="tc-muted">{ t.teams_only }
                    if let Some(url) = &context.teams_url {
                        { " " }<a href={url.clone()} target="_blank" rel="noopener noreferrer">{ t.open_in_teams }</a>
                    }
                </p>
            },
        })
        .collect()
}
