//! Microsoft Graph v1.0, the subset teams-collaborate uses, under `/graph/v1.0`.

mod answer;
pub mod batch;
mod caller;
pub(crate) mod chats;
mod cors;
pub(crate) mod messages;
mod teams;
mod users;

pub use answer::{error_body, fault_body, GraphError, GraphResult};
pub use caller::{Caller, AUDIENCE};
pub use cors::cors;
pub use teams::FOLDER_PROVISIONING_SETTING;

use crate::state::AppState;
use axum::extract::Request;
use axum::routing::{get, post};
use axum::Router;

/// The Graph routes; `nest` them under `/graph/v1.0`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(users::me))
        .route("/me/chats", get(chats::list))
        .route("/me/joinedTeams", get(teams::joined))
        .route("/chats", post(chats::create))
        .route("/chats/{chat}", get(chats::get))
        .route("/chats/{chat}/members", post(chats::add_member))
        .route(
            "/chats/{chat}/messages",
            get(messages::list).post(messages::send),
        )
        .route("/me/chats/{chat}/messages", get(messages::list))
        .route(
            "/chats/{chat}/messages/{message}",
            get(messages::get).patch(messages::update),
        )
        .route("/me/chats/{chat}/messages/{message}", get(messages::get))
        .route(
            "/chats/{chat}/messages/{message}/setReaction",
            post(messages::set_reaction),
        )
        .route(
            "/chats/{chat}/messages/{message}/unsetReaction",
            post(messages::unset_reaction),
        )
        .route(
            "/chats/{chat}/messages/{message}/hostedContents",
            get(messages::hosted_contents),
        )
        .route(
            "/chats/{chat}/messages/{message}/hostedContents/{hosted}",
            get(messages::hosted_content),
        )
        .route(
            "/chats/{chat}/messages/{message}/hostedContents/{hosted}/{value}",
            get(messages::hosted_content_value),
        )
        .route(
            "/chats/{chat}/markChatReadForUser",
            post(messages::mark_read),
        )
        .route(
            "/communications/getPresencesByUserId",
            post(users::presences),
        )
        .route("/organization", get(users::organization))
        .route("/users", get(users::list))
        .route("/users/{user}/photos/{size}/{value}", get(users::photo))
        .route("/users/{user}/photo/{value}", get(users::photo_as_stored))
        .route(
            "/users/{user}/licenseDetails/getTeamsLicensingDetails",
            get(users::teams_licensing),
        )
        .route("/teams", post(teams::create))
        .route("/teams/{team}", get(teams::get))
        .route(
            "/teams/{team}/channels",
            get(teams::channels).post(teams::create_channel),
        )
        .route("/teams/{team}/channels/{channel}", get(teams::channel))
        .route(
            "/teams/{team}/channels/{channel}/filesFolder",
            get(teams::files_folder),
        )
        .route("/teams/{team}/primaryChannel", get(teams::primary_channel))
        .route(
            "/teams/{team}/operations/{operation}",
            get(teams::operation),
        )
        .route("/$batch", post(batch::run))
        .fallback(unknown_segment)
}

async fn unknown_segment(request: Request) -> GraphError {
    let path = request.uri().path();
    let segment = path
        .trim_start_matches("/graph/v1.0")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    GraphError::bad_request(format!("Resource not found for the segment '{segment}'."))
}
