//! What the learner reads in the video walk-through: one clip's predictions in a few sentences,
//! the loss as dense predictive coding writes it, and the batch's loss recomputed beside the
//! device's.

use crate::train::video::{ClipExplained, ExplainedVideoStep};

/// The loss of one prediction `p` (a future block at one place) with its NDA clips' blocks.
pub const PREDICTIVE_FORMULA: &str = "L_i = −log( e^(p·t_i/τ) / ( Σ_k e^(p·t_k/τ) + Σ_v e^(p·t̃_v,i/τ) ) )   (k: every block of the batch; v: this clip's NDA clips)";

/// The sentences about the clip on show (`index` counts from 0).
pub fn clip_text(step: &ExplainedVideoStep, index: usize, clip: &ClipExplained) -> Vec<String> {
    let numbers = &clip.numbers;
    let mut sentences = vec![
        format!(
            "{} run, step {}: clip {} of the batch of {}. Its first blocks of frames predict each place of its later blocks: {} predictions.",
            step.label,
            step.step,
            index + 1,
            step.batch,
            step.rows_per_clip
        ),
        format!(
            "A prediction's cosine similarity with its true block is {:+.3} on average; with the closest other block of the batch {:+.3}. The true block scores highest for {:.0}% of them.",
            numbers.positive,
            numbers.closest_other,
            100.0 * numbers.right
        ),
    ];
    if step.negatives.is_empty() {
        sentences.push(
            "The baseline has no NDA clips: only the other blocks of the batch are negatives."
                .to_string(),
        );
    } else {
        let kinds: Vec<String> = step
            .negatives
            .iter()
            .map(|(what, why)| format!("{what} ({})", why.trim_end_matches('.')))
            .collect();
        let similarities: Vec<String> = numbers
            .nda
            .iter()
            .map(|similarity| format!("{similarity:+.3}"))
            .collect();
        sentences.push(format!(
            "Its {} NDA clip(s), {}, join only its own predictions' denominators, at the same block and place. Similarity with them: {}. The loss pushes them away as it pulls the true block closer.",
            numbers.nda.len(),
            kinds.join("; "),
            similarities.join(", ")
        ));
    }
    sentences.push(format!("Its mean InfoNCE term: {:.4}.", numbers.loss));
    sentences
}

/// The batch's loss, recomputed on the page from every row of logits, beside the device's.
pub fn batch_line(step: &ExplainedVideoStep) -> String {
    format!(
        "Over all {} predictions of the batch: mean of the terms, recomputed on this page from the logits, {:.4}; the loss the device computed, {:.4}.",
        step.rows_per_clip * step.batch,
        step.mean_loss,
        step.loss
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RgbaMosaic;
    use crate::train::video::ClipNumbers;

    fn step(
        negatives: Vec<(String, String)>,
        nda: Vec<f32>,
    ) -> (ExplainedVideoStep, ClipExplained) {
        let blank = RgbaMosaic {
            width: 1,
            height: 1,
            rgba: vec![0; 4],
        };
        let clip = ClipExplained {
            frames: blank.clone(),
            nda: nda.iter().map(|_| blank.clone()).collect(),
            numbers: ClipNumbers {
                positive: 0.512,
                nda: nda.clone(),
                closest_other: 0.25,
                right: 0.75,
                loss: 2.5,
            },
        };
        let step = ExplainedVideoStep {
            label: "NDA".into(),
            step: 7,
            temperature: 0.07,
            batch: 16,
            rows_per_clip: 8,
            negatives,
            clips: vec![clip.clone()],
            mean_loss: 2.75,
            loss: 2.75,
        };
        (step, clip)
    }

    #[test]
    fn the_sentences_carry_the_clips_numbers() {
        let (nda_step, clip) = step(
            vec![("Frame shuffle".into(), "frames out of order.".into())],
            vec![0.3],
        );
        let text = clip_text(&nda_step, 0, &clip).join(" ");
        assert!(text.contains("clip 1 of the batch of 16"), "{text}");
        assert!(text.contains("+0.512") && text.contains("+0.250") && text.contains("75%"));
        assert!(text.contains("Frame shuffle (frames out of order)") && text.contains("+0.300"));
        assert!(text.contains("2.5000"));
        let (baseline, clip) = step(Vec::new(), Vec::new());
        assert!(
            clip_text(&baseline, 0, &clip)
                .join(" ")
                .contains("no NDA clips")
        );
        assert!(
            batch_line(&baseline).contains("128 predictions")
                && batch_line(&baseline).contains("2.7500")
        );
    }
}
