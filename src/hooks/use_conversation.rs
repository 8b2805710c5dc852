//! An open conversation's data and effects: loaded when it opens (the request aborted if it
//! closes first), polled for new and edited messages while the pane shows and the tab is
//! visible (slower after throttling), and its hosted images freed when it closes.

use super::use_polling::page_hidden;
use super::{use_effect_always, use_effect_on};
use crate::api::{http, Error};
use crate::load;
use crate::session::Session;
use crate::spawn;
use crate::state::{ChatsAction, ConversationAction, ConversationData, OpenChat};
use gloo_timers::callback::Interval;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The conversation's data and the only way to change it.
#[derive(Clone, PartialEq)]
pub struct ConversationHandle {
    /// What it shows.
    pub data: UseReducerHandle<ConversationData>,
    /// Sends an action to its reducer.
    pub dispatch: Callback<ConversationAction>,
}

/// The open chat's conversation: loads it, polls it every `interval_ms` while `hidden` is false
/// and the page visible, and marks it read (which `chats` hears).
#[hook]
pub fn use_conversation(
    session: &Rc<Session>,
    chat: &OpenChat,
    me: &str,
    chats: &Callback<ChatsAction>,
    hidden: bool,
    interval_ms: u32,
) -> ConversationHandle {
    let data = {
        let members = chat.members.clone();
        use_reducer(move || ConversationData::new(members))
    };
    let dispatch: Callback<ConversationAction> = {
        let dispatcher = data.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    {
        let (session, dispatch, chats) = (session.clone(), dispatch.clone(), chats.clone());
        let (id, me, members) = (chat.id.clone(), me.to_owned(), chat.members.clone());
        use_effect_on((), move |_| {
            let controller = web_sys::AbortController::new().ok();
            let mut scoped = (*session).clone();
            if let Some(controller) = &controller {
                scoped.api = scoped.api.clone().with_abort_signal(controller.signal());
            }
            spawn(async move {
                load::conversation::open(&scoped, &id, &me, &members, &dispatch, &chats).await;
            });
            move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }
        });
    }
    // The newest change seen, read by the timer at each tick (it outlives this render).
    let since = use_mut_ref(|| None::<String>);
    let opened = use_memo((), |_| crate::text::iso_time(js_sys::Date::now() as i64));
    // An empty chat asks for what came after it opened.
    *since.borrow_mut() = data
        .since()
        .map(str::to_owned)
        .or_else(|| data.messages.ready().map(|_| (*opened).clone()));
    {
        let (session, dispatch, id) = (session.clone(), dispatch.clone(), chat.id.clone());
        use_effect_on((hidden, interval_ms), move |(hidden, interval_ms)| {
            let mut timer = None;
            if !*hidden {
                let slow = Rc::new(Cell::new(1u32));
                let waited = Rc::new(Cell::new(0u32));
                timer = Some(Interval::new(*interval_ms, move || {
                    waited.set(waited.get() + 1);
                    let Some(stamp) = since.borrow().clone() else {
                        return;
                    };
                    if waited.get() < slow.get() || page_hidden() {
                        return;
                    }
                    waited.set(0);
                    let (session, dispatch, id, slow) =
                        (session.clone(), dispatch.clone(), id.clone(), slow.clone());
                    spawn(async move {
                        match load::conversation::changes(&session, &id, &stamp, &dispatch).await {
                            Err(Error::Status {
                                status: 429 | 503, ..
                            }) => slow.set((slow.get() * 2).min(8)),
                            _ => slow.set(1),
                        }
                    });
                }));
            }
            move || drop(timer)
        });
    }
    {
        // The hosted images' `blob:` URLs live as long as the conversation.
        let images = use_mut_ref(Vec::<String>::new);
        *images.borrow_mut() = data
            .images
            .iter()
            .filter_map(|(_, url)| url.clone())
            .collect();
        use_effect_on((), move |_| {
            move || {
                for url in images.borrow().iter() {
                    http::revoke(url);
                }
            }
        });
    }
    ConversationHandle { data, dispatch }
}

/// Keeps the log at its newest message while the reader is there: new messages scroll it down,
/// else they set `unseen` (a "New messages" button, whose callback scrolls down); earlier
/// messages put above keep the reader where they were.
#[hook]
pub fn use_stick_to_bottom(
    log: &NodeRef,
    count: usize,
    first: Option<String>,
) -> (bool, Callback<()>) {
    let stick = use_mut_ref(|| true);
    let seen = use_mut_ref(|| (0usize, None::<String>, 0i32));
    let unseen = use_state(bool::default);
    {
        let (log, stick, unseen) = (log.clone(), stick.clone(), unseen.clone());
        use_effect_on((), move |_| {
            let listener = log.cast::<web_sys::HtmlElement>().map(|element| {
                let target = element.clone();
                gloo_events::EventListener::new(&target, "scroll", move |_| {
                    let bottom = element.scroll_top() + element.client_height()
                        >= element.scroll_height() - 24;
                    *stick.borrow_mut() = bottom;
                    if bottom {
                        unseen.set(false);
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        let (log, stick, unseen) = (log.clone(), stick.clone(), unseen.clone());
        use_effect_always(move || {
            let Some(element) = log.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let (old_count, old_first, old_height) = seen.borrow().clone();
            let height = element.scroll_height();
            if count > old_count && old_count > 0 && first != old_first {
                // Earlier messages went above: the reader stays with what they were reading.
                element.set_scroll_top(element.scroll_top() + height - old_height);
            } else if count > old_count {
                if *stick.borrow() {
                    element.set_scroll_top(height);
                } else {
                    unseen.set(true);
                }
            }
            *seen.borrow_mut() = (count, first, element.scroll_height());
        });
    }
    let to_bottom = {
        let (log, unseen) = (log.clone(), unseen.clone());
        Callback::from(move |()| {
            if let Some(element) = log.cast::<web_sys::HtmlElement>() {
                element.set_scroll_top(element.scroll_height());
            }
            *stick.borrow_mut() = true;
            unseen.set(false);
        })
    };
    (*unseen, to_bottom)
}
