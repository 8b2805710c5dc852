//! The emulator as a child process on a loopback port, in memory, stopped when dropped.

use crate::root;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running emulator; dropping it stops it, however the caller ends.
pub struct Emulator(Child);

impl Emulator {
    /// Starts `binary` on `port` with an in-memory database (plus `extra` arguments), serving
    /// this worktree's `www/` and `pkg/`, and waits until it answers.
    pub fn start(binary: &Path, port: u16, extra: &[&str]) -> Result<Self, String> {
        if healthy(port) {
            return Err(format!(
                "something already answers on 127.0.0.1:{port}; stop it and try again"
            ));
        }
        let child = Command::new(binary)
            .current_dir(root())
            .args(["--port", &port.to_string(), "--db", ":memory:"])
            .arg("--www")
            .arg(root().join("www"))
            .arg("--pkg")
            .arg(root().join("pkg"))
            .args(extra)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?;
        let emulator = Self(child);
        wait_until_healthy(port)?;
        Ok(emulator)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until_healthy(port: u16) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if healthy(port) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "the emulator did not answer on 127.0.0.1:{port} within 30 s"
    ))
}

/// True when the emulator's health route answers 200 on `port`.
fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.1 200")
}
