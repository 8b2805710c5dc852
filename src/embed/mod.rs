//! The JS boundary: `mount`, [`Handle`], the `<teams-collaborate>` element, the Dynamics 365
//! adapter. Plumbing only, and the only module that touches `JsValue`: what a mount reads and
//! decides is `startup`'s, and everything behind it is typed Rust.

mod device;
mod options;
mod tokens;

use crate::api::Api;
use crate::components::{AppProps, Root, RootProps};
use crate::gate::{self, Reason};
use crate::options::{OptionError, Options};
use crate::session::Session;
use crate::startup::{self, Known};
use js_sys::{Function, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{
    AbortController, CustomEvent, CustomEventInit, Element, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};
use yew::AppHandle;

/// The name of the event that tells the host whether the component shows itself, and why.
pub const STATE_EVENT: &str = "teams-collaborate-state";

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &str = include_str!("options.d.ts");

#[wasm_bindgen(module = "/src/embed/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineTeamsCollaborate)]
    fn define_teams_collaborate(mount: &Function);
}

#[wasm_bindgen(module = "/src/embed/d365.js")]
extern "C" {
    #[wasm_bindgen(js_name = optionsFromXrm, catch)]
    fn options_from_xrm(
        xrm: &JsValue,
        form_context: &JsValue,
        extra: &JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = parentXrm)]
    fn parent_xrm() -> JsValue;
}

/// Mounts on a Dynamics 365 form: `options.xrm` and `options.formContext` (else the parent
/// window's `Xrm`) give the client URL, the record (id without braces, name, entity and set
/// names), the form factor and the client; the rest of `options` (`getToken`, `mode`, ...) is
/// passed on. Dataverse is the org itself: a `getToken` answering null for it uses the session.
#[wasm_bindgen(js_name = mountFromXrm, unchecked_return_type = "Handle")]
pub fn mount_from_xrm(
    #[wasm_bindgen(unchecked_param_type = "HTMLElement")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "D365Options")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let get = |key: &str| Reflect::get(&options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let xrm = Some(get("xrm"))
        .filter(|x| !x.is_undefined() && !x.is_null())
        .unwrap_or_else(parent_xrm);
    let form_context = get("formContext");
    let extra = Object::new();
    if options.is_object() {
        let _ = Object::assign(&extra, options.unchecked_ref());
    }
    let _ = Reflect::delete_property(&extra, &"xrm".into());
    let _ = Reflect::delete_property(&extra, &"formContext".into());
    let built = options_from_xrm(&xrm, &form_context, &extra)?;
    mount_js(element, built)
}

/// Defines `<teams-collaborate>` as soon as the module is initialised.
#[wasm_bindgen(start)]
fn start() {
    define_element();
}

/// Defines the `<teams-collaborate>` custom element; calling it again does nothing.
#[wasm_bindgen(js_name = defineElement)]
pub fn define_element() {
    thread_local! {
        static DEFINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DEFINED.with(|defined| defined.replace(true)) {
        return;
    }
    let mount_fn = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |element: JsValue, options: JsValue| mount_js(element, options),
    );
    define_teams_collaborate(mount_fn.as_ref().unchecked_ref());
    // The element class keeps calling it for the page's whole life: made once, kept forever.
    mount_fn.forget();
}

thread_local! {
    /// Every live mount, so that mounting again on the same element replaces the earlier one.
    static LIVE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    /// Yew app roots that no mount uses now, each with its detached root element, to be used
    /// again. Yew 0.23 never frees a root's event listeners (`subtree_root.rs` forgets them and
    /// they hold the root's data), so a new root per mount leaked about 3 KB of wasm memory each
    /// time; reusing roots bounds that by the most mounts ever shown at once.
    static PARKED: RefCell<Vec<(Element, AppHandle<Root>)>> = const { RefCell::new(Vec::new()) };
}

/// A mount's state; `None` once unmounted.
type Slot = Rc<RefCell<Option<Mounted>>>;

/// Mounts the component into an open shadow root on `element`; throws an `Error` naming the bad
/// option (and nothing is rendered) when the options are invalid. The mount lives until
/// `unmount()`, `free()` or the end of a `using` block, never until the garbage collector takes
/// a dropped handle: the mount itself holds its handle until then.
#[wasm_bindgen(js_name = mount, unchecked_return_type = "Handle")]
pub fn mount_js(
    #[wasm_bindgen(unchecked_param_type = "HTMLElement")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let handle = mount(element, options)?;
    let slot = handle.mounted.clone();
    // The handle as JavaScript sees it: wasm-bindgen frees it (and so unmounts) when a
    // FinalizationRegistry finds it unreachable, so the mount keeps it reachable.
    let js = JsValue::from(handle);
    if let Some(mounted) = slot.borrow_mut().as_mut() {
        mounted.pinned = Some(js.clone());
    }
    Ok(js)
}

/// Mounts from Rust: like JavaScript's `mount`, with a [`Handle`] whose drop unmounts.
pub fn mount(element: JsValue, options: JsValue) -> Result<Handle, JsValue> {
    let host: Element = element
        .dyn_into()
        .map_err(|_| to_js_error(&OptionError::new("element", "must be an HTML element")))?;
    let (options, get_token) = options::read(&options).map_err(|e| to_js_error(&e))?;
    let shadow = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| to_js_error(&OptionError::new("element", "cannot host a shadow root")))?,
    };
    // A second mount on the same element replaces the first instead of fighting over its root.
    let earlier: Vec<Slot> = LIVE.with(|live| {
        live.borrow()
            .iter()
            .filter(|slot| slot.borrow().as_ref().is_some_and(|m| m.host == host))
            .cloned()
            .collect()
    });
    for slot in earlier {
        unmount_slot(&slot);
    }
    clear(&shadow);
    let mounted = Rc::new(RefCell::new(Some(Mounted {
        host,
        shadow,
        app: None,
        generation: 0,
        memory: 0,
        in_flight: None,
        options: Rc::new(options),
        get_token,
        known: Known::default(),
        pinned: None,
    })));
    LIVE.with(|live| live.borrow_mut().push(mounted.clone()));
    Mounted::refresh(&mounted, true);
    Ok(Handle { mounted })
}

/// Unmounts every live component on the page (for a host that tears a page down at once).
#[wasm_bindgen(js_name = unmountAll)]
pub fn unmount_all() {
    let live: Vec<Slot> = LIVE.with(|live| live.borrow().clone());
    for slot in live {
        unmount_slot(&slot);
    }
}

/// Tears a mount down; the borrow is released before anything that could call back into it.
fn unmount_slot(slot: &Slot) {
    let taken = slot.borrow_mut().take();
    LIVE.with(|live| live.borrow_mut().retain(|other| !Rc::ptr_eq(other, slot)));
    if let Some(mut mounted) = taken {
        mounted.abort_in_flight();
        mounted.park();
    }
}

/// What `mount` returns: update the options, or unmount. Freeing it (`free()`, or the end of a
/// `using` block) unmounts too.
#[wasm_bindgen]
pub struct Handle {
    mounted: Slot,
}

impl Drop for Handle {
    fn drop(&mut self) {
        unmount_slot(&self.mounted);
    }
}

#[wasm_bindgen]
impl Handle {
    /// Replaces the options; throws like `mount` on bad options and then keeps the old ones.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let (options, get_token) = options::read(&options).map_err(|e| to_js_error(&e))?;
        let reread_flags = {
            let mut slot = self.mounted.borrow_mut();
            let Some(mounted) = slot.as_mut() else {
                return Err(
                    js_sys::Error::new("teams-collaborate: the component was unmounted").into(),
                );
            };
            // Flags belong to the instance: read them again only when it or the host's flags change.
            let reread = mounted.options.dataverse_url != options.dataverse_url
                || mounted.options.flags != options.flags;
            let new_token = mounted.get_token != get_token;
            let (known, forget_rows) = crate::startup::after_update(
                &mounted.known,
                &mounted.options.record,
                &options.record,
                new_token,
            );
            mounted.known = known;
            if forget_rows {
                mounted.memory += 1;
            }
            mounted.options = Rc::new(options);
            mounted.get_token = get_token;
            reread
        };
        Mounted::refresh(&self.mounted, reread_flags);
        Ok(())
    }

    /// Removes everything the component rendered and stops its work; calling it twice is harmless.
    pub fn unmount(&self) {
        unmount_slot(&self.mounted);
    }
}

/// A live mount: the host, its shadow root, the Yew app when visible, and the flags read so far.
struct Mounted {
    host: Element,
    shadow: ShadowRoot,
    /// The Yew app and its root element (in `shadow`) while the component shows.
    app: Option<(Element, AppHandle<Root>)>,
    /// Bumped on every refresh so that answers to an older one are dropped.
    generation: u64,
    /// Bumped when the record or `getToken` changes: the app then starts afresh, forgetting the
    /// rows it kept in memory for a reopen.
    memory: u64,
    /// Aborts the requests of the latest refresh; replaced by each refresh, fired on unmount.
    in_flight: Option<AbortController>,
    options: Rc<Options>,
    get_token: Function,
    /// What earlier refreshes learned (flags, `WhoAmI`, entity set, privileges).
    known: Known,
    /// The JavaScript handle, held so that only `unmount()` (or `free()`) ends the mount.
    pinned: Option<JsValue>,
}

impl Mounted {
    /// Re-runs the gate: the device at once, then what `startup` reads; the answer of an older
    /// refresh, or one that lands after unmount, is dropped.
    fn refresh(cell: &Slot, reread_flags: bool) {
        let (generation, options, api, known) = {
            let mut slot = cell.borrow_mut();
            let Some(mounted) = slot.as_mut() else { return };
            mounted.generation += 1;
            mounted.abort_in_flight();
            mounted.in_flight = AbortController::new().ok();
            if reread_flags {
                mounted.known = Known::default();
            }
            (
                mounted.generation,
                mounted.options.clone(),
                api_for(
                    &mounted.options,
                    mounted.get_token.clone(),
                    mounted.in_flight.as_ref(),
                ),
                mounted.known.clone(),
            )
        };
        let cell = cell.clone();
        // Always answer asynchronously, so a listener added right after `mount` hears the event.
        crate::spawn(async move {
            let device = device::signals(&options);
            let found = startup::read(&api, &options, gate::is_mobile(&device), &known).await;
            let reason = gate::decide(&device, startup::gate_flags(&found));
            let host = {
                let mut slot = cell.borrow_mut();
                let Some(mounted) = slot.as_mut().filter(|m| m.generation == generation) else {
                    // Superseded or unmounted (its requests were aborted): nothing to say.
                    return;
                };
                for (flag, error) in &found.failures {
                    warn(&format!(
                        "teams-collaborate: cannot read {flag}, staying hidden: {error}"
                    ));
                }
                if let Some(error) = &found.settings_failure {
                    warn(&format!(
                        "teams-collaborate: cannot read {}, every record type works as enabled: {error}",
                        crate::api::dataverse::CHAT_SETTINGS
                    ));
                }
                mounted.known.learn(&found, options.flags.is_some());
                let browser = web_sys::window().and_then(|w| w.navigator().language());
                let locale = startup::locale(options.locale.as_deref(), browser);
                let session = startup::session(api, &options, &mounted.known, locale);
                mounted.apply(reason, Rc::new(session));
                mounted.host.clone()
            };
            // Outside the borrow: a listener may unmount or update right away.
            dispatch_state(&host, reason);
        });
    }

    fn abort_in_flight(&mut self) {
        if let Some(controller) = self.in_flight.take() {
            controller.abort();
        }
    }

    /// Shows or hides the app for a gate decision.
    fn apply(&mut self, reason: Reason, session: Rc<Session>) {
        if !reason.is_visible() {
            self.park();
            return;
        }
        let props = RootProps {
            app: Some(Rc::new(AppProps {
                options: self.options.clone(),
                session,
                memory: self.memory,
            })),
        };
        if let Some((_, app)) = self.app.as_mut() {
            app.update(props);
            return;
        }
        let parked = PARKED.with(|parked| parked.borrow_mut().pop());
        let root = match &parked {
            Some((root, _)) => root.clone(),
            None => {
                let Some(root) = self
                    .host
                    .owner_document()
                    .and_then(|d| d.create_element("div").ok())
                else {
                    return;
                };
                root.set_class_name("tc-root");
                root
            }
        };
        if self.shadow.append_child(&root).is_err() {
            if let Some(parked) = parked {
                PARKED.with(|list| list.borrow_mut().push(parked));
            }
            return;
        }
        let app = match parked {
            Some((_, mut app)) => {
                app.update(props);
                app
            }
            None => yew::Renderer::<Root>::with_root_and_props(root.clone(), props).render(),
        };
        self.app = Some((root, app));
    }

    /// Hides the app: its app is torn down (hooks cleaned up, requests dropped) and its root
    /// element leaves the shadow root and waits in [`PARKED`] for the next mount.
    fn park(&mut self) {
        if let Some((root, mut app)) = self.app.take() {
            app.update(RootProps { app: None });
            PARKED.with(|parked| parked.borrow_mut().push((root, app)));
        }
        clear(&self.shadow);
    }
}

/// A console warning; errors carry statuses and service messages, never a token.
fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

fn api_for(options: &Options, get_token: Function, abort: Option<&AbortController>) -> Api {
    let api = Api::new(
        options.dataverse_url.clone(),
        options.graph_url.clone(),
        Rc::new(tokens::JsTokenSource::new(get_token)),
    );
    match abort {
        Some(controller) => api.with_abort_signal(controller.signal()),
        None => api,
    }
}

/// Sends `teams-collaborate-state` `{visible, reason}` from the host (bubbling, composed).
pub(crate) fn dispatch_state(host: &Element, reason: Reason) {
    let detail = Object::new();
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(&detail, &"visible".into(), &reason.is_visible().into());
    let _ = Reflect::set(&detail, &"reason".into(), &reason.as_str().into());
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(STATE_EVENT, &init) {
        let _ = host.dispatch_event(&event);
    }
}

fn clear(shadow: &ShadowRoot) {
    while let Some(child) = shadow.first_child() {
        let _ = shadow.remove_child(&child);
    }
}

/// A JS `Error` whose message names the field; the field is also on `error.field`.
fn to_js_error(error: &OptionError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let _ = Reflect::set(&js, &"field".into(), &error.field.as_str().into());
    js.into()
}
