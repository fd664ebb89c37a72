//! What the timeline slider of a task's panel means: the slider's position for the step shown,
//! the step a position picks (the last position follows the latest result), the sentence beside
//! it, and [`TimelineView`], through which a task's panel says what its runs keep and show. The
//! GAN panel scrubs its grids with it, the contrastive panel its maps; `timeline_slider.rs` draws
//! it.

use crate::train::Timeline;

/// A panel whose runs keep a timeline: each task gives its runs' timelines and latest results,
/// and gets what the slider offers and what each run shows at it.
pub trait TimelineView {
    /// What a frame holds (a GAN's grid, an encoder's map).
    type Frame: Clone;

    /// The step the slider shows; `None` follows the latest result.
    fn scrub(&self) -> Option<usize>;

    /// Run `run`'s timeline.
    fn timeline(&self, run: usize) -> Option<&Timeline<Self::Frame>>;

    /// Run `run`'s latest result and its step.
    fn latest(&self, run: usize) -> Option<(usize, Self::Frame)>;

    /// The steps of the timeline (every run keeps the same ones).
    fn timeline_steps(&self) -> Vec<usize> {
        self.timeline(0).map_or_else(Vec::new, Timeline::steps)
    }

    /// The steps between two kept frames once older ones were thinned out.
    fn timeline_thinned_to(&self) -> Option<usize> {
        self.timeline(0)?.thinned_to()
    }

    /// What run `run` shows and its step: the timeline's frame at the slider's step, else (or
    /// for a run without a timeline, from a file written before them) its latest result.
    fn shown(&self, run: usize) -> Option<(usize, Self::Frame)> {
        let scrubbed = |step| self.timeline(run)?.at(step).cloned();
        self.scrub().and_then(scrubbed).or_else(|| self.latest(run))
    }

    /// The step of the frame run `run` shows, when the slider is off the latest result.
    fn shown_step(&self, run: usize) -> Option<usize> {
        let step = self.scrub()?;
        let kept = self.timeline(run).and_then(|timeline| timeline.at(step));
        Some(kept.map_or(step, |(at, _)| *at))
    }
}

/// The slider's position for `selected` among `steps` (the last one when following the latest).
pub fn slider_position(steps: &[usize], selected: Option<usize>) -> usize {
    let last = steps.len().saturating_sub(1);
    selected.map_or(last, |selected| {
        steps
            .iter()
            .rposition(|step| *step <= selected)
            .unwrap_or(0)
    })
}

/// The step the slider's `position` shows: `None` at the last position, which follows the
/// latest result as it arrives.
pub fn selected_at(steps: &[usize], position: usize) -> Option<usize> {
    if position + 1 >= steps.len() {
        None
    } else {
        steps.get(position).copied()
    }
}

/// What the slider's position shows, for a screen reader: the step, or "the latest".
pub fn shown_text(steps: &[usize], selected: Option<usize>, unit: &str) -> String {
    match selected {
        None => "the latest".to_string(),
        Some(_) => steps
            .get(slider_position(steps, selected))
            .map_or_else(String::new, |step| format!("{unit} {step}")),
    }
}

/// The sentence beside the slider: which step is shown, how many are kept, and, once older ones
/// were thinned out to stay within the bound, how far apart they are now (`thinned_to`; `unit`
/// names a step: "iteration", "step").
pub fn caption(
    steps: &[usize],
    selected: Option<usize>,
    unit: &str,
    thinned_to: Option<usize>,
) -> String {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return String::new();
    };
    let bound = thinned_to.map_or(String::new(), |stride| {
        format!("; to stay within the memory bound, one every {stride} {unit}s is kept")
    });
    format!(
        "Showing {}. {} kept, from {unit} {first} to {last}{bound}.",
        shown_text(steps, selected, unit),
        plural(steps.len(), "result")
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_position_follows_the_latest() {
        let steps = [10, 20, 30];
        assert_eq!(slider_position(&steps, None), 2);
        assert_eq!(slider_position(&steps, Some(20)), 1);
        assert_eq!(slider_position(&steps, Some(25)), 1);
        assert_eq!(slider_position(&steps, Some(5)), 0);
        assert_eq!(selected_at(&steps, 0), Some(10));
        assert_eq!(selected_at(&steps, 1), Some(20));
        assert_eq!(selected_at(&steps, 2), None);
        assert_eq!(slider_position(&[], None), 0);
        assert_eq!(selected_at(&[], 0), None);
    }

    #[test]
    fn the_caption_says_what_is_shown_and_kept() {
        let steps = [10, 20, 30];
        assert_eq!(
            caption(&steps, Some(10), "iteration", None),
            "Showing iteration 10. 3 results kept, from iteration 10 to 30."
        );
        assert_eq!(
            caption(&steps, None, "step", Some(20)),
            "Showing the latest. 3 results kept, from step 10 to 30; to stay within the memory \
             bound, one every 20 steps is kept."
        );
        assert_eq!(caption(&[], None, "step", None), "");
        assert_eq!(shown_text(&steps, Some(25), "step"), "step 20");
    }
}
