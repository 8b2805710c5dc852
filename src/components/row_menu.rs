//! A row's "More options" button and the menu it opens (WAI-ARIA menu button): the first item
//! takes focus, arrows move between items, Escape or Tab closes it and returns to the row.
//! Functions rather than a component: the row holds the menu's state.

use super::{focus, icons};
use crate::text::Strings;
use crate::view::Offer;
use yew::prelude::*;

/// What the menu of one row needs.
pub struct RowMenu<'a> {
    /// The row's DOM key, which names the menu's id.
    pub row_key: &'a str,
    /// The row's title, in the button's and the menu's accessible names.
    pub title: &'a str,
    /// What the menu offers, in order.
    pub offers: &'a [Offer],
    /// Whether the menu is open (the row opens it with Enter too).
    pub open: bool,
    /// The open menu's element, where focus moves.
    pub menu_ref: &'a NodeRef,
    /// Fired by the button.
    pub on_toggle: Callback<()>,
    /// Fired by Escape, Tab or a pick: the row closes the menu and takes focus back.
    pub on_close: Callback<()>,
    /// Fired with the offer picked, after `on_close`.
    pub on_select: Callback<Offer>,
}

/// The menu button and, while open, the menu.
pub fn row_menu(menu: RowMenu, t: &Strings) -> Html {
    let on_menu_keydown = {
        let (on_close, menu_ref) = (menu.on_close.clone(), menu.menu_ref.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" | "Tab" => {
                event.prevent_default();
                // The pane must not also close: this Escape belonged to the menu.
                event.stop_propagation();
                on_close.emit(());
            }
            key @ ("ArrowDown" | "ArrowUp" | "Home" | "End") => {
                event.prevent_default();
                // The rows must not also move: these keys belong to the menu.
                event.stop_propagation();
                focus::move_in_menu(&menu_ref, key);
            }
            _ => {}
        })
    };
    let menu_id = format!(
        "tc-menu-{}",
        menu.row_key
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let items = menu.offers.iter().map(|offer| {
        let (on_close, on_select, offer) =
            (menu.on_close.clone(), menu.on_select.clone(), offer.clone());
        let label = offer.label(t);
        let onclick = Callback::from(move |_: MouseEvent| {
            on_close.emit(());
            on_select.emit(offer.clone());
        });
        html! { <button type="button" role="menuitem" tabindex="-1" class="tc-menu-item" {onclick}>{ label }</button> }
    });
    html! {
        <>
            <button type="button" class="tc-menu-button" tabindex="-1" aria-haspopup="menu"
                aria-expanded={super::aria(menu.open)} aria-controls={menu_id.clone()}
                aria-label={format!("{} {}", t.more_options, menu.title)} onclick={super::on_click(&menu.on_toggle)}>
                { icons::more() }
            </button>
            if menu.open {
                <div class="tc-menu" role="menu" id={menu_id} aria-label={format!("{} {}", t.actions_for, menu.title)}
                    ref={menu.menu_ref.clone()} onkeydown={on_menu_keydown}>
                    { for items }
                </div>
            }
        </>
    }
}
