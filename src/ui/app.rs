//! The page's root component: header with the backend badge, panel tabs, and the worker wiring.

use std::rc::Rc;

use leptos::prelude::*;

use super::bridge::WorkerBridge;
use super::contrastive_anomaly::state::ContrastiveAnomalyState;
use super::contrastive_panel::ContrastivePanel;
use super::contrastive_state::ContrastiveState;
use super::contrastive_walk::state::ContrastiveWalkState;
use super::cpu_defaults;
use super::data_panel::DataPanel;
use super::data_state::DataState;
use super::device_speed::{DeviceRate, contrastive_run_rate, gan_run_rate};
use super::download::download_bytes;
use super::evaluation::state::EvaluationState;
use super::evaluator_store;
use super::experiment_state::{
    ExperimentsState, backend_preference, describe, page_panel, restore, snapshot,
};
use super::experiments_panel::ExperimentsPanel;
use super::gallery_panel::GalleryPanel;
use super::gallery_state::GalleryState;
use super::gan_panel::GanPanel;
use super::gan_state::GanState;
use super::header::Header;
use super::lesson::LessonBanner;
use super::looking::state::LookingState;
use super::panels::Panel;
use super::share::read_fragment;
use super::shell_state::ShellState;
use super::step_walk::state::WalkState;
use super::study::plan::opened_study_note;
use super::study::state::StudyState;
use super::study::store as study_store;
use super::tabs::{PanelBody, PanelTabs};
use crate::experiment::{
    DatasetChoice, ExperimentConfig, OpenPanel, SharedPage, Task, decode_link,
};
use crate::worker::protocol::{BackendKind, BackendPreference};
use crate::worker::protocol::{Command, Event};
use leptos::task::spawn_local;

/// The page's view-models, one signal each so a gallery update never redraws the header.
#[derive(Clone, Copy)]
pub struct PageSignals {
    shell: RwSignal<ShellState>,
    /// The Data panel's state.
    pub data: RwSignal<DataState>,
    /// The Augmentations panel's state.
    pub gallery: RwSignal<GalleryState>,
    /// The GAN panel's state.
    pub gan: RwSignal<GanState>,
    /// The Contrastive panel's state.
    pub contrastive: RwSignal<ContrastiveState>,
    /// The GAN panel's evaluation section.
    pub evaluation: RwSignal<EvaluationState>,
    /// The Experiments panel's study section.
    pub study: RwSignal<StudyState>,
    /// The Contrastive panel's anomaly detection section.
    pub anomaly: RwSignal<ContrastiveAnomalyState>,
    /// The GAN panel's "What D looks at".
    pub looking: RwSignal<LookingState>,
    /// The GAN panel's "Explain one step".
    pub walk: RwSignal<WalkState>,
    /// The Contrastive panel's "Explain one step".
    pub contrastive_walk: RwSignal<ContrastiveWalkState>,
    /// The open panel.
    pub active: RwSignal<Panel>,
    /// Hidden controls, the last link, what was opened.
    pub experiments: RwSignal<ExperimentsState>,
}

impl PageSignals {
    /// This device's speed for time estimates of `task`: the pace of that task's run in the
    /// page, else the calibration of the current backend.
    pub fn device_rate(self, task: Task) -> Option<DeviceRate> {
        let run = match task {
            Task::Gan => self.gan.with(gan_run_rate),
            Task::Contrastive => self.contrastive.with(contrastive_run_rate),
        };
        self.shell
            .with(|shell| shell.speed.rate(task, shell.backend_kind(), run))
    }

    /// Shows the settings of an imported run file on `panel`, keeping the page's hidden
    /// controls. The worker has loaded the run's data set and keeps its device: only the
    /// controls change.
    fn show_imported(self, config: &ExperimentConfig, panel: OpenPanel, source: &str) {
        let page = SharedPage {
            config: config.clone(),
            panel,
            hidden: self
                .experiments
                .with_untracked(|state| state.hidden.clone()),
            ..SharedPage::default()
        };
        self.show_shared(&page, source);
    }

    /// Keeps the study in the browser (a reload resumes it); a refusal is shown.
    pub fn save_study(self) {
        let saved = self
            .study
            .with_untracked(|state| state.study.as_ref().map(study_store::save));
        if let Some(Err(message)) = saved {
            self.study.update(|state| state.error = Some(message));
        }
    }

    /// Every control as one shareable page.
    pub fn snapshot(self) -> SharedPage {
        let (hidden, open_on) = self
            .experiments
            .with_untracked(|state| (state.hidden.clone(), state.open_on));
        let mut page = self.data.with_untracked(|data| {
            self.gallery.with_untracked(|gallery| {
                self.gan.with_untracked(|gan| {
                    self.contrastive.with_untracked(|contrastive| {
                        self.shell.with_untracked(|shell| {
                            snapshot(data, gallery, gan, contrastive, shell, open_on, &hidden)
                        })
                    })
                })
            })
        });
        page.config.evaluation = self
            .evaluation
            .with_untracked(|evaluation| evaluation.settings.clone());
        page.walk = self.walk.with_untracked(WalkState::link_stage);
        page.lesson = self
            .experiments
            .with_untracked(|state| state.lesson.clone());
        // A study set up in the form travels with the link and file; an untouched form adds
        // nothing.
        let study = self
            .study
            .with_untracked(|state| state.link_settings(&page.config));
        if let Some((task, study)) = study {
            page.config.task = task;
            page.config.study = study;
        }
        page
    }

    /// Starts the GAN panel's runs with its settings (NDA only, or next to the baseline): the
    /// command, or `None` with the reason shown in the panel.
    pub fn start_gan(self, compare: bool) -> Option<Command> {
        let settings = self
            .gallery
            .with_untracked(|gallery| gallery.settings.clone());
        let evaluation = self
            .evaluation
            .with_untracked(|evaluation| evaluation.settings.clone());
        let command = self.data.with_untracked(|data| {
            self.gan
                .try_update(|state| {
                    state.start(compare, &settings, &evaluation, data.summary.as_ref())
                })
                .flatten()
        });
        if command.is_some() {
            self.evaluation.update(EvaluationState::clear);
        }
        command
    }

    /// Writes a shared page into every control, opens its panel and says where it came from.
    /// Sends nothing: callers decide whether its data set and device are loaded.
    pub fn show_shared(self, page: &SharedPage, source: &str) {
        self.shell.update(|shell| {
            shell.settings_given = true;
            shell.cpu_sized = false;
        });
        self.data.update(|data| {
            self.gallery.update(|gallery| {
                self.gan.update(|gan| {
                    self.contrastive
                        .update(|contrastive| restore(page, data, gallery, gan, contrastive))
                })
            })
        });
        self.evaluation
            .update(|evaluation| evaluation.settings = page.config.evaluation.clone());
        self.study.update(|study| study.adopt(&page.config));
        self.experiments.update(|state| {
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
        let unknown_stage = self
            .walk
            .try_update(|walk| walk.open_at(page.walk.as_deref()))
            .flatten();
        if let Some(note) = unknown_stage {
            self.experiments.update(|state| {
                if let Some(opened) = &mut state.opened {
                    opened.push_str(&note);
                }
            });
        }
        self.active.set(page_panel(page.panel));
    }

    /// Without WebGPU, forms that still hold the page's defaults start at CPU-sized settings
    /// (`cpu_defaults`); a link, preset or file is never changed.
    fn fit_to_cpu(self) {
        if self.shell.with_untracked(|shell| shell.settings_given) {
            return;
        }
        let gan = self.gan.try_update(cpu_defaults::fit_gan).unwrap_or(false);
        let contrastive = self
            .contrastive
            .try_update(cpu_defaults::fit_contrastive)
            .unwrap_or(false);
        if gan || contrastive {
            self.shell.update(|shell| shell.cpu_sized = true);
        }
    }

    /// Shows a shared page and returns the commands that switch to its device and load its data.
    pub fn open_shared(self, page: &SharedPage, source: &str) -> Vec<Command> {
        self.show_shared(page, source);
        let want_cpu = backend_preference(page.config.device) == BackendPreference::Cpu;
        let mut commands = Vec::new();
        if want_cpu
            != self
                .shell
                .with_untracked(|shell| shell.preference == BackendPreference::Cpu)
        {
            commands.extend(
                self.shell
                    .try_update(|shell| shell.set_force_cpu(want_cpu))
                    .unwrap_or_default(),
            );
        }
        match page.config.dataset {
            DatasetChoice::Builtin(_) => {
                commands.extend(self.data.try_update(DataState::load_builtin).flatten())
            }
            DatasetChoice::Uploaded { .. } => {
                commands.extend(self.gallery.try_update(GalleryState::render))
            }
        }
        commands
    }

    /// Routes one worker event to the view-model it concerns; returns the commands that follow.
    fn apply(self, event: Event) -> Vec<Command> {
        let mut follow_up = Vec::new();
        let first_backend = matches!(event, Event::BackendReady(_))
            && self
                .data
                .with_untracked(|data| data.summary.is_none() && !data.busy);
        let first_cpu = first_backend
            && matches!(&event, Event::BackendReady(info) if info.kind == BackendKind::Cpu);
        let dataset_changed = matches!(event, Event::DatasetChanged(Some(_)));
        // Only the view-models an event concerns are touched: an update re-renders every view of
        // that signal and would, say, reset a number field the user is typing in.
        match &event {
            Event::DatasetChanged(_) | Event::UploadsProcessed { .. } => {
                self.data.update(|data| data.apply(&event));
                if let Event::DatasetChanged(Some(summary)) = &event {
                    self.experiments
                        .update(|state| state.check_uploads(summary));
                }
            }
            Event::GalleryRendered { .. } => self.gallery.update(|gallery| gallery.apply(&event)),
            Event::GanStatus(_)
            | Event::GanProgress(_)
            | Event::GanSnapshot(_)
            | Event::GanSamples(_)
            | Event::GanHistory(_) => {
                self.gan.update(|gan| gan.apply(&event));
                if matches!(event, Event::GanStatus(_)) {
                    self.walk.update(|state| state.apply(&event));
                }
                if matches!(event, Event::GanStatus(None)) {
                    self.evaluation
                        .update(|evaluation| evaluation.apply(&event));
                    self.looking.update(|state| state.apply(&event));
                }
            }
            Event::EvaluationProgress(_) | Event::GanEvaluated(_) | Event::ImageScored(_) => {
                self.evaluation
                    .update(|evaluation| evaluation.apply(&event));
            }
            Event::StudyProgress(_) | Event::StudyUnitDone(_) | Event::StudyEnded { .. } => {
                let changed = self.study.try_update(|study| study.apply(&event));
                if changed == Some(true) {
                    self.save_study();
                }
            }
            Event::GanExported {
                file_name,
                bytes,
                save: false,
                ..
            } => {
                self.gan.update(|gan| gan.apply(&event));
                if let Err(message) = download_bytes(bytes, "application/zip", file_name) {
                    self.gan.update(|gan| gan.error = Some(message));
                }
            }
            Event::GanExported {
                bytes,
                save: true,
                iteration,
                ..
            } => self.save_run(Task::Gan, bytes.clone(), *iteration),
            Event::ContrastiveExported {
                file_name,
                bytes,
                save: false,
                ..
            } => {
                self.contrastive.update(|state| state.apply(&event));
                if let Err(message) = download_bytes(bytes, "application/zip", file_name) {
                    self.contrastive.update(|state| state.error = Some(message));
                }
            }
            Event::ContrastiveExported {
                bytes,
                save: true,
                step,
                ..
            } => self.save_run(Task::Contrastive, bytes.clone(), *step),
            Event::ContrastiveImported { config } => {
                self.show_imported(
                    config,
                    OpenPanel::Contrastive,
                    "Imported a contrastive run file",
                );
            }
            Event::ContrastiveStatus(_)
            | Event::ContrastiveProgress(_)
            | Event::ContrastiveEvaluated(_)
            | Event::ContrastiveHistory(_)
            | Event::ContrastiveHeldOut(_) => {
                self.contrastive.update(|state| state.apply(&event));
                if matches!(event, Event::ContrastiveStatus(_)) {
                    self.contrastive_walk.update(|state| state.apply(&event));
                }
                if matches!(
                    event,
                    Event::ContrastiveStatus(None) | Event::ContrastiveHeldOut(_)
                ) {
                    self.anomaly.update(|state| state.apply(&event));
                }
            }
            Event::ContrastiveAnomalyMeasured(_) => {
                self.anomaly.update(|state| state.apply(&event))
            }
            Event::GanLooked(_) => self.looking.update(|state| state.apply(&event)),
            Event::GanExplained(_) => self.walk.update(|state| state.apply(&event)),
            Event::ContrastiveExplained(_) => {
                self.contrastive_walk.update(|state| state.apply(&event))
            }
            Event::GanImported { config } => {
                self.evaluation.update(EvaluationState::clear);
                self.show_imported(config, OpenPanel::Gan, "Imported a run file");
            }
            Event::Failed { .. } => {
                self.data.update(|data| data.apply(&event));
                self.gallery.update(|gallery| gallery.apply(&event));
                self.gan.update(|gan| gan.apply(&event));
                self.contrastive.update(|state| state.apply(&event));
                self.evaluation.update(|state| state.apply(&event));
                self.anomaly.update(|state| state.apply(&event));
                self.looking.update(|state| state.apply(&event));
                self.walk.update(|state| state.apply(&event));
                self.contrastive_walk.update(|state| state.apply(&event));
                self.study.update(|state| {
                    state.apply(&event);
                });
            }
            _ => {}
        }
        let save = self
            .gan
            .try_update(|gan| gan.wants_save(&event, js_sys::Date::now()))
            .unwrap_or(false);
        if save {
            follow_up.push(Command::GanExport {
                config: Box::new(self.snapshot().config),
                save: true,
            });
        }
        let now = js_sys::Date::now();
        let save_contrastive = self
            .contrastive
            .try_update(|state| state.wants_save(&event, now))
            .unwrap_or(false);
        if save_contrastive {
            follow_up.push(Command::ContrastiveExport {
                config: Box::new(self.snapshot().config),
                save: true,
            });
        }
        follow_up.extend(
            self.shell
                .try_update(|shell| shell.apply(event))
                .unwrap_or_default(),
        );
        if first_cpu {
            self.fit_to_cpu();
        }
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
        contrastive: RwSignal::new(ContrastiveState::default()),
        evaluation: RwSignal::new(EvaluationState::default()),
        anomaly: RwSignal::new(ContrastiveAnomalyState::default()),
        looking: RwSignal::new(LookingState::default()),
        walk: RwSignal::new(WalkState::default()),
        contrastive_walk: RwSignal::new(ContrastiveWalkState::default()),
        study: RwSignal::new(StudyState {
            // A study that was running when the page closed can be resumed.
            study: study_store::load(),
            ..StudyState::default()
        }),
        active: RwSignal::new(Panel::default()),
        experiments: RwSignal::new(ExperimentsState::default()),
    };
    // A share link opens its experiment before the worker starts, so the first data set loaded
    // is the shared one. A bad link says what is wrong and leaves the defaults.
    match decode_link(&read_fragment()) {
        Ok(Some(page)) => {
            // The first `BackendReady` loads its data set with the preference set here.
            signals.show_shared(&page, "Opened a shared experiment");
            signals.shell.update(|shell| {
                shell.preference = backend_preference(page.config.device);
            });
        }
        Ok(None) => {}
        Err(error) => signals.experiments.update(|state| {
            state.error = Some(format!(
                "This link could not be opened: {error} The page opened with its defaults."
            ));
        }),
    }
    let shell = signals.shell;
    let commands = Commands {
        bridge: StoredValue::new_local(None),
    };
    let on_event = move |event: Event| {
        evaluator_store::on_worker_event(&event, commands, signals.evaluation);
        commands.send(signals.apply(event));
    };
    // A crashed worker leaves no panel claiming to train.
    let on_crash = move |message: String| {
        signals.gan.update(|state| state.worker_lost(&message));
        signals
            .contrastive
            .update(|state| state.worker_lost(&message));
        signals
            .evaluation
            .update(|state| state.worker_lost(&message));
        signals.study.update(|state| state.worker_lost(&message));
        signals.anomaly.update(|state| state.worker_lost(&message));
        signals.looking.update(|state| state.worker_lost(&message));
        signals.walk.update(|state| state.worker_lost(&message));
        signals
            .contrastive_walk
            .update(|state| state.worker_lost(&message));
        shell.update(|state| state.worker_failed(message));
    };
    match WorkerBridge::spawn(on_event, on_crash) {
        Ok(bridge) => commands.bridge.set_value(Some(bridge)),
        Err(message) => shell.update(|state| state.worker_failed(message)),
    }
    provide_context(commands);
    provide_context(signals);
    provide_context(signals.experiments);
    spawn_local(signals.refresh_saved_runs(None));
    let active = signals.active;
    let experiments = signals.experiments;
    // A link opens on the panel it was made from: the last one visited before Experiments (the
    // "link opens on" menu can still change it).
    Effect::new(move |_| {
        let panel = active.get();
        if panel != Panel::Experiments {
            experiments.update(|state| state.open_on = panel);
        }
    });

    view! {
        <Header shell=shell />
        <main class="workspace">
            <Show when=move || experiments.with(|state| state.opened.is_some())>
                <p class="banner" role="status" data-testid="share-banner">{move || experiments.with(|state| state.opened.clone().unwrap_or_default())}</p>
            </Show>
            <Show when=move || experiments.with(|state| state.error.is_some())>
                <p class="banner error" role="alert" data-testid="share-error">{move || experiments.with(|state| state.error.clone().unwrap_or_default())}</p>
            </Show>
            <LessonBanner experiments=experiments />
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
            <PanelBody panel=Panel::Contrastive active=active>
                <ContrastivePanel contrastive=signals.contrastive gallery=signals.gallery data=signals.data shell=signals.shell />
            </PanelBody>
            <PanelBody panel=Panel::Experiments active=active>
                <ExperimentsPanel />
            </PanelBody>
        </main>
        <footer class="site-footer">
            <p>
                "Your images never leave this browser: everything is computed on your device. "
                "Method: Sinha et al., " <cite>"Negative Data Augmentation"</cite> ", ICLR 2021."
            </p>
        </footer>
    }
}
