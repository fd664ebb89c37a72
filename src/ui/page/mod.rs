//! The page's decisions, natively tested: which view-model an event of the worker concerns and
//! which commands follow it ([`Page::apply`], `routing.rs`), when a run is saved (autosave),
//! opening a shared link or file, snapshotting every control into a link, starting a GAN run
//! and fitting the defaults to a CPU. The browser's `app.rs` only mounts and lays out, and
//! carries out the few [`PageEffect`]s only a browser can (downloads, the browser's storage).

pub mod cell;
mod routing;
mod task_panels;
#[cfg(test)]
mod tests;

use cell::Cell as _;
use cell::Store;

pub use routing::{PageEffect, Reaction};

/// The page in the browser: its view-models in Leptos signals.
#[cfg(target_arch = "wasm32")]
pub type PageSignals = Page<cell::Signals>;

use super::contrastive::anomaly::state::ContrastiveAnomalyState;
use super::contrastive::state::ContrastiveState;
use super::contrastive::walk::state::ContrastiveWalkState;
use super::cpu_defaults;
use super::data_state::DataState;
use super::evaluation::state::EvaluationState;
use super::experiment_state::{
    ExperimentsState, backend_preference, open_panel, page_panel, restore, snapshot,
};
use super::experiment_text::describe;
use super::gallery_state::GalleryState;
use super::gan::state::GanState;
use super::looking::state::LookingState;
use super::panels::Panel;
use super::shell_state::ShellState;
use super::step_walk::state::WalkState;
use super::study::plan::opened_study_note;
use super::study::state::StudyState;
use super::video::training_state::VideoTrainingState;
use crate::experiment::{DatasetChoice, ExperimentConfig, OpenPanel, SharedPage};
use nda_protocol::{BackendPreference, Command};

/// The page's view-models, one cell each (a signal in the browser).
pub struct Page<S: Store> {
    /// The header: backend, device check, speed, worker faults.
    pub shell: S::Cell<ShellState>,
    /// The Data panel's state.
    pub data: S::Cell<DataState>,
    /// The Augmentations panel's state.
    pub gallery: S::Cell<GalleryState>,
    /// The GAN panel's state.
    pub gan: S::Cell<GanState>,
    /// The Contrastive panel's state.
    pub contrastive: S::Cell<ContrastiveState>,
    /// The GAN panel's evaluation section.
    pub evaluation: S::Cell<EvaluationState>,
    /// The Experiments panel's study section.
    pub study: S::Cell<StudyState>,
    /// The Contrastive panel's anomaly detection section.
    pub anomaly: S::Cell<ContrastiveAnomalyState>,
    /// The GAN panel's "What D looks at".
    pub looking: S::Cell<LookingState>,
    /// The GAN panel's "Explain one step".
    pub walk: S::Cell<WalkState>,
    /// The Contrastive panel's "Explain one step".
    pub contrastive_walk: S::Cell<ContrastiveWalkState>,
    /// The Video panel's training.
    pub video: S::Cell<VideoTrainingState>,
    /// The open panel.
    pub active: S::Cell<Panel>,
    /// Hidden controls, the last link, what was opened, the saved runs.
    pub experiments: S::Cell<ExperimentsState>,
}

impl<S: Store> Clone for Page<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: Store> Copy for Page<S> {}

impl<S: Store> Page<S> {
    /// Every control as one shareable page.
    pub fn snapshot(self) -> SharedPage {
        let (hidden, open_on) = self
            .experiments
            .peek(|state| (state.hidden.clone(), state.open_on));
        let mut page = self.data.peek(|data| {
            self.gallery.peek(|gallery| {
                self.gan.peek(|gan| {
                    self.contrastive.peek(|contrastive| {
                        self.shell.peek(|shell| {
                            snapshot(data, gallery, gan, contrastive, shell, open_on, &hidden)
                        })
                    })
                })
            })
        });
        page.config.evaluation = self
            .evaluation
            .peek(|evaluation| evaluation.settings.clone());
        page.config.video = self.video.peek(|video| video.experiment.clone());
        page.walk = self.walk.peek(WalkState::link_stage);
        page.lesson = self.experiments.peek(|state| state.lesson.clone());
        // A study set up in the form travels with the link and file; an untouched form adds
        // nothing.
        let study = self.study.peek(|state| state.link_settings(&page.config));
        if let Some((task, study)) = study {
            page.config.task = task;
            page.config.study = study;
        }
        page
    }

    /// Starts the GAN panel's runs with its settings (NDA only, or next to the baseline): the
    /// command, or `None` with the reason shown in the panel.
    pub fn start_gan(self, compare: bool) -> Option<Command> {
        let settings = self.gallery.peek(|gallery| gallery.settings.clone());
        let evaluation = self
            .evaluation
            .peek(|evaluation| evaluation.settings.clone());
        let command = self.data.peek(|data| {
            self.gan
                .change(|state| state.start(compare, &settings, &evaluation, data.summary.as_ref()))
        });
        if command.is_some() {
            self.evaluation.change(EvaluationState::clear);
        }
        command
    }

    /// Writes a shared page into every control, opens its panel and says where it came from.
    /// Sends nothing: callers decide whether its data set and device are loaded.
    pub fn show_shared(self, page: &SharedPage, source: &str) {
        self.shell.change(|shell| {
            shell.settings_given = true;
            shell.cpu_sized = false;
        });
        self.data.change(|data| {
            self.gallery.change(|gallery| {
                self.gan.change(|gan| {
                    self.contrastive
                        .change(|contrastive| restore(page, data, gallery, gan, contrastive))
                })
            })
        });
        self.evaluation
            .change(|evaluation| evaluation.settings = page.config.evaluation.clone());
        self.video.change(|video| {
            video.experiment = page.config.video.clone();
            video.form_error = None;
        });
        self.study.change(|study| study.adopt(&page.config));
        self.experiments.change(|state| {
            state.expected_fingerprint = match &page.config.dataset {
                DatasetChoice::Uploaded { fingerprint, .. } => Some(fingerprint.clone()),
                DatasetChoice::Builtin(_) => None,
            };
            state.hidden = page.hidden.clone();
            state.opened = Some(format!(
                "{source}: {}{}",
                describe(page),
                opened_study_note(&page.config)
            ));
            state.error = None;
            state.lesson = page.lesson.clone();
        });
        let unknown_stage = self.walk.change(|walk| walk.open_at(page.walk.as_deref()));
        if let Some(note) = unknown_stage {
            self.experiments.change(|state| {
                if let Some(opened) = &mut state.opened {
                    opened.push_str(&note);
                }
            });
        }
        let panel = page_panel(page.panel);
        self.active.change(|active| *active = panel);
        self.remember_panel(panel);
    }

    /// A link opens on the panel it was made from: the last one visited before Experiments
    /// (the "link opens on" menu can still change it). Called whenever the open panel changes.
    pub fn remember_panel(self, panel: Panel) {
        if panel != Panel::Experiments {
            self.experiments.change(|state| state.open_on = panel);
        }
    }

    /// Opens the share link the page was loaded with, before the worker starts: the first
    /// `BackendReady` then loads its data set on the device it asks for.
    pub fn open_at_load(self, page: &SharedPage) {
        self.show_shared(page, "Opened a shared experiment");
        self.shell
            .change(|shell| shell.preference = backend_preference(page.config.device));
    }

    /// Shows a shared page and returns the commands that switch to its device and load its data.
    pub fn open_shared(self, page: &SharedPage, source: &str) -> Vec<Command> {
        self.show_shared(page, source);
        let want_cpu = backend_preference(page.config.device) == BackendPreference::Cpu;
        let mut commands = Vec::new();
        if want_cpu
            != self
                .shell
                .peek(|shell| shell.preference == BackendPreference::Cpu)
        {
            commands.extend(self.shell.change(|shell| shell.set_force_cpu(want_cpu)));
        }
        match page.config.dataset {
            DatasetChoice::Builtin(_) => commands.extend(self.data.change(DataState::load_builtin)),
            DatasetChoice::Uploaded { .. } => {
                commands.extend(self.gallery.change(|gallery| Some(gallery.render())))
            }
        }
        commands
    }

    /// Opens a settings file on the open panel, keeping the page's hidden controls; returns
    /// the commands that switch to its device and load its data (see [`Page::open_shared`]).
    pub fn open_file(self, config: ExperimentConfig, source: &str) -> Vec<Command> {
        let panel = open_panel(self.active.peek(|active| *active));
        self.open_shared(&self.keeping_controls(config, panel), source)
    }

    /// Shows the settings of an imported run file on `panel`, keeping the page's hidden
    /// controls. The worker has loaded the run's data set and keeps its device: only the
    /// controls change.
    fn show_imported(self, config: &ExperimentConfig, panel: OpenPanel, source: &str) {
        self.show_shared(&self.keeping_controls(config.clone(), panel), source);
    }

    /// `config` as a page that opens on `panel` with the controls this page hides.
    fn keeping_controls(self, config: ExperimentConfig, panel: OpenPanel) -> SharedPage {
        SharedPage {
            config,
            panel,
            hidden: self.experiments.peek(|state| state.hidden.clone()),
            ..SharedPage::default()
        }
    }

    /// Without WebGPU, forms that still hold the page's defaults start at CPU-sized settings
    /// (`cpu_defaults`); a link, preset or file is never changed.
    fn fit_to_cpu(self) {
        if self.shell.peek(|shell| shell.settings_given) {
            return;
        }
        let gan = self.gan.change(cpu_defaults::fit_gan);
        let contrastive = self.contrastive.change(cpu_defaults::fit_contrastive);
        if gan || contrastive {
            self.shell.change(|shell| shell.cpu_sized = true);
        }
    }

    /// A crashed worker leaves no panel claiming to train: each section says what happened.
    pub fn worker_lost(self, message: &str) {
        self.gan.change(|state| state.worker_lost(message));
        self.contrastive.change(|state| state.worker_lost(message));
        self.video.change(|state| state.worker_lost(message));
        self.evaluation.change(|state| state.worker_lost(message));
        self.study.change(|state| state.worker_lost(message));
        self.anomaly.change(|state| state.worker_lost(message));
        self.looking.change(|state| state.worker_lost(message));
        self.walk.change(|state| state.worker_lost(message));
        self.contrastive_walk
            .change(|state| state.worker_lost(message));
        self.shell
            .change(|state| state.worker_failed(message.to_string()));
    }
}
