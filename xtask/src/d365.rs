//! `cargo xtask d365`: the Dynamics 365 web resources, in `pkg/d365/`.
//!
//! Web resources cannot be `.wasm` files, so `app.js` is the component's ES module with its
//! snippets inlined and the wasm bytes embedded (base64), initialised with the asynchronous
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
    let glue = read(&pkg.join("teams_collaborate.js"))?;
    let wasm = fs::read(pkg.join("teams_collaborate_bg.wasm"))
        .map_err(|e| format!("cannot read the wasm: {e}"))?;
    let app = inline_snippets(&glue, &pkg)? + &loader(&wasm);
    write(&out.join("app.js"), &app)?;
    write(&out.join("pane.html"), PANE_HTML)?;
    write(
        &out.join("command.js"),
        &COMMAND_JS.replace("{PREFIX}", PREFIX),
    )?;
    println!(
        "xtask: Dynamics 365 web resources in {} (app.js {} KB)",
        out.display(),
        app.len() / 1024
    );
    Ok(())
}

/// Replaces the glue's snippet imports (`import * as name from "./snippets/..."` and
/// `import { a, b } from './snippets/...'`) with each snippet's code, once, in its own scope.
fn inline_snippets(glue: &str, pkg: &Path) -> Result<String, String> {
    let mut inlined: Vec<String> = Vec::new();
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        let Some((binding, path)) = snippet_import(line) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let index = match inlined.iter().position(|p| p == path) {
            Some(index) => index,
            None => {
                let source = read(&pkg.join(path.trim_start_matches("./")))?;
                out.push_str(&format!(
                    "const __snippet{} = {};\n",
                    inlined.len(),
                    scoped(&source)
                ));
                inlined.push(path.to_owned());
                inlined.len() - 1
            }
        };
        out.push_str(&format!("const {binding} = __snippet{index};\n"));
    }
    Ok(out)
}

/// `(binding, path)` of a snippet import: `name` for `* as name`, `{ a, b }` for named ones.
fn snippet_import(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix("import ")?;
    let (what, from) = rest.split_once(" from ")?;
    let path = from.trim().trim_end_matches(';').trim_matches(['"', '\'']);
    if !path.starts_with("./snippets/") {
        return None;
    }
    let binding = match what.trim().strip_prefix("* as ") {
        Some(name) => name.trim().to_owned(),
        None => what.trim().to_owned(),
    };
    Some((binding, path))
}

/// A snippet's code in a function scope that returns its exports.
fn scoped(source: &str) -> String {
    let mut exported = Vec::new();
    let mut body = String::new();
    for line in source.lines() {
        let stripped = [
            "export function ",
            "export async function ",
            "export const ",
            "export class ",
        ]
        .iter()
        .find_map(|p| {
            line.strip_prefix(p)
                .map(|rest| (p.trim_start_matches("export "), rest))
        });
        match stripped {
            Some((keyword, rest)) => {
                let ident: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                exported.push(ident);
                body.push_str(keyword);
                body.push_str(rest);
            }
            None => body.push_str(line),
        }
        body.push('\n');
    }
    format!(
        "(() => {{\n{body}return {{ {} }};\n}})()",
        exported.join(", ")
    )
}

/// The embedded bytes and `load()`, which initialises the module from them.
fn loader(wasm: &[u8]) -> String {
    format!(
        "\n// The component's WebAssembly, embedded: web resources cannot be .wasm files.\nconst WASM_BASE64 = \"{}\";\n\
/** Initialises the component (asynchronously) from the embedded bytes; call once before mounting. */\n\
export async function load() {{\n  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));\n  await __wbg_init({{ module_or_path: bytes }});\n}}\n",
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

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
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
    mountFromXrm(document.getElementById('pane'), { ...more, mode: 'pane', record, getToken });
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
    fn snippets_are_inlined_in_their_own_scope() {
        let dir = std::env::temp_dir().join(format!("tc-d365-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets/x")).unwrap();
        std::fs::write(
            dir.join("snippets/x/a.js"),
            "const TAG = 'a';\nexport function hello() { return TAG; }\n",
        )
        .unwrap();
        let glue = "import { hello } from './snippets/x/a.js';\nimport * as import1 from \"./snippets/x/a.js\"\nconsole.log(import1.hello(), hello());\n";
        let out = super::inline_snippets(glue, &dir).unwrap();
        assert!(
            out.starts_with("const __snippet0 = (() => {\nconst TAG = 'a';\nfunction hello()"),
            "{out}"
        );
        assert!(out.contains("return { hello };\n})();\nconst { hello } = __snippet0;\nconst import1 = __snippet0;\nconsole.log("), "{out}");
        assert_eq!(out.matches("const TAG").count(), 1, "inlined once");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
