//! What the user writes in a conversation: a message (shown at once, never lost, never sent
//! twice), an edit of their own, a reaction, people added. Also the HTML a typed message is
//! sent as.

use crate::api::graph::{self, Member, Participant};
use crate::api::warn;
use crate::session::Session;
use crate::state::ConversationAction;
use yew::Callback;

/// Sends the outgoing message `local` (already shown as "Sending…"): on 201 it becomes Graph's
/// message, else it stays as "Not sent" with Retry.
pub async fn send(
    session: &Session,
    chat: &str,
    local: u32,
    html: &str,
    mentions: &[(i64, String, String)],
    dispatch: &Callback<ConversationAction>,
) {
    let body = graph::message_body(html, mentions);
    match graph::send_message(&session.api, chat, &body).await {
        Ok(message) => dispatch.emit(ConversationAction::Sent {
            local,
            message: Box::new(message),
        }),
        Err(error) => {
            warn(&error);
            dispatch.emit(ConversationAction::NotSent(local));
        }
    }
}

/// Replaces the text of the user's own message; a failure is said, and the message stays as it was.
pub async fn edit(
    session: &Session,
    chat: &str,
    message: &str,
    html: String,
    dispatch: &Callback<ConversationAction>,
) -> bool {
    let body = graph::message_body(&html, &[]);
    match graph::edit_message(&session.api, chat, message, &body).await {
        Ok(()) => {
            dispatch.emit(ConversationAction::Edited {
                message: message.to_owned(),
                html,
            });
            true
        }
        Err(error) => {
            warn(&error);
            dispatch.emit(ConversationAction::Notice(Some(
                session.strings.edit_failed.into(),
            )));
            false
        }
    }
}

/// Adds (`on`) or takes back the user's reaction: shown at once, taken back with a message if
/// Graph refuses it.
pub async fn react(
    session: &Session,
    chat: &str,
    message: &str,
    emoji: &str,
    me: &str,
    on: bool,
    dispatch: &Callback<ConversationAction>,
) {
    let change = |on| ConversationAction::React {
        message: message.to_owned(),
        emoji: emoji.to_owned(),
        me: me.to_owned(),
        on,
    };
    dispatch.emit(change(on));
    if let Err(error) = graph::react(&session.api, chat, message, emoji, on).await {
        warn(&error);
        dispatch.emit(change(!on));
        dispatch.emit(ConversationAction::Notice(Some(
            session.strings.reaction_failed.into(),
        )));
    }
}

/// Adds people to a group chat, one request each; those added join the members at once. The
/// error is what the dialog says when any could not be added.
pub async fn add_people(
    session: &Session,
    chat: &str,
    people: &[Participant],
    dispatch: &Callback<ConversationAction>,
) -> Result<(), &'static str> {
    let mut added = Vec::new();
    let mut failed = false;
    for person in people {
        match graph::add_member(&session.api, chat, person).await {
            Ok(()) => added.push(Member {
                user_id: Some(person.id.clone()),
                display_name: Some(person.name.clone()),
                guest: person.guest,
                tenant_id: None,
            }),
            Err(error) => {
                warn(&error);
                failed = true;
            }
        }
    }
    if !added.is_empty() {
        dispatch.emit(ConversationAction::MembersAdded(added));
    }
    if failed {
        Err(session.strings.add_failed)
    } else {
        Ok(())
    }
}

/// The HTML a typed message is sent as: `& < > " '` escaped, line breaks as `<br>`, and each
/// picked mention's first `@Name` still in the text as `<at id="n">Name</at>`, with the
/// `mentions` entries (id, user id, name) those tags name.
pub fn message_html(
    text: &str,
    picked: &[(String, String)],
) -> (String, Vec<(i64, String, String)>) {
    let mut html = String::with_capacity(text.len() + 16);
    let mut mentions: Vec<(i64, String, String)> = Vec::new();
    let mut rest = text.trim_end();
    while !rest.is_empty() {
        // The nearest `@Name` of a person picked and not placed yet.
        let next = picked
            .iter()
            .filter(|(_, user)| !mentions.iter().any(|(_, u, _)| u == user))
            .filter_map(|(name, user)| {
                crate::text::find(rest, &format!("@{name}")).map(|at| (at, name, user))
            })
            .min_by_key(|(at, _, _)| *at);
        let Some((at, name, user)) = next else {
            escape_into(&mut html, rest);
            break;
        };
        escape_into(&mut html, &rest[..at]);
        let id = mentions.len() as i64;
        html.push_str(&format!("<at id=\"{id}\">"));
        escape_into(&mut html, name);
        html.push_str("</at>");
        mentions.push((id, user.clone(), name.clone()));
        rest = &rest[at + 1 + name.len()..];
    }
    (html, mentions)
}

/// Text as HTML: `& < > " '` escaped, line breaks as `<br>`.
pub fn escape(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    escape_into(&mut html, text);
    html
}

fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\n' => html.push_str("<br>"),
            '\r' => {}
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_break() {
        let (html, mentions) = message_html("a < b & \"c\" 'd' >\nnext line\n\n", &[]);
        assert_eq!(
            html,
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt;<br>next line"
        );
        assert!(mentions.is_empty());
        let (html, _) = message_html("<script>alert(1)</script>", &[]);
        assert_eq!(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    #[test]
    fn picked_mentions_become_at_tags_in_order() {
        let picked = vec![
            ("Ben Ito".to_owned(), "ben".to_owned()),
            ("Ava <Reyes>".to_owned(), "ava".to_owned()),
            ("Gone".to_owned(), "gone".to_owned()),
        ];
        let (html, mentions) =
            message_html("Hi @Ava <Reyes> and @Ben Ito, @Ben Ito again", &picked);
        assert_eq!(
            html,
            "Hi <at id=\"0\">Ava &lt;Reyes&gt;</at> and <at id=\"1\">Ben Ito</at>, @Ben Ito again"
        );
        assert_eq!(
            mentions,
            [
                (0, "ava".into(), "Ava <Reyes>".into()),
                (1, "ben".into(), "Ben Ito".into())
            ],
            "a mention deleted from the text is not sent"
        );
    }
}
