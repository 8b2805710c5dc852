//! `cargo xtask test`: native tests, then browser tests in headless Chromium against an emulator
//! started on a fixed loopback port (the browser tests have that address built in), then the
//! accessibility check of the demo page against an emulator of its own.

use crate::emulator::Emulator;
use crate::{build_emulator, tools};
use std::process::Command;

/// The emulator's port during browser tests; `tests/browser/common.rs` uses the same.
const TEST_PORT: u16 = 18787;
/// The emulator's spy listener during browser tests: it logs whatever reaches it.
const SPY_PORT: u16 = 18788;
/// The emulator serving the demo page to the accessibility check (its state is its own).
const A11Y_PORT: u16 = 18789;

/// Runs every test; fails on the first failing stage.
pub fn run() -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_typescript()?;
    tools::ensure_a11y_tools()?;
    crate::run(Command::new("cargo").args(["test", "--workspace"]))?;
    // The package as it ships (and its Dynamics 365 web resources, which a browser test mounts).
    crate::build_component()?;
    crate::d365::package()?;
    browser_tests()?;
    a11y_check()?;
    crate::run(Command::new("tsc").args([
        "--noEmit",
        "--strict",
        "--target",
        "es2022",
        "--module",
        "es2022",
        "--moduleResolution",
        "bundler",
        "--lib",
        "esnext,dom",
        "tests/types/check.ts",
    ]))?;
    crate::print_size()
}

/// Starts the emulator on the test port, runs the wasm tests in Chromium, stops the emulator.
fn browser_tests() -> Result<(), String> {
    let _emulator = Emulator::start(
        &build_emulator()?,
        TEST_PORT,
        &["--spy-port", &SPY_PORT.to_string()],
    )?;
    crate::run(
        Command::new("wasm-pack")
            .args([
                "test",
                "--headless",
                "--chrome",
                "--chromedriver",
                "/usr/bin/chromedriver",
                "--mode",
                "no-install",
            ])
            // The runner waits this long for the whole headless run, not per test: the fault
            // matrix alone takes about two minutes on 2 cores.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "900"),
    )
}

/// axe-core over the demo page with the pane, its tabs, row menus and dialogs open, and a
/// keyboard-only walk through every action (`tests/a11y/a11y.mjs`, Playwright and Chromium).
fn a11y_check() -> Result<(), String> {
    let _emulator = Emulator::start(&build_emulator()?, A11Y_PORT, &[])?;
    crate::run(Command::new("node").args([
        "tests/a11y/a11y.mjs",
        &format!("http://127.0.0.1:{A11Y_PORT}/"),
    ]))
}
