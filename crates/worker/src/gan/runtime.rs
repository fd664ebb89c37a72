//! The worker's GAN commands: start a session on the active dataset, step it while it runs,
//! apply its controls, sample from it, move it to the CPU after a GPU fault, and export or import
//! it as a run file. The session is taken out of the shared state while it awaits read-backs,
//! so no `RefCell` borrow is held across an await.

use std::cell::RefCell;
use std::rc::Rc;

use crate::evaluation_runtime::begin_due_evaluation;
use crate::gan::session::GanSession;
use crate::session_commands::{TaskSession, apply_control};
use crate::session_core::SessionCore;
use crate::worker_state::{
    WorkerState, build_on_active, load_run_data, now, post, post_dataset, with_session,
};
use nda_core::data::ImageSet;
use nda_core::experiment::{ExperimentConfig, RunArchive};
use nda_core::train::evaluation::EvaluationSettings;
use nda_core::train::{GanExperiment, SampleRequest};
use nda_protocol::gan::messages::GanControl;
use nda_protocol::session_messages::SessionStatus;
use nda_protocol::{BackendKind, Event};

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

pub(crate) async fn gan_start(
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
            post(&Event::GanStatus(Some(session.status())));
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

pub(crate) async fn gan_control(state: &Rc<RefCell<WorkerState>>, control: GanControl) {
    let stepping = matches!(
        control,
        GanControl::StepDiscriminator
            | GanControl::StepGenerator
            | GanControl::StepIteration
            | GanControl::ExplainIteration
    );
    if stepping && state.borrow().evaluation.is_busy() {
        post(&Event::Failed {
            message: "an evaluation is running: step again when its numbers are in".into(),
        });
        return;
    }
    if control == GanControl::Reset {
        state.borrow_mut().evaluation.new_session();
    }
    apply_control::<GanSession>(state, control).await;
}

pub(crate) async fn gan_export(
    state: &Rc<RefCell<WorkerState>>,
    config: ExperimentConfig,
    save: bool,
) {
    let rows = state.borrow().evaluation.rows().to_vec();
    let missing = Some("there is no GAN run to export: train one first");
    let exported = with_session(state, GanSession::slot, missing, async |session| {
        (session.export(&config, &rows).await, session.iteration())
    })
    .await;
    let Some((result, iteration)) = exported else {
        return;
    };
    match result {
        Ok(bytes) => post(&Event::GanExported {
            file_name: format!("nda-lab-gan-iteration-{iteration}.zip"),
            save,
            iteration,
            bytes,
        }),
        Err(message) => post(&Event::Failed {
            message: format!("the run could not be exported: {message}"),
        }),
    }
}

/// Opens a run file: its built-in data set is generated (uploads must match its fingerprint),
/// then its runs are restored, paused, on the current backend.
pub(crate) async fn gan_import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
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
    post(&Event::GanImported {
        config: Box::new(archive.config),
    });
    post(&Event::GanStatus(Some(session.status())));
    session.history_events().iter().for_each(post);
    evaluated.iter().for_each(post);
    let events = session.refresh(now).await;
    state.borrow_mut().gan = Some(session);
    events.iter().for_each(post);
}

pub(crate) async fn gan_sample(
    state: &Rc<RefCell<WorkerState>>,
    run: usize,
    request: SampleRequest,
) {
    let missing = Some("there is no trained generator yet: start a GAN run first");
    let sampled = with_session(state, GanSession::slot, missing, async |session| {
        session.sample(run, request).await
    })
    .await;
    sampled.iter().for_each(post);
}

impl TaskSession for GanSession {
    type Config = nda_core::train::GanConfig;
    type Run = nda_core::train::GanRun;
    type Control = GanControl;
    const NAME: &'static str = "GAN";
    const RESET: GanControl = GanControl::Reset;

    fn slot(state: &mut WorkerState) -> &mut Option<Self> {
        &mut state.gan
    }

    fn core_mut(&mut self) -> &mut SessionCore<Self::Config, Self::Run> {
        &mut self.core
    }

    fn status(&self) -> SessionStatus<Self::Config> {
        GanSession::status(self)
    }

    fn status_event(status: Option<SessionStatus<Self::Config>>) -> Event {
        Event::GanStatus(status)
    }

    async fn control(&mut self, control: GanControl, now: fn() -> f64) -> Vec<Event> {
        GanSession::control(self, control, now).await
    }
}
