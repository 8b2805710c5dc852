//! One row: avatar with presence, title, preview, relative time, unread mark, and its menu.

use super::row_menu::{row_menu, RowMenu};
use super::{focus, icons};
use crate::hooks::use_effect_on;
use crate::hooks::use_session;
use crate::state::{ChatType, Presence};
use crate::text;
use crate::view::{self, Availability, Offer, Row, RowKey, RowKind};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Props of [`ChatRow`].
#[derive(Properties, PartialEq)]
pub struct ChatRowProps {
    /// What to show.
    pub row: Row,
    /// The avatar person's presence, when known.
    pub presence: Option<Presence>,
    /// The avatar person's photo: a `data:` URL, `None` for initials.
    pub photo: Option<String>,
    /// Whether this row takes part in the tab order (roving tabindex).
    pub tabbable: bool,
    /// What the row's menu offers (`view::row_actions`).
    pub offers: Vec<Offer>,
    /// Fired with the offer picked; "Open in Teams" is opened by the row itself.
    pub on_offer: Callback<Offer>,
    /// Fired by Enter on the row or a click on its title, for a row that opens (`view::opens`).
    pub on_open: Callback<RowKey>,
}

/// A row of a section; remote text is only ever rendered as text. Enter (or a click on the
/// title) opens a chat's conversation; on a row that does not open, Enter opens its menu.
/// Shift+F10 or the context-menu key opens the menu of any row, and Left or Right moves to its
/// "More options" button; Escape closes the menu and returns to the row.
#[function_component(ChatRow)]
pub fn chat_row(props: &ChatRowProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let row = &props.row;
    let menu_open = use_state(bool::default);
    let row_ref = use_node_ref();
    let menu_ref = use_node_ref();
    let has_menu = !props.offers.is_empty();
    {
        let menu_ref = menu_ref.clone();
        use_effect_on(*menu_open, move |open| {
            if *open {
                focus::open_upward_near_the_end(&menu_ref);
                focus::focus_first(&menu_ref, "[role=menuitem]");
            }
        });
    }
    let opens = view::opens(row);
    let open = {
        let (on_open, key) = (props.on_open.clone(), row.key.clone());
        Callback::from(move |()| on_open.emit(key.clone()))
    };
    let on_row_keydown = {
        let (menu_open, row_ref, open) = (menu_open.clone(), row_ref.clone(), open.clone());
        Callback::from(move |event: KeyboardEvent| {
            let on_row = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                == row_ref.get();
            if !on_row {
                return;
            }
            let key = event.key();
            let menu_key = key == "ContextMenu" || (key == "F10" && event.shift_key());
            match key.as_str() {
                "Enter" | " " if opens => open.emit(()),
                "Enter" | " " if has_menu => menu_open.set(true),
                _ if menu_key && has_menu => menu_open.set(true),
                "ArrowRight" | "ArrowLeft" if has_menu => {
                    focus::focus_first(&row_ref, ".tc-menu-button");
                }
                _ => return,
            }
            event.prevent_default();
        })
    };
    let on_close = {
        let (menu_open, row_ref) = (menu_open.clone(), row_ref.clone());
        Callback::from(move |()| {
            menu_open.set(false);
            if let Some(row) = row_ref.cast::<HtmlElement>() {
                let _ = row.focus();
            }
        })
    };
    let on_toggle = {
        let menu_open = menu_open.clone();
        Callback::from(move |()| menu_open.set(!*menu_open))
    };
    let on_select = {
        let (on_offer, row_ref) = (props.on_offer.clone(), row_ref.clone());
        let chat_id = row.key.chat_id().map(str::to_owned);
        Callback::from(move |offer: Offer| match offer {
            // Only https links on Teams hosts are offered (`view::row_actions`); they open in a
            // new browsing context without an opener.
            Offer::OpenInTeams(url) => open_in_teams(&row_ref, chat_id.as_deref(), &url),
            other => on_offer.emit(other),
        })
    };
    let availability = row
        .person
        .as_ref()
        .map(|_| Availability::of(props.presence.as_ref()));
    let label = availability.map(|a| a.label(t));
    let time = row.time.map(|millis| {
        html! { <time class="tc-time" datetime={text::iso_time(millis)}>{ text::relative_time(millis, &session.locale) }</time> }
    });
    html! {
        <li ~className={super::class(&["tc-row", kind_class(&row.kind), if row.unread { "tc-unread" } else { "" }])} tabindex={if props.tabbable { "0" } else { "-1" }}
            data-key={row.key.to_string()} data-person={row.person.clone()} ref={row_ref} onkeydown={on_row_keydown}>
            <span class="tc-avatar">
                { avatar(row, props.photo.as_ref()) }
                if let Some(availability) = availability {
                    { icons::presence(availability) }
                }
            </span>
            <span class="tc-row-text">
                <span class="tc-row-line">
                    <span ~className={if opens { "tc-title tc-opens" } else { "tc-title" }} dir="auto"
                        onclick={opens.then(|| super::on_click(&open))}>{ row.title.clone() }</span>
                    if let Some(label) = label {
                        <span class="tc-sr">{ format!(", {label}") }</span>
                    }
                    { for time }
                </span>
                if let Some(preview) = &row.preview {
                    <span class="tc-preview" dir="auto">{ preview.clone() }</span>
                }
            </span>
            if row.unread {
                <span class="tc-unread-dot"><span class="tc-sr">{ t.unread }</span></span>
            }
            if has_menu {
                { row_menu(RowMenu { row_key: &row.key.to_string(), title: &row.title, offers: &props.offers,
                    open: *menu_open, menu_ref: &menu_ref, on_toggle, on_close, on_select }, t) }
            }
        </li>
    }
}

/// The avatar: the photo, else initials; a locked row shows a lock.
fn avatar(row: &Row, photo: Option<&String>) -> Html {
    match (photo, &row.kind) {
        (Some(photo), _) => html! { <img class="tc-avatar-img" src={photo.clone()} alt="" /> },
        (None, RowKind::Locked { .. }) => {
            html! { <span class="tc-avatar-initials tc-locked" aria-hidden="true">{ icons::lock() }</span> }
        }
        (None, _) => {
            html! { <span class="tc-avatar-initials" aria-hidden="true">{ text::initials(&row.title) }</span> }
        }
    }
}

fn kind_class(kind: &RowKind) -> &'static str {
    match kind {
        RowKind::Chat(ChatType::OneOnOne) | RowKind::Person => "tc-person",
        RowKind::Chat(_) | RowKind::Channel => "tc-group",
        RowKind::Locked { .. } => "tc-locked-row",
    }
}

/// Opens a Teams link in a new tab and, for a chat, tells the host with
/// `teams-collaborate-open-chat` `{chatId, webUrl}` from the component's host element.
fn open_in_teams(row: &NodeRef, chat_id: Option<&str>, url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let _ = window.open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    let host = row
        .get()
        .and_then(|node| node.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok())
        .map(|root| root.host());
    let (Some(host), Some(chat_id)) = (host, chat_id) else {
        return;
    };
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"chatId".into(), &chat_id.into());
    let _ = js_sys::Reflect::set(&detail, &"webUrl".into(), &url.into());
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict("teams-collaborate-open-chat", &init)
    {
        let _ = host.dispatch_event(&event);
    }
}
