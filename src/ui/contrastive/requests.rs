//! What the Contrastive panel's buttons ask of the worker: start the runs (with the
//! Augmentations panel's negatives), and step or evaluate them (pause, resume, stop and reset are
//! every panel's, in `ui/task_panel.rs`). Each marks the panel as waiting for the worker's answer.

use crate::augment::GallerySettings;
use crate::train::ContrastiveExperiment;
use crate::ui::contrastive::state::ContrastiveState;
use nda_protocol::contrastive::messages::ContrastiveControl;
use nda_protocol::{Command, ContrastiveCommand, DatasetSummary};

impl ContrastiveState {
    /// The experiment the form describes, with the Augmentations panel's settings of each
    /// negative, at the dataset's image size.
    pub fn experiment_for(
        &self,
        gallery: &GallerySettings,
        dataset: Option<&DatasetSummary>,
    ) -> ContrastiveExperiment {
        let mut experiment = self.experiment.clone();
        experiment.config.negatives = gallery.weighted_negatives(self.weights);
        if let Some(dataset) = dataset {
            experiment.config.image_size = dataset.size;
        }
        experiment
    }

    /// The command that starts a session (NDA alone, or with the baseline next to it).
    pub fn start(
        &mut self,
        compare_with_baseline: bool,
        gallery: &GallerySettings,
        dataset: Option<&DatasetSummary>,
    ) -> Option<Command> {
        let Some(dataset) = dataset else {
            self.error = Some("load a dataset in the Data panel first".into());
            return None;
        };
        self.experiment.compare_with_baseline = compare_with_baseline;
        let experiment = self.experiment_for(gallery, Some(dataset));
        if let Err(error) = experiment.validate() {
            self.error = Some(error.to_string());
            return None;
        }
        self.error = None;
        self.form_error = None;
        self.awaiting = true;
        self.saving.restart();
        self.runs.clear();
        self.held_out = None;
        self.selected = None;
        self.hovered = None;
        self.scrub = None;
        Some(Command::Contrastive(ContrastiveCommand::Start {
            experiment,
        }))
    }

    /// The command for a step or evaluate button.
    pub fn control(&mut self, control: ContrastiveControl) -> Command {
        self.awaiting = true;
        Command::Contrastive(ContrastiveCommand::Control(control))
    }
}
