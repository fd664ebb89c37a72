//! The worker's event loop: decode commands, run them one at a time, post events.
//!
//! Commands are queued and handled strictly in order by one async task, so a backend switch never
//! interleaves with a computation that uses the old backend. Each task's commands live in its own
//! file (`gan::runtime`, `contrastive::runtime`, `video::runtime`, `evaluation_runtime`, `study_runtime`,
//! `device_runtime`, `data_runtime`), sharing `worker_state`; this one keeps the loop and the
//! dispatch.

use nda_core::experiment::Task;
use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::MessageEvent;

use super::contrastive;
use super::contrastive::runtime::contrastive_tick;
use super::contrastive::session::ContrastiveSession;
use super::data_runtime::{add_uploads, load_builtin, render_gallery, use_uploads};
use super::device_runtime::{calibrate, run_probe, select_backend};
use super::evaluation_runtime::evaluation_tick;
use super::gallery;
use super::gan;
use super::gan::runtime::{MAX_GAN_DELAY_MILLIS, gan_tick};
use super::gan::session::GanSession;
use super::session_commands::session_command;
use super::study_runtime::{study_start, study_stop, study_tick};
use super::video;
use super::video::runtime::video_tick;
use super::video::session::VideoSession;
use super::worker_state::{WorkerState, post, post_dataset, scope};
use nda_protocol::wire;
use nda_protocol::{Command, Event};

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
    let state = Rc::new(RefCell::new(WorkerState::new()));
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
        let (gan_running, contrastive_running, video_running, studying) = {
            let state = state.borrow();
            (
                state.gan.as_ref().is_some_and(GanSession::is_running),
                state
                    .contrastive
                    .as_ref()
                    .is_some_and(ContrastiveSession::is_running),
                state.video.as_ref().is_some_and(VideoSession::is_running),
                state.study.is_some(),
            )
        };
        if gan_running || contrastive_running || video_running || studying {
            if studying {
                study_tick(&state).await;
            }
            if gan_running {
                gan_tick(&state).await;
            }
            if contrastive_running {
                contrastive_tick(&state).await;
            }
            if video_running {
                video_tick(&state).await;
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
        Command::LoadBuiltin { spec } => load_builtin(state, spec),
        Command::AddUploads { files, size } => add_uploads(state, files, size),
        Command::UseUploads => use_uploads(state),
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
        Command::StudyRun { config, done } => study_start(state, &config, &done),
        Command::StudyStop => study_stop(state),
        Command::OfferEvaluators { files } => state.borrow_mut().evaluation.offer(files),
        // Each task registers here: its own commands, and those every session takes alike.
        Command::Gan(command) => gan::runtime::handle(state, command).await,
        Command::Contrastive(command) => contrastive::runtime::handle(state, command).await,
        Command::Video(command) => video::runtime::handle(state, command).await,
        Command::Session { task, command } => match task {
            Task::Gan => session_command::<GanSession>(state, command).await,
            Task::Contrastive => session_command::<ContrastiveSession>(state, command).await,
            Task::Video => video::runtime::handle(state, video::runtime::own(command)).await,
        },
    }
}
