//! What the Chats tab shows, section by section, from what it has loaded: each section is
//! loading, ready or failed on its own.

use super::{first_people, sections, Inputs, Row, RowKey};
use crate::state::{ChatsData, Connected, Load};
use crate::text::Strings;

/// The Chats tab, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatsView {
    /// Chats connected to this record: they need both the links and the chat list.
    pub connected: Load<Vec<Row>>,
    /// Suggested chats and contacts.
    pub suggested: Load<Vec<Row>>,
    /// Other chats.
    pub other: Load<Vec<Row>>,
    /// Some connected chats could not be looked up: the section says so, with Retry.
    pub unavailable: bool,
    /// The user may not read the record, so its connected chats are not shown.
    pub no_access: bool,
    /// The filter is in use (an empty section then says nothing matched).
    pub filtered: bool,
    /// The row in the tab order: the first one of the pane.
    pub tabbable: Option<RowKey>,
    /// The rows with a person, as DOM keys and person ids, in order.
    pub people_rows: Vec<(String, String)>,
    /// The people on screen when the pane opens, whatever the filter (`first_people`).
    pub first_people: Vec<String>,
}

/// Builds the tab from the loaded data.
pub fn chats_view(data: &ChatsData, t: &Strings) -> ChatsView {
    let me = data.me.as_deref().unwrap_or_default();
    let links = match data.connected.ready() {
        Some(Connected::Links(links)) => links.as_slice(),
        _ => &[],
    };
    let inputs = Inputs {
        me,
        chats: data.chats.ready().map(Vec::as_slice).unwrap_or(&[]),
        links,
        lookups: &data.lookups,
        suggestions: data.suggestions.ready().map(Vec::as_slice).unwrap_or(&[]),
        filter: &data.filter,
        strings: t,
    };
    let all = sections(&inputs);
    let filtered = !data.filter.trim().is_empty();
    let first_people = if filtered {
        first_people(&sections(&Inputs {
            filter: "",
            ..inputs
        }))
    } else {
        first_people(&all)
    };
    let rows = || {
        all.connected
            .iter()
            .chain(all.suggested.iter())
            .chain(all.other.iter())
    };
    let tabbable = rows().next().map(|row| row.key.clone());
    let people_rows = rows()
        .filter_map(|row| Some((row.key.to_string(), row.person.clone()?)))
        .collect();
    let connected = match (&data.connected, &data.chats) {
        (Load::Failed(message), _) | (_, Load::Failed(message)) => Load::Failed(message.clone()),
        (Load::Ready(_), Load::Ready(_)) => Load::Ready(all.connected),
        _ => Load::Loading,
    };
    ChatsView {
        unavailable: all.unavailable > 0 && matches!(connected, Load::Ready(_)),
        connected,
        suggested: with(&data.suggestions, all.suggested),
        other: with(&data.chats, all.other),
        no_access: matches!(data.connected, Load::Ready(Connected::NoAccess)),
        filtered,
        tabbable,
        people_rows,
        first_people,
    }
}

/// A section's rows when what it shows has loaded, else that load's state.
fn with<T>(load: &Load<T>, rows: Vec<Row>) -> Load<Vec<Row>> {
    match load {
        Load::Ready(_) => Load::Ready(rows),
        Load::Failed(message) => Load::Failed(message.clone()),
        Load::Loading => Load::Loading,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dataverse::Link;
    use crate::api::graph::{parse_chats, ChatLookup, ChatPage};
    use crate::api::json::values;
    use crate::keyed::Map;
    use crate::state::ChatsAction;
    use crate::text::EN;
    use serde_json::json;
    use std::rc::Rc;
    use yew::Reducible;

    fn loaded() -> Rc<ChatsData> {
        let chats = parse_chats(&values(vec![
            json!({"id": "g1", "topic": "Renewal", "chatType": "group", "members": []}),
            json!({"id": "o1", "chatType": "oneOnOne", "members": [{"userId": "me"}, {"userId": "LEE", "displayName": "Lee"}]}),
        ]))
        .0;
        Rc::new(ChatsData::default()).reduce(ChatsAction::FirstPage {
            me: "me".into(),
            page: ChatPage {
                chats,
                dropped: 0,
                next_link: None,
            },
        })
    }

    fn link(chat: &str) -> Link {
        Link {
            id: format!("l-{chat}"),
            chat_id: chat.into(),
            connected_by: None,
            connected_by_id: None,
        }
    }

    #[test]
    fn connected_chats_wait_for_the_links_and_the_list_and_fail_with_either() {
        let data = loaded();
        let view = chats_view(&data, &EN);
        assert_eq!(view.connected, Load::Loading, "the links are not in yet");
        assert!(matches!(view.other, Load::Ready(ref rows) if rows.len() == 2));
        assert_eq!(view.suggested, Load::Loading);
        let links = Connected::Links(vec![link("g1")]);
        let view = chats_view(&data.clone().reduce(ChatsAction::Connected(links)), &EN);
        assert!(matches!(view.connected, Load::Ready(ref rows) if rows.len() == 1));
        assert_eq!(view.tabbable, Some(RowKey::Chat("g1".into())));
        assert_eq!(view.people_rows, [("chat:o1".to_owned(), "lee".to_owned())]);
        let failed = data.reduce(ChatsAction::ConnectedFailed("down".into()));
        assert_eq!(
            chats_view(&failed, &EN).connected,
            Load::Failed("down".into())
        );
    }

    #[test]
    fn a_connected_chat_that_could_not_be_looked_up_is_said_so() {
        let data = loaded()
            .reduce(ChatsAction::Connected(Connected::Links(vec![link("far")])))
            .reduce(ChatsAction::Lookups(Map::from([(
                "far".to_owned(),
                ChatLookup::Failed("500".into()),
            )])));
        let view = chats_view(&data, &EN);
        assert!(view.unavailable);
        assert_eq!(view.connected, Load::Ready(Vec::new()));
        let hidden = data.reduce(ChatsAction::Connected(Connected::NoAccess));
        let view = chats_view(&hidden, &EN);
        assert!(view.no_access && !view.unavailable);
    }

    #[test]
    fn the_filter_is_in_use_once_it_holds_more_than_spaces() {
        let data = loaded().reduce(ChatsAction::Filter("  ".into()));
        assert!(!chats_view(&data, &EN).filtered);
        let data = data.reduce(ChatsAction::Filter(" lee".into()));
        let view = chats_view(&data, &EN);
        assert!(view.filtered);
        assert!(matches!(view.other, Load::Ready(ref rows) if rows.len() == 1));
        let data = data.reduce(ChatsAction::Filter("renewal".into()));
        let view = chats_view(&data, &EN);
        assert!(view.people_rows.is_empty(), "Lee's row is filtered out");
        assert_eq!(
            view.first_people,
            ["lee"],
            "but was on screen when the pane opened"
        );
    }
}
