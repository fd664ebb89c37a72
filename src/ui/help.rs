//! The one-sentence explanations behind every "?" of the page: one per setting and per chart,
//! keyed by the control's test id (without a trailing run number), so a new setting without an
//! explanation shows up in the browser test that checks every control has one.

use super::help_texts::{BUILTIN_SET, FLIP_WEIGHT, HELP, HIDE_FOR_LESSON, NEGATIVE_WEIGHT};

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
    if id.starts_with("builtin-")
        && !matches!(id, "builtin-size" | "builtin-count" | "builtin-seed")
    {
        return Some(BUILTIN_SET);
    }
    HELP.iter()
        .find(|(key, _)| *key == id)
        .map(|(_, text)| *text)
}

/// Every entry, for the tests.
pub fn all_help() -> impl Iterator<Item = &'static str> {
    HELP.iter().map(|(_, text)| *text).chain([
        NEGATIVE_WEIGHT,
        FLIP_WEIGHT,
        BUILTIN_SET,
        HIDE_FOR_LESSON,
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
