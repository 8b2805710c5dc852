//! A presence badge: what Graph's PascalCase presence means, what it reads as and how it looks.

use crate::api::graph::Presence;
use crate::text::Strings;

/// What a person's presence badge says; any value Graph adds later reads as unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    /// `Available`, `AvailableIdle`.
    Available,
    /// `Busy`, `BusyIdle`.
    Busy,
    /// `DoNotDisturb`.
    DoNotDisturb,
    /// `BeRightBack`.
    BeRightBack,
    /// `Away`.
    Away,
    /// `Offline`.
    Offline,
    /// The activity `OutOfOffice`, whatever the availability.
    OutOfOffice,
    /// Not known yet, `PresenceUnknown`, or a value this version does not know.
    Unknown,
}

impl Availability {
    /// Reads a presence (none yet reads as unknown).
    pub fn of(presence: Option<&Presence>) -> Self {
        Self::parse(
            presence.and_then(|p| p.availability.as_deref()),
            presence.and_then(|p| p.activity.as_deref()),
        )
    }

    /// Reads Graph's PascalCase `availability` and `activity`.
    pub fn parse(availability: Option<&str>, activity: Option<&str>) -> Self {
        if activity == Some("OutOfOffice") {
            return Self::OutOfOffice;
        }
        match availability {
            Some("Available" | "AvailableIdle") => Self::Available,
            Some("Busy" | "BusyIdle") => Self::Busy,
            Some("DoNotDisturb") => Self::DoNotDisturb,
            Some("BeRightBack") => Self::BeRightBack,
            Some("Away") => Self::Away,
            Some("Offline") => Self::Offline,
            _ => Self::Unknown,
        }
    }

    /// What the badge reads as, in the mount's language.
    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            Self::Available => t.presence_available,
            Self::Busy => t.presence_busy,
            Self::DoNotDisturb => t.presence_dnd,
            Self::BeRightBack => t.presence_brb,
            Self::Away => t.presence_away,
            Self::Offline => t.presence_offline,
            Self::OutOfOffice => t.presence_ooo,
            Self::Unknown => t.presence_unknown,
        }
    }

    /// The badge's style class (Teams colours do-not-disturb as busy and be-right-back as away).
    pub fn class(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Busy | Self::DoNotDisturb => "busy",
            Self::BeRightBack | Self::Away => "away",
            Self::OutOfOffice => "ooo",
            Self::Offline => "offline",
            Self::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{strings_for, EN};

    #[test]
    fn presence_labels() {
        let cases = [
            (Some("Available"), None, "Available", "available"),
            (Some("AvailableIdle"), None, "Available", "available"),
            (Some("Busy"), Some("InACall"), "Busy", "busy"),
            (Some("BusyIdle"), None, "Busy", "busy"),
            (
                Some("DoNotDisturb"),
                Some("Presenting"),
                "Do not disturb",
                "busy",
            ),
            (Some("BeRightBack"), None, "Be right back", "away"),
            (Some("Away"), None, "Away", "away"),
            (Some("Offline"), Some("OffWork"), "Offline", "offline"),
            (Some("PresenceUnknown"), None, "Presence unknown", "unknown"),
            (Some("SomethingNew"), None, "Presence unknown", "unknown"),
            (None, None, "Presence unknown", "unknown"),
            (Some("Away"), Some("OutOfOffice"), "Out of office", "ooo"),
        ];
        for (availability, activity, label, class) in cases {
            let read = Availability::parse(availability, activity);
            assert_eq!(read.label(&EN), label, "{availability:?} {activity:?}");
            assert_eq!(read.class(), class, "{availability:?} {activity:?}");
        }
        assert_eq!(Availability::of(None), Availability::Unknown);
    }

    #[test]
    fn the_class_does_not_depend_on_the_language() {
        let busy = Availability::parse(Some("Busy"), None);
        assert_eq!(busy.label(strings_for("de-DE")), "Beschäftigt");
        assert_eq!(busy.class(), "busy");
    }
}
