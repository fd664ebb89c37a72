//! What a GAN session gives on request: itself as a run file and back (every run's weights with
//! its reported points, timeline and evaluation rows, [`RunArchive`]; an imported session is paused at the
//! file's iteration, or finished, and its history goes to the page in one event per run), and a
//! grid of samples the user asked for.

use burn::tensor::Device;
use nda_protocol::{Event, GanEvent};

use crate::gan::session::GanSession;
use nda_core::data::{ImageSet, RgbaMosaic};
use nda_core::experiment::{ExperimentConfig, RUN_LABELS, RunArchive, read_archived_run};
use nda_core::train::evaluation::MetricRow;
use nda_core::train::timeline::frames_within;
use nda_core::train::{SampleRequest, Timeline, TrainError, fixed_grid_size, plan_samples};
use nda_protocol::gan::messages::{GanHistory, GanSamples};

impl GanSession {
    /// A paused session from an exported run: the same settings, the archive's weights and
    /// metrics, on `set` and the autodiff `device`.
    pub fn import(
        archive: &RunArchive,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        let experiment = archive.config.gan_experiment();
        let mut session = Self::start(&experiment, set, device, keep_host_copies)?;
        let weights = archive.runs.iter().map(|archived| &archived.weights);
        session.core.restore(weights, set, device)?;
        for (history, archived) in session.history.iter_mut().zip(&archive.runs) {
            history.clone_from(&archived.points);
        }
        // Only grids of this run's size are kept, so that the page, which decodes them, and
        // the worker keep the same ones; a file may come from anyone.
        let size = session.grid_size();
        for (timeline, archived) in session.timelines.iter_mut().zip(&archive.runs) {
            let frames = archived
                .timeline
                .frames()
                .iter()
                .filter(|(_, png)| RgbaMosaic::from_png(png, size).is_ok())
                .cloned()
                .collect();
            let max = frames_within(size.0 * size.1 * 4);
            *timeline = Timeline::from_frames(frames, experiment.sample_every, max);
        }
        Ok(session)
    }

    /// The whole session as a run file (see [`RunArchive`]): `config` is the page's settings,
    /// `evaluation` each run's evaluation rows so far (its `evaluation.csv`).
    pub async fn export(
        &self,
        config: &ExperimentConfig,
        evaluation: &[Vec<MetricRow>],
    ) -> Result<Vec<u8>, String> {
        let mut runs = Vec::with_capacity(self.core.runs.len());
        for (index, (((_, run), label), points)) in self
            .core
            .runs
            .iter()
            .zip(RUN_LABELS)
            .zip(&self.history)
            .enumerate()
        {
            let mut archived = read_archived_run(label, run, points.clone()).await?;
            archived.evaluation = evaluation.get(index).cloned().unwrap_or_default();
            if let Some(timeline) = self.timelines.get(index) {
                archived.timeline.clone_from(timeline);
            }
            runs.push(archived);
        }
        let mut config = config.clone();
        config.gan.compare_with_baseline = self.core.runs.len() == 2;
        // The timeline's spacing, whatever the form says since.
        config.gan.sample_every = self.sample_every;
        RunArchive { config, runs }
            .to_zip()
            .map_err(|error| error.to_string())
    }

    /// The reported points and the timeline of every run, for a page that opened an imported
    /// run.
    pub fn history_events(&self) -> Vec<Event> {
        self.history
            .iter()
            .zip(&self.timelines)
            .enumerate()
            .map(|(run, (points, timeline))| {
                Event::Gan(GanEvent::History(GanHistory {
                    run,
                    points: points.clone(),
                    timeline: timeline.map(|png| RgbaMosaic::from_png(png, self.grid_size()).ok()),
                }))
            })
            .collect()
    }

    /// The size of the runs' fixed-noise grids (their timelines' frames).
    fn grid_size(&self) -> (usize, usize) {
        let image_size = self
            .core
            .runs
            .first()
            .map_or(0, |(info, _)| info.config.image_size);
        fixed_grid_size(image_size)
    }

    /// A grid the user asked for from run `run`.
    pub async fn sample(&self, run: usize, request: SampleRequest) -> Event {
        let Some((info, gan_run)) = self.core.runs.get(run) else {
            return Event::Failed {
                message: format!("there is no run number {run} to sample from"),
            };
        };
        let plan = match plan_samples(request, info.config.latent_dim, info.config.num_classes) {
            Ok(plan) => plan,
            Err(error) => {
                return Event::Failed {
                    message: error.to_string(),
                };
            }
        };
        match gan_run.read_grid(&plan).await {
            Ok(grid) => Event::Gan(GanEvent::Samples(GanSamples {
                run,
                request,
                grid,
                iteration: gan_run.counters().iterations,
            })),
            Err(error) => Event::Failed {
                message: format!("could not draw samples: {error}"),
            },
        }
    }
}
