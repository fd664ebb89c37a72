//! Routing one worker event: only the view-models it concerns are touched (an update re-renders
//! every view of that view-model and would, say, reset a number field being typed in), then the
//! commands that follow it: autosaves of every task, the first data set, the gallery of a new
//! data set. What only a browser can do (download, store) comes back as a [`PageEffect`].

use super::Page;
use super::cell::{Cell as _, Store};
use crate::experiment::{ExperimentConfig, OpenPanel, Task};
use crate::ui::data_state::DataState;
use crate::ui::evaluation::state::EvaluationState;
use nda_protocol::{
    BackendKind, Command, ContrastiveEvent, Event, GanEvent, SessionCommand, VideoCommand,
};

/// What the browser must do for the page beyond sending commands.
#[derive(Debug, Clone, PartialEq)]
pub enum PageEffect {
    /// Offer an exported run of `task` as a download; a refusal is shown in its panel.
    Download {
        /// Whose export.
        task: Task,
        /// The zip.
        bytes: Vec<u8>,
        /// Its suggested name.
        file_name: String,
    },
    /// Keep an exported run among the browser's saved runs.
    SaveRun {
        /// Whose run.
        task: Task,
        /// The zip.
        bytes: Vec<u8>,
        /// Its iteration or step.
        step: usize,
    },
    /// Keep the study in the browser, so a reload resumes it.
    SaveStudy,
}

/// What follows one event: commands for the worker and effects for the browser.
#[derive(Debug, Default)]
pub struct Reaction {
    /// Sent to the worker in order.
    pub commands: Vec<Command>,
    /// Carried out by the browser.
    pub effects: Vec<PageEffect>,
}

impl<S: Store> Page<S> {
    /// Routes one worker event to the view-models it concerns; `now` (milliseconds) paces the
    /// autosaves.
    pub fn apply(self, event: Event, now: f64) -> Reaction {
        let first_backend = matches!(event, Event::BackendReady(_))
            && self.data.peek(|data| data.summary.is_none() && !data.busy);
        let first_cpu = first_backend
            && matches!(&event, Event::BackendReady(info) if info.kind == BackendKind::Cpu);
        let dataset_changed = matches!(event, Event::DatasetChanged(Some(_)));
        let mut reaction = Reaction {
            effects: self.route(&event),
            commands: Vec::new(),
        };
        reaction.commands.extend(self.autosaves(&event, now));
        reaction
            .commands
            .extend(self.shell.change(|shell| shell.apply(event)));
        if first_cpu {
            self.fit_to_cpu();
        }
        if first_backend {
            // The page opens on the default built-in set: nothing to upload before trying NDA.
            reaction
                .commands
                .extend(self.data.change(DataState::load_builtin));
        }
        if dataset_changed {
            reaction
                .commands
                .extend(self.gallery.change(|gallery| Some(gallery.render())));
        }
        reaction
    }

    /// Hands `event` to the view-models it concerns; returns the browser's part.
    fn route(self, event: &Event) -> Vec<PageEffect> {
        match event {
            Event::DatasetChanged(_) | Event::UploadsProcessed { .. } => {
                self.data.change(|data| data.apply(event));
                if let Event::DatasetChanged(Some(summary)) = event {
                    self.experiments
                        .change(|state| state.check_uploads(summary));
                }
            }
            Event::GalleryRendered { .. } => self.gallery.change(|gallery| gallery.apply(event)),
            Event::EvaluationProgress(_) => {
                self.evaluation.change(|evaluation| evaluation.apply(event));
            }
            Event::StudyProgress(_) | Event::StudyUnitDone(_) | Event::StudyEnded { .. } => {
                let changed = self.study.change(|study| study.apply(event));
                return if changed {
                    vec![PageEffect::SaveStudy]
                } else {
                    Vec::new()
                };
            }
            Event::Exported {
                task,
                file_name,
                bytes,
                save,
                step,
            } => {
                return self.exported(*task, event, file_name, bytes, *save, *step);
            }
            Event::Imported { task, config } => self.imported(*task, config),
            Event::Gan(gan) => self.route_gan(gan, event),
            Event::Contrastive(contrastive) => self.route_contrastive(contrastive, event),
            Event::Video(_) => self.video.change(|state| state.apply(event)),
            Event::Failed { .. } => self.route_failure(event),
            _ => {}
        }
        Vec::new()
    }

    /// A GAN report (`gan`, inside `event`) to the GAN panel and the sections that show its runs.
    fn route_gan(self, gan: &GanEvent, event: &Event) {
        match gan {
            GanEvent::Evaluated(_) | GanEvent::ImageScored(_) => {
                self.evaluation.change(|evaluation| evaluation.apply(event));
            }
            GanEvent::Looked(_) => self.looking.change(|state| state.apply(event)),
            GanEvent::Explained(_) => self.walk.change(|state| state.apply(event)),
            GanEvent::Status(status) => {
                self.gan.change(|state| state.apply(event));
                self.walk.change(|state| state.apply(event));
                if status.is_none() {
                    self.evaluation.change(|evaluation| evaluation.apply(event));
                    self.looking.change(|state| state.apply(event));
                }
            }
            GanEvent::Progress(_)
            | GanEvent::Snapshot(_)
            | GanEvent::Samples(_)
            | GanEvent::History(_) => self.gan.change(|state| state.apply(event)),
        }
    }

    /// A contrastive report (`contrastive`, inside `event`) to its panel, walk-through and
    /// anomaly section.
    fn route_contrastive(self, contrastive: &ContrastiveEvent, event: &Event) {
        match contrastive {
            ContrastiveEvent::AnomalyMeasured(_) => self.anomaly.change(|state| state.apply(event)),
            ContrastiveEvent::Explained(_) => {
                self.contrastive_walk.change(|state| state.apply(event))
            }
            ContrastiveEvent::Status(status) => {
                self.contrastive.change(|state| state.apply(event));
                self.contrastive_walk.change(|state| state.apply(event));
                if status.is_none() {
                    self.anomaly.change(|state| state.apply(event));
                }
            }
            ContrastiveEvent::HeldOut(_) => {
                self.contrastive.change(|state| state.apply(event));
                self.anomaly.change(|state| state.apply(event));
            }
            ContrastiveEvent::Progress(_)
            | ContrastiveEvent::Evaluated(_)
            | ContrastiveEvent::History(_) => self.contrastive.change(|state| state.apply(event)),
        }
    }

    /// A run file of `task` was opened: its panel shows its settings.
    fn imported(self, task: Task, config: &ExperimentConfig) {
        match task {
            Task::Gan => {
                self.evaluation.change(EvaluationState::clear);
                self.show_imported(config, OpenPanel::Gan, "Imported a run file");
            }
            Task::Contrastive => self.show_imported(
                config,
                OpenPanel::Contrastive,
                "Imported a contrastive run file",
            ),
            // A video run file reports its settings as `VideoEvent::Imported`.
            Task::Video => {}
        }
    }

    /// A failed command may concern any section: each one that waits for it stops waiting.
    fn route_failure(self, event: &Event) {
        self.data.change(|data| data.apply(event));
        self.gallery.change(|gallery| gallery.apply(event));
        self.gan.change(|gan| gan.apply(event));
        self.contrastive.change(|state| state.apply(event));
        self.video.change(|state| state.apply(event));
        self.evaluation.change(|state| state.apply(event));
        self.anomaly.change(|state| state.apply(event));
        self.looking.change(|state| state.apply(event));
        self.walk.change(|state| state.apply(event));
        self.contrastive_walk.change(|state| state.apply(event));
        self.study.change(|state| state.apply(event));
    }

    /// An exported run of `task`: a download the user asked for, or an autosave to keep.
    fn exported(
        self,
        task: Task,
        event: &Event,
        file_name: &str,
        bytes: &[u8],
        save: bool,
        step: usize,
    ) -> Vec<PageEffect> {
        let bytes = bytes.to_vec();
        if save {
            return vec![PageEffect::SaveRun { task, bytes, step }];
        }
        self.change_panel(task, |panel| panel.route(event));
        vec![PageEffect::Download {
            task,
            bytes,
            file_name: file_name.to_string(),
        }]
    }

    /// The exports that keep each task's run in the browser (on pause, stop, finish and every
    /// 30 s; see `Autosave`): the GAN's and the contrastive session's by the shared session
    /// command, the video session's by its own.
    fn autosaves(self, event: &Event, now: f64) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.gan.change(|gan| gan.wants_save(event, now)) {
            commands.push(Command::Session {
                task: Task::Gan,
                command: SessionCommand::Export {
                    config: Box::new(self.snapshot().config),
                    save: true,
                },
            });
        }
        if self
            .contrastive
            .change(|state| state.wants_save(event, now))
        {
            commands.push(Command::Session {
                task: Task::Contrastive,
                command: SessionCommand::Export {
                    config: Box::new(self.snapshot().config),
                    save: true,
                },
            });
        }
        if self.video.change(|state| state.wants_save(event, now)) {
            commands.push(Command::Video(VideoCommand::Export { save: true }));
        }
        commands
    }
}
