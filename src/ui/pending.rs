//! A request a page section sent to the worker and is waiting for. While it waits, a `Failed`
//! event is the answer to it and is shown there; a crashed worker ends the wait with a reason, so
//! no section spins forever. Sections hold one of these instead of their own copies of the rule.

use crate::ui::lost_worker::worker_lost_problem;
use nda_protocol::Event;

/// The waiting state of one section's request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pending {
    /// A command is on its way; a `Failed` event now belongs to this section.
    pub awaiting: bool,
    /// Why the last request failed.
    pub error: Option<String>,
}

impl Pending {
    /// A request leaves: wait, and forget the last failure.
    pub fn send(&mut self) {
        self.awaiting = true;
        self.error = None;
    }

    /// The answer came.
    pub fn answered(&mut self) {
        self.awaiting = false;
    }

    /// Takes a `Failed` event as the answer while waiting (other sections ignore it).
    pub fn apply(&mut self, event: &Event) {
        if let Event::Failed { message } = event
            && self.awaiting
        {
            self.awaiting = false;
            self.error = Some(message.clone());
        }
    }

    /// The worker crashed: an answer on its way will never come.
    pub fn worker_lost(&mut self, message: &str) {
        if self.awaiting {
            self.error = Some(worker_lost_problem(message));
        }
        self.awaiting = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_the_answer_only_while_waiting() {
        let mut pending = Pending::default();
        let failed = Event::Failed {
            message: "no run".into(),
        };
        pending.apply(&failed);
        assert_eq!(pending.error, None);
        pending.send();
        pending.apply(&failed);
        assert_eq!(
            (pending.awaiting, pending.error.as_deref()),
            (false, Some("no run"))
        );
        pending.send();
        assert_eq!(pending.error, None);
        pending.worker_lost("unreachable");
        assert!(!pending.awaiting && pending.error.is_some());
        pending.worker_lost("again");
        assert!(
            pending
                .error
                .as_deref()
                .is_some_and(|error| error.contains("unreachable"))
        );
    }
}
