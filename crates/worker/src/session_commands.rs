//! What the worker's commands do the same way for every task's session, through one trait
//! ([`TaskSession`]): where the session sits in the worker's state, how its status reaches the
//! page, its controls, and continuing it on the current backend after its device was lost. A new
//! task implements the trait for its session (in its folder's `runtime.rs`) and gets these
//! commands.

use std::cell::RefCell;
use std::rc::Rc;

use crate::session_core::SessionCore;
use crate::worker_state::{WorkerState, now, post, with_session};
use nda_core::train::Run;
use nda_protocol::Event;
use nda_protocol::session_messages::SessionStatus;

/// What the worker's shared commands need of a task's session.
pub(crate) trait TaskSession: Sized {
    /// The task's run settings.
    type Config: Clone;
    /// The task's run.
    type Run: Run;
    /// The page's controls of the session (pause, resume, stop, reset, the task's steps).
    type Control: Copy + PartialEq;

    /// The task as messages name it ("GAN", "contrastive").
    const NAME: &'static str;
    /// The control that forgets the session.
    const RESET: Self::Control;

    /// The session's place in the worker's state.
    fn slot(state: &mut WorkerState) -> &mut Option<Self>;

    /// The runs, phase, faults and host copies every task's session keeps.
    fn core_mut(&mut self) -> &mut SessionCore<Self::Config, Self::Run>;

    /// The state the page shows.
    fn status(&self) -> SessionStatus<Self::Config>;

    /// The event that carries the status to the page (`None`: the session was forgotten).
    fn status_event(status: Option<SessionStatus<Self::Config>>) -> Event;

    /// Applies a control (`now` is the worker's clock); returns the events for the page.
    async fn control(&mut self, control: Self::Control, now: fn() -> f64) -> Vec<Event>;
}

/// Applies a control of the page to the task's session (a reset forgets it), and posts what it
/// reports; without a session, says to start one.
pub(crate) async fn apply_control<S: TaskSession>(
    state: &Rc<RefCell<WorkerState>>,
    control: S::Control,
) {
    let missing = format!("there is no {} run yet: press Start first", S::NAME);
    let events = with_session(state, S::slot, Some(&missing), async |session| {
        session.control(control, now).await
    })
    .await;
    if control == S::RESET {
        *S::slot(&mut state.borrow_mut()) = None;
    }
    events.unwrap_or_default().iter().for_each(post);
}

/// Continues a session stopped by a lost device on the current backend (the CPU), from the host
/// copies of its weights; it is paused afterwards. Says why when it cannot.
pub(crate) fn continue_on_current_backend<S: TaskSession>(state: &Rc<RefCell<WorkerState>>) {
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
