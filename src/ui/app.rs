//! The page's root component: header with the backend badge, panel tabs, and the worker wiring.

use std::rc::Rc;

use leptos::prelude::*;

use super::bridge::WorkerBridge;
use super::header::Header;
use super::panels::Panel;
use super::shell_state::ShellState;
use super::tabs::{PanelBody, PanelTabs};
use crate::worker::protocol::{Command, Event};

/// Mounts the page on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Sends commands to the worker; cheap to copy into every event handler.
#[derive(Clone, Copy)]
pub struct Commands {
    bridge: StoredValue<Option<Rc<WorkerBridge>>, LocalStorage>,
}

impl Commands {
    /// Sends each command in order.
    pub fn send(&self, commands: Vec<Command>) {
        self.bridge.with_value(|bridge| {
            if let Some(bridge) = bridge {
                for command in commands {
                    bridge.send(command);
                }
            }
        });
    }
}

#[component]
fn App() -> impl IntoView {
    let shell = RwSignal::new(ShellState::default());
    let commands = Commands {
        bridge: StoredValue::new_local(None),
    };
    let on_event = move |event: Event| {
        let follow_up = shell
            .try_update(|state| state.apply(event))
            .unwrap_or_default();
        commands.send(follow_up);
    };
    let on_crash = move |message: String| shell.update(|state| state.worker_failed(message));
    match WorkerBridge::spawn(on_event, on_crash) {
        Ok(bridge) => commands.bridge.set_value(Some(bridge)),
        Err(message) => shell.update(|state| state.worker_failed(message)),
    }
    provide_context(commands);
    let active = RwSignal::new(Panel::default());

    view! {
        <Header shell=shell />
        <main class="workspace">
            <PanelTabs active=active />
            {Panel::ALL.into_iter().map(|panel| view! { <PanelBody panel=panel active=active /> }).collect_view()}
        </main>
        <footer class="site-footer">
            <p>
                "Your images never leave this browser: everything is computed on your device. "
                "Method: Sinha et al., " <cite>"Negative Data Augmentation"</cite> ", ICLR 2021."
            </p>
        </footer>
    }
}
