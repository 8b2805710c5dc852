//! Every icon of the component, as inline SVG: no glyph depends on a font the machine may lack.
//! Each is hidden from assistive technology; its meaning is in the accessible name of the
//! button it sits in, or in the row's text (a presence badge's label is read with the title).

use crate::view::Availability;
use yew::prelude::*;
use yew::virtual_dom::{AttributeOrProperty, Attributes, VTag};

/// An icon's attributes as one static list: its class, view box, and hidden from assistive
/// technology.
macro_rules! svg_attributes {
    ($class:literal, $view_box:literal) => {
        &[
            ("class", AttributeOrProperty::Static($class)),
            ("viewBox", AttributeOrProperty::Static($view_box)),
            ("aria-hidden", AttributeOrProperty::Static("true")),
            ("focusable", AttributeOrProperty::Static("false")),
        ]
    };
}

/// The Collaborate button's people icon.
pub fn collaborate() -> Html {
    svg(
        svg_attributes!("tc-icon", "0 0 20 20"),
        html! { <path d="M10 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6Zm6 1.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM5 9h10a1 1 0 0 1 1 1v4a6 6 0 0 1-12 0v-4a1 1 0 0 1 1-1Zm12.5 0H18a1 1 0 0 1 1 1v3a3 3 0 0 1-2.6 3 7 7 0 0 0 .6-3v-3.5c0-.17-.02-.34-.05-.5Z" /> },
    )
}

/// A cross: close the pane, remove a picked person.
pub fn close() -> Html {
    svg(
        svg_attributes!("tc-icon-close", "0 0 20 20"),
        html! { <path d="m4.4 4.55.07-.08a.75.75 0 0 1 .98-.07l.08.07L10 8.94l4.47-4.47a.75.75 0 1 1 1.06 1.06L11.06 10l4.47 4.47c.27.27.3.68.07.98l-.07.08a.75.75 0 0 1-.98.07l-.08-.07L10 11.06l-4.47 4.47a.75.75 0 0 1-1.06-1.06L8.94 10 4.47 5.53a.75.75 0 0 1-.07-.98Z" /> },
    )
}

/// Three dots: a row's "More options".
pub fn more() -> Html {
    svg(
        svg_attributes!("tc-icon-more", "0 0 20 20"),
        html! { <path d="M6.25 10a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0Zm5 0a1.25 1.25 0 1 1-2.5 0 1.25 1.25 0 0 1 2.5 0ZM15 11.25a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5Z" /> },
    )
}

/// An arrow to the start: back to the chat list (it points right in right-to-left).
pub fn back() -> Html {
    svg(
        svg_attributes!("tc-icon-back", "0 0 20 20"),
        html! { <path d="M9.16 16.87a.5.5 0 1 0 .68-.74L3.67 10.5H17.5a.5.5 0 0 0 0-1H3.67l6.17-5.63a.5.5 0 0 0-.68-.74l-7 6.4a.5.5 0 0 0 0 .74l7 6.6Z" /> },
    )
}

/// A padlock: a connected chat the user is not in.
pub fn lock() -> Html {
    svg(
        svg_attributes!("tc-icon-lock", "0 0 20 20"),
        html! { <path d="M10 2a3.5 3.5 0 0 0-3.5 3.5V7H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V9a2 2 0 0 0-2-2h-.5V5.5A3.5 3.5 0 0 0 10 2Zm2 5H8V5.5a2 2 0 1 1 4 0V7Zm-2 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z" /> },
    )
}

/// A presence badge: a dot in Teams' colour for the availability, with a mark inside so that it
/// does not rely on colour alone (a tick, a bar, a clock, an arrow, a cross).
pub fn presence(availability: Availability) -> Html {
    let mark = match availability {
        Availability::Available => "M4.4 7.2 6.2 9l3.4-3.6",
        Availability::DoNotDisturb => "M4.5 7h5",
        Availability::Away | Availability::BeRightBack => "M7 4.3V7l1.8 1.2",
        Availability::OutOfOffice => "M8.6 4.6 6.2 7l2.4 2.4",
        Availability::Offline => "m5.3 5.3 3.4 3.4m0-3.4L5.3 8.7",
        Availability::Busy | Availability::Unknown => "",
    };
    let attributes = match availability.class() {
        "available" => svg_attributes!("tc-badge available", "0 0 14 14"),
        "busy" => svg_attributes!("tc-badge busy", "0 0 14 14"),
        "away" => svg_attributes!("tc-badge away", "0 0 14 14"),
        "ooo" => svg_attributes!("tc-badge ooo", "0 0 14 14"),
        "offline" => svg_attributes!("tc-badge offline", "0 0 14 14"),
        _ => svg_attributes!("tc-badge unknown", "0 0 14 14"),
    };
    svg(
        attributes,
        html! {
            <>
                <circle class="tc-badge-ring" cx="7" cy="7" r="7" />
                <circle class="tc-badge-dot" cx="7" cy="7" r="5.25" />
                if !mark.is_empty() { <path class="tc-badge-mark" d={mark} /> }
            </>
        },
    )
}

/// An `<svg>` with `attributes` around `content`. Built by hand because a `class` that is not a
/// literal goes through Yew's `Classes` (see `components::class`), and an SVG element has no
/// `className` property to set instead.
fn svg(attributes: &'static [(&'static str, AttributeOrProperty)], content: Html) -> Html {
    let mut svg = VTag::new("svg");
    svg.attributes = Attributes::Static(attributes);
    svg.add_child(content);
    svg.into()
}
