//! What the Chats tab asks for, and in which round: at most three sequential round trips after
//! the pane opens, and a number of requests that grows with what is on screen, not with the
//! number of chats the user has.

use super::{crm_message, fail, graph_message, warn};
use crate::api::graph::{self, ChatLookup};
use crate::api::{dataverse, Error};
use crate::keyed::{Map, Set};
use crate::session::Session;
use crate::state::{ChatsAction, Connected, Section};
use crate::view::{self, Inputs};
use yew::Callback;

/// Loads everything the Chats tab shows when the pane opens.
pub async fn open(session: &Session, dispatch: &Callback<ChatsAction>) {
    // Round 1: the chat list, the record's links (with the access check), the suggestions.
    let (chats, links, suggestions) = futures::join!(
        first_page(session, dispatch),
        connected(session, dispatch),
        suggestions(session, dispatch)
    );
    // Round 2: connected chats not in the first page; presence and photos for who is on screen.
    let chats = chats.unwrap_or_default();
    let links = links.unwrap_or_default();
    let suggestions = suggestions.unwrap_or_default();
    let me = chats.0.clone();
    let missing = view::missing_connected(&chats.1, &links);
    let people = people_on_screen(session, &me, &chats.1, &links, &Map::new(), &suggestions);
    let (lookups, _) = futures::join!(
        lookup(session, &missing, dispatch),
        decorate(session, &people, dispatch)
    );
    // Round 3: the people of connected chats that were not in the first page.
    let more_people: Vec<String> =
        people_on_screen(session, &me, &chats.1, &links, &lookups, &suggestions)
            .into_iter()
            .filter(|p| !people.contains(p))
            .collect();
    if !more_people.is_empty() {
        decorate(session, &more_people, dispatch).await;
    }
}

/// Reopening a pane whose rows are older than the list's refresh interval: the rows stay as they
/// are, said to be updating, while the first page and the record's links are read again (and
/// connected chats not on that page looked up); then they change in place.
pub async fn reopen(session: &Session, dispatch: &Callback<ChatsAction>) {
    dispatch.emit(ChatsAction::Refreshing(true));
    let (chats, links) =
        futures::join!(first_page(session, dispatch), connected(session, dispatch));
    // Connected chats that are not (or no longer) on the first page are looked up, as at open.
    if let (Some((_, chats)), Some(links)) = (chats, links) {
        let missing = view::missing_connected(&chats, &links);
        lookup(session, &missing, dispatch).await;
    }
    dispatch.emit(ChatsAction::Refreshing(false));
}

/// Retry on a failed section: it shows loading again, then loads again. Connected and other
/// chats hang together (connected chats missing from the list are looked up, their people
/// decorated), so either loads the whole opening again.
pub async fn retry(session: &Session, section: Section, dispatch: &Callback<ChatsAction>) {
    dispatch.emit(ChatsAction::Retry(section));
    match section {
        Section::Other | Section::Connected => open(session, dispatch).await,
        Section::Suggested => {
            if let Some(suggested) = suggestions(session, dispatch).await {
                let people: Vec<String> = suggested.iter().map(|s| s.aad_user_id.clone()).collect();
                decorate(session, &people, dispatch).await;
            }
        }
    }
}

/// `/me` and the first page; on success returns them for the next rounds.
pub async fn first_page(
    session: &Session,
    dispatch: &Callback<ChatsAction>,
) -> Option<(String, Vec<graph::Chat>)> {
    let (me, page) = futures::join!(
        graph::me(&session.api),
        graph::list_chats(&session.api, None)
    );
    match (me, page) {
        (Ok(me), Ok(page)) => {
            let chats = page.chats.clone();
            dispatch.emit(ChatsAction::FirstPage {
                me: me.id.clone(),
                page,
            });
            Some((me.id, chats))
        }
        (Err(error), _) | (_, Err(error)) => {
            fail(
                session,
                dispatch,
                ChatsAction::ChatsFailed(graph_message(session, &error)),
            );
            None
        }
    }
}

/// The record's Associate links, if the user may read the record.
pub async fn connected(
    session: &Session,
    dispatch: &Callback<ChatsAction>,
) -> Option<Vec<dataverse::Link>> {
    let api = &session.api;
    // Read at mount; when that failed, this Retry reads them again.
    let facts = futures::join!(
        async {
            match &session.user_id {
                Some(user) => Ok(user.clone()),
                None => dataverse::who_am_i(api).await,
            }
        },
        async {
            match &session.entity_set {
                Some(set) => Ok(set.clone()),
                None => dataverse::entity_definition(api, &session.entity_name)
                    .await
                    .map(|d| d.set_name),
            }
        }
    );
    let (user_id, entity_set) = match facts {
        (Ok(user), Ok(set)) => (user, set),
        (Err(error), _) | (_, Err(error)) => {
            fail(
                session,
                dispatch,
                ChatsAction::ConnectedFailed(crm_message(session, &error)),
            );
            return None;
        }
    };
    // The owner only matters where the record type lets its owner disconnect what the user's
    // privileges would not.
    let settings = &session.settings;
    let owner_matters = settings.connects && settings.owner_unlinks && !session.can_disconnect;
    let (rights, links, owner) = futures::join!(
        dataverse::access_rights(api, &user_id, &entity_set, &session.record_id),
        async {
            // A record type whose chats cannot be connected shows no connected chats.
            match settings.connects {
                true => dataverse::connected_links(api, &session.record_id).await,
                false => Ok(Vec::new()),
            }
        },
        async {
            match owner_matters {
                true => dataverse::record_owner(api, &entity_set, &session.record_id)
                    .await
                    .inspect_err(warn)
                    .ok()
                    .flatten(),
                false => None,
            }
        }
    );
    dispatch.emit(ChatsAction::Owner(owner));
    match (rights, links) {
        (Ok(rights), _) if !rights.iter().any(|r| r == "ReadAccess") => {
            dispatch.emit(ChatsAction::Connected(Connected::NoAccess));
            None
        }
        (Ok(rights), Ok(links)) => {
            dispatch.emit(ChatsAction::Rights(rights));
            dispatch.emit(ChatsAction::Connected(Connected::Links(links.clone())));
            Some(links)
        }
        (Err(error), _) | (_, Err(error)) => {
            fail(
                session,
                dispatch,
                ChatsAction::ConnectedFailed(crm_message(session, &error)),
            );
            None
        }
    }
}

/// The record's suggested people.
pub async fn suggestions(
    session: &Session,
    dispatch: &Callback<ChatsAction>,
) -> Option<Vec<dataverse::Suggestion>> {
    // Not shown where the record type turned them off or cannot connect chats: not read.
    if !view::shows_suggestions(&session.settings) {
        return None;
    }
    match dataverse::suggestions(&session.api, &session.record_id).await {
        Ok(list) => {
            dispatch.emit(ChatsAction::Suggestions(list.clone()));
            Some(list)
        }
        Err(error) => {
            fail(
                session,
                dispatch,
                ChatsAction::SuggestionsFailed(crm_message(session, &error)),
            );
            None
        }
    }
}

/// Get chat, in batches, for connected chats not in the loaded pages.
pub async fn lookup(
    session: &Session,
    ids: &[String],
    dispatch: &Callback<ChatsAction>,
) -> Map<String, ChatLookup> {
    if ids.is_empty() {
        return Map::new();
    }
    match graph::get_chats(&session.api, ids).await {
        Ok(found) => {
            dispatch.emit(ChatsAction::Lookups(found.clone()));
            found
        }
        Err(error) => {
            warn(&error);
            // Said in the connected section, whose Retry looks them up again.
            let failed: Map<String, ChatLookup> = ids
                .iter()
                .map(|id| (id.clone(), ChatLookup::Failed(error.to_string())))
                .collect();
            dispatch.emit(ChatsAction::Lookups(failed.clone()));
            failed
        }
    }
}

/// Presence and photos for people; both are decoration and fail quietly.
pub async fn decorate(session: &Session, people: &[String], dispatch: &Callback<ChatsAction>) {
    if people.is_empty() {
        return;
    }
    let (presence, photos) = futures::join!(
        graph::presences(&session.api, people),
        graph::photos(&session.api, people)
    );
    match presence {
        Ok(presence) => dispatch.emit(ChatsAction::Presence(presence)),
        Err(error) => warn(&error),
    }
    match photos {
        Ok(photos) => dispatch.emit(ChatsAction::Photos(photos)),
        Err(error) => warn(&error),
    }
}

/// Presence for the people on screen, for polling; the error tells the caller to slow down.
pub async fn refresh_presence(
    session: &Session,
    people: &[String],
    dispatch: &Callback<ChatsAction>,
) -> Result<(), Error> {
    if people.is_empty() {
        return Ok(());
    }
    let presence = graph::presences(&session.api, people).await?;
    dispatch.emit(ChatsAction::Presence(presence));
    Ok(())
}

/// The next page of "Other chats", then presence and photos for the people it brings on screen.
pub async fn more(session: &Session, next_link: &str, me: &str, dispatch: &Callback<ChatsAction>) {
    match graph::list_chats(&session.api, Some(next_link)).await {
        Ok(page) => {
            let mut seen = Set::new();
            let people: Vec<String> = page
                .chats
                .iter()
                .take(view::OTHER_ROWS_ON_SCREEN)
                .filter_map(|chat| view::chat_row(chat, me, session.strings).person)
                .filter(|p| seen.insert(p.clone()))
                .collect();
            dispatch.emit(ChatsAction::MorePage(page));
            decorate(session, &people, dispatch).await;
        }
        Err(error) => fail(
            session,
            dispatch,
            ChatsAction::MoreFailed(graph_message(session, &error)),
        ),
    }
}

/// The people whose avatars are on screen: connected and suggested rows, and the first rows
/// of "Other chats". Ids are lower case.
pub fn people_on_screen(
    session: &Session,
    me: &str,
    chats: &[graph::Chat],
    links: &[dataverse::Link],
    lookups: &Map<String, ChatLookup>,
    suggestions: &[dataverse::Suggestion],
) -> Vec<String> {
    let sections = view::sections(&Inputs {
        me,
        chats,
        links,
        lookups,
        suggestions,
        filter: "",
        strings: session.strings,
    });
    view::first_people(&sections)
}
