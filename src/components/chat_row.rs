//! One row: avatar with presence, title, preview, relative time, unread mark.

use crate::api::graph::{ChatType, Presence};
use crate::text;
use crate::view::{Row, RowKind};
use yew::prelude::*;

/// Props of [`ChatRow`].
#[derive(Properties, PartialEq)]
pub struct ChatRowProps {
    /// What to show.
    pub row: Row,
    /// The avatar person's presence, when known.
    pub presence: Option<Presence>,
    /// The avatar person's photo: a `data:` URL, `None` for initials.
    pub photo: Option<String>,
    /// Whether this row takes part in the tab order (roving tabindex).
    pub tabbable: bool,
    /// The locale for relative times.
    pub locale: Option<AttrValue>,
}

/// A row of a section; remote text is only ever rendered as text.
#[function_component(ChatRow)]
pub fn chat_row(props: &ChatRowProps) -> Html {
    let row = &props.row;
    let label = row.person.as_ref().map(|_| {
        let presence = props.presence.as_ref();
        text::presence_label(
            presence.and_then(|p| p.availability.as_deref()),
            presence.and_then(|p| p.activity.as_deref()),
        )
    });
    let avatar = match (&props.photo, &row.kind) {
        (Some(photo), _) => html! { <img class="tc-avatar-img" src={photo.clone()} alt="" /> },
        (None, RowKind::Locked { .. }) => {
            html! { <span class="tc-avatar-initials tc-locked" aria-hidden="true">{ "🔒" }</span> }
        }
        (None, _) => {
            html! { <span class="tc-avatar-initials" aria-hidden="true">{ text::initials(&row.title) }</span> }
        }
    };
    let kind_class = match &row.kind {
        RowKind::Chat(ChatType::OneOnOne) | RowKind::Person => "tc-person",
        RowKind::Chat(_) => "tc-group",
        RowKind::Locked { .. } => "tc-locked-row",
    };
    let time = row.time.map(|millis| {
        let datetime = iso(millis);
        html! { <time class="tc-time" datetime={datetime}>{ relative(millis, props.locale.as_deref()) }</time> }
    });
    html! {
        <li class={classes!("tc-row", kind_class, row.unread.then_some("tc-unread"))} tabindex={if props.tabbable { "0" } else { "-1" }} data-key={row.key.clone()}>
            <span class="tc-avatar">
                { avatar }
                if let Some(label) = label {
                    <span class={classes!("tc-badge", text::presence_class(label))} aria-hidden="true"></span>
                }
            </span>
            <span class="tc-row-text">
                <span class="tc-row-line">
                    <span class="tc-title">{ row.title.clone() }</span>
                    if let Some(label) = label {
                        <span class="tc-sr">{ format!(", {label}") }</span>
                    }
                    { for time }
                </span>
                if let Some(preview) = &row.preview {
                    <span class="tc-preview">{ preview.clone() }</span>
                }
            </span>
            if row.unread {
                <span class="tc-unread-dot"><span class="tc-sr">{ text::UNREAD }</span></span>
            }
        </li>
    }
}

/// "5 minutes ago" in the user's locale, through `Intl.RelativeTimeFormat`.
fn relative(millis: i64, locale: Option<&str>) -> String {
    let now = js_sys::Date::now() as i64;
    let (value, unit) = text::relative_parts(now - millis);
    let locales = js_sys::Array::new();
    if let Some(locale) = locale {
        locales.push(&locale.into());
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
    String::from(format.format(value, unit))
}

fn iso(millis: i64) -> String {
    String::from(js_sys::Date::new(&(millis as f64).into()).to_iso_string())
}
