//! Reads the options object a host passes to `mount` into typed [`Options`].

use crate::gate::Client;
use crate::options::{
    parse_base_url, parse_form_factor, parse_guid, parse_identifier, parse_interval,
    parse_record_url, Flags, Mode, OptionError, Options, Record, Theme, DEFAULT_CHAT_LIST_INTERVAL,
    DEFAULT_MESSAGES_INTERVAL, DEFAULT_PRESENCE_INTERVAL,
};
use crate::settings::{self, TypeSettings};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Reads and validates every option; the error names the first bad field.
pub fn read(value: &JsValue) -> Result<(Options, Function), OptionError> {
    let options = Reader::of(value, "", "options")?;
    // Filled in field by field, so that every early return drops one value: the wasm would
    // otherwise carry a different clean-up of the fields read so far at each of them.
    let mut read = Options {
        record: Record {
            entity_name: String::new(),
            id: String::new(),
            name: String::new(),
            entity_set_name: None,
        },
        dataverse_url: String::new(),
        graph_url: String::new(),
        mode: Mode::default(),
        flags: None,
        user_agent: None,
        form_factor: None,
        client: None,
        locale: None,
        theme: Theme::default(),
        teams_hosts: Vec::new(),
        presence_interval_seconds: DEFAULT_PRESENCE_INTERVAL,
        chat_list_interval_seconds: DEFAULT_CHAT_LIST_INTERVAL,
        messages_interval_seconds: DEFAULT_MESSAGES_INTERVAL,
        show_title: true,
        record_url: None,
        record_type_settings: None,
    };

    let record = Reader::of(&options.required("record")?, "record.", "record")?;
    read.record.entity_name = record.required_checked("entityName", parse_identifier)?;
    let raw_id = record.required_text("id")?;
    read.record.id = parse_guid(&raw_id)
        .ok_or_else(|| record.fail("id", format!("must be a GUID, got \"{raw_id}\"")))?;
    read.record.name = record.text("name")?.unwrap_or_default();
    read.record.entity_set_name = record.checked_text("entitySetName", parse_identifier)?;

    read.dataverse_url = options.required_checked("dataverseUrl", parse_base_url)?;
    read.graph_url = options.required_checked("graphUrl", parse_base_url)?;

    let get_token = options
        .required("getToken")?
        .dyn_into::<Function>()
        .map_err(|_| options.fail("getToken", "must be a function".into()))?;

    if let Some(theme) = options.text("theme")? {
        read.theme = options.check("theme", theme, Theme::parse)?;
    }
    if let Some(mode) = options.text("mode")? {
        read.mode = options.check("mode", mode, Mode::parse)?;
    }
    if let Some(flags) = options.get("flags") {
        let flags = Reader::of(&flags, "flags.", "flags")?;
        read.flags = Some(Flags {
            tenant_consent: flags.required_flag("tenantConsent")?,
            instance_enabled: flags.required_flag("instanceEnabled")?,
        });
    }
    if let Some(code) = options.number("formFactor")? {
        read.form_factor =
            Some(parse_form_factor(code).map_err(|e| options.number_error("formFactor", e, code))?);
    }
    read.client = options.text("client")?.map(|c| Client::parse(&c));
    read.locale = options.text("locale")?.filter(|l| !l.is_empty());
    read.teams_hosts = options.texts("teamsHosts")?;
    read.user_agent = options.text("userAgent")?;
    options.interval(
        "presenceIntervalSeconds",
        &mut read.presence_interval_seconds,
    )?;
    options.interval(
        "chatListIntervalSeconds",
        &mut read.chat_list_interval_seconds,
    )?;
    options.interval(
        "messagesIntervalSeconds",
        &mut read.messages_interval_seconds,
    )?;
    if let Some(show) = options.flag("showTitle")? {
        read.show_title = show;
    }
    read.record_url = options.checked_text("recordUrl", parse_record_url)?;
    if let Some(value) = options.get("recordTypeSettings") {
        read.record_type_settings = Some(record_type_settings(&value)?);
    }
    Ok((read, get_token))
}

/// `recordTypeSettings`: the settings row's fields in camelCase, each optional (an absent one
/// as where the table cannot be read), and `enabled` false for a type without an active row.
fn record_type_settings(value: &JsValue) -> Result<TypeSettings, OptionError> {
    let object = Reader::of(value, "recordTypeSettings.", "recordTypeSettings")?;
    let base = TypeSettings {
        connects: object.flag("enabled")?.unwrap_or(true),
        ..TypeSettings::FALLBACK
    };
    let fields = crate::api::json::from_js_value(value).unwrap_or(crate::api::json::Value::Null);
    settings::from_fields(&fields, &settings::OPTION_FIELDS, base).map_err(|field| {
        let what = match field {
            "contextViewId" => "must be a GUID",
            _ => "must be true or false",
        };
        object.fail(field, what.into())
    })
}

/// One options object, and the prefix its fields are named by in errors (`record.` for the
/// record's). Each way of reading is one function rather than one copy per option: the wasm
/// carries every option's read, though a mount runs it once.
struct Reader<'a> {
    object: Object,
    prefix: &'a str,
}

impl<'a> Reader<'a> {
    /// The object, or an error naming `field` when the value is not one.
    fn of(value: &JsValue, prefix: &'a str, field: &str) -> Result<Self, OptionError> {
        if value.is_object() && !value.is_function() {
            Ok(Self {
                object: value.clone().unchecked_into(),
                prefix,
            })
        } else {
            Err(OptionError::new(field, "must be an object"))
        }
    }

    /// The error of one of this object's fields.
    #[inline(never)]
    fn fail(&self, key: &str, reason: String) -> OptionError {
        OptionError::new(format!("{}{key}", self.prefix), reason)
    }

    /// The property's value, or `None` when it is absent, undefined or null.
    #[inline(never)]
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.object, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    #[inline(never)]
    fn required(&self, key: &str) -> Result<JsValue, OptionError> {
        self.get(key)
            .ok_or_else(|| self.fail(key, "is required".into()))
    }

    /// The value when it has the JavaScript type `what` names: `"5"` is not a number.
    #[inline(never)]
    fn typed<T>(
        &self,
        key: &str,
        what: &str,
        read: fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, OptionError> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => read(&value)
                .map(Some)
                .ok_or_else(|| self.fail(key, format!("must be {what}"))),
        }
    }

    fn text(&self, key: &str) -> Result<Option<String>, OptionError> {
        self.typed(key, "a string", JsValue::as_string)
    }

    fn required_text(&self, key: &str) -> Result<String, OptionError> {
        self.text(key)?
            .ok_or_else(|| self.fail(key, "is required".into()))
    }

    fn flag(&self, key: &str) -> Result<Option<bool>, OptionError> {
        self.typed(key, "true or false", JsValue::as_bool)
    }

    fn required_flag(&self, key: &str) -> Result<bool, OptionError> {
        self.flag(key)?
            .ok_or_else(|| self.fail(key, "is required".into()))
    }

    fn number(&self, key: &str) -> Result<Option<f64>, OptionError> {
        self.typed(key, "a number", JsValue::as_f64)
    }

    /// An array of strings, empty when absent.
    fn texts(&self, key: &str) -> Result<Vec<String>, OptionError> {
        self.typed(key, "an array of strings", |value| {
            if !Array::is_array(value) {
                return None;
            }
            Array::from(value)
                .iter()
                .map(|item| item.as_string())
                .collect()
        })
        .map(Option::unwrap_or_default)
    }

    /// `value` through `parse`, its error named after the field.
    #[inline(never)]
    fn check<T>(
        &self,
        key: &str,
        value: String,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<T, OptionError> {
        parse(&value).map_err(|e| self.fail(key, e))
    }

    /// A required string through `parse`.
    fn required_checked(
        &self,
        key: &str,
        parse: fn(&str) -> Result<String, String>,
    ) -> Result<String, OptionError> {
        let value = self.required_text(key)?;
        self.check(key, value, parse)
    }

    /// An optional string through `parse`; an empty one counts as absent.
    fn checked_text(
        &self,
        key: &str,
        parse: fn(&str) -> Result<String, String>,
    ) -> Result<Option<String>, OptionError> {
        self.text(key)?
            .filter(|s| !s.is_empty())
            .map(|s| self.check(key, s, parse))
            .transpose()
    }

    /// A poll interval in whole seconds, into `seconds` when present.
    fn interval(&self, key: &str, seconds: &mut u32) -> Result<(), OptionError> {
        if let Some(value) = self.number(key)? {
            *seconds = parse_interval(value).map_err(|e| self.number_error(key, e, value))?;
        }
        Ok(())
    }

    /// A number option's error, with the number as JavaScript writes it.
    fn number_error(&self, key: &str, message: String, value: f64) -> OptionError {
        let shown = js_sys::Number::from(value)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
        self.fail(key, format!("{message}, got {shown}"))
    }
}
