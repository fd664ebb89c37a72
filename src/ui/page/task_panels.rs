//! The one place the page picks a task's panel by its task: the shared sections (routing,
//! downloads, saved runs, time estimates) reach any panel through [`AnyTaskPanel`].

use super::Page;
use super::cell::{Cell as _, Store};
use crate::experiment::Task;
use crate::ui::device_speed::DeviceRate;
use crate::ui::task_panel::AnyTaskPanel;

impl<S: Store> Page<S> {
    /// Changes the panel of `task`: the one place the page picks a task's panel by its task.
    pub fn change_panel<R: Default>(
        self,
        task: Task,
        change: impl FnOnce(&mut dyn AnyTaskPanel) -> R,
    ) -> R {
        match task {
            Task::Gan => self.gan.change(|state| change(state)),
            Task::Contrastive => self.contrastive.change(|state| change(state)),
            Task::Video => self.video.change(|state| change(state)),
        }
    }

    /// Reads the panel of `task` (a view that calls it re-renders when the panel changes).
    pub fn read_panel<R>(self, task: Task, read: impl FnOnce(&dyn AnyTaskPanel) -> R) -> R {
        match task {
            Task::Gan => self.gan.read(|state| read(state)),
            Task::Contrastive => self.contrastive.read(|state| read(state)),
            Task::Video => self.video.read(|state| read(state)),
        }
    }

    /// Reads the panel of `task` without subscribing to it (for decisions, not for views).
    pub fn peek_panel<R>(self, task: Task, read: impl FnOnce(&dyn AnyTaskPanel) -> R) -> R {
        match task {
            Task::Gan => self.gan.peek(|state| read(state)),
            Task::Contrastive => self.contrastive.peek(|state| read(state)),
            Task::Video => self.video.peek(|state| read(state)),
        }
    }

    /// This device's speed for time estimates of `task`: the pace of that task's run in the
    /// page, else the calibration of the current backend.
    pub fn device_rate(self, task: Task) -> Option<DeviceRate> {
        let run = self.read_panel(task, |panel| panel.pace());
        self.shell
            .read(|shell| shell.speed.rate(task, shell.backend_kind(), run))
    }
}
