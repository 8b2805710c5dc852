//! Polling while the pane is open and the tab visible: presence of the people on screen, and
//! the chat list (also when the window regains focus); both slow down after throttling.

use super::use_effect_on;
use super::Visible;
use crate::api::Error;
use crate::load;
use crate::options::Options;
use crate::session::Session;
use crate::spawn;
use crate::state::ChatsAction;
use gloo_timers::callback::Interval;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Presence and the chat list refresh while the pane is open and the tab visible; after a 429
/// the presence interval doubles (up to eight times), and the chat list refreshes on focus too.
#[hook]
pub fn use_polling(
    session: &Rc<Session>,
    dispatch: &Callback<ChatsAction>,
    hidden: bool,
    options: &Options,
    people: Rc<RefCell<Vec<String>>>,
    visible: Visible,
) {
    let session = session.clone();
    let dispatch = dispatch.clone();
    let presence_ms = options.presence_interval_seconds.saturating_mul(1000);
    let list_ms = options.chat_list_interval_seconds.saturating_mul(1000);
    use_effect_on(
        (hidden, presence_ms, list_ms),
        move |(hidden, presence_ms, list_ms)| {
            let mut timers: Vec<Interval> = Vec::new();
            let mut focus: Option<gloo_events::EventListener> = None;
            if !*hidden {
                let slow = Rc::new(Cell::new(1u32));
                let waited = Rc::new(Cell::new(0u32));
                {
                    let (session, dispatch, people, slow) = (
                        session.clone(),
                        dispatch.clone(),
                        people.clone(),
                        slow.clone(),
                    );
                    timers.push(Interval::new(*presence_ms, move || {
                        waited.set(waited.get() + 1);
                        if waited.get() < slow.get() || page_hidden() {
                            return;
                        }
                        waited.set(0);
                        // The first rows and whoever else is on screen now, once each.
                        let mut ids = people.borrow().clone();
                        for (_, person) in visible.borrow().iter() {
                            if !ids.contains(person) {
                                ids.push(person.clone());
                            }
                        }
                        let (session, dispatch, people, slow) =
                            (session.clone(), dispatch.clone(), ids, slow.clone());
                        spawn(async move {
                            match load::chats::refresh_presence(&session, &people, &dispatch).await
                            {
                                Err(Error::Status {
                                    status: 429 | 503, ..
                                }) => slow.set((slow.get() * 2).min(8)),
                                _ => slow.set(1),
                            }
                        });
                    }));
                }
                // The list was just loaded when the pane opened: a focus right after must not
                // load it again.
                let last = Rc::new(Cell::new(js_sys::Date::now()));
                let refresh = {
                    let (session, dispatch) = (session.clone(), dispatch.clone());
                    move || {
                        if js_sys::Date::now() - last.get() < MIN_REFRESH_GAP_MS {
                            return;
                        }
                        last.set(js_sys::Date::now());
                        let (session, dispatch) = (session.clone(), dispatch.clone());
                        spawn(async move {
                            load::chats::first_page(&session, &dispatch).await;
                        });
                    }
                };
                {
                    let refresh = refresh.clone();
                    timers.push(Interval::new(*list_ms, move || {
                        if !page_hidden() {
                            refresh();
                        }
                    }));
                }
                if let Some(window) = web_sys::window() {
                    focus = Some(gloo_events::EventListener::new(
                        &window,
                        "focus",
                        move |_| refresh(),
                    ));
                }
            }
            move || {
                drop(timers);
                drop(focus);
            }
        },
    );
}

/// The shortest time between two refreshes of the chat list (focus can come in bursts).
const MIN_REFRESH_GAP_MS: f64 = 10_000.0;

/// Whether the page is in a background tab (nothing polls then).
pub(crate) fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
