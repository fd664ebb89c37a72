//! What one NDA-GAN step reports (Sinha et al., ICLR 2021): the hinge terms on real, generated and
//! NDA images, `L_G`, and the mean logits, which show whether D ranks real above negatives.
//! Everything is a detached `[1]` tensor; the driver reads them (asynchronously in the browser).

use burn::tensor::Tensor;

use crate::train::TrainError;
use crate::train::gan::loss::DiscriminatorLoss;

/// The outcome of one discriminator step.
#[derive(Debug, Clone)]
pub struct DiscriminatorStats {
    /// `L_D` and its weighted terms.
    pub loss: DiscriminatorLoss,
    /// Mean of `D(x)` over the real batch.
    pub mean_real_logit: Tensor<1>,
    /// Mean of `D(G(z))`.
    pub mean_fake_logit: Tensor<1>,
    /// Mean of `D(x_neg)`, `None` without negatives (beta 0).
    pub mean_negative_logit: Option<Tensor<1>>,
    /// Every score of the step, `[batch]` each, for the histograms (read only when drawn).
    pub scores: StepScores,
}

/// The per-image D scores of one discriminator step.
#[derive(Debug, Clone)]
pub struct StepScores {
    /// `D(x)` on the real batch.
    pub real: Tensor<1>,
    /// `D(G(z))`.
    pub fake: Tensor<1>,
    /// `D(x_neg)`, without negatives `None`.
    pub negative: Option<Tensor<1>>,
}

/// The outcome of one generator step.
#[derive(Debug, Clone)]
pub struct GeneratorStats {
    /// `L_G = -mean(D(G(z)))`.
    pub loss: Tensor<1>,
    /// Mean of `D(G(z))` on this step's samples.
    pub mean_fake_logit: Tensor<1>,
}

/// The outcome of one iteration (`n_dis` D steps, one G step).
#[derive(Debug, Clone)]
pub struct IterationStats {
    /// The last discriminator step.
    pub discriminator: DiscriminatorStats,
    /// The generator step.
    pub generator: GeneratorStats,
}

impl DiscriminatorStats {
    /// Detached stats from a step's loss and logits (each `[batch]`).
    pub fn new(
        loss: DiscriminatorLoss,
        real_logits: Tensor<1>,
        fake_logits: Tensor<1>,
        negative_logits: Option<Tensor<1>>,
    ) -> Self {
        Self {
            loss: DiscriminatorLoss {
                total: loss.total.detach(),
                real: loss.real.detach(),
                fake: loss.fake.detach(),
                negative: loss.negative.detach(),
            },
            mean_real_logit: real_logits.clone().detach().mean(),
            mean_fake_logit: fake_logits.clone().detach().mean(),
            mean_negative_logit: negative_logits.clone().map(|logits| logits.detach().mean()),
            scores: StepScores {
                real: real_logits.detach(),
                fake: fake_logits.detach(),
                negative: negative_logits.map(Tensor::detach),
            },
        }
    }

    /// Every value with a stable name, for charts and for [`check_finite`].
    pub fn named(&self) -> Vec<(&'static str, Tensor<1>)> {
        let mut named = vec![
            ("d_loss", self.loss.total.clone()),
            ("d_loss_real", self.loss.real.clone()),
            ("d_loss_fake", self.loss.fake.clone()),
            ("d_loss_negative", self.loss.negative.clone()),
            ("d_real", self.mean_real_logit.clone()),
            ("d_fake", self.mean_fake_logit.clone()),
        ];
        named.extend(
            self.mean_negative_logit
                .clone()
                .map(|mean| ("d_negative", mean)),
        );
        named
    }
}

impl GeneratorStats {
    /// Every value with a stable name.
    pub fn named(&self) -> Vec<(&'static str, Tensor<1>)> {
        vec![
            ("g_loss", self.loss.clone()),
            ("g_fake", self.mean_fake_logit.clone()),
        ]
    }
}

impl IterationStats {
    /// The D and G values with their names.
    pub fn named(&self) -> Vec<(&'static str, Tensor<1>)> {
        let mut named = self.discriminator.named();
        named.extend(self.generator.named());
        named
    }
}

/// Reads named `[1]` tensors without blocking (the only way on WebGPU), in one transfer: they are
/// concatenated on the device first, so a report costs one round trip, not one per value.
pub async fn read_named(
    named: Vec<(&'static str, Tensor<1>)>,
) -> Result<Vec<(&'static str, f32)>, TrainError> {
    let (names, tensors): (Vec<_>, Vec<_>) = named.into_iter().unzip();
    if tensors.is_empty() {
        return Ok(Vec::new());
    }
    let values = read_floats(Tensor::cat(tensors, 0)).await?;
    Ok(names.into_iter().zip(values).collect())
}

/// Reads a float tensor to the host without blocking.
pub async fn read_floats<const D: usize>(tensor: Tensor<D>) -> Result<Vec<f32>, TrainError> {
    let data = tensor
        .into_data_async()
        .await
        .map_err(|error| TrainError::Readback(format!("{error:?}")))?;
    data.try_to_vec::<f32>()
        .map_err(|error| TrainError::Readback(format!("{error:?}")))
}
