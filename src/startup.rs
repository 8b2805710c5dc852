//! What a mount reads before it shows anything, and what it decides from it: the flags (from the
//! host, an earlier read, or Dataverse), `WhoAmI`, the entity set name, the caller's privileges
//! on the link tables, and the language. No JS types: `embed` only hands these to the browser.

use crate::api::{dataverse, Api, Error};
use crate::gate::FlagReads;
use crate::options::{Flags, Options, Record};
use crate::session::Session;
use crate::settings::TypeSettings;
use crate::text;

/// The privilege that lets the caller connect a chat: creating a row in the chat link table.
pub const CONNECT_CHATS: &str = "prvCreatemsdyn_teamschatassociation";
/// The privilege that lets the caller disconnect a chat: writing the (organization-owned) chat
/// link table.
pub const DISCONNECT_CHATS: &str = "prvWritemsdyn_teamschatassociation";
/// The privilege that lets the caller disconnect a channel, which deletes its row (named by the
/// channel link table's schema name).
pub const REMOVE_CHANNELS: &str = "prvDeletemsdyn_TeamsCollaboration";

/// What a mount knows: what one refresh found, or what earlier refreshes learned and keep (a
/// failed read is not kept, so the next refresh tries again).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Known {
    /// The flags: as one refresh read them, each on its own; kept only when both were read
    /// from Dataverse.
    pub flags: Option<FlagReads>,
    /// The caller's `systemuserid`.
    pub user_id: Option<String>,
    /// The record's entity set name.
    pub entity_set: Option<String>,
    /// The record's table's `ObjectTypeCode`, read with the entity set name.
    pub type_code: Option<i64>,
    /// What the caller's roles allow on the link tables.
    pub rights: Option<LinkRights>,
    /// The record type's chat settings: as read, or the fallback where the table is missing or
    /// unreadable (a failed read of another kind is not kept).
    pub settings: Option<TypeSettings>,
}

/// What the caller's security roles allow on the two link tables: Dataverse enforces both, and
/// the pane offers only what will go through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkRights {
    /// [`CONNECT_CHATS`].
    pub connect_chats: bool,
    /// [`DISCONNECT_CHATS`].
    pub disconnect_chats: bool,
    /// [`REMOVE_CHANNELS`].
    pub remove_channels: bool,
}

/// Where this refresh takes the flags from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagSource {
    /// Nowhere: the device is mobile and the component will not show, so nothing is read.
    Skip,
    /// The host passed them (or an earlier refresh read them): no request.
    Known(FlagReads),
    /// Dataverse, both in parallel.
    Read,
}

/// What one refresh found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// What it read or already knew; no flags when nothing was read (a mobile device).
    pub facts: Known,
    /// The flags that could not be read, with why: the component stays hidden and says so once.
    pub failures: Vec<(&'static str, Error)>,
    /// Why the record type's settings could not be read: the fallback applies, and one warning
    /// says so.
    pub settings_failure: Option<Error>,
}

/// The host's flags win, then flags read earlier; a mobile device reads nothing.
pub fn flag_source(mobile: bool, host: Option<Flags>, known: Option<FlagReads>) -> FlagSource {
    match (mobile, host, known) {
        (true, _, _) => FlagSource::Skip,
        (false, Some(flags), _) => FlagSource::Known(FlagReads {
            tenant_consent: Some(flags.tenant_consent),
            instance_enabled: Some(flags.instance_enabled),
        }),
        (false, None, Some(flags)) => FlagSource::Known(flags),
        (false, None, None) => FlagSource::Read,
    }
}

/// Reads what the mount needs, in one round: the flags, and beside them `WhoAmI` (then the three
/// privileges), the entity set name (with the object type code) and the record type's chat
/// settings, each only when not known already (nor, for the settings, passed by the host).
pub async fn read(api: &Api, options: &Options, mobile: bool, known: &Known) -> Found {
    let source = flag_source(mobile, options.flags, known.flags);
    if mobile {
        return Found::default();
    }
    let user = async {
        let user = match &known.user_id {
            Some(user) => Some(user.clone()),
            None => dataverse::who_am_i(api).await.ok(),
        };
        let rights = match (&user, known.rights) {
            (Some(_), Some(rights)) => Some(rights),
            (Some(user), None) => {
                let (connect, disconnect, channels) = futures::join!(
                    dataverse::has_privilege(api, user, CONNECT_CHATS),
                    dataverse::has_privilege(api, user, DISCONNECT_CHATS),
                    dataverse::has_privilege(api, user, REMOVE_CHANNELS)
                );
                match (connect, disconnect, channels) {
                    (Ok(connect_chats), Ok(disconnect_chats), Ok(remove_channels)) => {
                        Some(LinkRights {
                            connect_chats,
                            disconnect_chats,
                            remove_channels,
                        })
                    }
                    _ => None,
                }
            }
            (None, _) => None,
        };
        (user, rights)
    };
    let entity = async {
        match entity_set_known(options, known) {
            Some(set) => (Some(set), known.type_code),
            None => match dataverse::entity_definition(api, &options.record.entity_name).await {
                Ok(found) => (Some(found.set_name), Some(found.type_code)),
                Err(_) => (None, None),
            },
        }
    };
    let flags = async {
        match source {
            FlagSource::Skip => (None, Vec::new()),
            FlagSource::Known(flags) => (Some(flags), Vec::new()),
            FlagSource::Read => {
                let (tenant, instance) = futures::join!(
                    dataverse::read_tenant_consent(api),
                    dataverse::read_instance_enabled(api)
                );
                let mut failures = Vec::new();
                if let Err(error) = &tenant {
                    failures.push((TENANT_FLAG, error.clone()));
                }
                if let Err(error) = &instance {
                    failures.push((INSTANCE_FLAG, error.clone()));
                }
                let flags = FlagReads {
                    tenant_consent: tenant.ok(),
                    instance_enabled: instance.ok(),
                };
                (Some(flags), failures)
            }
        }
    };
    let settings = async {
        match (&options.record_type_settings, &known.settings) {
            (Some(_), _) => (None, None),
            (None, Some(settings)) => (Some(settings.clone()), None),
            (None, None) => {
                match dataverse::chat_settings(api, &options.record.entity_name).await {
                    Ok(settings) => (Some(settings), None),
                    Err(error) if dataverse::settings_absent(&error) => {
                        (Some(TypeSettings::FALLBACK), Some(error))
                    }
                    Err(error) => (None, Some(error)),
                }
            }
        }
    };
    let (
        (flags, failures),
        (user_id, rights),
        (entity_set, type_code),
        (settings, settings_failure),
    ) = futures::join!(flags, user, entity, settings);
    Found {
        facts: Known {
            flags,
            user_id,
            entity_set,
            type_code,
            rights,
            settings,
        },
        failures,
        settings_failure,
    }
}

/// The flags as the gate sees them: nothing read counts as unreadable (it fails closed).
pub fn gate_flags(found: &Found) -> FlagReads {
    found.facts.flags.unwrap_or(FlagReads {
        tenant_consent: None,
        instance_enabled: None,
    })
}

impl Known {
    /// Keeps what a refresh learned. Flags are kept only when both were read from Dataverse
    /// (the host's are not ours to keep, and a failure must be read again); a mobile refresh
    /// reads nothing and forgets nothing.
    pub fn learn(&mut self, found: &Found, host_flags: bool) {
        let found = &found.facts;
        if let Some(flags) = found
            .flags
            .filter(|f| !host_flags && f.tenant_consent.is_some() && f.instance_enabled.is_some())
        {
            self.flags = Some(flags);
        }
        if found.user_id.is_some() {
            self.user_id = found.user_id.clone();
        }
        if found.entity_set.is_some() {
            self.entity_set = found.entity_set.clone();
        }
        if found.type_code.is_some() {
            self.type_code = found.type_code;
        }
        if found.rights.is_some() {
            self.rights = found.rights;
        }
        if found.settings.is_some() {
            self.settings = found.settings.clone();
        }
    }
}

/// The mount's language: the host's `locale`, else the browser's, else English.
pub fn locale(option: Option<&str>, browser: Option<String>) -> String {
    option
        .map(str::to_owned)
        .or(browser)
        .unwrap_or_else(|| "en".to_owned())
}

/// What the pane works with, from the options and what the mount knows now.
pub fn session(api: Api, options: &Options, known: &Known, locale: String) -> Session {
    let rights = known.rights;
    Session {
        strings: text::strings_for(&locale),
        locale,
        api,
        record_id: options.record.id.clone(),
        entity_set: entity_set_known(options, known),
        user_id: known.user_id.clone(),
        entity_name: options.record.entity_name.clone(),
        type_code: known.type_code,
        can_connect: rights.is_some_and(|r| r.connect_chats),
        can_disconnect: rights.is_some_and(|r| r.disconnect_chats),
        can_remove_channels: rights.is_some_and(|r| r.remove_channels),
        settings: options
            .record_type_settings
            .clone()
            .or_else(|| known.settings.clone())
            .unwrap_or(TypeSettings::FALLBACK),
    }
}

const TENANT_FLAG: &str = "organizations.ismsteamscollaborationenabled";
const INSTANCE_FLAG: &str = "msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled";

/// What a mount still knows after `update` moved it from record `was` to `now` (and, with
/// `new_token`, to another `getToken` function, which may sign in another user), and whether the
/// rows it kept for a reopen must go: they belong to one record and one user. An update that
/// passes the same options with another theme or language keeps everything.
pub fn after_update(known: &Known, was: &Record, now: &Record, new_token: bool) -> (Known, bool) {
    let mut kept = known.clone();
    if was.entity_name != now.entity_name || was.entity_set_name != now.entity_set_name {
        kept.entity_set = None;
        kept.type_code = None;
        kept.settings = None;
    }
    if new_token {
        kept.user_id = None;
        kept.rights = None;
    }
    (kept, was != now || new_token)
}

/// The entity set name the host passed, else the one read earlier.
fn entity_set_known(options: &Options, known: &Known) -> Option<String> {
    options
        .record
        .entity_set_name
        .clone()
        .or_else(|| known.entity_set.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_forgets_what_belongs_to_another_table_or_user() {
        let contact = Record {
            entity_name: "contact".into(),
            id: "a".into(),
            name: "Ava".into(),
            entity_set_name: None,
        };
        let known = Known {
            user_id: Some("u".into()),
            entity_set: Some("contacts".into()),
            type_code: Some(2),
            ..Known::default()
        };
        let other_contact = Record {
            id: "b".into(),
            ..contact.clone()
        };
        let (kept, forget) = after_update(&known, &contact, &other_contact, false);
        assert_eq!(kept.entity_set.as_deref(), Some("contacts"));
        assert_eq!(kept.user_id.as_deref(), Some("u"));
        assert!(forget, "another record's rows are not this one's");
        let account = Record {
            entity_name: "account".into(),
            ..other_contact.clone()
        };
        let (kept, _) = after_update(&known, &contact, &account, false);
        assert_eq!((kept.entity_set, kept.type_code), (None, None));
        let (kept, forget) = after_update(&known, &contact, &contact, true);
        assert_eq!(
            kept.user_id, None,
            "a new getToken may sign in another user"
        );
        assert_eq!(kept.entity_set.as_deref(), Some("contacts"));
        assert!(forget, "and the rows go with the user");
        let (_, forget) = after_update(&known, &contact, &contact, false);
        assert!(!forget, "a theme change keeps the rows");
    }

    fn found(facts: Known) -> Found {
        Found {
            facts,
            failures: Vec::new(),
            settings_failure: None,
        }
    }

    const BOTH: FlagReads = FlagReads {
        tenant_consent: Some(true),
        instance_enabled: Some(false),
    };

    #[test]
    fn the_host_flags_win_then_the_ones_read_before_and_a_phone_reads_nothing() {
        let host = Flags {
            tenant_consent: true,
            instance_enabled: true,
        };
        let from_host = FlagReads {
            tenant_consent: Some(true),
            instance_enabled: Some(true),
        };
        assert_eq!(flag_source(true, Some(host), Some(BOTH)), FlagSource::Skip);
        assert_eq!(
            flag_source(false, Some(host), Some(BOTH)),
            FlagSource::Known(from_host)
        );
        assert_eq!(
            flag_source(false, None, Some(BOTH)),
            FlagSource::Known(BOTH)
        );
        assert_eq!(flag_source(false, None, None), FlagSource::Read);
    }

    #[test]
    fn only_flags_read_whole_from_dataverse_are_kept() {
        let mut known = Known::default();
        let half = found(Known {
            flags: Some(FlagReads {
                tenant_consent: Some(true),
                instance_enabled: None,
            }),
            ..Known::default()
        });
        known.learn(&half, false);
        assert_eq!(known.flags, None, "a failed read is read again next time");
        let whole = found(Known {
            flags: Some(BOTH),
            ..Known::default()
        });
        known.learn(&whole, true);
        assert_eq!(known.flags, None, "the host's flags are not ours to keep");
        known.learn(&whole, false);
        assert_eq!(known.flags, Some(BOTH));
    }

    #[test]
    fn a_refresh_that_learned_nothing_forgets_nothing() {
        let rights = LinkRights {
            connect_chats: true,
            disconnect_chats: true,
            remove_channels: false,
        };
        let mut known = Known::default();
        let everything = found(Known {
            flags: None,
            user_id: Some("u".into()),
            entity_set: Some("contacts".into()),
            type_code: Some(2),
            rights: Some(rights),
            settings: Some(TypeSettings::OFF),
        });
        known.learn(&everything, false);
        let before = known.clone();
        known.learn(&Found::default(), false);
        assert_eq!(known, before);
    }

    #[test]
    fn nothing_read_is_unreadable_to_the_gate() {
        let flags = gate_flags(&Found::default());
        assert_eq!((flags.tenant_consent, flags.instance_enabled), (None, None));
    }

    #[test]
    fn the_language_is_the_hosts_then_the_browsers_then_english() {
        assert_eq!(locale(Some("de-DE"), Some("fr".into())), "de-DE");
        assert_eq!(locale(None, Some("fr".into())), "fr");
        assert_eq!(locale(None, None), "en");
    }
}
