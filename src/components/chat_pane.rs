//! The pane: a labelled region "Teams chats" with the Chats and Channels tabs. The Chats tab has
//! the filter and the three sections; it loads when the pane first opens, polls presence and the
//! chat list while open and visible, and slows down after throttling.

use super::on_screen::{self, Visible};
use super::{ActionsFor, ChannelsTab, ChatSection, NewChat, RowAction};
use crate::actions;
use crate::api::graph::{ChatType, Participant};
use crate::api::Error;
use crate::load::{self, Session};
use crate::options::Options;
use crate::state::{ChatsAction, ChatsData, Connected, Load, Section};
use crate::view::RowKind;
use crate::view::{self, Inputs, Row};
use gloo_timers::callback::Interval;
use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement};
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
    /// The API and what mount learned.
    pub session: Rc<Session>,
    /// The mount options (record, locale, intervals).
    pub options: Rc<Options>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Chats,
    Channels,
}

/// The region that holds the chats and channels of the record.
#[function_component(ChatPane)]
pub fn chat_pane(props: &ChatPaneProps) -> Html {
    let t = super::use_strings();
    let data = use_reducer(ChatsData::default);
    let tab = use_state(|| Tab::Chats);
    let dispatch: Callback<ChatsAction> = {
        let dispatcher = data.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };

    // Load when the pane shows (at mount in pane mode) until one load has finished; closing the
    // pane or unmounting aborts a load in flight, and the next opening starts it again.
    {
        let loaded = use_mut_ref(|| false);
        let session = props.session.clone();
        let dispatch = dispatch.clone();
        use_effect_with(props.hidden, move |hidden| {
            let mut controller = None;
            if !*hidden && !*loaded.borrow() {
                controller = web_sys::AbortController::new().ok();
                let mut pane_session = (*session).clone();
                if let Some(controller) = &controller {
                    pane_session.api = pane_session
                        .api
                        .clone()
                        .with_abort_signal(controller.signal());
                }
                let loaded = loaded.clone();
                spawn_local(async move {
                    load::open(&pane_session, &dispatch).await;
                    let aborted = pane_session.api.aborted();
                    if !aborted {
                        *loaded.borrow_mut() = true;
                    }
                });
            }
            move || {
                if let Some(controller) = controller {
                    controller.abort();
                }
            }
        });
    }

    let me = data.me.clone().unwrap_or_default();
    let chats = data.chats.ready().map(Vec::as_slice).unwrap_or(&[]);
    let links = match data.connected.ready() {
        Some(Connected::Links(links)) => links.as_slice(),
        _ => &[],
    };
    let suggestions = data.suggestions.ready().map(Vec::as_slice).unwrap_or(&[]);
    let sections = view::sections(&Inputs {
        me: &me,
        chats,
        links,
        lookups: &data.lookups,
        suggestions,
        filter: &data.filter,
    });
    let filtered = !data.filter.trim().is_empty();

    // Who is on screen: the first rows (decorated when the pane opens) and every row the
    // observer sees; people scrolled into view get their photo and presence then.
    let pane_ref = use_node_ref();
    let people = use_mut_ref(Vec::<String>::new);
    *people.borrow_mut() = load::people_on_screen(&me, chats, links, &data.lookups, suggestions);
    let requested = use_mut_ref(HashSet::<String>::new);
    let rows_with_people: Vec<(String, String)> = sections
        .connected
        .iter()
        .chain(sections.suggested.iter())
        .chain(sections.other.iter())
        .filter_map(|row| Some((row.key.clone(), row.person.clone()?)))
        .collect();
    let on_shown = {
        let (session, dispatch, people, requested) = (
            props.session.clone(),
            dispatch.clone(),
            people.clone(),
            requested.clone(),
        );
        // Photos answered (with or without one) are known; the handle is this render's data.
        let data = data.clone();
        Callback::from(move |shown: Vec<String>| {
            // Each person once: `insert` is false for whoever was asked already.
            let mut asked = requested.borrow_mut();
            let new: Vec<String> = shown
                .into_iter()
                .filter(|p| !data.photos.contains_key(p) && !people.borrow().contains(p))
                .filter(|p| asked.insert(p.clone()))
                .collect();
            if new.is_empty() {
                return;
            }
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn_local(async move { load::decorate(&session, &new, &dispatch).await });
        })
    };
    let visible = on_screen::use_people_on_screen(&pane_ref, rows_with_people, on_shown);

    use_polling(props, &dispatch, people.clone(), visible);

    let connected_rows: Load<Vec<Row>> = match (&data.connected, &data.chats) {
        (Load::Failed(message), _) | (_, Load::Failed(message)) => Load::Failed(message.clone()),
        (Load::Ready(_), Load::Ready(_)) => Load::Ready(sections.connected.clone()),
        _ => Load::Loading,
    };
    let unavailable = sections.unavailable > 0 && matches!(connected_rows, Load::Ready(_));
    let no_access = matches!(data.connected, Load::Ready(Connected::NoAccess));
    let suggested_rows = match &data.suggestions {
        Load::Ready(_) => Load::Ready(sections.suggested.clone()),
        Load::Failed(message) => Load::Failed(message.clone()),
        Load::Loading => Load::Loading,
    };
    let other_rows = match &data.chats {
        Load::Ready(_) => Load::Ready(sections.other.clone()),
        Load::Failed(message) => Load::Failed(message.clone()),
        Load::Loading => Load::Loading,
    };
    let tabbable = sections
        .connected
        .iter()
        .chain(sections.suggested.iter())
        .chain(sections.other.iter())
        .next()
        .map(|row| row.key.clone());

    let retry = |section: Section| {
        let session = props.session.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            dispatch.emit(ChatsAction::Retry(section));
            let session = session.clone();
            let dispatch = dispatch.clone();
            spawn_local(async move {
                match section {
                    // The two hang together (connected chats missing from the list are looked
                    // up, their people decorated): the whole opening again, as when it opened.
                    Section::Other | Section::Connected => load::open(&session, &dispatch).await,
                    Section::Suggested => {
                        if let Some(suggested) = load::suggestions(&session, &dispatch).await {
                            let people: Vec<String> =
                                suggested.iter().map(|s| s.aad_user_id.clone()).collect();
                            load::decorate(&session, &people, &dispatch).await;
                        }
                    }
                }
            });
        })
    };
    let on_filter = dispatch.reform(|event: InputEvent| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        ChatsAction::Filter(value)
    });
    let show_more = data.next_link.clone().filter(|_| matches!(data.chats, Load::Ready(_))).map(|next| {
        let session = props.session.clone();
        let dispatch = dispatch.clone();
        let me = me.clone();
        let busy = matches!(data.more, Load::Loading);
        let onclick = Callback::from(move |_: MouseEvent| {
            dispatch.emit(ChatsAction::MoreRequested);
            let (session, dispatch, next, me) = (session.clone(), dispatch.clone(), next.clone(), me.clone());
            spawn_local(async move { load::more(&session, &next, &me, &dispatch).await });
        });
        html! {
            <div class="tc-more">
                if let Load::Failed(message) = &data.more {
                    <p role="alert" class="tc-more-error">{ message.clone() }</p>
                }
                <button type="button" class="tc-show-more" disabled={busy} aria-busy={busy.to_string()} {onclick}>{ t.show_more }</button>
            </div>
        }
    });

    // What the user may do: connect needs append-to access on the record; disconnect the write
    // privilege on the link table (read at mount).
    let can_append = data.rights.iter().any(|r| r == "AppendToAccess");
    let can_disconnect = props.session.can_disconnect;
    let dialog = use_state(|| None::<Vec<Participant>>);
    let new_chat_button = use_node_ref();
    // The element that opened the dialog (a row, or the New connected chat button).
    let opener = use_mut_ref(|| None::<HtmlElement>);
    // Connecting or disconnecting moves a row to another section, where it is a new element:
    // focus follows it there, so a keyboard user is not dropped onto the page.
    let refocus = use_mut_ref(|| None::<String>);
    {
        let (refocus, pane_ref) = (refocus.clone(), pane_ref.clone());
        use_effect(move || {
            let key = refocus.borrow().clone();
            if let (Some(key), Some(pane)) = (key, pane_ref.cast::<HtmlElement>()) {
                let selector = format!(".tc-row[data-key=\"{}\"]", key.replace('"', "\\\""));
                let row = pane
                    .query_selector(&selector)
                    .ok()
                    .flatten()
                    .and_then(|row| row.dyn_into::<HtmlElement>().ok());
                let focus_lost = pane
                    .get_root_node()
                    .dyn_into::<web_sys::ShadowRoot>()
                    .map_or(true, |root| root.active_element().is_none());
                // Once the row has moved, focus follows it only if nothing else has taken it.
                if let Some(row) = row {
                    if focus_lost {
                        let _ = row.focus();
                    }
                    *refocus.borrow_mut() = None;
                }
            }
        });
    }
    // Connect (false) or disconnect (true) a chat; focus follows its row to its new section.
    let write = |disconnect: bool| {
        let (session, dispatch, busy, refocus) = (
            props.session.clone(),
            dispatch.clone(),
            data.busy.clone(),
            refocus.clone(),
        );
        Callback::from(move |chat_id: String| {
            // A second click while the write is in flight does nothing.
            if busy.contains(&chat_id) {
                return;
            }
            *refocus.borrow_mut() = Some(format!("chat:{chat_id}"));
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn_local(async move {
                if disconnect {
                    actions::disconnect(&session, &chat_id, &dispatch).await;
                } else {
                    actions::connect(&session, &chat_id, None, &dispatch).await;
                }
            });
        })
    };
    let (connect, disconnect) = (write(false), write(true));
    let start_with = {
        let (dialog, opener, pane_ref) = (dialog.clone(), opener.clone(), pane_ref.clone());
        Callback::from(move |people: Vec<Participant>| {
            *opener.borrow_mut() = focused_in(&pane_ref);
            dialog.set(Some(people));
        })
    };
    let connected_actions = {
        let disconnect = disconnect.clone();
        ActionsFor(Rc::new(move |row: &Row| {
            let chat_id = row.key.strip_prefix("chat:").unwrap_or_default().to_owned();
            if can_disconnect && matches!(row.kind, RowKind::Chat(_)) {
                vec![RowAction {
                    label: t.disconnect.into(),
                    on_select: disconnect.reform(move |()| chat_id.clone()),
                }]
            } else {
                Vec::new()
            }
        }))
    };
    let other_actions = {
        let (connect, start_with) = (connect.clone(), start_with.clone());
        ActionsFor(Rc::new(move |row: &Row| {
            if !can_append {
                return Vec::new();
            }
            let chat_id = row.key.strip_prefix("chat:").unwrap_or_default().to_owned();
            match (&row.kind, &row.person) {
                (RowKind::Chat(ChatType::Group), _) => {
                    vec![RowAction {
                        label: t.connect.into(),
                        on_select: connect.reform(move |()| chat_id.clone()),
                    }]
                }
                (RowKind::Chat(ChatType::OneOnOne) | RowKind::Person, Some(person)) => {
                    let picked = vec![Participant {
                        id: person.clone(),
                        name: row.title.clone(),
                        guest: row.guest,
                    }];
                    vec![RowAction {
                        label: t.start_connected_chat.into(),
                        on_select: start_with.reform(move |()| picked.clone()),
                    }]
                }
                _ => Vec::new(),
            }
        }))
    };
    let open_new_chat = start_with.reform(|_: MouseEvent| Vec::new());
    let close_dialog = {
        let (dialog, button, opener) = (dialog.clone(), new_chat_button.clone(), opener.clone());
        Callback::from(move |()| {
            dialog.set(None);
            // Back to the row whose menu opened it, else to New connected chat.
            let target = opener
                .borrow_mut()
                .take()
                .filter(|e| e.is_connected())
                .or_else(|| button.cast::<HtmlElement>());
            if let Some(target) = target {
                let _ = target.focus();
            }
        })
    };
    let suggestions_rc = Rc::new(data.suggestions.ready().cloned().unwrap_or_default());

    let presence = Rc::new(data.presence.clone());
    let photos = Rc::new(data.photos.clone());
    let locale = props.options.locale.clone().map(AttrValue::from);
    let teams_hosts = Rc::new(props.options.teams_hosts.clone());
    let close_button = props.on_close.as_ref().map(|on_close| {
        let onclick = on_close.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="tc-close" aria-label={t.close_pane} {onclick}>
                <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <path d="m4.4 4.55.07-.08a.75.75 0 0 1 .98-.07l.08.07L10 8.94l4.47-4.47a.75.75 0 1 1 1.06 1.06L11.06 10l4.47 4.47c.27.27.3.68.07.98l-.07.08a.75.75 0 0 1-.98.07l-.08-.07L10 11.06l-4.47 4.47a.75.75 0 0 1-1.06-1.06L8.94 10 4.47 5.53a.75.75 0 0 1-.07-.98Z" />
                </svg>
            </button>
        }
    });
    let tab_button = |which: Tab, label: &'static str, id: &'static str, panel: &'static str| {
        let selected = *tab == which;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(which))
        };
        let onkeydown = {
            let tab = tab.clone();
            Callback::from(move |event: KeyboardEvent| {
                let next = match event.key().as_str() {
                    "ArrowRight" | "ArrowLeft" | "Home" | "End" => Some(if which == Tab::Chats {
                        Tab::Channels
                    } else {
                        Tab::Chats
                    }),
                    _ => None,
                };
                let next = match event.key().as_str() {
                    "Home" => Some(Tab::Chats),
                    "End" => Some(Tab::Channels),
                    _ => next,
                };
                if let Some(next) = next {
                    event.prevent_default();
                    tab.set(next);
                    focus_sibling_tab(&event, next == Tab::Chats);
                }
            })
        };
        html! {
            <button type="button" role="tab" id={id} aria-controls={panel} aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }} class="tc-tab" {onclick} {onkeydown}>{ label }</button>
        }
    };

    html! {
        <section id={props.id.clone()} class="tc-pane" role="region" aria-labelledby="tc-pane-title" hidden={props.hidden} ref={pane_ref}>
            <header class="tc-pane-header">
                <h2 id="tc-pane-title" class="tc-pane-title">{ t.pane_title }</h2>
                { for close_button }
            </header>
            <div role="tablist" class="tc-tabs" aria-label={t.pane_title}>
                { tab_button(Tab::Chats, t.tab_chats, "tc-tab-chats", "tc-panel-chats") }
                { tab_button(Tab::Channels, t.tab_channels, "tc-tab-channels", "tc-panel-channels") }
            </div>
            <div role="tabpanel" id="tc-panel-chats" aria-labelledby="tc-tab-chats" hidden={*tab != Tab::Chats}>
                <div class="tc-toolbar">
                    <input type="search" class="tc-filter" aria-label={t.filter_label} placeholder={t.filter_label} value={data.filter.clone()} oninput={on_filter} />
                    if can_append {
                        <button type="button" class="tc-primary tc-new-chat" ref={new_chat_button} onclick={open_new_chat}>{ t.new_connected_chat }</button>
                    }
                </div>
                <p class="tc-notice" role="status" aria-live="polite">{ data.notice.clone().unwrap_or_default() }</p>
                if let Some(people) = (*dialog).clone() {
                    <NewChat session={props.session.clone()} me={me.clone()} suggestions={suggestions_rc}
                        preselected={people} record_name={props.options.record.name.clone()}
                        dispatch={dispatch.clone()} on_close={close_dialog} />
                }
                <div class="tc-lists" onkeydown={Callback::from(rove)}>
                    <ChatSection title={t.section_connected} id="tc-connected" rows={connected_rows}
                        empty={if no_access { t.no_read_access } else { t.empty_connected }} {filtered}
                        presence={presence.clone()} photos={photos.clone()} tabbable={tabbable.clone()}
                        on_retry={retry(Section::Connected)} locale={locale.clone()} teams_hosts={teams_hosts.clone()} actions={connected_actions}>
                        if unavailable {
                            { super::retry_error(t.connected_unavailable, retry(Section::Connected)) }
                        }
                    </ChatSection>
                    <ChatSection title={t.section_suggested} id="tc-suggested" rows={suggested_rows}
                        empty={t.empty_suggested} {filtered}
                        presence={presence.clone()} photos={photos.clone()} tabbable={tabbable.clone()}
                        on_retry={retry(Section::Suggested)} locale={locale.clone()} teams_hosts={teams_hosts.clone()} actions={other_actions.clone()} />
                    <ChatSection title={t.section_other} id="tc-other" rows={other_rows}
                        empty={t.empty_other} {filtered}
                        presence={presence} photos={photos} tabbable={tabbable}
                        on_retry={retry(Section::Other)} locale={locale} {teams_hosts} actions={other_actions}>
                        { for show_more }
                    </ChatSection>
                </div>
            </div>
            <div role="tabpanel" id="tc-panel-channels" aria-labelledby="tc-tab-channels" hidden={*tab != Tab::Channels}>
                <ChannelsTab session={props.session.clone()} active={*tab == Tab::Channels && !props.hidden}
                    teams_hosts={Rc::new(props.options.teams_hosts.clone())}
                    can_read={match &data.connected {
                        Load::Ready(Connected::NoAccess) => Some(false),
                        Load::Ready(Connected::Links(_)) => Some(true),
                        _ => None,
                    }}
                    can_append={can_append} can_disconnect={props.session.can_remove_channels} />
            </div>
        </section>
    }
}

/// Arrow keys, Home and End move focus between rows across the sections (roving tabindex).
pub(super) fn rove(event: KeyboardEvent) {
    let key = event.key();
    if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
        return;
    }
    let Some(container) = event
        .current_target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let Ok(rows) = container.query_selector_all(".tc-row") else {
        return;
    };
    let rows: Vec<HtmlElement> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    if rows.is_empty() {
        return;
    }
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok());
    let current = target.and_then(|t| rows.iter().position(|r| *r == t));
    let Some(current) = current else { return };
    let next = match key.as_str() {
        "ArrowDown" => (current + 1).min(rows.len() - 1),
        "ArrowUp" => current.saturating_sub(1),
        "Home" => 0,
        _ => rows.len() - 1,
    };
    event.prevent_default();
    for (index, row) in rows.iter().enumerate() {
        let _ = row.set_attribute("tabindex", if index == next { "0" } else { "-1" });
    }
    let _ = rows[next].focus();
}

/// The focused element, when it is inside this element (in the component's shadow root).
fn focused_in(container: &NodeRef) -> Option<HtmlElement> {
    let container = container.cast::<HtmlElement>()?;
    let active = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()?
        .active_element()?;
    container
        .contains(Some(&active))
        .then(|| active.dyn_into().ok())
        .flatten()
}

fn focus_sibling_tab(event: &KeyboardEvent, chats: bool) {
    let id = if chats {
        "tc-tab-chats"
    } else {
        "tc-tab-channels"
    };
    let root = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .and_then(|n| n.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok());
    if let Some(tab) = root
        .and_then(|r| r.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = tab.focus();
    }
}

/// Presence and the chat list refresh while the pane is open and the tab visible; after a 429
/// the presence interval doubles (up to eight times), and the chat list refreshes on focus too.
#[hook]
fn use_polling(
    props: &ChatPaneProps,
    dispatch: &Callback<ChatsAction>,
    people: Rc<std::cell::RefCell<Vec<String>>>,
    visible: Visible,
) {
    let session = props.session.clone();
    let dispatch = dispatch.clone();
    let presence_ms = props.options.presence_interval_seconds.saturating_mul(1000);
    let list_ms = props
        .options
        .chat_list_interval_seconds
        .saturating_mul(1000);
    use_effect_with(
        (props.hidden, presence_ms, list_ms),
        move |(hidden, presence_ms, list_ms)| {
            let mut timers: Vec<Interval> = Vec::new();
            let mut focus: Option<gloo_events::EventListener> = None;
            if !*hidden {
                let slow = Rc::new(Cell::new(1u32));
                let waited = Rc::new(Cell::new(0u32));
                {
                    let (session, dispatch, people, slow) = (
                        session.clone(),
                        dispatch.clone(),
                        people.clone(),
                        slow.clone(),
                    );
                    timers.push(Interval::new(*presence_ms, move || {
                        waited.set(waited.get() + 1);
                        if waited.get() < slow.get() || page_hidden() {
                            return;
                        }
                        waited.set(0);
                        // The first rows and whoever else is on screen now, once each.
                        let mut ids = people.borrow().clone();
                        for (_, person) in visible.borrow().iter() {
                            if !ids.contains(person) {
                                ids.push(person.clone());
                            }
                        }
                        let (session, dispatch, people, slow) =
                            (session.clone(), dispatch.clone(), ids, slow.clone());
                        spawn_local(async move {
                            match load::refresh_presence(&session, &people, &dispatch).await {
                                Err(Error::Status {
                                    status: 429 | 503, ..
                                }) => slow.set((slow.get() * 2).min(8)),
                                _ => slow.set(1),
                            }
                        });
                    }));
                }
                // The list was just loaded when the pane opened: a focus right after must not
                // load it again.
                let last = Rc::new(Cell::new(js_sys::Date::now()));
                let refresh = {
                    let (session, dispatch) = (session.clone(), dispatch.clone());
                    move || {
                        if js_sys::Date::now() - last.get() < MIN_REFRESH_GAP_MS {
                            return;
                        }
                        last.set(js_sys::Date::now());
                        let (session, dispatch) = (session.clone(), dispatch.clone());
                        spawn_local(async move {
                            load::first_page(&session, &dispatch).await;
                        });
                    }
                };
                {
                    let refresh = refresh.clone();
                    timers.push(Interval::new(*list_ms, move || {
                        if !page_hidden() {
                            refresh();
                        }
                    }));
                }
                if let Some(window) = web_sys::window() {
                    focus = Some(gloo_events::EventListener::new(
                        &window,
                        "focus",
                        move |_| refresh(),
                    ));
                }
            }
            move || {
                drop(timers);
                drop(focus);
            }
        },
    );
}

/// The shortest time between two refreshes of the chat list (focus can come in bursts).
const MIN_REFRESH_GAP_MS: f64 = 10_000.0;

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
