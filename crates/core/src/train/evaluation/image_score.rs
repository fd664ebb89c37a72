//! "Score your image": D's raw score of one image and where it falls among D's scores of
//! held-out real images and of the generator's own samples, so a learner reads "higher than
//! 93 % of real images" instead of a bare logit whose scale differs from run to run.

use burn::tensor::{Device, Tensor};

use super::inference::{discriminator_scores, generate};
use super::ranking::{GENERATED_FOR_RANKING, ImageScore, percentile};
use crate::seeding::{RngStream, stream_rng};
use crate::train::gan::sampling::noise_grid;
use crate::train::{GanTrainer, TrainError};

/// Scores `image` (`[1, 3, S, S]`) with `trainer`'s D and ranks it among `real` (`[n, 3, S, S]`,
/// held-out images) and [`GENERATED_FOR_RANKING`] samples of its EMA generator drawn from the
/// evaluation noise stream (the same latents for the NDA run and its baseline).
pub async fn score_image(
    trainer: &GanTrainer,
    image: Tensor<4>,
    real: &Tensor<4>,
    device: &Device,
) -> Result<ImageScore, TrainError> {
    let config = trainer.config();
    let mut rng = stream_rng(config.seed, RngStream::Evaluation);
    let plan = noise_grid(
        &mut rng,
        GENERATED_FOR_RANKING,
        config.latent_dim,
        config.num_classes,
    );
    let generated = generate(trainer, &plan, device);
    let score = discriminator_scores(trainer, &image, device).await?;
    let real_scores = discriminator_scores(trainer, real, device).await?;
    let generated_scores = discriminator_scores(trainer, &generated, device).await?;
    let score = *score
        .first()
        .ok_or_else(|| TrainError::Readback("no score came back".into()))?;
    let rank = |among: &[f32]| {
        percentile(score, among).ok_or_else(|| TrainError::Readback("nothing to rank".into()))
    };
    Ok(ImageScore {
        score,
        percentile_real: rank(&real_scores)?,
        percentile_generated: rank(&generated_scores)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_count_lower_scores_and_half_the_ties() {
        let among = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(0.0, &among), Some(0.0));
        assert_eq!(percentile(5.0, &among), Some(100.0));
        assert_eq!(percentile(2.5, &among), Some(50.0));
        assert_eq!(percentile(2.0, &among), Some(37.5));
        assert_eq!(percentile(7.0, &[7.0, 7.0]), Some(50.0));
        assert_eq!(percentile(1.0, &[]), None);
    }
}
