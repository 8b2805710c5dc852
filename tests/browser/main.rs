//! Browser tests: the component mounted in headless Chromium against the running emulator.
//! `cargo xtask test` starts the emulator on 127.0.0.1:18787 before running these.
#![cfg(target_arch = "wasm32")]

mod actions;
mod button;
mod common;
mod conversation;
mod d365;
mod element;
mod faults;
mod fit;
mod gate;
mod json;
mod look;
mod options;
mod pane;
mod settings;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
