//! The Chats tab's data: loaded when the pane first shows (or just before, when the user is
//! about to open it), and the people on screen decorated with their photo and presence.

use super::use_effect_on;
use super::use_rows_on_screen;
use super::Visible;
use crate::keyed::Set;
use crate::load;
use crate::session::Session;
use crate::spawn;
use crate::state::{ChatsAction, ChatsData};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The Chats tab's data and the only way to change it.
#[derive(Clone)]
pub struct ChatsHandle {
    /// What the tab has loaded.
    pub data: UseReducerHandle<ChatsData>,
    /// Sends an action to its reducer.
    pub dispatch: Callback<ChatsAction>,
}

/// The same data when it is the same state: the reducer makes a new one for every change, so
/// comparing where they live is enough, and spares the wasm a field-by-field comparison.
impl PartialEq for ChatsHandle {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq::<ChatsData>(&*self.data, &*other.data) && self.dispatch == other.dispatch
    }
}

/// The Chats tab's data, loaded once `wanted` (the pane shows, at mount in pane mode, or the user
/// is about to open it) until one load has finished; no longer wanted (the pane closed) or
/// unmounting aborts a load in flight, and the next opening starts it again. Wanted again later,
/// the rows loaded show at once, from memory (this mount's only), and are read again when older
/// than `stale_ms`.
#[hook]
pub fn use_chats(session: &Rc<Session>, wanted: bool, stale_ms: f64) -> ChatsHandle {
    let data = use_reducer(ChatsData::default);
    let dispatch: Callback<ChatsAction> = {
        let dispatcher = data.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    // When the rows were last read whole (None: never).
    let loaded_at = use_mut_ref(|| None::<f64>);
    {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        use_effect_on(wanted, move |wanted| {
            let mut controller = None;
            let since = loaded_at.borrow().map(|at| js_sys::Date::now() - at);
            if *wanted && since.is_none_or(|since| since >= stale_ms) {
                controller = web_sys::AbortController::new().ok();
                let mut pane_session = (*session).clone();
                if let Some(controller) = &controller {
                    pane_session.api = pane_session
                        .api
                        .clone()
                        .with_abort_signal(controller.signal());
                }
                spawn(async move {
                    let started = js_sys::Date::now();
                    if since.is_some() {
                        load::chats::reopen(&pane_session, &dispatch).await;
                    } else {
                        load::chats::open(&pane_session, &dispatch).await;
                    }
                    if !pane_session.api.aborted() {
                        *loaded_at.borrow_mut() = Some(started);
                    }
                });
            }
            move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }
        });
    }
    ChatsHandle { data, dispatch }
}

/// Who is on screen: `first` (the people of the rows decorated when the pane opened) and every
/// row the observer sees under `lists`; people scrolled into view get their photo and presence
/// once, when scrolling rests. Returns the first people and the rows on screen, for polling.
#[hook]
pub fn use_people_on_screen(
    session: &Rc<Session>,
    chats: &ChatsHandle,
    lists: &NodeRef,
    first: Vec<String>,
    rows: Vec<(String, String)>,
) -> (Rc<RefCell<Vec<String>>>, Visible) {
    let people = use_mut_ref(Vec::<String>::new);
    *people.borrow_mut() = first;
    let requested = use_mut_ref(Set::<String>::new);
    let on_shown = {
        let (session, dispatch, people) = (session.clone(), chats.dispatch.clone(), people.clone());
        // Photos answered (with or without one) are known; the handle is this render's data.
        let data = chats.data.clone();
        Callback::from(move |shown: Vec<String>| {
            // Each person once: `insert` is false for whoever was asked already.
            let mut asked = requested.borrow_mut();
            let new: Vec<String> = shown
                .into_iter()
                .filter(|p| !data.photos.contains_key(p) && !people.borrow().contains(p))
                .filter(|p| asked.insert(p.clone()))
                .collect();
            if new.is_empty() {
                return;
            }
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::chats::decorate(&session, &new, &dispatch).await });
        })
    };
    let visible = use_rows_on_screen(lists, rows, on_shown);
    (people, visible)
}
