//! Percent-encoding for both services: ids in Graph paths and OData query values in Dataverse.

/// Percent-encodes a path segment or a query value: every byte but RFC 3986's unreserved
/// characters and the `'`, `(` and `)` that OData literals and function calls are written with
/// (sub-delimiters, which a path segment and a query may both hold as they are).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes `%XX` escapes (a SharePoint folder is written decoded); anything that is not a
/// valid escape stays as it is, and bytes that are not UTF-8 read as U+FFFD.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded_and_stray_percents_kept() {
        assert_eq!(
            decode("Shared%20Documents/Key%20accounts"),
            "Shared Documents/Key accounts"
        );
        assert_eq!(decode("%E6%97%A5%E6%9C%AC"), "日本");
        assert_eq!(decode("100% sure %4"), "100% sure %4");
        assert_eq!(decode(&encode("a b/ü")), "a b/ü");
    }

    #[test]
    fn ids_are_encoded_for_paths() {
        assert_eq!(encode("19:ab@thread.v2"), "19%3Aab%40thread.v2");
    }

    #[test]
    fn filters_are_encoded() {
        assert_eq!(encode("a eq '{B}'"), "a%20eq%20'%7BB%7D'");
    }
}
