//! The JS boundary: `mount`, [`Handle`], the `<teams-collaborate>` element. The only module that
//! touches `JsValue`; everything behind it is typed Rust.

mod device;
mod options;
mod tokens;

use crate::api::{dataverse, Api};
use crate::components::{AppProps, Root, RootProps};
use crate::gate::{self, FlagReads, Reason};
use crate::load::Session;
use crate::options::{OptionError, Options};
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
) -> Result<Handle, JsValue> {
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
    mount(element, built)
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
        |element: JsValue, options: JsValue| mount(element, options).map(JsValue::from),
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
/// option (and nothing is rendered) when the options are invalid.
#[wasm_bindgen(unchecked_return_type = "Handle")]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "HTMLElement")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
) -> Result<Handle, JsValue> {
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
        in_flight: None,
        options: Rc::new(options),
        get_token,
        flags: None,
        user_id: None,
        entity_set: None,
        rights: None,
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
    /// Aborts the requests of the latest refresh; replaced by each refresh, fired on unmount.
    in_flight: Option<AbortController>,
    options: Rc<Options>,
    get_token: Function,
    /// The last successful flag reads (failures are not kept, so the next refresh retries).
    flags: Option<FlagReads>,
    /// The caller's `systemuserid`, from `WhoAmI` at mount.
    user_id: Option<String>,
    /// The record's entity set name, from the host or `EntityDefinitions` at mount.
    entity_set: Option<String>,
    /// What the caller's roles allow on the two link tables, read at mount.
    rights: Option<Rights>,
}

/// What the caller's security roles allow on the link tables: Dataverse enforces both, and the
/// pane offers only what will go through.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rights {
    /// `prvWrite` on the chat links: disconnecting a chat.
    disconnect_chats: bool,
    /// `prvDelete` on the channel links: disconnecting a channel deletes its row.
    remove_channels: bool,
}

impl Mounted {
    /// Re-runs the gate: the device at once, the flags from the host, the cache or Dataverse.
    fn refresh(cell: &Slot, reread_flags: bool) {
        let (generation, options, api, cached, cached_user, cached_privilege) = {
            let mut slot = cell.borrow_mut();
            let Some(mounted) = slot.as_mut() else { return };
            mounted.generation += 1;
            mounted.abort_in_flight();
            mounted.in_flight = AbortController::new().ok();
            if reread_flags {
                mounted.flags = None;
                mounted.user_id = None;
                mounted.entity_set = None;
                mounted.rights = None;
            }
            (
                mounted.generation,
                mounted.options.clone(),
                api_for(
                    &mounted.options,
                    mounted.get_token.clone(),
                    mounted.in_flight.as_ref(),
                ),
                mounted.flags,
                (mounted.user_id.clone(), mounted.entity_set.clone()),
                mounted.rights,
            )
        };
        let cell = cell.clone();
        // Always answer asynchronously, so a listener added right after `mount` hears the event.
        wasm_bindgen_futures::spawn_local(async move {
            let device = device::signals(&options);
            let mobile = gate::is_mobile(&device);
            let mut failures = Vec::new();
            // WhoAmI and the entity set name are read with the flags, before anyone clicks.
            let facts = async {
                if mobile {
                    return ((None, None), None);
                }
                let user = async {
                    let user = match &cached_user.0 {
                        Some(user) => Some(user.clone()),
                        None => dataverse::who_am_i(&api).await.ok(),
                    };
                    // Disconnecting a chat needs the write privilege on the (organization-owned)
                    // chat link table; disconnecting a channel deletes its row, which needs the
                    // delete privilege on the channel link table (named by its schema name).
                    let rights = match (&user, cached_privilege) {
                        (Some(_), Some(known)) => Some(known),
                        (Some(user), None) => {
                            let (chats, channels) = futures::join!(
                                dataverse::has_privilege(
                                    &api,
                                    user,
                                    "prvWritemsdyn_teamschatassociation",
                                ),
                                dataverse::has_privilege(
                                    &api,
                                    user,
                                    "prvDeletemsdyn_TeamsCollaboration",
                                )
                            );
                            match (chats, channels) {
                                (Ok(disconnect_chats), Ok(remove_channels)) => Some(Rights {
                                    disconnect_chats,
                                    remove_channels,
                                }),
                                _ => None,
                            }
                        }
                        (None, _) => None,
                    };
                    (user, rights)
                };
                let entity_set = async {
                    match options
                        .record
                        .entity_set_name
                        .clone()
                        .or(cached_user.1.clone())
                    {
                        Some(set) => Some(set),
                        None => dataverse::entity_set_name(&api, &options.record.entity_name)
                            .await
                            .ok(),
                    }
                };
                futures::join!(user, entity_set)
            };
            let flags = async {
                if mobile {
                    // No request is made for a device that will never show the component.
                    None
                } else if let Some(flags) = options.flags {
                    Some(FlagReads {
                        tenant_consent: Some(flags.tenant_consent),
                        instance_enabled: Some(flags.instance_enabled),
                    })
                } else if let Some(cached) = cached {
                    Some(cached)
                } else {
                    let (tenant, instance) = futures::join!(
                        dataverse::read_tenant_consent(&api),
                        dataverse::read_instance_enabled(&api)
                    );
                    if let Err(error) = &tenant {
                        failures
                            .push(("organizations.ismsteamscollaborationenabled", error.clone()));
                    }
                    if let Err(error) = &instance {
                        failures.push((
                            "msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled",
                            error.clone(),
                        ));
                    }
                    Some(FlagReads {
                        tenant_consent: tenant.ok(),
                        instance_enabled: instance.ok(),
                    })
                }
            };
            let (flags, ((user_id, rights), entity_set)) = futures::join!(flags, facts);
            let reason = gate::decide(
                &device,
                flags.unwrap_or(FlagReads {
                    tenant_consent: None,
                    instance_enabled: None,
                }),
            );
            let host = {
                let mut slot = cell.borrow_mut();
                let Some(mounted) = slot.as_mut().filter(|m| m.generation == generation) else {
                    // Superseded or unmounted (its requests were aborted): nothing to say.
                    return;
                };
                for (flag, error) in &failures {
                    warn(&format!(
                        "teams-collaborate: cannot read {flag}, staying hidden: {error}"
                    ));
                }
                if let Some(flags) = flags.filter(|f| {
                    options.flags.is_none()
                        && f.tenant_consent.is_some()
                        && f.instance_enabled.is_some()
                }) {
                    mounted.flags = Some(flags);
                }
                // Keep what was learned: a mobile refresh reads nothing and must not forget it.
                if user_id.is_some() {
                    mounted.user_id = user_id.clone();
                }
                if entity_set.is_some() {
                    mounted.entity_set = entity_set.clone();
                }
                if rights.is_some() {
                    mounted.rights = rights;
                }
                // The language: the host's `locale`, else the browser's.
                let locale = options
                    .locale
                    .clone()
                    .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
                    .unwrap_or_else(|| "en".to_owned());
                let session = Rc::new(Session {
                    strings: crate::text::strings_for(&locale),
                    locale,
                    api: api.clone(),
                    record_id: options.record.id.clone(),
                    entity_set,
                    user_id,
                    entity_name: options.record.entity_name.clone(),
                    can_disconnect: rights.is_some_and(|r| r.disconnect_chats),
                    can_remove_channels: rights.is_some_and(|r| r.remove_channels),
                });
                mounted.apply(reason, session);
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

    /// Hides the app: its `App` is torn down (hooks cleaned up, requests dropped) and its root
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
