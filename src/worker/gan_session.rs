//! The worker's GAN session: one NDA run, or an NDA run and its baseline trained side by side
//! with the same seed (weights, data order, noise), step for step. It turns the page's controls
//! into steps and decides when to read values back: points at most every [`REPORT_MILLIS`], the
//! fixed-noise grid every `sample_every` iterations but at most every [`SNAPSHOT_MILLIS`], and
//! both at once after a teaching step, a pause, a stop or the end.
//!
//! It is free of browser code (the clock is passed in and events are returned), so it is tested
//! natively.

use burn::tensor::Device;

use super::gan_messages::{
    GanControl, GanPhase, GanProgress, GanRunInfo, GanSamples, GanSnapshot, GanStatus,
};
use super::protocol::Event;
use crate::data::ImageSet;
use crate::train::host_weights::HostWeights;
use crate::train::{GanError, GanExperiment, GanRun, SampleRequest, plan_samples};

/// Least time between two chart reports while running, in milliseconds.
pub const REPORT_MILLIS: f64 = 200.0;
/// Least time between two grid refreshes while running, in milliseconds.
pub const SNAPSHOT_MILLIS: f64 = 1_000.0;

/// A GAN session in the worker.
pub struct GanSession {
    runs: Vec<(GanRunInfo, GanRun)>,
    phase: GanPhase,
    total_iterations: usize,
    sample_every: usize,
    training_millis: f64,
    last_report_at: f64,
    last_snapshot_at: f64,
    last_snapshot_iteration: usize,
    problem: Option<String>,
    /// Keep host copies of the weights at every snapshot (on a GPU, which can be lost).
    keep_host_copies: bool,
    /// The latest host copy of each run's weights.
    host_copies: Vec<Option<HostWeights>>,
    /// The device failed: continuing needs another device.
    device_failed: bool,
}

/// What a single step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Discriminator,
    Generator,
    Iteration,
}

impl GanSession {
    /// Builds the runs of `experiment` on `set` (autodiff `device`) and starts running.
    pub fn start(
        experiment: &GanExperiment,
        set: &ImageSet,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, GanError> {
        experiment.validate()?;
        let mut runs = Vec::new();
        for (name, config) in experiment.runs() {
            let label = match name {
                "nda" => "NDA",
                _ => "Baseline",
            };
            let run = GanRun::new(config.clone(), set, device)?;
            let info = GanRunInfo {
                label: label.to_string(),
                config,
            };
            runs.push((info, run));
        }
        Ok(Self {
            runs,
            phase: GanPhase::Running,
            total_iterations: experiment.iterations,
            sample_every: experiment.sample_every,
            training_millis: 0.0,
            last_report_at: f64::NEG_INFINITY,
            last_snapshot_at: f64::NEG_INFINITY,
            last_snapshot_iteration: 0,
            problem: None,
            keep_host_copies,
            host_copies: Vec::new(),
            device_failed: false,
        })
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards.
    pub fn continue_on(&mut self, set: &ImageSet, device: &Device) -> Result<(), GanError> {
        let mut moved = Vec::with_capacity(self.runs.len());
        for ((info, run), copy) in self.runs.iter().zip(&self.host_copies) {
            let copy = copy.as_ref().ok_or(GanError::Readback(
                "no copy of the weights was saved".into(),
            ))?;
            moved.push((info.clone(), run.continue_on(copy, set, device)?));
        }
        self.runs = moved;
        self.phase = GanPhase::Paused;
        self.problem = None;
        self.device_failed = false;
        self.keep_host_copies = false;
        Ok(())
    }

    /// The state the page shows.
    pub fn status(&self) -> GanStatus {
        GanStatus {
            phase: self.phase,
            runs: self.runs.iter().map(|(info, _)| info.clone()).collect(),
            total_iterations: self.total_iterations,
            problem: self.problem.clone(),
            can_continue_on_cpu_from: self.continue_point(),
        }
    }

    /// Whether the worker should keep iterating.
    pub fn is_running(&self) -> bool {
        self.phase == GanPhase::Running
    }

    /// One iteration of every run while running, with the reports that are due.
    pub async fn tick(&mut self, now: fn() -> f64) -> Vec<Event> {
        let started = now();
        if let Err(error) = self.step(Step::Iteration) {
            return vec![self.fail(error)];
        }
        let iteration = self.iterations();
        let finished = iteration >= self.total_iterations;
        let report_due = finished || started - self.last_report_at >= REPORT_MILLIS;
        let snapshot_due = finished
            || (iteration >= self.last_snapshot_iteration + self.sample_every
                && started - self.last_snapshot_at >= SNAPSHOT_MILLIS);
        let mut events = Vec::new();
        if report_due || snapshot_due {
            match self.report(snapshot_due, now).await {
                Ok(reports) => events.extend(reports),
                Err(error) => return vec![self.fail(error)],
            }
        }
        self.training_millis += now() - started;
        if finished {
            self.phase = GanPhase::Finished;
            events.push(Event::GanStatus(Some(self.status())));
        }
        events
    }

    /// Applies a control; returns the events to post.
    pub async fn control(&mut self, control: GanControl, now: fn() -> f64) -> Vec<Event> {
        let step = match control {
            GanControl::Pause | GanControl::Stop => {
                let was_running = self.is_running();
                self.phase = match control {
                    GanControl::Pause if self.phase == GanPhase::Running => GanPhase::Paused,
                    GanControl::Pause => self.phase,
                    _ => GanPhase::Stopped,
                };
                // The last values first, then the new phase: once the page shows "Paused", its
                // counters are final.
                let mut events = Vec::new();
                if was_running {
                    events.extend(self.report_or_fail(now).await);
                }
                events.push(Event::GanStatus(Some(self.status())));
                return events;
            }
            GanControl::Resume => {
                if self.phase == GanPhase::Paused {
                    self.phase = GanPhase::Running;
                    return vec![Event::GanStatus(Some(self.status()))];
                }
                return vec![Event::Failed {
                    message: "only a paused run can resume: this one has ended; start a new run"
                        .into(),
                }];
            }
            GanControl::Reset => return vec![Event::GanStatus(None)],
            GanControl::StepDiscriminator => Step::Discriminator,
            GanControl::StepGenerator => Step::Generator,
            GanControl::StepIteration => Step::Iteration,
        };
        if matches!(self.phase, GanPhase::Stopped) && self.problem.is_some() {
            return vec![Event::Failed {
                message: "this run stopped on a fault; start a new run to train again".into(),
            }];
        }
        // A step pauses a running session: the class sees exactly one update at a time.
        if self.phase == GanPhase::Running {
            self.phase = GanPhase::Paused;
        }
        let started = now();
        if let Err(error) = self.step(step) {
            return vec![self.fail(error)];
        }
        let mut events = vec![Event::GanStatus(Some(self.status()))];
        events.extend(self.report_or_fail(now).await);
        self.training_millis += now() - started;
        events
    }

    /// A grid the user asked for from run `run`.
    pub async fn sample(&self, run: usize, request: SampleRequest) -> Event {
        let Some((info, gan_run)) = self.runs.get(run) else {
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
            Ok(grid) => Event::GanSamples(GanSamples {
                run,
                request,
                grid,
                iteration: gan_run.counters().iterations,
            }),
            Err(error) => Event::Failed {
                message: format!("could not draw samples: {error}"),
            },
        }
    }

    /// The iteration the host copies allow continuing from, after a device fault.
    fn continue_point(&self) -> Option<usize> {
        if !self.device_failed || self.host_copies.len() != self.runs.len() {
            return None;
        }
        self.host_copies
            .iter()
            .map(|copy| copy.as_ref().map(|copy| copy.iteration))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .min()
    }

    fn iterations(&self) -> usize {
        self.runs
            .first()
            .map_or(0, |(_, run)| run.counters().iterations)
    }

    fn step(&mut self, step: Step) -> Result<(), GanError> {
        for (_, run) in &mut self.runs {
            match step {
                Step::Discriminator => run.discriminator_step()?,
                Step::Generator => run.generator_step(),
                Step::Iteration => run.iteration()?,
            }
        }
        Ok(())
    }

    async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<Event> {
        match self.report(true, now).await {
            Ok(events) => events,
            Err(error) => vec![self.fail(error)],
        }
    }

    /// Reads every run's latest point (and grid and histogram when `snapshot`).
    async fn report(&mut self, snapshot: bool, now: fn() -> f64) -> Result<Vec<Event>, GanError> {
        let mut events = Vec::new();
        let training_millis = self.training_millis;
        for (index, (info, run)) in self.runs.iter_mut().enumerate() {
            if let Some(point) = run.read_point().await? {
                events.push(Event::GanProgress(GanProgress {
                    run: index,
                    point,
                    training_millis,
                    real_images_per_iteration: info.config.n_dis * info.config.batch_size,
                }));
            }
            if snapshot {
                events.push(Event::GanSnapshot(GanSnapshot {
                    run: index,
                    iteration: run.counters().iterations,
                    grid: run.read_fixed_grid().await?,
                    histogram: run.read_histogram().await?,
                }));
            }
        }
        if snapshot && self.keep_host_copies {
            let mut copies = Vec::with_capacity(self.runs.len());
            for (_, run) in &self.runs {
                copies.push(Some(run.read_host_weights().await?));
            }
            self.host_copies = copies;
        }
        self.last_report_at = now();
        if snapshot {
            self.last_snapshot_at = self.last_report_at;
            self.last_snapshot_iteration = self.iterations();
        }
        Ok(events)
    }

    /// Stops on a fault with a message that says what happened and what is kept.
    fn fail(&mut self, error: GanError) -> Event {
        self.phase = GanPhase::Stopped;
        let iteration = self.iterations();
        self.problem = Some(match &error {
            GanError::NonFinite(_) => format!(
                "Training diverged: {error}. The run stopped and went back to its last weights \
                 with finite values (iteration {iteration}), which you can still sample."
            ),
            GanError::Readback(_) => {
                self.device_failed = true;
                match self.continue_point() {
                    Some(from) => format!(
                        "The GPU stopped answering ({error}). The run stopped; your data, settings \
                         and charts are kept, and a copy of the weights of iteration {from} can \
                         continue on the CPU."
                    ),
                    None => format!(
                        "The device stopped answering ({error}). The run stopped; your data, \
                         settings and charts are kept. Choose \"Use the CPU only\" above and start \
                         again."
                    ),
                }
            }
            _ => format!("The run stopped: {error}"),
        });
        Event::GanStatus(Some(self.status()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{BuiltinDataset, BuiltinSpec, generate};
    use crate::model::ModelPreset;
    use crate::train::GanConfig;
    use futures::executor::block_on;

    fn clock() -> f64 {
        0.0
    }

    fn shapes() -> ImageSet {
        generate(&BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 32,
            seed: 1,
        })
        .expect("shapes")
    }

    fn session(compare: bool) -> GanSession {
        let set = shapes();
        let experiment = GanExperiment {
            gan: GanConfig {
                preset: ModelPreset::Tiny,
                latent_dim: 8,
                batch_size: 8,
                n_dis: 2,
                ..GanConfig::default()
            },
            iterations: 3,
            sample_every: 1,
            compare_with_baseline: compare,
            ..GanExperiment::default()
        };
        GanSession::start(&experiment, &set, &Device::flex().autodiff(), true).expect("valid")
    }

    fn progress(events: &[Event]) -> Vec<&GanProgress> {
        events
            .iter()
            .filter_map(|event| match event {
                Event::GanProgress(progress) => Some(progress),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn steps_pause_the_session_and_report_exactly_one_update() {
        let mut session = session(true);
        assert_eq!(session.status().runs.len(), 2);
        let events = block_on(session.control(GanControl::StepDiscriminator, clock));
        assert_eq!(session.status().phase, GanPhase::Paused);
        let points = progress(&events);
        assert_eq!(points.len(), 2, "both runs report");
        assert_eq!(
            (
                points[0].point.iteration,
                points[0].point.discriminator_steps
            ),
            (0, 1)
        );
        let events = block_on(session.control(GanControl::StepGenerator, clock));
        assert_eq!(progress(&events)[0].point.iteration, 1);
        assert!(
            events
                .iter()
                .any(|event| matches!(event, Event::GanSnapshot(_)))
        );
        let refused = block_on(session.control(GanControl::Stop, clock));
        assert!(
            matches!(&refused[0], Event::GanStatus(Some(status)) if status.phase == GanPhase::Stopped)
        );
        let resume = block_on(session.control(GanControl::Resume, clock));
        assert!(matches!(&resume[0], Event::Failed { .. }));
    }

    #[test]
    fn a_session_runs_to_its_end_and_samples_on_request() {
        let mut session = session(false);
        let mut last = Vec::new();
        while session.is_running() {
            last = block_on(session.tick(clock));
        }
        assert_eq!(session.status().phase, GanPhase::Finished);
        assert_eq!(progress(&last)[0].point.iteration, 3);
        let sampled = block_on(session.sample(
            0,
            SampleRequest::Interpolation {
                seed: 1,
                rows: 2,
                steps: 4,
            },
        ));
        match sampled {
            Event::GanSamples(samples) => assert_eq!(samples.grid.width, 4 * 33 - 1),
            other => panic!("expected samples, got {other:?}"),
        }
        let missing = block_on(session.sample(5, SampleRequest::NewNoise { seed: 1 }));
        assert!(matches!(missing, Event::Failed { .. }));
    }

    #[test]
    fn after_a_device_fault_the_session_continues_on_another_device_from_its_copy() {
        let mut session = session(false);
        let _ = block_on(session.control(GanControl::StepIteration, clock));
        let _ = block_on(session.control(GanControl::StepIteration, clock));
        let Event::GanStatus(Some(status)) = session.fail(GanError::Readback("device lost".into()))
        else {
            panic!("a status");
        };
        assert_eq!(status.phase, GanPhase::Stopped);
        assert_eq!(status.can_continue_on_cpu_from, Some(2));
        assert!(
            status
                .problem
                .as_deref()
                .is_some_and(|problem| problem.contains("iteration 2 can continue on the CPU"))
        );
        let set = shapes();
        session
            .continue_on(&set, &Device::flex().autodiff())
            .expect("continues");
        let status = session.status();
        assert_eq!(
            (
                status.phase,
                status.problem,
                status.can_continue_on_cpu_from
            ),
            (GanPhase::Paused, None, None)
        );
        let events = block_on(session.control(GanControl::StepIteration, clock));
        assert_eq!(progress(&events)[0].point.iteration, 3);
    }
}
