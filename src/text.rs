//! UI strings, in one place.

/// The button's accessible name and label.
pub const COLLABORATE: &str = "Collaborate";
/// The pane region's accessible name and heading.
pub const PANE_TITLE: &str = "Teams chats";
/// The close button's accessible name.
pub const CLOSE_PANE: &str = "Close Teams chats";
/// What the empty pane says until the chat list arrives.
pub const PANE_EMPTY: &str = "Chats and channels connected to this record will appear here.";
/// The tab names.
pub const TAB_CHATS: &str = "Chats";
/// The channels tab.
pub const TAB_CHANNELS: &str = "Channels";
/// The filter box's label.
pub const FILTER_LABEL: &str = "Filter chats by name";
/// Section headings.
pub const SECTION_CONNECTED: &str = "Chats connected to this record";
/// Section heading.
pub const SECTION_SUGGESTED: &str = "Suggested chats & contacts";
/// Section heading.
pub const SECTION_OTHER: &str = "Other chats";
/// Empty sections.
pub const EMPTY_CONNECTED: &str = "No chats are connected to this record yet.";
/// Empty sections.
pub const EMPTY_SUGGESTED: &str = "No suggestions for this record yet.";
/// Empty sections.
pub const EMPTY_OTHER: &str = "No other chats.";
/// When the filter hides everything in a section.
pub const NO_MATCH: &str = "No chats match the filter.";
/// A Graph section that cannot load.
pub const GRAPH_UNREACHABLE: &str = "Can't reach Microsoft Teams.";
/// A Dataverse section that cannot load.
pub const CRM_UNREACHABLE: &str = "Can't load this record's chats.";
/// A user without read access to the record.
pub const NO_READ_CHANNELS: &str =
    "You don't have permission to see the channels connected to this record.";
/// Shown instead of the connected chats when the user may not read the record.
pub const NO_READ_ACCESS: &str =
    "You don't have permission to see the chats connected to this record.";
/// The retry button.
pub const RETRY: &str = "Retry";
/// Under the connected chats when some of them could not be read from Teams.
pub const CONNECTED_UNAVAILABLE: &str =
    "Some connected chats couldn't be loaded from Microsoft Teams.";
/// The paging button.
pub const SHOW_MORE: &str = "Show more";
/// The Channels tab's heading.
pub const SECTION_CHANNELS: &str = "Channels connected to this record";
/// No channels.
pub const NO_CHANNELS: &str = "No channels are connected to this record yet.";
/// A connected channel deleted in Teams.
pub const CHANNEL_MISSING: &str = "Not found in Teams: the team or channel may have been deleted";
/// The menu item that disconnects a channel.
pub const DISCONNECT_CHANNEL: &str = "Disconnect from this record";
/// The Channels tab's button and dialog title.
pub const CONNECT_A_CHANNEL: &str = "Connect a channel";
/// The dialog's connect button.
pub const CONNECT_CHANNEL: &str = "Connect";
/// Marks a channel in the picker that the record already has.
pub const ALREADY_CONNECTED: &str = "(already connected)";
/// Progress.
pub const CONNECTING: &str = "Connecting…";
/// Progress.
pub const CREATING_CHANNEL: &str = "Creating the channel…";
/// Progress while Graph finishes the team.
pub const CREATING_TEAM: &str = "Creating the team… Microsoft Teams can take a minute.";
/// A 403 from Graph on creating a team or channel.
pub const CREATE_TEAMS_FORBIDDEN: &str =
    "You don't have permission to create teams or channels in Microsoft Teams.";
/// A 409 on creating a channel.
pub const CHANNEL_NAME_TAKEN: &str = "A channel with this name already exists in this team.";
/// A 400 on a name.
pub const TEAMS_NAME_INVALID: &str =
    "Microsoft Teams doesn't accept this name. Avoid characters like # % & * / : < > ? |.";
/// Any other failure creating.
pub const CREATE_TEAMS_FAILED: &str = "Couldn't create it in Microsoft Teams. Try again.";
/// A failed channel link write.
pub const CHANNEL_CONNECT_FAILED: &str = "Couldn't connect the channel to this record. Try again.";
/// A failed channel disconnect.
pub const CHANNEL_DISCONNECT_FAILED: &str =
    "Couldn't disconnect the channel from this record. Try again.";
/// Loading, for screen readers.
pub const LOADING: &str = "Loading";
/// The unread mark's accessible text.
pub const UNREAD: &str = "Unread";
/// A deleted message.
pub const DELETED_MESSAGE: &str = "This message was deleted";
/// The row menu button's name, before the row title.
pub const MORE_OPTIONS: &str = "More options for";
/// The row menu's name, before the row title.
pub const ACTIONS_FOR: &str = "Actions for";
/// The menu item that opens the chat in Teams.
pub const OPEN_IN_TEAMS: &str = "Open in Teams";
/// The menu item that connects a group chat.
pub const CONNECT: &str = "Connect to this record";
/// The menu item that disconnects a chat.
pub const DISCONNECT: &str = "Disconnect from this record";
/// The button that opens the new chat dialog.
pub const NEW_CONNECTED_CHAT: &str = "New connected chat";
/// A suggested person's action.
pub const START_CONNECTED_CHAT: &str = "Start a connected chat";

/// The label of a presence badge, from Graph's PascalCase values.
pub fn presence_label(availability: Option<&str>, activity: Option<&str>) -> &'static str {
    if activity == Some("OutOfOffice") {
        return "Out of office";
    }
    match availability {
        Some("Available" | "AvailableIdle") => "Available",
        Some("Busy" | "BusyIdle") => "Busy",
        Some("DoNotDisturb") => "Do not disturb",
        Some("BeRightBack") => "Be right back",
        Some("Away") => "Away",
        Some("Offline") => "Offline",
        _ => "Presence unknown",
    }
}

/// The badge's style class for a label.
pub fn presence_class(label: &str) -> &'static str {
    match label {
        "Available" => "available",
        "Busy" | "Do not disturb" => "busy",
        "Be right back" | "Away" => "away",
        "Out of office" => "ooo",
        "Offline" => "offline",
        _ => "unknown",
    }
}

/// One or two initials from a name, in any script.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => "?".into(),
        [only] => first(only),
        [head, .., last] => first(head) + &first(last),
    }
}

/// A list of names as a title: "A, B and C", or "A, B, C and 2 more" past three.
pub fn names_title(names: &[String]) -> String {
    match names {
        [] => "Chat".into(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    }
}

/// Plain text from a message body: tags removed, entities decoded, white space folded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &tail[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Milliseconds since the epoch of an ISO 8601 UTC timestamp as Graph writes them.
pub fn parse_iso_millis(value: &str) -> Option<i64> {
    let value = value.strip_suffix('Z').unwrap_or(value);
    let (date, time) = value.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next()??, t.next()??);
    // Bounded fields keep the arithmetic below from overflowing on a hostile timestamp.
    let in_range = (0..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&day)
        && (0..=23).contains(&h)
        && (0..=59).contains(&min)
        && (0..=60).contains(&s);
    if !in_range {
        return None;
    }
    // By characters: a byte slice could split one and panic.
    let digits: String = fraction.chars().take(3).collect();
    let millis: i64 = format!("{digits:0<3}").parse().ok()?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + min) * 60_000 + s * 1000 + millis)
}

/// The value and unit `Intl.RelativeTimeFormat` should say for a time `delta_ms` ago.
pub fn relative_parts(delta_ms: i64) -> (f64, &'static str) {
    let seconds = delta_ms as f64 / 1000.0;
    let (value, unit) = if seconds < 60.0 {
        (seconds, "second")
    } else if seconds < 3_600.0 {
        (seconds / 60.0, "minute")
    } else if seconds < 86_400.0 {
        (seconds / 3_600.0, "hour")
    } else if seconds < 7.0 * 86_400.0 {
        (seconds / 86_400.0, "day")
    } else if seconds < 30.0 * 86_400.0 {
        (seconds / (7.0 * 86_400.0), "week")
    } else if seconds < 365.0 * 86_400.0 {
        (seconds / (30.0 * 86_400.0), "month")
    } else {
        (seconds / (365.0 * 86_400.0), "year")
    };
    (-(value.floor().max(0.0)), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_labels() {
        let cases = [
            (Some("Available"), None, "Available"),
            (Some("AvailableIdle"), None, "Available"),
            (Some("Busy"), Some("InACall"), "Busy"),
            (Some("BusyIdle"), None, "Busy"),
            (Some("DoNotDisturb"), Some("Presenting"), "Do not disturb"),
            (Some("BeRightBack"), None, "Be right back"),
            (Some("Away"), None, "Away"),
            (Some("Offline"), Some("OffWork"), "Offline"),
            (Some("PresenceUnknown"), None, "Presence unknown"),
            (Some("SomethingNew"), None, "Presence unknown"),
            (None, None, "Presence unknown"),
            (Some("Away"), Some("OutOfOffice"), "Out of office"),
        ];
        for (availability, activity, want) in cases {
            assert_eq!(
                presence_label(availability, activity),
                want,
                "{availability:?} {activity:?}"
            );
        }
        assert_eq!(presence_class("Do not disturb"), "busy");
    }

    #[test]
    fn initials_in_any_script() {
        assert_eq!(initials("Ava Reyes"), "AR");
        assert_eq!(initials("Johanna Lorenz-Müller"), "JL");
        assert_eq!(initials("Madonna"), "M");
        assert_eq!(initials("山田 花子"), "山花");
        assert_eq!(initials("نور الهدى"), "نا");
        assert_eq!(initials("  émile   zola "), "ÉZ");
        assert_eq!(initials(""), "?");
        assert_eq!(initials("(contractor) Lee Gu"), "LG");
    }

    #[test]
    fn titles_from_names() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(names_title(&names(&["Alex"])), "Alex");
        assert_eq!(names_title(&names(&["Alex", "Lee"])), "Alex and Lee");
        assert_eq!(names_title(&names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(
            names_title(&names(&["A", "B", "C", "D", "E"])),
            "A, B, C and 2 more"
        );
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>Redlines are in. <b>Clause 7</b> needs a look &amp; sign-off.</p>"),
            "Redlines are in. Clause 7 needs a look & sign-off."
        );
        assert_eq!(plain_text("<script>alert(1)</script>hi"), "alert(1) hi");
        assert_eq!(
            plain_text("a&lt;b&gt; &#39;q&#39; &#x263A; &unknown; & done"),
            "a<b> 'q' ☺ &unknown; & done"
        );
        assert_eq!(plain_text("line<br/>break"), "line break");
        assert_eq!(plain_text("<attachment id=\"x\"></attachment>"), "");
    }

    /// Text an attacker controls: markup, script URLs, bidi overrides, a replacement character.
    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "\u{202E}fdp.exe\u{202C} \u{2066}x\u{2069} \u{200F}\u{061C}",
        "\u{FFFD}",
    ];

    #[test]
    fn hostile_markup_becomes_inert_text() {
        assert_eq!(plain_text("<img src=x onerror=alert(1)>"), "");
        assert_eq!(
            plain_text("<a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(1)>y"),
            "x y"
        );
        assert_eq!(
            plain_text("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "<script>alert(1)</script>",
            "escaped markup is decoded to text, never parsed again"
        );
        assert_eq!(plain_text("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(plain_text("data:text/html,&lt;b&gt;"), "data:text/html,<b>");
        // Bidi controls and U+FFFD are characters like any other, kept as they are.
        assert_eq!(plain_text(HOSTILE[4]), HOSTILE[4]);
        assert_eq!(plain_text("&#x202E;x&#8238;"), "\u{202E}x\u{202E}");
        assert_eq!(plain_text("\u{FFFD}"), "\u{FFFD}");
        // Entities that name no character stay as typed.
        assert_eq!(
            plain_text("&#xD800; &#x110000; &#99999999999; &#x;"),
            "&#xD800; &#x110000; &#99999999999; &#x;"
        );
    }

    #[test]
    fn ten_thousand_characters_are_kept_whole() {
        let long = "é".repeat(10_000);
        assert_eq!(plain_text(&long), long);
        assert_eq!(plain_text(&format!("<p>{long}</p>")), long);
        assert_eq!(plain_text(&"<".repeat(10_000)), "");
        assert_eq!(plain_text(&"&".repeat(10_000)), "&".repeat(10_000));
        assert_eq!(plain_text(&"&#".repeat(5_000)), "&#".repeat(5_000));
        assert_eq!(initials(&long), "É");
        let names = vec![long.clone(), "Lee".into()];
        assert_eq!(names_title(&names), format!("{long} and Lee"));
        let emoji = "😀".repeat(10_000);
        assert_eq!(plain_text(&emoji).chars().count(), 10_000);
    }

    #[test]
    fn hostile_names_give_plain_initials_and_verbatim_titles() {
        for name in HOSTILE {
            let got = initials(name);
            assert!(
                got == "?" || got.chars().all(char::is_alphanumeric),
                "{name:?} gave {got:?}"
            );
        }
        assert_eq!(
            initials("\u{202E}Ava Reyes"),
            "R",
            "a bidi override is no initial"
        );
        assert_eq!(initials("<img src=x onerror=alert(1)>"), "SO");
        let names: Vec<String> = HOSTILE.iter().map(|n| n.to_string()).collect();
        let title = names_title(&names);
        assert!(title.starts_with("<script>alert(1)</script>, <img src=x onerror=alert(1)>, "));
        assert!(title.ends_with(" and 3 more"));
    }

    #[test]
    fn hostile_timestamps_read_as_no_time() {
        for value in [
            "2021-06-05T00:31:31.12éZ",
            "2021-06-05T00:31:31.éZ",
            "99999999999999999-01-01T00:00:00Z",
            "2021-06-05T00:31:9223372036854775807Z",
            "-9223372036854775808-01-01T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "<script>alert(1)</script>",
            "\u{202E}2021-06-05T00:31:31Z",
            "",
        ] {
            assert_eq!(parse_iso_millis(value), None, "{value:?}");
        }
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.2Z"),
            Some(1_622_853_091_200)
        );
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.2071234Z"),
            Some(1_622_853_091_207)
        );
    }

    #[test]
    fn iso_timestamps() {
        assert_eq!(parse_iso_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31.207Z"),
            Some(1_622_853_091_207)
        );
        assert_eq!(
            parse_iso_millis("2021-06-05T00:31:31Z"),
            Some(1_622_853_091_000)
        );
        assert_eq!(
            parse_iso_millis("0001-01-01T00:00:00Z").map(|m| m < 0),
            Some(true)
        );
        assert_eq!(parse_iso_millis("yesterday"), None);
    }

    #[test]
    fn relative_units() {
        assert_eq!(relative_parts(5_000), (-5.0, "second"));
        assert_eq!(relative_parts(6 * 60_000), (-6.0, "minute"));
        assert_eq!(relative_parts(26 * 3_600_000), (-1.0, "day"));
        assert_eq!(relative_parts(9 * 86_400_000), (-1.0, "week"));
        assert_eq!(relative_parts(400 * 86_400_000), (-1.0, "year"));
        assert_eq!(relative_parts(-5_000).0, 0.0, "clock skew reads as now");
    }
}
