//! The pane's effects, as hooks: loading a screen when it shows, polling, watching which rows
//! are on screen, and keeping focus where a keyboard user expects it. Components call these and
//! render; the rules they follow live in `state`, `load` and `view`.

mod focus;
mod use_anchored;
mod use_chats;
mod use_conversation;
mod use_on_screen;
mod use_polling;

pub use focus::{use_dialog, use_focus_follows_row, use_focus_neighbour, FollowRow};
pub use use_anchored::{supports_popover, use_anchored_pane};
pub use use_chats::{use_chats, use_people_on_screen, ChatsHandle};
pub use use_conversation::{use_conversation, use_stick_to_bottom, ConversationHandle};
pub use use_on_screen::{use_rows_on_screen, Visible};
pub use use_polling::use_polling;

use crate::session::Session;
use std::rc::Rc;
use yew::functional::TearDown;
use yew::prelude::*;

/// What an effect leaves to undo.
type Cleanup = Box<dyn FnOnce()>;

/// `use_effect_with` through one boxed effect per dependency type: each call site costs a box
/// rather than its own copy of Yew's effect machinery in the wasm.
#[hook]
pub fn use_effect_on<T, F, D>(deps: T, effect: F)
where
    T: PartialEq + 'static,
    F: FnOnce(&T) -> D + 'static,
    D: TearDown,
{
    let effect: Box<dyn FnOnce(&T) -> Cleanup> = Box::new(move |deps: &T| -> Cleanup {
        let done = effect(deps);
        Box::new(move || done.tear_down())
    });
    use_boxed_effect(deps, effect);
}

#[hook]
fn use_boxed_effect<T: PartialEq + 'static>(deps: T, effect: Box<dyn FnOnce(&T) -> Cleanup>) {
    use_effect_with(deps, move |deps: &T| effect(deps));
}

/// `use_effect` (after every render), boxed like [`use_effect_on`].
#[hook]
pub fn use_effect_always<F, D>(effect: F)
where
    F: FnOnce() -> D + 'static,
    D: TearDown,
{
    let effect: Box<dyn FnOnce() -> Cleanup> = Box::new(move || -> Cleanup {
        let done = effect();
        Box::new(move || done.tear_down())
    });
    use_boxed_effect_always(effect);
}

#[hook]
fn use_boxed_effect_always(effect: Box<dyn FnOnce() -> Cleanup>) {
    use_effect(effect);
}

/// The mount's session, which [`app`](crate::components::app) provides to every component under
/// it: the API, the record, the user's rights on the link tables, and the language.
#[hook]
pub fn use_session() -> Rc<Session> {
    use_context::<Rc<Session>>().expect("every component renders under app, which provides it")
}
