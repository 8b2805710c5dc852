//! Whose rows are on screen, from an `IntersectionObserver` on the pane's rows: presence polls
//! them, and people scrolled into view get their photo and presence (product.md §3).

use super::{use_effect_always, use_effect_on};
use gloo_timers::future::TimeoutFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry};
use yew::prelude::*;

/// The rows on screen now: row key and person id (a few dozen at most, so a list).
pub type Visible = Rc<RefCell<Vec<(String, String)>>>;

/// How long scrolling must rest before newly shown people are reported, in milliseconds.
const SETTLE_MS: u32 = 150;

/// Watches the rows with a person under `pane` (`rows` are their keys and people, in order) and
/// keeps the map of those on screen; `on_shown` gets the people on screen once scrolling rests
/// after someone came into view.
#[hook]
pub fn use_rows_on_screen(
    pane: &NodeRef,
    rows: Vec<(String, String)>,
    on_shown: Callback<Vec<String>>,
) -> Visible {
    let visible: Visible = use_mut_ref(Vec::new);
    let latest = use_mut_ref(|| on_shown.clone());
    *latest.borrow_mut() = on_shown;
    let watcher = use_mut_ref(|| None::<Watcher>);
    let observed = use_mut_ref(Vec::<(String, String)>::new);
    {
        let (pane, visible, watcher) = (pane.clone(), visible.clone(), watcher.clone());
        use_effect_always(move || {
            // Rows are observed again only when they change (a move between sections makes a
            // new element), not on every presence update.
            if *observed.borrow() != rows {
                if let Some(pane) = pane.cast::<Element>() {
                    let mut slot = watcher.borrow_mut();
                    if slot.is_none() {
                        *slot = Watcher::new(visible.clone(), latest);
                    }
                    if let Some(watcher) = slot.as_ref() {
                        watcher.observer.disconnect();
                        visible.borrow_mut().clear();
                        if let Ok(list) = pane.query_selector_all(".tc-row[data-person]") {
                            for index in 0..list.length() {
                                if let Some(row) =
                                    list.item(index).and_then(|n| n.dyn_into::<Element>().ok())
                                {
                                    watcher.observer.observe(&row);
                                }
                            }
                        }
                        *observed.borrow_mut() = rows;
                    }
                }
            }
        });
    }
    use_effect_on((), move |_| {
        move || {
            if let Some(watcher) = watcher.borrow_mut().take() {
                watcher.observer.disconnect();
            }
        }
    });
    visible
}

/// The observer and what it calls, alive while the pane is.
struct Watcher {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Watcher {
    fn new(visible: Visible, on_shown: Rc<RefCell<Callback<Vec<String>>>>) -> Option<Self> {
        let pending = Rc::new(Cell::new(false));
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let mut shown = false;
            for entry in entries.iter() {
                let entry: IntersectionObserverEntry = entry.unchecked_into();
                let row = entry.target();
                let (Some(key), Some(person)) = (
                    row.get_attribute("data-key"),
                    row.get_attribute("data-person"),
                ) else {
                    continue;
                };
                let mut rows = visible.borrow_mut();
                let at = rows.iter().position(|(k, _)| *k == key);
                match (entry.is_intersecting(), at) {
                    (true, None) => {
                        rows.push((key, person));
                        shown = true;
                    }
                    (false, Some(at)) => {
                        rows.swap_remove(at);
                    }
                    _ => {}
                }
            }
            if shown && !pending.replace(true) {
                let (visible, on_shown, pending) =
                    (visible.clone(), on_shown.clone(), pending.clone());
                crate::spawn(async move {
                    TimeoutFuture::new(SETTLE_MS).await;
                    pending.set(false);
                    let people: Vec<String> =
                        visible.borrow().iter().map(|(_, p)| p.clone()).collect();
                    on_shown.borrow().emit(people);
                });
            }
        });
        let observer = IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        Some(Self {
            observer,
            _callback: callback,
        })
    }
}
