//! "New connected chat": pick people (suggestions first, then people search), name the chat
//! (the record's name by default) and start it: Graph creates it, then it is connected.

use super::dialog::dialog;
use super::people_picker::{people_fields, toggle, use_people_search};
use crate::hooks::{use_dialog, use_session};
use crate::session::Session;
use crate::settings::TypeSettings;
use crate::state::{ChatsAction, NewChatAction, NewChatState, Participant, Person, Suggestion};
use crate::{spawn, writes};
use std::rc::Rc;
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
    /// The record's name: the default chat name where the record type names chats after it.
    pub record_name: AttrValue,
    /// The record type's chat settings: the default name, whether the note starts on.
    pub settings: TypeSettings,
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
    let state = use_reducer(|| {
        let auto_name = props.settings.auto_name;
        let name = if auto_name {
            props.record_name.to_string()
        } else {
            String::new()
        };
        NewChatState {
            post_link: props.settings.note,
            name_required: !auto_name,
            ..NewChatState::new(props.preselected.clone(), name)
        }
    });
    let dispatch: Callback<NewChatAction> = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let dialog_ref = use_dialog("input", &props.fallback);
    let search = use_people_search(&state, &dispatch);
    let on_name = dispatch.reform(|event: InputEvent| {
        NewChatAction::Name(event.target_unchecked_into::<HtmlInputElement>().value())
    });
    let start = start_button(&state, &dispatch, &session, props);
    let me = props.me.as_str();
    let suggested = props
        .suggestions
        .iter()
        .filter(|s| !s.aad_user_id.eq_ignore_ascii_case(me))
        .map(|s| suggested_person(s, state.is_picked(&s.aad_user_id), &dispatch));
    let offered = |person: &Person| !person.id.eq_ignore_ascii_case(me);
    let fields = html! {
        <>
            <label class="tc-field">{ t.chat_name }
                <input type="text" value={state.name.clone()} oninput={on_name} maxlength="250" required={state.name_required} />
            </label>
            if !props.suggestions.is_empty() {
                <fieldset class="tc-field">
                    <legend>{ t.suggested_for_record }</legend>
                    <ul class="tc-picks">{ for suggested }</ul>
                </fieldset>
            }
            { people_fields(&state, &dispatch, search, &offered, t) }
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
                <button type="button" class="tc-primary" onclick={start} disabled={!state.can_start()} aria-busy={super::aria(state.busy)}>{ t.start }</button>
                <button type="button" class="tc-secondary" onclick={super::on_click(&props.on_close)}>{ t.cancel }</button>
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
        spawn(async move {
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
    dispatch: &Callback<NewChatAction>,
) -> Html {
    let pick = Participant {
        id: suggestion.aad_user_id.clone(),
        name: suggestion.display_name.clone(),
        guest: false,
    };
    let id = format!("tc-pick-{}", suggestion.aad_user_id.to_ascii_lowercase());
    html! {
        <li>
            <input type="checkbox" id={id.clone()} {checked} onchange={toggle(dispatch, pick).reform(|_: Event| ())} />
            <label for={id}>{ suggestion.display_name.clone() }</label>
        </li>
    }
}
