//! The Collaborate command-bar button.

use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What [`collaborate_button`] shows and fires.
pub struct CollaborateButtonProps<'a> {
    /// Whether the pane it controls is open.
    pub expanded: bool,
    /// The id of the pane it controls.
    pub controls: &'static str,
    /// Lets the parent return focus here.
    pub button_ref: &'a NodeRef,
    /// Fired on a click, Enter or Space (a native button turns both keys into a click).
    pub on_toggle: &'a Callback<()>,
    /// Fired when the pointer has rested on the button for [`INTENT_MS`], or the button got
    /// focus: the pane's data can load before the click.
    pub on_intent: &'a Callback<()>,
    /// The pending rest timer, kept by the component that renders the button
    /// (`use_mut_ref(Option::default)`).
    pub rest: &'a Rc<RefCell<Option<Timeout>>>,
    /// The button's text.
    pub label: &'static str,
}

/// How long the pointer rests on the button before that counts as the intent to open.
pub const INTENT_MS: u32 = 150;

/// A real `<button>` named "Collaborate" with `aria-expanded` and `aria-controls`. A function,
/// not a component: its one piece of state (the rest timer) lives in its parent, which renders
/// it whenever `expanded` changes anyway.
pub fn collaborate_button(props: CollaborateButtonProps) -> Html {
    let onclick = super::on_click(props.on_toggle);
    // A pointer passing over the button is no intent; one that rests there is.
    let onpointerenter = {
        let (rest, on_intent) = (props.rest.clone(), props.on_intent.clone());
        Callback::from(move |_: PointerEvent| {
            let on_intent = on_intent.clone();
            *rest.borrow_mut() = Some(Timeout::new(INTENT_MS, move || on_intent.emit(())));
        })
    };
    let onpointerleave = {
        let rest = props.rest.clone();
        Callback::from(move |_: PointerEvent| {
            // Dropping the timeout cancels it.
            rest.borrow_mut().take();
        })
    };
    let onfocus = props.on_intent.reform(|_: FocusEvent| ());
    html! {
        <button
            type="button"
            class="tc-button"
            ref={props.button_ref.clone()}
            aria-expanded={if props.expanded { "true" } else { "false" }}
            aria-controls={props.controls}
            {onclick}
            {onpointerenter}
            {onpointerleave}
            {onfocus}
        >
            { super::icons::collaborate() }
            <span>{ props.label }</span>
        </button>
    }
}
