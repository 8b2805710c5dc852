//! The compose box: Enter sends, Shift+Enter adds a line, `@` offers the chat's members. The
//! text is the draft, kept by the pane per chat while the mount lives.

use crate::hooks::use_session;
use crate::state::Member;
use crate::text;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`Compose`].
#[derive(Properties, PartialEq)]
pub struct ComposeProps {
    /// The chat's members, to mention.
    pub members: Vec<Member>,
    /// The signed-in user (not offered to mention).
    pub me: AttrValue,
    /// The draft to start from.
    pub draft: AttrValue,
    /// Fired with the text as it is typed (the pane keeps it as the chat's draft).
    pub on_draft: Callback<String>,
    /// Fired by Enter or Send with the text and the people picked to mention (name, user id).
    pub on_send: Callback<(String, Vec<(String, String)>)>,
}

/// A labelled multi-line box with its mention suggestions and Send.
#[function_component(Compose)]
pub fn compose(props: &ComposeProps) -> Html {
    let t = use_session().strings;
    let value = use_state(|| props.draft.to_string());
    let picked = use_state(Vec::<(String, String)>::new);
    let query = use_state(Option::<String>::default);
    let chosen = use_state(usize::default);
    let box_ref = use_node_ref();
    let matches: Vec<(String, String)> = match &*query {
        Some(q) => props
            .members
            .iter()
            .filter(|m| {
                !m.user_id
                    .as_deref()
                    .is_some_and(|id| id.eq_ignore_ascii_case(&props.me))
            })
            .filter_map(|m| Some((m.display_name.clone()?, m.user_id.clone()?)))
            .filter(|(name, _)| text::find(&text::lower(name), &text::lower(q)).is_some())
            .take(8)
            .collect(),
        None => Vec::new(),
    };
    let send = {
        let (value, picked, query, on_send, on_draft) = (
            value.clone(),
            picked.clone(),
            query.clone(),
            props.on_send.clone(),
            props.on_draft.clone(),
        );
        Callback::from(move |()| {
            if value.trim().is_empty() {
                return;
            }
            // Cleared at once: a second Enter finds nothing to send.
            on_send.emit(((*value).clone(), (*picked).clone()));
            value.set(String::new());
            picked.set(Vec::new());
            query.set(None);
            on_draft.emit(String::new());
        })
    };
    let pick = {
        let (value, picked, query, on_draft, box_ref) = (
            value.clone(),
            picked.clone(),
            query.clone(),
            props.on_draft.clone(),
            box_ref.clone(),
        );
        Callback::from(move |(name, user): (String, String)| {
            let text = &*value;
            let start = text.rfind('@').unwrap_or(text.len());
            let next = format!("{}@{name} ", &text[..start]);
            let mut list = (*picked).clone();
            list.push((name, user));
            picked.set(list);
            query.set(None);
            on_draft.emit(next.clone());
            value.set(next);
            if let Some(area) = box_ref.cast::<web_sys::HtmlElement>() {
                let _ = area.focus();
            }
        })
    };
    let oninput = {
        let (value, query, chosen, on_draft) = (
            value.clone(),
            query.clone(),
            chosen.clone(),
            props.on_draft.clone(),
        );
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            query.set(mention_query(&text));
            chosen.set(0);
            on_draft.emit(text.clone());
            value.set(text);
        })
    };
    let onkeydown = {
        let (send, pick, query, chosen, matches) = (
            send.clone(),
            pick.clone(),
            query.clone(),
            chosen.clone(),
            matches.clone(),
        );
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if !matches.is_empty() {
                match key.as_str() {
                    "ArrowDown" | "ArrowUp" => {
                        event.prevent_default();
                        let step = if key == "ArrowDown" {
                            1
                        } else {
                            matches.len() - 1
                        };
                        chosen.set((*chosen + step) % matches.len());
                        return;
                    }
                    "Enter" | "Tab" => {
                        event.prevent_default();
                        pick.emit(matches[(*chosen).min(matches.len() - 1)].clone());
                        return;
                    }
                    "Escape" => {
                        event.prevent_default();
                        event.stop_propagation();
                        query.set(None);
                        return;
                    }
                    _ => {}
                }
            }
            if key == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                send.emit(());
            }
        })
    };
    let suggestions = matches.iter().enumerate().map(|(index, (name, user))| {
        let onclick = pick.reform({
            let pair = (name.clone(), user.clone());
            move |_: MouseEvent| pair.clone()
        });
        html! {
            <li role="option" id={format!("tc-mention-{index}")} aria-selected={super::aria(index == *chosen)}
                class="tc-mention-option" {onclick}>{ name.clone() }</li>
        }
    });
    html! {
        <div class="tc-compose">
            if !matches.is_empty() {
                <ul class="tc-mention-list" id="tc-mentions" role="listbox" aria-label={t.mention_people}>{ for suggestions }</ul>
            }
            <textarea class="tc-compose-box" aria-label={t.type_message} placeholder={t.type_message} rows="2"
                aria-controls={(!matches.is_empty()).then_some("tc-mentions")}
                aria-activedescendant={(!matches.is_empty()).then(|| format!("tc-mention-{}", *chosen))}
                value={(*value).clone()} ref={box_ref} {oninput} {onkeydown} />
            <button type="button" class="tc-primary tc-send" onclick={super::on_click(&send)}
                disabled={value.trim().is_empty()}>{ t.send }</button>
        </div>
    }
}

/// The name being typed after an `@` at the end of the text, when there is one (no line break
/// in it, and at most three words, so that an email address or a long sentence offers nobody).
pub fn mention_query(text: &str) -> Option<String> {
    let at = text.rfind('@')?;
    let before = text[..at].chars().last();
    if before.is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let query = &text[at + 1..];
    (!query.contains('\n') && query.split(' ').count() <= 3).then(|| query.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_at_sign_starts_a_mention() {
        assert_eq!(mention_query("Hi @"), Some(String::new()));
        assert_eq!(mention_query("@av"), Some("av".into()));
        assert_eq!(mention_query("Hi @Ava Re"), Some("Ava Re".into()));
        assert_eq!(mention_query("mail ava@contoso.com"), None, "an address");
        assert_eq!(mention_query("no at"), None);
        assert_eq!(mention_query("@a\nb"), None);
    }
}
