//! What the timeline slider of a task's panel means, as plain functions: the slider's position
//! for the step shown, the step a position picks (the last position follows the latest result),
//! and the sentence beside it. The GAN panel scrubs its grids with it, the contrastive panel its
//! maps; `timeline_slider.rs` draws it.

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

/// The sentence beside the slider: which step is shown, how many are kept, and whether older
/// ones were thinned out (`unit` names a step: "iteration", "step").
pub fn caption(steps: &[usize], selected: Option<usize>, unit: &str, thinned: bool) -> String {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return String::new();
    };
    let shown = steps[slider_position(steps, selected)];
    let which = if selected.is_none() {
        format!("{unit} {shown}, the latest")
    } else {
        format!("{unit} {shown}")
    };
    let bound = if thinned {
        format!(
            "; older ones were thinned to stay within {} per run",
            crate::train::timeline::MAX_FRAMES
        )
    } else {
        String::new()
    };
    format!(
        "Showing {which}. {} kept, from {unit} {first} to {last}{bound}.",
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
            caption(&steps, Some(10), "iteration", false),
            "Showing iteration 10. 3 results kept, from iteration 10 to 30."
        );
        assert_eq!(
            caption(&steps, None, "step", true),
            "Showing step 30, the latest. 3 results kept, from step 10 to 30; older ones were \
             thinned to stay within 64 per run."
        );
        assert_eq!(caption(&[], None, "step", false), "");
    }
}
