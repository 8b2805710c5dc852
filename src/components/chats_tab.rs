//! The Chats tab: the filter, "New connected chat", and the three sections. It loads when the
//! pane first opens (see `hooks::use_chats`), decorates the people on screen and polls while
//! open; rows offer what `view::row_actions` allows.

use super::{focus, ChatSectionProps, NewChat, NewChatProps};
use crate::hooks::{self, use_session, ChatsHandle};
use crate::options::Options;
use crate::session::Session;
use crate::spawn;
use crate::state::{
    ChatLookup, ChatType, ChatsAction, Connected, Load, OpenChat, Participant, Section,
};
use crate::text::Strings;
use crate::view::{self, Offer, RowKey};
use crate::{load, writes};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ChatsTab`].
#[derive(Properties, PartialEq)]
pub struct ChatsTabProps {
    /// The tab's data and its reducer (the pane holds them: the Channels tab reads the rights).
    pub chats: ChatsHandle,
    /// True while the pane is closed: nothing polls.
    pub hidden: bool,
    /// The mount options (record name, intervals, Teams hosts).
    pub options: Rc<Options>,
    /// Fired when a row opens its chat's conversation.
    pub on_open: Callback<OpenChat>,
}

/// The filter, the new chat button and dialog, and the sections.
#[function_component(ChatsTab)]
pub fn chats_tab(props: &ChatsTabProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let (data, dispatch) = (&props.chats.data, &props.chats.dispatch);
    let tab = view::chats_view(data, t);
    let lists_ref = use_node_ref();
    let (people, visible) = hooks::use_people_on_screen(
        &session,
        &props.chats,
        &lists_ref,
        tab.first_people.clone(),
        tab.people_rows.clone(),
    );
    hooks::use_polling(
        &session,
        dispatch,
        props.hidden,
        &props.options,
        people,
        visible,
    );
    let dialog = use_state(|| None::<Vec<Participant>>);
    let new_chat_button = use_node_ref();
    // Connecting or disconnecting moves a row to another section, where it is a new element:
    // focus follows it there, so a keyboard user is not dropped onto the page.
    let follow = hooks::use_focus_follows_row(&lists_ref);
    let on_open = open_handler(&props.chats, &props.on_open, t);
    let on_offer = offer_handler(&session, &props.chats, dialog.clone(), follow);
    let retry = |section: Section| {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |()| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::chats::retry(&session, section, &dispatch).await });
        })
    };
    let on_filter = dispatch.reform(|event: InputEvent| {
        ChatsAction::Filter(event.target_unchecked_into::<HtmlInputElement>().value())
    });
    let (open_dialog, close_dialog) = {
        let (open, close) = (dialog.clone(), dialog.clone());
        (
            Callback::from(move |_: MouseEvent| open.set(Some(Vec::new()))),
            Callback::from(move |()| close.set(None)),
        )
    };
    let rights = session.rights(data.may_append());
    let settings = &session.settings;
    let unlinkable = Rc::new(match data.connected.ready() {
        Some(Connected::Links(links)) => view::unlinkable(
            links,
            session.user_id.as_deref(),
            data.owner.as_deref(),
            settings,
        ),
        _ => Vec::new(),
    });
    let (presence, photos) = (Rc::new(data.presence.clone()), Rc::new(data.photos.clone()));
    let teams_hosts = Rc::new(props.options.teams_hosts.clone());
    let section = |section: Section, rows: Load<Vec<view::Row>>, children: Html| {
        let (title, id, empty) = section_words(section, tab.no_access, t);
        super::chat_section(
            ChatSectionProps {
                section,
                title,
                id,
                rows,
                empty,
                filtered: tab.filtered,
                presence: presence.clone(),
                photos: photos.clone(),
                tabbable: tab.tabbable.clone(),
                rights,
                unlinkable: unlinkable.clone(),
                teams_hosts: teams_hosts.clone(),
                on_retry: retry(section),
                on_offer: on_offer.clone(),
                on_open: on_open.clone(),
                children,
            },
            t,
        )
    };
    let unavailable = match tab.unavailable {
        true => super::retry_error(t.connected_unavailable, t.retry, retry(Section::Connected)),
        false => Html::default(),
    };
    html! {
        <>
            <div class="tc-toolbar">
                <input type="search" class="tc-filter" aria-label={t.filter_label} placeholder={t.filter_label} value={data.filter.clone()} oninput={on_filter}
                    style={filter_basis(t.filter_label)} />
                if rights.connects_chats() {
                    <button type="button" class="tc-primary tc-new-chat" ref={new_chat_button.clone()}
                        onclick={open_dialog}>{ t.new_connected_chat }</button>
                }
            </div>
            <p class="tc-notice" role="status" aria-live="polite">{ data.notice.clone().unwrap_or_default() }</p>
            if let Some(people) = (*dialog).clone() {
                <NewChat ..NewChatProps {
                    me: data.me.clone().unwrap_or_default().into(),
                    suggestions: Rc::new(data.suggestions.ready().cloned().unwrap_or_default()),
                    preselected: people,
                    record_name: props.options.record.name.clone().into(),
                    settings: settings.clone(),
                    record_url: props.options.record_url.clone().map(AttrValue::from),
                    dispatch: dispatch.clone(),
                    fallback: new_chat_button,
                    on_close: close_dialog,
                } />
            }
            // Rows shown from memory while they are read again: heard once, seen nowhere.
            <p class="tc-sr" role="status">{ if data.refreshing { t.updating_chats } else { "" } }</p>
            <div class="tc-lists" ref={lists_ref} onkeydown={Callback::from(focus::rove)} aria-busy={super::aria(data.refreshing)}>
                if settings.connects {
                    { section(Section::Connected, tab.connected.clone(), unavailable) }
                } else {
                    <p class="tc-empty tc-not-connectable">{ t.not_connectable }</p>
                }
                if view::shows_suggestions(settings) {
                    { section(Section::Suggested, tab.suggested.clone(), Html::default()) }
                }
                { section(Section::Other, tab.other.clone(), show_more(&session, &props.chats)) }
            </div>
        </>
    }
}

/// What a row's menu does: a connect or disconnect is written (focus follows the row to its new
/// section), "Start a connected chat" opens the dialog with that person.
fn offer_handler(
    session: &Rc<Session>,
    chats: &ChatsHandle,
    dialog: UseStateHandle<Option<Vec<Participant>>>,
    follow: hooks::FollowRow,
) -> Callback<Offer> {
    let (session, dispatch, busy) = (
        session.clone(),
        chats.dispatch.clone(),
        chats.data.busy.clone(),
    );
    Callback::from(move |offer: Offer| {
        let (chat, disconnect) = match offer {
            Offer::StartWith(person) => return dialog.set(Some(vec![person])),
            Offer::Connect(chat) => (chat, false),
            Offer::Disconnect(chat) => (chat, true),
            Offer::DisconnectChannel(_) | Offer::OpenInTeams(_) => return,
        };
        // A second click while the write is in flight does nothing.
        if busy.contains(&chat) {
            return;
        }
        *follow.borrow_mut() = Some(RowKey::Chat(chat.clone()).to_string());
        let (session, dispatch) = (session.clone(), dispatch.clone());
        spawn(async move {
            if disconnect {
                writes::chats::disconnect(&session, &chat, &dispatch).await;
            } else {
                writes::chats::connect(&session, &chat, None, &dispatch).await;
            }
        });
    })
}

/// The filter's flex basis: its placeholder's length, so that the New button wraps below it
/// rather than cutting it.
fn filter_basis(placeholder: &str) -> String {
    format!("flex-basis:calc({}ch + 20px)", placeholder.chars().count())
}

/// What opening a row does: its chat (from the loaded pages, else its get chat answer) opens
/// in the pane with its title, members and link.
fn open_handler(
    chats: &ChatsHandle,
    on_open: &Callback<OpenChat>,
    t: &'static Strings,
) -> Callback<RowKey> {
    let (data, on_open) = (chats.data.clone(), on_open.clone());
    Callback::from(move |key: RowKey| {
        let Some(id) = key.chat_id() else { return };
        let looked_up = match data.lookups.get(id) {
            Some(ChatLookup::Found(chat)) => Some((**chat).clone()),
            _ => None,
        };
        let loaded = data
            .chats
            .ready()
            .and_then(|list| list.iter().find(|c| c.id == id).cloned());
        let Some(chat) = loaded.or(looked_up) else {
            return;
        };
        let title = view::chat_row(&chat, data.me.as_deref().unwrap_or_default(), t).title;
        on_open.emit(OpenChat {
            group: chat.chat_type == ChatType::Group,
            id: chat.id,
            title,
            members: chat.members,
            web_url: chat.web_url,
            row_key: key.to_string(),
        });
    })
}

/// A section's heading, id and what it says when empty.
fn section_words(
    section: Section,
    no_access: bool,
    t: &Strings,
) -> (&'static str, &'static str, &'static str) {
    match section {
        Section::Connected => {
            let empty = if no_access {
                t.no_read_access
            } else {
                t.empty_connected
            };
            (t.section_connected, "tc-connected", empty)
        }
        Section::Suggested => (t.section_suggested, "tc-suggested", t.empty_suggested),
        Section::Other => (t.section_other, "tc-other", t.empty_other),
    }
}

/// "Show more", whenever Graph gave a next link, with the error of a failed page above it.
fn show_more(session: &Rc<Session>, chats: &ChatsHandle) -> Html {
    let data = &chats.data;
    let (Some(next), Load::Ready(_)) = (data.next_link.clone(), &data.chats) else {
        return Html::default();
    };
    let busy = matches!(data.more, Load::Loading);
    let onclick = {
        let (session, dispatch) = (session.clone(), chats.dispatch.clone());
        let me = data.me.clone().unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(ChatsAction::MoreRequested);
            let (session, dispatch, next, me) =
                (session.clone(), dispatch.clone(), next.clone(), me.clone());
            spawn(async move { load::chats::more(&session, &next, &me, &dispatch).await });
        })
    };
    html! {
        <div class="tc-more">
            if let Load::Failed(message) = &data.more {
                <p role="alert" class="tc-more-error">{ message.clone() }</p>
            }
            <button type="button" class="tc-show-more" disabled={busy} aria-busy={super::aria(busy)} {onclick}>{ session.strings.show_more }</button>
        </div>
    }
}
