//! A connected channel's row: "Team > Channel" with today's names from Graph, else the names
//! stored with the link; a team or channel gone from Teams says so and cannot be opened.

use super::{Row, RowKey, RowKind};
use crate::api::graph::ChannelNames;
use crate::state::Channel;
use crate::text::Strings;

/// The row of a connected channel.
pub fn channel_row(channel: &Channel, t: &Strings) -> Row {
    let link = &channel.link;
    let stored = |value: &Option<String>| value.clone().unwrap_or_else(|| "?".into());
    let stored_title = || {
        format!(
            "{} > {}",
            stored(&link.team_name),
            stored(&link.channel_name)
        )
    };
    let (title, preview, web_url) = match &channel.names {
        ChannelNames::Found {
            team,
            channel: name,
            web_url,
        } => (
            format!("{team} > {name}"),
            None,
            web_url.clone().or_else(|| link.web_url.clone()),
        ),
        ChannelNames::Missing => (stored_title(), Some(t.channel_missing.to_owned()), None),
        ChannelNames::Unknown => (stored_title(), None, link.web_url.clone()),
    };
    Row {
        key: RowKey::Channel(link.id.clone()),
        kind: RowKind::Channel,
        title,
        preview,
        time: None,
        unread: false,
        person: None,
        guest: false,
        web_url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dataverse::ChannelLink;
    use crate::text::EN;

    fn channel(names: ChannelNames) -> Channel {
        Channel {
            link: ChannelLink {
                id: "l1".into(),
                team_id: Some("t".into()),
                channel_id: Some("c".into()),
                team_name: Some("Sales (stored)".into()),
                channel_name: None,
                web_url: Some("https://teams.microsoft.com/l/channel/stored".into()),
            },
            names,
        }
    }

    #[test]
    fn names_from_graph_win_over_the_stored_ones() {
        let row = channel_row(
            &channel(ChannelNames::Found {
                team: "Contoso Sales".into(),
                channel: "Key accounts".into(),
                web_url: None,
            }),
            &EN,
        );
        assert_eq!(row.title, "Contoso Sales > Key accounts");
        assert_eq!(row.key, RowKey::Channel("l1".into()));
        assert_eq!(row.kind, RowKind::Channel);
        assert_eq!(
            row.web_url.as_deref(),
            Some("https://teams.microsoft.com/l/channel/stored"),
            "the stored link when Graph gave none"
        );
    }

    #[test]
    fn a_channel_gone_from_teams_says_so_and_has_no_link() {
        let row = channel_row(&channel(ChannelNames::Missing), &EN);
        assert_eq!(row.title, "Sales (stored) > ?");
        assert_eq!(row.preview.as_deref(), Some(EN.channel_missing));
        assert_eq!(row.web_url, None);
        let row = channel_row(&channel(ChannelNames::Unknown), &EN);
        assert_eq!(
            row.preview, None,
            "Graph could not say: no claim either way"
        );
        assert!(row.web_url.is_some());
    }
}
