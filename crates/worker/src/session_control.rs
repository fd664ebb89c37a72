//! Pause, resume, stop and reset: what every task's session does alike with the page's shared
//! controls (`SessionControl`), written once over [`ControlledSession`]. A task's session gives
//! its status event and its reports; its own steps stay its own (`GanControl`,
//! `ContrastiveControl`).

use crate::session_core::SessionCore;
use nda_core::train::Run;
use nda_protocol::session_messages::SessionStatus;
use nda_protocol::{Event, SessionControl};

/// What the shared controls need of a task's session.
pub trait ControlledSession {
    /// The task's run settings.
    type Config: Clone;
    /// The task's run.
    type Run: Run;

    /// The runs, phase, faults and host copies every task's session keeps.
    fn core_mut(&mut self) -> &mut SessionCore<Self::Config, Self::Run>;

    /// The state the page shows.
    fn status(&self) -> SessionStatus<Self::Config>;

    /// The event that carries the status to the page (`None`: the session was forgotten).
    fn status_event(status: Option<SessionStatus<Self::Config>>) -> Event;

    /// Reads every run's latest values for the page now, or reports the fault that stopped it.
    fn report_or_fail(&mut self, now: fn() -> f64) -> impl Future<Output = Vec<Event>>;
}

/// Implements [`ControlledSession`] for a task's session type whose `core` field and `status`
/// method have those names, with `$status` the task's status event
/// (`$status(Option<SessionStatus<$config>>) -> Event`). Its `report_or_fail` is the session's
/// own, or with `measured` its [`MeasuredSession`](crate::measured_session::MeasuredSession)'s.
macro_rules! controlled_session {
    ($session:ty, $config:ty, $run:ty, $status:expr) => {
        $crate::session_control::controlled_session!(@impl $session, $config, $run, $status, $session);
    };
    ($session:ty, $config:ty, $run:ty, $status:expr, measured) => {
        $crate::session_control::controlled_session!(
            @impl $session, $config, $run, $status,
            $session as $crate::measured_session::MeasuredSession
        );
    };
    (@impl $session:ty, $config:ty, $run:ty, $status:expr, $($report:tt)+) => {
        impl $crate::session_control::ControlledSession for $session {
            type Config = $config;
            type Run = $run;

            fn core_mut(&mut self) -> &mut $crate::session_core::SessionCore<$config, $run> {
                &mut self.core
            }

            fn status(&self) -> nda_protocol::session_messages::SessionStatus<$config> {
                <$session>::status(self)
            }

            fn status_event(
                status: Option<nda_protocol::session_messages::SessionStatus<$config>>,
            ) -> nda_protocol::Event {
                $status(status)
            }

            async fn report_or_fail(&mut self, now: fn() -> f64) -> Vec<nda_protocol::Event> {
                <$($report)+>::report_or_fail(self, now).await
            }
        }
    };
}
pub(crate) use controlled_session;

/// Applies a shared control to `session` (`now` is the worker's clock); returns the events for
/// the page. A reset only reports the forgotten session: dropping it is the caller's.
pub async fn session_control<S: ControlledSession>(
    session: &mut S,
    control: SessionControl,
    now: fn() -> f64,
) -> Vec<Event> {
    match control {
        SessionControl::Pause | SessionControl::Stop => {
            let stop = control == SessionControl::Stop;
            let was_running = session.core_mut().pause_or_stop(stop);
            // The last values first, then the new phase: once the page shows "Paused", its
            // counters are final.
            let mut events = Vec::new();
            if was_running {
                events.extend(session.report_or_fail(now).await);
            }
            events.push(S::status_event(Some(session.status())));
            events
        }
        SessionControl::Resume => match session.core_mut().resume() {
            Ok(()) => vec![S::status_event(Some(session.status()))],
            Err(refusal) => vec![*refusal],
        },
        SessionControl::Reset => vec![S::status_event(None)],
    }
}
