//! The administrator's chat settings for the record's type (product.md §2b): Microsoft's own
//! `msdyn_entitylinkchatconfiguration` rows, read once at mount or passed by the host, and the
//! view whose first columns a new connected chat's note carries.

use crate::api::json::{Fields, Value};

/// What the administrator chose for chats on one record type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSettings {
    /// The type has an active row: its records' chats can be connected.
    pub connects: bool,
    /// `msdyn_enableautonamechats`: a new connected chat is named after the record.
    pub auto_name: bool,
    /// `msdyn_enablekickoffmessage`: "Post a link to this record" starts on.
    pub note: bool,
    /// `msdyn_contextviewid`: the saved query whose first columns the note carries (a lower-case
    /// GUID without braces).
    pub context_view: Option<String>,
    /// `msdyn_recordownercanunlink`: the record's owner may disconnect.
    pub owner_unlinks: bool,
    /// `msdyn_recentchatlinkercanunlink`: whoever connected a chat may disconnect it.
    pub linker_unlinks: bool,
    /// `msdyn_enablelogicbasedsuggestion`: the suggestions section shows.
    pub suggestions: bool,
}

impl TypeSettings {
    /// An org whose table is missing or unreadable: every type is enabled, with auto-name, the
    /// note and the suggestions on (and Disconnect for the privilege's holders only).
    pub const FALLBACK: TypeSettings = TypeSettings {
        connects: true,
        auto_name: true,
        note: true,
        context_view: None,
        owner_unlinks: false,
        linker_unlinks: false,
        suggestions: true,
    };

    /// A type without an active row: nothing of it can be connected.
    pub const OFF: TypeSettings = TypeSettings {
        connects: false,
        auto_name: false,
        note: false,
        context_view: None,
        owner_unlinks: false,
        linker_unlinks: false,
        suggestions: false,
    };
}

/// The settings row's columns, in the order [`from_fields`] reads them: auto-name, the note,
/// the view, the owner's and the connector's disconnect, the suggestions.
pub const ROW_FIELDS: [&str; 6] = [
    "msdyn_enableautonamechats",
    "msdyn_enablekickoffmessage",
    "msdyn_contextviewid",
    "msdyn_recordownercanunlink",
    "msdyn_recentchatlinkercanunlink",
    "msdyn_enablelogicbasedsuggestion",
];

/// The same fields as the host's `recordTypeSettings` option names them (camelCase).
pub const OPTION_FIELDS: [&str; 6] = [
    "enableAutoNameChats",
    "enableKickoffMessage",
    "contextViewId",
    "recordOwnerCanUnlink",
    "recentChatLinkerCanUnlink",
    "enableLogicBasedSuggestion",
];

/// Reads settings from an object whose fields are named `names` (see [`ROW_FIELDS`]); an
/// absent or null field keeps `base`'s value. The error names the first field that is not
/// true or false (or, for the view, a GUID).
pub fn from_fields(
    value: &Value,
    names: &[&'static str; 6],
    base: TypeSettings,
) -> Result<TypeSettings, &'static str> {
    let fields = Fields::of(value).ok_or("")?;
    let flag = |at: usize, default: bool| {
        fields
            .opt_flag(names[at])
            .map(|flag| flag.unwrap_or(default))
            .ok_or(names[at])
    };
    let view = match fields.opt_text(names[2]).ok_or(names[2])? {
        Some(view) => Some(crate::options::parse_guid(&view).ok_or(names[2])?),
        None => base.context_view,
    };
    Ok(TypeSettings {
        connects: base.connects,
        auto_name: flag(0, base.auto_name)?,
        note: flag(1, base.note)?,
        context_view: view,
        owner_unlinks: flag(3, base.owner_unlinks)?,
        linker_unlinks: flag(4, base.linker_unlinks)?,
        suggestions: flag(5, base.suggestions)?,
    })
}

/// The most columns of the view a note carries, as Microsoft's "Include a note" does.
pub const NOTE_COLUMNS: usize = 5;

/// The first [`NOTE_COLUMNS`] columns a view's `layoutxml` names, in order: each `<cell>`'s
/// `name`, read by the browser's XML parser. A column of a related table (`alias.column`) is not
/// on the record and is skipped, as is anything that is not a logical name (these go into a URL).
#[cfg(target_arch = "wasm32")]
pub fn view_columns(layout: &str) -> Vec<String> {
    let Ok(document) = web_sys::DomParser::new()
        .and_then(|parser| parser.parse_from_string(layout, web_sys::SupportedType::TextXml))
    else {
        return Vec::new();
    };
    let Ok(cells) = document.query_selector_all("cell") else {
        return Vec::new();
    };
    (0..cells.length())
        .filter_map(|at| {
            use wasm_bindgen::JsCast;
            cells
                .item(at)?
                .dyn_into::<web_sys::Element>()
                .ok()?
                .get_attribute("name")
        })
        .filter(|name| crate::options::parse_identifier(name).is_ok())
        .take(NOTE_COLUMNS)
        .collect()
}

/// Natively, where there is no XML parser (only the unit tests run there): no columns.
#[cfg(not(target_arch = "wasm32"))]
pub fn view_columns(_layout: &str) -> Vec<String> {
    Vec::new()
}

/// The note's lines: each column with a value, as its label (its logical name where the
/// metadata gave none) and that value, in the view's order.
pub fn note_lines(
    columns: &[String],
    labels: &[(String, String)],
    value: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    columns
        .iter()
        .filter_map(|column| {
            let label = labels
                .iter()
                .find(|(name, _)| name == column)
                .map_or(column, |(_, label)| label);
            Some((label.clone(), value(column)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_from_either_names_keep_the_base_where_absent_and_name_a_bad_field() {
        let row = crate::api::json::parse_value(
            r#"{"msdyn_enableautonamechats":false,"msdyn_enablekickoffmessage":null,"msdyn_contextviewid":"{A2B1C3D4-5E6F-4A7B-8C9D-0E1F2A3B4C51}"}"#,
        )
        .unwrap();
        let read = from_fields(&row, &ROW_FIELDS, TypeSettings::FALLBACK).unwrap();
        assert!(!read.auto_name && read.note && read.suggestions && read.connects);
        assert_eq!(
            read.context_view.as_deref(),
            Some("a2b1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c51")
        );
        let option = crate::api::json::parse_value(r#"{"enableKickoffMessage":"yes"}"#).unwrap();
        assert_eq!(
            from_fields(&option, &OPTION_FIELDS, TypeSettings::FALLBACK),
            Err("enableKickoffMessage")
        );
        let option = crate::api::json::parse_value(r#"{"contextViewId":"view"}"#).unwrap();
        assert_eq!(
            from_fields(&option, &OPTION_FIELDS, TypeSettings::FALLBACK),
            Err("contextViewId")
        );
    }

    #[test]
    fn note_lines_follow_the_view_and_skip_empty_values() {
        let columns: Vec<String> = ["fullname", "jobtitle", "telephone1"]
            .map(String::from)
            .to_vec();
        let labels = [
            ("telephone1".to_owned(), "Business Phone".to_owned()),
            ("fullname".to_owned(), "Full Name".to_owned()),
        ];
        let lines = note_lines(&columns, &labels, |c| {
            (c != "jobtitle").then(|| format!("<{c}>"))
        });
        assert_eq!(
            lines,
            [
                ("Full Name".to_owned(), "<fullname>".to_owned()),
                ("Business Phone".to_owned(), "<telephone1>".to_owned())
            ]
        );
        let unlabelled = note_lines(&columns[..1], &[], |_| Some("Ava".into()));
        assert_eq!(unlabelled, [("fullname".to_owned(), "Ava".to_owned())]);
    }
}
