//! The worker's GAN commands: start a session on the active dataset, step it while it runs,
//! apply its controls, sample from it, move it to the CPU after a GPU fault, and export or import
//! it as a run file. The session is taken out of the shared state while it awaits read-backs,
//! so no `RefCell` borrow is held across an await.

use nda_core::experiment::Task;
use nda_protocol::{BackendKind, Event, GanCommand, GanEvent};
use std::cell::RefCell;
use std::rc::Rc;

use crate::evaluation_runtime::{begin_due_evaluation, begin_evaluation, look_at, score_image};
use crate::gan::session::GanSession;
use crate::session_commands::{TaskSession, apply_control};
use crate::worker_state::{
    WorkerState, build_on_active, load_run_data, now, post, post_dataset, with_session,
};
use nda_core::data::ImageSet;
use nda_core::experiment::{ExperimentConfig, RunArchive};
use nda_core::train::evaluation::{EvaluationSettings, MetricRow};
use nda_core::train::{GanExperiment, SampleRequest};
use nda_protocol::gan::messages::GanControl;

/// Longest slow-motion wait between iterations, in milliseconds.
pub(crate) const MAX_GAN_DELAY_MILLIS: u32 = 2_000;

/// One iteration of the running session. The session is taken out of the state while it
/// awaits read-backs, so no `RefCell` borrow is held across an await.
pub(crate) async fn gan_tick(state: &Rc<RefCell<WorkerState>>) {
    let ticked = with_session(state, GanSession::slot, None, async |session| {
        session.tick(now).await
    })
    .await;
    ticked.unwrap_or_default().iter().for_each(post);
    begin_due_evaluation(state);
}

/// Carries out a command only the GAN session takes.
pub(crate) async fn handle(state: &Rc<RefCell<WorkerState>>, command: GanCommand) {
    match command {
        GanCommand::Start {
            experiment,
            evaluation,
        } => gan_start(state, experiment, evaluation).await,
        GanCommand::Control(control) => gan_control(state, control).await,
        GanCommand::Evaluate { settings } => begin_evaluation(state, Some(settings)),
        GanCommand::ScoreImage { file } => score_image(state, file).await,
        GanCommand::Throttle { delay_millis } => {
            state.borrow_mut().gan_delay_millis = delay_millis.min(MAX_GAN_DELAY_MILLIS);
        }
        GanCommand::Look { source, index } => look_at(state, source, index).await,
        GanCommand::Sample { run, request } => gan_sample(state, run, request).await,
    }
}

async fn gan_start(
    state: &Rc<RefCell<WorkerState>>,
    experiment: GanExperiment,
    evaluation: EvaluationSettings,
) {
    if let Err(error) = evaluation.validate() {
        post(&Event::Failed {
            message: format!("cannot start the GAN: {error}"),
        });
        return;
    }
    let started = build_on_active(state, |set, device, on_gpu| {
        GanSession::start(&experiment, set, device, on_gpu)
    });
    match started {
        Ok(mut session) => {
            session.plan_evaluations(evaluation.iterations(experiment.iterations));
            post(&Event::Gan(GanEvent::Status(Some(session.status()))));
            let mut state = state.borrow_mut();
            state.evaluation.new_session();
            state.gan_dataset = state.datasets.active_builtin();
            state.gan_fingerprint = state.datasets.active().map(ImageSet::fingerprint);
            state.gan_evaluation = evaluation;
            state.gan = Some(session);
        }
        Err(message) => post(&Event::Failed {
            message: format!("cannot start the GAN: {message}"),
        }),
    }
}

/// A step of the session, refused while an evaluation runs: its numbers are for one iteration.
async fn gan_control(state: &Rc<RefCell<WorkerState>>, control: GanControl) {
    if state.borrow().evaluation.is_busy() {
        post(&Event::Failed {
            message: "an evaluation is running: step again when its numbers are in".into(),
        });
        return;
    }
    apply_control::<GanSession>(state, control).await;
}

/// Opens a run file: its built-in data set is generated (uploads must match its fingerprint),
/// then its runs are restored, paused, on the current backend.
async fn gan_import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
    let started = now();
    let archive = match RunArchive::from_zip(&bytes) {
        Ok(archive) => archive,
        Err(error) => {
            post(&Event::Failed {
                message: format!("this run file cannot be opened: {error}"),
            });
            return;
        }
    };
    let Some(backend) = state.borrow().current.clone() else {
        post(&Event::Failed {
            message: "no backend is selected yet".to_string(),
        });
        return;
    };
    if let Err(message) = load_run_data(state, &archive.config.dataset) {
        post(&Event::Failed {
            message: format!("this run file cannot be opened: {message}"),
        });
        return;
    }
    post_dataset(state, now() - started);
    let imported = {
        let state = state.borrow();
        match state.datasets.active() {
            Some(set) => GanSession::import(
                &archive,
                set,
                &backend.device.clone().autodiff(),
                backend.info.kind == BackendKind::WebGpu,
            )
            .map_err(|error| error.to_string()),
            None => Err("there is no dataset".to_string()),
        }
    };
    let mut session = match imported {
        Ok(session) => session,
        Err(message) => {
            post(&Event::Failed {
                message: format!("this run file cannot be opened: {message}"),
            });
            return;
        }
    };
    let total = archive.config.gan_experiment().iterations;
    session.plan_evaluations(archive.config.evaluation.iterations(total));
    let labels: Vec<String> = session.runs().map(|(info, _)| info.label.clone()).collect();
    let rows = archive
        .runs
        .iter()
        .map(|run| run.evaluation.clone())
        .collect();
    let evaluated = {
        let mut state = state.borrow_mut();
        state.evaluation.new_session();
        state.gan_dataset = state.datasets.active_builtin();
        state.gan_fingerprint = state.datasets.active().map(ImageSet::fingerprint);
        state.gan_evaluation = archive.config.evaluation.clone();
        state.evaluation.restore(rows, &labels)
    };
    post(&Event::Imported {
        task: Task::Gan,
        config: Box::new(archive.config),
    });
    post(&Event::Gan(GanEvent::Status(Some(session.status()))));
    session.history_events().iter().for_each(post);
    evaluated.iter().for_each(post);
    let events = session.refresh(now).await;
    state.borrow_mut().gan = Some(session);
    events.iter().for_each(post);
}

async fn gan_sample(state: &Rc<RefCell<WorkerState>>, run: usize, request: SampleRequest) {
    let missing = Some("there is no trained generator yet: start a GAN run first");
    let sampled = with_session(state, GanSession::slot, missing, async |session| {
        session.sample(run, request).await
    })
    .await;
    sampled.iter().for_each(post);
}

impl TaskSession for GanSession {
    type Control = GanControl;
    type ExportContext = Vec<Vec<MetricRow>>;
    const TASK: Task = Task::Gan;
    const NAME: &'static str = "GAN";
    const UNIT: &'static str = "iteration";

    fn slot(state: &mut WorkerState) -> &mut Option<Self> {
        &mut state.gan
    }

    async fn control(&mut self, control: GanControl, now: fn() -> f64) -> Vec<Event> {
        GanSession::control(self, control, now).await
    }

    fn forget(state: &mut WorkerState) {
        state.evaluation.new_session();
    }

    fn export_context(state: &WorkerState) -> Self::ExportContext {
        state.evaluation.rows().to_vec()
    }

    async fn export(
        &self,
        config: &ExperimentConfig,
        rows: Self::ExportContext,
    ) -> Result<Vec<u8>, String> {
        GanSession::export(self, config, &rows).await
    }

    async fn import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
        gan_import(state, bytes).await;
    }
}
