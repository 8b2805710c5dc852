//! `cargo xtask test`: native tests, then browser tests in headless Chromium against an emulator
//! started on a fixed loopback port (the browser tests have that address built in).

use crate::{build_emulator, tools};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The emulator's port during browser tests; `tests/browser/common.rs` uses the same.
const TEST_PORT: u16 = 18787;
/// The emulator's spy listener during browser tests: it logs whatever reaches it.
const SPY_PORT: u16 = 18788;

/// Runs every test; fails on the first failing stage.
pub fn run() -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_typescript()?;
    crate::run(Command::new("cargo").args(["test", "--workspace"]))?;
    // The package as it ships (and its Dynamics 365 web resources, which a browser test mounts).
    crate::build_component()?;
    crate::d365::package()?;
    browser_tests()?;
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
    if healthy() {
        return Err(format!(
            "something already answers on 127.0.0.1:{TEST_PORT}; stop it and run the tests again"
        ));
    }
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
    wait_until_healthy()?;
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

/// Stops the emulator however the tests end.
struct Emulator(Child);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until_healthy() -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if healthy() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "the emulator did not answer on 127.0.0.1:{TEST_PORT} within 30 s"
    ))
}

/// True when the emulator's health route answers 200.
fn healthy() -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", TEST_PORT)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.1 200")
}
