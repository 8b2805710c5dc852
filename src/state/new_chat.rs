//! The "New connected chat" dialog: who is picked, the chat's name, people search and the start
//! in flight, changed only through [`NewChatAction`].

use crate::api::graph::{Participant, Person};
use std::rc::Rc;
use yew::Reducible;

/// Everything the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub struct NewChatState {
    /// The people picked so far, in the order they were picked.
    pub picked: Vec<Participant>,
    /// The chat's name.
    pub name: String,
    /// The people search box's text.
    pub query: String,
    /// What the last search found.
    pub results: Vec<Person>,
    /// The search text that failed, for its Retry.
    pub search_failed: Option<String>,
    /// A start is in flight.
    pub busy: bool,
    /// Why the last start failed.
    pub error: Option<String>,
    /// Post a link to the record once the chat is connected.
    pub post_link: bool,
    /// Start waits for a name (the record type does not name chats after the record).
    pub name_required: bool,
}

/// The only ways the dialog's state changes.
#[derive(Clone, Debug, PartialEq)]
pub enum NewChatAction {
    /// A person was picked, or unpicked if already picked.
    Toggle(Participant),
    /// The name was edited.
    Name(String),
    /// The search box was edited.
    Query(String),
    /// A search answered.
    Found(Vec<Person>),
    /// A search failed.
    SearchFailed(String),
    /// Start was pressed.
    Starting,
    /// The start failed, with what the user is told.
    Failed(String),
    /// "Post a link to this record" was switched.
    PostLink(bool),
}

/// The fewest UTF-8 bytes (after trimming) that start a people search.
pub const SEARCH_MIN_BYTES: usize = 2;

impl NewChatState {
    /// The dialog as it opens: with whoever was picked before it opened, named `name`.
    pub fn new(preselected: Vec<Participant>, name: String) -> Self {
        Self {
            picked: preselected,
            name,
            query: String::new(),
            results: Vec::new(),
            search_failed: None,
            busy: false,
            error: None,
            post_link: true,
            name_required: false,
        }
    }

    /// Whether this person is picked (ids compare case-insensitively).
    pub fn is_picked(&self, id: &str) -> bool {
        self.picked.iter().any(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// Whether Start is enabled: someone is picked, the chat is named where a name is required,
    /// and no start is in flight.
    pub fn can_start(&self) -> bool {
        let unnamed = self.name_required && self.name.trim().is_empty();
        !(self.busy || self.picked.is_empty() || unnamed)
    }

    /// Whether this search text is long enough to search for (in UTF-8 bytes, so one CJK
    /// character is enough).
    pub fn searchable(text: &str) -> bool {
        text.trim().len() >= SEARCH_MIN_BYTES
    }
}

impl Reducible for NewChatState {
    type Action = NewChatAction;

    fn reduce(self: Rc<Self>, action: NewChatAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            NewChatAction::Toggle(person) => match self
                .picked
                .iter()
                .position(|p| p.id.eq_ignore_ascii_case(&person.id))
            {
                Some(at) => {
                    next.picked.remove(at);
                }
                None => next.picked.push(person),
            },
            NewChatAction::Name(name) => next.name = name,
            NewChatAction::Query(text) => next.query = text,
            NewChatAction::Found(people) => {
                next.search_failed = None;
                next.results = people;
            }
            NewChatAction::SearchFailed(text) => {
                next.results = Vec::new();
                next.search_failed = Some(text);
            }
            NewChatAction::Starting => {
                if !self.can_start() {
                    return self;
                }
                next.busy = true;
                next.error = None;
            }
            NewChatAction::Failed(message) => {
                next.busy = false;
                next.error = Some(message);
            }
            NewChatAction::PostLink(on) => next.post_link = on,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str) -> Participant {
        Participant {
            id: id.into(),
            name: id.to_uppercase(),
            guest: false,
        }
    }

    #[test]
    fn picking_twice_unpicks_whatever_the_case_of_the_id() {
        let state = Rc::new(NewChatState::new(vec![person("ava")], "Ava Reyes".into()));
        assert!(state.is_picked("AVA"));
        let state = state.reduce(NewChatAction::Toggle(person("lee")));
        assert!(state.is_picked("lee"));
        let state = state.reduce(NewChatAction::Toggle(person("AVA")));
        assert!(!state.is_picked("ava"));
        assert_eq!(state.picked, [person("lee")]);
    }

    #[test]
    fn start_needs_someone_picked_and_nothing_in_flight() {
        let empty = Rc::new(NewChatState::new(Vec::new(), String::new()));
        assert!(!empty.can_start());
        let same = empty.clone().reduce(NewChatAction::Starting);
        assert!(
            Rc::ptr_eq(&empty, &same),
            "Start does nothing with nobody picked"
        );
        let state = empty.reduce(NewChatAction::Toggle(person("ava")));
        assert!(state.can_start());
        let busy = state.reduce(NewChatAction::Starting);
        assert!(
            busy.busy && !busy.can_start(),
            "a second click does nothing"
        );
        let failed = busy.reduce(NewChatAction::Failed("Teams said no".into()));
        assert!(failed.can_start());
        assert_eq!(failed.error.as_deref(), Some("Teams said no"));
        let again = failed.reduce(NewChatAction::Starting);
        assert_eq!(again.error, None, "trying again clears the error");
    }

    #[test]
    fn a_failed_search_clears_the_results_and_keeps_its_text_for_retry() {
        let found = Person {
            id: "kai".into(),
            display_name: Some("Kai".into()),
            mail: None,
            job_title: None,
            guest: true,
        };
        let state = Rc::new(NewChatState::new(Vec::new(), String::new()))
            .reduce(NewChatAction::Found(vec![found]));
        assert_eq!(state.results.len(), 1);
        let state = state.reduce(NewChatAction::SearchFailed("ka".into()));
        assert!(state.results.is_empty());
        assert_eq!(state.search_failed.as_deref(), Some("ka"));
        let state = state.reduce(NewChatAction::Found(Vec::new()));
        assert_eq!(state.search_failed, None);
    }

    #[test]
    fn a_search_starts_from_two_characters() {
        assert!(!NewChatState::searchable(" a "));
        assert!(NewChatState::searchable("ab"));
        assert!(NewChatState::searchable("山"));
    }

    #[test]
    fn a_required_name_holds_start_until_it_is_typed() {
        let state = Rc::new(NewChatState {
            name_required: true,
            ..NewChatState::new(vec![person("ava")], String::new())
        });
        assert!(!state.can_start());
        let state = state.reduce(NewChatAction::Name("  ".into()));
        assert!(!state.can_start(), "blanks are no name");
        let state = state.reduce(NewChatAction::Name("Renewal".into()));
        assert!(state.can_start());
    }
}
