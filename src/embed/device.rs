//! Reads the browser's device signals for the gate.

use crate::gate::DeviceSignals;
use crate::options::Options;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Combines the host's signals with the browser's.
pub fn signals(options: &Options) -> DeviceSignals {
    let navigator = web_sys::window().map(|w| w.navigator());
    let browser_user_agent = navigator
        .as_ref()
        .and_then(|n| n.user_agent().ok())
        .unwrap_or_default();
    let max_touch_points = navigator
        .as_ref()
        .map(|n| n.max_touch_points().max(0) as u32)
        .unwrap_or(0);
    DeviceSignals {
        client: options.client.clone(),
        form_factor: options.form_factor,
        host_user_agent: options.user_agent.clone(),
        browser_user_agent,
        ua_data_mobile: navigator.as_ref().and_then(ua_data_mobile),
        max_touch_points,
    }
}

/// `navigator.userAgentData.mobile`, read through `Reflect`: web-sys has it only behind an
/// unstable cfg, and browsers without Client Hints (Firefox, Safari) lack it.
fn ua_data_mobile(navigator: &web_sys::Navigator) -> Option<bool> {
    let data = Reflect::get(navigator, &JsValue::from_str("userAgentData")).ok()?;
    if !data.is_object() {
        return None;
    }
    Reflect::get(&data, &JsValue::from_str("mobile"))
        .ok()?
        .as_bool()
}
