//! What the page asks of the video task's session (`Command::Video`).

use serde::{Deserialize, Serialize};

use super::messages::VideoControl;
use crate::session_messages::SessionControl;
use nda_plain::data::video::ClipSet;
use nda_plain::train::video::VideoExperiment;

/// A request to the video session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VideoCommand {
    /// Start a session on the experiment's Moving Shapes clips, or on `clips` when the
    /// experiment names a person's clips (replacing any session): the NDA run, and the baseline
    /// (`m = 0`) next to it when `experiment.compare_with_baseline`.
    Start {
        /// The settings.
        experiment: VideoExperiment,
        /// The person's clips the page holds, if any (decoded there; they go no further than
        /// the page's own worker).
        clips: Option<ClipSet>,
    },
    /// Step or evaluate the session.
    Control(VideoControl),
    /// Pause, resume, stop or forget the session, as every task's session does (the worker
    /// turns a `Command::Session` of `Task::Video` into these commands).
    Session(SessionControl),
    /// The session as a run file (`run.zip`, as `nda-lab video` writes it), posted as
    /// `Event::Exported` with `task: Task::Video`.
    Export {
        /// For the browser's saved runs (true) or a download (false).
        save: bool,
    },
    /// After a GPU fault, move the session to the current backend (the page switched to the CPU)
    /// from the host copies of its weights kept at its last evaluation; it is paused there.
    ContinueOnCurrentBackend,
    /// Open a run file: its encoders restored paused (finished when trained to the end) on the
    /// current backend, its history sent to the page (`VideoEvent::Imported`, then `History`).
    Import {
        /// The zip's bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// The person's clips the page holds, for a run that trained on them.
        clips: Option<ClipSet>,
    },
}
