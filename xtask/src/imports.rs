//! Shortens the names by which the wasm imports the glue's functions.
//!
//! wasm-bindgen names each import after the JS it calls plus a hash
//! (`__wbg_addEventListener_f2d27251d333a631`), and both the wasm's import section and the glue's
//! import object carry every name: about 230 names, 7 KB gzipped that compression cannot fold
//! (the hashes are random). The names mean nothing to anyone: the wasm asks the import object
//! for a key, and the glue defines it. So both get the same short name (`a`, `b`, ... `aB`).
//!
//! A name is renamed only where the glue spells it exactly once, as its import object's key;
//! anything else is left as wasm-bindgen wrote it. wasm-bindgen's own exports (the allocator,
//! the closures' entry points: `__wbindgen_malloc`, `wasm_bindgen__convert__closures_..._h5f..`)
//! are renamed the same way where the glue only ever reads them as properties (`c.name`); the
//! component's API (`mount`, `start`, ...) and the memory keep theirs. The caller renames them in
//! the `.d.ts` files too, with [`replace_identifiers`].

use std::collections::HashMap;

/// The module name under which the wasm imports the glue's functions.
pub const GLUE_MODULE: &str = "./teams_collaborate_bg.js";

/// A package's wasm and glue with short names, and what was renamed (old name to new).
pub struct Shortened {
    pub wasm: Vec<u8>,
    pub js: String,
    pub renames: HashMap<String, String>,
}

/// Renames the glue's imports and wasm-bindgen's exports in `wasm` and `js` alike.
pub fn shorten(wasm: &[u8], js: &str) -> Result<Shortened, String> {
    let counts = identifier_counts(js);
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut out = wasm
        .get(..8)
        .filter(|header| header.starts_with(b"\0asm"))
        .ok_or("not a wasm module")?
        .to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body_start) = read_leb(wasm, at + 1)?;
        let end = body_start + size;
        let body = wasm
            .get(body_start..end)
            .ok_or("a section runs past the end")?;
        let mut shorten_if = |name: &str, wanted: bool| {
            wanted.then(|| {
                let short = short_name(renames.len());
                renames.insert(name.to_owned(), short.clone());
                short
            })
        };
        let section = match id {
            2 => Some(rename_imports(body, |field| {
                shorten_if(field, counts.get(field) == Some(&1))
            })?),
            7 => Some(rename_exports(body, |name| {
                let synthetic = SYNTHETIC_EXPORTS.iter().any(|p| name.starts_with(p));
                let read = counts.contains_key(name) && only_read_as_property(js, name);
                shorten_if(name, synthetic && read)
            })?),
            _ => None,
        };
        match section {
            Some(section) => {
                out.push(id);
                write_leb(&mut out, section.len());
                out.extend(section);
            }
            None => out.extend_from_slice(&wasm[at..end]),
        }
        at = end;
    }
    let js = replace_identifiers(js, &renames);
    Ok(Shortened {
        wasm: out,
        js,
        renames,
    })
}

/// How wasm-bindgen's own exports begin.
const SYNTHETIC_EXPORTS: &[&str] = &[
    "__wbindgen_",
    "__wbg_",
    "__externref_",
    "wasm_bindgen__convert__closures",
];

/// The export section with names renamed where `rename` gives a new one.
fn rename_exports(
    body: &[u8],
    mut rename: impl FnMut(&str) -> Option<String>,
) -> Result<Vec<u8>, String> {
    rewrite_entries(body, "export", |at, out| {
        let (name, next) = read_name(body, at)?;
        // The kind, then the index.
        let end = read_leb(body, next + 1)?.1;
        write_name(out, &rename(name).unwrap_or_else(|| name.to_owned()));
        out.extend_from_slice(body.get(next..end).ok_or("an export runs past the end")?);
        Ok(end)
    })
}

/// A section that is a vector of entries, each rewritten by `entry` (given where it starts,
/// returning where it ends).
fn rewrite_entries(
    body: &[u8],
    what: &str,
    mut entry: impl FnMut(usize, &mut Vec<u8>) -> Result<usize, String>,
) -> Result<Vec<u8>, String> {
    let (count, mut at) = read_leb(body, 0)?;
    let mut out = Vec::with_capacity(body.len());
    write_leb(&mut out, count);
    for _ in 0..count {
        at = entry(at, &mut out)?;
    }
    if at != body.len() {
        return Err(format!(
            "the {what} section has bytes after its last {what}"
        ));
    }
    Ok(out)
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len());
    out.extend_from_slice(name.as_bytes());
}

/// Whether every whole-token use of `name` in `js` is a property read (`x.name`), so that a
/// short name cannot meet a variable of the minified glue.
fn only_read_as_property(js: &str, name: &str) -> bool {
    let mut rest = js;
    let mut offset = 0;
    while let Some(at) = rest.find(name) {
        let start = offset + at;
        let end = start + name.len();
        let before = js[..start].chars().next_back();
        let after = js[end..].chars().next();
        let is_token =
            !before.is_some_and(is_identifier_char) && !after.is_some_and(is_identifier_char);
        if is_token && before != Some('.') {
            return false;
        }
        offset = end;
        rest = &js[end..];
    }
    true
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The import section with the glue module's fields renamed where `rename` gives a new name.
fn rename_imports(
    body: &[u8],
    mut rename: impl FnMut(&str) -> Option<String>,
) -> Result<Vec<u8>, String> {
    rewrite_entries(body, "import", |at, out| {
        let (module, next) = read_name(body, at)?;
        let (field, next) = read_name(body, next)?;
        let description_end = skip_import_description(body, next)?;
        let field = match module {
            GLUE_MODULE => rename(field).unwrap_or_else(|| field.to_owned()),
            _ => field.to_owned(),
        };
        write_name(out, module);
        write_name(out, &field);
        out.extend_from_slice(&body[next..description_end]);
        Ok(description_end)
    })
}

/// Where an import's description (its kind and type) ends.
fn skip_import_description(body: &[u8], at: usize) -> Result<usize, String> {
    let kind = *body.get(at).ok_or("an import has no kind")?;
    let at = at + 1;
    Ok(match kind {
        // A function: its type index.
        0 => read_leb(body, at)?.1,
        // A table: its element type, then limits.
        1 => skip_limits(body, at + 1)?,
        // A memory: limits.
        2 => skip_limits(body, at)?,
        // A global: its value type and mutability.
        3 => at + 2,
        // A tag: its attribute and type index.
        4 => read_leb(body, at + 1)?.1,
        other => return Err(format!("unknown import kind {other}")),
    })
}

fn skip_limits(body: &[u8], at: usize) -> Result<usize, String> {
    let (flags, at) = read_leb(body, at)?;
    let (_, at) = read_leb(body, at)?;
    Ok(if flags & 1 == 1 {
        read_leb(body, at)?.1
    } else {
        at
    })
}

fn read_name(bytes: &[u8], at: usize) -> Result<(&str, usize), String> {
    let (len, start) = read_leb(bytes, at)?;
    let name = bytes
        .get(start..start + len)
        .ok_or("a name runs past the end")?;
    let name = std::str::from_utf8(name).map_err(|_| "a name is not UTF-8")?;
    Ok((name, start + len))
}

/// An unsigned LEB128 number at `at`, and where the next thing starts.
fn read_leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize), String> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 28 {
            return Err("a number is too long".into());
        }
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The `index`th short name: `a`..`Z`, then two characters, never a reserved word.
fn short_name(index: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let names = (0..FIRST.len())
        .map(|i| String::from(FIRST[i] as char))
        .chain((0..FIRST.len() * REST.len()).map(|i| {
            let (first, rest) = (FIRST[i / REST.len()], REST[i % REST.len()]);
            format!("{}{}", first as char, rest as char)
        }))
        .filter(|name| !matches!(name.as_str(), "do" | "if" | "in"));
    names
        .into_iter()
        .nth(index)
        .expect("fewer than 3,000 imports")
}

/// How often each identifier-like token appears in `js`.
fn identifier_counts(js: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for token in identifiers(js) {
        *counts.entry(token).or_default() += 1;
    }
    counts
}

/// The runs of identifier characters (letters, digits, `_`, `$`) in `js`.
fn identifiers(js: &str) -> impl Iterator<Item = &str> {
    js.split(|c: char| !is_identifier_char(c))
        .filter(|token| !token.is_empty())
}

/// `js` with each whole identifier token found in `renames` replaced.
pub fn replace_identifiers(js: &str, renames: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(js.len());
    let mut token_start = None;
    for (at, c) in js.char_indices().chain([(js.len(), ' ')]) {
        let in_token = is_identifier_char(c);
        match (in_token, token_start) {
            (true, None) => token_start = Some(at),
            (false, Some(start)) => {
                let token = &js[start..at];
                out.push_str(renames.get(token).map_or(token, String::as_str));
                token_start = None;
            }
            _ => {}
        }
        if !in_token && at < js.len() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two glue functions and a snippet's, and a memory.
    fn module(glue: [&str; 2]) -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for (module, field, description) in [
            (GLUE_MODULE, glue[0], &[0u8, 0][..]),
            ("./snippets/x/element.js", "defineTag", &[0, 1][..]),
            (GLUE_MODULE, glue[1], &[0, 0][..]),
            ("env", "memory", &[2, 1, 1, 2][..]),
        ] {
            for name in [module, field] {
                write_leb(&mut imports, name.len());
                imports.extend_from_slice(name.as_bytes());
            }
            imports.extend_from_slice(description);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // A type section before and a custom section after, which must come through untouched.
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        wasm.push(2);
        write_leb(&mut wasm, imports.len());
        wasm.extend(imports);
        wasm.extend_from_slice(&[0, 3, 2, b'h', b'i']);
        wasm
    }

    #[test]
    fn glue_imports_get_short_names_in_both_files() {
        let js = "const i={\"./teams_collaborate_bg.js\":{__wbg_now_0123456789abcdef:function(){return Date.now()},\
                  __wbg_log_fedcba9876543210:function(e){console.log(e)}}};";
        let wasm = module(["__wbg_now_0123456789abcdef", "__wbg_log_fedcba9876543210"]);
        let Shortened {
            wasm: out,
            js,
            renames: renamed,
        } = shorten(&wasm, js).unwrap();
        assert_eq!(renamed.len(), 2);
        assert_eq!(out, module(["a", "b"]));
        assert_eq!(
            js,
            "const i={\"./teams_collaborate_bg.js\":{a:function(){return Date.now()},\
             b:function(e){console.log(e)}}};"
        );
    }

    #[test]
    fn a_name_the_glue_spells_twice_or_not_at_all_is_kept() {
        let js = "x.__wbg_twice_1111111111111111;y={__wbg_twice_1111111111111111:1,__wbg_once_2222222222222222:2}";
        let wasm = module([
            "__wbg_twice_1111111111111111",
            "__wbg_gone_3333333333333333",
        ]);
        let Shortened {
            wasm: out,
            js: js_out,
            renames: renamed,
        } = shorten(&wasm, js).unwrap();
        assert!(renamed.is_empty());
        assert_eq!(out, wasm);
        assert_eq!(js_out, js);
    }

    /// A module exporting `names`, each a function.
    fn exports(names: &[&str]) -> Vec<u8> {
        let mut section = Vec::new();
        write_leb(&mut section, names.len());
        for (index, name) in names.iter().enumerate() {
            write_leb(&mut section, name.len());
            section.extend_from_slice(name.as_bytes());
            section.push(0);
            write_leb(&mut section, index + 300);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(7);
        write_leb(&mut wasm, section.len());
        wasm.extend(section);
        wasm
    }

    #[test]
    fn wasm_bindgens_exports_read_as_properties_get_short_names() {
        let js = "c.mount(e);c.__wbindgen_malloc(1),c.__wbindgen_malloc(2);\
                  c.wasm_bindgen__convert__closures_____invoke__h0123(r);\
                  const{__wbindgen_free:f}=c;f(1)";
        let names = [
            "mount",
            "__wbindgen_malloc",
            "wasm_bindgen__convert__closures_____invoke__h0123",
            "__wbindgen_free",
            "__wbindgen_unused",
        ];
        let Shortened {
            wasm: out,
            js,
            renames: renamed,
        } = shorten(&exports(&names), js).unwrap();
        // The API keeps its name; a name read otherwise than as a property, or never, too.
        assert_eq!(
            out,
            exports(&["mount", "a", "b", "__wbindgen_free", "__wbindgen_unused"])
        );
        assert_eq!(
            js,
            "c.mount(e);c.a(1),c.a(2);c.b(r);const{__wbindgen_free:f}=c;f(1)"
        );
        assert_eq!(renamed.len(), 2);
    }

    #[test]
    fn only_whole_tokens_are_replaced() {
        let renames = HashMap::from([("__wbg_a_1".to_owned(), "a".to_owned())]);
        assert_eq!(
            replace_identifiers(
                "__wbg_a_1:1,__wbg_a_12:2,$__wbg_a_1:3,'é'+__wbg_a_1",
                &renames
            ),
            "a:1,__wbg_a_12:2,$__wbg_a_1:3,'é'+a"
        );
    }

    #[test]
    fn short_names_are_unique_identifiers() {
        let names: Vec<String> = (0..400).map(short_name).collect();
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "aa")
        );
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(!names.iter().any(|n| n == "do" || n == "if" || n == "in"));
        assert!(names
            .iter()
            .all(|n| n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())));
    }

    #[test]
    fn a_broken_module_is_an_error() {
        assert!(shorten(b"nope", "").is_err());
        let mut wasm = module(["__wbg_a_0123456789abcdef", "__wbg_b_0123456789abcdef"]);
        wasm.truncate(20);
        assert!(shorten(&wasm, "").is_err());
    }
}
