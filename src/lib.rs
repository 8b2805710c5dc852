//! # teams-collaborate
//!
//! Microsoft Teams chats inside a CRM record form: a Yew component compiled to WebAssembly that
//! renders a **Collaborate** button and, behind it, a pane of the record's chats. It hides itself
//! when the tenant has not consented, the instance has not turned it on, or the device is mobile.
//!
//! ```js
//! import init, { mount } from './pkg/teams_collaborate.js';
//! await init(); // also defines <teams-collaborate>
//! const handle = mount(document.querySelector('#slot'), {
//!   record: { entityName: 'contact', id: '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13', name: 'Ava Reyes' },
//!   dataverseUrl: 'https://org.crm.dynamics.com',
//!   graphUrl: 'https://graph.microsoft.com/v1.0',
//!   getToken: async (resource, { forceRefresh }) => acquireToken(resource, forceRefresh),
//! });
//! ```

//!
//! How it is built: `embed` is the JS boundary; `startup` and `gate` decide what a mount reads
//! and whether it shows; `api` speaks Graph and Dataverse. Every screen of the pane has the same
//! four parts: its reducer in `state`, what it asks for in `load`, what it writes in `writes`,
//! and thin `components` (with their effects in `hooks`); `view` turns state into rows and the
//! actions they offer, and `text` holds the strings and text helpers.

pub mod api;
pub mod components;
pub mod embed;
pub mod gate;
pub mod hooks;
pub mod keyed;
pub mod links;
pub mod load;
pub mod options;
pub mod session;
pub mod settings;
pub mod startup;
pub mod state;
pub mod text;
pub mod view;
pub mod writes;

/// Runs `task` on the page's event loop. Every task goes through one boxed, non-generic call,
/// so a call site costs a box rather than its own copy of the executor's code in the wasm.
pub fn spawn(task: impl std::future::Future<Output = ()> + 'static) {
    spawn_boxed(Box::pin(task));
}

#[inline(never)]
fn spawn_boxed(task: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(task);
}

pub use embed::{mount, Handle};

/// Talc in place of std's dlmalloc: a drop-in allocator for single-threaded wasm that is smaller
/// (3.5 KB gzipped less) and faster (its authors' wasm benchmarks).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
