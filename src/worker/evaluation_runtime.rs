//! The worker's evaluation commands: "Evaluate now", the evaluations that fall due while a GAN
//! session trains, one slice of the running evaluation per turn of the loop, and "score your
//! image". Like the sessions, the evaluation and the GAN session are taken out of the shared
//! state while they await read-backs.

use std::cell::RefCell;
use std::rc::Rc;

use super::gan_session::GanSession;
use super::image_scoring::{prepare_scoring, score_upload};
use super::protocol::Event;
use super::runtime::{WorkerState, now, post};
use crate::data::UploadFile;
use crate::train::evaluation::EvaluationSettings;

/// Starts evaluating the GAN session now, with `settings` (from the page), or with the
/// settings it started with when `None` (an evaluation that fell due).
pub(super) fn begin_evaluation(
    state: &Rc<RefCell<WorkerState>>,
    settings: Option<EvaluationSettings>,
) {
    let mut state = state.borrow_mut();
    let WorkerState {
        gan,
        gan_evaluation,
        gan_dataset,
        evaluation,
        current,
        ..
    } = &mut *state;
    let begun = match (gan.as_ref(), current.as_ref()) {
        (Some(session), Some(backend)) => evaluation.begin(
            *gan_dataset,
            settings.unwrap_or_else(|| gan_evaluation.clone()),
            (session.iteration(), session.runs().count(), false),
            &backend.device.clone().autodiff(),
            now,
        ),
        _ => Err("there is no GAN run to evaluate: train one first".into()),
    };
    match begun {
        Ok(progress) => post(&progress),
        Err(message) => post(&Event::Failed {
            message: format!("cannot evaluate: {message}"),
        }),
    }
}

/// Starts the evaluation the last iteration made due, if any.
pub(super) fn begin_due_evaluation(state: &Rc<RefCell<WorkerState>>) {
    let due = state
        .borrow_mut()
        .gan
        .as_mut()
        .is_some_and(GanSession::take_due_evaluation);
    if due {
        begin_evaluation(state, None);
    }
}

/// One slice of the running evaluation of a study's pair: its numbers end the pair.
async fn study_evaluation_tick(state: &Rc<RefCell<WorkerState>>) {
    let (runner, mut work, backend) = {
        let mut state = state.borrow_mut();
        (
            state.study.take(),
            std::mem::take(&mut state.evaluation),
            state.current.clone(),
        )
    };
    let mut events = Vec::new();
    let mut runner = runner;
    match (runner.as_mut(), backend) {
        (Some(runner), Some(backend)) if runner.session().is_some() => {
            let advanced = match runner.session() {
                Some(session) => work.advance(session, &backend.device, now).await,
                None => Vec::new(),
            };
            for event in advanced {
                match event {
                    Event::GanEvaluated(evaluated) => {
                        events.push(runner.finish(Ok(evaluated), now));
                    }
                    Event::Failed { message } => events.push(runner.finish(Err(message), now)),
                    _ => {}
                }
            }
        }
        _ => work.cancel(),
    }
    {
        let mut state = state.borrow_mut();
        state.study = runner;
        state.evaluation = work;
    }
    events.iter().for_each(post);
}

/// One slice of the running evaluation.
pub(super) async fn evaluation_tick(state: &Rc<RefCell<WorkerState>>) {
    if state.borrow().evaluation.is_for_study() {
        study_evaluation_tick(state).await;
        return;
    }
    let (session, mut work, backend) = {
        let mut state = state.borrow_mut();
        (
            state.gan.take(),
            std::mem::take(&mut state.evaluation),
            state.current.clone(),
        )
    };
    let events = match (&session, backend) {
        (Some(session), Some(backend)) => work.advance(session, &backend.device, now).await,
        _ => {
            work.cancel();
            vec![Event::Failed {
                message: "the evaluation stopped: its GAN run or device is gone".into(),
            }]
        }
    };
    {
        let mut state = state.borrow_mut();
        state.gan = session;
        state.evaluation = work;
    }
    events.iter().for_each(post);
}

/// Scores an uploaded image with every run of the GAN session.
pub(super) async fn score_image(state: &Rc<RefCell<WorkerState>>, file: UploadFile) {
    let prepared = {
        let state = state.borrow();
        match (&state.gan, state.current.clone(), state.datasets.active()) {
            (Some(_), Some(backend), Some(training)) => {
                prepare_scoring(file, state.gan_dataset, training).map(|inputs| (inputs, backend))
            }
            (None, ..) => Err("there is no discriminator to score with: train a GAN first".into()),
            _ => Err("there is no device or dataset".into()),
        }
    };
    // Taken in its own statement: a borrow in the match's scrutinee would last through the arms.
    let session = state.borrow_mut().gan.take();
    let result = match (prepared, session) {
        (Ok((inputs, backend)), Some(session)) => {
            let result = score_upload(&session, inputs, &backend.device).await;
            state.borrow_mut().gan = Some(session);
            result
        }
        (Err(message), session) => {
            state.borrow_mut().gan = session;
            Err(message)
        }
        (Ok(_), None) => Err("the GAN run is gone".into()),
    };
    match result {
        Ok(scored) => post(&Event::ImageScored(scored)),
        Err(message) => post(&Event::Failed {
            message: format!("cannot score the image: {message}"),
        }),
    }
}
