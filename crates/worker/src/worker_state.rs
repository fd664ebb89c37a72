//! What the worker keeps between commands and what every command file shares: building a session
//! on the active data set and backend, loading a run file's data set, the clock and posting
//! events to the page.

use std::cell::RefCell;
use std::rc::Rc;

use burn::tensor::Device;
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

use super::backend::{BackendCache, SelectedBackend};
use super::contrastive::session::ContrastiveSession;
use super::datasets::DatasetStore;
use super::evaluation_work::EvaluationWork;
use super::gan::session::GanSession;
use super::study_runner::StudyRunner;
use super::video::clips_key::VideoClipsKey;
use super::video::session::VideoSession;
use nda_core::data::{BuiltinSpec, ImageSet};
use nda_core::experiment::DatasetChoice;
use nda_core::train::TrainError;
use nda_core::train::evaluation::EvaluationSettings;
use nda_core::train::video::VideoData;
use nda_protocol::wire;
use nda_protocol::{BackendKind, Event};

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
    /// The video session, if one was started.
    pub(super) video: Option<VideoSession>,
    /// The clips of the last video session and where they came from (kept, since generating
    /// them takes a while, until a session asks for others).
    pub(super) video_data: Option<(VideoClipsKey, VideoData)>,
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

impl WorkerState {
    /// A worker with no backend, data set or session yet.
    pub(super) fn new() -> Self {
        Self {
            backends: BackendCache::default(),
            current: None,
            datasets: DatasetStore::default(),
            gan: None,
            gan_delay_millis: 0,
            contrastive: None,
            video: None,
            video_data: None,
            gan_dataset: None,
            gan_fingerprint: None,
            gan_evaluation: EvaluationSettings::default(),
            evaluation: EvaluationWork::default(),
            study: None,
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

/// Posts the active data set's summary (how long it took: `millis`).
pub(super) fn post_dataset(state: &Rc<RefCell<WorkerState>>, millis: f64) {
    post(&Event::DatasetChanged(
        state.borrow().datasets.summary(millis),
    ));
}

/// Milliseconds from the worker's clock (sub-millisecond where the browser allows).
pub(super) fn now() -> f64 {
    scope()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

pub(super) fn scope() -> DedicatedWorkerGlobalScope {
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

/// Takes a session out of the state (`slot` picks it, a `TaskSession::slot`), runs `work` on it and puts it back, so no
/// borrow of the state is held while it awaits read-backs; returns what `work` returned. Without
/// a session, posts `missing` (when given) and returns `None`.
pub(super) async fn with_session<S, T>(
    state: &Rc<RefCell<WorkerState>>,
    slot: fn(&mut WorkerState) -> &mut Option<S>,
    missing: Option<&str>,
    work: impl AsyncFnOnce(&mut S) -> T,
) -> Option<T> {
    let taken = slot(&mut state.borrow_mut()).take();
    let Some(mut session) = taken else {
        if let Some(message) = missing {
            post(&Event::Failed {
                message: message.to_string(),
            });
        }
        return None;
    };
    let outcome = work(&mut session).await;
    *slot(&mut state.borrow_mut()) = Some(session);
    Some(outcome)
}
