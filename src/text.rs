//! UI strings, in one place: English and German, chosen from the `locale` option or the
//! browser's language; plus the pure text helpers rows are built with.

use std::cell::Cell;

/// Every UI string, in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The button's accessible name and label.
    pub collaborate: &'static str,
    /// The pane region's accessible name and heading.
    pub pane_title: &'static str,
    /// The close button's accessible name.
    pub close_pane: &'static str,
    /// What the empty pane says until the chat list arrives.
    pub pane_empty: &'static str,
    /// The tab names.
    pub tab_chats: &'static str,
    /// The channels tab.
    pub tab_channels: &'static str,
    /// The filter box's label.
    pub filter_label: &'static str,
    /// Section headings.
    pub section_connected: &'static str,
    /// Section heading.
    pub section_suggested: &'static str,
    /// Section heading.
    pub section_other: &'static str,
    /// Empty sections.
    pub empty_connected: &'static str,
    /// Empty sections.
    pub empty_suggested: &'static str,
    /// Empty sections.
    pub empty_other: &'static str,
    /// When the filter hides everything in a section.
    pub no_match: &'static str,
    /// A Graph section that cannot load.
    pub graph_unreachable: &'static str,
    /// A Dataverse section that cannot load.
    pub crm_unreachable: &'static str,
    /// A user without read access to the record.
    pub no_read_channels: &'static str,
    /// Shown instead of the connected chats when the user may not read the record.
    pub no_read_access: &'static str,
    /// The retry button.
    pub retry: &'static str,
    /// Under the connected chats when some of them could not be read from Teams.
    pub connected_unavailable: &'static str,
    /// The paging button.
    pub show_more: &'static str,
    /// The Channels tab's heading.
    pub section_channels: &'static str,
    /// No channels.
    pub no_channels: &'static str,
    /// A connected channel deleted in Teams.
    pub channel_missing: &'static str,
    /// The menu item that disconnects a channel.
    pub disconnect_channel: &'static str,
    /// The Channels tab's button and dialog title.
    pub connect_a_channel: &'static str,
    /// The dialog's connect button.
    pub connect_channel: &'static str,
    /// Marks a channel in the picker that the record already has.
    pub already_connected: &'static str,
    /// Progress.
    pub connecting: &'static str,
    /// Progress.
    pub creating_channel: &'static str,
    /// Progress while Graph finishes the team.
    pub creating_team: &'static str,
    /// A 403 from Graph on creating a team or channel.
    pub create_teams_forbidden: &'static str,
    /// A 409 on creating a channel.
    pub channel_name_taken: &'static str,
    /// A 400 on a name.
    pub teams_name_invalid: &'static str,
    /// Any other failure creating.
    pub create_teams_failed: &'static str,
    /// A failed channel link write.
    pub channel_connect_failed: &'static str,
    /// A failed channel disconnect.
    pub channel_disconnect_failed: &'static str,
    /// Loading, for screen readers.
    pub loading: &'static str,
    /// The unread mark's accessible text.
    pub unread: &'static str,
    /// A deleted message.
    pub deleted_message: &'static str,
    /// The row menu button's name, before the row title.
    pub more_options: &'static str,
    /// The row menu's name, before the row title.
    pub actions_for: &'static str,
    /// The menu item that opens the chat in Teams.
    pub open_in_teams: &'static str,
    /// The menu item that connects a group chat.
    pub connect: &'static str,
    /// The menu item that disconnects a chat.
    pub disconnect: &'static str,
    /// The button that opens the new chat dialog.
    pub new_connected_chat: &'static str,
    /// A suggested person's action.
    pub start_connected_chat: &'static str,
    /// Presence labels.
    pub presence_available: &'static str,
    /// Presence label.
    pub presence_busy: &'static str,
    /// Presence label.
    pub presence_dnd: &'static str,
    /// Presence label.
    pub presence_brb: &'static str,
    /// Presence label.
    pub presence_away: &'static str,
    /// Presence label.
    pub presence_offline: &'static str,
    /// Presence label.
    pub presence_ooo: &'static str,
    /// Presence label.
    pub presence_unknown: &'static str,
    /// A chat with no topic and no other members.
    pub chat: &'static str,
    /// Joins the last two names of a list.
    pub and: &'static str,
    /// After the first names of a long list: "{n} more".
    pub more: &'static str,
    /// A connected chat the user is not in.
    pub connected_chat: &'static str,
    /// Its preview.
    pub not_in_chat: &'static str,
    /// A locked row's title: "Connected by {name}".
    pub connected_by: &'static str,
    /// A preview of a message with only an attachment.
    pub sent_attachment: &'static str,
    /// The user, in a preview.
    pub you: &'static str,
    /// An unknown sender.
    pub someone: &'static str,
    /// A call event.
    pub call_ended: &'static str,
    /// Any other system event.
    pub chat_updated: &'static str,
    /// A failed connect.
    pub connect_failed: &'static str,
    /// A failed disconnect.
    pub disconnect_failed: &'static str,
    /// A 403 on creating a chat.
    pub create_chat_forbidden: &'static str,
    /// Creating a chat failed.
    pub create_chat_failed: &'static str,
    /// The chat exists but its link could not be written.
    pub created_not_connected: &'static str,
    /// The team picker.
    pub team: &'static str,
    /// While the teams load.
    pub loading_teams: &'static str,
    /// The team picker's prompt.
    pub choose_team: &'static str,
    /// The channel picker.
    pub channel: &'static str,
    /// The channel picker's prompt.
    pub choose_channel: &'static str,
    /// A new channel's name.
    pub new_channel: &'static str,
    /// A new channel's description.
    pub description: &'static str,
    /// Creates the channel.
    pub create_channel: &'static str,
    /// A new team's name.
    pub new_team: &'static str,
    /// Creates the team.
    pub create_team: &'static str,
    /// Closes a dialog.
    pub cancel: &'static str,
    /// The new chat dialog: the chat's name.
    pub chat_name: &'static str,
    /// Suggested people in the dialog.
    pub suggested_for_record: &'static str,
    /// The people search.
    pub add_people: &'static str,
    /// Its placeholder.
    pub search_by_name: &'static str,
    /// The search results.
    pub people_found: &'static str,
    /// The picked people.
    pub participants: &'static str,
    /// Removes a picked person: "Remove {name}".
    pub remove: &'static str,
    /// Creates the chat.
    pub start: &'static str,
    /// A preview of the user's own message.
    pub you_said: &'static str,
    /// A system event.
    pub event_added: &'static str,
    /// A system event.
    pub event_removed: &'static str,
    /// A system event.
    pub event_joined: &'static str,
    /// A system event.
    pub event_left: &'static str,
    /// A system event.
    pub event_renamed: &'static str,
    /// A system event.
    pub event_unnamed: &'static str,
    /// A system event.
    pub event_call_started: &'static str,
    /// A system event.
    pub event_app_added: &'static str,
}

/// English (the default).
pub static EN: Strings = Strings {
    collaborate: "Collaborate",
    pane_title: "Teams chats",
    close_pane: "Close Teams chats",
    pane_empty: "Chats and channels connected to this record will appear here.",
    tab_chats: "Chats",
    tab_channels: "Channels",
    filter_label: "Filter chats by name",
    section_connected: "Chats connected to this record",
    section_suggested: "Suggested chats & contacts",
    section_other: "Other chats",
    empty_connected: "No chats are connected to this record yet.",
    empty_suggested: "No suggestions for this record yet.",
    empty_other: "No other chats.",
    no_match: "No chats match the filter.",
    graph_unreachable: "Can't reach Microsoft Teams.",
    crm_unreachable: "Can't load this record's chats.",
    no_read_channels: "You don't have permission to see the channels connected to this record.",
    no_read_access: "You don't have permission to see the chats connected to this record.",
    retry: "Retry",
    connected_unavailable: "Some connected chats couldn't be loaded from Microsoft Teams.",
    show_more: "Show more",
    section_channels: "Channels connected to this record",
    no_channels: "No channels are connected to this record yet.",
    channel_missing: "Not found in Teams: the team or channel may have been deleted",
    disconnect_channel: "Disconnect from this record",
    connect_a_channel: "Connect a channel",
    connect_channel: "Connect",
    already_connected: "(already connected)",
    connecting: "Connecting…",
    creating_channel: "Creating the channel…",
    creating_team: "Creating the team… Microsoft Teams can take a minute.",
    create_teams_forbidden: "You don't have permission to create teams or channels in Microsoft Teams.",
    channel_name_taken: "A channel with this name already exists in this team.",
    teams_name_invalid: "Microsoft Teams doesn't accept this name. Avoid characters like # % & * / : < > ? |.",
    create_teams_failed: "Couldn't create it in Microsoft Teams. Try again.",
    channel_connect_failed: "Couldn't connect the channel to this record. Try again.",
    channel_disconnect_failed: "Couldn't disconnect the channel from this record. Try again.",
    loading: "Loading",
    unread: "Unread",
    deleted_message: "This message was deleted",
    more_options: "More options for",
    actions_for: "Actions for",
    open_in_teams: "Open in Teams",
    connect: "Connect to this record",
    disconnect: "Disconnect from this record",
    new_connected_chat: "New connected chat",
    start_connected_chat: "Start a connected chat",
    presence_available: "Available",
    presence_busy: "Busy",
    presence_dnd: "Do not disturb",
    presence_brb: "Be right back",
    presence_away: "Away",
    presence_offline: "Offline",
    presence_ooo: "Out of office",
    presence_unknown: "Presence unknown",
    chat: "Chat",
    and: " and ",
    more: "{n} more",
    connected_chat: "Connected chat",
    not_in_chat: "You are not in this chat",
    connected_by: "Connected by {name}",
    sent_attachment: "Sent an attachment",
    you: "You",
    someone: "Someone",
    call_ended: "Call ended",
    chat_updated: "The chat was updated",
    connect_failed: "Couldn't connect the chat to this record. Try again.",
    disconnect_failed: "Couldn't disconnect the chat from this record. Try again.",
    create_chat_forbidden: "You don't have permission to create chats in Microsoft Teams.",
    create_chat_failed: "Couldn't create the chat in Microsoft Teams. Try again.",
    created_not_connected: "The chat was created in Microsoft Teams but couldn't be connected to this record. Connect it from Other chats.",
    team: "Team",
    loading_teams: "Loading teams…",
    choose_team: "Choose a team",
    channel: "Channel",
    choose_channel: "Choose a channel",
    new_channel: "Or a new channel in this team",
    description: "Description (optional)",
    create_channel: "Create channel",
    new_team: "Or a new team",
    create_team: "Create team",
    cancel: "Cancel",
    chat_name: "Chat name",
    suggested_for_record: "Suggested for this record",
    add_people: "Add people",
    search_by_name: "Search by name",
    people_found: "People found",
    participants: "Participants",
    remove: "Remove {name}",
    start: "Start",
    you_said: "You: {text}",
    event_added: "{who} added {members}",
    event_removed: "{who} removed {members}",
    event_joined: "{members} joined",
    event_left: "{members} left",
    event_renamed: "{who} renamed the chat to \"{name}\"",
    event_unnamed: "{who} removed the chat name",
    event_call_started: "{who} started a call",
    event_app_added: "{who} added an app",
};

/// German.
pub static DE: Strings = Strings {
    collaborate: "Zusammenarbeiten",
    pane_title: "Teams-Chats",
    close_pane: "Teams-Chats schließen",
    pane_empty: "Chats und Kanäle, die mit diesem Datensatz verbunden sind, werden hier angezeigt.",
    tab_chats: "Chats",
    tab_channels: "Kanäle",
    filter_label: "Chats nach Namen filtern",
    section_connected: "Mit diesem Datensatz verbundene Chats",
    section_suggested: "Vorgeschlagene Chats und Kontakte",
    section_other: "Weitere Chats",
    empty_connected: "Mit diesem Datensatz sind noch keine Chats verbunden.",
    empty_suggested: "Für diesen Datensatz gibt es noch keine Vorschläge.",
    empty_other: "Keine weiteren Chats.",
    no_match: "Keine Chats entsprechen dem Filter.",
    graph_unreachable: "Microsoft Teams ist nicht erreichbar.",
    crm_unreachable: "Die Chats dieses Datensatzes können nicht geladen werden.",
    no_read_channels: "Sie sind nicht berechtigt, die mit diesem Datensatz verbundenen Kanäle anzuzeigen.",
    no_read_access: "Sie sind nicht berechtigt, die mit diesem Datensatz verbundenen Chats anzuzeigen.",
    retry: "Wiederholen",
    connected_unavailable: "Einige verbundene Chats konnten nicht aus Microsoft Teams geladen werden.",
    show_more: "Mehr anzeigen",
    section_channels: "Mit diesem Datensatz verbundene Kanäle",
    no_channels: "Mit diesem Datensatz sind noch keine Kanäle verbunden.",
    channel_missing: "In Teams nicht gefunden: Das Team oder der Kanal wurde möglicherweise gelöscht",
    disconnect_channel: "Verbindung mit diesem Datensatz trennen",
    connect_a_channel: "Kanal verbinden",
    connect_channel: "Verbinden",
    already_connected: "(bereits verbunden)",
    connecting: "Wird verbunden…",
    creating_channel: "Der Kanal wird erstellt…",
    creating_team: "Das Team wird erstellt… Microsoft Teams kann eine Minute brauchen.",
    create_teams_forbidden: "Sie sind nicht berechtigt, in Microsoft Teams Teams oder Kanäle zu erstellen.",
    channel_name_taken: "In diesem Team gibt es bereits einen Kanal mit diesem Namen.",
    teams_name_invalid: "Microsoft Teams akzeptiert diesen Namen nicht. Vermeiden Sie Zeichen wie # % & * / : < > ? |.",
    create_teams_failed: "Das Erstellen in Microsoft Teams ist fehlgeschlagen. Versuchen Sie es erneut.",
    channel_connect_failed: "Der Kanal konnte nicht mit diesem Datensatz verbunden werden. Versuchen Sie es erneut.",
    channel_disconnect_failed: "Die Verbindung des Kanals mit diesem Datensatz konnte nicht getrennt werden. Versuchen Sie es erneut.",
    loading: "Wird geladen",
    unread: "Ungelesen",
    deleted_message: "Diese Nachricht wurde gelöscht",
    more_options: "Weitere Optionen für",
    actions_for: "Aktionen für",
    open_in_teams: "In Teams öffnen",
    connect: "Mit diesem Datensatz verbinden",
    disconnect: "Verbindung mit diesem Datensatz trennen",
    new_connected_chat: "Neuer verbundener Chat",
    start_connected_chat: "Verbundenen Chat beginnen",
    presence_available: "Verfügbar",
    presence_busy: "Beschäftigt",
    presence_dnd: "Nicht stören",
    presence_brb: "Bin gleich zurück",
    presence_away: "Abwesend",
    presence_offline: "Offline",
    presence_ooo: "Außer Haus",
    presence_unknown: "Status unbekannt",
    chat: "Chat",
    and: " und ",
    more: "{n} weitere",
    connected_chat: "Verbundener Chat",
    not_in_chat: "Sie sind nicht in diesem Chat",
    connected_by: "Verbunden von {name}",
    sent_attachment: "Hat eine Anlage gesendet",
    you: "Sie",
    someone: "Jemand",
    call_ended: "Anruf beendet",
    chat_updated: "Der Chat wurde aktualisiert",
    connect_failed: "Der Chat konnte nicht mit diesem Datensatz verbunden werden. Versuchen Sie es erneut.",
    disconnect_failed: "Die Verbindung des Chats mit diesem Datensatz konnte nicht getrennt werden. Versuchen Sie es erneut.",
    create_chat_forbidden: "Sie sind nicht berechtigt, in Microsoft Teams Chats zu erstellen.",
    create_chat_failed: "Der Chat konnte nicht in Microsoft Teams erstellt werden. Versuchen Sie es erneut.",
    created_not_connected: "Der Chat wurde in Microsoft Teams erstellt, konnte aber nicht mit diesem Datensatz verbunden werden. Verbinden Sie ihn unter „Weitere Chats“.",
    team: "Team",
    loading_teams: "Teams werden geladen…",
    choose_team: "Team auswählen",
    channel: "Kanal",
    choose_channel: "Kanal auswählen",
    new_channel: "Oder ein neuer Kanal in diesem Team",
    description: "Beschreibung (optional)",
    create_channel: "Kanal erstellen",
    new_team: "Oder ein neues Team",
    create_team: "Team erstellen",
    cancel: "Abbrechen",
    chat_name: "Chatname",
    suggested_for_record: "Vorschläge für diesen Datensatz",
    add_people: "Personen hinzufügen",
    search_by_name: "Nach Namen suchen",
    people_found: "Gefundene Personen",
    participants: "Teilnehmer",
    remove: "{name} entfernen",
    start: "Beginnen",
    you_said: "Sie: {text}",
    event_added: "{who} hat {members} hinzugefügt",
    event_removed: "{who} hat {members} entfernt",
    event_joined: "{members} ist beigetreten",
    event_left: "{members} hat den Chat verlassen",
    event_renamed: "{who} hat den Chat in „{name}“ umbenannt",
    event_unnamed: "{who} hat den Chatnamen entfernt",
    event_call_started: "{who} hat einen Anruf gestartet",
    event_app_added: "{who} hat eine App hinzugefügt",
};

thread_local! {
    static CURRENT: Cell<&'static Strings> = const { Cell::new(&EN) };
}

/// The strings of the language in use (English until [`set_strings`] picks another).
pub fn tr() -> &'static Strings {
    CURRENT.with(Cell::get)
}

/// The strings for a BCP 47 locale: its primary language when we have it, else English.
pub fn strings_for(locale: &str) -> &'static Strings {
    match primary(locale).as_str() {
        "de" => &DE,
        _ => &EN,
    }
}

/// Makes `strings` the ones [`tr`] answers with. Each component sets its own mount's before it
/// renders (`components::use_strings`), so mounts in different languages share a page.
pub fn set_strings(strings: &'static Strings) {
    CURRENT.with(|current| current.set(strings));
}

/// `rtl` for the languages written right to left, else `ltr`.
pub fn direction(locale: &str) -> &'static str {
    match primary(locale).as_str() {
        "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "iw" | "ks" | "ps" | "sd" | "ug" | "ur"
        | "yi" => "rtl",
        _ => "ltr",
    }
}

fn primary(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Fills `{name}` in a string.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

/// The label of a presence badge, from Graph's PascalCase values.
pub fn presence_label(availability: Option<&str>, activity: Option<&str>) -> &'static str {
    let t = tr();
    if activity == Some("OutOfOffice") {
        return t.presence_ooo;
    }
    match availability {
        Some("Available" | "AvailableIdle") => t.presence_available,
        Some("Busy" | "BusyIdle") => t.presence_busy,
        Some("DoNotDisturb") => t.presence_dnd,
        Some("BeRightBack") => t.presence_brb,
        Some("Away") => t.presence_away,
        Some("Offline") => t.presence_offline,
        _ => t.presence_unknown,
    }
}

/// The badge's style class for a label (in the language in use).
pub fn presence_class(label: &str) -> &'static str {
    let t = tr();
    match label {
        l if l == t.presence_available => "available",
        l if l == t.presence_busy || l == t.presence_dnd => "busy",
        l if l == t.presence_brb || l == t.presence_away => "away",
        l if l == t.presence_ooo => "ooo",
        l if l == t.presence_offline => "offline",
        _ => "unknown",
    }
}

/// Lower case, for matching names: the browser's on the web, Rust's natively (where the unit
/// tests run). Both follow Unicode's default case mapping; Rust's tables would add 15 KB gzipped
/// to the wasm.
pub fn lower(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(text).to_lower_case());
    #[cfg(not(target_arch = "wasm32"))]
    text.to_lowercase()
}

/// Upper case, like [`lower`].
pub fn upper(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return String::from(js_sys::JsString::from(text).to_upper_case());
    #[cfg(not(target_arch = "wasm32"))]
    text.to_uppercase()
}

/// One or two initials from a name, in any script.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| starts_alphanumeric(w))
        .collect();
    let first = |w: &str| {
        w.chars()
            .next()
            .map(|c| upper(c.encode_utf8(&mut [0; 4])))
            .unwrap_or_default()
    };
    match words.as_slice() {
        [] => "?".into(),
        [only] => first(only),
        [head, .., last] => first(head) + &first(last),
    }
}

/// Whether a word starts with a letter or digit (Unicode's Alphabetic or Numeric, as
/// `char::is_alphanumeric`): the browser's tables on the web, Rust's natively, like [`lower`];
/// Rust's would add 2 KB gzipped to the wasm.
fn starts_alphanumeric(word: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            static FIRST: js_sys::RegExp = js_sys::RegExp::new(r"^[\p{Alphabetic}\p{N}]", "u");
        }
        FIRST.with(|first| first.test(word))
    }
    #[cfg(not(target_arch = "wasm32"))]
    word.chars().next().is_some_and(char::is_alphanumeric)
}

/// `text` as is, or wrapped in first-strong isolate … pop directional isolate when it holds
/// explicit bidi controls, so an override inside one name cannot reorder the text around it.
pub fn isolate(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        format!("\u{2068}{text}\u{2069}").into()
    } else {
        text.into()
    }
}

/// A list of names as a title: "A, B and C", or "A, B, C and 2 more" past three.
pub fn names_title(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| isolate(n).into_owned()).collect();
    let names = names.as_slice();
    let t = tr();
    match names {
        [] => t.chat.into(),
        [one] => one.clone(),
        [a, b] => format!("{a}{}{b}", t.and),
        [a, b, c] => format!("{a}, {b}{}{c}", t.and),
        [a, b, c, rest @ ..] => format!(
            "{a}, {b}, {c}{}{}",
            t.and,
            fill(t.more, "n", &rest.len().to_string())
        ),
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

    /// Every field of a language as (name, text), read from its pretty Debug form.
    fn fields(strings: &Strings) -> Vec<(String, String)> {
        format!("{strings:#?}")
            .lines()
            .filter_map(|line| {
                let (name, value) = line.trim().split_once(": ")?;
                let value = value
                    .strip_suffix(',')?
                    .strip_prefix('"')?
                    .strip_suffix('"')?;
                Some((name.to_owned(), value.to_owned()))
            })
            .collect()
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_language_has_every_string_with_the_same_placeholders() {
        let english = fields(&EN);
        let german = fields(&DE);
        assert!(english.len() > 90, "{}", english.len());
        assert_eq!(english.len(), german.len());
        for ((name, en), (de_name, de)) in english.iter().zip(&german) {
            assert_eq!(name, de_name);
            assert!(!de.trim().is_empty(), "{name} is empty in German");
            assert_eq!(placeholders(en), placeholders(de), "{name}: {en} / {de}");
        }
        // Translated, not copied: most German strings differ from the English ones.
        let same = english
            .iter()
            .zip(&german)
            .filter(|(e, d)| e.1 == d.1)
            .count();
        assert!(same < 10, "{same} strings are the same in German");
    }

    #[test]
    fn the_locale_picks_the_language_and_the_direction() {
        assert_eq!(strings_for("de-DE"), &DE);
        assert_eq!(strings_for("de"), &DE);
        assert_eq!(strings_for("DE_at"), &DE);
        assert_eq!(strings_for("en-GB"), &EN);
        assert_eq!(
            strings_for("fr-FR"),
            &EN,
            "English when we lack the language"
        );
        assert_eq!(strings_for(""), &EN);
        assert_eq!(direction("ar-SA"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("fa-IR"), "rtl");
        assert_eq!(direction("de-DE"), "ltr");
        assert_eq!(direction("en"), "ltr");
        set_strings(strings_for("de-CH"));
        assert_eq!(tr().retry, "Wiederholen");
        assert_eq!(presence_label(Some("Busy"), None), "Beschäftigt");
        assert_eq!(presence_class("Beschäftigt"), "busy");
        assert_eq!(names_title(&["A".into(), "B".into()]), "A und B");
        set_strings(strings_for("en-US"));
        assert_eq!(tr().retry, "Retry");
    }

    #[test]
    fn a_bidi_override_stays_inside_its_name() {
        let evil = "\u{202E}evil".to_owned();
        let title = names_title(&[evil.clone(), "Bob".into()]);
        assert_eq!(title, "\u{2068}\u{202E}evil\u{2069} and Bob");
        assert_eq!(isolate("plain"), "plain");
        assert_eq!(
            isolate("نور الهدى"),
            "نور الهدى",
            "right-to-left text alone is not wrapped"
        );
    }

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
        // The same answers the browser gives (tests/browser/look.rs).
        assert_eq!(initials("٣ نور"), "٣ن");
        assert_eq!(initials("— · …"), "?");
        assert_eq!(initials("Ⅻ Ωmega"), "ⅫΩ");
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
