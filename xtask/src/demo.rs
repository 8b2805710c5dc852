//! `cargo xtask demo`: build the component, start the emulator with the demo page, print the URL.

use crate::{build_component, build_emulator, root, tools};
use std::process::Command;

/// Builds everything and runs the emulator in the foreground until Ctrl-C.
pub fn run(args: Vec<String>) -> Result<(), String> {
    let mut port = "8080".to_owned();
    let mut db = root().join(".emulator/demo.sqlite").display().to_string();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => port = value,
            "--db" => db = value,
            other => return Err(format!("unknown argument {other}; {}", crate::USAGE_DEMO)),
        }
    }
    tools::ensure_build_tools()?;
    build_component()?;
    crate::d365::package()?;
    let emulator = build_emulator()?;
    println!("\nDemo: http://127.0.0.1:{port}/   (Ctrl-C stops it)\n");
    crate::run(Command::new(emulator).args(["--port", &port, "--db", &db]))
}
