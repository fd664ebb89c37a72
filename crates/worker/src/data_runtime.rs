//! The worker's data commands: the built-in sets, uploads and the augmentation gallery.

use std::cell::RefCell;
use std::rc::Rc;

use super::gallery;
use super::worker_state::{WorkerState, now, post, post_dataset};
use nda_core::data::{BuiltinSpec, UploadFile, UploadLimits};
use nda_protocol::Event;

/// Generates built-in set `spec` and makes it the active one.
pub(super) fn load_builtin(state: &Rc<RefCell<WorkerState>>, spec: BuiltinSpec) {
    let started = now();
    let result = state.borrow_mut().datasets.load_builtin(spec);
    match result {
        Ok(()) => post_dataset(state, now() - started),
        Err(error) => post(&Event::Failed {
            message: error.to_string(),
        }),
    }
}

/// Makes the uploaded images the active set, if there are any.
pub(super) fn use_uploads(state: &Rc<RefCell<WorkerState>>) {
    if state.borrow_mut().datasets.use_uploads() {
        post_dataset(state, 0.0);
    } else {
        post(&Event::Failed {
            message: "there are no uploaded images to use".into(),
        });
    }
}

/// Decodes uploaded files into the uploaded set; files that cannot be used are reported.
pub(super) fn add_uploads(state: &Rc<RefCell<WorkerState>>, files: Vec<UploadFile>, size: usize) {
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

/// Renders the gallery's rows of real images and their augmentations.
pub(super) async fn render_gallery(
    state: &Rc<RefCell<WorkerState>>,
    request: gallery::GalleryRequest,
) {
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
