//! The pane's tab list (WAI-ARIA tabs): Chats and Channels, arrows and Home/End move between
//! them and select the one they reach.

use super::focus;
use crate::state::Tab;
use crate::text::Strings;
use yew::prelude::*;

/// The tab list, `selected` in the tab order; `on_select` gets the tab a click or a key picks.
/// A function rather than a component: it holds no state of its own.
pub fn tabs(selected: Tab, on_select: &Callback<Tab>, t: &Strings) -> Html {
    let tab = |which: Tab, label: &'static str| {
        let (id, panel) = ids(which);
        let selected = selected == which;
        let onclick = on_select.reform(move |_: MouseEvent| which);
        let onkeydown = {
            let on_select = on_select.clone();
            Callback::from(move |event: KeyboardEvent| {
                if let Some(next) = which.after_key(&event.key()) {
                    event.prevent_default();
                    on_select.emit(next);
                    focus::focus_by_id(&event, ids(next).0);
                }
            })
        };
        html! {
            <button type="button" role="tab" {id} aria-controls={panel} aria-selected={super::aria(selected)}
                tabindex={if selected { "0" } else { "-1" }} class="tc-tab" {onclick} {onkeydown}>{ label }</button>
        }
    };
    html! {
        <div role="tablist" class="tc-tabs" aria-label={t.pane_title}>
            { tab(Tab::Chats, t.tab_chats) }
            { tab(Tab::Channels, t.tab_channels) }
        </div>
    }
}

/// A tab's id and the id of the panel it controls.
pub fn ids(tab: Tab) -> (&'static str, &'static str) {
    match tab {
        Tab::Chats => ("tc-tab-chats", "tc-panel-chats"),
        Tab::Channels => ("tc-tab-channels", "tc-panel-channels"),
    }
}
