//! A study in the worker: its NDA/baseline pairs one after another, each an ordinary GAN,
//! contrastive or video session on the study's built-in set or clips (generated here, so the Data
//! panel's set is left alone) that is evaluated once at its end: a GAN pair by the shared
//! evaluation work, a contrastive pair by its encoders' accuracies and anomaly AUROCs
//! ([`ContrastivePair`]), a video pair by its clip encoders' measures ([`VideoPair`]). Pairs
//! already done (a reload midway) are skipped.
//!
//! The pairs run seed by seed, every arm of a seed in a row, so that a GAN seed's baseline is
//! trained once: the first arm trains it beside its NDA run, the next arms train their NDA run
//! alone and are judged with it (each against its own "seen" kinds), as `nda-lab study` does. A
//! reload midway trains it again, with the same numbers.
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::Event;

use super::evaluator_kinds::EvaluationData;
use super::gan::session::GanSession;
use super::study_pair::{PairSession, PairTick};
use nda_core::data::{BuiltinSpec, ImageSet, generate};
use nda_core::experiment::{DatasetChoice, ExperimentConfig, StudyUnit, Task};
use nda_core::train::GanRun;
use nda_core::train::evaluation::{EvaluationSettings, MetricRow};
use nda_core::train::video::VideoData;
use nda_protocol::evaluation_messages::GanEvaluated;
use nda_protocol::gan::messages::GanRunInfo;
use nda_protocol::study_messages::{StudyProgress, StudyUnitDone};

/// Least time between two progress reports while a pair trains, in milliseconds.
pub const PROGRESS_MILLIS: f64 = 500.0;

struct CurrentPair {
    unit: usize,
    session: PairSession,
    started: f64,
}

/// The pairs of a study still to run, and the one running.
pub struct StudyRunner {
    units: Vec<StudyUnit>,
    pending: Vec<usize>,
    data: EvaluationData,
    set: ImageSet,
    /// The clips of a video study.
    clips: Option<VideoData>,
    current: Option<CurrentPair>,
    /// The last GAN pair's baseline and its seed, for the seed's next arm.
    baseline: Option<(u64, (GanRunInfo, GanRun))>,
    last_progress: f64,
}

impl StudyRunner {
    /// The study of `config` without the pairs in `done`; `uploads` are the active uploaded
    /// images, which a study on uploads trains on and is judged against (by the upload
    /// evaluators) when they are the ones its config names. Refuses bad settings, missing
    /// uploads, and a contrastive study on uploads (its anomaly sets are built-in sets).
    pub fn new(
        config: &ExperimentConfig,
        done: &[usize],
        uploads: Option<&ImageSet>,
    ) -> Result<Self, String> {
        config.validate().map_err(|error| error.to_string())?;
        if config.task == Task::Video {
            return Self::video(config, done);
        }
        if config.task == Task::Contrastive {
            config
                .study
                .validate_contrastive()
                .map_err(|error| error.to_string())?;
        }
        let (data, set) = match &config.dataset {
            DatasetChoice::Builtin(spec) => (
                EvaluationData::Builtin(*spec),
                generate(spec).map_err(|error| error.to_string())?,
            ),
            DatasetChoice::Uploaded { .. } if config.task == Task::Contrastive => {
                return Err(
                    "a contrastive study needs a built-in dataset for now (its anomaly sets \
                     are the other built-in sets); a GAN study runs on uploads"
                        .into(),
                );
            }
            DatasetChoice::Uploaded { fingerprint, .. } => match uploads {
                Some(images) if images.fingerprint() == *fingerprint => {
                    (EvaluationData::Uploads(images.clone()), images.clone())
                }
                _ => {
                    return Err(format!(
                        "the study trains on uploaded images (fingerprint {fingerprint}): \
                         upload them and choose them in the Data panel first"
                    ));
                }
            },
        };
        Ok(Self::pending(config, done, data, set, None))
    }

    /// The study's pairs less the ones in `done`, on its images or clips, none running yet.
    fn pending(
        config: &ExperimentConfig,
        done: &[usize],
        data: EvaluationData,
        set: ImageSet,
        clips: Option<VideoData>,
    ) -> Self {
        let units = config.study_units();
        let mut pending: Vec<usize> = (0..units.len())
            .filter(|unit| !done.contains(unit))
            .collect();
        // Seed by seed (the units are listed arm by arm), so a seed's arms share its baseline.
        let rank = |seed: u64| config.study.seeds.iter().position(|s| *s == seed);
        pending.sort_by_key(|&unit| (rank(units[unit].seed), unit));
        Self {
            units,
            pending,
            data,
            set,
            clips,
            current: None,
            baseline: None,
            last_progress: f64::NEG_INFINITY,
        }
    }

    /// A video study: its pairs train on the `video` section's Moving Shapes clips, drawn once
    /// here (the Data panel's images are not used).
    fn video(config: &ExperimentConfig, done: &[usize]) -> Result<Self, String> {
        let study = config.video_study();
        study.validate().map_err(|error| error.to_string())?;
        if config.video.own_clips.is_some() {
            return Err("a video study in the page runs on Moving Shapes for now".into());
        }
        let clips = VideoData::moving_shapes(&config.video.clips).map_err(|e| e.to_string())?;
        // No image is trained on or judged: the GAN's evaluation data stays unused.
        let data = EvaluationData::Builtin(BuiltinSpec::default());
        let set = ImageSet::new(config.video.clips.size, Vec::new());
        Ok(Self::pending(config, done, data, set, Some(clips)))
    }

    /// What the study's pairs are judged against.
    pub fn evaluation_data(&self) -> EvaluationData {
        self.data.clone()
    }

    /// The running GAN pair's session, if one runs (its evaluation needs it).
    pub fn session(&self) -> Option<&GanSession> {
        self.current.as_ref()?.session.gan()
    }

    /// The evaluation settings of the running pair.
    pub fn evaluation(&self) -> Option<EvaluationSettings> {
        let pair = self.current.as_ref()?;
        Some(self.units[pair.unit].config.evaluation.clone())
    }

    /// One step of the study: starts the next pair if none runs, else trains the running one a
    /// step. Returns the events to post and whether a GAN pair is due for its evaluation (a
    /// contrastive pair measures itself); `None` when every pair is done.
    pub async fn tick(
        &mut self,
        device: &Device,
        on_gpu: bool,
        now: fn() -> f64,
    ) -> Option<(Vec<Event>, bool)> {
        if self.current.is_none() {
            if self.pending.is_empty() {
                return None;
            }
            let unit = self.pending.remove(0);
            return Some((vec![self.start(unit, device, on_gpu, now)], false));
        }
        let pair = self.current.as_mut()?;
        let due = match pair.session.tick(device, now).await {
            PairTick::Training { due } => due,
            PairTick::Ended(rows) => return Some((vec![self.done(rows, now)], false)),
        };
        let mut events = Vec::new();
        if due || now() - self.last_progress >= PROGRESS_MILLIS {
            self.last_progress = now();
            events.push(self.progress(if due { "evaluating" } else { "training" }));
        }
        let gan_due = due && self.session().is_some();
        Some((events, gan_due))
    }

    /// Starts pair `unit`: its progress, or its failure when it cannot start.
    fn start(&mut self, unit: usize, device: &Device, on_gpu: bool, now: fn() -> f64) -> Event {
        let config = &self.units[unit].config;
        let seed = self.units[unit].seed;
        let baseline = self
            .baseline
            .take()
            .filter(|(kept, _)| *kept == seed)
            .map(|(_, baseline)| baseline);
        let session = PairSession::start(
            config,
            &self.set,
            &self.data,
            self.clips.as_ref(),
            baseline,
            (device, on_gpu),
        );
        match session {
            Ok(session) => {
                self.current = Some(CurrentPair {
                    unit,
                    session,
                    started: now(),
                });
                self.last_progress = now();
                self.progress("training")
            }
            Err(error) => self.failed(unit, error, 0.0),
        }
    }

    /// The running GAN pair's evaluation finished (`Ok`) or failed: the pair is done.
    pub fn finish(&mut self, evaluated: Result<GanEvaluated, String>, now: fn() -> f64) -> Event {
        let rows =
            evaluated.map(|evaluated| evaluated.runs.into_iter().map(|run| run.rows).collect());
        self.done(rows, now)
    }

    /// The running pair ends with its runs' final rows (NDA first), or why it failed.
    fn done(&mut self, rows: Result<Vec<Vec<MetricRow>>, String>, now: fn() -> f64) -> Event {
        let Some(pair) = self.current.take() else {
            return Event::Failed {
                message: "the study has no running pair to finish".into(),
            };
        };
        let millis = now() - pair.started;
        let seed = self.units[pair.unit].seed;
        let next_shares = self
            .pending
            .first()
            .is_some_and(|&next| self.units[next].seed == seed);
        if rows.is_ok() && next_shares {
            self.baseline = pair
                .session
                .into_baseline()
                .map(|baseline| (seed, baseline));
        }
        match rows {
            Ok(rows) => {
                let unit = &self.units[pair.unit];
                let mut runs = rows.into_iter();
                Event::StudyUnitDone(StudyUnitDone {
                    unit: pair.unit,
                    arm: unit.arm.clone(),
                    seed: unit.seed,
                    nda: runs.next(),
                    baseline: runs.next(),
                    problem: None,
                    millis,
                })
            }
            Err(problem) => self.failed(pair.unit, problem, millis),
        }
    }

    fn failed(&self, unit: usize, problem: String, millis: f64) -> Event {
        Event::StudyUnitDone(StudyUnitDone {
            unit,
            arm: self.units[unit].arm.clone(),
            seed: self.units[unit].seed,
            nda: None,
            baseline: None,
            problem: Some(problem),
            millis,
        })
    }

    fn progress(&self, stage: &str) -> Event {
        let (unit, iteration) = self
            .current
            .as_ref()
            .map_or((0, 0), |pair| (pair.unit, pair.session.steps()));
        let config = &self.units[unit].config;
        let iterations = match config.task {
            Task::Gan => config.gan.iterations,
            Task::Contrastive => config.contrastive.steps,
            Task::Video => config.video.steps,
        };
        Event::StudyProgress(StudyProgress {
            unit,
            total: self.units.len(),
            arm: self.units[unit].arm.clone(),
            seed: self.units[unit].seed,
            iteration,
            iterations,
            stage: stage.to_string(),
        })
    }
}

#[cfg(test)]
#[path = "study_runner_tests.rs"]
mod tests;
