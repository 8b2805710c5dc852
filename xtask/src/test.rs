//! `cargo xtask test`: native tests, then browser tests in headless Chromium against an emulator
//! started on a fixed loopback port (the browser tests have that address built in), then the
//! accessibility check of the demo page against an emulator of its own.

use crate::{build_emulator, root, tools};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    crate::print_size();
    Ok(())
}

/// Starts the emulator on the test port, runs the wasm tests in Chromium, stops the emulator.
fn browser_tests() -> Result<(), String> {
    let emulator = build_emulator()?;
    refuse_taken(TEST_PORT)?;
    let _guard = Emulator(
        Command::new(emulator)
            .args([
                "--port",
                &TEST_PORT.to_string(),
                "--spy-port",
                &SPY_PORT.to_string(),
                "--db",
                ":memory:",
            ])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?,
    );
    wait_until_healthy(TEST_PORT)?;
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
            // The default 20 s per test is tight on a loaded 2-core machine.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )
}

/// axe-core over the demo page with the pane, its tabs, row menus and dialogs open, and a
/// keyboard-only walk through every action (`tests/a11y/a11y.mjs`, Playwright and Chromium).
fn a11y_check() -> Result<(), String> {
    let emulator = build_emulator()?;
    refuse_taken(A11Y_PORT)?;
    let _guard = Emulator(
        Command::new(emulator)
            .current_dir(root())
            .args(["--port", &A11Y_PORT.to_string(), "--db", ":memory:"])
            .args(["--www", "www", "--pkg", "pkg"])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?,
    );
    wait_until_healthy(A11Y_PORT)?;
    crate::run(Command::new("node").args([
        "tests/a11y/a11y.mjs",
        &format!("http://127.0.0.1:{A11Y_PORT}/"),
    ]))
}

/// Fails when something already answers on the port: the tests need their own emulator.
fn refuse_taken(port: u16) -> Result<(), String> {
    if healthy(port) {
        return Err(format!(
            "something already answers on 127.0.0.1:{port}; stop it and run the tests again"
        ));
    }
    Ok(())
}

/// Stops the emulator however the tests end.
struct Emulator(Child);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until_healthy(port: u16) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if healthy(port) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "the emulator did not answer on 127.0.0.1:{port} within 30 s"
    ))
}

/// True when the emulator's health route answers 200 on the port.
fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.1 200")
}
