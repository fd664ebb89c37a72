//! The worker's contrastive commands: start a session on the active dataset, apply its
//! controls, step it while it runs, move it to the CPU after a GPU fault, and export or import it
//! as a run file. Like the GAN's,
//! the session is taken out of the shared state while it awaits read-backs.

use nda_core::experiment::Task;
use nda_protocol::{BackendKind, ContrastiveCommand, ContrastiveEvent, Event};
use std::cell::RefCell;
use std::rc::Rc;

use crate::contrastive::session::ContrastiveSession;
use crate::measured_session::MeasuredSession;
use crate::session_commands::{TaskSession, apply_control};
use crate::worker_state::{
    WorkerState, build_on_active, load_run_data, now, post, post_dataset, with_session,
};
use nda_core::experiment::{ContrastiveArchive, ExperimentConfig};
use nda_core::train::ContrastiveExperiment;
use nda_protocol::contrastive::messages::ContrastiveControl;

/// Carries out a command only the contrastive session takes.
pub(crate) async fn handle(state: &Rc<RefCell<WorkerState>>, command: ContrastiveCommand) {
    match command {
        ContrastiveCommand::Start { experiment } => contrastive_start(state, experiment).await,
        ContrastiveCommand::Control(control) => {
            apply_control::<ContrastiveSession>(state, control).await;
        }
        ContrastiveCommand::Anomaly { anomaly_images } => {
            contrastive_anomaly(state, anomaly_images).await;
        }
    }
}

/// One step of the running contrastive session, taken out of the state while it awaits.
pub(crate) async fn contrastive_tick(state: &Rc<RefCell<WorkerState>>) {
    let ticked = with_session(state, ContrastiveSession::slot, None, async |session| {
        session.tick(now).await
    })
    .await;
    ticked.unwrap_or_default().iter().for_each(post);
}

async fn contrastive_start(state: &Rc<RefCell<WorkerState>>, experiment: ContrastiveExperiment) {
    let builtin = state
        .borrow()
        .datasets
        .active_builtin()
        .map(|spec| spec.dataset);
    let started = build_on_active(state, |set, device, on_gpu| {
        ContrastiveSession::start(&experiment, set, device, on_gpu)
            .map(|session| session.trained_on(builtin))
    });
    match started {
        Ok(session) => {
            post(&Event::Contrastive(ContrastiveEvent::Status(Some(
                session.status(),
            ))));
            if let Some(held_out) = session.held_out_images() {
                post(&Event::Contrastive(ContrastiveEvent::HeldOut(held_out)));
            }
            state.borrow_mut().contrastive = Some(session);
        }
        Err(message) => post(&Event::Failed {
            message: format!("cannot start contrastive training: {message}"),
        }),
    }
}

/// Measures anomaly detection by the session's encoders; training waits meanwhile, since the
/// session is out of the state.
async fn contrastive_anomaly(state: &Rc<RefCell<WorkerState>>, anomaly_images: usize) {
    let device = state
        .borrow()
        .current
        .as_ref()
        .map(|backend| backend.device.clone().autodiff());
    let missing = "there is no contrastive run to measure: press Start first";
    let Some(device) = device else {
        post(&Event::Failed {
            message: missing.to_string(),
        });
        return;
    };
    let measured = with_session(
        state,
        ContrastiveSession::slot,
        Some(missing),
        async |session| session.measure_anomaly(anomaly_images, &device, now).await,
    )
    .await;
    match measured {
        Some(Ok(anomaly)) => post(&Event::Contrastive(ContrastiveEvent::AnomalyMeasured(
            anomaly,
        ))),
        Some(Err(error)) => post(&Event::Failed {
            message: format!("anomaly detection failed: {error}"),
        }),
        None => {}
    }
}

/// Opens a contrastive run file: its data set becomes the active one, its encoders are restored
/// paused on the current backend, its history goes to the page and the encoders are evaluated
/// (the map and neighbours, which the file does not hold).
async fn contrastive_import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
    let started = now();
    let imported = ContrastiveArchive::from_zip(&bytes)
        .map_err(|error| error.to_string())
        .and_then(|archive| {
            load_run_data(state, &archive.config.dataset)?;
            Ok(archive)
        });
    let archive = match imported {
        Ok(archive) => archive,
        Err(message) => {
            post(&Event::Failed {
                message: format!("this run file cannot be opened: {message}"),
            });
            return;
        }
    };
    post_dataset(state, now() - started);
    let builtin = state
        .borrow()
        .datasets
        .active_builtin()
        .map(|spec| spec.dataset);
    let restored = {
        let state = state.borrow();
        match (state.datasets.active(), state.current.as_ref()) {
            (Some(set), Some(backend)) => ContrastiveSession::import(
                &archive,
                set,
                &backend.device.clone().autodiff(),
                backend.info.kind == BackendKind::WebGpu,
            )
            .map_err(|error| error.to_string()),
            _ => Err("there is no dataset or backend yet".to_string()),
        }
    };
    let mut session = match restored {
        Ok(session) => session.trained_on(builtin),
        Err(message) => {
            post(&Event::Failed {
                message: format!("this run file cannot be opened: {message}"),
            });
            return;
        }
    };
    post(&Event::Imported {
        task: Task::Contrastive,
        config: Box::new(archive.config),
    });
    post(&Event::Contrastive(ContrastiveEvent::Status(Some(
        session.status(),
    ))));
    if let Some(held_out) = session.held_out_images() {
        post(&Event::Contrastive(ContrastiveEvent::HeldOut(held_out)));
    }
    session.history_events().iter().for_each(post);
    let events = MeasuredSession::control(&mut session, ContrastiveControl::Evaluate, now).await;
    state.borrow_mut().contrastive = Some(session);
    events.iter().for_each(post);
}

impl TaskSession for ContrastiveSession {
    type Control = ContrastiveControl;
    type ExportContext = ();
    const TASK: Task = Task::Contrastive;
    const NAME: &'static str = "contrastive";
    const UNIT: &'static str = "step";

    fn slot(state: &mut WorkerState) -> &mut Option<Self> {
        &mut state.contrastive
    }

    async fn control(&mut self, control: ContrastiveControl, now: fn() -> f64) -> Vec<Event> {
        MeasuredSession::control(self, control, now).await
    }

    fn export_context(_: &WorkerState) {}

    async fn export(&self, config: &ExperimentConfig, (): ()) -> Result<Vec<u8>, String> {
        ContrastiveSession::export(self, config).await
    }

    async fn import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
        contrastive_import(state, bytes).await;
    }
}
