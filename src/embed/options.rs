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
    let object = as_object(value, "options")?;

    let record_value = required(&object, "record", "record")?;
    let record = as_object(&record_value, "record")?;
    let entity_name: String = required_typed(&record, "entityName", "record.entityName")?;
    let entity_name =
        parse_identifier(&entity_name).map_err(|e| OptionError::new("record.entityName", e))?;
    let raw_id: String = required_typed(&record, "id", "record.id")?;
    let id = parse_guid(&raw_id).ok_or_else(|| {
        OptionError::new("record.id", format!("must be a GUID, got \"{raw_id}\""))
    })?;
    let name: String = optional(&record, "name", "record.name")?.unwrap_or_default();
    let entity_set_name = optional::<String>(&record, "entitySetName", "record.entitySetName")?
        .filter(|s| !s.is_empty())
        .map(|s| parse_identifier(&s).map_err(|e| OptionError::new("record.entitySetName", e)))
        .transpose()?;

    let dataverse_url: String = required_typed(&object, "dataverseUrl", "dataverseUrl")?;
    let dataverse_url =
        parse_base_url(&dataverse_url).map_err(|e| OptionError::new("dataverseUrl", e))?;
    let graph_url: String = required_typed(&object, "graphUrl", "graphUrl")?;
    let graph_url = parse_base_url(&graph_url).map_err(|e| OptionError::new("graphUrl", e))?;

    let get_token = required(&object, "getToken", "getToken")?
        .dyn_into::<Function>()
        .map_err(|_| OptionError::new("getToken", "must be a function"))?;

    let theme = match optional::<String>(&object, "theme", "theme")? {
        Some(theme) => Theme::parse(&theme).map_err(|e| OptionError::new("theme", e))?,
        None => Theme::default(),
    };
    let mode = match optional::<String>(&object, "mode", "mode")? {
        Some(mode) => Mode::parse(&mode).map_err(|e| OptionError::new("mode", e))?,
        None => Mode::default(),
    };
    let flags = match get(&object, "flags") {
        None => None,
        Some(flags) => {
            let flags = as_object(&flags, "flags")?;
            Some(Flags {
                tenant_consent: required_typed(&flags, "tenantConsent", "flags.tenantConsent")?,
                instance_enabled: required_typed(
                    &flags,
                    "instanceEnabled",
                    "flags.instanceEnabled",
                )?,
            })
        }
    };
    let form_factor = optional::<f64>(&object, "formFactor", "formFactor")?
        .map(|code| parse_form_factor(code).map_err(|e| number_error("formFactor", e, code)))
        .transpose()?;
    let client = optional::<String>(&object, "client", "client")?.map(|c| Client::parse(&c));
    let locale = optional::<String>(&object, "locale", "locale")?.filter(|l| !l.is_empty());
    let teams_hosts =
        optional::<Vec<String>>(&object, "teamsHosts", "teamsHosts")?.unwrap_or_default();
    let presence_interval_seconds = interval(
        &object,
        "presenceIntervalSeconds",
        DEFAULT_PRESENCE_INTERVAL,
    )?;
    let chat_list_interval_seconds = interval(
        &object,
        "chatListIntervalSeconds",
        DEFAULT_CHAT_LIST_INTERVAL,
    )?;

    let messages_interval_seconds = interval(
        &object,
        "messagesIntervalSeconds",
        DEFAULT_MESSAGES_INTERVAL,
    )?;

    let options = Options {
        record: Record {
            entity_name,
            id,
            name,
            entity_set_name,
        },
        dataverse_url,
        graph_url,
        mode,
        flags,
        user_agent: optional(&object, "userAgent", "userAgent")?,
        form_factor,
        client,
        locale,
        theme,
        teams_hosts,
        presence_interval_seconds,
        chat_list_interval_seconds,
        messages_interval_seconds,
        show_title: optional(&object, "showTitle", "showTitle")?.unwrap_or(true),
        record_url: optional::<String>(&object, "recordUrl", "recordUrl")?
            .filter(|url| !url.is_empty())
            .map(|url| parse_record_url(&url).map_err(|e| OptionError::new("recordUrl", e)))
            .transpose()?,
        record_type_settings: get(&object, "recordTypeSettings")
            .map(|value| record_type_settings(&value))
            .transpose()?,
    };
    Ok((options, get_token))
}

/// `recordTypeSettings`: the settings row's fields in camelCase, each optional (an absent one
/// as where the table cannot be read), and `enabled` false for a type without an active row.
fn record_type_settings(value: &JsValue) -> Result<TypeSettings, OptionError> {
    let object = as_object(value, "recordTypeSettings")?;
    let base = TypeSettings {
        connects: optional(&object, "enabled", "recordTypeSettings.enabled")?.unwrap_or(true),
        ..TypeSettings::FALLBACK
    };
    let fields = crate::api::json::from_js_value(value).unwrap_or(crate::api::json::Value::Null);
    settings::from_fields(&fields, &settings::OPTION_FIELDS, base).map_err(|field| {
        let what = match field {
            "contextViewId" => "must be a GUID",
            _ => "must be true or false",
        };
        OptionError::new(format!("recordTypeSettings.{field}"), what)
    })
}

fn interval(object: &Object, key: &str, default: u32) -> Result<u32, OptionError> {
    match optional::<f64>(object, key, key)? {
        Some(seconds) => parse_interval(seconds).map_err(|e| number_error(key, e, seconds)),
        None => Ok(default),
    }
}

/// A number option's error, with the number as JavaScript writes it.
fn number_error(field: &str, message: String, value: f64) -> OptionError {
    let shown = js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    OptionError::new(field, format!("{message}, got {shown}"))
}

fn as_object(value: &JsValue, field: &str) -> Result<Object, OptionError> {
    if value.is_object() && !value.is_function() {
        Ok(value.clone().unchecked_into())
    } else {
        Err(OptionError::new(field, "must be an object"))
    }
}

/// The property's value, or `None` when it is absent, undefined or null.
fn get(object: &Object, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn required(object: &Object, key: &str, field: &str) -> Result<JsValue, OptionError> {
    get(object, key).ok_or_else(|| OptionError::new(field, "is required"))
}

fn required_typed<T: FromJs>(object: &Object, key: &str, field: &str) -> Result<T, OptionError> {
    typed(required(object, key, field)?, field)
}

fn optional<T: FromJs>(object: &Object, key: &str, field: &str) -> Result<Option<T>, OptionError> {
    get(object, key).map(|v| typed(v, field)).transpose()
}

fn typed<T: FromJs>(value: JsValue, field: &str) -> Result<T, OptionError> {
    T::from_js(&value).ok_or_else(|| OptionError::new(field, format!("must be {}", T::WHAT)))
}

/// An option's JavaScript type, read without conversion: `"5"` is not a number.
trait FromJs: Sized {
    /// What the option must be, for the error: "a string".
    const WHAT: &'static str;
    /// The value, when it has this type.
    fn from_js(value: &JsValue) -> Option<Self>;
}

impl FromJs for String {
    const WHAT: &'static str = "a string";
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

impl FromJs for bool {
    const WHAT: &'static str = "true or false";
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_bool()
    }
}

impl FromJs for f64 {
    const WHAT: &'static str = "a number";
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_f64()
    }
}

impl FromJs for Vec<String> {
    const WHAT: &'static str = "an array of strings";
    fn from_js(value: &JsValue) -> Option<Self> {
        if !Array::is_array(value) {
            return None;
        }
        Array::from(value)
            .iter()
            .map(|item| item.as_string())
            .collect()
    }
}
