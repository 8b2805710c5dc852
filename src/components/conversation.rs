//! A chat's conversation, inside the pane: a header (Back to chats, the title, the members with
//! People and Add people, Open in Teams), the messages (a polite `role="log"`: Tab reaches it,
//! Up and Down move between messages, Escape goes back), "Load earlier messages", and compose.

use super::{
    focus, icons, retry_error, AddPeople, AddPeopleProps, Compose, ComposeProps, MessageContext,
    MessageItem, MessageItemProps,
};
use crate::hooks::use_effect_on;
use crate::hooks::{self, use_session};
use crate::keyed::Map;
use crate::options::Options;
use crate::spawn;
use crate::state::{ChatsAction, ConversationAction, Delivery, Load, OpenChat};
use crate::text;
use crate::view::{self, MessageRow};
use crate::{links, load, writes};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Drafts by chat id: what was typed and not sent, kept while the mount lives.
pub type Drafts = Rc<RefCell<Vec<(String, String)>>>;

/// Props of [`Conversation`].
#[derive(Properties, PartialEq)]
pub struct ConversationProps {
    /// The chat.
    pub chat: OpenChat,
    /// The signed-in user's id.
    pub me: AttrValue,
    /// True while the pane is closed: nothing polls.
    pub hidden: bool,
    /// Back to the chat list.
    pub on_back: Callback<()>,
    /// Where the chat's draft is kept.
    pub drafts: Drafts,
    /// The Chats tab's reducer (reading the chat clears its unread mark).
    pub chats: Callback<ChatsAction>,
    /// Photos by lower-case user id.
    pub photos: Rc<Map<String, Option<String>>>,
    /// The mount options (poll interval, Teams hosts).
    pub options: Rc<Options>,
}

/// The open conversation.
#[function_component(Conversation)]
pub fn conversation(props: &ConversationProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let chat = &props.chat;
    let interval = props.options.messages_interval_seconds.saturating_mul(1000);
    let handle = hooks::use_conversation(
        &session,
        chat,
        &props.me,
        &props.chats,
        props.hidden,
        interval,
    );
    let (data, dispatch) = (&handle.data, &handle.dispatch);
    let rows = view::message_rows(
        data.messages.ready().map(Vec::as_slice).unwrap_or(&[]),
        &data.outbox,
        &data.members,
        &props.me,
        t,
    );
    let log_ref = use_node_ref();
    let (unseen, to_bottom) =
        hooks::use_stick_to_bottom(&log_ref, rows.len(), rows.first().map(|r| r.key.clone()));
    {
        // Opened, the conversation takes the row's place: focus goes to its compose box (as in
        // Teams), from where Shift+Tab reaches the messages and the header.
        let log_ref = log_ref.clone();
        use_effect_on((), move |()| {
            let compose = log_ref
                .cast::<web_sys::Element>()
                .and_then(|log| log.parent_element())
                .and_then(|section| section.query_selector(".tc-compose-box").ok().flatten());
            if let Some(compose) = compose {
                let _ =
                    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(compose).focus();
            }
        });
    }
    let people_open = use_state(bool::default);
    let adding = use_state(bool::default);
    let add_button = use_node_ref();
    let teams_url = chat
        .web_url
        .clone()
        .filter(|url| links::is_teams_url(url, &props.options.teams_hosts));
    let context = use_memo((chat.id.clone(), teams_url.clone()), |(id, teams_url)| {
        MessageContext {
            graph_root: session.api.graph_root().to_owned(),
            chat_id: id.clone(),
            teams_url: teams_url.clone(),
        }
    });
    let send = send_handler(&session, chat, dispatch, data);
    let on_retry = {
        let (session, dispatch, id, data) = (
            session.clone(),
            dispatch.clone(),
            chat.id.clone(),
            data.clone(),
        );
        Callback::from(move |local: u32| {
            let Some(out) = data
                .outgoing(local)
                .filter(|o| o.delivery == Delivery::NotSent)
                .cloned()
            else {
                return;
            };
            dispatch.emit(ConversationAction::Resend(local));
            let (session, dispatch, id) = (session.clone(), dispatch.clone(), id.clone());
            spawn(async move {
                writes::conversation::send(
                    &session,
                    &id,
                    local,
                    &out.html,
                    &out.mentions,
                    &dispatch,
                )
                .await;
            });
        })
    };
    let on_react = {
        let (session, dispatch, id, me) = (
            session.clone(),
            dispatch.clone(),
            chat.id.clone(),
            props.me.to_string(),
        );
        Callback::from(move |(message, emoji, on): (String, String, bool)| {
            let (session, dispatch, id, me) =
                (session.clone(), dispatch.clone(), id.clone(), me.clone());
            spawn(async move {
                writes::conversation::react(&session, &id, &message, &emoji, &me, on, &dispatch)
                    .await;
            });
        })
    };
    let on_edit = {
        let (session, dispatch, id) = (session.clone(), dispatch.clone(), chat.id.clone());
        Callback::from(
            move |(message, typed, done): (String, String, Callback<bool>)| {
                let (html, _) = writes::conversation::message_html(&typed, &[]);
                let (session, dispatch, id) = (session.clone(), dispatch.clone(), id.clone());
                spawn(async move {
                    done.emit(
                        writes::conversation::edit(&session, &id, &message, html, &dispatch).await,
                    );
                });
            },
        )
    };
    let on_image = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |src: String| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::conversation::image(&session, src, &dispatch).await });
        })
    };
    let images = Rc::new(data.images.clone());
    let messages = rows.iter().map(|row: &MessageRow| {
        let photo = row
            .author
            .as_ref()
            .and_then(|a| props.photos.get(a.person.as_deref()?).cloned().flatten());
        let props = MessageItemProps {
            row: row.clone(),
            context: context.clone(),
            photo,
            images: images.clone(),
            on_image: on_image.clone(),
            on_react: on_react.clone(),
            on_edit: on_edit.clone(),
            on_retry: on_retry.clone(),
        };
        html! { <MessageItem key={row.key.clone()} ..props /> }
    });
    let on_keydown = {
        let on_back = props.on_back.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                on_back.emit(());
            }
            "ArrowDown" | "ArrowUp" => focus::move_between_messages(&event),
            _ => {}
        })
    };
    let draft = props
        .drafts
        .borrow()
        .iter()
        .find(|(id, _)| *id == chat.id)
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let on_draft = {
        let (drafts, id) = (props.drafts.clone(), chat.id.clone());
        Callback::from(move |text: String| {
            let mut drafts = drafts.borrow_mut();
            drafts.retain(|(chat, _)| *chat != id);
            if !text.is_empty() {
                drafts.push((id.clone(), text));
            }
        })
    };
    html! {
        <section class="tc-conversation" aria-labelledby="tc-conversation-title" onkeydown={on_keydown}>
            { header(props, &data.members, &people_open, &adding, &add_button, teams_url.as_deref(), t) }
            if *adding {
                <AddPeople ..AddPeopleProps {
                    chat: chat.id.clone().into(),
                    members: data.members.clone(),
                    dispatch: dispatch.clone(),
                    fallback: add_button.clone(),
                    on_close: { let adding = adding.clone(); Callback::from(move |()| adding.set(false)) },
                } />
            }
            <p class="tc-notice" role="status" aria-live="polite">{ data.notice.clone().unwrap_or_default() }</p>
            { earlier(&session, chat, data, dispatch, t) }
            <div class="tc-log" role="log" aria-live="polite" tabindex="0" ref={log_ref}
                aria-label={text::fill(t.messages, "title", &chat.title)}>
                { for messages }
            </div>
            if let Load::Ready(list) = &data.messages {
                if list.is_empty() && data.outbox.is_empty() { <p class="tc-empty tc-no-messages">{ t.no_messages }</p> }
            }
            if unseen {
                <button type="button" class="tc-new-messages" onclick={super::on_click(&to_bottom)}>{ t.new_messages }</button>
            }
            <Compose ..ComposeProps { members: data.members.clone(), me: props.me.clone(), draft: draft.into(), on_draft, on_send: send } />
        </section>
    }
}

/// Back to chats, the title, the members with People (and Add people for a group chat), and
/// Open in Teams.
fn header(
    props: &ConversationProps,
    members: &[crate::state::Member],
    people_open: &UseStateHandle<bool>,
    adding: &UseStateHandle<bool>,
    add_button: &NodeRef,
    teams_url: Option<&str>,
    t: &text::Strings,
) -> Html {
    let toggle_people = {
        let people_open = people_open.clone();
        Callback::from(move |_: MouseEvent| people_open.set(!*people_open))
    };
    let open_add = {
        let adding = adding.clone();
        Callback::from(move |_: MouseEvent| adding.set(true))
    };
    let names = members
        .iter()
        .filter_map(|m| m.display_name.clone())
        .map(|name| html! { <li>{ name }</li> });
    html! {
        <header class="tc-conversation-header">
            <button type="button" class="tc-back" onclick={super::on_click(&props.on_back)}>
                { icons::back() }<span>{ t.back_to_chats }</span>
            </button>
            <h3 id="tc-conversation-title" class="tc-conversation-title" dir="auto">{ props.chat.title.clone() }</h3>
            <div class="tc-conversation-members">
                <span class="tc-muted" dir="auto">{ view::members_line(members, &props.me, t) }</span>
                <button type="button" class="tc-secondary" aria-expanded={super::aria(**people_open)} aria-controls="tc-members"
                    onclick={toggle_people}>{ t.people }</button>
                if props.chat.group {
                    <button type="button" class="tc-secondary" ref={add_button.clone()} onclick={open_add}>{ t.add_to_chat }</button>
                }
                if let Some(url) = teams_url {
                    <a class="tc-secondary tc-open-teams" href={url.to_owned()} target="_blank" rel="noopener noreferrer">{ t.open_in_teams }</a>
                }
            </div>
            <ul id="tc-members" class="tc-members" aria-label={t.chat_members} hidden={!**people_open}>{ for names }</ul>
        </header>
    }
}

/// "Load earlier messages" while Graph gave a next link, and a failed first page with Retry.
fn earlier(
    session: &Rc<crate::session::Session>,
    chat: &OpenChat,
    data: &UseReducerHandle<crate::state::ConversationData>,
    dispatch: &Callback<ConversationAction>,
    t: &text::Strings,
) -> Html {
    if let Load::Failed(message) = &data.messages {
        let (session, dispatch, id) = (session.clone(), dispatch.clone(), chat.id.clone());
        let retry = Callback::from(move |()| {
            let (session, dispatch, id) = (session.clone(), dispatch.clone(), id.clone());
            spawn(async move { load::conversation::newest(&session, &id, &dispatch).await });
        });
        return retry_error(message, t.retry, retry);
    }
    let Some(next) = data.next_link.clone() else {
        return match data.messages {
            Load::Loading => html! { <p class="tc-empty" role="status">{ t.loading }</p> },
            _ => Html::default(),
        };
    };
    let busy = matches!(data.earlier, Load::Loading);
    let onclick = {
        let (session, dispatch, id) = (session.clone(), dispatch.clone(), chat.id.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(ConversationAction::EarlierRequested);
            let (session, dispatch, id, next) =
                (session.clone(), dispatch.clone(), id.clone(), next.clone());
            spawn(
                async move { load::conversation::earlier(&session, &id, &next, &dispatch).await },
            );
        })
    };
    html! {
        <div class="tc-more">
            if let Load::Failed(message) = &data.earlier { <p role="alert" class="tc-more-error">{ message.clone() }</p> }
            <button type="button" class="tc-show-more" disabled={busy} aria-busy={super::aria(busy)} {onclick}>{ t.load_earlier }</button>
        </div>
    }
}

/// What Send does: the message shows at once as "Sending…", then Graph's answer replaces it.
fn send_handler(
    session: &Rc<crate::session::Session>,
    chat: &OpenChat,
    dispatch: &Callback<ConversationAction>,
    data: &UseReducerHandle<crate::state::ConversationData>,
) -> Callback<(String, Vec<(String, String)>)> {
    let (session, dispatch, id) = (session.clone(), dispatch.clone(), chat.id.clone());
    // The number the queued message gets: the reducer hands them out in order.
    let next_local = data.next_local();
    let counter = Rc::new(std::cell::Cell::new(next_local));
    Callback::from(move |(typed, picked): (String, Vec<(String, String)>)| {
        let (html, mentions) = writes::conversation::message_html(&typed, &picked);
        let local = counter.get();
        counter.set(local + 1);
        dispatch.emit(ConversationAction::Queued {
            html: html.clone(),
            text: typed,
            mentions: mentions.clone(),
        });
        let (session, dispatch, id) = (session.clone(), dispatch.clone(), id.clone());
        spawn(async move {
            writes::conversation::send(&session, &id, local, &html, &mentions, &dispatch).await;
        });
    })
}
