//! What every task panel keeps of its session's runs the same way: one view per run, replaced
//! when the worker's session has other runs and kept (with its history) when it has the same,
//! and the session's progress read from the first run (all runs step together).

use crate::ui::session_progress::SessionProgress;
use nda_protocol::session_messages::TrainingPhase;

/// A panel's view of one run.
pub trait RunView: Sized {
    /// The run's label and settings, as the worker's status names it.
    type Info: PartialEq + Clone;
    /// Its label and settings.
    fn info(&self) -> &Self::Info;
    /// A view of a run that has reported nothing yet.
    fn fresh(info: &Self::Info) -> Self;
    /// Units done at its latest point (0 before the first).
    fn units_done(&self) -> usize;
    /// Its training time so far.
    fn training_millis(&self) -> f64;
    /// Real images (or clips) one unit of it trains on.
    fn per_unit(&self) -> usize;
}

/// Keeps `views` when they are the views of the runs `infos`, and starts fresh ones otherwise;
/// true when they were replaced.
pub fn adopt_runs<V: RunView>(views: &mut Vec<V>, infos: &[V::Info]) -> bool {
    let same = views.len() == infos.len()
        && views
            .iter()
            .zip(infos)
            .all(|(view, info)| view.info() == info);
    if !same {
        *views = infos.iter().map(V::fresh).collect();
    }
    !same
}

/// Progress of a session of `total` units whose runs step together.
pub fn runs_progress<V: RunView>(views: &[V], total: usize) -> Option<SessionProgress> {
    let run = views.first()?;
    Some(SessionProgress::new(
        run.units_done(),
        total,
        run.training_millis(),
        views.iter().map(V::per_unit).sum(),
    ))
}

/// Whether a session that can take no more steps once finished can take one now.
pub fn can_step_until_finished(phase: Option<TrainingPhase>) -> bool {
    matches!(phase, Some(TrainingPhase::Running | TrainingPhase::Paused))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct View {
        info: &'static str,
        units: usize,
    }

    impl RunView for View {
        type Info = &'static str;
        fn info(&self) -> &&'static str {
            &self.info
        }
        fn fresh(info: &&'static str) -> Self {
            View { info, units: 0 }
        }
        fn units_done(&self) -> usize {
            self.units
        }
        fn training_millis(&self) -> f64 {
            2_000.0
        }
        fn per_unit(&self) -> usize {
            8
        }
    }

    #[test]
    fn the_same_runs_keep_their_views_and_other_runs_start_afresh() {
        let mut views = vec![View {
            info: "NDA",
            units: 4,
        }];
        assert!(!adopt_runs(&mut views, &["NDA"]));
        assert_eq!(views[0].units, 4, "kept");
        assert!(adopt_runs(&mut views, &["NDA", "Baseline"]));
        assert_eq!(views, [View::fresh(&"NDA"), View::fresh(&"Baseline")]);
        views[0].units = 10;
        let progress = runs_progress(&views, 100).expect("progress");
        assert_eq!((progress.step, progress.total), (10, 100));
        assert_eq!(progress.images_per_second, 5.0 * 16.0, "both runs' images");
        assert_eq!(runs_progress::<View>(&[], 100), None);
        assert!(can_step_until_finished(Some(TrainingPhase::Paused)));
        assert!(!can_step_until_finished(Some(TrainingPhase::Finished)));
        assert!(!can_step_until_finished(None));
    }
}
