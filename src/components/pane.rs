//! The pane: a labelled region "Teams chats" with its title, a close button where the component
//! owns closing, and the Chats and Channels tabs.

use super::tabs;
use super::{
    icons, ChannelsTab, ChannelsTabProps, ChatsTab, ChatsTabProps, Conversation, ConversationProps,
    Drafts,
};
use crate::hooks::use_effect_on;
use crate::hooks::{self, use_session};
use crate::options::Options;
use crate::state::{OpenChat, Tab};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Pane`].
#[derive(Properties, PartialEq)]
pub struct PaneProps {
    /// The region's id, which the button's `aria-controls` names.
    pub id: AttrValue,
    /// True while the pane is closed; it stays in the DOM so `aria-controls` always resolves.
    pub hidden: bool,
    /// Load the chats while still closed: the user is about to open the pane.
    #[prop_or_default]
    pub prefetch: bool,
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
    let stale_ms = f64::from(props.options.chat_list_interval_seconds) * 1000.0;
    let chats = hooks::use_chats(&session, !props.hidden || props.prefetch, stale_ms);
    // While a request waits out throttling, the pane says so (politely, once).
    let waiting = use_state(bool::default);
    {
        let (session, waiting) = (session.clone(), waiting.clone());
        // Each refresh of the mount brings a new session (and `Api`): listen to the current one.
        use_effect_on(Rc::as_ptr(&session) as usize, move |_| {
            let setter = waiting.setter();
            session
                .api
                .waits()
                .listen(Some(Callback::from(move |on| setter.set(on))));
            move || session.api.waits().listen(None)
        });
    }
    let close_button = props.on_close.as_ref().map(|on_close| {
        let onclick = super::on_click(on_close);
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
    // A chat opened from a row shows its conversation in place of the tabs; Back returns to
    // that row (the tabs stay mounted underneath, scrolled where they were).
    let open = use_state(Option::<OpenChat>::default);
    let drafts: Drafts = use_mut_ref(Vec::new);
    let area_ref = use_node_ref();
    let follow = hooks::use_focus_follows_row(&area_ref);
    let on_open = {
        let open = open.clone();
        Callback::from(move |chat: OpenChat| open.set(Some(chat)))
    };
    let conversation = (*open).clone().map(|chat| {
        let key = chat.id.clone();
        let on_back = {
            let (open, follow, key) = (open.clone(), follow.clone(), chat.row_key.clone());
            Callback::from(move |()| {
                *follow.borrow_mut() = Some(key.clone());
                open.set(None);
            })
        };
        let props = ConversationProps {
            chat,
            me: chats.data.me.clone().unwrap_or_default().into(),
            hidden: props.hidden,
            on_back,
            drafts: drafts.clone(),
            chats: chats.dispatch.clone(),
            photos: Rc::new(chats.data.photos.clone()),
            options: props.options.clone(),
        };
        html! { <Conversation {key} ..props /> }
    });
    html! {
        <section id={props.id.clone()} class="tc-pane" role="region" aria-labelledby="tc-pane-title" hidden={props.hidden}
            ref={props.pane_ref.clone()} popover={props.popover.then_some("manual")}>
            <header class="tc-pane-header">
                // Hidden visually where the host shows its own title; it still names the region.
                <h2 id="tc-pane-title" ~className={if props.options.show_title { "tc-pane-title" } else { "tc-pane-title tc-sr" }}>{ t.pane_title }</h2>
                { for close_button }
            </header>
            <p class="tc-busy" role="status">{ if *waiting { t.waiting_for_teams } else { "" } }</p>
            <div class="tc-tab-area" hidden={open.is_some()} ref={area_ref}>
                { tabs::tabs(*tab, &select, t) }
                { panel(Tab::Chats, html! {
                    <ChatsTab ..ChatsTabProps { chats, hidden: props.hidden, options: props.options.clone(), on_open } />
                }) }
                { panel(Tab::Channels, html! {
                    <ChannelsTab ..ChannelsTabProps {
                        active: *tab == Tab::Channels && !props.hidden,
                        teams_hosts: Rc::new(props.options.teams_hosts.clone()),
                        can_read,
                        rights,
                    } />
                }) }
            </div>
            { for conversation }
        </section>
    }
}
