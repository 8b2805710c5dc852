//! Minifies the component's style sheet into `OUT_DIR`: its comments and white space would be
//! bytes in the wasm's data section that every user downloads.

use std::path::PathBuf;

fn main() {
    let source = "src/components/style.css";
    println!("cargo:rerun-if-changed={source}");
    let css = std::fs::read_to_string(source).expect("src/components/style.css is readable");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("style.css"), minify(&css)).expect("OUT_DIR is writable");
}

/// Drops comments, folds white space, and drops the spaces around `{ } ; , >` and after `:`
/// (never around `+` and `-`, which `calc()` needs, and never before `:`, where a space means a
/// descendant) and the last `;` of each block.
fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(folded.len());
    let chars: Vec<char> = folded.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
        if c == ' ' {
            let before = out.chars().last();
            let after = chars.get(at + 1).copied();
            if before.is_some_and(|b| tight(b) || b == ':') || after.is_some_and(tight) {
                continue;
            }
        }
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
    }
    out
}
