//! The page's root component: header with the backend badge, panel tabs, and the worker wiring.

use std::rc::Rc;

use leptos::prelude::*;

use super::bridge::WorkerBridge;
use super::data_panel::DataPanel;
use super::data_state::DataState;
use super::gallery_panel::GalleryPanel;
use super::gallery_state::GalleryState;
use super::gan_panel::GanPanel;
use super::gan_state::GanState;
use super::header::Header;
use super::panels::Panel;
use super::shell_state::ShellState;
use super::tabs::{PanelBody, PanelTabs};
use crate::worker::protocol::{Command, Event};

/// The page's view-models, one signal each so a gallery update never redraws the header.
#[derive(Clone, Copy)]
struct PageSignals {
    shell: RwSignal<ShellState>,
    data: RwSignal<DataState>,
    gallery: RwSignal<GalleryState>,
    gan: RwSignal<GanState>,
}

impl PageSignals {
    /// Routes one worker event to the view-model it concerns; returns the commands that follow.
    fn apply(self, event: Event) -> Vec<Command> {
        let mut follow_up = Vec::new();
        let first_backend = matches!(event, Event::BackendReady(_))
            && self
                .data
                .with_untracked(|data| data.summary.is_none() && !data.busy);
        let dataset_changed = matches!(event, Event::DatasetChanged(Some(_)));
        // Only the view-models an event concerns are touched: an update re-renders every view of
        // that signal and would, say, reset a number field the user is typing in.
        match &event {
            Event::DatasetChanged(_) | Event::UploadsProcessed { .. } => {
                self.data.update(|data| data.apply(&event));
            }
            Event::GalleryRendered { .. } => self.gallery.update(|gallery| gallery.apply(&event)),
            Event::GanStatus(_)
            | Event::GanProgress(_)
            | Event::GanSnapshot(_)
            | Event::GanSamples(_) => self.gan.update(|gan| gan.apply(&event)),
            Event::Failed { .. } => {
                self.data.update(|data| data.apply(&event));
                self.gallery.update(|gallery| gallery.apply(&event));
                self.gan.update(|gan| gan.apply(&event));
            }
            _ => {}
        }
        follow_up.extend(
            self.shell
                .try_update(|shell| shell.apply(event))
                .unwrap_or_default(),
        );
        if first_backend {
            // The page opens on the default built-in set: nothing to upload before trying NDA.
            follow_up.extend(self.data.try_update(DataState::load_builtin).flatten());
        }
        if dataset_changed {
            follow_up.extend(self.gallery.try_update(GalleryState::render));
        }
        follow_up
    }
}

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
    let signals = PageSignals {
        shell: RwSignal::new(ShellState::default()),
        data: RwSignal::new(DataState::default()),
        gallery: RwSignal::new(GalleryState::default()),
        gan: RwSignal::new(GanState::default()),
    };
    let shell = signals.shell;
    let commands = Commands {
        bridge: StoredValue::new_local(None),
    };
    let on_event = move |event: Event| commands.send(signals.apply(event));
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
            <PanelBody panel=Panel::Data active=active>
                <DataPanel data=signals.data />
            </PanelBody>
            <PanelBody panel=Panel::Augmentations active=active>
                <GalleryPanel gallery=signals.gallery />
            </PanelBody>
            <PanelBody panel=Panel::Gan active=active>
                <GanPanel gan=signals.gan gallery=signals.gallery data=signals.data shell=signals.shell />
            </PanelBody>
            {[Panel::Contrastive, Panel::Experiments]
                .into_iter()
                .map(|panel| view! { <PanelBody panel=panel active=active /> })
                .collect_view()}
        </main>
        <footer class="site-footer">
            <p>
                "Your images never leave this browser: everything is computed on your device. "
                "Method: Sinha et al., " <cite>"Negative Data Augmentation"</cite> ", ICLR 2021."
            </p>
        </footer>
    }
}
