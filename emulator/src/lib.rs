//! A local stand-in for the parts of Microsoft Graph and Dataverse that teams-collaborate uses,
//! plus the demo page. `app()` builds the whole router, so tests can call it without a socket.

pub mod clock;
pub mod consent;
pub mod control;
pub mod conversations;
pub mod dataverse;
pub mod db;
pub mod error;
mod faults;
pub mod graph;
pub mod identity;
pub mod log;
pub mod messages;
mod photo;
pub mod replies;
pub mod seed;
mod state;
pub mod suggestions;
mod wire;

use axum::http::{header, HeaderName, Method};
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub use state::AppState;

/// The whole emulator: Graph, Dataverse, the token endpoint, test controls and static files,
/// each API with its own CORS, fault injection and the request log.
pub fn app(state: AppState) -> Router {
    let dataverse_side = Router::new()
        .nest("/dataverse/{instance}/api/data/v9.2", dataverse::router())
        .route(
            "/dataverse/{instance}/session",
            post(dataverse::start_session).delete(dataverse::end_session),
        )
        .route("/{tenant}/oauth2/v2.0/token", post(identity::token))
        .route(
            "/{tenant}/adminconsent",
            get(consent::page).post(consent::submit),
        )
        .nest("/_emulator", control::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(cors());
    let graph_side = Router::new()
        .nest("/graph/v1.0", graph::router())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), graph::cors));
    // ServeDir answers `/` with index.html and anything unknown with 404, never with the page.
    // The built component may be imported by pages of other origins (tests, a CRM dev page).
    let package = Router::new()
        .nest_service("/pkg", ServeDir::new(&state.pkg))
        .layer(
            CorsLayer::new()
                .allow_origin(tower_http::cors::Any)
                .allow_methods([Method::GET]),
        );
    let router = dataverse_side
        .merge(graph_side)
        .merge(package)
        .fallback_service(ServeDir::new(&state.www))
        .layer(middleware::from_fn_with_state(state.clone(), log::record))
        .with_state(state.clone());
    state.keep_router(router.clone());
    router
}

/// CORS the way Dataverse answers a registered origin: the origin mirrored, with credentials,
/// so the component can call from a test page on another port or with a session cookie.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::ACCEPT,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            HeaderName::from_static("odata-version"),
            HeaderName::from_static("odata-maxversion"),
            HeaderName::from_static("prefer"),
        ])
        .expose_headers([
            HeaderName::from_static("odata-entityid"),
            HeaderName::from_static("odata-version"),
        ])
}
