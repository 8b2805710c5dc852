//! The state every handler shares: the database, the folders served as static files, and the
//! finished router (for requests the emulator makes to itself).

use axum::Router;
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// Shared state: the database and the folders served as static files.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<Connection>>,
    pub(crate) www: PathBuf,
    pub(crate) pkg: PathBuf,
    /// The finished router, for `$batch` to run its parts through (set by `app`).
    router: Arc<OnceLock<Router>>,
    /// Whether other members reply on their own unless `/_emulator/replies` said otherwise.
    pub(crate) replies_by_default: bool,
}

impl AppState {
    /// State over an open database, serving `www` at `/` and `pkg` at `/pkg/`.
    pub fn new(conn: Connection, www: PathBuf, pkg: PathBuf) -> Self {
        Self {
            db: Arc::new(Mutex::new(conn)),
            www,
            pkg,
            router: Arc::new(OnceLock::new()),
            replies_by_default: false,
        }
    }

    /// The same state with replies on (or off) by default; see `replies`.
    pub fn with_replies(mut self, on: bool) -> Self {
        self.replies_by_default = on;
        self
    }

    /// The whole emulator's router, once `app` has built it.
    pub fn router(&self) -> Option<Router> {
        self.router.get().cloned()
    }

    /// Keeps the finished router for `$batch` and the suggestions service; the first one stays.
    pub(crate) fn keep_router(&self, router: Router) {
        let _ = self.router.set(router);
    }

    /// The database; a handler that panicked while holding it leaves it usable.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
