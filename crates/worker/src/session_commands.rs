//! What the worker's commands do the same way for every task's session, through one trait
//! ([`TaskSession`]): where the session sits in the worker's state, how its status reaches the
//! page, its controls, exporting and importing it as a run file, and continuing it on the current
//! backend after its device was lost. A new task implements the trait for its session (in its
//! folder's `runtime.rs`), adds one line to `runtime.rs`'s dispatch, and gets these commands.

use std::cell::RefCell;
use std::rc::Rc;

use crate::session_control::{ControlledSession, session_control};
use crate::worker_state::{WorkerState, now, post, with_session};
use nda_core::data::ImageSet;
use nda_core::experiment::{ExperimentConfig, Task};
use nda_core::train::Run;
use nda_protocol::{Event, SessionCommand, SessionControl};

/// What the worker's shared commands need of a task's session, beyond the shared controls'
/// [`ControlledSession`].
pub(crate) trait TaskSession: ControlledSession + Sized {
    /// The task's own controls (its steps).
    type Control: Copy;
    /// What the export reads from the worker's state besides the session (the GAN's
    /// evaluation rows so far).
    type ExportContext;

    /// The task, as the protocol names it.
    const TASK: Task;
    /// The task as messages name it ("GAN", "contrastive").
    const NAME: &'static str;
    /// What a run file's name counts ("iteration", "step").
    const UNIT: &'static str;

    /// The session's place in the worker's state.
    fn slot(state: &mut WorkerState) -> &mut Option<Self>;

    /// Applies one of the task's own controls (`now` is the worker's clock); returns the events
    /// for the page.
    async fn control(&mut self, control: Self::Control, now: fn() -> f64) -> Vec<Event>;

    /// What the worker forgets with the session besides it (the GAN's evaluation rows).
    fn forget(_state: &mut WorkerState) {}

    /// What [`Self::export`] needs from the worker's state.
    fn export_context(state: &WorkerState) -> Self::ExportContext;

    /// The session as a run file; `config` is the page's settings.
    async fn export(
        &self,
        config: &ExperimentConfig,
        context: Self::ExportContext,
    ) -> Result<Vec<u8>, String>;

    /// Opens a run file as the task's session (its data set becomes the active one), and posts
    /// what the page shows of it, or why it cannot be opened.
    async fn import(state: &Rc<RefCell<WorkerState>>, bytes: Vec<u8>);
}

/// Carries out a command every task's session takes alike.
pub(crate) async fn session_command<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    command: SessionCommand,
) where
    S::Run: Run<Data = ImageSet>,
{
    match command {
        SessionCommand::Control(control) => apply_session_control::<S>(state, control).await,
        SessionCommand::Export { config, save } => export::<S>(state, &config, save).await,
        SessionCommand::Import { bytes } => S::import(state, bytes).await,
        SessionCommand::ContinueOnCurrentBackend => continue_on_current_backend::<S>(state),
    }
}

/// Posts the session as a run file, for a download or the browser's saved runs (`save`).
async fn export<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    config: &ExperimentConfig,
    save: bool,
) {
    let context = S::export_context(&state.borrow());
    let missing = format!("there is no {} run to export: train one first", S::NAME);
    let exported = with_session(state, S::slot, Some(&missing), async |session| {
        let step = session.core_mut().steps();
        (session.export(config, context).await, step)
    })
    .await;
    let Some((result, step)) = exported else {
        return;
    };
    post(&match result {
        Ok(bytes) => Event::Exported {
            task: S::TASK,
            file_name: format!("nda-lab-{}-{}-{step}.zip", S::NAME.to_lowercase(), S::UNIT),
            save,
            step,
            bytes,
        },
        Err(message) => Event::Failed {
            message: format!("the run could not be exported: {message}"),
        },
    });
}

/// Applies one of the task's own controls to its session, and posts what it reports; without
/// a session, says to start one.
pub(crate) async fn apply_control<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    control: S::Control,
) {
    let events = on_session::<S>(state, async |session| session.control(control, now).await).await;
    events.iter().for_each(post);
}

/// Pauses, resumes, stops or forgets the task's session (see `session_control`), and posts what
/// it reports; without a session, says to start one.
async fn apply_session_control<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    control: SessionControl,
) {
    let events = on_session::<S>(state, async |session| {
        session_control(session, control, now).await
    })
    .await;
    if control == SessionControl::Reset {
        let mut state = state.borrow_mut();
        *S::slot(&mut state) = None;
        S::forget(&mut state);
    }
    events.iter().for_each(post);
}

/// What `work` reports of the task's session, taken out of the state meanwhile; without a
/// session, says to start one and reports nothing.
async fn on_session<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    work: impl AsyncFnOnce(&mut S) -> Vec<Event>,
) -> Vec<Event> {
    let missing = format!("there is no {} run yet: press Start first", S::NAME);
    with_session(state, S::slot, Some(&missing), work)
        .await
        .unwrap_or_default()
}

/// Continues a session stopped by a lost device on the current backend (the CPU), from the host
/// copies of its weights; it is paused afterwards. Says why when it cannot. The image tasks'
/// sessions continue on the active data set.
pub(crate) fn continue_on_current_backend<S: TaskSession>(state: &Rc<RefCell<WorkerState>>)
where
    S::Run: Run<Data = ImageSet>,
{
    let mut state = state.borrow_mut();
    let Some(backend) = state.current.clone() else {
        return;
    };
    // Out of its slot while the data set is borrowed, and back whatever happens.
    let mut taken = S::slot(&mut state).take();
    let outcome = match (taken.as_mut(), state.datasets.active()) {
        (Some(session), Some(set)) => session
            .core_mut()
            .continue_on(set, &backend.device.autodiff())
            .map(|()| session.status())
            .map_err(|error| error.to_string()),
        _ => Err(format!(
            "there is no stopped {} run and dataset to continue",
            S::NAME
        )),
    };
    *S::slot(&mut state) = taken;
    match outcome {
        Ok(status) => post(&S::status_event(Some(status))),
        Err(message) => post(&Event::Failed {
            message: format!("cannot continue on this backend: {message}"),
        }),
    }
}
