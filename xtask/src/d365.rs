//! `cargo xtask d365`: the Dynamics 365 web resources, in `pkg/d365/`.
//!
//! Web resources cannot be `.wasm` files, so `app.js` is the component's ES module bundled with
//! its snippets by esbuild and the wasm bytes embedded (base64), initialised with the asynchronous
//! `init` (browsers refuse or limit synchronous compilation of large modules on the main
//! thread). `pane.html` mounts it in a side pane; `command.js` opens that side pane from a
//! modern command-bar button, passing the record context in the web resource's `data`.

use crate::root;
use std::fs;
use std::path::Path;

/// The web resources' folder in the solution, e.g. `new_/teamscollaborate/`.
pub const PREFIX: &str = "new_/teamscollaborate/";

/// Builds the component and writes the web resources.
pub fn run() -> Result<(), String> {
    crate::tools::ensure_build_tools()?;
    crate::build_component()?;
    package()
}

/// Writes the web resources from an existing `pkg/`.
pub fn package() -> Result<(), String> {
    let pkg = root().join("pkg");
    let out = pkg.join("d365");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let wasm = fs::read(pkg.join("teams_collaborate_bg.wasm"))
        .map_err(|e| format!("cannot read the wasm: {e}"))?;
    // esbuild bundles the glue and its snippets into one module, from an entry that adds the
    // embedded bytes and `load()`.
    let entry = out.join("entry.mjs");
    write(&entry, &entry_module(&wasm))?;
    let app = out.join("app.js");
    let bundled = crate::run(
        std::process::Command::new("esbuild")
            .arg(&entry)
            .args([
                "--bundle",
                "--format=esm",
                "--minify",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", app.display())),
    );
    let _ = fs::remove_file(&entry);
    bundled?;
    write(&out.join("pane.html"), PANE_HTML)?;
    write(
        &out.join("command.js"),
        &COMMAND_JS.replace("{PREFIX}", PREFIX),
    )?;
    let size = fs::metadata(&app).map(|m| m.len()).unwrap_or(0);
    println!(
        "xtask: Dynamics 365 web resources in {} (app.js {} KB)",
        out.display(),
        size / 1024
    );
    Ok(())
}

/// The entry of `app.js`: everything the glue exports, the embedded bytes and `load()`, which
/// initialises the module from them.
fn entry_module(wasm: &[u8]) -> String {
    format!(
        "import init from '../teams_collaborate.js';\n\
export * from '../teams_collaborate.js';\n\
// The component's WebAssembly, embedded: web resources cannot be .wasm files.\n\
const WASM_BASE64 = \"{}\";\n\
/** Initialises the component (asynchronously) from the embedded bytes; call once before mounting. */\n\
export async function load() {{\n  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));\n  await init({{ module_or_path: bytes }});\n}}\n",
        base64(wasm)
    )
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The side pane's HTML web resource: the record comes in `data`, Xrm from the parent window,
/// the Graph token from the org's own token provider (see `www/d365/README.md`).
const PANE_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Teams chats</title>
  <style>html, body { margin: 0; height: 100%; } #pane { height: 100%; }</style>
</head>
<body>
  <div id="pane"></div>
  <script type="module">
    import { load, mountFromXrm } from './app.js';
    const params = new URLSearchParams(location.search);
    const record = JSON.parse(params.get('data') || '{}');
    // The org's token provider (an MSAL acquireTokenSilent wrapper, see the guide); Dataverse
    // is this org itself, so a null token there means "use the session".
    const getToken = window.teamsCollaborateGetToken || window.parent.teamsCollaborateGetToken;
    // Further options (teamsHosts, locale, graphUrl for a sovereign cloud) from the org's script.
    const more = window.teamsCollaborateOptions || window.parent.teamsCollaborateOptions || {};
    await load();
    // The side pane shows its own title: ours only names the region.
    mountFromXrm(document.getElementById('pane'), { ...more, mode: 'pane', showTitle: false, record, getToken });
  </script>
</body>
</html>
"#;

/// The command script a modern command-bar button calls with `PrimaryControl`.
const COMMAND_JS: &str = r#"// Opens the Teams chats side pane for the record on the form (a modern command button's action:
// library new_/teamscollaborate/command.js, function teamsCollaborateOpen, parameter PrimaryControl).
function teamsCollaborateOpen(primaryControl) {
  var entity = primaryControl.data.entity;
  var data = JSON.stringify({
    entityName: entity.getEntityName(),
    id: entity.getId().replace(/[{}]/g, '').toLowerCase(),
    name: entity.getPrimaryAttributeValue() || '',
    entitySetName: typeof entity.getEntitySetName === 'function' ? entity.getEntitySetName() : undefined
  });
  var panes = Xrm.App.sidePanes;
  var open = panes.getPane && panes.getPane('TeamsCollaborate');
  var ready = open ? Promise.resolve(open) : panes.createPane({ title: 'Teams chats', paneId: 'TeamsCollaborate', canClose: true, width: 400 });
  return ready.then(function (pane) {
    return pane.navigate({ pageType: 'webresource', webresourceName: '{PREFIX}pane.html', data: data });
  });
}
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_entry_reexports_the_glue_and_loads_the_embedded_bytes() {
        let entry = super::entry_module(b"foo");
        assert!(entry.starts_with("import init from '../teams_collaborate.js';\nexport * from '../teams_collaborate.js';\n"), "{entry}");
        assert!(entry.contains("const WASM_BASE64 = \"Zm9v\";"), "{entry}");
        assert!(
            entry.contains("await init({ module_or_path: bytes });"),
            "{entry}"
        );
    }
}
