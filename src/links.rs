//! Which links "Open in Teams" may open: `https` on a Teams host, nothing else.

/// The Teams hosts every tenant uses.
const TEAMS_HOSTS: &[&str] = &["teams.microsoft.com", "teams.cloud.microsoft"];

/// True for an `https` URL whose host is a Teams host or one of `extra_hosts` (exact match,
/// no user info, any case).
pub fn is_teams_url(url: &str, extra_hosts: &[String]) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.contains('\\') {
        return false;
    }
    let host = authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !host.is_empty()
        && (TEAMS_HOSTS.contains(&host.as_str())
            || extra_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_teams_hosts() {
        let extra = vec!["teams.contoso.example".to_owned()];
        for good in [
            "https://teams.microsoft.com/l/chat/19%3Aabc%40thread.v2/0?tenantId=x",
            "https://TEAMS.microsoft.com/l/chat/x",
            "https://teams.cloud.microsoft/l/chat/x",
            "https://teams.contoso.example/l/chat/x",
        ] {
            assert!(is_teams_url(good, &extra), "{good}");
        }
        for bad in [
            "http://teams.microsoft.com/l/chat/x",
            "javascript:alert(1)",
            "https://teams.microsoft.com.evil.example/l/chat",
            "https://evil.example/teams.microsoft.com",
            "https://teams.microsoft.com@evil.example/",
            "https://user@teams.microsoft.com/",
            "https://evil.example\\@teams.microsoft.com/",
            "data:text/html,hi",
            "",
        ] {
            assert!(!is_teams_url(bad, &extra), "{bad}");
        }
    }
}
