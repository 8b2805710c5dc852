//! Keeping focus where a keyboard user expects it when a row they acted on moves or goes away:
//! a row that moves to another section is a new element, and a removed row takes focus with it.

use super::{use_effect_always, use_effect_on};
use crate::components::focus;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The DOM key of a row that focus should follow to wherever it renders next.
pub type FollowRow = Rc<RefCell<Option<String>>>;

/// After each render, focuses the row whose key was put in the returned cell once it is under
/// `container`, if nothing else has taken focus meanwhile.
#[hook]
pub fn use_focus_follows_row(container: &NodeRef) -> FollowRow {
    let follow: FollowRow = use_mut_ref(|| None);
    {
        let (follow, container) = (follow.clone(), container.clone());
        use_effect_always(move || {
            let key = follow.borrow().clone();
            let Some(key) = key else { return };
            let Some(row) = container
                .cast::<HtmlElement>()
                .and_then(|c| focus::row_with_key(&c, &key))
            else {
                return;
            };
            // Once the row has moved, focus follows it only if nothing else has taken it.
            if focus::lost(&row) {
                let _ = row.focus();
            }
            *follow.borrow_mut() = None;
        });
    }
    follow
}

/// After the next render, if focus was lost, focuses the element put in the returned cell (the
/// removed row's neighbour) when it is still in the page, else `fallback`.
#[hook]
pub fn use_focus_neighbour(
    container: &NodeRef,
    fallback: &NodeRef,
) -> Rc<RefCell<Option<HtmlElement>>> {
    let target = use_mut_ref(|| None::<HtmlElement>);
    {
        let (target, container, fallback) = (target.clone(), container.clone(), fallback.clone());
        use_effect_always(move || {
            if target.borrow().is_none() {
                return;
            }
            let focus_lost = container
                .cast::<HtmlElement>()
                .is_some_and(|c| focus::lost(&c));
            let next = target
                .borrow_mut()
                .take()
                .filter(|e| e.is_connected())
                .or_else(|| fallback.cast::<HtmlElement>());
            if let (true, Some(next)) = (focus_lost, next) {
                let _ = next.focus();
            }
        });
    }
    target
}

/// A dialog's focus: when it opens, the first element matching `initial_focus` takes focus;
/// when it closes, focus goes back to whatever had it before (the button or the row whose menu
/// opened it), else to `fallback`. Returns the ref the dialog's element takes.
#[hook]
pub fn use_dialog(initial_focus: &'static str, fallback: &NodeRef) -> NodeRef {
    let dialog_ref = use_node_ref();
    {
        let (dialog_ref, fallback) = (dialog_ref.clone(), fallback.clone());
        use_effect_on((), move |_| {
            let opener = dialog_ref
                .cast::<HtmlElement>()
                .and_then(|d| focus::active(&d));
            focus::focus_first(&dialog_ref, initial_focus);
            move || {
                let back = opener
                    .filter(|e| e.is_connected())
                    .or_else(|| fallback.cast::<HtmlElement>());
                if let Some(back) = back {
                    let _ = back.focus();
                }
            }
        });
    }
    dialog_ref
}
