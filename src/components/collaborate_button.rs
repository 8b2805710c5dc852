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
            <svg class="tc-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M10 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm6 1.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM5 9h10a1 1 0 0 1 1 1v4a6 6 0 0 1-12 0v-4a1 1 0 0 1 1-1Zm12.5 0H18a1 1 0 0 1 1 1v3a3 3 0 0 1-2.6 3 7 7 0 0 0 .6-3v-3.5c0-.17-.02-.34-.05-.5Z" />
            </svg>
            <span>{ t.collaborate }</span>
        </button>
    }
}
