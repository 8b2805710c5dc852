//! The pane of button mode, anchored to its button: in the top layer (the Popover API, so no
//! host's `overflow`, `transform` or `z-index` clips or covers it; `position: fixed` where the
//! browser has no Popover API), placed by `view::place`, following the button on scroll and
//! resize, and closed by a press outside it and the button.

use super::use_effect_on;
use crate::view::{self, Rect};
use gloo_events::{EventListener, EventListenerOptions};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// While `open`, shows the pane at `pane` next to the button at `button` (`rtl` mirrors the
/// alignment) and keeps it there; `on_outside` fires on a pointer press outside both.
#[hook]
pub fn use_anchored_pane(
    open: bool,
    button: &NodeRef,
    pane: &NodeRef,
    rtl: bool,
    on_outside: Callback<()>,
) {
    let (button, pane) = (button.clone(), pane.clone());
    use_effect_on(open, move |open| {
        let mut listeners = Vec::new();
        let shown = pane.cast::<HtmlElement>().filter(|_| *open);
        if let (Some(element), Some(anchor)) = (&shown, button.cast::<Element>()) {
            let follow = {
                let (element, anchor) = (element.clone(), anchor.clone());
                move || position(&element, &anchor, rtl)
            };
            follow();
            // Unsupported (no Popover API) leaves the pane where `position: fixed` puts it.
            let _ = element.show_popover();
            if let Some(document) = element.owner_document() {
                let capture = EventListenerOptions::run_in_capture_phase();
                // Scrolling anywhere (the page or any scrolling ancestor) moves the button.
                let on_scroll = follow.clone();
                listeners.push(EventListener::new_with_options(
                    &document,
                    "scroll",
                    capture,
                    move |_| on_scroll(),
                ));
                if let Some(window) = document.default_view() {
                    listeners.push(EventListener::new(&window, "resize", move |_| follow()));
                }
                let (element, anchor) = (element.clone(), anchor.clone());
                listeners.push(EventListener::new_with_options(
                    &document,
                    "pointerdown",
                    capture,
                    move |event| {
                        let path = event.composed_path();
                        let inside = path.includes(&element, 0) || path.includes(&anchor, 0);
                        if !inside {
                            on_outside.emit(());
                        }
                    },
                ));
            }
        }
        move || {
            drop(listeners);
            if let Some(element) = shown {
                let _ = element.hide_popover();
            }
        }
    });
}

/// Whether the browser has the Popover API; where it has not, the pane is placed the same way
/// with `position: fixed` alone (which an ancestor's `transform` can then still capture).
pub fn supports_popover() -> bool {
    let class = js_sys::Reflect::get(&js_sys::global(), &"HTMLElement".into());
    let prototype = class.and_then(|class| js_sys::Reflect::get(&class, &"prototype".into()));
    prototype.is_ok_and(|p| js_sys::Reflect::has(&p, &"showPopover".into()).unwrap_or(false))
}

/// Places the pane for where its button is now, in the viewport of the document it is in (a
/// frame's own, inside an iframe).
fn position(pane: &HtmlElement, button: &Element, rtl: bool) {
    let Some(document) = pane.owner_document() else {
        return;
    };
    // The element whose client size is the viewport's: the body in a quirks-mode page.
    let root = match document.compat_mode().as_str() {
        "BackCompat" => document.body().map(Element::from),
        _ => document.document_element(),
    };
    let Some(root) = root else { return };
    let r = button.get_bounding_client_rect();
    let button = Rect {
        left: r.left(),
        top: r.top(),
        right: r.right(),
        bottom: r.bottom(),
    };
    // The viewport less any scroll bar, as the page lays out.
    let viewport = (
        f64::from(root.client_width()),
        f64::from(root.client_height()),
    );
    let placement = view::place(button, viewport, rtl);
    let _ = pane.set_attribute("style", &placement.style());
}
