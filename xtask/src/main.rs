//! `cargo xtask demo | test | bench`: the project's commands, with all set-up on a fresh machine.

mod bench;
mod d365;
mod demo;
mod emulator;
mod imports;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// How `cargo xtask demo` is called.
pub const USAGE_DEMO: &str = "cargo xtask demo [--port 8080] [--db PATH]";
const USAGE: &str = "usage: cargo xtask demo [--port 8080] [--db PATH] | cargo xtask test \
                     | cargo xtask d365 | cargo xtask bench [requests|paint|presence|memory|scale]...";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("demo") => demo::run(args.collect()),
        Some("test") => test::run(),
        Some("d365") => d365::run(),
        Some("bench") => bench::run(args.collect()),
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
    ]))?;
    minify_js()?;
    shorten_imports()
}

/// Gives the names between the wasm and its glue short names in `pkg/` (see `imports`): 7 KB
/// gzipped.
fn shorten_imports() -> Result<(), String> {
    let pkg = root().join("pkg");
    let (wasm_path, js_path) = (
        pkg.join("teams_collaborate_bg.wasm"),
        pkg.join("teams_collaborate.js"),
    );
    let wasm = std::fs::read(&wasm_path)
        .map_err(|e| format!("cannot read {}: {e}", wasm_path.display()))?;
    let js = std::fs::read_to_string(&js_path)
        .map_err(|e| format!("cannot read {}: {e}", js_path.display()))?;
    let imports::Shortened {
        wasm,
        js,
        renames: renamed,
    } = imports::shorten(&wasm, &js)?;
    std::fs::write(&wasm_path, wasm)
        .map_err(|e| format!("cannot write {}: {e}", wasm_path.display()))?;
    std::fs::write(&js_path, js).map_err(|e| format!("cannot write {}: {e}", js_path.display()))?;
    // The types of the wasm's exports name the renamed ones too.
    for types in ["teams_collaborate.d.ts", "teams_collaborate_bg.wasm.d.ts"] {
        let path = pkg.join(types);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        std::fs::write(&path, imports::replace_identifiers(&text, &renamed))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!(
        "xtask: {} names between the wasm and its glue shortened",
        renamed.len()
    );
    Ok(())
}

/// Minifies the JS of `pkg/` in place with esbuild: the glue carries every doc comment of the
/// Rust exports, which the `.d.ts` already gives. The glue's first line, which points
/// TypeScript at its types, is kept.
fn minify_js() -> Result<(), String> {
    let pkg = root().join("pkg");
    let mut files = vec![pkg.join("teams_collaborate.js")];
    files.extend(js_files_under(&pkg.join("snippets")));
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let first = text.lines().next().unwrap_or_default();
        let mut command = Command::new("esbuild");
        command
            .arg(&file)
            .args([
                "--minify",
                "--format=esm",
                "--log-level=warning",
                "--allow-overwrite",
            ])
            .arg(format!("--outfile={}", file.display()));
        if first.starts_with("/* @ts-self-types=") {
            command.arg(format!("--banner:js={first}"));
        }
        run(&mut command)?;
    }
    Ok(())
}

/// Builds the emulator and returns the path of its binary (under `CARGO_TARGET_DIR` when set).
pub fn build_emulator() -> Result<PathBuf, String> {
    run(Command::new("cargo").args(["build", "--quiet", "-p", "teams-collaborate-emulator"]))?;
    Ok(target_dir().join("debug/teams-collaborate-emulator"))
}

/// Cargo's target folder: `CARGO_TARGET_DIR` (relative to the workspace) when set, else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| root().join("target"), |dir| root().join(dir))
}

/// The size the shipped component is heading for, gzipped, in KB (1,024 bytes).
pub const SIZE_GOAL_KB: f64 = 200.0;
/// The size it must never exceed, gzipped, in KB: one Microsoft Graph Toolkit person card.
pub const SIZE_CEILING_KB: f64 = 238.0;
/// What `cargo xtask test` lets through until the component is under the ceiling: the size after
/// the last cuts, so that it can only come down. Lower it as cuts land, to the ceiling in the
/// end; raising it takes a note on the size issue saying why. 272.5 KB after the cuts of
/// 2026-12-03; raised the same day for the record type settings (issue 19: 8.3 KB gzipped, 1.5 KB
/// of it paid by `wasm-opt -Os -Oz`), then lowered with the next cuts: 261.2 KB on 2026-12-03.
pub const SIZE_ALLOWED_KB: f64 = 261.5;

/// Prints the shipped size of `pkg/`: the wasm and its JS (glue and snippets), raw, gzipped and
/// Brotli-compressed (what a CDN or Dynamics 365 serves), the gzipped whole against the goal and
/// the ceiling.
pub fn print_size() -> Result<(), String> {
    let files = shipped_size();
    for file in &files {
        println!(
            "size: {}: {} bytes, {} gzipped, {} brotli",
            file.name, file.bytes, file.gzipped, file.brotli
        );
    }
    let gzipped = files.iter().map(|f| f.gzipped).sum::<usize>();
    println!(
        "size: shipped total: {} bytes, {} gzipped ({}), {} brotli (quality 11, {:.1} KB)",
        files.iter().map(|f| f.bytes).sum::<usize>(),
        gzipped,
        size_verdict(gzipped),
        files.iter().map(|f| f.brotli).sum::<usize>(),
        kb(files.iter().map(|f| f.brotli).sum::<usize>())
    );
    size_allowed(gzipped)
}

/// Whether a gzipped total may ship: at most [`SIZE_ALLOWED_KB`] and never past the ceiling once
/// under it. The error says by how much it is over.
pub fn size_allowed(gzipped: usize) -> Result<(), String> {
    let (size, limit) = (kb(gzipped), SIZE_ALLOWED_KB.max(SIZE_CEILING_KB));
    if size > limit {
        return Err(format!(
            "the shipped component is {size:.1} KB gzipped, {:.1} KB over the {limit} KB it may \
             weigh today (the ceiling is {SIZE_CEILING_KB} KB): cut before adding",
            size - limit
        ));
    }
    Ok(())
}

/// Bytes as KB (1,024 bytes), as the size budgets count them.
pub fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// A gzipped size against the goal and the ceiling, e.g. "298.9 KB: 60.9 KB over the 238 KB
/// ceiling".
pub fn size_verdict(gzipped: usize) -> String {
    let size = kb(gzipped);
    if size > SIZE_CEILING_KB {
        format!(
            "{size:.1} KB: {:.1} KB over the {SIZE_CEILING_KB} KB ceiling",
            size - SIZE_CEILING_KB
        )
    } else if size > SIZE_GOAL_KB {
        format!(
            "{size:.1} KB: under the {SIZE_CEILING_KB} KB ceiling, {:.1} KB over the {SIZE_GOAL_KB} KB goal",
            size - SIZE_GOAL_KB
        )
    } else {
        format!("{size:.1} KB: under the {SIZE_GOAL_KB} KB goal")
    }
}

/// One shipped file of `pkg/` and its sizes.
pub struct Shipped {
    /// The path under `pkg/`.
    pub name: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// Its `gzip -9` size in bytes.
    pub gzipped: usize,
    /// Its Brotli (quality 11) size in bytes.
    pub brotli: usize,
}

/// The files of `pkg/` a page loads: the wasm, the JS glue and the snippets' JS.
pub fn shipped_size() -> Vec<Shipped> {
    let pkg = root().join("pkg");
    let mut files = vec![
        pkg.join("teams_collaborate_bg.wasm"),
        pkg.join("teams_collaborate.js"),
    ];
    files.extend(js_files_under(&pkg.join("snippets")));
    files
        .into_iter()
        .filter_map(|file| {
            let bytes = std::fs::read(&file).ok()?;
            Some(Shipped {
                name: file
                    .strip_prefix(&pkg)
                    .unwrap_or(&file)
                    .display()
                    .to_string(),
                bytes: bytes.len(),
                gzipped: compressed_len(Command::new("gzip").arg("-9c"), &bytes).unwrap_or(0),
                brotli: compressed_len(Command::new("node").args(["-e", BROTLI_11]), &bytes)
                    .unwrap_or(0),
            })
        })
        .collect()
}

fn js_files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            found.extend(js_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "js") {
            found.push(path);
        }
    }
    found
}

/// Node's Brotli (the reference library) at quality 11, stdin to stdout.
const BROTLI_11: &str = "const z=require('zlib');process.stdout.write(z.brotliCompressSync(require('fs').readFileSync(0),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}))";

/// The size of some bytes once compressed by `compressor` (stdin to stdout).
fn compressed_len(compressor: &mut Command, bytes: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = compressor
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    // Written from another thread: the compressor fills its output pipe before it has read all of a big
    // input, and would wait on us forever if we only read after writing.
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    Some(output.stdout.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_component_may_ship_up_to_what_is_allowed_today_and_no_more() {
        let allowed = (SIZE_ALLOWED_KB * 1024.0) as usize;
        assert!(size_allowed(allowed).is_ok());
        assert!(size_allowed((SIZE_CEILING_KB * 1024.0) as usize).is_ok());
        let error = size_allowed(allowed + 2048).unwrap_err();
        assert!(error.contains("2.0 KB over"), "{error}");
        assert!(
            error.contains("238 KB"),
            "the error names the ceiling: {error}"
        );
    }
}
