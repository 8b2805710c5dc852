//! Whether the pane behind the Collaborate button is open, and which tab shows.

use std::rc::Rc;
use yew::Reducible;

/// Whether the pane behind the Collaborate button is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaneState {
    /// True while the pane shows.
    pub open: bool,
    /// True once the user showed the intent to open it (the pointer rested on the button, or
    /// the button got focus): the pane's data loads before the click. Closing ends it, so a
    /// close still stops a load in flight.
    pub prefetch: bool,
    /// True once the pane has been open: later intents change nothing (the rows are in memory,
    /// and focus coming back to the button as the pane closes is no intent).
    pub opened: bool,
}

/// The only ways the pane state changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneAction {
    /// The button was pressed (Enter, Space or a click).
    Toggle,
    /// Escape or the pane's close button.
    Close,
    /// The pointer rested on the button, or it got focus: the user is likely to open the pane.
    Intent,
}

/// The pane's two tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    /// Connected, suggested and other chats.
    #[default]
    Chats,
    /// Connected channels.
    Channels,
}

impl Tab {
    /// The tab a key moves to from this one (WAI-ARIA tabs: arrows wrap, Home and End go to
    /// the ends), or `None` for any other key.
    pub fn after_key(self, key: &str) -> Option<Tab> {
        match key {
            "Home" => Some(Tab::Chats),
            "End" => Some(Tab::Channels),
            "ArrowRight" | "ArrowLeft" => Some(match self {
                Tab::Chats => Tab::Channels,
                Tab::Channels => Tab::Chats,
            }),
            _ => None,
        }
    }
}

impl Reducible for PaneState {
    type Action = PaneAction;

    fn reduce(self: Rc<Self>, action: PaneAction) -> Rc<Self> {
        let closed = PaneState {
            opened: self.opened,
            ..PaneState::default()
        };
        let next = match action {
            PaneAction::Toggle if self.open => closed,
            PaneAction::Toggle => PaneState {
                open: true,
                opened: true,
                ..*self
            },
            PaneAction::Close => closed,
            PaneAction::Intent if self.opened => *self,
            PaneAction::Intent => PaneState {
                prefetch: true,
                ..*self
            },
        };
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggle_opens_and_closes() {
        let closed = Rc::new(PaneState::default());
        let open = closed.reduce(PaneAction::Toggle);
        assert!(open.open);
        assert!(!open.reduce(PaneAction::Toggle).open);
    }

    #[test]
    fn arrows_wrap_between_the_two_tabs_and_home_and_end_go_to_the_ends() {
        assert_eq!(Tab::Chats.after_key("ArrowRight"), Some(Tab::Channels));
        assert_eq!(Tab::Chats.after_key("ArrowLeft"), Some(Tab::Channels));
        assert_eq!(Tab::Channels.after_key("ArrowRight"), Some(Tab::Chats));
        assert_eq!(Tab::Channels.after_key("Home"), Some(Tab::Chats));
        assert_eq!(Tab::Chats.after_key("End"), Some(Tab::Channels));
        assert_eq!(Tab::Chats.after_key("Enter"), None);
    }

    #[test]
    fn close_is_idempotent_and_keeps_the_same_state() {
        let closed = Rc::new(PaneState::default());
        let again = closed.clone().reduce(PaneAction::Close);
        assert!(Rc::ptr_eq(&closed, &again), "no re-render for a no-op");
        let open = Rc::new(PaneState {
            open: true,
            ..PaneState::default()
        });
        assert!(!open.reduce(PaneAction::Close).open);
    }

    #[test]
    fn intent_prefetches_until_the_pane_closes() {
        let closed = Rc::new(PaneState::default());
        let intent = closed.reduce(PaneAction::Intent);
        assert!(intent.prefetch && !intent.open);
        let again = intent.clone().reduce(PaneAction::Intent);
        assert!(
            Rc::ptr_eq(&intent, &again),
            "a second intent changes nothing"
        );
        let open = intent.reduce(PaneAction::Toggle);
        assert!(open.open && open.prefetch, "opening keeps what was fetched");
        let closed = open.reduce(PaneAction::Toggle);
        assert!(
            !closed.open && !closed.prefetch,
            "closing ends the prefetch"
        );
        let refocused = closed.clone().reduce(PaneAction::Intent);
        assert!(
            Rc::ptr_eq(&closed, &refocused),
            "focus back on the button after a close is no intent: the rows are in memory"
        );
        let escaped = Rc::new(PaneState {
            open: true,
            prefetch: true,
            opened: true,
        })
        .reduce(PaneAction::Close);
        assert!(!escaped.open && !escaped.prefetch && escaped.opened);
    }
}
