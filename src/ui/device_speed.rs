//! "How long will this take here?", before Start: the device's speed, measured by a short
//! calibration in the worker or by the run the page trains, in multiply-adds per second
//! (`train::cost`), scaled to the settings in the form. A speed belongs to one backend: switching
//! to the CPU forgets a WebGPU measurement.

use crate::experiment::Task;
use crate::train::cost::{calibration_config, contrastive_calibration_config};
use crate::train::cost::{
    contrastive_rate_from, contrastive_seconds, contrastive_step_macs, gan_iteration_macs,
    gan_seconds, rate_from,
};
use crate::train::{ContrastiveExperiment, GanConfig};
use crate::ui::contrastive::state::ContrastiveState;
use crate::ui::gan::state::GanState;
use crate::ui::pending::Pending;
use nda_protocol::{BackendKind, Command, Event};

/// Iterations a run must have trained before its pace counts (the first compiles GPU kernels).
const MIN_RUN_ITERATIONS: usize = 3;

/// Where a speed came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpeedSource {
    /// The worker's calibration (`Command::Calibrate`).
    Calibration,
    /// The GAN run training (or trained) in this page.
    Run,
}

/// A measured speed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceRate {
    /// Multiply-adds per second.
    pub rate: f64,
    /// How it was measured.
    pub source: SpeedSource,
}

/// What a calibration measured on one backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The backend that trained.
    pub backend: BackendKind,
    /// Multiply-adds per second in a GAN iteration.
    pub gan: f64,
    /// Multiply-adds per second in a contrastive step.
    pub contrastive: f64,
}

/// The calibration's state, kept with the backend it measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceSpeed {
    /// The calibrated rates and their backend.
    pub calibrated: Option<Calibration>,
    /// The calibration request.
    pub pending: Pending,
}

impl DeviceSpeed {
    /// Starts a calibration, unless one is on its way.
    pub fn calibrate(&mut self) -> Option<Command> {
        if self.pending.awaiting {
            return None;
        }
        self.pending.send();
        Some(Command::Calibrate)
    }

    /// Folds a worker event in: the calibration's answer, its failure, a change of backend.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Calibrated {
                backend,
                seconds_per_iteration,
                seconds_per_contrastive_step,
            } => {
                self.pending.answered();
                let gan = rate_from(&calibration_config(), *seconds_per_iteration);
                let contrastive = contrastive_rate_from(
                    &contrastive_calibration_config(),
                    *seconds_per_contrastive_step,
                );
                self.calibrated = gan.zip(contrastive).map(|(gan, contrastive)| Calibration {
                    backend: *backend,
                    gan,
                    contrastive,
                });
            }
            Event::BackendReady(info) => {
                if self
                    .calibrated
                    .is_some_and(|calibration| calibration.backend != info.kind)
                {
                    self.calibrated = None;
                }
            }
            _ => self.pending.apply(event),
        }
    }

    /// The best rate known for `task` on `backend`: the pace of that task's run (`run`,
    /// measured on the real settings) before the calibration.
    pub fn rate(
        &self,
        task: Task,
        backend: Option<BackendKind>,
        run: Option<f64>,
    ) -> Option<DeviceRate> {
        let run = run.map(|rate| DeviceRate {
            rate,
            source: SpeedSource::Run,
        });
        let calibrated = self
            .calibrated
            .filter(|calibration| Some(calibration.backend) == backend)
            .map(|calibration| DeviceRate {
                rate: match task {
                    Task::Gan => calibration.gan,
                    // The clip encoder is made of the contrastive encoder's convolutions: that
                    // task's calibration prices its steps until a video run's own pace is known.
                    Task::Contrastive | Task::Video => calibration.contrastive,
                },
                source: SpeedSource::Calibration,
            });
        run.or(calibrated)
    }
}

/// The pace of the GAN panel's runs as a rate, once they trained a few iterations.
pub fn gan_run_rate(state: &GanState) -> Option<f64> {
    let progress = state.progress()?;
    let work = state
        .runs
        .iter()
        .map(|run| gan_iteration_macs(&run.info.config))
        .sum();
    run_rate(work, progress.step, progress.steps_per_second)
}

/// The pace of the Contrastive panel's runs as a rate, once they trained a few steps.
pub fn contrastive_run_rate(state: &ContrastiveState) -> Option<f64> {
    let progress = state.progress()?;
    let work = state
        .runs
        .iter()
        .map(|run| contrastive_step_macs(&run.info.config))
        .sum();
    run_rate(work, progress.step, progress.steps_per_second)
}

/// A session's pace as a rate: `work`, the multiply-adds of one step of all its runs, times its
/// steps per second, once it has trained a few steps (of either task).
pub fn run_rate(work: f64, steps: usize, steps_per_second: f64) -> Option<f64> {
    (steps >= MIN_RUN_ITERATIONS && steps_per_second > 0.0).then_some(work * steps_per_second)
}

/// What an estimate says while the device's speed is unknown.
const NOT_MEASURED: &str = "Time on this device: not measured yet. Measure it (a few seconds), \
                            or start a run: its pace is used from then on.";

impl SpeedSource {
    /// How the speed was measured, as the estimates say it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Calibration => "measured by a short calibration",
            Self::Run => "from the pace of the run in this page",
        }
    }
}

/// The sentence under the GAN form: the time `iterations` of the NDA run `nda` need at `rate`,
/// next to its baseline (how "Compare with baseline" trains) and alone, or how to find out.
pub fn estimate_text(nda: &GanConfig, iterations: usize, rate: Option<DeviceRate>) -> String {
    let Some(DeviceRate { rate, source }) = rate else {
        return NOT_MEASURED.to_string();
    };
    let pair = [nda.clone(), nda.clone().baseline()];
    let from = source.words();
    format!(
        "About {} for {iterations} iterations next to the baseline ({} for the NDA run alone) on \
         this device ({from}; an estimate from the models' arithmetic).",
        duration(gan_seconds(&pair, iterations, rate)),
        duration(gan_seconds(&pair[..1], iterations, rate)),
    )
}

/// The sentence under the contrastive form: the time the steps of `experiment` need at `rate`,
/// next to the baseline (`m = 0`) and alone, or how to find out.
pub fn contrastive_estimate_text(
    experiment: &ContrastiveExperiment,
    rate: Option<DeviceRate>,
) -> String {
    let Some(DeviceRate { rate, source }) = rate else {
        return NOT_MEASURED.to_string();
    };
    let nda = &experiment.config;
    let pair = [nda.clone(), nda.clone().baseline()];
    let from = source.words();
    format!(
        "About {} for {} steps next to the baseline ({} for the NDA run alone) on this device \
         ({from}; an estimate from the models' arithmetic, evaluations not counted).",
        duration(contrastive_seconds(&pair, experiment.steps, rate)),
        experiment.steps,
        duration(contrastive_seconds(&pair[..1], experiment.steps, rate)),
    )
}

/// " · about 3 min left" for a progress line, or nothing while the pace is unknown.
pub fn time_left(seconds: f64) -> String {
    if seconds.is_finite() {
        format!(" · about {} left", duration(seconds))
    } else {
        String::new()
    }
}

/// Minutes and seconds (hours past 99 minutes), for time estimates and time-left readouts.
pub fn duration(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    if seconds >= 100 * 60 {
        format!("{} h {} min", seconds / 3600, seconds % 3600 / 60)
    } else if seconds >= 60 {
        format!("{} min {} s", seconds / 60, seconds % 60)
    } else {
        format!("{seconds} s")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn time_left_is_said_only_once_the_pace_is_known() {
        assert_eq!(super::time_left(f64::INFINITY), "");
        assert!(super::time_left(90.0).starts_with(" · about "));
        assert!(super::time_left(90.0).ends_with(" left"));
    }
    use super::*;
    use crate::model::ModelPreset;
    use nda_protocol::BackendInfo;

    fn ready(kind: BackendKind) -> Event {
        Event::BackendReady(BackendInfo {
            kind,
            adapter: "test".into(),
            webgpu_unavailable_because: None,
        })
    }

    #[test]
    fn a_calibration_gives_the_time_of_any_setting_on_its_backend_only() {
        let mut speed = DeviceSpeed::default();
        assert_eq!(speed.calibrate(), Some(Command::Calibrate));
        assert_eq!(speed.calibrate(), None, "one at a time");
        speed.apply(&Event::Calibrated {
            backend: BackendKind::Cpu,
            seconds_per_iteration: 0.5,
            seconds_per_contrastive_step: 0.25,
        });
        assert!(!speed.pending.awaiting);
        let rate = speed
            .rate(Task::Gan, Some(BackendKind::Cpu), None)
            .expect("calibrated");
        let contrastive = speed
            .rate(Task::Contrastive, Some(BackendKind::Cpu), None)
            .expect("calibrated");
        // The contrastive calibration's own setting takes what it measured.
        let seconds = contrastive_seconds(&[contrastive_calibration_config()], 4, contrastive.rate);
        assert!((seconds - 1.0).abs() < 1e-9, "{seconds}");
        assert_eq!(rate.source, SpeedSource::Calibration);
        // The calibration's own setting takes what it measured alone; its baseline (no NDA
        // batch) a little less.
        let text = estimate_text(&calibration_config(), 120, Some(rate));
        assert!(text.contains("(1 min 0 s for the NDA run alone)"), "{text}");
        // Four times the batch: 4x the time.
        let bigger = GanConfig {
            batch_size: 64,
            ..calibration_config()
        };
        let text = estimate_text(&bigger, 120, Some(rate));
        assert!(text.contains("(4 min 0 s for the NDA run alone)"), "{text}");
        let pair = gan_seconds(&[bigger.clone(), bigger.baseline()], 120, rate.rate);
        assert!((360.0..480.0).contains(&pair), "{pair}");
        assert!(
            text.starts_with(&format!(
                "About {} for 120 iterations next to the baseline",
                duration(pair)
            )),
            "{text}"
        );
        assert_eq!(speed.rate(Task::Gan, Some(BackendKind::WebGpu), None), None);
        speed.apply(&ready(BackendKind::WebGpu));
        assert_eq!(
            speed.calibrated, None,
            "a new backend forgets the old speed"
        );
    }

    #[test]
    fn a_run_pace_counts_after_a_few_iterations_and_wins_over_the_calibration() {
        let tiny = GanConfig {
            preset: ModelPreset::Tiny,
            ..GanConfig::default()
        };
        assert_eq!(run_rate(gan_iteration_macs(&tiny), 2, 1.0), None);
        let rate = run_rate(gan_iteration_macs(&tiny), 3, 2.0).expect("three iterations");
        assert_eq!(rate, 2.0 * gan_iteration_macs(&tiny));
        let speed = DeviceSpeed {
            calibrated: Some(Calibration {
                backend: BackendKind::Cpu,
                gan: 1.0,
                contrastive: 1.0,
            }),
            ..DeviceSpeed::default()
        };
        let best = speed
            .rate(Task::Gan, Some(BackendKind::Cpu), Some(rate))
            .expect("known");
        assert_eq!(best.source, SpeedSource::Run);
        let text = estimate_text(&tiny, 100, Some(best));
        assert!(text.contains("(50 s for the NDA run alone)"), "{text}");
        assert!(estimate_text(&tiny, 1, None).contains("not measured yet"));
    }

    #[test]
    fn a_contrastive_form_gets_its_time_from_the_same_rate() {
        let experiment = ContrastiveExperiment {
            steps: 100,
            ..ContrastiveExperiment::default()
        };
        let rate = DeviceRate {
            rate: contrastive_step_macs(&experiment.config),
            source: SpeedSource::Calibration,
        };
        let text = contrastive_estimate_text(&experiment, Some(rate));
        assert!(
            text.contains("for 100 steps next to the baseline (1 min 40 s for the NDA run alone)"),
            "{text}"
        );
        assert!(text.contains("measured by a short calibration"));
        assert!(contrastive_estimate_text(&experiment, None).contains("not measured yet"));
    }

    #[test]
    fn a_failed_calibration_says_why_and_long_times_read_in_hours() {
        let mut speed = DeviceSpeed::default();
        speed.calibrate();
        speed.apply(&Event::Failed {
            message: "out of memory".into(),
        });
        assert_eq!(speed.pending.error.as_deref(), Some("out of memory"));
        assert_eq!(duration(59.4), "59 s");
        assert_eq!(duration(176.0 * 60.0), "2 h 56 min");
        assert_eq!(duration(99.0 * 60.0), "99 min 0 s");
    }
}
