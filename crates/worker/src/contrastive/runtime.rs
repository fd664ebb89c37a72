//! The worker's contrastive commands: start a session on the active dataset, apply its
//! controls, step it while it runs, move it to the CPU after a GPU fault, and export or import it
//! as a run file. Like the GAN's,
//! the session is taken out of the shared state while it awaits read-backs.

use std::cell::RefCell;
use std::rc::Rc;

use crate::contrastive::session::ContrastiveSession;
use crate::session_commands::TaskSession;
use crate::session_core::SessionCore;
use crate::worker_state::{
    WorkerState, build_on_active, load_run_data, now, post, post_dataset, with_session,
};
use nda_core::experiment::{ContrastiveArchive, ExperimentConfig};
use nda_core::train::ContrastiveExperiment;
use nda_protocol::contrastive::messages::ContrastiveControl;
use nda_protocol::session_messages::SessionStatus;
use nda_protocol::{BackendKind, Event};

/// One step of the running contrastive session, taken out of the state while it awaits.
pub(crate) async fn contrastive_tick(state: &Rc<RefCell<WorkerState>>) {
    let ticked = with_session(state, ContrastiveSession::slot, None, async |session| {
        session.tick(now).await
    })
    .await;
    ticked.unwrap_or_default().iter().for_each(post);
}

pub(crate) async fn contrastive_start(
    state: &Rc<RefCell<WorkerState>>,
    experiment: ContrastiveExperiment,
) {
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
            post(&Event::ContrastiveStatus(Some(session.status())));
            if let Some(held_out) = session.held_out_images() {
                post(&Event::ContrastiveHeldOut(held_out));
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
pub(crate) async fn contrastive_anomaly(state: &Rc<RefCell<WorkerState>>, anomaly_images: usize) {
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
        Some(Ok(anomaly)) => post(&Event::ContrastiveAnomalyMeasured(anomaly)),
        Some(Err(error)) => post(&Event::Failed {
            message: format!("anomaly detection failed: {error}"),
        }),
        None => {}
    }
}

pub(crate) async fn contrastive_export(
    state: &Rc<RefCell<WorkerState>>,
    config: ExperimentConfig,
    save: bool,
) {
    let missing = Some("there is no contrastive run to export: train one first");
    let exported = with_session(state, ContrastiveSession::slot, missing, async |session| {
        (session.export(&config).await, session.steps())
    })
    .await;
    let Some((result, step)) = exported else {
        return;
    };
    post(&match result {
        Ok(bytes) => Event::ContrastiveExported {
            file_name: format!("nda-lab-contrastive-step-{step}.zip"),
            save,
            step,
            bytes,
        },
        Err(message) => Event::Failed {
            message: format!("the run could not be exported: {message}"),
        },
    });
}

/// Opens a contrastive run file: its data set becomes the active one, its encoders are restored
/// paused on the current backend, its history goes to the page and the encoders are evaluated
/// (the map and neighbours, which the file does not hold).
pub(crate) async fn contrastive_import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>) {
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
    post(&Event::ContrastiveImported {
        config: Box::new(archive.config),
    });
    post(&Event::ContrastiveStatus(Some(session.status())));
    if let Some(held_out) = session.held_out_images() {
        post(&Event::ContrastiveHeldOut(held_out));
    }
    session.history_events().iter().for_each(post);
    let events = session.control(ContrastiveControl::Evaluate, now).await;
    state.borrow_mut().contrastive = Some(session);
    events.iter().for_each(post);
}

impl TaskSession for ContrastiveSession {
    type Config = nda_core::train::ContrastiveConfig;
    type Run = nda_core::train::ContrastiveRun;
    type Control = ContrastiveControl;
    const NAME: &'static str = "contrastive";
    const RESET: ContrastiveControl = ContrastiveControl::Reset;

    fn slot(state: &mut WorkerState) -> &mut Option<Self> {
        &mut state.contrastive
    }

    fn core_mut(&mut self) -> &mut SessionCore<Self::Config, Self::Run> {
        &mut self.core
    }

    fn status(&self) -> SessionStatus<Self::Config> {
        ContrastiveSession::status(self)
    }

    fn status_event(status: Option<SessionStatus<Self::Config>>) -> Event {
        Event::ContrastiveStatus(status)
    }

    async fn control(&mut self, control: ContrastiveControl, now: fn() -> f64) -> Vec<Event> {
        ContrastiveSession::control(self, control, now).await
    }
}
