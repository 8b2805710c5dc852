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

    #[test]
    fn script_data_and_disguised_urls_are_refused() {
        let extra = vec!["teams.contoso.example".to_owned()];
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "javascript://teams.microsoft.com/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "<img src=x onerror=alert(1)>",
            " https://teams.microsoft.com/l/chat/x",
            "\u{202E}https://teams.microsoft.com/l/chat/x",
            "https://teams.microsoft.com\u{202E}.evil.example/",
            "https://t\u{0435}ams.microsoft.com/l/chat/x",
            "https://teams.microsoft.com./l/chat/x",
            "https://\u{FFFD}/",
            "https:teams.microsoft.com/l/chat/x",
            "https:/\\teams.microsoft.com/l/chat/x",
            "https://teams.microsoft.com%2Eevil.example/",
        ] {
            assert!(!is_teams_url(bad, &extra), "{bad:?}");
        }
    }

    #[test]
    fn a_long_or_odd_path_on_a_teams_host_is_still_a_link() {
        let long = format!("https://teams.microsoft.com/l/chat/{}", "é".repeat(10_000));
        assert!(is_teams_url(&long, &[]));
        assert!(is_teams_url(
            "https://teams.microsoft.com/l/chat/<script>\u{202E}",
            &[]
        ));
        assert!(!is_teams_url(&"https://".repeat(5_000), &[]));
    }
}
