//! The Collaborate command-bar button.

use yew::prelude::*;

/// Props of [`CollaborateButton`].
#[derive(Properties, PartialEq)]
pub struct CollaborateButtonProps {
    /// Whether the pane it controls is open.
    pub expanded: bool,
    /// The id of the pane it controls.
    pub controls: AttrValue,
    /// Lets the parent return focus here.
    pub button_ref: NodeRef,
    /// Fired on a click, Enter or Space (a native button turns both keys into a click).
    pub on_toggle: Callback<()>,
    /// Fired when the pointer has rested on the button for [`INTENT_MS`], or the button got
    /// focus: the pane's data can load before the click.
    pub on_intent: Callback<()>,
}

/// How long the pointer rests on the button before that counts as the intent to open.
pub const INTENT_MS: u32 = 150;

/// A real `<button>` named "Collaborate" with `aria-expanded` and `aria-controls`.
#[function_component(CollaborateButton)]
pub fn collaborate_button(props: &CollaborateButtonProps) -> Html {
    let t = crate::hooks::use_session().strings;
    let onclick = super::on_click(&props.on_toggle);
    // A pointer passing over the button is no intent; one that rests there is.
    let rest = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let onpointerenter = {
        let (rest, on_intent) = (rest.clone(), props.on_intent.clone());
        Callback::from(move |_: PointerEvent| {
            let on_intent = on_intent.clone();
            *rest.borrow_mut() = Some(gloo_timers::callback::Timeout::new(INTENT_MS, move || {
                on_intent.emit(())
            }));
        })
    };
    let onpointerleave = Callback::from(move |_: PointerEvent| {
        // Dropping the timeout cancels it.
        rest.borrow_mut().take();
    });
    let onfocus = props.on_intent.reform(|_: FocusEvent| ());
    html! {
        <button
            type="button"
            class="tc-button"
            ref={props.button_ref.clone()}
            aria-expanded={if props.expanded { "true" } else { "false" }}
            aria-controls={props.controls.clone()}
            {onclick}
            {onpointerenter}
            {onpointerleave}
            {onfocus}
        >
            { super::icons::collaborate() }
            <span>{ t.collaborate }</span>
        </button>
    }
}
