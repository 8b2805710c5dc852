//! The people part of the New chat and Add people dialogs: people search (one search once typing
//! pauses, Retry when it failed), the people found as toggle buttons, and the people picked as
//! chips that take them out again. Both dialogs keep their picks in a [`NewChatState`].

use super::retry_error;
use crate::hooks::use_session;
use crate::state::{NewChatAction, NewChatState, Participant, Person};
use crate::{load, spawn, text};
use gloo_timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The search field's handlers.
pub struct PeopleSearch {
    /// Typing: the query is kept at once and searched once typing pauses.
    pub on_input: Callback<InputEvent>,
    /// Retry of a search that failed.
    pub retry: Callback<()>,
}

/// People search for a dialog whose state takes `dispatch`.
#[hook]
pub fn use_people_search(state: &NewChatState, dispatch: &Callback<NewChatAction>) -> PeopleSearch {
    let session = use_session();
    let debounce = use_mut_ref(|| None::<Timeout>);
    let search = {
        let dispatch = dispatch.clone();
        Callback::from(move |query: String| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::new_chat::search(&session, query, &dispatch).await });
        })
    };
    let on_input = {
        let (dispatch, search) = (dispatch.clone(), search.clone());
        Callback::from(move |event: InputEvent| {
            let query = event.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(NewChatAction::Query(query.clone()));
            let search = search.clone();
            // One search after typing pauses, not one per key.
            *debounce.borrow_mut() = NewChatState::searchable(&query)
                .then(|| Timeout::new(300, move || search.emit(query)));
        })
    };
    let retry = {
        let failed = state.search_failed.clone();
        Callback::from(move |()| {
            if let Some(query) = failed.clone() {
                search.emit(query);
            }
        })
    };
    PeopleSearch { on_input, retry }
}

/// Picks or unpicks `person`.
pub fn toggle(dispatch: &Callback<NewChatAction>, person: Participant) -> Callback<()> {
    dispatch.reform(move |()| NewChatAction::Toggle(person.clone()))
}

/// The search field, the people it found (less those `offered` refuses), and the chips of the
/// people picked.
pub fn people_fields(
    state: &NewChatState,
    dispatch: &Callback<NewChatAction>,
    search: PeopleSearch,
    offered: &dyn Fn(&Person) -> bool,
    t: &text::Strings,
) -> Html {
    let found = state
        .results
        .iter()
        .filter(|person| offered(person))
        .map(|person| found_person(person, state.is_picked(&person.id), dispatch));
    let chips = state.picked.iter().map(|pick| html! {
        <li><button type="button" class="tc-chip" aria-label={text::fill(t.remove, "name", &pick.name)}
            onclick={super::on_click(&toggle(dispatch, pick.clone()))}>{ pick.name.clone() }{ super::icons::close() }</button></li>
    });
    html! {
        <>
            <label class="tc-field">{ t.add_people }
                <input type="search" value={state.query.clone()} oninput={search.on_input} placeholder={t.search_by_name} />
            </label>
            if state.search_failed.is_some() {
                { retry_error(t.graph_unreachable, t.retry, search.retry) }
            }
            if !state.results.is_empty() {
                <ul class="tc-results" aria-label={t.people_found}>{ for found }</ul>
            }
            if !state.picked.is_empty() {
                <ul class="tc-chips" aria-label={t.participants}>{ for chips }</ul>
            }
        </>
    }
}

/// A person people search found: a toggle button, pressed while picked.
fn found_person(person: &Person, chosen: bool, dispatch: &Callback<NewChatAction>) -> Html {
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
            <button type="button" class="tc-person-option" aria-pressed={super::aria(chosen)}
                onclick={super::on_click(&toggle(dispatch, pick))}>
                { display }
                if let Some(job) = &person.job_title { <span class="tc-muted">{ format!(" · {job}") }</span> }
            </button>
        </li>
    }
}
