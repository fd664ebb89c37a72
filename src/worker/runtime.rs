//! The worker's event loop: decode commands, run them one at a time, post events.
//!
//! Commands are queued and handled strictly in order by one async task, so a backend switch never
//! interleaves with a computation that uses the old backend.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::backend::{BackendCache, SelectedBackend};
use super::datasets::DatasetStore;
use super::gallery;
use super::probe;
use super::protocol::{BackendPreference, Command, Event};
use super::wire;
use crate::data::UploadLimits;

/// Everything the worker keeps between commands.
struct WorkerState {
    backends: BackendCache,
    current: Option<SelectedBackend>,
    datasets: DatasetStore,
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

async fn run_commands(mut receiver: mpsc::UnboundedReceiver<Command>) {
    let state = Rc::new(RefCell::new(WorkerState {
        backends: BackendCache::default(),
        current: None,
        datasets: DatasetStore::default(),
    }));
    while let Some(command) = receiver.next().await {
        handle(&state, command).await;
    }
}

async fn handle(state: &Rc<RefCell<WorkerState>>, command: Command) {
    match command {
        Command::SelectBackend { preference } => select_backend(state, preference).await,
        Command::RunProbe { size } => run_probe(state, size).await,
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
    }
}

fn post_dataset(state: &Rc<RefCell<WorkerState>>, millis: f64) {
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

async fn select_backend(state: &Rc<RefCell<WorkerState>>, preference: BackendPreference) {
    let report = |stage: &str| {
        post(&Event::BackendSelecting {
            stage: stage.to_string(),
        })
    };
    // The state is borrowed by this task alone: commands run one at a time.
    let mut backends = std::mem::take(&mut state.borrow_mut().backends);
    let selected = backends.select(preference, &report).await;
    post(&Event::BackendReady(selected.info.clone()));
    let mut state = state.borrow_mut();
    state.backends = backends;
    state.current = Some(selected);
}

async fn run_probe(state: &Rc<RefCell<WorkerState>>, size: usize) {
    if !(1..=probe::MAX_PROBE_SIZE).contains(&size) {
        post(&Event::Failed {
            message: format!(
                "the probe size must be between 1 and {}",
                probe::MAX_PROBE_SIZE
            ),
        });
        return;
    }
    let Some(backend) = state.borrow().current.clone() else {
        post(&Event::Failed {
            message: "no backend is selected yet".to_string(),
        });
        return;
    };
    let started = now();
    let checksum = probe::probe_checksum(size, &backend.device)
        .into_scalar_async::<f32>()
        .await;
    match checksum {
        Ok(checksum) => post(&Event::ProbeFinished {
            size,
            checksum: f64::from(checksum),
            millis: now() - started,
            backend: backend.info.kind,
        }),
        Err(error) => post(&Event::Failed {
            message: format!(
                "the device check failed on {:?}: {error:?}",
                backend.info.kind
            ),
        }),
    }
}

/// Milliseconds from the worker's clock (sub-millisecond where the browser allows).
fn now() -> f64 {
    scope()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts an event to the page; an event that cannot be encoded is replaced by a `Failed` report.
fn post(event: &Event) {
    let payload = wire::encode(event).or_else(|message| wire::encode(&Event::Failed { message }));
    if let Ok(payload) = payload {
        // Posting from a worker to its page fails only for uncloneable data, which we never send.
        let _ = scope().post_message(&payload);
    }
}
