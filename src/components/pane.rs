//! The pane: a labelled region "Teams chats" with its title, a close button where the component
//! owns closing, and the Chats and Channels tabs.

use super::tabs;
use super::{icons, ChannelsTab, ChatsTab};
use crate::hooks::{self, use_session};
use crate::options::Options;
use crate::state::Tab;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Pane`].
#[derive(Properties, PartialEq)]
pub struct PaneProps {
    /// The region's id, which the button's `aria-controls` names.
    pub id: AttrValue,
    /// True while the pane is closed; it stays in the DOM so `aria-controls` always resolves.
    pub hidden: bool,
    /// Fired by the pane's close button; `None` where the host owns closing (side pane mode).
    pub on_close: Option<Callback<()>>,
    /// The mount options (record, intervals, Teams hosts, whether the title shows).
    pub options: Rc<Options>,
    /// The region's element, for whoever places it.
    pub pane_ref: NodeRef,
    /// Button mode: the region is a popover the button's hook shows in the top layer.
    pub popover: bool,
}

/// The region that holds the chats and channels of the record.
#[function_component(Pane)]
pub fn pane(props: &PaneProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let tab = use_state(Tab::default);
    // The Chats tab's data lives here: the Channels tab follows the same record access.
    let chats = hooks::use_chats(&session, props.hidden);
    let close_button = props.on_close.as_ref().map(|on_close| {
        let onclick = on_close.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="tc-close" aria-label={t.close_pane} {onclick}>
                { icons::close() }
            </button>
        }
    });
    let panel = |which: Tab, content: Html| {
        let (tab_id, id) = tabs::ids(which);
        html! { <div role="tabpanel" {id} aria-labelledby={tab_id} hidden={*tab != which}>{ content }</div> }
    };
    let select = {
        let tab = tab.clone();
        Callback::from(move |which| tab.set(which))
    };
    let rights = session.rights(chats.data.may_append());
    let can_read = chats.data.may_read();
    html! {
        <section id={props.id.clone()} class="tc-pane" role="region" aria-labelledby="tc-pane-title" hidden={props.hidden}
            ref={props.pane_ref.clone()} popover={props.popover.then_some("manual")}>
            <header class="tc-pane-header">
                // Hidden visually where the host shows its own title; it still names the region.
                <h2 id="tc-pane-title" class={classes!("tc-pane-title", (!props.options.show_title).then_some("tc-sr"))}>{ t.pane_title }</h2>
                { for close_button }
            </header>
            { tabs::tabs(*tab, &select, t) }
            { panel(Tab::Chats, html! {
                <ChatsTab {chats} hidden={props.hidden} options={props.options.clone()} />
            }) }
            { panel(Tab::Channels, html! {
                <ChannelsTab active={*tab == Tab::Channels && !props.hidden} teams_hosts={Rc::new(props.options.teams_hosts.clone())}
                    {can_read} {rights} />
            }) }
        </section>
    }
}
