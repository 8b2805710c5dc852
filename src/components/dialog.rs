//! A modal dialog inside the pane (WAI-ARIA dialog): it takes focus when it opens
//! (`hooks::use_dialog`), keeps Tab inside, closes on Escape, and gives focus back to whatever
//! opened it when it closes. A function rather than a component: the dialog that uses it holds
//! the state.

use super::focus;
use yew::prelude::*;

/// The dialog, over a backdrop: `dialog_ref` from `hooks::use_dialog`, a heading with
/// `title_id`, then `children`.
pub fn dialog(
    title_id: &'static str,
    title: &'static str,
    dialog_ref: &NodeRef,
    on_close: &Callback<()>,
    children: Html,
) -> Html {
    let on_keydown = {
        let (on_close, dialog_ref) = (on_close.clone(), dialog_ref.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                // The pane must not also close: this Escape belonged to the dialog.
                event.stop_propagation();
                on_close.emit(());
            }
            "Tab" => focus::trap_focus(&event, &dialog_ref),
            _ => {}
        })
    };
    html! {
        <div class="tc-dialog-backdrop">
            <div class="tc-dialog" role="dialog" aria-modal="true" aria-labelledby={title_id} tabindex="-1"
                ref={dialog_ref.clone()} onkeydown={on_keydown}>
                <h3 id={title_id} class="tc-dialog-title">{ title }</h3>
                { children }
            </div>
        </div>
    }
}
