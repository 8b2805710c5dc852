//! One row: avatar with presence, title, preview, relative time, unread mark.

use crate::api::graph::{ChatType, Presence};
use crate::links;
use crate::text;
use crate::view::{Row, RowKind};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// One entry of a row's menu.
#[derive(Clone, PartialEq)]
pub struct RowAction {
    /// What the menu item says.
    pub label: AttrValue,
    /// What it does.
    pub on_select: Callback<()>,
}

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
    /// The locale for relative times.
    pub locale: Option<AttrValue>,
    /// Extra hosts "Open in Teams" may open.
    pub teams_hosts: Rc<Vec<String>>,
    /// The row's actions besides "Open in Teams".
    #[prop_or_default]
    pub actions: Vec<RowAction>,
}

/// A row of a section; remote text is only ever rendered as text. Enter opens the row's menu,
/// Escape closes it and returns to the row.
#[function_component(ChatRow)]
pub fn chat_row(props: &ChatRowProps) -> Html {
    let t = super::use_strings();
    let row = &props.row;
    let menu_open = use_state(bool::default);
    let row_ref = use_node_ref();
    let menu_ref = use_node_ref();
    // Only https links on Teams hosts are opened, in a new browsing context without an opener.
    let teams_url = row
        .web_url
        .clone()
        .filter(|url| links::is_teams_url(url, &props.teams_hosts));
    let has_menu =
        !props.actions.is_empty() || (matches!(row.kind, RowKind::Chat(_)) && teams_url.is_some());
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*menu_open, move |open| {
            if *open {
                if let Some(item) = menu_ref
                    .cast::<HtmlElement>()
                    .and_then(|menu| menu.query_selector("[role=menuitem]").ok().flatten())
                    .and_then(|item| item.dyn_into::<HtmlElement>().ok())
                {
                    let _ = item.focus();
                }
            }
        });
    }
    let close_menu = {
        let (menu_open, row_ref) = (menu_open.clone(), row_ref.clone());
        move || {
            menu_open.set(false);
            if let Some(row) = row_ref.cast::<HtmlElement>() {
                let _ = row.focus();
            }
        }
    };
    let on_row_keydown = {
        let (menu_open, row_ref) = (menu_open.clone(), row_ref.clone());
        Callback::from(move |event: KeyboardEvent| {
            let on_row = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                == row_ref.get();
            if on_row && has_menu && (event.key() == "Enter" || event.key() == " ") {
                event.prevent_default();
                menu_open.set(true);
            }
        })
    };
    let on_menu_keydown = {
        let (close_menu, menu_ref) = (close_menu.clone(), menu_ref.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" | "Tab" => {
                event.prevent_default();
                // The pane must not also close: this Escape belonged to the menu.
                event.stop_propagation();
                close_menu();
            }
            key @ ("ArrowDown" | "ArrowUp" | "Home" | "End") => {
                event.prevent_default();
                // The rows must not also move: these keys belong to the menu.
                event.stop_propagation();
                move_in_menu(&menu_ref, key);
            }
            _ => {}
        })
    };
    let open_in_teams = {
        let (url, close_menu, row_ref) = (teams_url.clone(), close_menu.clone(), row_ref.clone());
        let chat_id = row.key.strip_prefix("chat:").unwrap_or("").to_owned();
        Callback::from(move |_: MouseEvent| {
            if let (Some(url), Some(window)) = (url.as_deref(), web_sys::window()) {
                let _ = window.open_with_url_and_target_and_features(
                    url,
                    "_blank",
                    "noopener,noreferrer",
                );
                announce_open_chat(&row_ref, &chat_id, url);
            }
            close_menu();
        })
    };
    let items: Vec<Html> = props
        .actions
        .iter()
        .map(|action| {
            let (on_select, close_menu) = (action.on_select.clone(), close_menu.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                close_menu();
                on_select.emit(());
            });
            html! { <button type="button" role="menuitem" tabindex="-1" class="tc-menu-item" {onclick}>{ action.label.clone() }</button> }
        })
        .collect();
    let toggle_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |_: MouseEvent| menu_open.set(!*menu_open))
    };
    let menu_id = format!(
        "tc-menu-{}",
        row.key
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let label = row.person.as_ref().map(|_| {
        let presence = props.presence.as_ref();
        text::presence_label(
            presence.and_then(|p| p.availability.as_deref()),
            presence.and_then(|p| p.activity.as_deref()),
        )
    });
    let avatar = match (&props.photo, &row.kind) {
        (Some(photo), _) => html! { <img class="tc-avatar-img" src={photo.clone()} alt="" /> },
        (None, RowKind::Locked { .. }) => {
            html! { <span class="tc-avatar-initials tc-locked" aria-hidden="true">{ "🔒" }</span> }
        }
        (None, _) => {
            html! { <span class="tc-avatar-initials" aria-hidden="true">{ text::initials(&row.title) }</span> }
        }
    };
    let kind_class = match &row.kind {
        RowKind::Chat(ChatType::OneOnOne) | RowKind::Person => "tc-person",
        RowKind::Chat(_) => "tc-group",
        RowKind::Locked { .. } => "tc-locked-row",
    };
    let time = row.time.map(|millis| {
        let datetime = iso(millis);
        html! { <time class="tc-time" datetime={datetime}>{ relative(millis, props.locale.as_deref()) }</time> }
    });
    html! {
        <li class={classes!("tc-row", kind_class, row.unread.then_some("tc-unread"))} tabindex={if props.tabbable { "0" } else { "-1" }}
            data-key={row.key.clone()} data-person={row.person.clone()} ref={row_ref} onkeydown={on_row_keydown}>
            <span class="tc-avatar">
                { avatar }
                if let Some(label) = label {
                    <span class={classes!("tc-badge", text::presence_class(label))} aria-hidden="true"></span>
                }
            </span>
            <span class="tc-row-text">
                <span class="tc-row-line">
                    <span class="tc-title" dir="auto">{ row.title.clone() }</span>
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
                <button type="button" class="tc-menu-button" tabindex="-1" aria-haspopup="menu"
                    aria-expanded={menu_open.to_string()} aria-controls={menu_id.clone()}
                    aria-label={format!("{} {}", t.more_options, row.title)} onclick={toggle_menu}>
                    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.25 10a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0Zm5 0a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0ZM15 11.25a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5Z"/></svg>
                </button>
                if *menu_open {
                    <div class="tc-menu" role="menu" id={menu_id} aria-label={format!("{} {}", t.actions_for, row.title)}
                        ref={menu_ref} onkeydown={on_menu_keydown}>
                        { for items }
                        if teams_url.is_some() {
                            <button type="button" role="menuitem" tabindex="-1" class="tc-menu-item" onclick={open_in_teams}>{ t.open_in_teams }</button>
                        }
                    </div>
                }
            }
        </li>
    }
}

/// Moves focus between the items of an open menu (WAI-ARIA menu: arrows stop at the ends).
fn move_in_menu(menu: &NodeRef, key: &str) {
    let Some(menu) = menu.cast::<HtmlElement>() else {
        return;
    };
    let Ok(nodes) = menu.query_selector_all("[role=menuitem]") else {
        return;
    };
    let items: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    let Some(last) = items.len().checked_sub(1) else {
        return;
    };
    let active = menu
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let current = items
        .iter()
        .position(|item| active.as_ref() == Some(item.unchecked_ref()));
    let next = match (key, current) {
        ("Home", _) | (_, None) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(at)) => (at + 1).min(last),
        (_, Some(at)) => at.saturating_sub(1),
    };
    let _ = items[next].focus();
}

/// Sends `teams-collaborate-open-chat` `{chatId, webUrl}` from the component's host element.
fn announce_open_chat(row: &NodeRef, chat_id: &str, web_url: &str) {
    let host = row
        .get()
        .and_then(|node| node.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok())
        .map(|root| root.host());
    let Some(host) = host else { return };
    if chat_id.is_empty() {
        // A channel, not a chat: nothing to announce.
        return;
    }
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"chatId".into(), &chat_id.into());
    let _ = js_sys::Reflect::set(&detail, &"webUrl".into(), &web_url.into());
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

/// "5 minutes ago" in the user's locale, through `Intl.RelativeTimeFormat`.
fn relative(millis: i64, locale: Option<&str>) -> String {
    let now = js_sys::Date::now() as i64;
    let (value, unit) = text::relative_parts(now - millis);
    let locales = js_sys::Array::new();
    if let Some(locale) = locale {
        locales.push(&locale.into());
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
    String::from(format.format(value, unit))
}

fn iso(millis: i64) -> String {
    String::from(js_sys::Date::new(&(millis as f64).into()).to_iso_string())
}
