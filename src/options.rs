//! The mount options, typed and validated; `embed::options` reads them off the JS object.

use crate::gate::{Client, FormFactor};
use crate::settings::TypeSettings;
use std::fmt;

/// Validated mount options (everything but `getToken`, which stays on the JS side of `embed`).
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The CRM record on screen.
    pub record: Record,
    /// The CRM's base URL, without a trailing slash (for example `https://org.crm.dynamics.com`).
    pub dataverse_url: String,
    /// Microsoft Graph's base URL, without a trailing slash (`https://graph.microsoft.com/v1.0`).
    pub graph_url: String,
    /// Whether to render the Collaborate button with its pane, or the pane alone.
    pub mode: Mode,
    /// Flags a host already knows; when set, no flag is read from Dataverse.
    pub flags: Option<Flags>,
    /// A User-Agent string the host passes in addition to the browser's own.
    pub user_agent: Option<String>,
    /// The host's form factor.
    pub form_factor: Option<FormFactor>,
    /// The host's client.
    pub client: Option<Client>,
    /// A BCP 47 locale for the strings, dates and plurals; the browser's when absent.
    pub locale: Option<String>,
    /// The colour theme.
    pub theme: Theme,
    /// Extra hosts that "Open in Teams" may open.
    pub teams_hosts: Vec<String>,
    /// Seconds between presence refreshes.
    pub presence_interval_seconds: u32,
    /// Seconds between chat list refreshes.
    pub chat_list_interval_seconds: u32,
    /// Seconds between refreshes of an open conversation's messages.
    pub messages_interval_seconds: u32,
    /// Whether the pane shows its title (false where the host shows its own); the region keeps
    /// its accessible name either way.
    pub show_title: bool,
    /// The record's page (`https` only), linked in a new connected chat's first message.
    pub record_url: Option<String>,
    /// The record type's chat settings, when the host passes them: none is read.
    pub record_type_settings: Option<TypeSettings>,
}

/// The default number of seconds between presence refreshes.
pub const DEFAULT_PRESENCE_INTERVAL: u32 = 30;
/// The default number of seconds between chat list refreshes.
pub const DEFAULT_CHAT_LIST_INTERVAL: u32 = 60;
/// The default number of seconds between refreshes of an open conversation.
pub const DEFAULT_MESSAGES_INTERVAL: u32 = 10;

/// The CRM record the component is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The entity's logical name, for example `contact`.
    pub entity_name: String,
    /// The record's GUID: lower case, without braces.
    pub id: String,
    /// The record's primary name, the default name of a new chat.
    pub name: String,
    /// The entity set name (for example `contacts`), looked up when the host does not pass it.
    pub entity_set_name: Option<String>,
}

/// Which parts the component renders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The Collaborate button and, behind it, the pane.
    #[default]
    Button,
    /// The pane alone, for a Dynamics 365 side pane.
    Pane,
}

impl Mode {
    /// Reads `"button"` or `"pane"`.
    pub fn parse(value: &str) -> Result<Mode, String> {
        match value {
            "button" => Ok(Mode::Button),
            "pane" => Ok(Mode::Pane),
            other => Err(format!("must be \"button\" or \"pane\", got \"{other}\"")),
        }
    }
}

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light (Dynamics 365's forms).
    #[default]
    Light,
    /// Dark.
    Dark,
    /// The browser's `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// Reads `"light"`, `"dark"` or `"auto"`.
    pub fn parse(value: &str) -> Result<Theme, String> {
        match value {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            "auto" => Ok(Theme::Auto),
            other => Err(format!(
                "must be \"light\", \"dark\" or \"auto\", got \"{other}\""
            )),
        }
    }
}

/// Flags a host passes instead of having them read from Dataverse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags {
    /// Whether the tenant has consented.
    pub tenant_consent: bool,
    /// Whether the instance has turned the feature on.
    pub instance_enabled: bool,
}

/// A mount option that is missing or invalid; the thrown JS `Error` carries both parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    /// The option's path as the host writes it, for example `record.id`.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl OptionError {
    /// An error about one field.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "teams-collaborate: option \"{}\" {}",
            self.field, self.reason
        )
    }
}

impl std::error::Error for OptionError {}

/// Checks the record's page: an absolute `https` URL (it is posted into chats as a link).
pub fn parse_record_url(value: &str) -> Result<String, String> {
    let lower = value.trim().to_ascii_lowercase();
    let host = lower
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host)
            if !host.is_empty()
                && !host.contains('@')
                && !value.chars().any(char::is_whitespace) =>
        {
            Ok(value.trim().to_owned())
        }
        _ => Err(format!("must be an absolute https URL, got \"{value}\"")),
    }
}

/// Normalises a record id to lower case without braces; `None` unless it is a GUID.
pub fn parse_guid(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let inner = trimmed
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .unwrap_or(trimmed);
    let groups: Vec<&str> = inner.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let well_formed = groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()));
    well_formed.then(|| inner.to_ascii_lowercase())
}

/// Checks that a base URL is absolute `https` with a host (plain `http` only on loopback, for a
/// local emulator: a bearer token must never cross a network unencrypted), and returns it without
/// trailing slashes so paths can be appended.
pub fn parse_base_url(value: &str) -> Result<String, String> {
    let not_absolute = || format!("must be an absolute https URL, got \"{value}\"");
    let lower = value.to_ascii_lowercase();
    let (secure, rest) = match lower.strip_prefix("https://") {
        Some(rest) => (true, rest),
        None => (
            false,
            lower.strip_prefix("http://").ok_or_else(not_absolute)?,
        ),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') || value.chars().any(char::is_whitespace) {
        return Err(not_absolute());
    }
    if !secure && !is_loopback(authority) {
        return Err(format!(
            "must use https (plain http is allowed only on loopback), got \"{value}\""
        ));
    }
    if value.contains(['?', '#']) {
        return Err(format!(
            "must be a base URL without a query or fragment, got \"{value}\""
        ));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

/// True for `localhost`, `127.x.x.x` and `[::1]`, with or without a port.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host == "::1" || is_loopback_v4(host)
}

/// True for `127.a.b.c` as `std::net::Ipv4Addr` reads it: four decimal octets of at most 255,
/// none with a leading zero (so `127.1` and `127.0.0.01` are not loopback). Written out because
/// the standard parser costs the wasm 1 KB gzipped; a property test holds the two together.
fn is_loopback_v4(host: &str) -> bool {
    let mut octets = 0;
    for part in host.split('.') {
        let well_formed = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || !part.starts_with('0'))
            && part.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')) <= 255;
        if !well_formed || (octets == 0 && part != "127") {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

/// Checks an OData identifier (an entity logical name or entity set name): letters, digits and
/// underscores, not starting with a digit. These go into URLs, so nothing else may pass.
pub fn parse_identifier(value: &str) -> Result<String, String> {
    let mut chars = value.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && value.len() <= 128 {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "must be a Dataverse logical name (letters, digits, _), got \"{value}\""
        ))
    }
}

/// Checks a poll interval in seconds: a whole number from 1 to one day.
///
/// Number errors do not repeat the value: the wasm caller adds it as JavaScript writes it, which
/// spares the component Rust's float formatting (10 KB gzipped).
pub fn parse_interval(value: f64) -> Result<u32, String> {
    if value.fract() == 0.0 && (1.0..=86_400.0).contains(&value) {
        Ok(value as u32)
    } else {
        Err("must be a whole number of seconds from 1 to 86400".into())
    }
}

/// Checks a host form factor code (0 unknown, 1 desktop, 2 tablet, 3 phone).
pub fn parse_form_factor(value: f64) -> Result<FormFactor, String> {
    let code = (value.fract() == 0.0 && value >= 0.0).then_some(value as u32);
    code.and_then(FormFactor::from_code)
        .ok_or_else(|| "must be 0, 1, 2 or 3".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_normalised() {
        let want = Some("6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13".to_owned());
        assert_eq!(parse_guid("6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13"), want);
        assert_eq!(parse_guid("{6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13}"), want);
        assert_eq!(parse_guid(" 6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13 "), want);
    }

    #[test]
    fn non_guids_are_refused() {
        for bad in [
            "",
            "abc",
            "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a1",
            "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13-0",
            "6b1f2c9e3d4a4e7b9a512c8d7e0f4a13",
            "{6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13",
            "zb1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13",
            "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a1é",
        ] {
            assert_eq!(parse_guid(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn base_urls_are_absolute_and_trimmed() {
        assert_eq!(
            parse_base_url("https://graph.microsoft.com/v1.0/").unwrap(),
            "https://graph.microsoft.com/v1.0"
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/dataverse/contoso").unwrap(),
            "http://127.0.0.1:8080/dataverse/contoso"
        );
        for loopback in [
            "http://localhost:8080",
            "http://[::1]:8080/x",
            "http://127.0.0.2",
        ] {
            assert!(parse_base_url(loopback).is_ok(), "{loopback}");
        }
        assert_eq!(
            parse_base_url("HTTPS://Org.crm.dynamics.com").unwrap(),
            "HTTPS://Org.crm.dynamics.com"
        );
        for bad in [
            "",
            "/graph/v1.0",
            "graph.microsoft.com",
            "ftp://example.com",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/?a=b",
            "https://user@example.com",
        ] {
            let err = parse_base_url(bad).unwrap_err();
            assert!(err.contains("URL"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for remote in [
            "http://org.crm.dynamics.com",
            "http://graph.microsoft.com/v1.0",
            "http://127.0.0.1.evil.example",
            "http://127.0.0.256",
            "http://127.0.0.01",
            "http://127.0.1",
            "http://128.0.0.1",
            "http://127.0.0.+1",
            "http://localhost.evil.example",
            "http://10.0.0.1:8080",
        ] {
            let err = parse_base_url(remote).unwrap_err();
            assert!(err.contains("https"), "{remote}: {err}");
        }
    }

    #[test]
    fn loopback_addresses_as_the_standard_parser_reads_them() {
        for good in ["127.0.0.1", "127.255.255.255", "127.0.10.200"] {
            assert!(is_loopback_v4(good), "{good}");
        }
        for bad in [
            "",
            "127",
            "127.0.0",
            "127.0.0.1.",
            ".127.0.0.1",
            "127..0.1",
            "0127.0.0.1",
            "127.0.0.1000",
            "127.0.0.256",
            "127.0.0.-1",
            "127.0.0.1a",
            "126.0.0.1",
            "1.127.0.0",
        ] {
            assert!(!is_loopback_v4(bad), "{bad}");
        }
    }

    // Property tests run natively only (proptest is a host dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The hand-written check agrees with `std::net::Ipv4Addr` on dotted numbers.
        #[test]
        fn loopback_check_matches_std(
            host in proptest::string::string_regex(
                &"(127|OCTET)(\\.OCTET){3}(\\.OCTET)?\\.?"
                    .replace("OCTET", "(25[0-9]|2[0-4][0-9]|1[0-9]{0,3}|[3-9][0-9]{0,2}|0[0-9]{0,2}|)"),
            )
            .unwrap()
        ) {
            let std = host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
            proptest::prop_assert_eq!(is_loopback_v4(&host), std, "{}", host);
        }
    }

    #[test]
    fn identifiers() {
        for good in ["contact", "msdyn_teamschatassociations", "_x1"] {
            assert_eq!(parse_identifier(good).as_deref(), Ok(good));
        }
        for bad in [
            "",
            "1contact",
            "contact'",
            "con tact",
            "contacts?$x=1",
            "contact)",
        ] {
            assert!(parse_identifier(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn intervals_and_form_factors() {
        assert_eq!(parse_interval(30.0), Ok(30));
        assert!(parse_interval(0.0).is_err());
        assert!(parse_interval(1.5).is_err());
        assert!(parse_interval(f64::NAN).is_err());
        assert_eq!(parse_form_factor(3.0), Ok(FormFactor::Phone));
        assert!(parse_form_factor(4.0).is_err());
        assert!(parse_form_factor(-1.0).is_err());
        assert!(parse_form_factor(1.5).is_err());
    }

    #[test]
    fn themes() {
        assert_eq!(Theme::parse("light"), Ok(Theme::Light));
        assert_eq!(Theme::parse("dark"), Ok(Theme::Dark));
        assert_eq!(Theme::parse("auto"), Ok(Theme::Auto));
        assert!(Theme::parse("Dark").unwrap_err().contains("\"Dark\""));
    }

    #[test]
    fn modes() {
        assert_eq!(Mode::parse("button"), Ok(Mode::Button));
        assert_eq!(Mode::parse("pane"), Ok(Mode::Pane));
        assert!(Mode::parse("Pane").unwrap_err().contains("\"Pane\""));
    }

    #[test]
    fn errors_name_the_field() {
        let err = OptionError::new("record.id", "must be a GUID");
        assert_eq!(
            err.to_string(),
            "teams-collaborate: option \"record.id\" must be a GUID"
        );
    }

    #[test]
    fn the_record_url_is_https_only() {
        assert!(
            parse_record_url("https://contoso.crm.dynamics.com/main.aspx?etn=contact&id=x").is_ok()
        );
        for bad in [
            "http://contoso.crm.dynamics.com/",
            "javascript:alert(1)",
            "https://",
            "https://a b/",
            "https://u@evil/",
            "/main.aspx",
        ] {
            assert!(parse_record_url(bad).is_err(), "{bad}");
        }
    }
}
