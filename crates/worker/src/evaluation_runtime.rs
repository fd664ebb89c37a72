//! The worker's evaluation commands: "Evaluate now", the evaluations that fall due while a GAN
//! session trains, one slice of the running evaluation per turn of the loop, "score your image"
//! and "what D looks at". Like the sessions, the evaluation and the GAN session are taken out of the shared
//! state while they await read-backs.

use nda_protocol::{Event, GanEvent};
use std::cell::RefCell;
use std::rc::Rc;

use super::evaluator_kinds::EvaluationData;
use super::gan::session::GanSession;
use super::image_scoring::{prepare_scoring, score_upload};
use super::looking::{TrainingImage, image_for, look};
use super::session_commands::TaskSession;
use super::worker_state::{WorkerState, now, post, with_session};
use nda_core::data::UploadFile;
use nda_core::train::evaluation::EvaluationSettings;
use nda_protocol::looking_messages::LookSource;

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
        gan_fingerprint,
        evaluation,
        current,
        datasets,
        ..
    } = &mut *state;
    // A GAN on a person's images is judged against them: the active set, if it still is the one
    // the GAN trained on.
    let data = match (*gan_dataset, datasets.active()) {
        (Some(spec), _) => Ok(EvaluationData::Builtin(spec)),
        (None, Some(images)) if Some(images.fingerprint()) == *gan_fingerprint => {
            Ok(EvaluationData::Uploads(images.clone()))
        }
        (None, _) => Err(String::from(
            "the GAN trained on other images than the active ones: use its images again (Data \
             panel) to evaluate it",
        )),
    };
    let begun = match (gan.as_ref(), current.as_ref(), data) {
        (_, _, Err(message)) if gan.is_some() => Err(message),
        (Some(session), Some(backend), Ok(data)) => evaluation.begin(
            data,
            settings.unwrap_or_else(|| gan_evaluation.clone()),
            (session.iteration(), session.runs().count(), false),
            &backend.device.clone().autodiff(),
            now,
        ),
        (None, ..) => Err("there is no GAN run to evaluate: train one first".into()),
        _ => Err("there is no device or dataset".into()),
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

/// One slice of the running evaluation, of the GAN panel's session or of a study's pair (whose
/// numbers, or failure, end the pair). The session's owner and the evaluation are taken out of
/// the state while it awaits.
pub(super) async fn evaluation_tick(state: &Rc<RefCell<WorkerState>>) {
    let (mut work, gan, mut study, backend) = {
        let mut state = state.borrow_mut();
        let work = std::mem::take(&mut state.evaluation);
        let for_study = work.is_for_study();
        let gan = if for_study { None } else { state.gan.take() };
        let study = if for_study { state.study.take() } else { None };
        (work, gan, study, state.current.clone())
    };
    let for_study = work.is_for_study();
    let session = match &study {
        Some(runner) => runner.session(),
        None => gan.as_ref(),
    };
    let events = match (session, backend) {
        (Some(session), Some(backend)) => work.advance(session, &backend.device, now).await,
        _ => {
            work.cancel();
            // A study without a running pair has nothing to report.
            let message = "the evaluation stopped: its GAN run or device is gone";
            (!for_study)
                .then(|| Event::Failed {
                    message: message.into(),
                })
                .into_iter()
                .collect()
        }
    };
    let events: Vec<Event> = match study.as_mut() {
        Some(runner) => events
            .into_iter()
            .filter_map(|event| match event {
                Event::Gan(GanEvent::Evaluated(evaluated)) => {
                    Some(runner.finish(Ok(evaluated), now))
                }
                Event::Failed { message } => Some(runner.finish(Err(message), now)),
                // Evaluators trained for a study are kept by the page like any others.
                Event::EvaluatorsTrained(file) => Some(Event::EvaluatorsTrained(file)),
                _ => None,
            })
            .collect(),
        None => events,
    };
    {
        let mut state = state.borrow_mut();
        if for_study {
            state.study = study;
        } else {
            state.gan = gan;
        }
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
    let result = match prepared {
        Ok((inputs, backend)) => with_session(state, GanSession::slot, None, async |session| {
            score_upload(session, inputs, &backend.device).await
        })
        .await
        .unwrap_or_else(|| Err("the GAN run is gone".into())),
        Err(message) => Err(message),
    };
    match result {
        Ok(scored) => post(&Event::Gan(GanEvent::ImageScored(scored))),
        Err(message) => post(&Event::Failed {
            message: format!("cannot score the image: {message}"),
        }),
    }
}

/// Shows an image to every discriminator of the GAN session: scores and occlusion maps.
pub(super) async fn look_at(state: &Rc<RefCell<WorkerState>>, source: LookSource, index: usize) {
    let inputs = {
        let state = state.borrow();
        match (state.current.clone(), state.datasets.active()) {
            (Some(backend), Some(training)) => {
                Some((backend, TrainingImage::pick(training, index)))
            }
            _ => None,
        }
    };
    // D judges images of its own side only.
    let side = state.borrow().gan.as_ref().and_then(|session| {
        session
            .runs()
            .next()
            .map(|(info, _)| info.config.image_size)
    });
    if let (Some(side), Some((_, training))) = (side, inputs.as_ref())
        && training.size != side
    {
        post(&Event::Failed {
            message: format!(
                "cannot show the image to D: the GAN works at {side} px and the active images are \
                 {} px; use its images again (Data panel)",
                training.size
            ),
        });
        return;
    }
    let looked = with_session(state, GanSession::slot, None, async |session| {
        let Some((backend, training)) = inputs else {
            return Err("there is no device or dataset".to_string());
        };
        let device = &backend.device;
        let size = training.size;
        let (image, what) = image_for(source, index, training, session, device).await?;
        look(session, &image, size, what, device)
            .await
            .map_err(|error| error.to_string())
    })
    .await;
    let result = looked
        .unwrap_or_else(|| Err("there is no discriminator to look with: train a GAN first".into()));
    match result {
        Ok(looked) => post(&Event::Gan(GanEvent::Looked(looked))),
        Err(message) => post(&Event::Failed {
            message: format!("cannot show the image to D: {message}"),
        }),
    }
}
