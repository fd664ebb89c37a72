//! What every training session in the worker shares, whatever its task: its runs (the NDA run
//! and, when compared, its baseline, stepped together), the phase the page shows, the fault that
//! stopped it, the pace of its reports, and on a GPU the host copies of the weights that let a
//! session whose device was lost continue on the CPU. The GAN and contrastive sessions each hold
//! one and add what is theirs (grids, evaluations, teaching steps).

use burn::tensor::Device;

use super::fault::{FaultContext, fault_message, is_device_fault};
use nda_core::train::host_weights::HostWeights;
use nda_core::train::memory::{CPU_PAGE_BUDGET, MemoryBudget, WEBGPU_BUDGET};
use nda_core::train::{Experiment, Run, TrainError};
use nda_protocol::Event;
use nda_protocol::session_messages::{RunInfo, SessionStatus, TrainingPhase};

/// Why [`SessionCore::paused_step`] took no step.
#[derive(Debug)]
pub enum PausedStepError {
    /// The session has ended: why, to post as a refusal.
    Ended(&'static str),
    /// A run failed to step: the session's fault.
    Failed(TrainError),
}

/// Least time between two chart reports while running, in milliseconds.
pub const REPORT_MILLIS: f64 = 200.0;

/// The page's name of a run of an experiment's `runs()`: "NDA" or "Baseline".
pub fn run_label(name: &str) -> &'static str {
    if name == "nda" { "NDA" } else { "Baseline" }
}

/// Puts `value` last in `kept`, replacing the last value when it is of the same step (`step`
/// reads it): steps only grow, so a repeated report (a pause after a step, an evaluation asked
/// twice) is the last one again.
pub fn keep_latest<T>(kept: &mut Vec<T>, value: T, step: impl Fn(&T) -> usize) {
    if kept.last().is_some_and(|last| step(last) == step(&value)) {
        kept.pop();
    }
    kept.push(value);
}

/// The memory a training step may use: a GPU session (which keeps host copies) has the WebGPU
/// budget, a CPU session the page's.
pub fn step_budget(keep_host_copies: bool) -> &'static MemoryBudget {
    if keep_host_copies {
        &WEBGPU_BUDGET
    } else {
        &CPU_PAGE_BUDGET
    }
}

/// A session's runs and the state every task shares; `C` is the task's run settings.
pub struct SessionCore<C, R> {
    /// The runs with what the page shows of them, NDA first.
    pub runs: Vec<(RunInfo<C>, R)>,
    /// Units the session trains for.
    pub total_steps: usize,
    /// Where the session is.
    pub phase: TrainingPhase,
    /// Why it stopped, when a fault stopped it.
    pub problem: Option<String>,
    /// Milliseconds spent training (pauses and waits excluded).
    pub training_millis: f64,
    /// When the last chart report was read (page clock).
    pub last_report_at: f64,
    /// Keep host copies of the weights (on a GPU, which can be lost).
    keep_host_copies: bool,
    /// The latest host copy of each run's weights (empty until the first).
    host_copies: Vec<HostWeights>,
    /// The device failed: continuing needs another device.
    device_failed: bool,
}

impl<C: Clone, R: Run> SessionCore<C, R> {
    /// A running session of `experiment`'s runs on `set` (autodiff `device`), after its checks:
    /// its settings, and whether a step fits the memory of the device (a GPU session keeps host
    /// copies of the weights; a step that cannot fit is refused up front).
    pub fn start<E: Experiment<Config = C, Run = R>>(
        experiment: &E,
        set: &R::Data,
        device: &Device,
        keep_host_copies: bool,
    ) -> Result<Self, TrainError> {
        experiment.check()?;
        let configs = experiment.run_configs();
        for (_, config) in &configs {
            E::check_fits(config, step_budget(keep_host_copies))?;
        }
        let mut runs = Vec::new();
        for (name, config) in configs {
            let run = E::new_run(config.clone(), set, device)?;
            let label = run_label(name).to_string();
            runs.push((RunInfo { label, config }, run));
        }
        Ok(Self::new(runs, experiment.total_steps(), keep_host_copies))
    }

    /// A running session of `runs`, `total_steps` units long.
    pub fn new(runs: Vec<(RunInfo<C>, R)>, total_steps: usize, keep_host_copies: bool) -> Self {
        Self {
            runs,
            total_steps,
            phase: TrainingPhase::Running,
            problem: None,
            training_millis: 0.0,
            last_report_at: f64::NEG_INFINITY,
            keep_host_copies,
            host_copies: Vec::new(),
            device_failed: false,
        }
    }

    /// Whether the worker should keep training it.
    pub fn is_running(&self) -> bool {
        self.phase == TrainingPhase::Running
    }

    /// Units trained (all runs advance together).
    pub fn steps(&self) -> usize {
        self.runs.first().map_or(0, |(_, run)| run.steps_done())
    }

    /// The state the page shows; `results_unavailable_because` says why a part of the task's
    /// results cannot be shown, if so.
    pub fn status(&self, results_unavailable_because: Option<String>) -> SessionStatus<C> {
        SessionStatus {
            phase: self.phase,
            runs: self.runs.iter().map(|(info, _)| info.clone()).collect(),
            total_steps: self.total_steps,
            problem: self.problem.clone(),
            can_continue_on_cpu_from: self.continue_point(),
            results_unavailable_because,
        }
    }

    /// Whether the session has trained all its units.
    pub fn is_complete(&self) -> bool {
        self.steps() >= self.total_steps
    }

    /// One unit of training on every run.
    pub fn train_step(&mut self) -> Result<(), TrainError> {
        self.runs
            .iter_mut()
            .try_for_each(|(_, run)| run.train_step())
    }

    /// "One step" and "Explain one step" of a session that ends (the contrastive and video
    /// ones): the session pauses and every run takes one step, through `capture` when
    /// `explain`, its time counted as training. A failed or finished session refuses.
    pub fn paused_step<T>(
        &mut self,
        explain: bool,
        capture: impl FnMut(&mut R) -> Result<T, TrainError>,
        now: fn() -> f64,
    ) -> Result<Vec<(String, T)>, PausedStepError> {
        if self.problem.is_some() || self.phase == TrainingPhase::Finished {
            return Err(PausedStepError::Ended(
                "this run has ended; start a new run to train again",
            ));
        }
        self.phase = TrainingPhase::Paused;
        let started = now();
        let captures = if explain {
            self.step_each(capture)
        } else {
            self.train_step().map(|()| Vec::new())
        }
        .map_err(PausedStepError::Failed)?;
        self.training_millis += now() - started;
        Ok(captures)
    }

    /// One step of every run taken by `step`, each labelled with its run ("NDA", "Baseline"):
    /// the explained steps of a walk-through.
    pub fn step_each<T>(
        &mut self,
        mut step: impl FnMut(&mut R) -> Result<T, TrainError>,
    ) -> Result<Vec<(String, T)>, TrainError> {
        self.runs
            .iter_mut()
            .map(|(info, run)| Ok((info.label.clone(), step(run)?)))
            .collect()
    }

    /// Whether a chart report is due at `now` while running.
    pub fn report_due(&self, now: f64) -> bool {
        now - self.last_report_at >= REPORT_MILLIS
    }

    /// Pause (`stop` false) or stop; returns whether it was running, i.e. whether the page needs
    /// its last values before the new phase.
    pub fn pause_or_stop(&mut self, stop: bool) -> bool {
        let was_running = self.is_running();
        if stop {
            self.phase = TrainingPhase::Stopped;
        } else if was_running {
            self.phase = TrainingPhase::Paused;
        }
        was_running
    }

    /// Resumes a paused session, or says why it cannot (the event to post).
    pub fn resume(&mut self) -> Result<(), Box<Event>> {
        if self.phase != TrainingPhase::Paused {
            return Err(Box::new(Event::Failed {
                message: "only a paused run can resume: this one has ended; start a new run".into(),
            }));
        }
        self.phase = TrainingPhase::Running;
        Ok(())
    }

    /// Reads every run's host copy of its weights, when the session keeps them.
    pub async fn keep_host_copies(&mut self) -> Result<(), TrainError> {
        if !self.keep_host_copies {
            return Ok(());
        }
        let mut copies = Vec::with_capacity(self.runs.len());
        for (_, run) in &self.runs {
            copies.push(run.read_host_weights().await?);
        }
        self.host_copies = copies;
        Ok(())
    }

    /// The unit the host copies allow continuing from, after a device fault.
    pub fn continue_point(&self) -> Option<usize> {
        let complete = self.device_failed && self.host_copies.len() == self.runs.len();
        complete
            .then(|| self.host_copies.iter().map(|copy| copy.iteration).min())
            .flatten()
    }

    /// Continues a session whose device failed on `device` (autodiff) from the host copies of
    /// its weights; the session is paused afterwards and keeps no more copies (the CPU is not
    /// lost).
    pub fn continue_on(&mut self, set: &R::Data, device: &Device) -> Result<(), TrainError> {
        if self.host_copies.len() != self.runs.len() {
            return Err(TrainError::Readback(
                "no copy of the weights was saved".into(),
            ));
        }
        let mut moved = Vec::with_capacity(self.runs.len());
        for ((info, run), copy) in self.runs.iter().zip(&self.host_copies) {
            moved.push((info.clone(), run.continue_from(copy, set, device)?));
        }
        self.runs = moved;
        self.phase = TrainingPhase::Paused;
        self.problem = None;
        self.device_failed = false;
        self.keep_host_copies = false;
        Ok(())
    }

    /// Continues every run from `weights` (a run file's, NDA first) on `set` and the autodiff
    /// `device`, and leaves the session paused, or finished once it has trained all its units.
    pub fn restore<'a>(
        &mut self,
        weights: impl IntoIterator<Item = &'a HostWeights>,
        set: &R::Data,
        device: &Device,
    ) -> Result<(), TrainError> {
        for ((_, run), weights) in self.runs.iter_mut().zip(weights) {
            *run = run.continue_from(weights, set, device)?;
        }
        self.phase = if self.is_complete() {
            TrainingPhase::Finished
        } else {
            TrainingPhase::Paused
        };
        Ok(())
    }

    /// Stops on a fault with a message that says what happened and what is kept: `unit` names
    /// the task's unit ("iteration", "step"), `still_usable_for` what the last good weights can
    /// still do ("sample", "evaluate").
    pub fn fail(&mut self, error: &TrainError, unit: &str, still_usable_for: &str) {
        self.phase = TrainingPhase::Stopped;
        self.device_failed |= is_device_fault(error);
        let context = FaultContext {
            unit,
            position: self.steps(),
            still_usable_for,
            continue_from: self.continue_point(),
        };
        self.problem = Some(fault_message(error, &context));
    }
}
