//! The running pair of a study, whatever its task: built from its unit's experiment, stepped,
//! and ended with its runs' final rows. A GAN pair is evaluated by the worker's shared evaluation
//! work when due; a contrastive pair ([`ContrastivePair`]) and a video pair ([`VideoPair`])
//! measure themselves. The one place a study turns on its task. A GAN pair of a seed whose
//! baseline an earlier arm trained trains its NDA run alone and is judged with that baseline.
//!
//! Free of browser code (the clock is passed in), so it is tested natively with the runner.

use burn::tensor::Device;
use nda_protocol::{Event, GanEvent};

use super::evaluator_kinds::EvaluationData;
use super::gan::session::GanSession;
use super::study_contrastive::ContrastivePair;
use super::video::study_pair::VideoPair;
use nda_core::data::ImageSet;
use nda_core::experiment::{ExperimentConfig, Task};
use nda_core::train::GanRun;
use nda_core::train::evaluation::MetricRow;
use nda_core::train::video::VideoData;
use nda_protocol::gan::messages::GanRunInfo;

/// The sessions of the running pair.
pub(crate) enum PairSession {
    Gan(GanSession),
    Contrastive(ContrastivePair),
    Video(VideoPair),
}

/// What one step of a pair came to.
pub(crate) enum PairTick {
    /// Still training; `due` when a GAN pair's evaluation is due (or a pair just reached its end).
    Training { due: bool },
    /// Done: its runs' final rows (NDA first), or why it failed.
    Ended(Result<Vec<Vec<MetricRow>>, String>),
}

impl PairSession {
    /// The pair of `config` on the study's images `set` (judged by `data`) or `clips`; a GAN
    /// pair with `baseline` (its seed's, trained by an earlier arm) trains its NDA run alone.
    pub(crate) fn start(
        config: &ExperimentConfig,
        set: &ImageSet,
        data: &EvaluationData,
        clips: Option<&VideoData>,
        baseline: Option<(GanRunInfo, GanRun)>,
        (device, on_gpu): (&Device, bool),
    ) -> Result<Self, String> {
        match config.task {
            Task::Gan => {
                let mut experiment = config.gan_experiment();
                experiment.compare_with_baseline &= baseline.is_none();
                GanSession::start(&experiment, set, device, on_gpu)
                    .map(|mut session| {
                        session.plan_evaluations(vec![experiment.iterations]);
                        if let Some(baseline) = baseline {
                            session.share_baseline(baseline);
                        }
                        PairSession::Gan(session)
                    })
                    .map_err(|error| error.to_string())
            }
            Task::Contrastive => match data {
                EvaluationData::Builtin(spec) => {
                    ContrastivePair::start(config, set, *spec, device, on_gpu)
                        .map(PairSession::Contrastive)
                }
                EvaluationData::Uploads(_) => {
                    Err("a contrastive study needs a built-in dataset".to_string())
                }
            },
            Task::Video => match clips {
                Some(clips) => {
                    VideoPair::start(config, clips, device, on_gpu).map(PairSession::Video)
                }
                None => Err("a video study needs its clips".to_string()),
            },
        }
    }

    /// The running GAN pair's session (its evaluation needs it).
    pub(crate) fn gan(&self) -> Option<&GanSession> {
        match self {
            PairSession::Gan(session) => Some(session),
            PairSession::Contrastive(_) | PairSession::Video(_) => None,
        }
    }

    /// The baseline of a finished GAN pair, to share with the next arm of its seed.
    pub(crate) fn into_baseline(self) -> Option<(GanRunInfo, GanRun)> {
        match self {
            PairSession::Gan(session) => session.into_baseline(),
            PairSession::Contrastive(_) | PairSession::Video(_) => None,
        }
    }

    /// Completed iterations or steps.
    pub(crate) fn steps(&self) -> usize {
        match self {
            PairSession::Gan(session) => session.iteration(),
            PairSession::Contrastive(contrastive) => contrastive.steps(),
            PairSession::Video(video) => video.steps(),
        }
    }

    /// One step of the pair (a trained contrastive pair measures itself instead).
    pub(crate) async fn tick(&mut self, device: &Device, now: fn() -> f64) -> PairTick {
        let (problem, due) = match self {
            PairSession::Gan(session) => {
                let events = session.tick(now).await;
                let problem = events.iter().find_map(|event| match event {
                    Event::Gan(GanEvent::Status(Some(status))) => status.problem.clone(),
                    _ => None,
                });
                (problem, session.take_due_evaluation())
            }
            PairSession::Contrastive(contrastive) if contrastive.is_trained() => {
                return PairTick::Ended(contrastive.measure(device, now).await);
            }
            PairSession::Contrastive(contrastive) => {
                let problem = contrastive.tick(now).await.err();
                (problem, contrastive.is_trained())
            }
            PairSession::Video(video) => match video.tick(now).await {
                Err(problem) => (Some(problem), false),
                Ok(()) => match video.measured() {
                    Some(rows) => return PairTick::Ended(Ok(rows)),
                    None => (None, false),
                },
            },
        };
        match problem {
            Some(problem) => PairTick::Ended(Err(problem)),
            None => PairTick::Training { due },
        }
    }
}
