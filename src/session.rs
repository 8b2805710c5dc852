//! What a mount learned and every screen works with: the API, the record, the caller's rights
//! on the link tables, and the mount's language.

use crate::api::Api;
use crate::settings::TypeSettings;
use crate::text;
use crate::view::Rights;

/// What the pane works with: the API and what mount learned about the user and the record.
#[derive(Clone)]
pub struct Session {
    /// Base URLs, tokens, abort signal.
    pub api: Api,
    /// The record's GUID.
    pub record_id: String,
    /// The record's entity set name (`contacts`), from the host or read at mount.
    pub entity_set: Option<String>,
    /// The caller's `systemuserid` (`WhoAmI` at mount).
    pub user_id: Option<String>,
    /// The record's entity logical name (what a link row names).
    pub entity_name: String,
    /// The record's table's `ObjectTypeCode`, when read at mount (else read when a channel is
    /// connected).
    pub type_code: Option<i64>,
    /// Whether the caller may create chat link rows (and so connect a chat), read at mount.
    pub can_connect: bool,
    /// Whether the caller may write the chat link table (and so disconnect a chat), read at mount.
    pub can_disconnect: bool,
    /// Whether the caller may delete channel link rows (and so disconnect a channel).
    pub can_remove_channels: bool,
    /// The administrator's chat settings for the record's type.
    pub settings: TypeSettings,
    /// The mount's BCP 47 language: the host's `locale`, else the browser's.
    pub locale: String,
    /// Its strings: the one way components (through [`use_session`](crate::hooks::use_session)),
    /// loads and writes reach the language, so mounts in different languages share a page.
    pub strings: &'static text::Strings,
}

/// Two sessions are the same when everything but the language is equal and the language is the
/// same table (comparing the tables string by string would ship a comparison of every field).
impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.api == other.api
            && self.record_id == other.record_id
            && self.entity_set == other.entity_set
            && self.user_id == other.user_id
            && self.entity_name == other.entity_name
            && self.type_code == other.type_code
            && self.can_connect == other.can_connect
            && self.can_disconnect == other.can_disconnect
            && self.can_remove_channels == other.can_remove_channels
            && self.settings == other.settings
            && self.locale == other.locale
            && std::ptr::eq(self.strings, other.strings)
    }
}

impl Session {
    /// What the user may do, given whether they have append-to access on the record.
    pub fn rights(&self, append: bool) -> Rights {
        Rights {
            append,
            connect_chats: self.can_connect && self.settings.connects,
            disconnect_chats: self.can_disconnect,
            remove_channels: self.can_remove_channels,
        }
    }
}
