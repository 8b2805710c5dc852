//! Every UI string, in one place: English and German, chosen from the mount's locale.

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
    /// Where the record's type has no chat settings row: nothing here can be connected.
    pub not_connectable: &'static str,
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
    /// Said while a request waits out Microsoft's throttling.
    pub waiting_for_teams: &'static str,
    /// Said once while rows shown from memory are read again.
    pub updating_chats: &'static str,
    /// The channel's files folder cannot be read without Files.Read.All.
    pub files_permission_needed: &'static str,
    /// The channel's files folder is not there (yet).
    pub channel_folder_not_ready: &'static str,
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
    /// The end of a list cut short where the count is unknown: "A, B, C and others".
    pub others: &'static str,
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
    /// Returns from a conversation to the chat list.
    pub back_to_chats: &'static str,
    /// Lists a chat's members.
    pub people: &'static str,
    /// The member list's name.
    pub chat_members: &'static str,
    /// Adds people to a group chat.
    pub add_to_chat: &'static str,
    /// Confirms adding people.
    pub add: &'static str,
    /// Adding people failed.
    pub add_failed: &'static str,
    /// The message list's name: "Messages in {title}".
    pub messages: &'static str,
    /// Loads the previous page of messages.
    pub load_earlier: &'static str,
    /// A chat without messages.
    pub no_messages: &'static str,
    /// The compose box's label.
    pub type_message: &'static str,
    /// Sends the message.
    pub send: &'static str,
    /// A message on its way.
    pub sending: &'static str,
    /// A message that failed.
    pub not_sent: &'static str,
    /// A message edited after it was sent.
    pub edited: &'static str,
    /// Edits the user's own message.
    pub edit: &'static str,
    /// Saves an edit.
    pub save: &'static str,
    /// An edit that failed.
    pub edit_failed: &'static str,
    /// Opens the reactions.
    pub react: &'static str,
    /// A reaction that failed.
    pub reaction_failed: &'static str,
    /// A reaction's accessible name: "{emoji} {count}: {names}".
    pub reacted: &'static str,
    /// Scrolls to messages that arrived below.
    pub new_messages: &'static str,
    /// An image without a description.
    pub image: &'static str,
    /// Opens an attached file: "Open {name}".
    pub open_file: &'static str,
    /// Content only Teams shows (a card, a meeting, ...).
    pub teams_only: &'static str,
    /// The mention suggestions' name.
    pub mention_people: &'static str,
    /// Messages could not be loaded.
    pub messages_unavailable: &'static str,
    /// The note posted in a new connected chat: "About {name}".
    pub link_posted: &'static str,
    /// The note could not be posted.
    pub link_failed: &'static str,
    /// The new chat dialog's option.
    pub post_link: &'static str,
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
    not_connectable: "Chats can't be connected to this kind of record.",
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
    waiting_for_teams: "Microsoft Teams is busy. Waiting to try again…",
    updating_chats: "Updating the chats…",
    files_permission_needed: "Connecting channels needs the Files.Read.All permission: ask your administrator.",
    channel_folder_not_ready: "Microsoft Teams hasn't finished setting up this channel's files. Try again in a minute.",
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
    others: "others",
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
    back_to_chats: "Back to chats",
    people: "People",
    chat_members: "Members of this chat",
    add_to_chat: "Add people",
    add: "Add",
    add_failed: "The people could not be added. Try again.",
    messages: "Messages in {title}",
    load_earlier: "Load earlier messages",
    no_messages: "No messages yet. Say hello.",
    type_message: "Type a message",
    send: "Send",
    sending: "Sending…",
    not_sent: "Not sent",
    edited: "Edited",
    edit: "Edit",
    save: "Save",
    edit_failed: "The message could not be changed. Try again.",
    react: "React",
    reaction_failed: "The reaction could not be saved. Try again.",
    reacted: "{emoji} {count}: {names}",
    new_messages: "New messages",
    image: "Image",
    open_file: "Open {name}",
    teams_only: "Microsoft Teams shows this content.",
    mention_people: "People to mention",
    messages_unavailable: "Can't load the messages from Microsoft Teams.",
    link_posted: "About {name}",
    link_failed: "The chat is connected, but the link to this record could not be posted.",
    post_link: "Post a link to this record",
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
    not_connectable: "Chats können mit dieser Art von Datensatz nicht verbunden werden.",
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
    waiting_for_teams: "Microsoft Teams ist ausgelastet. Es wird gleich erneut versucht…",
    updating_chats: "Chats werden aktualisiert…",
    files_permission_needed: "Zum Verbinden von Kanälen ist die Berechtigung Files.Read.All erforderlich. Wenden Sie sich an Ihren Administrator.",
    channel_folder_not_ready: "Microsoft Teams hat die Dateien dieses Kanals noch nicht eingerichtet. Versuchen Sie es in einer Minute erneut.",
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
    others: "weitere",
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
    back_to_chats: "Zurück zu den Chats",
    people: "Personen",
    chat_members: "Mitglieder dieses Chats",
    add_to_chat: "Personen hinzufügen",
    add: "Hinzufügen",
    add_failed: "Die Personen konnten nicht hinzugefügt werden. Versuchen Sie es erneut.",
    messages: "Nachrichten in {title}",
    load_earlier: "Frühere Nachrichten laden",
    no_messages: "Noch keine Nachrichten. Sagen Sie Hallo.",
    type_message: "Nachricht eingeben",
    send: "Senden",
    sending: "Wird gesendet…",
    not_sent: "Nicht gesendet",
    edited: "Bearbeitet",
    edit: "Bearbeiten",
    save: "Speichern",
    edit_failed: "Die Nachricht konnte nicht geändert werden. Versuchen Sie es erneut.",
    react: "Reagieren",
    reaction_failed: "Die Reaktion konnte nicht gespeichert werden. Versuchen Sie es erneut.",
    reacted: "{emoji} {count}: {names}",
    new_messages: "Neue Nachrichten",
    image: "Bild",
    open_file: "{name} öffnen",
    teams_only: "Microsoft Teams zeigt diesen Inhalt an.",
    mention_people: "Personen zum Erwähnen",
    messages_unavailable: "Die Nachrichten konnten nicht aus Microsoft Teams geladen werden.",
    link_posted: "Zu {name}",
    link_failed: "Der Chat ist verbunden, aber der Link zu diesem Datensatz konnte nicht gesendet werden.",
    post_link: "Einen Link zu diesem Datensatz senden",
};

/// The strings for a BCP 47 locale: its primary language when we have it, else English.
pub fn strings_for(locale: &str) -> &'static Strings {
    match super::format::primary(locale).as_str() {
        "de" => &DE,
        _ => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{direction, names_title};

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
        let german = strings_for("de-CH");
        assert_eq!(german.retry, "Wiederholen");
        assert_eq!(german.presence_busy, "Beschäftigt");
        assert_eq!(names_title(german, &["A".into(), "B".into()]), "A und B");
        assert_eq!(strings_for("en-US").retry, "Retry");
    }
}
