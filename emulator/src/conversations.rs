//! The demo tenant's chats and what was said in them: mentions, an inline image, files, a quoted
//! reply, reactions (a legacy `like` among them), edited and deleted messages, system events
//! (members added, chat renamed, calls), Japanese and Arabic, and a chat long enough to page.
//! Times are minutes before the seed, so the demo always looks recent; each chat's newest
//! message is what its List chats preview shows.

use crate::messages::{self, NewMessage, GRAPH_ROOT};
use crate::photo::solid_png;
use crate::seed::{display_name, user_id};
use crate::wire::{iso, membership_id, urlencode};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use serde_json::{json, Value};

/// The group chat about the Contoso Pharmaceuticals renewal: mentions, a file, the inline image,
/// a quoted reply, reactions of several kinds, an edited and a deleted message.
pub const RENEWAL_CHAT: &str = "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2";
/// The group chat without a topic: 65 messages, so List messages pages at `$top=50`.
pub const PAGING_CHAT: &str = "19:c0ffee00c0ffee00c0ffee00c0ffee00@thread.v2";
/// Japanese and Arabic (right-to-left) messages.
pub const INTERNATIONAL_CHAT: &str = "19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.v2";
/// The meeting chat: call started and call ended events.
pub const MEETING_CHAT: &str =
    "19:meeting_NjZmYjE0ZTYtZDI1Ny00OWVhLWI1ZjEtMjU4OTQ2ZTk0ZGQx@thread.v2";
/// The group chat with the very long topic and its rename event.
pub const LONG_TOPIC_CHAT: &str = "19:7a8b9c0d1e2f4a5b6c7d8e9f0a1b2c3d@thread.v2";
/// The one hosted content of the seed: the inline image (a PNG) in the renewal chat.
pub const IMAGE_HOSTED_CONTENT: &str = "aWQ9eF8wLWVtdS1kMS1jb250b3NvLXBoYXJtYS12b2x1bWUsdHlwZT0xLHVybD1odHRwczovL3VzLWFwaS5hc20uc2t5cGUuY29tL3YxL29iamVjdHMvMC1lbXUtZDEtY29udG9zby1waGFybWEtdm9sdW1lL3ZpZXdzL2ltZ28";
/// The body of the renewal chat's kickoff message, which carries reactions of several kinds.
pub const KICKOFF_TEXT: &str = "Kicking off the Q1 renewal for";

/// A seeded chat: its members (by user number), messages oldest first.
struct ChatSeed {
    id: String,
    chat_type: &'static str,
    topic: Option<&'static str>,
    members: &'static [u8],
    messages: Vec<MessageSeed>,
    hidden_for_megan: bool,
    nonmember_status: u16,
    age_days: i64,
}

/// Something said or something that happened in a chat, `minutes` before the seed.
enum MessageSeed {
    Say(Box<Say>),
    /// Who added whom.
    MembersAdded(u8, &'static [u8], i64),
    /// Who renamed the chat, to what.
    Renamed(u8, &'static str, i64),
    /// Who started a call (`call` or `meeting`).
    CallStarted(u8, &'static str, i64),
    /// Who started it, who took part, how long it took (ISO 8601), `call` or `meeting`.
    CallEnded(u8, &'static [u8], &'static str, &'static str, i64),
}

/// A message of a member, with what happened to it since.
struct Say {
    from: u8,
    minutes: i64,
    html: bool,
    content: String,
    /// (user, mention text) for `<at id="n">` in order: write the markers in `content`.
    mentions: Vec<(u8, &'static str)>,
    /// (user, reaction, minutes ago).
    reactions: Vec<(u8, &'static str, i64)>,
    edited: Option<i64>,
    deleted: Option<i64>,
    /// A file: its name and https URL.
    file: Option<(&'static str, &'static str)>,
    /// The index, in the same chat, of the message this one quotes.
    quote: Option<usize>,
    /// An inline image: its colour and alt text.
    image: Option<([u8; 3], &'static str)>,
}

fn say(from: u8, minutes: i64, html: bool, content: &str) -> MessageSeed {
    MessageSeed::Say(Box::new(Say {
        from,
        minutes,
        html,
        content: content.to_owned(),
        mentions: Vec::new(),
        reactions: Vec::new(),
        edited: None,
        deleted: None,
        file: None,
        quote: None,
        image: None,
    }))
}

/// A text message.
fn text(from: u8, minutes: i64, content: &str) -> MessageSeed {
    say(from, minutes, false, content)
}

/// An HTML message.
fn html(from: u8, minutes: i64, content: &str) -> MessageSeed {
    say(from, minutes, true, content)
}

/// A message deleted two minutes after it was sent (Graph returns its body empty).
fn deleted(from: u8, minutes: i64) -> MessageSeed {
    text(from, minutes, "(deleted)").deleted(minutes - 2)
}

impl MessageSeed {
    fn minutes_ago(&self) -> i64 {
        match self {
            MessageSeed::Say(s) => s.minutes,
            MessageSeed::MembersAdded(_, _, m)
            | MessageSeed::Renamed(_, _, m)
            | MessageSeed::CallStarted(_, _, m)
            | MessageSeed::CallEnded(_, _, _, _, m) => *m,
        }
    }

    fn with(mut self, change: impl FnOnce(&mut Say)) -> Self {
        if let MessageSeed::Say(s) = &mut self {
            change(s);
        }
        self
    }

    fn mention(self, user: u8, text: &'static str) -> Self {
        self.with(|s| s.mentions.push((user, text)))
    }

    fn react(self, user: u8, reaction: &'static str, minutes: i64) -> Self {
        self.with(|s| s.reactions.push((user, reaction, minutes)))
    }

    fn edited(self, minutes: i64) -> Self {
        self.with(|s| s.edited = Some(minutes))
    }

    fn deleted(self, minutes: i64) -> Self {
        self.with(|s| s.deleted = Some(minutes))
    }

    fn file(self, name: &'static str, url: &'static str) -> Self {
        self.with(|s| s.file = Some((name, url)))
    }

    fn quote(self, index: usize) -> Self {
        self.with(|s| s.quote = Some(index))
    }

    fn image(self, rgb: [u8; 3], alt: &'static str) -> Self {
        self.with(|s| s.image = Some((rgb, alt)))
    }

    /// When this changes the chat's lastUpdatedDateTime: renames and membership changes only
    /// ("lastUpdatedDateTime is not updated when a message is sent to the chat").
    fn updates_chat(&self) -> bool {
        matches!(
            self,
            MessageSeed::MembersAdded(..) | MessageSeed::Renamed(..)
        )
    }
}

/// Writes the demo tenant's chats, members, read state and messages.
pub fn seed(conn: &Connection, tenant: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    for chat in chats() {
        write_chat(conn, tenant, now, &chat)?;
    }
    Ok(())
}

fn one_on_one(a: u8, b: u8) -> String {
    format!("19:{}_{}@unq.gbl.spaces", user_id(a), user_id(b))
}

const LONG_TOPIC: &str = "Cold-chain packaging quote follow-up with procurement, legal, finance and logistics – please keep this thread focused on the contract and the delivery schedule";

fn chats() -> Vec<ChatSeed> {
    use MessageSeed::*;
    const H: i64 = 60;
    vec![
        ChatSeed {
            id: RENEWAL_CHAT.into(),
            chat_type: "group",
            topic: Some("Contoso Pharmaceuticals – Q1 renewal"),
            members: &[1, 3, 4, 7],
            messages: vec![
                // 0: the kickoff, with reactions of several kinds (a legacy word among them).
                html(1, 28 * H, "<p>Kicking off the Q1 renewal for <b>Contoso Pharmaceuticals</b>. <at id=\"0\">Alex Wilber</at> owns pricing, <at id=\"1\">Johanna Lorenz</at> procurement.</p>")
                    .mention(3, "Alex Wilber")
                    .mention(7, "Johanna Lorenz")
                    .react(3, "👍", 27 * H + 50)
                    .react(7, "like", 27 * H + 40)
                    .react(4, "❤️", 200),
                text(7, 27 * H, "Thanks Megan. Their procurement wants 60-day payment terms this year."),
                html(3, 26 * H, "<p>Current price list, for reference.</p>")
                    .file("Contoso Pharma price list FY25.xlsx", "https://contoso.sharepoint.com/sites/ContosoSales/Shared%20Documents/Key%20accounts/Contoso%20Pharma%20price%20list%20FY25.xlsx"),
                html(1, 25 * H, "<p>Their order volume by quarter, from the CRM dashboard:</p>")
                    .image([0x0f, 0x6c, 0xbd], "Order volume by quarter")
                    .react(3, "😮", 25 * H - 5)
                    .react(7, "❤️", 24 * H + 30),
                // 4: edited five minutes after it was sent.
                text(7, 24 * H, "Can we hold the cold-chain surcharge at last year's rate? They asked twice.")
                    .edited(24 * H - 5),
                // 5: quotes 4.
                html(1, 23 * H, "<p>Yes, for the first two quarters. I'll confirm with finance.</p>")
                    .quote(4)
                    .react(7, "🙏", 23 * H - 10),
                text(3, 300, "I'll send the revised pricing sheet tonight.")
                    .react(1, "👍", 290)
                    .react(7, "👍", 280),
                MembersAdded(1, &[4], 240),
                html(1, 235, "<p><at id=\"0\">Diego Siciliani</at> welcome! Could you review clause 7 (liability) before Friday?</p>")
                    .mention(4, "Diego Siciliani"),
                deleted(3, 120),
                html(4, 30, "<p>Redlines are in. <b>Clause 7</b> needs a look &amp; sign-off.</p>")
                    .react(1, "👀", 20),
                text(7, 6, "Procurement is fine with the new payment terms."),
            ],
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 20,
        },
        ChatSeed {
            id: one_on_one(1, 3),
            chat_type: "oneOnOne",
            topic: None,
            members: &[1, 3],
            messages: vec![
                CallStarted(3, "call", 2 * 24 * H),
                CallEnded(3, &[1, 3], "PT14M32S", "call", 2 * 24 * H - 15),
                text(3, 2 * 24 * H - 20, "Thanks for the call. Notes attached.")
                    .file("Ava Reyes call notes.docx", "https://contoso-my.sharepoint.com/personal/alex_contoso_com/Documents/Ava%20Reyes%20call%20notes.docx"),
                text(1, 5 * H, "Ava asked for the stability data on the new packaging.")
                    .edited(5 * H - 3),
                text(1, 90, "Can you join the Ava Reyes call at 3?").react(3, "like", 80),
                text(3, 12, "Yes, see you then 👍"),
            ],
            hidden_for_megan: false,
            nonmember_status: 404,
            age_days: 60,
        },
        ChatSeed {
            id: MEETING_CHAT.into(),
            chat_type: "meeting",
            topic: Some("Weekly pipeline review"),
            members: &[1, 2, 9, 12],
            messages: vec![
                CallStarted(12, "meeting", 27 * H),
                text(9, 26 * H + 40, "Pipeline is up 12% on last week, mostly Contoso Pharma.")
                    .react(12, "👍", 26 * H + 38),
                text(2, 26 * H + 35, "Reminder: update your opportunities before Friday's forecast."),
                CallEnded(12, &[1, 2, 9, 12], "PT58M12S", "meeting", 26 * H + 5),
                text(12, 26 * H, "Thanks all, notes are in the channel."),
            ],
            hidden_for_megan: false,
            nonmember_status: 404,
            age_days: 90,
        },
        ChatSeed {
            id: LONG_TOPIC_CHAT.into(),
            chat_type: "group",
            topic: Some(LONG_TOPIC),
            members: &[1, 5, 7, 11, 15],
            messages: vec![
                text(5, 52 * H, "Quote from the packaging vendor attached.")
                    .file("Cold-chain packaging quote.pdf", "https://contoso.sharepoint.com/sites/ContosoSales/Shared%20Documents/Logistics/Cold-chain%20packaging%20quote.pdf"),
                text(11, 51 * H, "Finance needs the landed cost per pallet before we commit."),
                Renamed(1, LONG_TOPIC, 50 * H),
                html(7, 49 * H, "<p><at id=\"0\">Grady Archie</at> <at id=\"1\">Lynne Robbins</at> legal wants the delivery schedule in the contract annex.</p>")
                    .mention(5, "Grady Archie")
                    .mention(11, "Lynne Robbins"),
                text(15, 35 * H, "Landed cost is €412 per pallet, surcharge included.")
                    .react(11, "👍", 34 * H)
                    .react(1, "👍", 33 * H),
                deleted(5, 30 * H),
            ],
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 12,
        },
        ChatSeed {
            id: PAGING_CHAT.into(),
            chat_type: "group",
            topic: None,
            members: &[1, 5, 7, 8, 9, 10],
            messages: onboarding_thread(),
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 30,
        },
        ChatSeed {
            id: INTERNATIONAL_CHAT.into(),
            chat_type: "group",
            topic: None,
            members: &[1, 16, 17],
            messages: vec![
                text(1, 33 * H, "Hello both, let's plan next week's partner review."),
                text(16, 32 * H, "はい、よろしくお願いします。火曜日の午後はいかがですか？")
                    .react(1, "👍", 32 * H - 5)
                    .react(17, "❤️", 32 * H - 20),
                text(17, 31 * H + 30, "الثلاثاء بعد الظهر مناسب لي.").react(16, "👍", 31 * H + 20),
                html(1, 31 * H, "<p><at id=\"0\">山田 花子</at> Tuesday 14:00 JST works for me. I'll send the invite.</p>")
                    .mention(16, "山田 花子"),
                text(16, 30 * H, "来週の打ち合わせの資料を共有します。"),
                text(17, 29 * H, "شكراً، سأراجع العرض قبل الاجتماع.").react(1, "😆", 28 * H),
            ],
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 40,
        },
        ChatSeed {
            id: one_on_one(1, 9),
            chat_type: "oneOnOne",
            topic: None,
            members: &[1, 9],
            messages: vec![
                text(1, 75 * H, "Do we still need the forecast call this week?"),
                text(9, 74 * H, "Yes, but I'm travelling on Wednesday.").edited(74 * H - 4),
                text(9, 72 * H, "Forecast call moved to Thursday."),
                deleted(9, 71 * H),
            ],
            hidden_for_megan: false,
            nonmember_status: 404,
            age_days: 120,
        },
        ChatSeed {
            id: one_on_one(1, 15),
            chat_type: "oneOnOne",
            topic: None,
            members: &[1, 15],
            messages: vec![
                text(1, 24 * H * 9 + 30, "Submitted my expense report for the Contoso visit."),
                text(15, 24 * H * 9, "Expense report approved."),
            ],
            hidden_for_megan: true,
            nonmember_status: 404,
            age_days: 200,
        },
        ChatSeed {
            id: "19:5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b@thread.v2".into(),
            chat_type: "group",
            topic: Some("Fabrikam onboarding (new)"),
            members: &[1, 10, 14],
            messages: vec![],
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 1,
        },
        // Chats the demo user is not in: Graph answers 403 for one and 404 for the other.
        ChatSeed {
            id: "19:b0a4dprepb0a4dprepb0a4dprep0001@thread.v2".into(),
            chat_type: "group",
            topic: Some("Board prep"),
            members: &[2, 12, 14],
            messages: vec![text(14, 5 * H, "Deck v3 attached.")],
            hidden_for_megan: false,
            nonmember_status: 403,
            age_days: 10,
        },
        ChatSeed {
            id: "19:1ega1h01d1ega1h01d1ega1h01d0002@thread.v2".into(),
            chat_type: "group",
            topic: Some("Legal hold"),
            members: &[2, 4, 13],
            messages: vec![text(4, 7 * H, "Preserve all mail for the Q3 dispute.")],
            hidden_for_megan: false,
            nonmember_status: 404,
            age_days: 15,
        },
    ]
}

/// The onboarding checklist walked through item by item (64 messages, ten minutes apart), then
/// Lidia's question: more than one page of 50.
fn onboarding_thread() -> Vec<MessageSeed> {
    const ITEMS: &[&str] = &[
        "Kick-off call booked",
        "Customer contacts imported",
        "Billing account created",
        "Tax exemption certificate filed",
        "Price list loaded",
        "Payment terms agreed",
        "Credit check passed",
        "Shipping addresses verified",
        "Cold-chain requirements captured",
        "Warehouse slots reserved",
        "Carrier contracts signed",
        "Customs broker appointed",
        "Portal accounts created",
        "Single sign-on tested",
        "VPN access granted",
        "Support plan chosen",
        "Escalation contacts listed",
        "SLA reviewed by legal",
        "Data processing agreement signed",
        "Security questionnaire answered",
        "Product training scheduled",
        "Sandbox environment ready",
        "Test orders placed",
        "Invoices matched in the test run",
        "EDI connection live",
        "Forecast shared with supply planning",
        "Safety stock levels set",
        "Returns process agreed",
        "Quality certificates uploaded",
        "Go-live date confirmed",
        "Hypercare rota published",
        "Welcome pack sent",
    ];
    const SENDERS: &[u8] = &[5, 7, 8, 9, 10, 1];
    const ACKS: &[&str] = &[
        "Thanks, ticked off.",
        "Great, noted in the tracker.",
        "👍 Updated the checklist.",
        "Perfect, thank you.",
    ];
    let mut thread = Vec::new();
    let first = 8 * 60 + 10 + 64 * 10;
    for (i, item) in ITEMS.iter().enumerate() {
        let at = first - (i as i64) * 20;
        thread.push(text(
            SENDERS[i % SENDERS.len()],
            at,
            &format!("Checklist item {}: {item} ✅", i + 1),
        ));
        thread.push(text(
            SENDERS[(i + 3) % SENDERS.len()],
            at - 10,
            ACKS[i % ACKS.len()],
        ));
    }
    thread.push(text(
        10,
        8 * 60,
        "Who owns the onboarding checklist for Fabrikam?",
    ));
    thread
}

fn write_chat(
    conn: &Connection,
    tenant: &str,
    now: DateTime<Utc>,
    seed: &ChatSeed,
) -> rusqlite::Result<()> {
    let ago = |minutes: i64| now - Duration::minutes(minutes);
    let created = now - Duration::days(seed.age_days);
    let last_updated = seed
        .messages
        .iter()
        .filter(|m| m.updates_chat())
        .map(|m| ago(m.minutes_ago()))
        .fold(created, |a, b| a.max(b));
    conn.execute(
        "INSERT INTO chats (id, tenant_id, chat_type, topic, created, last_updated, nonmember_status, meeting_join_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            seed.id,
            tenant,
            seed.chat_type,
            seed.topic,
            iso(created),
            iso(last_updated),
            seed.nonmember_status,
            (seed.chat_type == "meeting").then(|| format!(
                "https://teams.microsoft.com/l/meetup-join/{}/0",
                urlencode(&seed.id)
            )),
        ],
    )?;
    for &member in seed.members {
        // Megan has read everything older than an hour.
        let last_read = (member == 1).then(|| iso(ago(60)));
        conn.execute(
            "INSERT INTO chat_members (chat_id, user_id, membership_id, roles, added, is_hidden, last_read)
             VALUES (?1, ?2, ?3, 'owner', ?4, ?5, ?6)",
            params![
                seed.id,
                user_id(member),
                membership_id(&seed.id, &user_id(member)),
                iso(created),
                member == 1 && seed.hidden_for_megan,
                last_read
            ],
        )?;
    }
    let mut ids: Vec<String> = Vec::new();
    for (index, message) in seed.messages.iter().enumerate() {
        let at = ago(message.minutes_ago());
        let id = match message {
            MessageSeed::Say(s) => write_said(conn, tenant, now, seed, &ids, index, s)?,
            MessageSeed::MembersAdded(by, added, _) => {
                let added: Vec<String> = added.iter().map(|n| user_id(*n)).collect();
                let added: Vec<&str> = added.iter().map(String::as_str).collect();
                let detail = crate::graph::chats::members_added_detail(
                    conn,
                    &user_id(*by),
                    &added,
                    &iso(at),
                )?;
                messages::insert(conn, &NewMessage::event(&seed.id, detail, at))?
            }
            MessageSeed::Renamed(by, topic, _) => messages::insert(
                conn,
                &NewMessage::event(
                    &seed.id,
                    json!({
                        "@odata.type": "#microsoft.graph.chatRenamedEventMessageDetail",
                        "chatId": seed.id,
                        "chatDisplayName": topic,
                        "initiator": {"application": null, "device": null, "user": identity(*by, None)},
                    }),
                    at,
                ),
            )?,
            MessageSeed::CallStarted(by, kind, _) => messages::insert(
                conn,
                &NewMessage::event(
                    &seed.id,
                    json!({
                        "@odata.type": "#microsoft.graph.callStartedEventMessageDetail",
                        "callId": call_id(&seed.id, index),
                        "callEventType": kind,
                        "initiator": {"application": null, "device": null, "user": identity(*by, None)},
                    }),
                    at,
                ),
            )?,
            MessageSeed::CallEnded(by, participants, duration, kind, _) => {
                // The call's id is the id its start event carried.
                let started = seed.messages[..index]
                    .iter()
                    .rposition(|m| matches!(m, MessageSeed::CallStarted(..)))
                    .unwrap_or(index);
                messages::insert(
                    conn,
                    &NewMessage::event(
                        &seed.id,
                        json!({
                            "@odata.type": "#microsoft.graph.callEndedEventMessageDetail",
                            "callId": call_id(&seed.id, started),
                            "callDuration": duration,
                            "callEventType": kind,
                            "callParticipants": participants.iter().map(|n| json!({
                                "participant": {"application": null, "device": null, "user": identity(*n, Some(display_name(*n)))},
                            })).collect::<Vec<_>>(),
                            "initiator": {"application": null, "device": null, "user": identity(*by, None)},
                        }),
                        at,
                    ),
                )?
            }
        };
        ids.push(id);
    }
    Ok(())
}

/// Writes one member's message with its file, quote, image, reactions, edit and deletion.
fn write_said(
    conn: &Connection,
    tenant: &str,
    now: DateTime<Utc>,
    chat: &ChatSeed,
    ids: &[String],
    index: usize,
    s: &Say,
) -> rusqlite::Result<String> {
    let ago = |minutes: i64| now - Duration::minutes(minutes);
    let mut content = s.content.clone();
    let mut attachments = Vec::new();
    if let Some(quoted) = s.quote {
        if let (Some(MessageSeed::Say(q)), Some(qid)) = (chat.messages.get(quoted), ids.get(quoted))
        {
            content = format!("<attachment id=\"{qid}\"></attachment>{content}");
            let reference = json!({
                "messageId": qid,
                "messagePreview": plain_text(&q.content),
                "messageSender": {
                    "application": null,
                    "device": null,
                    "user": {"userIdentityType": "aadUser", "tenantId": tenant, "id": user_id(q.from), "displayName": display_name(q.from)},
                },
            });
            attachments.push(json!({
                "id": qid, "contentType": "messageReference", "contentUrl": null,
                "content": reference.to_string(), "name": null, "thumbnailUrl": null, "teamsAppId": null,
            }));
        }
    }
    if let Some((name, url)) = s.file {
        let id = format!("5e32f195168a474fa273{:04x}{:08x}", index, s.minutes);
        content.push_str(&format!("<attachment id=\"{id}\"></attachment>"));
        attachments.push(json!({
            "id": id, "contentType": "reference", "contentUrl": url, "content": null,
            "name": name, "thumbnailUrl": null, "teamsAppId": null,
        }));
    }
    let image_marker = "{{message-id}}";
    if let Some((_, alt)) = s.image {
        content.push_str(&format!(
            "<p><img alt=\"{alt}\" height=\"96\" src=\"{GRAPH_ROOT}/chats/{}/messages/{image_marker}/hostedContents/{IMAGE_HOSTED_CONTENT}/$value\" width=\"96\" style=\"vertical-align:bottom; width:96px; height:96px\"></p>",
            chat.id
        ));
    }
    let html = s.html || s.quote.is_some() || s.file.is_some() || s.image.is_some();
    let mentions: Vec<Value> = s
        .mentions
        .iter()
        .enumerate()
        .map(|(i, (user, text))| {
            json!({
                "id": i, "mentionText": text,
                "mentioned": {"application": null, "device": null, "conversation": null, "user": identity(*user, Some(display_name(*user)))},
            })
        })
        .collect();
    let from = user_id(s.from);
    let at = ago(s.minutes);
    let id = messages::insert(
        conn,
        &NewMessage {
            attachments: Value::Array(attachments),
            mentions: Value::Array(mentions),
            ..NewMessage::new(
                &chat.id,
                &from,
                if html { "html" } else { "text" },
                &content,
                at,
            )
        },
    )?;
    if let Some((rgb, _)) = s.image {
        conn.execute(
            "UPDATE messages SET content = replace(content, ?3, ?2) WHERE chat_id = ?1 AND id = ?2",
            params![chat.id, id, image_marker],
        )?;
        messages::add_hosted_content(
            conn,
            &chat.id,
            &id,
            IMAGE_HOSTED_CONTENT,
            "image/png",
            &solid_png(96, rgb),
        )?;
    }
    for (user, reaction, minutes) in &s.reactions {
        messages::set_reaction(
            conn,
            &chat.id,
            &id,
            &user_id(*user),
            reaction,
            ago(*minutes),
        )?;
    }
    if let Some(minutes) = s.edited {
        messages::edit(conn, &chat.id, &id, None, None, None, ago(minutes))?;
    }
    if let Some(minutes) = s.deleted {
        messages::delete(conn, &chat.id, &id, ago(minutes))?;
    }
    Ok(id)
}

/// A user as an identity of an event or a mention; names only where Graph gives them.
fn identity(n: u8, name: Option<&str>) -> Value {
    json!({"id": user_id(n), "displayName": name, "userIdentityType": "aadUser"})
}

/// A call's id, stable for a chat and the index of its start event.
fn call_id(chat: &str, index: usize) -> String {
    let digest = chat
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
        .wrapping_add(index as u64);
    let hex = format!("{digest:016x}{:016x}", digest.rotate_left(17));
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The text of a message body, as a quote previews it.
fn plain_text(content: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in content.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_image_id_is_base64_of_a_teams_style_reference() {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(super::IMAGE_HOSTED_CONTENT)
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("id=x_0-emu-d1-"), "{text}");
        assert!(text.contains(",type=1,url=https://"), "{text}");
    }

    use base64::Engine;
}
