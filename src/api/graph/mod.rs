//! Microsoft Graph v1.0 calls and their wire types, written against Microsoft's documentation:
//! one module per area, each wire type with its `FromJson` beside it.

mod chats;
mod messages;
mod people;
mod teams;

pub use chats::*;
pub use messages::*;
pub use people::*;
pub use teams::*;

/// Helpers the area modules' tests share.
#[cfg(test)]
mod testing {
    use super::Participant;
    use crate::api::json::{self, Value};

    /// A request body as `serde_json`, to index into.
    pub fn as_json(value: &Value) -> serde_json::Value {
        serde_json::from_str(&json::to_string(value)).unwrap()
    }

    /// Someone picked for a new chat, named after their id.
    pub fn person(id: &str, guest: bool) -> Participant {
        Participant {
            id: id.into(),
            name: id.into(),
            guest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{as_json, person};
    use super::*;

    #[test]
    fn guests_are_read_from_user_type_and_member_roles() {
        let people = parse_people(r#"{"value":[{"id":"kai","userType":"Guest"},{"id":"ava","userType":"Member"},{"id":"lee"}]}"#).unwrap();
        let guests: Vec<bool> = people.iter().map(|p| p.guest).collect();
        assert_eq!(guests, [true, false, false]);
        let chat = parse_chat(r#"{"id":"c","chatType":"oneOnOne","members":[{"userId":"kai","roles":["guest"]},{"userId":"me","roles":["owner"]},{"userId":"odd","roles":[1]}]}"#).unwrap();
        let guests: Vec<bool> = chat.members.iter().map(|m| m.guest).collect();
        assert_eq!(
            guests,
            [true, false, false],
            "odd roles do not drop the member"
        );
    }

    #[test]
    fn bodies_bind_through_the_graph_root_in_use() {
        let root = "https://graph.microsoft.us/v1.0/";
        let chat = as_json(&chat_body(
            root,
            "me-id",
            &[person("ava-id", false)],
            " Renewal ",
        ));
        assert_eq!(chat["chatType"], "group");
        assert_eq!(chat["topic"], "Renewal");
        let binds: Vec<&str> = chat["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["user@odata.bind"].as_str().unwrap())
            .collect();
        assert_eq!(
            binds,
            [
                "https://graph.microsoft.us/v1.0/users('me-id')",
                "https://graph.microsoft.us/v1.0/users('ava-id')"
            ]
        );
        let team = as_json(&team_body(root, "Ava team"));
        assert_eq!(
            team["template@odata.bind"],
            "https://graph.microsoft.us/v1.0/teamsTemplates('standard')"
        );
        assert_eq!(team["displayName"], "Ava team");
    }
}
