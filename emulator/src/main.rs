//! `teams-collaborate-emulator [--host H] [--port P] [--db PATH] [--www DIR] [--pkg DIR]`

use std::net::SocketAddr;
use std::path::PathBuf;
use teams_collaborate_emulator::{app, db, AppState};

const USAGE: &str = "usage: teams-collaborate-emulator [--host 127.0.0.1] [--port 8080] \
[--spy-port PORT] [--db .emulator/emulator.sqlite | :memory:] [--www www] [--pkg pkg] \
[--replies on|off]";

#[tokio::main]
async fn main() {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let conn = match db::open(&config.db) {
        Ok(conn) => conn,
        Err(e) => {
            eprintln!("cannot open the database {}: {e}", config.db);
            std::process::exit(1);
        }
    };
    let addr = SocketAddr::new(config.host, config.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "teams-collaborate emulator listening on http://{addr}/ (database {})",
        config.db
    );
    // Other members reply now and then in the demo (a database file); not with `:memory:`, what
    // the browser tests use, unless asked.
    let replies = config.replies.unwrap_or(config.db != ":memory:");
    let state = AppState::new(conn, config.www, config.pkg).with_replies(replies);
    let router = app(state.clone());
    // The suggestions service runs beside the APIs, as the CRM's background service does.
    teams_collaborate_emulator::suggestions::spawn_worker(state.clone());
    teams_collaborate_emulator::replies::spawn_worker(state.clone());
    if let Some(spy_port) = config.spy_port {
        let spy_addr = SocketAddr::new(config.host, spy_port);
        match tokio::net::TcpListener::bind(spy_addr).await {
            Ok(spy) => {
                println!("spy listener (logs whatever reaches it) on http://{spy_addr}/");
                let spy_app = teams_collaborate_emulator::log::spy(state.clone());
                tokio::spawn(async move { axum::serve(spy, spy_app).await });
            }
            Err(e) => {
                eprintln!("cannot listen on {spy_addr}: {e}");
                std::process::exit(1);
            }
        }
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}

struct Config {
    host: std::net::IpAddr,
    port: u16,
    spy_port: Option<u16>,
    db: String,
    www: PathBuf,
    pkg: PathBuf,
    replies: Option<bool>,
}

impl Config {
    fn from_args(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut config = Config {
            host: [127, 0, 0, 1].into(),
            port: 8080,
            spy_port: None,
            db: ".emulator/emulator.sqlite".into(),
            www: root.join("www"),
            pkg: root.join("pkg"),
            replies: None,
        };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--host" => config.host = value()?.parse().map_err(|e| format!("--host: {e}"))?,
                "--port" => config.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
                "--spy-port" => {
                    config.spy_port =
                        Some(value()?.parse().map_err(|e| format!("--spy-port: {e}"))?)
                }
                "--db" => config.db = value()?,
                "--www" => config.www = value()?.into(),
                "--pkg" => config.pkg = value()?.into(),
                "--replies" => {
                    config.replies = match value()?.as_str() {
                        "on" => Some(true),
                        "off" => Some(false),
                        other => return Err(format!("--replies: on or off, not {other}")),
                    }
                }
                "-h" | "--help" => return Err("teams-collaborate emulator".into()),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(config)
    }
}
