//! The pane: a labelled region "Teams chats". The chat list fills it in a later slice.

use crate::text;
use yew::prelude::*;

/// Props of [`ChatPane`].
#[derive(Properties, PartialEq)]
pub struct ChatPaneProps {
    /// The region's id, which the button's `aria-controls` names.
    pub id: AttrValue,
    /// True while the pane is closed; it stays in the DOM so `aria-controls` always resolves.
    pub hidden: bool,
    /// Fired by the pane's close button; `None` where the host owns closing (side pane mode).
    pub on_close: Option<Callback<()>>,
}

/// The region that will hold the chats and channels of the record.
#[function_component(ChatPane)]
pub fn chat_pane(props: &ChatPaneProps) -> Html {
    let close_button = props.on_close.as_ref().map(|on_close| {
        let onclick = on_close.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="tc-close" aria-label={text::CLOSE_PANE} {onclick}>
                <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <path d="m4.4 4.55.07-.08a.75.75 0 0 1 .98-.07l.08.07L10 8.94l4.47-4.47a.75.75 0 1 1 1.06 1.06L11.06 10l4.47 4.47c.27.27.3.68.07.98l-.07.08a.75.75 0 0 1-.98.07l-.08-.07L10 11.06l-4.47 4.47a.75.75 0 0 1-1.06-1.06L8.94 10 4.47 5.53a.75.75 0 0 1-.07-.98Z" />
                </svg>
            </button>
        }
    });
    html! {
        <section
            id={props.id.clone()}
            class="tc-pane"
            role="region"
            aria-labelledby="tc-pane-title"
            hidden={props.hidden}
        >
            <header class="tc-pane-header">
                <h2 id="tc-pane-title" class="tc-pane-title">{ text::PANE_TITLE }</h2>
                { for close_button }
            </header>
            <p class="tc-empty">{ text::PANE_EMPTY }</p>
        </section>
    }
}
