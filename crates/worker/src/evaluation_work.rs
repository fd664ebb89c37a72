//! The worker's evaluations of the GAN session, done a slice at a time so commands and progress
//! reports get through: read or train the evaluators of the set and side, or of a person's images
//! (once per worker, see [`super::kept_evaluators`]), prepare the reference features and anomaly
//! benchmark (kept while the settings and the NDA run's negatives stay),
//! then evaluate each run. Training of the GAN waits while an evaluation runs.
//!
//! Free of browser code (the clock is passed in, events are returned), so it is tested natively.

use burn::tensor::Device;
use nda_protocol::{Event, GanEvent};

use super::evaluation_job::{EvaluationJob, Stage};
use super::evaluation_rows::{evaluations_from_rows, merge_rows};
use super::evaluator_kinds::{EvaluationData, EvaluatorKey, EvaluatorTraining};
use super::gan::session::GanSession;
use super::kept_evaluators::KeptEvaluators;
use nda_core::train::TrainError;
use nda_core::train::evaluation::{EvaluationSettings, GanSuite, MetricRow, seen_kinds};
use nda_protocol::evaluation_messages::{GanEvaluated, RunEvaluationView, StoredEvaluators};

/// Longest slice of evaluator training between two looks at the command queue, in milliseconds.
pub const SLICE_MILLIS: f64 = 250.0;

/// What a prepared suite depends on.
#[derive(Debug, Clone, PartialEq)]
struct SuiteKey {
    evaluators: EvaluatorKey,
    num_samples: usize,
    anomaly_images: usize,
    negatives: Vec<String>,
}

/// The evaluators, the prepared suite and the running evaluation, if any.
#[derive(Default)]
pub struct EvaluationWork {
    kept: KeptEvaluators,
    /// Events a slice produced besides its progress (a file for the page to keep).
    outbox: Vec<Event>,
    suite: Option<(SuiteKey, GanSuite)>,
    job: Option<EvaluationJob>,
    /// Every row measured in this session, per run (what its exported run file carries).
    rows: Vec<Vec<MetricRow>>,
}

impl EvaluationWork {
    /// Whether an evaluation is running.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the running evaluation is of a study's pair.
    pub fn is_for_study(&self) -> bool {
        self.job.as_ref().is_some_and(|job| job.for_study)
    }

    /// Takes evaluator files kept by the page (replacing any offered before).
    pub fn offer(&mut self, files: Vec<StoredEvaluators>) {
        self.kept.offer(files);
    }

    /// Abandons the running evaluation; the evaluators are kept.
    pub fn cancel(&mut self) {
        self.job = None;
    }

    /// A new session (or a reset): abandons the running evaluation and forgets the rows.
    pub fn new_session(&mut self) {
        self.job = None;
        self.rows.clear();
    }

    /// Takes the rows of an opened run file (per run, labels in run order) as this session's,
    /// and returns one finished evaluation per iteration they hold, for the page to show (no
    /// ROC curves: a run file keeps the AUROCs, not the scores).
    pub fn restore(&mut self, rows: Vec<Vec<MetricRow>>, labels: &[String]) -> Vec<Event> {
        let events = evaluations_from_rows(&rows, labels)
            .into_iter()
            .map(|evaluated| Event::Gan(GanEvent::Evaluated(evaluated)))
            .collect();
        self.rows = rows;
        events
    }

    /// Every row measured in this session, per run, oldest first.
    pub fn rows(&self) -> &[Vec<MetricRow>] {
        &self.rows
    }

    /// Starts evaluating the session's `runs` runs at `iteration` on the data it trained on, for
    /// a study's pair when `for_study`; `device` is the autodiff device the evaluators train on.
    /// Returns the first progress report.
    pub fn begin(
        &mut self,
        data: EvaluationData,
        settings: EvaluationSettings,
        (iteration, runs, for_study): (usize, usize, bool),
        device: &Device,
        now: fn() -> f64,
    ) -> Result<Event, String> {
        if self.is_busy() {
            return Err("an evaluation is already running: wait for its numbers".into());
        }
        settings.validate().map_err(|error| error.to_string())?;
        let key = EvaluatorKey::of(&data, settings.evaluator_steps);
        let stage = if self.kept.get(&key).is_some() {
            Stage::Preparing
        } else if let Some(bytes) = self.kept.take_offered(&key) {
            Stage::Loading(bytes)
        } else {
            let trainer = EvaluatorTraining::new(&data, key.steps, device)
                .map_err(|error| error.to_string())?;
            Stage::Training {
                trainer,
                started: now(),
            }
        };
        self.job = Some(EvaluationJob {
            key,
            data,
            settings,
            iteration,
            runs,
            for_study,
            started: now(),
            stage,
        });
        Ok(self.progress().unwrap_or(Event::Failed {
            message: "the evaluation did not start".into(),
        }))
    }

    /// One slice of the running evaluation; returns its progress report, the finished numbers
    /// or the failure. `device` is the backend's plain (not autodiff) device.
    pub async fn advance(
        &mut self,
        session: &GanSession,
        device: &Device,
        now: fn() -> f64,
    ) -> Vec<Event> {
        match self.slice(session, device, now).await {
            Ok(Some(finished)) => {
                let for_study = self.is_for_study();
                self.job = None;
                if let (Event::Gan(GanEvent::Evaluated(evaluated)), false) = (&finished, for_study)
                {
                    merge_rows(&mut self.rows, evaluated);
                }
                vec![finished]
            }
            Ok(None) => {
                let mut events = std::mem::take(&mut self.outbox);
                events.extend(self.progress());
                events
            }
            Err(error) => {
                self.job = None;
                vec![Event::Failed {
                    message: format!("the evaluation stopped: {error}"),
                }]
            }
        }
    }

    async fn slice(
        &mut self,
        session: &GanSession,
        device: &Device,
        now: fn() -> f64,
    ) -> Result<Option<Event>, TrainError> {
        let Some(job) = self.job.as_mut() else {
            return Ok(None);
        };
        match &mut job.stage {
            Stage::Loading(bytes) => {
                let bytes = std::mem::take(bytes);
                job.stage = if self.kept.read(&job.key, &bytes, device).await? {
                    Stage::Preparing
                } else {
                    // A damaged or outdated file: train them again (and keep the new file).
                    let autodiff = device.clone().autodiff();
                    Stage::Training {
                        trainer: EvaluatorTraining::new(&job.data, job.key.steps, &autodiff)?,
                        started: now(),
                    }
                };
                Ok(None)
            }
            Stage::Training { trainer, started } => {
                let slice_start = now();
                trainer.slice(|| now() - slice_start < SLICE_MILLIS).await?;
                if trainer.is_done() {
                    let seconds = (now() - *started) / 1_000.0;
                    let Stage::Training { trainer, .. } =
                        std::mem::replace(&mut job.stage, Stage::Preparing)
                    else {
                        return Ok(None);
                    };
                    let evaluators = trainer.finish(&device.clone().autodiff())?;
                    let file = self
                        .kept
                        .keep_trained(&job.key, evaluators, seconds, device)
                        .await?;
                    self.outbox.extend(file.map(Event::EvaluatorsTrained));
                }
                Ok(None)
            }
            Stage::Preparing => {
                let nda = session
                    .runs()
                    .next()
                    .map(|(info, _)| info.config.clone())
                    .ok_or_else(|| TrainError::Readback("the session has no run".into()))?;
                let suite_key = SuiteKey {
                    evaluators: job.key.clone(),
                    num_samples: job.settings.num_samples,
                    anomaly_images: job.settings.anomaly_images,
                    negatives: seen_kinds(&nda.negatives)
                        .into_iter()
                        .map(|kind| kind.label().to_string())
                        .collect(),
                };
                if self.suite.as_ref().is_none_or(|(key, _)| *key != suite_key) {
                    let evaluators = self
                        .kept
                        .get(&job.key)
                        .map(|cached| cached.evaluators.clone())
                        .ok_or_else(|| TrainError::Readback("the evaluators were lost".into()))?;
                    let suite = evaluators.prepare(&job.settings, &nda, device).await?;
                    self.suite = Some((suite_key, suite));
                }
                job.stage = Stage::Evaluating(Vec::new());
                Ok(None)
            }
            Stage::Evaluating(done) => {
                let suite = &self.suite.as_ref().ok_or(TrainError::NeedsAutodiff)?.1;
                let index = done.len();
                let Some((info, run)) = session.runs().nth(index) else {
                    return Err(TrainError::Readback("the session lost a run".into()));
                };
                let evaluation = suite
                    .evaluate_gan(run.trainer(), job.iteration, device)
                    .await?;
                done.push(RunEvaluationView::new(
                    index,
                    &info.label,
                    evaluation.rows,
                    &evaluation.anomaly,
                )?);
                if done.len() < session.runs().count() {
                    return Ok(None);
                }
                let description = self
                    .kept
                    .get(&job.key)
                    .map(|cached| format!("{}{}", cached.description, suite.note()))
                    .unwrap_or_default();
                Ok(Some(Event::Gan(GanEvent::Evaluated(GanEvaluated {
                    iteration: job.iteration,
                    runs: std::mem::take(done),
                    evaluators: description,
                    num_samples: suite.num_samples(),
                    real_images: suite.real_images().to_string(),
                    anomaly_images: suite.anomaly_images(),
                    millis: now() - job.started,
                }))))
            }
        }
    }

    /// Where the running evaluation is, as an event.
    fn progress(&self) -> Option<Event> {
        self.job.as_ref().map(EvaluationJob::progress)
    }
}

#[cfg(test)]
#[path = "evaluation_work_tests.rs"]
mod tests;
