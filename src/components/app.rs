//! The root: the Collaborate button with its pane, or the pane alone.

use super::{collaborate_button, CollaborateButtonProps, Pane, PaneProps, PANE_ID};
use crate::hooks;
use crate::options::{Mode, Options, Theme};
use crate::session::Session;
use crate::state::{PaneAction, PaneState};
use crate::text;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// What [`app`] renders from.
#[derive(PartialEq)]
pub struct AppProps {
    /// The validated mount options.
    pub options: Rc<Options>,
    /// The API and what mount learned about the user and the record.
    pub session: Rc<Session>,
    /// Which memory the app keeps: a new value (another record, another `getToken`) starts it
    /// afresh, with nothing of the last record's rows.
    pub memory: u64,
}

/// Props of [`Root`].
#[derive(Properties, PartialEq)]
pub struct RootProps {
    /// The app's props while it is mounted and visible; `None` while its root is parked.
    pub app: Option<Rc<AppProps>>,
}

/// What a Yew app root renders: the [`app`], or nothing while the root waits to be used again.
/// A root is reused across mounts (see `embed`), so each mount's app starts fresh under it.
#[function_component(Root)]
pub fn root(props: &RootProps) -> Html {
    match &props.app {
        Some(app) => self::app(app),
        None => Html::default(),
    }
}

/// Renders what the mode asks for, with the component's styles, and gives every component
/// below it the mount's session (and with it the mount's language). Keyed by the memory: a new
/// one starts every component below afresh. A function, not a component of its own: it has no
/// state, and each component costs the wasm its own copy of Yew's lifecycle.
pub fn app(props: &AppProps) -> Html {
    // In pane mode the host is a block that fills its container (a side pane), never an
    // inline box that grows to its longest title.
    let host = match props.options.mode {
        Mode::Pane => ":host{display:block;height:100%;min-width:0}.tc-root{height:100%}",
        Mode::Button => "",
    };
    let style = html! { <style>{ STYLE }{ host }</style> };
    let locale = props.session.locale.clone();
    let dir = text::direction(&locale);
    let theme = theme_class(props.options.theme);
    let app = match props.options.mode {
        Mode::Pane => html! {
            <>
                { style }
                <div ~className={super::class(&["tc", "tc-mode-pane", theme])} lang={locale} {dir}>
                    <Pane ..PaneProps {
                        id: PANE_ID.into(),
                        hidden: false,
                        prefetch: false,
                        on_close: None,
                        options: props.options.clone(),
                        pane_ref: NodeRef::default(),
                        popover: false,
                    } />
                </div>
            </>
        },
        Mode::Button => html! {
            <>
                { style }
                <ButtonAndPane ..ButtonAndPaneProps { options: props.options.clone(), locale, dir, theme } />
            </>
        },
    };
    html! {
        <ContextProvider<Rc<Session>> key={props.memory.to_string()}
            ..yew::context::ContextProviderProps { context: props.session.clone(), children: app } />
    }
}

/// The button and the pane it opens; Escape anywhere inside closes it and returns focus.
#[derive(Properties, PartialEq)]
struct ButtonAndPaneProps {
    options: Rc<Options>,
    locale: String,
    dir: &'static str,
    theme: &'static str,
}

#[function_component(ButtonAndPane)]
fn button_and_pane(props: &ButtonAndPaneProps) -> Html {
    let t = hooks::use_session().strings;
    let pane = use_reducer(PaneState::default);
    let button_ref = use_node_ref();
    let pane_ref = use_node_ref();
    let rest = use_mut_ref(Option::<gloo_timers::callback::Timeout>::default);
    // A press outside closes the pane; focus stays where the user put it.
    let on_outside = {
        let pane = pane.dispatcher();
        Callback::from(move |()| pane.dispatch(PaneAction::Close))
    };
    hooks::use_anchored_pane(
        pane.open,
        &button_ref,
        &pane_ref,
        props.dir == "rtl",
        on_outside,
    );

    let close_and_refocus = {
        let pane = pane.dispatcher();
        let button_ref = button_ref.clone();
        Callback::from(move |()| {
            pane.dispatch(PaneAction::Close);
            if let Some(button) = button_ref.cast::<HtmlElement>() {
                // Focus can only fail on a detached node, where there is nothing to return to.
                let _ = button.focus();
            }
        })
    };
    let on_toggle = {
        let pane = pane.dispatcher();
        Callback::from(move |()| pane.dispatch(PaneAction::Toggle))
    };
    let on_intent = {
        let pane = pane.dispatcher();
        Callback::from(move |()| pane.dispatch(PaneAction::Intent))
    };
    let on_keydown = {
        let close = close_and_refocus.clone();
        let open = pane.open;
        Callback::from(move |event: KeyboardEvent| {
            if open && event.key() == "Escape" {
                // The Escape is used up here: the form around us must not also close something.
                event.prevent_default();
                event.stop_propagation();
                close.emit(());
            }
        })
    };

    html! {
        <div ~className={super::class(&["tc", "tc-mode-button", props.theme])} lang={props.locale.clone()} dir={props.dir} onkeydown={on_keydown}>
            { collaborate_button(CollaborateButtonProps {
                expanded: pane.open,
                controls: PANE_ID,
                button_ref: &button_ref,
                on_toggle: &on_toggle,
                on_intent: &on_intent,
                rest: &rest,
                label: t.collaborate,
            }) }
            <Pane ..PaneProps {
                id: PANE_ID.into(),
                hidden: !pane.open,
                prefetch: pane.prefetch,
                on_close: Some(close_and_refocus),
                options: props.options.clone(),
                pane_ref,
                popover: hooks::supports_popover(),
            } />
        </div>
    }
}

/// The style sheet, minified by `build.rs`.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

/// The root's theme class; `auto` follows the browser's colour scheme when mounted.
fn theme_class(theme: Theme) -> &'static str {
    let dark = match theme {
        Theme::Light => false,
        Theme::Dark => true,
        Theme::Auto => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|query| query.matches()),
    };
    if dark {
        "tc-dark"
    } else {
        "tc-light"
    }
}
