//! Pane state and the actions that change it; pure, so it is tested natively.

use std::rc::Rc;
use yew::Reducible;

/// Whether the pane behind the Collaborate button is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaneState {
    /// True while the pane shows.
    pub open: bool,
}

/// The only ways the pane state changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneAction {
    /// The button was pressed (Enter, Space or a click).
    Toggle,
    /// Escape or the pane's close button.
    Close,
}

impl Reducible for PaneState {
    type Action = PaneAction;

    fn reduce(self: Rc<Self>, action: PaneAction) -> Rc<Self> {
        let open = match action {
            PaneAction::Toggle => !self.open,
            PaneAction::Close => false,
        };
        if open == self.open {
            self
        } else {
            Rc::new(PaneState { open })
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
    fn close_is_idempotent_and_keeps_the_same_state() {
        let closed = Rc::new(PaneState::default());
        let again = closed.clone().reduce(PaneAction::Close);
        assert!(Rc::ptr_eq(&closed, &again), "no re-render for a no-op");
        let open = Rc::new(PaneState { open: true });
        assert!(!open.reduce(PaneAction::Close).open);
    }
}
