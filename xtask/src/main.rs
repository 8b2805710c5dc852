//! `cargo xtask demo | test`: the project's two commands, with all set-up on a fresh machine.

mod demo;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// How `cargo xtask demo` is called.
pub const USAGE_DEMO: &str = "cargo xtask demo [--port 8080] [--db PATH]";
const USAGE: &str = "usage: cargo xtask demo [--port 8080] [--db PATH] | cargo xtask test";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("demo") => demo::run(args.collect()),
        Some("test") => test::run(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Runs a command to completion in the workspace root, failing with its name on a non-zero exit.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .current_dir(root())
        .env("PATH", tools::path())
        .status()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// Builds the component into `pkg/` with wasm-pack (release: the size that ships).
pub fn build_component() -> Result<(), String> {
    run(Command::new("wasm-pack").args([
        "build",
        "--target",
        "web",
        "--release",
        "--mode",
        "no-install",
        "--out-dir",
        "pkg",
    ]))
}

/// Builds the emulator and returns the path of its binary.
pub fn build_emulator() -> Result<PathBuf, String> {
    run(Command::new("cargo").args(["build", "--quiet", "-p", "teams-collaborate-emulator"]))?;
    Ok(root().join("target/debug/teams-collaborate-emulator"))
}
