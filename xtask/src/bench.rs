//! `cargo xtask bench`: what the component costs, one line per figure. The shipped size is
//! measured here; the rest by `bench/bench.mjs` in headless Chromium (through playwright-core)
//! against the emulator, started in memory on a port of its own.

use crate::emulator::Emulator;
use crate::{build_component, build_emulator, tools};
use std::process::Command;

/// The emulator's port during benchmarks (the tests use 18787, the demo 8080).
const BENCH_PORT: u16 = 18797;

/// Builds the release component, prints its size, then runs the browser figures; `figures`
/// picks some of `requests paint presence memory scale intent` (all when empty).
pub fn run(figures: Vec<String>) -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_playwright()?;
    build_component()?;
    print_size();
    let _emulator = Emulator::start(&build_emulator()?, BENCH_PORT, &[])?;
    crate::run(
        Command::new("node")
            .arg("bench/bench.mjs")
            .args(figures)
            .env("BENCH_EMULATOR", format!("http://127.0.0.1:{BENCH_PORT}"))
            .env("BENCH_CHROMIUM", "/usr/bin/chromium"),
    )
}

/// The release build's files, raw, gzipped and Brotli-compressed, and the gzipped whole against
/// the goal and the ceiling.
fn print_size() {
    let files = crate::shipped_size();
    let kb = crate::kb;
    for file in &files {
        println!(
            "bench: size {}: {:.1} KB raw, {:.1} KB gzipped, {:.1} KB brotli",
            file.name,
            kb(file.bytes),
            kb(file.gzipped),
            kb(file.brotli)
        );
    }
    let raw: usize = files.iter().map(|f| f.bytes).sum();
    let gzipped: usize = files.iter().map(|f| f.gzipped).sum();
    let brotli: usize = files.iter().map(|f| f.brotli).sum();
    println!(
        "bench: size shipped total (wasm + JS glue + snippets), gzipped: {}; {:.1} KB brotli (quality 11); {:.1} KB raw",
        crate::size_verdict(gzipped),
        kb(brotli),
        kb(raw)
    );
}
