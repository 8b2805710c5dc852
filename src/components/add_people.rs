//! "Add people" to a group chat: search people, pick them, Add (one `POST /chats/{id}/members`
//! each). People already in the chat are not offered.

use super::dialog::dialog;
use super::retry_error;
use crate::hooks::{use_dialog, use_session};
use crate::state::{ConversationAction, Member, NewChatAction, NewChatState, Participant};
use crate::{load, text, writes};
use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`AddPeople`].
#[derive(Properties, PartialEq)]
pub struct AddPeopleProps {
    /// The chat.
    pub chat: AttrValue,
    /// Its members now.
    pub members: Vec<Member>,
    /// Where the people added go.
    pub dispatch: Callback<ConversationAction>,
    /// Where focus goes when the dialog closes, if what opened it is gone.
    pub fallback: NodeRef,
    /// Fired by Cancel, Escape, or the people added.
    pub on_close: Callback<()>,
}

/// The dialog.
#[function_component(AddPeople)]
pub fn add_people(props: &AddPeopleProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let state = use_reducer(|| NewChatState::new(Vec::new(), String::new()));
    let dispatch: Callback<NewChatAction> = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let dialog_ref = use_dialog("input", &props.fallback);
    let debounce = use_mut_ref(|| None::<Timeout>);
    let search = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |query: String| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn_local(async move { load::new_chat::search(&session, query, &dispatch).await });
        })
    };
    let on_search = {
        let (dispatch, search) = (dispatch.clone(), search.clone());
        Callback::from(move |event: InputEvent| {
            let query = event.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(NewChatAction::Query(query.clone()));
            let search = search.clone();
            *debounce.borrow_mut() = NewChatState::searchable(&query)
                .then(|| Timeout::new(300, move || search.emit(query)));
        })
    };
    let add = {
        let (state, dispatch, session) = (state.clone(), dispatch.clone(), session.clone());
        let (chat, conversation, on_close) = (
            props.chat.to_string(),
            props.dispatch.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |event: MouseEvent| {
            if !state.can_start() {
                return;
            }
            super::focus::hold_focus(&event);
            dispatch.emit(NewChatAction::Starting);
            let people = state.picked.clone();
            let (session, dispatch, chat, conversation, on_close) = (
                session.clone(),
                dispatch.clone(),
                chat.clone(),
                conversation.clone(),
                on_close.clone(),
            );
            spawn_local(async move {
                match writes::conversation::add_people(&session, &chat, &people, &conversation)
                    .await
                {
                    Ok(()) => on_close.emit(()),
                    Err(message) => dispatch.emit(NewChatAction::Failed(message.into())),
                }
            });
        })
    };
    let member = |id: &str| {
        props.members.iter().any(|m| {
            m.user_id
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(id))
        })
    };
    let found = state.results.iter().filter(|p| !member(&p.id)).map(|person| {
        let name = person.display_name.clone().unwrap_or_else(|| person.mail.clone().unwrap_or_default());
        let pick = Participant { id: person.id.clone(), name: name.clone(), guest: person.guest };
        let onclick = dispatch.reform(move |_: MouseEvent| NewChatAction::Toggle(pick.clone()));
        html! {
            <li><button type="button" class="tc-person-option" aria-pressed={state.is_picked(&person.id).to_string()} {onclick}>{ name }</button></li>
        }
    });
    let chips = state.picked.iter().map(|pick| {
        let onclick = dispatch.reform({
            let pick = pick.clone();
            move |_: MouseEvent| NewChatAction::Toggle(pick.clone())
        });
        html! {
            <li><button type="button" class="tc-chip" aria-label={text::fill(t.remove, "name", &pick.name)} {onclick}>
                { pick.name.clone() }{ super::icons::close() }</button></li>
        }
    });
    let retry = {
        let (failed, search) = (state.search_failed.clone(), search);
        Callback::from(move |()| {
            if let Some(query) = failed.clone() {
                search.emit(query);
            }
        })
    };
    let fields = html! {
        <>
            <label class="tc-field">{ t.add_people }
                <input type="search" value={state.query.clone()} oninput={on_search} placeholder={t.search_by_name} />
            </label>
            if state.search_failed.is_some() { { retry_error(t.graph_unreachable, t.retry, retry) } }
            if !state.results.is_empty() { <ul class="tc-results" aria-label={t.people_found}>{ for found }</ul> }
            if !state.picked.is_empty() { <ul class="tc-chips" aria-label={t.participants}>{ for chips }</ul> }
            if let Some(message) = &state.error { <p role="alert" class="tc-dialog-error">{ message.clone() }</p> }
            <div class="tc-dialog-buttons">
                <button type="button" class="tc-primary" onclick={add} disabled={!state.can_start()} aria-busy={state.busy.to_string()}>{ t.add }</button>
                <button type="button" class="tc-secondary" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ t.cancel }</button>
            </div>
        </>
    };
    dialog(
        "tc-add-title",
        t.add_to_chat,
        &dialog_ref,
        &props.on_close,
        fields,
    )
}
