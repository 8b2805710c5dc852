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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_for_paths() {
        assert_eq!(encode("19:ab@thread.v2"), "19%3Aab%40thread.v2");
    }

    #[test]
    fn filters_are_encoded() {
        assert_eq!(encode("a eq '{B}'"), "a%20eq%20'%7BB%7D'");
    }
}
