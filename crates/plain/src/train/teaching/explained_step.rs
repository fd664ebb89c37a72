//! One NDA-GAN iteration as the walk-through shows it, read back to the host: the real batch of
//! its last D step, the NDA images made from it (which augmentation, which partners), the
//! generated batch, D's score of every image before and after the step, the hinge terms as the
//! device computed them, and the G step that ends the iteration.
//!
//! The numbers are the run's own: the walk-through takes the step the run would take next, and the
//! loss chart and the score histogram show this very step afterwards. [`ExplainedStep::recomputed`]
//! plugs the scores into `L_D` on the host, so a test (and a curious learner) can check the
//! device's terms against the formula.

use serde::{Deserialize, Serialize};

use crate::data::RgbaMosaic;

/// Images shown per group (the scores always cover the whole batch).
pub const SHOWN_PER_GROUP: usize = 64;

/// A group of images (real, generated or NDA) and D's scores of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredImages {
    /// The first images of the batch (at most [`SHOWN_PER_GROUP`]), one mosaic each.
    pub images: Vec<RgbaMosaic>,
    /// `D(·)` of every image as the step's loss saw it (training mode).
    pub scores: Vec<f32>,
    /// D before the step, in inference mode (to compare with `after` on equal terms).
    pub before: Vec<f32>,
    /// D after the step, in inference mode.
    pub after: Vec<f32>,
}

/// The NDA images' recipe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NegativeRecipe {
    /// The augmentation, e.g. "Jigsaw (2×2)".
    pub what: String,
    /// Why such an image is not a real one, in one sentence.
    pub why: String,
    /// For stitching, mixup and cutmix, the partner of every image in the real batch.
    pub partners: Option<Vec<usize>>,
}

/// `L_D` and its weighted terms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LossTerms {
    /// `mean(relu(1 − D(x)))`.
    pub real: f32,
    /// `α · mean(relu(1 + D(G(z))))`.
    pub fake: f32,
    /// `β · mean(relu(1 + D(x̃)))`.
    pub negative: f32,
    /// Their sum.
    pub total: f32,
}

/// The generator step that ends the iteration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratorExplained {
    /// Its fresh samples (the first [`SHOWN_PER_GROUP`]).
    pub images: Vec<RgbaMosaic>,
    /// `D(G(z))` of every sample, as `L_G` averaged them.
    pub scores: Vec<f32>,
    /// `L_G = −mean(D(G(z)))`, as the device computed it.
    pub loss: f32,
}

/// One iteration of one run, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainedStep {
    /// "NDA" or "Baseline".
    pub label: String,
    /// The iteration this step completed.
    pub iteration: usize,
    /// D steps per iteration; the explained one is the last.
    pub n_dis: usize,
    /// Weight of the generated term.
    pub alpha: f64,
    /// Weight of the NDA term (0: the baseline).
    pub beta: f64,
    /// The real batch.
    pub real: ScoredImages,
    /// The generated batch of the D step.
    pub fake: ScoredImages,
    /// The NDA batch, without negatives `None`.
    pub negative: Option<ScoredImages>,
    /// How the NDA batch was made.
    pub recipe: Option<NegativeRecipe>,
    /// The device's `L_D`.
    pub loss: LossTerms,
    /// The G step.
    pub generator: GeneratorExplained,
}

impl ScoredImages {
    /// Mean of the step's scores.
    pub fn mean(&self) -> f32 {
        mean(&self.scores)
    }

    /// `mean(relu(1 − s))`: how far real images fall short of a score of 1.
    pub fn hinge_real(&self) -> f32 {
        mean_of(&self.scores, |score| (1.0 - score).max(0.0))
    }

    /// `mean(relu(1 + s))`: how far fakes rise above a score of −1.
    pub fn hinge_fake(&self) -> f32 {
        mean_of(&self.scores, |score| (1.0 + score).max(0.0))
    }

    /// Images whose score moved the way the loss pushes it (up for real images, down for fakes
    /// and NDA images), out of the batch.
    pub fn moved_as_pushed(&self, pushed_up: bool) -> (usize, usize) {
        let moved = self
            .before
            .iter()
            .zip(&self.after)
            .filter(|(before, after)| (after > before) == pushed_up && after != before)
            .count();
        (moved, self.before.len())
    }

    /// Indices of the shown images, highest score first (D's "most real" on the left).
    pub fn order_by_score(&self) -> Vec<usize> {
        order_by_score(self.images.len(), &self.scores)
    }
}

impl ExplainedStep {
    /// `L_D` recomputed on the host from the step's scores and the run's α and β.
    pub fn recomputed(&self) -> LossTerms {
        let real = self.real.hinge_real();
        let fake = self.alpha as f32 * self.fake.hinge_fake();
        let negative = self
            .negative
            .as_ref()
            .map_or(0.0, |negative| self.beta as f32 * negative.hinge_fake());
        LossTerms {
            real,
            fake,
            negative,
            total: real + fake + negative,
        }
    }

    /// Every score of the D step (real, generated, NDA), as the histogram bins them.
    pub fn all_scores(&self) -> impl Iterator<Item = f32> + '_ {
        let negative = self.negative.iter().flat_map(|group| &group.scores);
        self.real
            .scores
            .iter()
            .chain(&self.fake.scores)
            .chain(negative)
            .copied()
    }
}

/// Indices of the first `shown` images (those with a score), highest score first.
pub fn order_by_score(shown: usize, scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..shown.min(scores.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    order
}

/// The mean of `values`, 0 for none.
pub fn mean(values: &[f32]) -> f32 {
    mean_of(values, |value| value)
}

fn mean_of(values: &[f32], term: impl Fn(f32) -> f32) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().map(|&value| term(value)).sum::<f32>() / values.len() as f32
}

/// A hand-picked step for tests here and in the page's text (the numbers of `gan::loss`'s test).
/// Compiled in every build, since the page's tests use it from another crate; nothing else
/// calls it, so it never reaches a binary.
pub mod fixtures {
    use super::*;

    /// A group with these step scores and inference-mode scores before and after.
    pub fn group(scores: &[f32], before: &[f32], after: &[f32]) -> ScoredImages {
        let image = RgbaMosaic {
            width: 1,
            height: 1,
            rgba: vec![0; 4],
        };
        ScoredImages {
            images: vec![image; scores.len()],
            scores: scores.to_vec(),
            before: before.to_vec(),
            after: after.to_vec(),
        }
    }

    /// Iteration 7 of an NDA run with stitching: real scores (2, −1), generated (0, −3), NDA
    /// (1, 1); α 0.25, β 0.75, so `L_D = 1 + 0.125 + 1.5`.
    pub fn hand_picked() -> ExplainedStep {
        ExplainedStep {
            label: "NDA".into(),
            iteration: 7,
            n_dis: 4,
            alpha: 0.25,
            beta: 0.75,
            real: group(&[2.0, -1.0], &[0.0, 0.0], &[0.5, -0.1]),
            fake: group(&[0.0, -3.0], &[0.0, 0.0], &[-0.2, -0.3]),
            negative: Some(group(&[1.0, 1.0], &[1.0, 1.0], &[0.9, 1.0])),
            recipe: Some(NegativeRecipe {
                what: "Stitching".into(),
                why: "Halves of two images.".into(),
                partners: Some(vec![1, 0]),
            }),
            loss: LossTerms {
                real: 1.0,
                fake: 0.125,
                negative: 1.5,
                total: 2.625,
            },
            generator: GeneratorExplained {
                images: Vec::new(),
                scores: vec![-0.5, -1.5],
                loss: 1.0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{group, hand_picked};
    use super::*;

    #[test]
    fn the_hinge_terms_are_the_papers_formula_on_hand_picked_scores() {
        let step = hand_picked();
        // Same numbers as gan::loss's hand-picked test: relu(1 − 2) = 0, relu(1 + 1) = 2 → 1;
        // 0.25 · mean(1, 0) = 0.125; 0.75 · mean(2, 2) = 1.5.
        assert_eq!(step.recomputed(), step.loss);
        assert_eq!(step.all_scores().count(), 6);
        let baseline = ExplainedStep {
            beta: 0.0,
            negative: None,
            ..step
        };
        assert_eq!(baseline.recomputed().negative, 0.0);
        assert_eq!(baseline.recomputed().total, 1.125);
    }

    #[test]
    fn movement_and_order_follow_the_scores() {
        let real = group(&[0.1, 0.9, -0.4], &[0.0, 0.5, 0.2], &[0.3, 0.4, 0.2]);
        // Up for image 0 only (image 2 did not move).
        assert_eq!(real.moved_as_pushed(true), (1, 3));
        assert_eq!(real.moved_as_pushed(false), (1, 3));
        assert_eq!(real.order_by_score(), vec![1, 0, 2]);
        assert!((real.mean() - 0.2).abs() < 1e-6);
    }
}
