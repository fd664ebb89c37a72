//! The worker's study commands: run a study (skipping the pairs the page already has), stop
//! it, and one step of it per turn of the loop. A pair's evaluation runs through the shared
//! evaluation work, so the evaluators trained for the GAN panel serve the study too.

use std::cell::RefCell;
use std::rc::Rc;

use super::study_runner::StudyRunner;
use super::worker_state::{WorkerState, now, post};
use nda_core::experiment::ExperimentConfig;
use nda_protocol::{BackendKind, Event};

/// Starts the study of `config`, skipping the pairs `done` (a page that reloaded midway).
pub(super) fn study_start(
    state: &Rc<RefCell<WorkerState>>,
    config: &ExperimentConfig,
    done: &[usize],
) {
    let uploads = state.borrow().datasets.active().cloned();
    match StudyRunner::new(config, done, uploads.as_ref()) {
        Ok(runner) => {
            let mut state = state.borrow_mut();
            if state.evaluation.is_for_study() {
                state.evaluation.cancel();
            }
            state.study = Some(runner);
        }
        Err(message) => post(&Event::Failed {
            message: format!("cannot run the study: {message}"),
        }),
    }
}

/// Stops the running study; its finished pairs stay with the page.
pub(super) fn study_stop(state: &Rc<RefCell<WorkerState>>) {
    let mut state = state.borrow_mut();
    if state.evaluation.is_for_study() {
        state.evaluation.cancel();
    }
    if state.study.take().is_some() {
        post(&Event::StudyEnded { finished: false });
    }
}

/// One step of the running study: starts or trains its current pair, and starts the pair's
/// evaluation when it falls due.
pub(super) async fn study_tick(state: &Rc<RefCell<WorkerState>>) {
    let Some(backend) = state.borrow().current.clone() else {
        // No device yet (the worker is still choosing one): the study waits.
        return;
    };
    let Some(mut runner) = state.borrow_mut().study.take() else {
        return;
    };
    let device = backend.device.clone().autodiff();
    let on_gpu = backend.info.kind == BackendKind::WebGpu;
    let Some((events, due)) = runner.tick(&device, on_gpu, now).await else {
        post(&Event::StudyEnded { finished: true });
        return;
    };
    events.iter().for_each(post);
    if due {
        let (settings, iteration) = (
            runner.evaluation().unwrap_or_default(),
            runner.session().map_or(0, |session| session.iteration()),
        );
        let begun = state.borrow_mut().evaluation.begin(
            runner.evaluation_data(),
            settings,
            (iteration, 2, true),
            &device,
            now,
        );
        if let Err(message) = begun {
            post(&runner.finish(Err(message), now));
        }
    }
    state.borrow_mut().study = Some(runner);
}
