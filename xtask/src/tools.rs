//! Installs what a fresh machine lacks, idempotently and quietly when it is already there.

use crate::root;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// wasm-pack's version, known to work on this machine kind.
const WASM_PACK: &str = "0.15.1";
/// binaryen from npm: Debian's and the crates.io wasm-opt are too old for today's wasm-bindgen.
const BINARYEN: &str = "132.0.0";
/// esbuild, to minify the JS that ships (wasm-bindgen's glue keeps every doc comment).
const ESBUILD: &str = "0.28.2";
/// TypeScript, to type-check the generated `.d.ts` in the tests.
const TYPESCRIPT: &str = "5.9.3";
/// Playwright's browser driver (without browsers: it drives Debian's Chromium), for the
/// accessibility check.
const PLAYWRIGHT_CORE: &str = "1.65.1";
/// The accessibility rules engine the accessibility check injects into the page.
const AXE_CORE: &str = "4.14.1";

/// The folder for project-local tools (npm's binaryen).
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// PATH with the project's wasm-opt and cargo's bin folder first.
pub fn path() -> String {
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin");
    let mut parts = vec![
        tools_dir().join("node_modules/.bin").display().to_string(),
        cargo_bin.display().to_string(),
    ];
    if let Ok(existing) = std::env::var("PATH") {
        parts.push(existing);
    }
    parts.join(":")
}

/// Everything `cargo xtask demo` needs: the wasm target, wasm-bindgen, wasm-pack, wasm-opt.
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    let bindgen = locked_wasm_bindgen_version()?;
    // Without --locked: with it, wasm-bindgen-cli fails to resolve a dependency here.
    ensure_cargo_tool(
        "wasm-bindgen",
        &bindgen,
        &["wasm-bindgen-cli", "--version", &bindgen],
    )?;
    ensure_cargo_tool(
        "wasm-pack",
        WASM_PACK,
        &["wasm-pack", "--version", WASM_PACK, "--locked"],
    )?;
    ensure_wasm_opt()?;
    ensure_npm_tool("esbuild", ESBUILD, "esbuild", ESBUILD)
}

/// What `cargo xtask test` needs besides: Debian's Chromium and its chromedriver.
pub fn ensure_browser() -> Result<(), String> {
    let have = |p: &str| std::path::Path::new(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") {
        return Ok(());
    }
    if !is_root() {
        return Err("Chromium and chromedriver are missing: run \
                    `sudo apt-get install -y chromium chromium-driver`, then try again"
            .into());
    }
    println!("xtask: installing chromium and chromium-driver from Debian");
    apt_install(&["chromium", "chromium-driver"])
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("xtask: adding the wasm32-unknown-unknown target");
    crate::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version in Cargo.lock, which the CLI must match exactly.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
            {
                return Ok(version.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn ensure_cargo_tool(binary: &str, version: &str, install: &[&str]) -> Result<(), String> {
    let current = output(binary, &["--version"]).unwrap_or_default();
    if current.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    println!("xtask: installing {binary} {version} (a few minutes, once)");
    crate::run(Command::new("cargo").arg("install").args(install))
}

fn ensure_wasm_opt() -> Result<(), String> {
    let major = BINARYEN.split('.').next().unwrap_or(BINARYEN);
    ensure_npm_tool(
        "wasm-opt",
        &format!("version {major}"),
        "binaryen",
        BINARYEN,
    )
}

/// TypeScript's `tsc`, for the type check of the generated `.d.ts`.
pub fn ensure_typescript() -> Result<(), String> {
    ensure_npm_tool(
        "tsc",
        &format!("Version {TYPESCRIPT}"),
        "typescript",
        TYPESCRIPT,
    )
}

/// playwright-core and axe-core, which `tests/a11y/a11y.mjs` loads from `.tools/`.
pub fn ensure_a11y_tools() -> Result<(), String> {
    ensure_npm_packages(&[("playwright-core", PLAYWRIGHT_CORE), ("axe-core", AXE_CORE)])
}

/// playwright-core, which `bench/bench.mjs` imports from `.tools/`.
pub fn ensure_playwright() -> Result<(), String> {
    ensure_npm_packages(&[("playwright-core", PLAYWRIGHT_CORE)])
}

/// Installs an npm package into `.tools/` unless its binary's `--version` already says `want`.
fn ensure_npm_tool(binary: &str, want: &str, package: &str, version: &str) -> Result<(), String> {
    let path = tools_dir().join("node_modules/.bin").join(binary);
    let current = output(&path.display().to_string(), &["--version"]).unwrap_or_default();
    if current.contains(want) {
        return Ok(());
    }
    println!("xtask: installing {binary} (npm {package}@{version}) into .tools/");
    npm_install(&[format!("{package}@{version}")])
}

/// Installs npm libraries (no binary to ask) into `.tools/` unless each is there at its version.
fn ensure_npm_packages(packages: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<String> = packages
        .iter()
        .filter(|(name, version)| installed_npm_version(name).as_deref() != Some(*version))
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing npm {} into .tools/", missing.join(" "));
    npm_install(&missing)
}

/// The version an installed package's `package.json` names (its first `"version"` key).
fn installed_npm_version(package: &str) -> Option<String> {
    let manifest = tools_dir()
        .join("node_modules")
        .join(package)
        .join("package.json");
    let manifest = std::fs::read_to_string(manifest).ok()?;
    let rest = &manifest[manifest.find("\"version\"")? + "\"version\"".len()..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].to_owned())
}

/// `npm install` of exact `package@version` specs into `.tools/`.
fn npm_install(specs: &[String]) -> Result<(), String> {
    ensure_npm()?;
    std::fs::create_dir_all(tools_dir()).map_err(|e| format!("cannot create .tools: {e}"))?;
    crate::run(
        Command::new("npm")
            .args([
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                &tools_dir().display().to_string(),
            ])
            .args(specs),
    )
}

/// Node.js and npm, which bring wasm-opt and tsc: Debian's when missing and we are root.
fn ensure_npm() -> Result<(), String> {
    if output("npm", &["--version"]).is_some() {
        return Ok(());
    }
    if !is_root() {
        return Err("Node.js and npm are missing: run \
                    `sudo apt-get install -y nodejs npm`, then try again"
            .into());
    }
    println!("xtask: installing nodejs and npm from Debian");
    apt_install(&["nodejs", "npm"])
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    crate::run(Command::new("apt-get").args(["update", "-qq"]))?;
    crate::run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// A command's standard output, or `None` when it cannot run or fails.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .env("PATH", path())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
