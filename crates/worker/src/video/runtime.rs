//! The worker's video commands: start a session on Moving Shapes clips, apply its controls (its
//! own steps and the shared pause, resume, stop and reset), step it while it runs, export it as
//! a run file and open one. Like the other tasks', the session is taken out of the shared state while it
//! awaits read-backs.

use std::cell::RefCell;
use std::rc::Rc;

use crate::measured_session::MeasuredSession;
use crate::session_control::session_control;
use crate::video::clips_key::VideoClipsKey;
use crate::video::session::VideoSession;
use crate::worker_state::{WorkerState, now, post, with_session};
use burn::tensor::Device;
use nda_core::data::video::ClipSet;
use nda_core::experiment::{Task, VideoArchive};
use nda_core::train::TrainError;
use nda_core::train::video::{VideoData, VideoExperiment};
use nda_protocol::video::messages::VideoControl;
use nda_protocol::{BackendKind, Event, SessionCommand, SessionControl, VideoCommand, VideoEvent};

const MISSING: &str = "there is no video run yet: press Start first";

fn slot(state: &mut WorkerState) -> &mut Option<VideoSession> {
    &mut state.video
}

/// Carries out a command of the video session.
pub(crate) async fn handle(state: &Rc<RefCell<WorkerState>>, command: VideoCommand) {
    match command {
        VideoCommand::Start { experiment, clips } => video_start(state, &experiment, clips),
        VideoCommand::Control(control) => video_control(state, control).await,
        VideoCommand::Session(control) => shared_control(state, control).await,
        VideoCommand::Export { save } => video_export(state, save).await,
        VideoCommand::Import { bytes, clips } => video_import(state, &bytes, clips),
        VideoCommand::ContinueOnCurrentBackend => video_continue(state),
    }
}

/// A command every task's session takes, as the video session's own: the same controls, its
/// run file (its settings are its own, so the page's `config` is not needed) and opening one.
pub(crate) fn own(command: SessionCommand) -> VideoCommand {
    match command {
        SessionCommand::Control(control) => VideoCommand::Session(control),
        SessionCommand::Export { save, .. } => VideoCommand::Export { save },
        // A saved run opened from the list: the page sends the clips by the video panel's own
        // command when the run needs them.
        SessionCommand::Import { bytes } => VideoCommand::Import { bytes, clips: None },
        SessionCommand::ContinueOnCurrentBackend => VideoCommand::ContinueOnCurrentBackend,
    }
}

/// One step of the running video session, taken out of the state while it awaits.
pub(crate) async fn video_tick(state: &Rc<RefCell<WorkerState>>) {
    let ticked = with_session(state, slot, None, async |session| session.tick(now).await).await;
    ticked.unwrap_or_default().iter().for_each(post);
}

/// Builds the session on the experiment's clips (Moving Shapes generated once per clip spec and
/// kept, or the person's `clips`) and the current backend.
fn video_start(
    state: &Rc<RefCell<WorkerState>>,
    experiment: &VideoExperiment,
    clips: Option<ClipSet>,
) {
    let started = with_clips(state, experiment, clips, |data, device, keep| {
        VideoSession::start(experiment, data, device, keep)
    });
    match started {
        Ok(session) => {
            post(&Event::Video(VideoEvent::Status(Some(session.status()))));
            state.borrow_mut().video = Some(session);
        }
        Err(message) => post(&failed(&message)),
    }
}

/// Opens a run file: its encoders restored on its experiment's clips, its settings and history
/// sent to the page.
fn video_import(state: &Rc<RefCell<WorkerState>>, bytes: &[u8], clips: Option<ClipSet>) {
    let refused = |message: String| Event::Failed {
        message: format!("this run file cannot be opened: {message}"),
    };
    let archive = match VideoArchive::from_zip(bytes) {
        Ok(archive) => archive,
        Err(error) => return post(&refused(error.to_string())),
    };
    let imported = with_clips(state, &archive.experiment, clips, |data, device, keep| {
        VideoSession::import(&archive, data, device, keep)
    });
    match imported {
        Ok(session) => {
            post(&Event::Video(VideoEvent::Imported {
                experiment: archive.experiment.clone(),
            }));
            post(&Event::Video(VideoEvent::Status(Some(session.status()))));
            session.history_events().iter().for_each(post);
            state.borrow_mut().video = Some(session);
        }
        Err(message) => post(&refused(message)),
    }
}

/// Moves a session stopped by a GPU fault to the current backend, from its host copies.
fn video_continue(state: &Rc<RefCell<WorkerState>>) {
    let mut state = state.borrow_mut();
    let Some(backend) = state.current.clone() else {
        return;
    };
    // Out of its slot while the clips are borrowed, and back whatever happens.
    let mut taken = state.video.take();
    let outcome = match (taken.as_mut(), state.video_data.as_ref()) {
        (Some(session), Some((_, data))) => session
            .continue_on(data, &backend.device.autodiff())
            .map(|()| session.status())
            .map_err(|error| error.to_string()),
        _ => Err("there is no stopped video run to continue".to_string()),
    };
    state.video = taken;
    post(&match outcome {
        Ok(status) => Event::Video(VideoEvent::Status(Some(status))),
        Err(message) => Event::Failed {
            message: format!("cannot continue on this backend: {message}"),
        },
    });
}

/// Runs `build` on the clips `experiment` names (Moving Shapes drawn once per spec and kept:
/// 1,600 clips take a while in the page; a person's `clips`, which must be the ones it names),
/// the current backend's autodiff device, and whether to keep host copies (on a GPU).
fn with_clips<T>(
    state: &Rc<RefCell<WorkerState>>,
    experiment: &VideoExperiment,
    clips: Option<ClipSet>,
    build: impl FnOnce(&VideoData, &Device, bool) -> Result<T, TrainError>,
) -> Result<T, String> {
    let mut state = state.borrow_mut();
    let key = match &experiment.own_clips {
        None => VideoClipsKey::Shapes(experiment.clips),
        Some(own) => {
            let offered = clips.as_ref().map(ClipSet::fingerprint);
            if let Some(missing) = own.missing(offered.as_deref()) {
                return Err(missing);
            }
            VideoClipsKey::Own(own.fingerprint.clone(), experiment.config.seed)
        }
    };
    let cached = state
        .video_data
        .as_ref()
        .is_some_and(|(kept, _)| *kept == key);
    if !cached {
        // Dropped first: two sets of clips need not live at once.
        state.video_data = None;
        let data = match (&key, clips) {
            (VideoClipsKey::Own(..), Some(clips)) => {
                VideoData::from_clips(&clips, &experiment.config)
            }
            _ => VideoData::moving_shapes(&experiment.clips),
        }
        .map_err(|error| error.to_string())?;
        state.video_data = Some((key, data));
    }
    match (state.current.as_ref(), state.video_data.as_ref()) {
        (Some(backend), Some((_, data))) => build(
            data,
            &backend.device.clone().autodiff(),
            backend.info.kind == BackendKind::WebGpu,
        )
        .map_err(|error| error.to_string()),
        _ => Err("no backend is selected yet".to_string()),
    }
}

fn failed(message: &str) -> Event {
    Event::Failed {
        message: format!("cannot start video training: {message}"),
    }
}

async fn video_control(state: &Rc<RefCell<WorkerState>>, control: VideoControl) {
    let events = with_session(state, slot, Some(MISSING), async |session| {
        session.control(control, now).await
    })
    .await;
    events.unwrap_or_default().iter().for_each(post);
}

/// Pauses, resumes, stops or forgets the session, as every task's session does.
async fn shared_control(state: &Rc<RefCell<WorkerState>>, control: SessionControl) {
    let events = with_session(state, slot, Some(MISSING), async |session| {
        session_control(session, control, now).await
    })
    .await;
    if control == SessionControl::Reset {
        state.borrow_mut().video = None;
    }
    events.unwrap_or_default().iter().for_each(post);
}

/// Posts the session as a run file, to download or to keep among the browser's saved runs.
async fn video_export(state: &Rc<RefCell<WorkerState>>, save: bool) {
    let missing = "there is no video run to export: train one first";
    let exported = with_session(state, slot, Some(missing), async |session| {
        (session.export().await, session.steps())
    })
    .await;
    let Some((result, step)) = exported else {
        return;
    };
    post(&match result {
        Ok(bytes) => Event::Exported {
            task: Task::Video,
            file_name: format!("nda-lab-video-step-{step}.zip"),
            save,
            step,
            bytes,
        },
        Err(message) => Event::Failed {
            message: format!("the run could not be exported: {message}"),
        },
    });
}
