//! "New connected chat": pick people (suggestions first, then people search), name the chat
//! (the record's name by default) and start it: Graph creates it, then it is connected.

use super::dialog::dialog;
use super::retry_error;
use crate::hooks::{use_dialog, use_session};
use crate::session::Session;
use crate::state::{ChatsAction, NewChatAction, NewChatState, Participant, Person, Suggestion};
use crate::{load, text, writes};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`NewChat`].
#[derive(Properties, PartialEq)]
pub struct NewChatProps {
    /// The signed-in user's id.
    pub me: AttrValue,
    /// The record's suggested people, offered first.
    pub suggestions: Rc<Vec<Suggestion>>,
    /// People picked before the dialog opened ("Start a connected chat" on a person).
    pub preselected: Vec<Participant>,
    /// The default chat name: the record's name.
    pub record_name: AttrValue,
    /// The record's page (https): "Post a link to this record" is offered when it is known.
    pub record_url: Option<AttrValue>,
    /// Where created chats and connections go.
    pub dispatch: Callback<ChatsAction>,
    /// Where focus goes when the dialog closes, if what opened it is gone.
    pub fallback: NodeRef,
    /// Fired by Cancel, Escape, or a chat started.
    pub on_close: Callback<()>,
}

/// The dialog.
#[function_component(NewChat)]
pub fn new_chat(props: &NewChatProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let state =
        use_reducer(|| NewChatState::new(props.preselected.clone(), props.record_name.to_string()));
    let dispatch: Callback<NewChatAction> = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let dialog_ref = use_dialog("input", &props.fallback);
    let debounce = use_mut_ref(|| None::<Timeout>);
    let search = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |text: String| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn_local(async move { load::new_chat::search(&session, text, &dispatch).await });
        })
    };
    let on_search = {
        let (dispatch, search) = (dispatch.clone(), search.clone());
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(NewChatAction::Query(text.clone()));
            let search = search.clone();
            // One search after typing pauses, not one per key.
            *debounce.borrow_mut() = NewChatState::searchable(&text)
                .then(|| Timeout::new(300, move || search.emit(text)));
        })
    };
    let retry_search = {
        let (failed, search) = (state.search_failed.clone(), search);
        Callback::from(move |()| {
            if let Some(text) = failed.clone() {
                search.emit(text);
            }
        })
    };
    let on_name = dispatch.reform(|event: InputEvent| {
        NewChatAction::Name(event.target_unchecked_into::<HtmlInputElement>().value())
    });
    let start = start_button(&state, &dispatch, &session, props);
    let toggle =
        |person: Participant| dispatch.reform(move |()| NewChatAction::Toggle(person.clone()));
    let me = props.me.as_str();
    let suggested = props
        .suggestions
        .iter()
        .filter(|s| !s.aad_user_id.eq_ignore_ascii_case(me))
        .map(|s| suggested_person(s, state.is_picked(&s.aad_user_id), &toggle));
    let found = state
        .results
        .iter()
        .filter(|p| !p.id.eq_ignore_ascii_case(me))
        .map(|person| found_person(person, state.is_picked(&person.id), &toggle));
    let chips = state.picked.iter().map(|pick| html! {
        <li><button type="button" class="tc-chip" aria-label={text::fill(t.remove, "name", &pick.name)}
            onclick={toggle(pick.clone()).reform(|_: MouseEvent| ())}>{ pick.name.clone() }{ super::icons::close() }</button></li>
    });
    let fields = html! {
        <>
            <label class="tc-field">{ t.chat_name }
                <input type="text" value={state.name.clone()} oninput={on_name} maxlength="250" />
            </label>
            if !props.suggestions.is_empty() {
                <fieldset class="tc-field">
                    <legend>{ t.suggested_for_record }</legend>
                    <ul class="tc-picks">{ for suggested }</ul>
                </fieldset>
            }
            <label class="tc-field">{ t.add_people }
                <input type="search" value={state.query.clone()} oninput={on_search} placeholder={t.search_by_name} />
            </label>
            if state.search_failed.is_some() {
                { retry_error(t.graph_unreachable, t.retry, retry_search) }
            }
            if !state.results.is_empty() {
                <ul class="tc-results" aria-label={t.people_found}>{ for found }</ul>
            }
            if !state.picked.is_empty() {
                <ul class="tc-chips" aria-label={t.participants}>{ for chips }</ul>
            }
            // Last before the buttons, as Teams places "Include a note".
            if props.record_url.is_some() {
                <label class="tc-field tc-check">
                    <input type="checkbox" checked={state.post_link}
                        onchange={{ let (dispatch, on) = (dispatch.clone(), !state.post_link); Callback::from(move |_: Event| dispatch.emit(NewChatAction::PostLink(on))) }} />
                    { t.post_link }
                </label>
            }
            if let Some(message) = &state.error {
                <p role="alert" class="tc-dialog-error">{ message.clone() }</p>
            }
            <div class="tc-dialog-buttons">
                <button type="button" class="tc-primary" onclick={start} disabled={!state.can_start()} aria-busy={state.busy.to_string()}>{ t.start }</button>
                <button type="button" class="tc-secondary" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ t.cancel }</button>
            </div>
        </>
    };
    dialog(
        "tc-new-title",
        t.new_connected_chat,
        &dialog_ref,
        &props.on_close,
        fields,
    )
}

/// What Start does: once, with someone picked, Graph creates the chat, then it is connected;
/// the dialog closes, or says what failed and lets the user try again.
fn start_button(
    state: &UseReducerHandle<NewChatState>,
    dispatch: &Callback<NewChatAction>,
    session: &Rc<Session>,
    props: &NewChatProps,
) -> Callback<MouseEvent> {
    let (state, dispatch, session) = (state.clone(), dispatch.clone(), session.clone());
    let (me, chats, on_close) = (
        props.me.to_string(),
        props.dispatch.clone(),
        props.on_close.clone(),
    );
    let link = props
        .record_url
        .as_ref()
        .map(|url| (props.record_name.to_string(), url.to_string()));
    Callback::from(move |event: MouseEvent| {
        if !state.can_start() {
            return;
        }
        super::focus::hold_focus(&event);
        dispatch.emit(NewChatAction::Starting);
        let (people, topic) = (state.picked.clone(), state.name.trim().to_owned());
        let link = link.clone().filter(|_| state.post_link);
        let (session, me, dispatch, chats, on_close) = (
            session.clone(),
            me.clone(),
            dispatch.clone(),
            chats.clone(),
            on_close.clone(),
        );
        spawn_local(async move {
            let started =
                writes::chats::new_connected_chat(&session, &me, &people, &topic, &chats).await;
            match started {
                Ok(chat) => {
                    on_close.emit(());
                    if let Some((name, url)) = link {
                        writes::chats::post_record_link(&session, &chat.id, &name, &url, &chats)
                            .await;
                    }
                }
                Err(message) => dispatch.emit(NewChatAction::Failed(message.into())),
            }
        });
    })
}

/// A suggested person: a checkbox, checked while picked.
fn suggested_person(
    suggestion: &Suggestion,
    checked: bool,
    toggle: &dyn Fn(Participant) -> Callback<()>,
) -> Html {
    let pick = Participant {
        id: suggestion.aad_user_id.clone(),
        name: suggestion.display_name.clone(),
        guest: false,
    };
    let id = format!("tc-pick-{}", suggestion.aad_user_id.to_ascii_lowercase());
    html! {
        <li>
            <input type="checkbox" id={id.clone()} {checked} onchange={toggle(pick).reform(|_: Event| ())} />
            <label for={id}>{ suggestion.display_name.clone() }</label>
        </li>
    }
}

/// A person people search found: a toggle button, pressed while picked.
fn found_person(
    person: &Person,
    chosen: bool,
    toggle: &dyn Fn(Participant) -> Callback<()>,
) -> Html {
    let display = person
        .display_name
        .clone()
        .unwrap_or_else(|| person.mail.clone().unwrap_or_default());
    let pick = Participant {
        id: person.id.clone(),
        name: display.clone(),
        guest: person.guest,
    };
    html! {
        <li>
            <button type="button" class="tc-person-option" aria-pressed={chosen.to_string()}
                onclick={toggle(pick).reform(|_: MouseEvent| ())}>
                { display }
                if let Some(job) = &person.job_title { <span class="tc-muted">{ format!(" · {job}") }</span> }
            </button>
        </li>
    }
}
