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
}

/// A real `<button>` named "Collaborate" with `aria-expanded` and `aria-controls`.
#[function_component(CollaborateButton)]
pub fn collaborate_button(props: &CollaborateButtonProps) -> Html {
    let t = crate::hooks::use_session().strings;
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button
            type="button"
            class="tc-button"
            ref={props.button_ref.clone()}
            aria-expanded={if props.expanded { "true" } else { "false" }}
            aria-controls={props.controls.clone()}
            {onclick}
        >
            { super::icons::collaborate() }
            <span>{ t.collaborate }</span>
        </button>
    }
}
