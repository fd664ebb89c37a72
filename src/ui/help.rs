//! The one-sentence explanations behind every "?" of the page: one per setting and per chart,
//! keyed by the control's test id (without a trailing run number), so a new setting without an
//! explanation shows up in the browser test that checks every control has one.

use super::help_texts::HELP;
use super::video::help_texts::VIDEO_HELP;

// The texts that many controls share, found by the pattern of their ids below.

/// Every negative's weight field.
pub const NEGATIVE_WEIGHT: &str = "How often this negative augmentation makes the NDA images of a batch, \
relative to the others; 0 leaves it out.";

/// The flip control's weight field.
pub const FLIP_WEIGHT: &str = "A control, not a negative: mirror images of faces or shapes are still real-looking, so \
the paper predicts calling them fake will not help (not meant for digits, whose mirror images are not digits).";

/// Every "hide for a lesson" box.
pub const HIDE_FOR_LESSON: &str = "Hides this control for whoever opens the link, so a class sees only \
what the lesson needs.";

/// Every built-in set's choice.
pub const BUILTIN_SET: &str = "Which built-in image set to draw in the browser from the seed; nothing \
is downloaded.";

/// Every panel's timeline slider.
pub const TIMELINE: &str = "Each run as it was at an earlier iteration or step (the GAN's grid, the \
encoders' map): drag to look back, with a cursor on the charts; \"Latest\" follows the training again.";

/// The explanation of the control or chart with test id `id` (a trailing `-<number>`, the run
/// or group index, is ignored), if there is one.
pub fn help_text(id: &str) -> Option<&'static str> {
    let id = base_id(id);
    if id.ends_with("-weight-flip") {
        return Some(FLIP_WEIGHT);
    }
    if id.starts_with("gan-weight-") || id.starts_with("contrastive-weight-") {
        return Some(NEGATIVE_WEIGHT);
    }
    if id.starts_with("hide-") {
        return Some(HIDE_FOR_LESSON);
    }
    if id.ends_with("-timeline") {
        return Some(TIMELINE);
    }
    if id.starts_with("builtin-")
        && !matches!(id, "builtin-size" | "builtin-count" | "builtin-seed")
    {
        return Some(BUILTIN_SET);
    }
    HELP.iter()
        .chain(VIDEO_HELP)
        .find(|(key, _)| *key == id)
        .map(|(_, text)| *text)
}

/// Every entry, for the tests.
pub fn all_help() -> impl Iterator<Item = &'static str> {
    HELP.iter().chain(VIDEO_HELP).map(|(_, text)| *text).chain([
        NEGATIVE_WEIGHT,
        FLIP_WEIGHT,
        BUILTIN_SET,
        HIDE_FOR_LESSON,
        TIMELINE,
    ])
}

/// `id` without a trailing `-<number>`.
fn base_id(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((base, index)) if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) => {
            base
        }
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_explanation_is_one_sentence() {
        for text in all_help() {
            assert!(text.ends_with('.'), "{text}");
            assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
            assert!(text.len() < 200, "short: {text}");
        }
        let mut keys: Vec<&str> = HELP.iter().map(|(key, _)| *key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), HELP.len(), "no key twice");
    }

    #[test]
    fn run_numbers_and_families_find_their_entry() {
        assert_eq!(help_text("gan-loss-chart-1"), help_text("gan-loss-chart"));
        assert!(help_text("gan-loss-chart").is_some());
        assert_eq!(help_text("gan-weight-jigsaw"), Some(NEGATIVE_WEIGHT));
        assert_eq!(help_text("contrastive-weight-flip"), Some(FLIP_WEIGHT));
        assert_eq!(help_text("builtin-faces"), Some(BUILTIN_SET));
        assert_eq!(help_text("hide-gan-settings"), Some(HIDE_FOR_LESSON));
        assert_ne!(help_text("builtin-seed"), Some(BUILTIN_SET));
        assert_eq!(help_text("no-such-control"), None);
    }
}
