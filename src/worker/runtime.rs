//! The worker's event loop: decode commands, run them one at a time, post events.
//!
//! Commands are queued and handled strictly in order by one async task, so a backend switch never
//! interleaves with a computation that uses the old backend. Each task's commands live in its own
//! file (`gan_runtime`, `contrastive_runtime`, `evaluation_runtime`, `study_runtime`,
//! `device_runtime`); this one keeps the loop, the dispatch, the data commands and what they
//! share.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use futures::StreamExt;
use futures::channel::mpsc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::backend::{BackendCache, SelectedBackend};
use super::contrastive_runtime::{
    contrastive_anomaly, contrastive_continue, contrastive_control, contrastive_export,
    contrastive_import, contrastive_start, contrastive_tick,
};
use super::contrastive_session::ContrastiveSession;
use super::datasets::DatasetStore;
use super::device_runtime::{calibrate, run_probe, select_backend};
use super::evaluation_runtime::{begin_evaluation, evaluation_tick, look_at, score_image};
use super::evaluation_work::EvaluationWork;
use super::gallery;
use super::gan_runtime::{
    gan_continue, gan_control, gan_export, gan_import, gan_sample, gan_start, gan_tick,
};
use super::gan_session::GanSession;
use super::protocol::{BackendKind, Command, Event};
use super::study_runner::StudyRunner;
use super::study_runtime::{study_start, study_stop, study_tick};
use super::wire;
use crate::data::{BuiltinSpec, ImageSet, UploadLimits};
use crate::experiment::DatasetChoice;
use crate::train::TrainError;
use crate::train::evaluation::EvaluationSettings;

/// Longest slow-motion wait between iterations, in milliseconds.
const MAX_GAN_DELAY_MILLIS: u32 = 2_000;

/// Everything the worker keeps between commands.
pub(super) struct WorkerState {
    pub(super) backends: BackendCache,
    pub(super) current: Option<SelectedBackend>,
    pub(super) datasets: DatasetStore,
    /// The GAN session, if one was started.
    pub(super) gan: Option<GanSession>,
    /// Slow motion: wait after every GAN iteration.
    pub(super) gan_delay_millis: u32,
    /// The contrastive session, if one was started.
    pub(super) contrastive: Option<ContrastiveSession>,
    /// The built-in set the GAN session trains on (`None`: uploads).
    pub(super) gan_dataset: Option<BuiltinSpec>,
    /// The fingerprint of the images the GAN session trains on.
    pub(super) gan_fingerprint: Option<String>,
    /// The evaluation settings the GAN session started with.
    pub(super) gan_evaluation: EvaluationSettings,
    /// The evaluators and the running evaluation.
    pub(super) evaluation: EvaluationWork,
    /// The running study, if any.
    pub(super) study: Option<StudyRunner>,
}

/// Entry point of the worker binary: installs the message handler and announces `Ready`.
pub fn start() {
    console_error_panic_hook::set_once();
    let (sender, receiver) = mpsc::unbounded::<Command>();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        match wire::decode::<Command>(message.data()) {
            Ok(command) => {
                // The receiver lives as long as the worker, so sending cannot fail.
                let _ = sender.unbounded_send(command);
            }
            Err(message) => post(&Event::Failed { message }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler must live as long as the worker itself.
    on_message.forget();
    wasm_bindgen_futures::spawn_local(run_commands(receiver));
    post(&Event::Ready);
}

/// Handles every queued command, then, while a GAN session runs, one iteration (and its due
/// reports) before looking at the queue again; an idle worker sleeps until the next command.
/// The wait between iterations (at least a zero timeout) lets the browser deliver new messages,
/// so pause and step take effect after the current iteration.
async fn run_commands(mut receiver: mpsc::UnboundedReceiver<Command>) {
    let state = Rc::new(RefCell::new(WorkerState {
        backends: BackendCache::default(),
        current: None,
        datasets: DatasetStore::default(),
        gan: None,
        gan_delay_millis: 0,
        contrastive: None,
        gan_dataset: None,
        gan_fingerprint: None,
        gan_evaluation: EvaluationSettings::default(),
        evaluation: EvaluationWork::default(),
        study: None,
    }));
    loop {
        loop {
            match receiver.try_recv() {
                Ok(command) => handle(&state, command).await,
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Closed) => return,
            }
        }
        // A running evaluation goes first: training waits for its numbers.
        if state.borrow().evaluation.is_busy() {
            evaluation_tick(&state).await;
            sleep(0).await;
            continue;
        }
        let (gan_running, contrastive_running, studying) = {
            let state = state.borrow();
            (
                state.gan.as_ref().is_some_and(GanSession::is_running),
                state
                    .contrastive
                    .as_ref()
                    .is_some_and(ContrastiveSession::is_running),
                state.study.is_some(),
            )
        };
        if gan_running || contrastive_running || studying {
            if studying {
                study_tick(&state).await;
            }
            if gan_running {
                gan_tick(&state).await;
            }
            if contrastive_running {
                contrastive_tick(&state).await;
            }
            let delay = if gan_running {
                state.borrow().gan_delay_millis
            } else {
                0
            };
            sleep(delay).await;
        } else {
            match receiver.next().await {
                Some(command) => handle(&state, command).await,
                None => return,
            }
        }
    }
}

/// Builds a session with `build` on the active dataset and the current backend (as an autodiff
/// device; `true` when it is a GPU whose weights are worth a host copy), or says why it cannot.
pub(super) fn build_on_active<S>(
    state: &Rc<RefCell<WorkerState>>,
    build: impl FnOnce(&ImageSet, &Device, bool) -> Result<S, TrainError>,
) -> Result<S, String> {
    let state = state.borrow();
    let backend = state.current.as_ref().ok_or("no backend is selected yet")?;
    let set = state
        .datasets
        .active()
        .ok_or("there is no dataset to train on: choose one in the Data panel")?;
    let on_gpu = backend.info.kind == BackendKind::WebGpu;
    build(set, &backend.device.clone().autodiff(), on_gpu).map_err(|error| error.to_string())
}

/// Makes the data set a run file was trained on the active one: a built-in set is generated, and
/// uploads must be the active set already (their fingerprint is checked).
pub(super) fn load_run_data(
    state: &Rc<RefCell<WorkerState>>,
    dataset: &DatasetChoice,
) -> Result<(), String> {
    match dataset {
        DatasetChoice::Builtin(spec) => {
            let loaded = state.borrow_mut().datasets.load_builtin(*spec);
            loaded.map_err(|error| error.to_string())
        }
        DatasetChoice::Uploaded { fingerprint, .. } => {
            let active = state.borrow().datasets.active().map(ImageSet::fingerprint);
            match active {
                Some(active) if active == *fingerprint => Ok(()),
                _ => Err(format!(
                    "it was trained on uploaded images (fingerprint {fingerprint}): upload the \
                     same files and choose them in the Data panel first"
                )),
            }
        }
    }
}

/// Resolves after `millis` milliseconds (a zero timeout still yields to the event loop).
async fn sleep(millis: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            millis.min(MAX_GAN_DELAY_MILLIS) as i32,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn handle(state: &Rc<RefCell<WorkerState>>, command: Command) {
    match command {
        Command::SelectBackend { preference } => select_backend(state, preference).await,
        Command::RunProbe { size } => run_probe(state, size).await,
        Command::Calibrate => calibrate(state).await,
        Command::LoadBuiltin { spec } => {
            let started = now();
            let result = state.borrow_mut().datasets.load_builtin(spec);
            match result {
                Ok(()) => post_dataset(state, now() - started),
                Err(error) => post(&Event::Failed {
                    message: error.to_string(),
                }),
            }
        }
        Command::AddUploads { files, size } => add_uploads(state, files, size),
        Command::UseUploads => {
            if state.borrow_mut().datasets.use_uploads() {
                post_dataset(state, 0.0);
            } else {
                post(&Event::Failed {
                    message: "there are no uploaded images to use".into(),
                });
            }
        }
        Command::ClearUploads => {
            state.borrow_mut().datasets.clear_uploads();
            post_dataset(state, 0.0);
        }
        Command::RenderGallery {
            settings,
            num_images,
            image_seed,
            augment_seed,
        } => {
            let request = gallery::GalleryRequest {
                settings,
                num_images,
                image_seed,
                augment_seed,
            };
            render_gallery(state, request).await;
        }
        Command::GanStart {
            experiment,
            evaluation,
        } => gan_start(state, experiment, evaluation).await,
        Command::GanEvaluate { settings } => begin_evaluation(state, Some(settings)),
        Command::GanScoreImage { file } => score_image(state, file).await,
        Command::StudyRun { config, done } => study_start(state, &config, &done),
        Command::StudyStop => study_stop(state),
        Command::GanControl(control) => gan_control(state, control).await,
        Command::GanContinueOnCurrentBackend => gan_continue(state),
        Command::GanExport { config, save } => gan_export(state, *config, save).await,
        Command::GanImport { bytes } => gan_import(state, bytes).await,
        Command::GanThrottle { delay_millis } => {
            state.borrow_mut().gan_delay_millis = delay_millis.min(MAX_GAN_DELAY_MILLIS);
        }
        Command::GanSample { run, request } => gan_sample(state, run, request).await,
        Command::ContrastiveStart { experiment } => contrastive_start(state, experiment).await,
        Command::ContrastiveExport { config, save } => {
            contrastive_export(state, *config, save).await;
        }
        Command::ContrastiveImport { bytes } => contrastive_import(state, bytes).await,
        Command::ContrastiveControl(control) => contrastive_control(state, control).await,
        Command::ContrastiveContinueOnCurrentBackend => contrastive_continue(state),
        Command::GanLook { source, index } => look_at(state, source, index).await,
        Command::OfferEvaluators { files } => state.borrow_mut().evaluation.offer(files),
        Command::ContrastiveAnomaly { anomaly_images } => {
            contrastive_anomaly(state, anomaly_images).await
        }
    }
}

pub(super) fn post_dataset(state: &Rc<RefCell<WorkerState>>, millis: f64) {
    post(&Event::DatasetChanged(
        state.borrow().datasets.summary(millis),
    ));
}

fn add_uploads(state: &Rc<RefCell<WorkerState>>, files: Vec<crate::data::UploadFile>, size: usize) {
    let started = now();
    let outcome = state
        .borrow_mut()
        .datasets
        .add_uploads(files, size, &UploadLimits::default());
    let millis = now() - started;
    match outcome {
        Ok(outcome) => {
            post(&Event::UploadsProcessed {
                accepted: outcome.accepted,
                rejected: outcome.rejected,
                millis,
            });
            post_dataset(state, millis);
        }
        Err(error) => post(&Event::Failed {
            message: error.to_string(),
        }),
    }
}

async fn render_gallery(state: &Rc<RefCell<WorkerState>>, request: gallery::GalleryRequest) {
    let Some(backend) = state.borrow().current.clone() else {
        post(&Event::Failed {
            message: "no backend is selected yet".to_string(),
        });
        return;
    };
    let prepared = gallery::prepare(&state.borrow().datasets, &request, &backend.device);
    match prepared {
        Ok(pending) => {
            let rows = gallery::read_rows(pending, now).await;
            post(&Event::GalleryRendered {
                rows,
                image_seed: request.image_seed,
                augment_seed: request.augment_seed,
            });
        }
        Err(message) => post(&Event::Failed { message }),
    }
}

/// Milliseconds from the worker's clock (sub-millisecond where the browser allows).
pub(super) fn now() -> f64 {
    scope()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts an event to the page; an event that cannot be encoded is replaced by a `Failed` report.
pub(super) fn post(event: &Event) {
    let payload = wire::encode(event).or_else(|message| wire::encode(&Event::Failed { message }));
    if let Ok(payload) = payload {
        // Posting from a worker to its page fails only for uncloneable data, which we never send.
        let _ = scope().post_message(&payload);
    }
}
