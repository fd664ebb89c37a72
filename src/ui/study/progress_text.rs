//! What the study section says while a study runs: the pair in progress and how many are done.

use super::state::StudyState;
use crate::experiment::Task;

impl StudyState {
    /// "Pair 2 of 4 (arm nda, seed 2): baseline, iteration 3 of 10 · 1 pairs done", while a pair
    /// trains.
    pub fn progress_line(&self) -> Option<String> {
        let progress = self.progress.as_ref()?;
        let done = self.study.as_ref().map_or(0, |study| study.pairs.len());
        let unit = match self.study.as_ref().map(|study| study.config.task) {
            Some(Task::Contrastive) => "step",
            _ => "iteration",
        };
        Some(format!(
            "Pair {} of {} (arm {}, seed {}): {}, {unit} {} of {} · {done} pairs done",
            progress.unit + 1,
            progress.total,
            progress.arm,
            progress.seed,
            progress.stage,
            progress.iteration,
            progress.iterations
        ))
    }

    /// "1 of 4 pairs done", with " (not running)" when the study waits to be resumed.
    pub fn done_line(&self) -> Option<String> {
        self.study.as_ref().map(|stored| {
            format!(
                "{} of {} pairs done{}",
                stored.pairs.len(),
                stored.total(),
                if self.running { "" } else { " (not running)" }
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::study::state::StudyState;
    use crate::ui::study::test_page;
    use nda_protocol::Event;
    use nda_protocol::study_messages::StudyProgress;

    #[test]
    fn the_lines_name_the_pair_the_unit_and_what_is_done() {
        let mut state = StudyState::default();
        assert_eq!(state.done_line(), None);
        state.edit_seeds("2");
        state.start(&test_page()).expect("a study command");
        state.apply(&Event::StudyProgress(StudyProgress {
            unit: 1,
            total: 2,
            arm: "nda".into(),
            seed: 2,
            iteration: 3,
            iterations: 4,
            stage: "baseline".into(),
        }));
        assert_eq!(
            state.progress_line().as_deref(),
            Some("Pair 2 of 2 (arm nda, seed 2): baseline, iteration 3 of 4 · 0 pairs done")
        );
        assert_eq!(state.done_line().as_deref(), Some("0 of 2 pairs done"));
        state.apply(&Event::StudyEnded { finished: false });
        assert_eq!(
            state.done_line().as_deref(),
            Some("0 of 2 pairs done (not running)")
        );
    }
}
