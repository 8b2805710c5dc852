//! Moving focus by hand where the browser does not: roving focus between rows, the items of an
//! open menu, the tabs, a dialog's trap. Every element lives in the component's shadow root,
//! whose `activeElement` says what has focus.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};
use yew::prelude::*;

/// Arrow keys, Home and End move focus between the rows under the listening element (roving
/// tabindex across sections).
pub fn rove(event: KeyboardEvent) {
    let key = event.key();
    if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
        return;
    }
    let Some(container) = event
        .current_target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let rows = all(&container, ".tc-row");
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok());
    let Some(current) = target.and_then(|t| rows.iter().position(|r| *r == t)) else {
        return;
    };
    let next = match key.as_str() {
        "ArrowDown" => (current + 1).min(rows.len() - 1),
        "ArrowUp" => current.saturating_sub(1),
        "Home" => 0,
        _ => rows.len() - 1,
    };
    event.prevent_default();
    for (index, row) in rows.iter().enumerate() {
        let _ = row.set_attribute("tabindex", if index == next { "0" } else { "-1" });
    }
    let _ = rows[next].focus();
}

/// Up and Down move between the messages of a conversation's log, from the log itself or a
/// message (not from a field or a button inside one).
pub fn move_between_messages(event: &KeyboardEvent) {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let on_log = target.class_list().contains("tc-log");
    if !on_log && !target.class_list().contains("tc-msg") {
        return;
    }
    let next = match (on_log, event.key().as_str()) {
        (true, "ArrowUp") => target.last_element_child(),
        (true, _) => target.first_element_child(),
        (false, "ArrowUp") => target.previous_element_sibling(),
        (false, _) => target.next_element_sibling(),
    };
    if let Some(next) = next.and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
        event.prevent_default();
        let _ = next.focus();
    }
}

/// Moves focus between the items of an open menu (WAI-ARIA menu: arrows stop at the ends).
pub fn move_in_menu(menu: &NodeRef, key: &str) {
    let Some(menu) = menu.cast::<HtmlElement>() else {
        return;
    };
    let items = all(&menu, "[role=menuitem]");
    let Some(last) = items.len().checked_sub(1) else {
        return;
    };
    let active = active_in(&menu);
    let current = items
        .iter()
        .position(|item| active.as_ref() == Some(item.unchecked_ref()));
    let next = match (key, current) {
        ("Home", _) | (_, None) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(at)) => (at + 1).min(last),
        (_, Some(at)) => at.saturating_sub(1),
    };
    let _ = items[next].focus();
}

/// Opens a row's menu upward when it would run past the bottom of the list that scrolls it (the
/// last rows of a short list), so that it shows whole without scrolling.
pub fn open_upward_near_the_end(menu: &NodeRef) {
    let Some(menu) = menu.cast::<HtmlElement>() else {
        return;
    };
    let Some(list) = menu.closest(".tc-lists").ok().flatten() else {
        return;
    };
    let (m, l) = (
        menu.get_bounding_client_rect(),
        list.get_bounding_client_rect(),
    );
    let row_top = menu
        .parent_element()
        .map_or(m.top(), |row| row.get_bounding_client_rect().top());
    if m.bottom() > l.bottom() && row_top - l.top() >= m.height() {
        let _ = menu.class_list().add_1("tc-menu-up");
    }
}

/// Keeps Tab and Shift+Tab inside a dialog.
pub fn trap_focus(event: &KeyboardEvent, dialog: &NodeRef) {
    let Some(dialog) = dialog.cast::<HtmlElement>() else {
        return;
    };
    let items = all(&dialog, "input, button:not([disabled]), select, textarea");
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = active_in(&dialog);
    let at_last = active.as_ref() == Some(last.unchecked_ref());
    let at_first = active.as_ref() == Some(first.unchecked_ref());
    if event.shift_key() && at_first {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at_last {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// Moves focus from a button about to be disabled to its dialog, so that focus is not dropped
/// onto the page (where Escape and Tab would no longer reach the dialog).
pub fn hold_focus(event: &MouseEvent) {
    let dialog = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|e| e.closest("[role=dialog]").ok().flatten())
        .and_then(|d| d.dyn_into::<HtmlElement>().ok());
    if let Some(dialog) = dialog {
        let _ = dialog.focus();
    }
}

/// Focuses the first element under `container` that matches `selector`.
pub fn focus_first(container: &NodeRef, selector: &str) {
    if let Some(first) = container
        .cast::<HtmlElement>()
        .and_then(|c| c.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = first.focus();
    }
}

/// Focuses the element with this id in the same shadow root as the event's target.
pub fn focus_by_id(event: &Event, id: &str) {
    let root = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .and_then(|n| n.get_root_node().dyn_into::<ShadowRoot>().ok());
    if let Some(element) = root
        .and_then(|r| r.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The row with this DOM key under `container`.
pub fn row_with_key(container: &HtmlElement, key: &str) -> Option<HtmlElement> {
    let selector = format!(".tc-row[data-key=\"{}\"]", key.replace('"', "\\\""));
    container
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|row| row.dyn_into().ok())
}

/// The row after the one with this DOM key, else the one before it.
pub fn neighbour_row(container: &NodeRef, key: &str) -> Option<HtmlElement> {
    let row = row_with_key(&container.cast::<HtmlElement>()?, key)?;
    row.next_element_sibling()
        .or_else(|| row.previous_element_sibling())
        .and_then(|e| e.dyn_into().ok())
}

/// The focused element, when it is inside this element.
pub fn focused_in(container: &NodeRef) -> Option<HtmlElement> {
    let container = container.cast::<HtmlElement>()?;
    let active = active_in(&container)?;
    container
        .contains(Some(&active))
        .then(|| active.dyn_into().ok())
        .flatten()
}

/// Whether focus has left the shadow root this element is in (it went with a removed element).
pub fn lost(element: &HtmlElement) -> bool {
    element
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .map_or(true, |root| root.active_element().is_none())
}

/// The focused element of the shadow root this element is in.
pub fn active(element: &HtmlElement) -> Option<HtmlElement> {
    active_in(element)?.dyn_into().ok()
}

fn active_in(element: &HtmlElement) -> Option<Element> {
    element
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()?
        .active_element()
}

/// The elements under `container` that match `selector`, in document order.
fn all(container: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let Ok(nodes) = container.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}
