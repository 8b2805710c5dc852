//! Hostile input for every wire parser, on the host: arbitrary text, arbitrary JSON and
//! valid-looking bodies with one field replaced never panic, and one bad item never fails its
//! list.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use teams_collaborate::api::batch::{self, Answer};
use teams_collaborate::api::{dataverse, graph, http, json as wire};
use teams_collaborate::{links, text, view};

/// A parser run on a body for its panics.
type Parse = fn(&str);
/// A valid-looking body.
type Sample = fn() -> Value;

/// Every parser that takes a whole body, by name.
const BODY_PARSERS: &[(&str, Parse)] = &[
    ("graph::parse_me", |b| ignore(graph::parse_me(b))),
    ("graph::parse_chat_page", |b| {
        ignore(graph::parse_chat_page(b))
    }),
    ("graph::parse_chat", |b| ignore(graph::parse_chat(b))),
    ("graph::parse_presences", |b| {
        ignore(graph::parse_presences(b))
    }),
    ("graph::parse_named_list", |b| {
        ignore(graph::parse_named_list(b))
    }),
    ("graph::parse_named", |b| ignore(graph::parse_named(b))),
    ("graph::parse_team_operation", |b| {
        ignore(graph::parse_team_operation(b))
    }),
    ("graph::parse_people", |b| ignore(graph::parse_people(b))),
    ("graph::parse_message_page", |b| {
        ignore(graph::parse_message_page(b))
    }),
    ("batch::parse_batch", |b| ignore(batch::parse_batch(b))),
    ("dataverse::parse_tenant_consent", |b| {
        ignore(dataverse::parse_tenant_consent(b))
    }),
    ("dataverse::parse_instance_enabled", |b| {
        ignore(dataverse::parse_instance_enabled(b))
    }),
    ("dataverse::parse_who_am_i", |b| {
        ignore(dataverse::parse_who_am_i(b))
    }),
    ("dataverse::parse_entity_definition", |b| {
        ignore(dataverse::parse_entity_definition(b))
    }),
    ("dataverse::parse_access_rights", |b| {
        ignore(dataverse::parse_access_rights(b))
    }),
    ("dataverse::parse_links", |b| {
        ignore(dataverse::parse_links(b))
    }),
    ("dataverse::parse_suggestion_rows", |b| {
        ignore(dataverse::parse_suggestion_rows(b))
    }),
    ("dataverse::parse_suggestions", |b| {
        ignore(dataverse::parse_suggestions(b))
    }),
    ("dataverse::parse_has_privilege", |b| {
        ignore(dataverse::parse_has_privilege(b))
    }),
    ("dataverse::parse_link_rows", |b| {
        ignore(dataverse::parse_link_rows(b))
    }),
    ("dataverse::parse_channel_links", |b| {
        ignore(dataverse::parse_channel_links(b))
    }),
    ("http::parse_status_error", |b| {
        ignore(http::parse_status_error(429, "Too Many Requests".into(), b))
    }),
    ("http::parse_retry_after", |b| {
        ignore(http::parse_retry_after(b))
    }),
    ("json::parse_collection", |b| {
        ignore(wire::parse_collection(b))
    }),
    ("json::parse_value", |b| ignore(wire::parse_value(b))),
];

/// Runs a parser for its panics only.
fn ignore<T>(_: T) {}

/// A value written with serde_json, as the component's JSON value.
fn to_wire(value: &Value) -> wire::Value {
    wire::parse_value(&value.to_string()).expect("serde_json writes JSON")
}

/// Every parser of one batch part's answer.
fn parse_answer(answer: &Answer) {
    ignore(graph::parse_chat_lookup(answer.clone()));
    ignore(graph::parse_photo(answer));
    ignore(graph::parse_channel_names(Some(answer), Some(answer)));
    ignore(graph::parse_channel_names(Some(answer), None));
    ignore(graph::parse_team_started(Some(answer.clone())));
}

/// A list parser: one item by index, the body around items, and the ids it kept.
struct ListParser {
    name: &'static str,
    item: fn(usize) -> Value,
    body: fn(Vec<Value>) -> String,
    kept: fn(&str) -> Option<Vec<String>>,
}

fn collection(items: Vec<Value>) -> String {
    json!({ "@odata.context": "https://example.invalid/$metadata", "value": items }).to_string()
}

const LIST_PARSERS: &[ListParser] = &[
    ListParser {
        name: "graph::parse_chat_page",
        item: chat,
        body: |items| {
            json!({ "value": items, "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/chats?$skiptoken=x" })
                .to_string()
        },
        kept: |b| {
            let page = graph::parse_chat_page(b).ok()?;
            assert_eq!(
                page.next_link.as_deref(),
                Some("https://graph.microsoft.com/v1.0/me/chats?$skiptoken=x")
            );
            Some(page.chats.into_iter().map(|c| c.id).collect())
        },
    },
    ListParser {
        name: "graph::parse_presences",
        item: |i| json!({ "id": format!("id-{i}"), "availability": "Busy", "activity": "InACall" }),
        body: collection,
        kept: |b| {
            Some(
                graph::parse_presences(b)
                    .ok()?
                    .into_iter()
                    .map(|p| p.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "graph::parse_named_list",
        item: |i| json!({ "id": format!("id-{i}"), "displayName": "Sales", "webUrl": "https://teams.microsoft.com/l/channel/x" }),
        body: collection,
        kept: |b| {
            Some(
                graph::parse_named_list(b)
                    .ok()?
                    .into_iter()
                    .map(|n| n.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "graph::parse_people",
        item: |i| json!({ "id": format!("id-{i}"), "displayName": "Ava Reyes", "mail": "ava@contoso.example", "jobTitle": "Counsel" }),
        body: collection,
        kept: |b| {
            Some(
                graph::parse_people(b)
                    .ok()?
                    .into_iter()
                    .map(|p| p.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "batch::parse_batch",
        item: |i| {
            json!({
                "id": format!("id-{i}"), "status": 200,
                "headers": { "Content-Type": "application/json", "Retry-After": "1" },
                "body": { "id": "19:a@thread.v2", "chatType": "group" },
            })
        },
        body: |items| json!({ "responses": items }).to_string(),
        kept: |b| Some(batch::parse_batch(b).ok()?.into_keys().collect()),
    },
    ListParser {
        name: "dataverse::parse_links",
        item: |i| {
            json!({
                "@odata.etag": "W/\"1\"",
                "msdyn_teamschatassociationid": format!("id-{i}"),
                "msdyn_teamschatid": format!("19:{i}@thread.v2"),
                "_createdby_value@OData.Community.Display.V1.FormattedValue": "Ava Reyes",
            })
        },
        body: collection,
        kept: |b| {
            Some(
                dataverse::parse_links(b)
                    .ok()?
                    .into_iter()
                    .map(|l| l.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "dataverse::parse_link_rows",
        item: |i| json!({ "msdyn_teamschatassociationid": format!("id-{i}"), "msdyn_entityrecordstate": 0 }),
        body: collection,
        kept: |b| {
            Some(
                dataverse::parse_link_rows(b)
                    .ok()?
                    .into_iter()
                    .map(|l| l.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "dataverse::parse_channel_links",
        item: |i| {
            json!({
                "msdyn_teamscollaborationid": format!("id-{i}"), "msdyn_teamid": "t", "msdyn_channelid": "c",
                "msdyn_teamname": "Legal", "msdyn_channelname": "General",
                "msdyn_weburl": "https://teams.microsoft.com/l/channel/x",
            })
        },
        body: collection,
        kept: |b| {
            Some(
                dataverse::parse_channel_links(b)
                    .ok()?
                    .into_iter()
                    .map(|l| l.id)
                    .collect(),
            )
        },
    },
    ListParser {
        name: "dataverse::parse_suggestions",
        item: |i| json!({ "AADUserId": format!("id-{i}"), "systemUserId": "s", "displayName": "Ava", "description": "Record owner" }),
        body: |items| Value::Array(items).to_string(),
        kept: |b| {
            let list = dataverse::parse_suggestions(b).ok()?;
            Some(list.into_iter().map(|s| s.aad_user_id).collect())
        },
    },
    ListParser {
        name: "dataverse::parse_suggestion_rows",
        item: |i| json!({ "AADUserId": format!("id-{i}"), "displayName": "Ava", "description": "Record owner" }),
        body: |items| {
            collection(vec![
                json!({ "msdyn_suggestions": Value::Array(items).to_string() }),
            ])
        },
        kept: |b| {
            let list = dataverse::parse_suggestion_rows(b).ok()?;
            Some(list.into_iter().map(|s| s.aad_user_id).collect())
        },
    },
];

/// A valid-looking body for each single-object parser.
const SINGLE_PARSERS: &[(&str, Sample, Parse)] = &[
    (
        "graph::parse_me",
        || json!({ "id": "u1", "displayName": "Ava Reyes" }),
        |b| ignore(graph::parse_me(b)),
    ),
    (
        "graph::parse_chat",
        || chat(0),
        |b| ignore(graph::parse_chat(b)),
    ),
    (
        "graph::parse_named",
        || json!({ "id": "c1", "displayName": "General", "webUrl": "https://teams.microsoft.com/l/channel/x" }),
        |b| ignore(graph::parse_named(b)),
    ),
    (
        "graph::parse_team_operation",
        || json!({ "id": "op", "operationType": "createTeam", "status": "succeeded" }),
        |b| ignore(graph::parse_team_operation(b)),
    ),
    (
        "dataverse::parse_tenant_consent",
        || json!({ "value": [{ "ismsteamscollaborationenabled": true, "organizationid": "o" }] }),
        |b| ignore(dataverse::parse_tenant_consent(b)),
    ),
    (
        "dataverse::parse_instance_enabled",
        || json!({ "value": [{ "msdyn_embedcollabteamsintegrationenabled": true }] }),
        |b| ignore(dataverse::parse_instance_enabled(b)),
    ),
    (
        "dataverse::parse_who_am_i",
        || json!({ "BusinessUnitId": "b", "UserId": "u", "OrganizationId": "o" }),
        |b| ignore(dataverse::parse_who_am_i(b)),
    ),
    (
        "dataverse::parse_entity_definition",
        || json!({ "EntitySetName": "contacts", "ObjectTypeCode": 2, "MetadataId": "m" }),
        |b| ignore(dataverse::parse_entity_definition(b)),
    ),
    (
        "dataverse::parse_access_rights",
        || json!({ "AccessRights": "ReadAccess, WriteAccess, AppendToAccess" }),
        |b| ignore(dataverse::parse_access_rights(b)),
    ),
    (
        "dataverse::parse_has_privilege",
        || json!({ "RolePrivileges": [{ "Depth": "Global", "PrivilegeName": "prvReadContact" }] }),
        |b| ignore(dataverse::parse_has_privilege(b)),
    ),
    (
        "http::parse_status_error",
        || json!({ "error": { "code": "TooManyRequests", "message": "Slow down" } }),
        |b| ignore(http::parse_status_error(429, "Too Many Requests".into(), b)),
    ),
];

/// A chat as `GET /me/chats?$expand=members,lastMessagePreview` returns it.
fn chat(i: usize) -> Value {
    json!({
        "id": format!("id-{i}"),
        "topic": "Contract review",
        "createdDateTime": "2026-10-01T09:00:00.000Z",
        "lastUpdatedDateTime": "2026-11-01T10:00:00.123Z",
        "chatType": "group",
        "webUrl": "https://teams.microsoft.com/l/chat/19%3Aabc%40thread.v2/0",
        "viewpoint": { "isHidden": false, "lastMessageReadDateTime": "2026-11-01T09:00:00Z" },
        "members": [
            { "@odata.type": "#microsoft.graph.aadUserConversationMember", "userId": "u1", "displayName": "Ava Reyes" },
            { "userId": "u2", "displayName": "Lee Gu" },
        ],
        "lastMessagePreview": {
            "id": "m1", "createdDateTime": "2026-11-01T10:00:00.123Z", "isDeleted": false,
            "messageType": "message", "eventDetail": null,
            "body": { "contentType": "html", "content": "<p>Redlines are in</p>" },
            "from": { "user": { "id": "u2", "displayName": "Lee Gu" } },
        },
    })
}

/// Strings an attacker or a broken server may send.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        1 => Just("<script>alert(1)</script>".to_owned()),
        1 => Just("<img src=x onerror=alert(1)>".to_owned()),
        1 => Just("javascript:alert(1)".to_owned()),
        1 => Just("data:text/html,<script>alert(1)</script>".to_owned()),
        1 => Just("\u{202E}gnp.exe\u{202C}\u{2066}\u{200F}".to_owned()),
        1 => Just("\u{FFFD}".to_owned()),
        1 => Just("é".repeat(5_000)),
        1 => Just("2026-13-45T99:99:99.9é9Z".to_owned()),
        1 => Just("99999999999999999-01-01T00:00:00Z".to_owned()),
    ]
}

/// Keys the parsers look for, and any other.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "id", "value", "topic", "chatType", "members", "lastMessagePreview", "viewpoint",
            "displayName", "userId", "body", "content", "contentType", "status", "headers",
            "responses", "@odata.nextLink", "availability", "error", "code", "message",
            "msdyn_teamschatassociationid", "msdyn_teamschatid", "msdyn_suggestions", "AADUserId",
            "UserId", "EntitySetName", "AccessRights", "RolePrivileges", "webUrl",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// Any JSON value, a few levels deep.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        hostile_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Text that looks like JSON with escapes, lone surrogates among them.
fn json_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\\ud800".to_owned()),
        Just("\\uDC00".to_owned()),
        Just("\\ud83d\\ude00".to_owned()),
        Just("\\\\".to_owned()),
        Just("\\u".to_owned()),
        Just("\"".to_owned()),
        prop::sample::select(vec!["{", "}", "[", "]", ":", ",", "1", "null", "\"value\""])
            .prop_map(str::to_owned),
        "[a-zA-Z0-9 é]{0,3}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Strings inside a valid JSON string literal, with raw escapes mixed in.
fn escaped_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\\ud800".to_owned()),
        Just("\\uDBFF".to_owned()),
        Just("\\udc00".to_owned()),
        Just("\\uDFFF".to_owned()),
        Just("\\ud83d\\ude00".to_owned()),
        Just("\\\\".to_owned()),
        Just("\\\\ud800".to_owned()),
        Just("\\n".to_owned()),
        Just("\\u0041".to_owned()),
        "[a-z é😀]{0,3}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

/// Every JSON pointer into `value`, the root included.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, child) in fields {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// `value` with the node at `pointer` replaced, or removed when `replacement` is `None`.
fn mutate(value: &Value, pointer: &str, replacement: Option<Value>) -> Value {
    let mut value = value.clone();
    match (replacement, pointer.rsplit_once('/')) {
        (None, Some((parent, key))) => match value.pointer_mut(parent) {
            Some(Value::Object(fields)) => {
                fields.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = key.parse::<usize>() {
                    items.remove(index);
                }
            }
            _ => {}
        },
        (replacement, _) => {
            if let Some(node) = value.pointer_mut(pointer) {
                *node = replacement.unwrap_or(Value::Null);
            }
        }
    }
    value
}

fn arb_answer() -> impl Strategy<Value = Answer> {
    (
        prop_oneof![
            Just(200u16),
            Just(202),
            Just(403),
            Just(404),
            Just(429),
            any::<u16>()
        ],
        arb_json(),
        proptest::option::of(prop_oneof![Just("image/png".to_owned()), any::<String>()]),
        proptest::option::of(prop_oneof![
            Just("https://graph.microsoft.com/v1.0/teams('t1')/operations('o1')".to_owned()),
            "[a-z']{0,12}",
            any::<String>(),
        ]),
    )
        .prop_map(|(status, body, content_type, location)| Answer {
            status,
            body: to_wire(&body),
            content_type,
            location,
        })
}

/// `cases` per property; failures are printed with their minimal input, not kept in files
/// (an integration test has no `lib.rs` beside it to keep them next to).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_never_panics(text in prop_oneof![any::<String>(), json_like_text()]) {
        for (_, parse) in BODY_PARSERS {
            parse(&text);
        }
        ignore(wire::repair_lone_surrogates(&text));
    }

    #[test]
    fn arbitrary_json_never_panics(value in arb_json()) {
        let text = value.to_string();
        for (_, parse) in BODY_PARSERS {
            parse(&text);
        }
        // Arbitrary JSON as the collection and as the items of every list parser.
        for list in LIST_PARSERS {
            let body = (list.body)(vec![value.clone()]);
            ignore((list.kept)(&body));
        }
        for (_, parse) in BODY_PARSERS {
            parse(&json!({ "value": value, "responses": value }).to_string());
        }
        let values: Vec<_> = match value { Value::Array(items) => items, other => vec![other] }
            .iter()
            .map(to_wire)
            .collect();
        ignore(graph::parse_chats(&values));
        ignore(wire::parse_items::<graph::Chat>(&values, "chat"));
    }

    #[test]
    fn arbitrary_batch_answers_never_panic(answer in arb_answer()) {
        parse_answer(&answer);
    }

    #[test]
    fn a_mutated_single_body_never_panics(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        replacement in proptest::option::of(arb_json()),
    ) {
        let (_, sample, parse) = SINGLE_PARSERS[pick.index(SINGLE_PARSERS.len())];
        let sample = sample();
        let all = pointers(&sample);
        let body = mutate(&sample, &all[at.index(all.len())], replacement).to_string();
        parse(&body);
    }

    #[test]
    fn a_mutated_batch_answer_never_panics(
        status in prop_oneof![Just(200u16), Just(202), any::<u16>()],
        at in any::<prop::sample::Index>(),
        replacement in proptest::option::of(arb_json()),
    ) {
        let sample = chat(0);
        let all = pointers(&sample);
        let body = mutate(&sample, &all[at.index(all.len())], replacement);
        parse_answer(&Answer { status, body: to_wire(&body), content_type: None, location: None });
    }

    #[test]
    fn surrogate_repair_keeps_valid_json_valid_and_is_idempotent(text in escaped_string()) {
        let once = wire::repair_lone_surrogates(&text).into_owned();
        let twice = wire::repair_lone_surrogates(&once).into_owned();
        prop_assert_eq!(&once, &twice);
        // Every input here is a JSON string literal once lone surrogates are gone.
        prop_assert!(serde_json::from_str::<String>(&once).is_ok(), "{} -> {}", text, once);
        if serde_json::from_str::<String>(&text).is_ok() {
            prop_assert_eq!(once, text, "text that parsed is left as it was");
        }
    }

    #[test]
    fn surrogate_repair_of_any_text_is_idempotent(text in prop_oneof![any::<String>(), json_like_text()]) {
        let once = wire::repair_lone_surrogates(&text).into_owned();
        prop_assert_eq!(wire::repair_lone_surrogates(&once).into_owned(), once.clone());
        if serde_json::from_str::<Value>(&text).is_ok() {
            prop_assert!(serde_json::from_str::<Value>(&once).is_ok());
        }
    }
}

proptest! {
    // Three items a case: fewer cases keep the suite fast.
    #![proptest_config(config(96))]

    #[test]
    fn one_bad_item_never_fails_its_list(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        replacement in proptest::option::of(arb_json()),
    ) {
        let list = &LIST_PARSERS[pick.index(LIST_PARSERS.len())];
        let bad = (list.item)(1);
        let all = pointers(&bad);
        // At the root, `None` replaces the whole item with null.
        let pointer = &all[at.index(all.len())];
        let items = vec![(list.item)(0), mutate(&bad, pointer, replacement), (list.item)(2)];
        let body = (list.body)(items);
        let kept = (list.kept)(&body);
        prop_assert!(kept.is_some(), "{}: the list failed: {}", list.name, body);
        let kept = kept.unwrap_or_default();
        for id in ["id-0", "id-2"] {
            prop_assert!(kept.iter().any(|k| k == id), "{}: lost {} of {}", list.name, id, body);
        }
    }

    #[test]
    fn hostile_strings_in_a_good_item_are_kept_as_text(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        text in hostile_string(),
    ) {
        let list = &LIST_PARSERS[pick.index(LIST_PARSERS.len())];
        let sample = (list.item)(1);
        let strings = text_fields(&sample);
        prop_assume!(!strings.is_empty());
        let pointer = &strings[at.index(strings.len())];
        let item = mutate(&sample, pointer, Some(Value::from(text)));
        let body = (list.body)(vec![(list.item)(0), item, (list.item)(2)]);
        let kept = (list.kept)(&body).unwrap_or_default();
        for id in ["id-0", "id-2"] {
            prop_assert!(kept.iter().any(|k| k == id), "{}: lost {} of {}", list.name, id, body);
        }
    }
}

/// The pointers of an item's string fields other than its id: changing them keeps it well-formed.
fn text_fields(item: &Value) -> Vec<String> {
    const IDS: &[&str] = &[
        "/id",
        "/AADUserId",
        "/msdyn_teamschatassociationid",
        "/msdyn_teamscollaborationid",
    ];
    pointers(item)
        .into_iter()
        .filter(|p| item.pointer(p).is_some_and(Value::is_string) && !IDS.contains(&p.as_str()))
        .collect()
}

#[test]
fn every_list_parser_keeps_the_items_around_a_lone_surrogate() {
    for list in LIST_PARSERS {
        for field in text_fields(&(list.item)(1)) {
            let bad = mutate(&(list.item)(1), &field, Some(Value::from("PLACEHOLDER")));
            let body = (list.body)(vec![(list.item)(0), bad, (list.item)(2)])
                .replace("PLACEHOLDER", "a\\udc00b");
            let kept = (list.kept)(&body).unwrap_or_else(|| panic!("{}: {}", list.name, body));
            assert_eq!(kept.len(), 3, "{} {field}: {}", list.name, body);
        }
    }
}

#[test]
fn a_chat_topic_with_a_lone_surrogate_keeps_the_page() {
    let mut bad = chat(1);
    bad["topic"] = Value::from("PLACEHOLDER");
    let body = json!({ "value": [chat(0), bad, chat(2)] })
        .to_string()
        .replace("PLACEHOLDER", "Q4 \\ud83d plan");
    let page = graph::parse_chat_page(&body).unwrap();
    assert_eq!(page.chats.len(), 3);
    assert_eq!(page.chats[1].topic.as_deref(), Some("Q4 \u{FFFD} plan"));
}

#[test]
fn a_malformed_chat_page_is_an_error_and_a_malformed_chat_is_counted() {
    assert!(graph::parse_chat_page("<html>proxy error</html>").is_err());
    assert!(graph::parse_chat_page(r#"{"value":null}"#).is_err());
    let body = json!({ "value": [chat(0), { "id": 42 }, chat(2)] }).to_string();
    let page = graph::parse_chat_page(&body).unwrap();
    assert_eq!((page.chats.len(), page.dropped), (2, 1));
}

#[test]
fn a_malformed_batch_part_reads_as_unanswered() {
    let body = json!({ "responses": [
        { "id": "0", "status": 200, "body": "AAAA" },
        { "id": "1", "status": "OK" },
        { "id": "2", "status": 404, "headers": { "content-type": "application/json" } },
    ] })
    .to_string();
    let parts = batch::parse_batch(&body).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(
        parts["2"].answer.content_type.as_deref(),
        Some("application/json")
    );
    assert!(!parts.contains_key("1"));
}

#[test]
fn the_first_well_formed_suggestion_row_wins() {
    let body = json!({ "value": [
        { "msdyn_suggestions": 7 },
        { "msdyn_suggestions": r#"[{"AADUserId":"a","displayName":"Ava"}]"# },
    ] })
    .to_string();
    let people = dataverse::parse_suggestion_rows(&body).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].display_name, "Ava");
}

#[test]
fn a_lone_surrogate_inside_the_suggestions_string_is_repaired() {
    // The column is JSON text inside JSON: its escapes arrive as `\\ud800`.
    let body = r#"{"value":[{"msdyn_suggestions":"[{\"AADUserId\":\"a\",\"displayName\":\"A\\ud800\"}]"}]}"#;
    let people = dataverse::parse_suggestion_rows(body).unwrap();
    assert_eq!(people[0].display_name, "A\u{FFFD}");
}

#[test]
fn team_started_reads_the_location_or_fails_cleanly() {
    let answer = |status, location: Option<&str>| Answer {
        status,
        body: wire::Value::Null,
        content_type: None,
        location: location.map(str::to_owned),
    };
    assert_eq!(
        graph::parse_team_started(Some(answer(202, Some("/teams('t1')/operations('o1')")))),
        Ok(("t1".to_owned(), "o1".to_owned()))
    );
    assert!(graph::parse_team_started(Some(answer(202, Some("/teams/t1")))).is_err());
    assert!(graph::parse_team_started(Some(answer(202, None))).is_err());
    assert!(graph::parse_team_started(None).is_err());
    assert!(graph::parse_team_started(Some(answer(403, None))).is_err());
}

#[test]
fn photos_are_only_base64_images() {
    let answer = |status, body: &str, content_type: Option<&str>| Answer {
        status,
        body: wire::text(body),
        content_type: content_type.map(str::to_owned),
        location: None,
    };
    assert_eq!(
        graph::parse_photo(&answer(200, "AAAA", Some("image/png"))).as_deref(),
        Some("data:image/png;base64,AAAA")
    );
    assert_eq!(
        graph::parse_photo(&answer(200, "AAAA", Some("text/html"))).as_deref(),
        Some("data:image/jpeg;base64,AAAA"),
        "a foreign content type never reaches the data URL"
    );
    assert_eq!(graph::parse_photo(&answer(200, "\"><script>", None)), None);
    assert_eq!(graph::parse_photo(&answer(404, "AAAA", None)), None);
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn text_helpers_never_panic_and_leave_no_tags(
        input in prop_oneof![
            any::<String>(),
            hostile_string(),
            "[<>&#;xX0-9a-fA-Fé ]{0,40}",
            "[0-9]{1,20}-[0-9]{1,3}-[0-9]{1,3}T[0-9]{1,20}:[0-9]{1,3}:[0-9]{1,20}(\\.[0-9é]{0,5})?Z?",
        ],
    ) {
        let plain = text::plain_text(&input);
        if !input.contains('&') {
            prop_assert!(!plain.contains('<'), "{:?} -> {:?}", input, plain);
        }
        let initials = text::initials(&input);
        // Initials start at a letter or digit: never markup, never a bidi control.
        let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        prop_assert!(!initials.chars().any(|c| c == '<' || c == '&' || bidi(c)), "{:?}", initials);
        let title = text::names_title(&text::EN, &[input.clone(), input.clone()]);
        // Each name whole, isolated when it holds bidi controls.
        let name = text::isolate(&input);
        prop_assert_eq!(title, format!("{name} and {name}"));
        ignore(text::parse_iso_millis(&input));
        ignore(links::is_teams_url(&input, std::slice::from_ref(&input)));
        let (script, data) = (format!("javascript:{input}"), format!("data:{input}"));
        prop_assert!(!links::is_teams_url(&script, &[]));
        prop_assert!(!links::is_teams_url(&data, &[]));
    }
}

/// Any tag name: the allowlist's, the dangerous ones, the special ones, and made-up ones.
fn tag_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "p",
            "div",
            "b",
            "a",
            "img",
            "br",
            "at",
            "attachment",
            "emoji",
            "script",
            "style",
            "iframe",
            "svg",
            "math",
            "template",
            "object",
            "embed",
            "base",
            "form",
            "meta",
            "link",
            "input",
            "button",
            "video",
            "table",
            "td",
            "li",
            "head",
            "title",
            "noscript",
        ])
        .prop_map(str::to_owned),
        "[a-z][a-z0-9-]{0,8}",
    ]
}

/// Any attribute, with values that try every trick.
fn attribute() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            prop::sample::select(vec![
                "href", "src", "alt", "id", "style", "class", "onclick", "onerror", "srcset",
                "formaction", "data-x", "aria-label", "title", "action", "background",
            ])
            .prop_map(str::to_owned),
            "[a-z]{1,8}",
        ],
        prop_oneof![
            prop::sample::select(vec![
                "https://contoso.com/x", "javascript:alert(1)", "data:text/html,x", "vbscript:x",
                "//evil.example/x", "mailto:a@b.c", "https://graph.microsoft.com/v1.0/chats/19:c@thread.v2/messages/1/hostedContents/x/$value",
                "url(https://evil.example)", "0",
            ])
            .prop_map(str::to_owned),
            ".{0,20}",
        ],
    )
}

fn markup() -> impl Strategy<Value = view::Markup> {
    let leaf = ".{0,12}".prop_map(view::Markup::Text);
    leaf.prop_recursive(8, 64, 6, |inner| {
        (
            tag_name(),
            prop::collection::vec(attribute(), 0..4),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(name, attributes, children)| view::Markup::Element {
                name,
                attributes,
                children,
            })
    })
}

/// Whether parts hold only what the allowlist allows: kept elements by their tag, links to
/// https or mailto, images of this chat's hosted contents.
fn allowed(parts: &[view::Part], context: &view::Context) -> Result<(), String> {
    for part in parts {
        match part {
            view::Part::Element(tag, children) => {
                let ok = view::Tag::of(tag.name()) == Some(*tag);
                if !ok {
                    return Err(format!("{tag:?}"));
                }
                allowed(children, context)?;
            }
            view::Part::Link { href, children } => {
                if !view::safe_href(href) {
                    return Err(format!("link {href}"));
                }
                allowed(children, context)?;
            }
            view::Part::Image { src, .. } if !view::hosted_content(src, context) => {
                return Err(format!("image {src}"));
            }
            view::Part::File { url: Some(url), .. }
                if !url.to_ascii_lowercase().starts_with("https://") =>
            {
                return Err(format!("file {url}"));
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Arbitrary markup, rebuilt: nothing outside the allowlist, no attribute but a safe link's
    /// address and a hosted image's source, and never a panic.
    #[test]
    fn the_rebuild_keeps_only_the_allowlist(tree in prop::collection::vec(markup(), 0..4)) {
        let context = view::Context {
            graph_root: "https://graph.microsoft.com/v1.0/",
            chat_id: "19:c@thread.v2",
            mentions: &[],
            attachments: &[],
            strings: &text::EN,
        };
        let parts = view::rebuild(&tree, &context);
        prop_assert_eq!(allowed(&parts, &context), Ok(()));
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The component's plain substring search and replace agree with the standard library's,
    /// on ASCII and on multi-byte text (the alphabets are small so that needles occur).
    #[test]
    fn find_and_replace_agree_with_std(
        haystack in "[ab@é€{}]{0,24}",
        needle in "[ab@é€{}]{0,4}",
        to in "[xé]{0,3}",
    ) {
        prop_assert_eq!(text::find(&haystack, &needle), haystack.find(needle.as_str()));
        // An empty pattern is left alone (std would put `to` between every character).
        let want = match needle.is_empty() {
            true => haystack.clone(),
            false => haystack.replace(needle.as_str(), &to),
        };
        prop_assert_eq!(text::replace_all(&haystack, &needle, &to), want);
    }
}
