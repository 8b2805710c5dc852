//! "New connected chat": pick people (suggestions first, then people search), name the chat
//! (the record's name by default) and start it: Graph creates it, then it is connected.

use crate::actions;
use crate::api::dataverse::Suggestion;
use crate::api::graph::{self, Participant, Person};
use crate::load::Session;
use crate::state::ChatsAction;
use crate::text;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Props of [`NewChat`].
#[derive(Properties, PartialEq)]
pub struct NewChatProps {
    /// The API and the record.
    pub session: Rc<Session>,
    /// The signed-in user's id.
    pub me: AttrValue,
    /// The record's suggested people, offered first.
    pub suggestions: Rc<Vec<Suggestion>>,
    /// People picked before the dialog opened ("Start a connected chat" on a person).
    pub preselected: Vec<Participant>,
    /// The default chat name: the record's name.
    pub record_name: AttrValue,
    /// Where created chats and connections go.
    pub dispatch: Callback<ChatsAction>,
    /// Fired by Cancel, Escape, or a chat started.
    pub on_close: Callback<()>,
}

/// The dialog; focus stays inside it, Escape closes it.
#[function_component(NewChat)]
pub fn new_chat(props: &NewChatProps) -> Html {
    let t = super::use_strings();
    let picked = use_state(|| props.preselected.clone());
    let name = use_state(|| props.record_name.to_string());
    let query = use_state(String::new);
    let results = use_state(Vec::<Person>::new);
    // The search that failed, for its Retry.
    let search_failed = use_state(Option::<String>::default);
    let busy = use_state(bool::default);
    let error = use_state(Option::<String>::default);
    let dialog_ref = use_node_ref();
    let debounce = use_mut_ref(|| None::<Timeout>);

    {
        let dialog_ref = dialog_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = dialog_ref
                .cast::<HtmlElement>()
                .and_then(|d| d.query_selector("input").ok().flatten())
                .and_then(|i| i.dyn_into::<HtmlElement>().ok())
            {
                let _ = input.focus();
            }
        });
    }

    let toggle = |person: Participant| {
        let picked = picked.clone();
        Callback::from(move |_| {
            let mut next = (*picked).clone();
            if let Some(at) = next
                .iter()
                .position(|p| p.id.eq_ignore_ascii_case(&person.id))
            {
                next.remove(at);
            } else {
                next.push(person.clone());
            }
            picked.set(next);
        })
    };
    let search = {
        let (results, search_failed, session) = (
            results.clone(),
            search_failed.clone(),
            props.session.clone(),
        );
        Callback::from(move |text: String| {
            let (results, search_failed, session) =
                (results.clone(), search_failed.clone(), session.clone());
            spawn_local(async move {
                match graph::search_people(&session.api, text.trim()).await {
                    Ok(found) => {
                        search_failed.set(None);
                        results.set(found);
                    }
                    Err(_) => {
                        results.set(Vec::new());
                        search_failed.set(Some(text));
                    }
                }
            });
        })
    };
    let on_search = {
        let (query, debounce, search) = (query.clone(), debounce.clone(), search.clone());
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            query.set(text.clone());
            let search = search.clone();
            // One search after typing pauses, not one per key.
            *debounce.borrow_mut() =
                (text.trim().len() >= 2).then(|| Timeout::new(300, move || search.emit(text)));
        })
    };
    let retry_search = {
        let (search_failed, search) = (search_failed.clone(), search.clone());
        Callback::from(move |()| {
            if let Some(text) = (*search_failed).clone() {
                search.emit(text);
            }
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            name.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let start = {
        let (picked, name, busy, error, dialog_ref) = (
            picked.clone(),
            name.clone(),
            busy.clone(),
            error.clone(),
            dialog_ref.clone(),
        );
        let (session, me, dispatch, on_close) = (
            props.session.clone(),
            props.me.to_string(),
            props.dispatch.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *busy || picked.is_empty() {
                return;
            }
            hold_focus(&dialog_ref);
            busy.set(true);
            error.set(None);
            let people = (*picked).clone();
            let topic = name.trim().to_owned();
            let (session, me, dispatch, on_close, busy, error) = (
                session.clone(),
                me.clone(),
                dispatch.clone(),
                on_close.clone(),
                busy.clone(),
                error.clone(),
            );
            spawn_local(async move {
                match actions::new_connected_chat(&session, &me, &people, &topic, &dispatch).await {
                    Ok(_) => on_close.emit(()),
                    Err(message) => {
                        busy.set(false);
                        error.set(Some(message.into()));
                    }
                }
            });
        })
    };
    let on_keydown = {
        let (on_close, dialog_ref) = (props.on_close.clone(), dialog_ref.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                on_close.emit(());
            }
            "Tab" => trap_focus(&event, &dialog_ref),
            _ => {}
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());

    let suggested = props
        .suggestions
        .iter()
        .filter(|s| !s.aad_user_id.eq_ignore_ascii_case(&props.me))
        .map(|s| {
            let checked = picked.iter().any(|p| p.id.eq_ignore_ascii_case(&s.aad_user_id));
            let pick = Participant { id: s.aad_user_id.clone(), name: s.display_name.clone(), guest: false };
            let id = format!("tc-pick-{}", s.aad_user_id.to_ascii_lowercase());
            html! {
                <li>
                    <input type="checkbox" id={id.clone()} {checked} onchange={toggle(pick).reform(|_: Event| ())} />
                    <label for={id}>{ s.display_name.clone() }</label>
                </li>
            }
        });
    let found = results.iter().filter(|p| !p.id.eq_ignore_ascii_case(&props.me)).map(|person| {
        let display = person.display_name.clone().unwrap_or_else(|| person.mail.clone().unwrap_or_default());
        let chosen = picked.iter().any(|p| p.id.eq_ignore_ascii_case(&person.id));
        let pick = Participant { id: person.id.clone(), name: display.clone(), guest: person.guest };
        html! {
            <li>
                <button type="button" class="tc-person-option" aria-pressed={chosen.to_string()}
                    onclick={toggle(pick).reform(|_: MouseEvent| ())}>
                    { display.clone() }
                    if let Some(job) = &person.job_title { <span class="tc-muted">{ format!(" · {job}") }</span> }
                </button>
            </li>
        }
    });
    let chips = picked.iter().map(|pick| {
        html! {
            <li><button type="button" class="tc-chip" aria-label={text::fill(t.remove, "name", &pick.name)}
                onclick={toggle(pick.clone()).reform(|_: MouseEvent| ())}>{ pick.name.clone() }{ " ×" }</button></li>
        }
    });

    html! {
        <div class="tc-dialog-backdrop">
            <div class="tc-dialog" role="dialog" aria-modal="true" aria-labelledby="tc-new-title" tabindex="-1" ref={dialog_ref} onkeydown={on_keydown}>
                <h3 id="tc-new-title" class="tc-dialog-title">{ t.new_connected_chat }</h3>
                <label class="tc-field">{ t.chat_name }
                    <input type="text" value={(*name).clone()} oninput={on_name} maxlength="250" />
                </label>
                if !props.suggestions.is_empty() {
                    <fieldset class="tc-field">
                        <legend>{ t.suggested_for_record }</legend>
                        <ul class="tc-picks">{ for suggested }</ul>
                    </fieldset>
                }
                <label class="tc-field">{ t.add_people }
                    <input type="search" value={(*query).clone()} oninput={on_search} placeholder={t.search_by_name} />
                </label>
                if search_failed.is_some() {
                    { super::retry_error(t.graph_unreachable, retry_search) }
                }
                if !results.is_empty() {
                    <ul class="tc-results" aria-label={t.people_found}>{ for found }</ul>
                }
                if !picked.is_empty() {
                    <ul class="tc-chips" aria-label={t.participants}>{ for chips }</ul>
                }
                if let Some(message) = &*error {
                    <p role="alert" class="tc-dialog-error">{ message.clone() }</p>
                }
                <div class="tc-dialog-buttons">
                    <button type="button" class="tc-primary" onclick={start} disabled={*busy || picked.is_empty()} aria-busy={busy.to_string()}>{ t.start }</button>
                    <button type="button" class="tc-secondary" onclick={cancel}>{ t.cancel }</button>
                </div>
            </div>
        </div>
    }
}

/// Moves focus from a button about to be disabled to the dialog itself, so that focus is not
/// dropped onto the page (where Escape and Tab would no longer reach the dialog).
pub(super) fn hold_focus(dialog: &NodeRef) {
    if let Some(dialog) = dialog.cast::<HtmlElement>() {
        let _ = dialog.focus();
    }
}

/// Keeps Tab and Shift+Tab inside the dialog.
pub(super) fn trap_focus(event: &KeyboardEvent, dialog: &NodeRef) {
    let Some(dialog) = dialog.cast::<HtmlElement>() else {
        return;
    };
    let Ok(nodes) = dialog.query_selector_all("input, button:not([disabled]), select, textarea")
    else {
        return;
    };
    let items: Vec<HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = dialog
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let at_last = active.as_ref() == Some(last.unchecked_ref());
    let at_first = active.as_ref() == Some(first.unchecked_ref());
    if event.shift_key() && at_first {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at_last {
        event.prevent_default();
        let _ = first.focus();
    }
}
