//! The device side of the walk-through: what [`crate::train::GanRun::explained_iteration`] kept
//! of its last D step and its G step, read back in two transfers (images, then every number).

use burn::tensor::Tensor;

use super::Capture;
use super::explained_step::{
    ExplainedStep, GeneratorExplained, LossTerms, NegativeRecipe, SHOWN_PER_GROUP, ScoredImages,
};
use crate::augment::NegativeAugmentation;
use crate::data::{RgbaMosaic, mosaic_from_nchw};
use crate::train::{
    DiscriminatorStats, DiscriminatorTrace, GeneratorTrace, TrainError, read_floats,
};

/// One explained iteration, still on the device.
pub struct StepCapture {
    /// The iteration it completed.
    pub iteration: usize,
    /// D steps per iteration.
    pub n_dis: usize,
    /// Weight of the generated term.
    pub alpha: f64,
    /// Weight of the NDA term.
    pub beta: f64,
    /// The last D step's loss and scores.
    pub discriminator: DiscriminatorStats,
    /// Its images, labels and NDA recipe.
    pub trace: DiscriminatorTrace,
    /// D before the step, inference mode, on `trace.images`.
    pub before: Tensor<1>,
    /// D after the step, inference mode, on `trace.images`.
    pub after: Tensor<1>,
    /// The G step's loss.
    pub generator_loss: Tensor<1>,
    /// The G step's samples and scores.
    pub generator: GeneratorTrace,
}

impl Capture for StepCapture {
    type Explained = ExplainedStep;

    async fn read(self, label: &str) -> Result<ExplainedStep, TrainError> {
        let [images, channels, size, _] = self.trace.images.dims();
        let [batch] = self.discriminator.scores.real.dims();
        let groups = images / batch.max(1);
        let shown = batch.min(SHOWN_PER_GROUP);
        // The first `shown` images of every group, then the G step's.
        let mut parts: Vec<Tensor<4>> = (0..groups)
            .map(|group| self.trace.images.clone().narrow(0, group * batch, shown))
            .collect();
        parts.push(self.generator.images.clone().narrow(0, 0, shown));
        let pixels = read_floats(Tensor::cat(parts, 0)).await?;
        let per_image = channels * size * size;
        let thumbnails = pixels
            .chunks_exact(per_image)
            .map(|image| mosaic_from_nchw(image, [1, channels, size, size], 1))
            .collect::<Result<Vec<RgbaMosaic>, _>>()
            .map_err(|error| TrainError::Readback(error.to_string()))?;
        let scores = &self.discriminator.scores;
        let loss = &self.discriminator.loss;
        let mut numbers = vec![scores.real.clone(), scores.fake.clone()];
        numbers.extend(scores.negative.clone());
        numbers.extend([
            self.before,
            self.after,
            self.generator.scores,
            loss.real.clone(),
            loss.fake.clone(),
            loss.negative.clone(),
            loss.total.clone(),
            self.generator_loss,
        ]);
        let numbers = read_floats(Tensor::cat(numbers, 0)).await?;
        let mut numbers = Numbers(&numbers);
        let step_scores: Vec<Vec<f32>> = (0..groups).map(|_| numbers.take(batch)).collect();
        let before: Vec<Vec<f32>> = (0..groups).map(|_| numbers.take(batch)).collect();
        let after: Vec<Vec<f32>> = (0..groups).map(|_| numbers.take(batch)).collect();
        let generator_scores = numbers.take(batch);
        let terms = numbers.take(5);
        let mut thumbnails = thumbnails.chunks(shown).map(<[RgbaMosaic]>::to_vec);
        let mut groups =
            step_scores
                .into_iter()
                .zip(before)
                .zip(after)
                .map(|((scores, before), after)| ScoredImages {
                    images: thumbnails.next().unwrap_or_default(),
                    scores,
                    before,
                    after,
                });
        let (real, fake) = (groups.next(), groups.next());
        let negative = groups.next();
        let (Some(real), Some(fake), [real_term, fake_term, negative_term, total, g_loss]) =
            (real, fake, terms.as_slice())
        else {
            return Err(TrainError::Readback(
                "the step's numbers are incomplete".into(),
            ));
        };
        Ok(ExplainedStep {
            label: label.to_string(),
            iteration: self.iteration,
            n_dis: self.n_dis,
            alpha: self.alpha,
            beta: self.beta,
            real,
            fake,
            negative,
            recipe: self
                .trace
                .negative
                .map(|(augmentation, partners)| recipe(&augmentation, partners)),
            loss: LossTerms {
                real: *real_term,
                fake: *fake_term,
                negative: *negative_term,
                total: *total,
            },
            generator: GeneratorExplained {
                images: thumbnails.next().unwrap_or_default(),
                scores: generator_scores,
                loss: *g_loss,
            },
        })
    }
}

/// The NDA recipe in words.
fn recipe(augmentation: &NegativeAugmentation, partners: Option<Vec<usize>>) -> NegativeRecipe {
    let kind = augmentation.kind();
    let what = match augmentation {
        NegativeAugmentation::Jigsaw(config) => {
            format!(
                "{} ({}×{} patches shuffled)",
                kind.label(),
                config.grid,
                config.grid
            )
        }
        NegativeAugmentation::Flip(_) => format!("{} (the control: a mirror image)", kind.label()),
        _ => kind.label().to_string(),
    };
    NegativeRecipe {
        what,
        why: kind.why_negative().to_string(),
        partners,
    }
}

/// Consumes a flat list of numbers front to back.
struct Numbers<'a>(&'a [f32]);

impl Numbers<'_> {
    fn take(&mut self, count: usize) -> Vec<f32> {
        let (taken, rest) = self.0.split_at(count.min(self.0.len()));
        self.0 = rest;
        taken.to_vec()
    }
}
