//! The Chats tab's data: loaded when the pane first shows, and the people on screen decorated
//! with their photo and presence.

use super::use_rows_on_screen;
use super::Visible;
use crate::load;
use crate::session::Session;
use crate::state::{ChatsAction, ChatsData};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The Chats tab's data and the only way to change it.
#[derive(Clone, PartialEq)]
pub struct ChatsHandle {
    /// What the tab has loaded.
    pub data: UseReducerHandle<ChatsData>,
    /// Sends an action to its reducer.
    pub dispatch: Callback<ChatsAction>,
}

/// The Chats tab's data, loaded when the pane shows (at mount in pane mode) until one load has
/// finished; closing the pane or unmounting aborts a load in flight, and the next opening
/// starts it again.
#[hook]
pub fn use_chats(session: &Rc<Session>, hidden: bool) -> ChatsHandle {
    let data = use_reducer(ChatsData::default);
    let dispatch: Callback<ChatsAction> = {
        let dispatcher = data.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let loaded = use_mut_ref(bool::default);
    {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        use_effect_with(hidden, move |hidden| {
            let mut controller = None;
            if !*hidden && !*loaded.borrow() {
                controller = web_sys::AbortController::new().ok();
                let mut pane_session = (*session).clone();
                if let Some(controller) = &controller {
                    pane_session.api = pane_session
                        .api
                        .clone()
                        .with_abort_signal(controller.signal());
                }
                spawn_local(async move {
                    load::chats::open(&pane_session, &dispatch).await;
                    if !pane_session.api.aborted() {
                        *loaded.borrow_mut() = true;
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
    let requested = use_mut_ref(HashSet::<String>::new);
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
            spawn_local(async move { load::chats::decorate(&session, &new, &dispatch).await });
        })
    };
    let visible = use_rows_on_screen(lists, rows, on_shown);
    (people, visible)
}
