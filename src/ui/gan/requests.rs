//! What the GAN panel's buttons ask of the worker: start the runs, the controls (pause, step,
//! explain, ...), grids of new noise, interpolations or per-class samples, and slow motion. Each
//! marks the panel as waiting for the worker's answer.

use crate::augment::GallerySettings;
use crate::train::SampleRequest;
use crate::train::evaluation::EvaluationSettings;
use crate::ui::gan::state::GanState;
use nda_protocol::gan::messages::GanControl;
use nda_protocol::{Command, DatasetSummary, GanCommand};

/// What the sampling buttons ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleKind {
    /// 64 images of new noise.
    NewNoise,
    /// Four interpolations of eight steps.
    Interpolation,
    /// One row per class.
    PerClass,
}

impl GanState {
    /// Sets the slow-motion wait; returns the command for the worker.
    pub fn set_delay(&mut self, text: &str) -> Option<Command> {
        let delay = text.trim().parse::<u32>().ok()?.min(2_000);
        self.delay_millis = delay;
        Some(Command::Gan(GanCommand::Throttle {
            delay_millis: delay,
        }))
    }

    /// The command that starts a session (NDA alone, or with the baseline next to it).
    pub fn start(
        &mut self,
        compare_with_baseline: bool,
        gallery: &GallerySettings,
        evaluation: &EvaluationSettings,
        dataset: Option<&DatasetSummary>,
    ) -> Option<Command> {
        let Some(dataset) = dataset else {
            self.error = Some("load a dataset in the Data panel first".into());
            return None;
        };
        let mut experiment = self.experiment_for(gallery, Some(dataset));
        experiment.compare_with_baseline = compare_with_baseline;
        if let Err(error) = experiment.validate() {
            self.error = Some(error.to_string());
            return None;
        }
        self.error = None;
        self.awaiting = true;
        self.compare = compare_with_baseline;
        self.saving.restart();
        self.runs.clear();
        Some(Command::Gan(GanCommand::Start {
            experiment,
            evaluation: evaluation.clone(),
        }))
    }

    /// The command for a step button.
    pub fn control(&mut self, control: GanControl) -> Command {
        self.awaiting = true;
        Command::Gan(GanCommand::Control(control))
    }

    /// The command for a requested grid from run `run`; each request gets a new seed.
    pub fn sample(&mut self, run: usize, kind: SampleKind) -> Command {
        self.awaiting = true;
        let seed = self.sample_seed;
        self.sample_seed = self.sample_seed.wrapping_add(1);
        let request = match kind {
            SampleKind::NewNoise => SampleRequest::NewNoise { seed },
            SampleKind::Interpolation => SampleRequest::Interpolation {
                seed,
                rows: 4,
                steps: 8,
            },
            SampleKind::PerClass => SampleRequest::PerClass { seed, columns: 8 },
        };
        Command::Gan(GanCommand::Sample { run, request })
    }
}
