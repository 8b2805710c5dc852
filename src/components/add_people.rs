//! "Add people" to a group chat: search people, pick them, Add (one `POST /chats/{id}/members`
//! each). People already in the chat are not offered.

use super::dialog::dialog;
use super::people_picker::{people_fields, use_people_search};
use crate::hooks::{use_dialog, use_session};
use crate::state::{ConversationAction, Member, NewChatAction, NewChatState, Person};
use crate::{spawn, writes};
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
    let search = use_people_search(&state, &dispatch);
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
            spawn(async move {
                match writes::conversation::add_people(&session, &chat, &people, &conversation)
                    .await
                {
                    Ok(()) => on_close.emit(()),
                    Err(message) => dispatch.emit(NewChatAction::Failed(message.into())),
                }
            });
        })
    };
    // People already in the chat are not offered.
    let offered = |person: &Person| {
        !props.members.iter().any(|m| {
            m.user_id
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&person.id))
        })
    };
    let fields = html! {
        <>
            { people_fields(&state, &dispatch, search, &offered, t) }
            if let Some(message) = &state.error { <p role="alert" class="tc-dialog-error">{ message.clone() }</p> }
            <div class="tc-dialog-buttons">
                <button type="button" class="tc-primary" onclick={add} disabled={!state.can_start()} aria-busy={super::aria(state.busy)}>{ t.add }</button>
                <button type="button" class="tc-secondary" onclick={super::on_click(&props.on_close)}>{ t.cancel }</button>
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
