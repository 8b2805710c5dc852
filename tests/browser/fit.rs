//! The pane fits every host: host pages built for the test put the button in each corner, in a
//! clipping and transformed toolbar, in a tall slot, in a right-to-left page and in a 400 px
//! viewport, and put the pane alone in narrow and wide panels. Each test asserts geometry: the
//! pane lies inside the viewport (or its panel), its corners, the first row menus, "Show more"
//! and (after scrolling the list to its end) the tabs are all on top where they should be, and
//! nothing overflows sideways.

use crate::common::*;
use js_sys::{Function, Object, Reflect};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Document, Element, HtmlElement, HtmlIFrameElement, ShadowRoot, Window};

/// A host page: its root (removed at the end), the element the component mounts on, and the
/// document and window it lives in (an iframe's for a narrow viewport).
struct Page {
    root: Element,
    slot: HtmlElement,
    document: Document,
    window: Window,
    /// In a frame: the shipped package's `mount`, loaded by the frame itself, so that the
    /// component measures the frame's viewport as it would on a page of that width.
    framed_mount: Option<Function>,
}

impl Page {
    /// A page over the whole viewport with `html` inside (which holds an element `#slot`).
    fn new(html: &str) -> Page {
        let window = web_sys::window().unwrap();
        let document = window.document().unwrap();
        let root = document.create_element("div").unwrap();
        root.set_attribute(
            "style",
            "position: fixed; inset: 0; z-index: 1; background: #fff; font: 14px sans-serif",
        )
        .unwrap();
        root.set_inner_html(html);
        document.body().unwrap().append_child(&root).unwrap();
        let slot = root
            .query_selector("#slot")
            .unwrap()
            .expect("the page has a #slot")
            .unchecked_into();
        Page {
            root,
            slot,
            document,
            window,
            framed_mount: None,
        }
    }

    /// A page in an iframe `width` px wide: its own viewport, with `html` in its body, and the
    /// shipped package (`pkg/`, served by the emulator) loaded in it.
    async fn framed(width: u32, height: u32, html: &str) -> Page {
        let outer = Page::new("<div id=slot></div>");
        // The frame's page takes the outer page's root over: removing it removes the frame.
        let (root, outer) = (outer.root.clone(), std::mem::ManuallyDrop::new(outer));
        let frame: HtmlIFrameElement = outer
            .document
            .create_element("iframe")
            .unwrap()
            .unchecked_into();
        frame
            .set_attribute(
                "style",
                &format!("width: {width}px; height: {height}px; border: 0; display: block"),
            )
            .unwrap();
        outer.slot.append_child(&frame).unwrap();
        let document = frame.content_document().expect("a same-origin blank frame");
        let window = frame.content_window().unwrap();
        let body = document.body().unwrap();
        body.set_attribute("style", "margin: 0; font: 14px sans-serif")
            .unwrap();
        body.set_inner_html(html);
        let slot = document
            .query_selector("#slot")
            .unwrap()
            .unwrap()
            .unchecked_into();
        let script = document.create_element("script").unwrap();
        script.set_attribute("type", "module").unwrap();
        script.set_text_content(Some(&format!(
            "import init, {{ mount }} from '{EMULATOR}/pkg/teams_collaborate.js';
             await init({{ module_or_path: '{EMULATOR}/pkg/teams_collaborate_bg.wasm' }});
             window.mountHere = (options) => mount(document.getElementById('slot'), options);"
        )));
        body.append_child(&script).unwrap();
        until("the package to load in the frame", || {
            Reflect::get(&window, &"mountHere".into()).is_ok_and(|f| f.is_function())
        })
        .await;
        let framed_mount = Some(
            Reflect::get(&window, &"mountHere".into())
                .unwrap()
                .unchecked_into(),
        );
        Page {
            root,
            slot,
            document,
            window,
            framed_mount,
        }
    }

    fn viewport(&self) -> (f64, f64) {
        let width = self.document.document_element().unwrap().client_width();
        let height = self.window.inner_height().unwrap().as_f64().unwrap();
        (f64::from(width), height)
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// A mounted component, unmounted when dropped.
enum Mounted {
    Here(teams_collaborate::Handle),
    Framed(JsValue),
}

impl Drop for Mounted {
    fn drop(&mut self) {
        match self {
            Mounted::Here(handle) => handle.unmount(),
            Mounted::Framed(handle) => {
                let unmount: Function = Reflect::get(handle, &"unmount".into())
                    .unwrap()
                    .unchecked_into();
                unmount.call0(handle).unwrap();
            }
        }
    }
}

/// Megan on Ava Reyes with sixty more chats (so "Show more" shows), mounted on the page's slot
/// (in `locale` when given); in button mode the pane is opened with the button.
async fn open(page: &Page, mode: &str, locale: Option<&str>) -> Mounted {
    let opts: Object = signed_in("megan", mode).await;
    if let Some(locale) = locale {
        set(&opts, "locale", locale.into());
    }
    post_control("/_emulator/scale", json!({"people": 10, "chats": 60})).await;
    let state = next_state(&page.slot);
    let handle = match &page.framed_mount {
        Some(mount) => Mounted::Framed(mount.call1(&JsValue::NULL, &opts).unwrap()),
        None => {
            Mounted::Here(teams_collaborate::mount(page.slot.clone().into(), opts.into()).unwrap())
        }
    };
    let state = state.await;
    settle().await;
    assert!(state.visible, "{state:?}");
    if mode == "button" {
        collaborate_button(&page.slot).expect("the button").click();
        settle().await;
    }
    loaded(&page.slot).await;
    until("Show more", || find(&page.slot, ".tc-show-more").is_some()).await;
    // Presence and photos arrive after the rows: let the layout settle with them.
    sleep(300).await;
    settle().await;
    handle
}

fn pane(host: &HtmlElement) -> HtmlElement {
    find(host, ".tc-pane").expect("the pane")
}

/// Whether the point hits `target` (or something inside it), looking through the shadow root.
fn hits(host: &HtmlElement, target: &Element, x: f64, y: f64) -> bool {
    let root: ShadowRoot = host.shadow_root().unwrap();
    root.element_from_point(x as f32, y as f32)
        .is_some_and(|hit| target.contains(Some(&hit)))
}

/// What the point hits, to say so when it is not what it should be.
fn hit_name(host: &HtmlElement, x: f64, y: f64) -> String {
    let root: ShadowRoot = host.shadow_root().unwrap();
    match root.element_from_point(x as f32, y as f32) {
        Some(hit) => format!("{} .{}", hit.tag_name(), hit.class_name()),
        None => "nothing".into(),
    }
}

/// The rectangle the pane must lie inside: the viewport less 8 px, or the panel.
struct Bounds {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

/// Everything this issue asks of a pane once it shows its rows.
async fn assert_fits(page: &Page, bounds: Bounds, case: &str) {
    let host = &page.slot;
    let region = pane(host);
    let rect = region.get_bounding_client_rect();
    let inside = rect.left() >= bounds.left - 0.5
        && rect.top() >= bounds.top - 0.5
        && rect.right() <= bounds.right + 0.5
        && rect.bottom() <= bounds.bottom + 0.5;
    assert!(
        inside && rect.width() > 200.0 && rect.height() > 200.0,
        "{case}: the pane ({}, {})-({}, {}) lies inside ({}, {})-({}, {})",
        rect.left(),
        rect.top(),
        rect.right(),
        rect.bottom(),
        bounds.left,
        bounds.top,
        bounds.right,
        bounds.bottom
    );
    for (x, y) in [
        (rect.left() + 3.0, rect.top() + 3.0),
        (rect.right() - 3.0, rect.top() + 3.0),
        (rect.left() + 3.0, rect.bottom() - 3.0),
        (rect.right() - 3.0, rect.bottom() - 3.0),
    ] {
        assert!(
            hits(host, &region, x, y),
            "{case}: the pane's corner ({x}, {y}) is covered or clipped: {}",
            hit_name(host, x, y)
        );
    }
    let menus = shadow(host).query_selector_all(".tc-menu-button").unwrap();
    assert!(menus.length() >= 3, "{case}: rows with menus");
    for index in 0..3 {
        let button: HtmlElement = menus.item(index).unwrap().unchecked_into();
        scroll_into_list(&button);
        let r = button.get_bounding_client_rect();
        let (x, y) = (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
        assert!(
            r.width() > 0.0 && hits(host, &button, x, y),
            "{case}: \"More options\" #{index} at ({x}, {y}) cannot be clicked (pane right edge {})",
            rect.right()
        );
    }
    let (viewport_width, _) = page.viewport();
    let overflow = page.document.document_element().unwrap().scroll_width();
    assert!(
        f64::from(overflow) <= viewport_width + 0.5,
        "{case}: the page scrolls sideways ({overflow} > {viewport_width})"
    );
    // The list scrolled to its end: "Show more" is there, and the header has stayed put.
    let more = find(host, ".tc-show-more").expect("Show more");
    scroll_to_end(&more);
    settle().await;
    let r = more.get_bounding_client_rect();
    assert!(
        hits(
            host,
            &more,
            r.left() + r.width() / 2.0,
            r.top() + r.height() / 2.0
        ),
        "{case}: \"Show more\" cannot be reached by scrolling the list"
    );
    let tab = find(host, "#tc-tab-chats").expect("the Chats tab");
    let r = tab.get_bounding_client_rect();
    assert!(
        hits(
            host,
            &tab,
            r.left() + r.width() / 2.0,
            r.top() + r.height() / 2.0
        ),
        "{case}: the tabs scrolled away with the list"
    );
}

/// Scrolls every scrolling ancestor of `element` inside the pane so that it shows, without
/// scrolling the page.
fn scroll_into_list(element: &HtmlElement) {
    let mut node = element.parent_element();
    while let Some(ancestor) = node {
        if ancestor.matches(".tc-pane").unwrap() {
            break;
        }
        if ancestor.scroll_height() > ancestor.client_height() {
            let top = element.get_bounding_client_rect().top()
                - ancestor.get_bounding_client_rect().top();
            ancestor.set_scroll_top(ancestor.scroll_top() + top as i32 - 40);
        }
        node = ancestor.parent_element();
    }
}

/// Scrolls every scrolling ancestor of `element` up to the pane, the pane included, to its end:
/// "scrolling the list to its end", wherever the component put the scrolling.
fn scroll_to_end(element: &HtmlElement) {
    let mut node = element.parent_element();
    while let Some(ancestor) = node {
        if ancestor.scroll_height() > ancestor.client_height() {
            ancestor.set_scroll_top(ancestor.scroll_height());
        }
        if ancestor.matches(".tc-pane").unwrap() {
            break;
        }
        node = ancestor.parent_element();
    }
}

fn viewport_bounds(page: &Page) -> Bounds {
    let (width, height) = page.viewport();
    Bounds {
        left: 8.0,
        top: 8.0,
        right: width - 8.0,
        bottom: height - 8.0,
    }
}

/// Button mode: the button at `corner` of the viewport, in a plain slot.
async fn button_in_corner(corner: &str) {
    let page = Page::new(&format!(
        "<div id=slot style='position: absolute; {corner}: 8px'></div>"
    ));
    let _mounted = open(&page, "button", None).await;
    assert_fits(&page, viewport_bounds(&page), corner).await;
}

#[wasm_bindgen_test]
async fn the_button_at_the_top_left_opens_the_pane_inside_the_viewport() {
    button_in_corner("top: 8px; left").await;
}

#[wasm_bindgen_test]
async fn the_button_at_the_top_right_opens_the_pane_inside_the_viewport() {
    button_in_corner("top: 8px; right").await;
}

#[wasm_bindgen_test]
async fn the_button_at_the_bottom_left_opens_the_pane_inside_the_viewport() {
    button_in_corner("bottom: 8px; left").await;
}

#[wasm_bindgen_test]
async fn the_button_at_the_bottom_right_opens_the_pane_inside_the_viewport() {
    button_in_corner("bottom: 8px; right").await;
}

#[wasm_bindgen_test]
async fn a_clipping_transformed_toolbar_does_not_clip_the_pane() {
    let page = Page::new(
        "<div style='display: flex; gap: 8px; align-items: center; height: 40px; padding: 0 12px;
             overflow: hidden; transform: translateZ(0); z-index: 5; position: relative;
             border-bottom: 1px solid #ccc'>
           <button>Save</button><button>Share</button><div id=slot></div>
         </div>",
    );
    let _mounted = open(&page, "button", None).await;
    assert_fits(&page, viewport_bounds(&page), "toolbar").await;
    assert_right_below_the_button(&page, "not below the toolbar");
}

#[wasm_bindgen_test]
async fn a_tall_host_slot_does_not_move_the_pane_away_from_the_button() {
    let page = Page::new(
        "<div style='padding: 8px 12px'><div id=slot style='min-height: 480px; display: block'></div></div>",
    );
    let _mounted = open(&page, "button", None).await;
    assert_fits(&page, viewport_bounds(&page), "tall slot").await;
    assert_right_below_the_button(&page, "not below the slot");
}

/// The pane is anchored to the button itself, not to the host element or its container.
fn assert_right_below_the_button(page: &Page, case: &str) {
    let button = collaborate_button(&page.slot)
        .unwrap()
        .get_bounding_client_rect();
    let rect = pane(&page.slot).get_bounding_client_rect();
    assert!(
        (rect.top() - button.bottom()).abs() <= 12.0,
        "the pane opens right below the button, {case} ({} vs {})",
        rect.top(),
        button.bottom()
    );
}

#[wasm_bindgen_test]
async fn a_right_to_left_page_opens_the_pane_inside_the_viewport() {
    let page = Page::new(
        "<div dir=rtl style='display: flex; gap: 8px; padding: 8px 12px'>
           <button>حفظ</button><div id=slot></div>
         </div>",
    );
    let _mounted = open(&page, "button", None).await;
    assert_fits(&page, viewport_bounds(&page), "rtl").await;
    // The button sits at the page's start (right) edge: the pane aligns to the button's
    // inline-end (left) edge, which is inside the viewport.
    let button = collaborate_button(&page.slot)
        .unwrap()
        .get_bounding_client_rect();
    let rect = pane(&page.slot).get_bounding_client_rect();
    assert!(
        rect.right() <= button.right() + 0.5,
        "the pane hangs from the button toward the page's end ({} > {})",
        rect.right(),
        button.right()
    );
}

#[wasm_bindgen_test]
async fn a_400_px_viewport_opens_the_pane_inside_it() {
    let page = Page::framed(
        400,
        700,
        "<div style='display: flex; justify-content: flex-end; padding: 8px'><div id=slot></div></div>",
    )
    .await;
    let _mounted = open(&page, "button", None).await;
    assert_fits(&page, viewport_bounds(&page), "400 px").await;
}

/// Pane mode in a panel `width` px wide and as high as the viewport (a side pane), left to
/// right in English or right to left in Arabic (strings in English, layout mirrored).
async fn pane_in_panel(width: u32, dir: &str) {
    let page = Page::new(&format!(
        "<div dir={dir} id=panel style='position: absolute; top: 0; left: 0; width: {width}px;
             height: calc(100vh - 2px); border: 1px solid #999; overflow: hidden'>
           <div id=slot style='height: 100%'></div></div>"
    ));
    let locale = (dir == "rtl").then_some("ar-SA");
    let _mounted = open(&page, "pane", locale).await;
    let panel = page.root.query_selector("#panel").unwrap().unwrap();
    let r = panel.get_bounding_client_rect();
    let case = format!("pane mode, {width} px, {dir}");
    assert_fits(
        &page,
        Bounds {
            left: r.left(),
            top: r.top(),
            right: r.right(),
            bottom: r.bottom(),
        },
        &case,
    )
    .await;
    assert!(
        panel.scroll_width() <= panel.client_width(),
        "{case}: the pane is wider than its panel ({} > {})",
        panel.scroll_width(),
        panel.client_width()
    );
    let rect = pane(&page.slot).get_bounding_client_rect();
    assert!(
        (rect.width() - f64::from(panel.client_width())).abs() <= 1.0,
        "{case}: the pane fills its panel's width ({} vs {})",
        rect.width(),
        panel.client_width()
    );
}

#[wasm_bindgen_test]
async fn pane_mode_fits_a_320_px_panel() {
    pane_in_panel(320, "ltr").await;
    pane_in_panel(320, "rtl").await;
}

#[wasm_bindgen_test]
async fn pane_mode_fits_a_400_px_panel() {
    pane_in_panel(400, "ltr").await;
    pane_in_panel(400, "rtl").await;
}

#[wasm_bindgen_test]
async fn pane_mode_fits_a_600_px_panel() {
    pane_in_panel(600, "ltr").await;
    pane_in_panel(600, "rtl").await;
}

/// Where the browser has no Popover API, the pane is placed the same way with `position: fixed`.
#[wasm_bindgen_test]
async fn without_the_popover_api_the_pane_is_placed_the_same() {
    let prototype = Reflect::get(
        &Reflect::get(&js_sys::global(), &"HTMLElement".into()).unwrap(),
        &"prototype".into(),
    )
    .unwrap();
    let saved: Vec<(&str, JsValue)> = ["showPopover", "hidePopover"]
        .into_iter()
        .map(|name| (name, Reflect::get(&prototype, &name.into()).unwrap()))
        .collect();
    for (name, _) in &saved {
        Reflect::delete_property(prototype.unchecked_ref::<Object>(), &(*name).into()).unwrap();
    }
    // Put back whatever happens, so that the tests after this one have the API again.
    let _restore = Restore(prototype.clone(), saved);
    let page = Page::new("<div id=slot style='position: absolute; top: 8px; left: 8px'></div>");
    let mounted = open(&page, "button", None).await;
    assert!(
        !pane(&page.slot).has_attribute("popover"),
        "no popover attribute where there is no Popover API"
    );
    assert_fits(&page, viewport_bounds(&page), "no Popover API").await;
    drop(mounted);
}

/// Puts methods back on an object when dropped.
struct Restore(JsValue, Vec<(&'static str, JsValue)>);

impl Drop for Restore {
    fn drop(&mut self) {
        for (name, method) in &self.1 {
            Reflect::set(&self.0, &(*name).into(), method).unwrap();
        }
    }
}
