//! One step of the clip encoder as "Explain one step" shows it: the first clips of the batch and
//! their NDA clips (each a strip of its frames), and what the predictive loss made of them. Each
//! clip's context predicts every location of its future blocks; a prediction's row of logits
//! holds its own true block (the positive), every other block of the batch, and its own clip's
//! NDA blocks at the same place. [`explain_rows`] turns the device's logits into each shown
//! clip's numbers on the host, and recomputes the loss from them, so a test (and a curious
//! learner) can check the device's loss against the formula.
//!
//! The numbers are the run's own: the explained step is the step the run would take next, and
//! the loss chart shows it afterwards.

use serde::{Deserialize, Serialize};

use crate::data::RgbaMosaic;

/// Clips shown per run (the loss covers the whole batch).
pub const CLIPS_SHOWN: usize = 4;

/// One shown clip of the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipExplained {
    /// Its frames, left to right.
    pub frames: RgbaMosaic,
    /// Each of its NDA clips' frames (none for the baseline).
    pub nda: Vec<RgbaMosaic>,
    /// The numbers of its predictions.
    pub numbers: ClipNumbers,
}

/// What the loss made of one clip's predictions (every future block and location), averaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipNumbers {
    /// Cosine similarity of a prediction and its true block.
    pub positive: f32,
    /// Cosine similarity of a prediction and its NDA clips' block at the same place, per NDA
    /// clip (empty for the baseline).
    pub nda: Vec<f32>,
    /// Cosine similarity of a prediction and the closest other block of the batch.
    pub closest_other: f32,
    /// Share of its predictions whose true block scores highest of the whole row.
    pub right: f32,
    /// Its mean InfoNCE term, `-log softmax(row)[own]`.
    pub loss: f64,
}

/// One explained step of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainedVideoStep {
    /// "NDA" or "Baseline".
    pub label: String,
    /// The step this completed.
    pub step: usize,
    /// The temperature `τ`.
    pub temperature: f64,
    /// Clips in the batch.
    pub batch: usize,
    /// Predictions per clip (future blocks × locations).
    pub rows_per_clip: usize,
    /// Which NDA clips they are, with the one-line reason of each (empty for the baseline).
    pub negatives: Vec<(String, String)>,
    /// The first clips of the batch.
    pub clips: Vec<ClipExplained>,
    /// The loss recomputed on the host from every row of logits.
    pub mean_loss: f64,
    /// The loss as the device computed it.
    pub loss: f32,
}

/// Every row's numbers from the logits `[rows, rows + m]` (already divided by `temperature`):
/// the first `shown` clips' averages (`rows_per_clip` rows each, clip-major) and the mean term
/// over all rows.
pub fn explain_rows(
    logits: &[f32],
    rows: usize,
    views: usize,
    rows_per_clip: usize,
    shown: usize,
    temperature: f64,
) -> (Vec<ClipNumbers>, f64) {
    let columns = rows + views;
    let terms: Vec<RowTerms> = logits
        .chunks_exact(columns.max(1))
        .take(rows)
        .enumerate()
        .map(|(own, row)| RowTerms::of(row, own, rows, temperature as f32))
        .collect();
    let mean_loss = terms.iter().map(|terms| terms.loss).sum::<f64>() / rows.max(1) as f64;
    let clips = terms
        .chunks(rows_per_clip.max(1))
        .take(shown)
        .map(|clip| {
            let count = clip.len().max(1) as f32;
            let mean = |value: fn(&RowTerms) -> f32| clip.iter().map(value).sum::<f32>() / count;
            let nda_mean =
                |view: usize| clip.iter().map(|terms| terms.nda[view]).sum::<f32>() / count;
            ClipNumbers {
                positive: mean(|terms| terms.positive),
                nda: (0..views).map(nda_mean).collect(),
                closest_other: mean(|terms| terms.closest_other),
                right: mean(|terms| f32::from(u8::from(terms.right))),
                loss: clip.iter().map(|terms| terms.loss).sum::<f64>() / f64::from(count),
            }
        })
        .collect();
    (clips, mean_loss)
}

/// One row's similarities and InfoNCE term.
struct RowTerms {
    positive: f32,
    nda: Vec<f32>,
    closest_other: f32,
    right: bool,
    loss: f64,
}

impl RowTerms {
    /// Row `own` of `[rows + m]` logits; similarities are the logits times `τ`.
    fn of(row: &[f32], own: usize, rows: usize, temperature: f32) -> Self {
        let highest = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let sum: f64 = row
            .iter()
            .map(|&logit| f64::from(logit - highest).exp())
            .sum();
        let others = row[..rows]
            .iter()
            .enumerate()
            .filter(|(column, _)| *column != own)
            .map(|(_, logit)| *logit)
            .fold(f32::NEG_INFINITY, f32::max);
        Self {
            positive: row[own] * temperature,
            nda: row[rows..]
                .iter()
                .map(|logit| logit * temperature)
                .collect(),
            closest_other: others * temperature,
            // The first highest column, as the device's argmax picks it.
            right: row.iter().position(|&logit| logit == highest) == Some(own),
            loss: f64::from(highest) + sum.ln() - f64::from(row[own]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_clip_gets_the_mean_of_its_rows_and_the_loss_is_the_formulas() {
        // Two clips of one prediction each, one NDA clip, τ = 0.5: rows [p.t0, p.t1, p.nda] / τ.
        let logits = [1.2, 0.0, 1.6, 1.6, 2.0, 1.6];
        let (clips, mean_loss) = explain_rows(&logits, 2, 1, 1, 4, 0.5);
        let by_hand = |row: &[f64], own: usize| {
            let denominator: f64 = row.iter().map(|l| l.exp()).sum();
            -(row[own].exp() / denominator).ln()
        };
        let first = by_hand(&[1.2, 0.0, 1.6], 0);
        let second = by_hand(&[1.6, 2.0, 1.6], 1);
        assert!((mean_loss - (first + second) / 2.0).abs() < 1e-6);
        assert_eq!(clips.len(), 2);
        assert!((clips[0].loss - first).abs() < 1e-6);
        assert!((clips[0].positive - 0.6).abs() < 1e-6);
        assert_eq!(clips[0].nda.len(), 1);
        assert!((clips[0].nda[0] - 0.8).abs() < 1e-6);
        assert!((clips[0].closest_other - 0.0).abs() < 1e-6);
        // Row 0's NDA block beats its true block; row 1's true block wins.
        assert_eq!((clips[0].right, clips[1].right), (0.0, 1.0));
    }

    #[test]
    fn a_clip_averages_its_rows_and_only_the_shown_clips_are_kept() {
        // Two clips of two rows each, no NDA clip.
        #[rustfmt::skip]
        let logits = [
            4.0, 0.0, 1.0, 0.0,
            0.0, 2.0, 0.0, 3.0,
            1.0, 0.0, 2.0, 0.0,
            0.0, 0.0, 0.0, 5.0,
        ];
        let (clips, _) = explain_rows(&logits, 4, 0, 2, 1, 1.0);
        assert_eq!(clips.len(), 1);
        assert_eq!(clips[0].positive, 3.0);
        assert_eq!(clips[0].closest_other, 2.0);
        assert_eq!(clips[0].right, 0.5);
        assert!(clips[0].nda.is_empty());
    }
}
