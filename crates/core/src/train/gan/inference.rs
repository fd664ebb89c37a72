//! A GAN trainer used, not trained: images from its EMA generator (for latent vectors, or a
//! sampling plan's) and its discriminator's scores, all in inference mode, so nothing here
//! changes the models.

use burn::module::Module;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::model::Discriminator;
use crate::train::draws::labels_tensor;
use crate::train::gan::GanTrainer;
use crate::train::gan::sampling::SamplePlan;

impl GanTrainer {
    /// Images from the EMA generator in inference mode: `z [n, latent_dim]` (and labels for a
    /// conditional GAN) -> `[n, 3, size, size]` in [-1, 1], without autodiff.
    pub fn sample(&self, z: Tensor<2>, labels: Option<Tensor<1, Int>>) -> Tensor<4> {
        let labels = labels.map(Tensor::without_autodiff);
        self.ema.model.forward(z.without_autodiff(), labels)
    }

    /// The EMA generator's images `[count, 3, size, size]` for a plan's latent vectors and labels.
    pub fn sample_plan(&self, plan: &SamplePlan, device: &Device) -> Tensor<4> {
        let z = Tensor::<2>::from_data(
            TensorData::new(plan.latent.clone(), [plan.count, self.config().latent_dim]),
            device,
        );
        let labels = plan
            .labels
            .as_ref()
            .map(|labels| labels_tensor(labels, device));
        self.sample(z, labels)
    }

    /// The discriminator's raw logits `[n]` of `images` in inference mode (its spectral norms
    /// run their power iteration from the stored `u` without storing it, so scoring never changes
    /// the model).
    pub fn score(&self, images: Tensor<4>, labels: Option<Tensor<1, Int>>) -> Tensor<1> {
        score_with(&self.discriminator, images, labels)
    }
}

/// `discriminator`'s raw logits `[n]` of `images` in inference mode (its spectral norms run their
/// power iteration from the stored `u` without storing it, so scoring never changes the model).
pub fn score_with(
    discriminator: &Discriminator,
    images: Tensor<4>,
    labels: Option<Tensor<1, Int>>,
) -> Tensor<1> {
    let labels = labels.map(Tensor::without_autodiff);
    discriminator
        .valid()
        .forward(images.without_autodiff(), labels)
}
