//! The known cases of metric validation (evaluation reference, "Validate a metric before trusting
//! it"): sets of images whose quality against the held-out real images is known to rise or fall,
//! all made from held-out real images that no evaluator and no run ever trained on. Each case has
//! a `quality` number that orders its family (higher is closer to the real images), so a metric
//! that works correlates with it, by Spearman's ρ, in the direction [`Family::expected`] says.

use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use super::pool::RealPool;
use crate::augment::{Augment, NegativeAugmentation, NegativeKind};
use crate::seeding::{RngStream, stream_rng};
use crate::train::evaluation::corruptions::{Corruption, SEVERITIES};
use crate::train::evaluation::inference::generate;
use crate::train::gan::sampling::noise_grid;
use crate::train::{GanTrainer, TrainError, read_floats};

/// A family of known cases: one way of degrading real images, ordered by how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A second held-out real sample: the metric's value for "identical distributions".
    RealVsReal,
    /// One corruption at severities 0 (none) to 5.
    Corruption(Corruption),
    /// 0 to 100 % of the images replaced by their NDA version.
    NdaMix(NegativeKind),
    /// Only 1, 2, half or all of the classes kept.
    ModeDropping,
    /// k distinct images repeated to fill the sample.
    Memorisation,
    /// One generator's samples: untrained, then after more and more iterations.
    Generators,
}

/// The metrics validated, in report order.
pub use nda_plain::train::evaluation::validated::VALIDATED_CANDIDATES as VALIDATED_METRICS;

impl Family {
    /// A short name for tables and CSV files.
    pub fn name(self) -> String {
        match self {
            Family::RealVsReal => "real-vs-real".into(),
            Family::Corruption(corruption) => format!("corruption-{}", corruption.name()),
            Family::NdaMix(kind) => format!("nda-mix-{}", kind.slug()),
            Family::ModeDropping => "mode-dropping".into(),
            Family::Memorisation => "memorisation".into(),
            Family::Generators => "generators".into(),
        }
    }

    /// The sign Spearman's ρ between the cases' quality and `metric` must have (+1: the metric
    /// rises as quality rises), or `None` where the family says nothing about the metric: e.g.
    /// dropping classes keeps every sample realistic, so precision need not move; memorised
    /// copies are real images, so density need not move. Distances fall as quality rises.
    pub fn expected(self, metric: &str) -> Option<f64> {
        use Family::*;
        let up = Some(1.0);
        let down = Some(-1.0);
        match (metric, self) {
            (_, RealVsReal) => None,
            ("kid" | "fd", _) => down,
            ("coverage", _) => up,
            ("precision" | "density", Corruption(_) | NdaMix(_)) => up,
            ("precision", Generators) => up,
            ("density_gap", Corruption(_) | NdaMix(_) | Generators) => down,
            ("recall", ModeDropping | Memorisation | Generators) => up,
            ("diversity", ModeDropping | Memorisation) => up,
            _ => None,
        }
    }
}

/// One known case: images and where they stand in their family.
#[derive(Debug, Clone)]
pub struct KnownCase {
    /// The family.
    pub family: Family,
    /// What was done, e.g. "severity 3", "50 %", "2 classes".
    pub label: String,
    /// Orders the family: higher is closer to the real images.
    pub quality: f64,
    /// `[n, 3, S, S]` planar floats in [-1, 1].
    pub images: Vec<f32>,
}

/// The image-level cases of a pool: the first `n` pool images are the clean sample (every
/// family's quality-best case); `rng` draws corruption noise, NDA partners and memorised images.
pub async fn image_cases(
    pool: &RealPool,
    n: usize,
    rng: &mut ChaCha8Rng,
    device: &Device,
) -> Result<Vec<KnownCase>, TrainError> {
    if pool.len() < n {
        return Err(TrainError::Dataset(format!(
            "the validation pool has {} images, fewer than {n}",
            pool.len()
        )));
    }
    let clean_indices: Vec<usize> = (0..n).collect();
    let clean = pool.gather(&clean_indices);
    let case = |family, label: String, quality: f64, images| KnownCase {
        family,
        label,
        quality,
        images,
    };
    let mut cases = vec![case(
        Family::RealVsReal,
        "a second held-out sample".into(),
        0.0,
        clean.clone(),
    )];
    for corruption in Corruption::ALL {
        let family = Family::Corruption(corruption);
        cases.push(case(family, "severity 0".into(), 0.0, clean.clone()));
        for severity in SEVERITIES {
            let images = corruption.apply(&clean, pool.size, severity, rng);
            cases.push(case(
                family,
                format!("severity {severity}"),
                -(severity as f64),
                images,
            ));
        }
    }
    for kind in [NegativeKind::Jigsaw, NegativeKind::Stitch] {
        let negative = negative_of(&clean, pool.size, kind, rng, device).await?;
        for percent in [0, 25, 50, 75, 100] {
            let replaced = n * percent / 100;
            let len = pool.image_len();
            let mut images = clean.clone();
            images[..replaced * len].copy_from_slice(&negative[..replaced * len]);
            cases.push(case(
                Family::NdaMix(kind),
                format!("{percent} %"),
                -(percent as f64),
                images,
            ));
        }
    }
    let mut kept: Vec<usize> = vec![1, 2, pool.num_classes / 2, pool.num_classes];
    kept.dedup();
    for classes in kept {
        let indices = pool.of_classes(classes, n)?;
        cases.push(case(
            Family::ModeDropping,
            format!("{classes} of {} classes", pool.num_classes),
            classes as f64,
            pool.gather(&indices),
        ));
    }
    let mut distinct: Vec<usize> = vec![1, 10, n / 10, n];
    distinct.dedup();
    for count in distinct {
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(rng);
        let indices: Vec<usize> = (0..n).map(|i| order[i % count]).collect();
        cases.push(case(
            Family::Memorisation,
            format!("{count} distinct"),
            count as f64,
            pool.gather(&indices),
        ));
    }
    Ok(cases)
}

/// `n` samples of `trainer`'s EMA generator with its run seed's evaluation noise, as the studies
/// draw them; with `collapse`, every sample from the first latent vector (and class): a generator
/// deliberately collapsed onto one image.
pub async fn generator_samples(
    trainer: &GanTrainer,
    n: usize,
    collapse: bool,
    device: &Device,
) -> Result<Vec<f32>, TrainError> {
    let config = trainer.config();
    let mut rng = stream_rng(config.seed, RngStream::Evaluation);
    let mut plan = noise_grid(&mut rng, n, config.latent_dim, config.num_classes);
    if collapse {
        let first = plan.latent[..config.latent_dim].to_vec();
        for row in plan.latent.chunks_exact_mut(config.latent_dim) {
            row.copy_from_slice(&first);
        }
        if let Some(labels) = plan.labels.as_mut() {
            let class = labels[0];
            labels.iter_mut().for_each(|label| *label = class);
        }
    }
    read_floats(generate(trainer, &plan, device)).await
}

/// `images` transformed by `kind` with its default settings (partners drawn among them).
async fn negative_of(
    images: &[f32],
    size: usize,
    kind: NegativeKind,
    rng: &mut ChaCha8Rng,
    device: &Device,
) -> Result<Vec<f32>, TrainError> {
    let count = images.len() / (3 * size * size);
    let tensor = Tensor::<4>::from_data(
        TensorData::new(images.to_vec(), [count, 3, size, size]),
        device,
    );
    let negative = NegativeAugmentation::default_for(kind)
        .apply(tensor, rng)
        .map_err(|error| TrainError::Dataset(error.to_string()))?;
    read_floats(negative).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use rand::SeedableRng;

    fn pool(size: usize, count: usize, classes: usize) -> RealPool {
        let len = 3 * size * size;
        RealPool {
            images: (0..count * len)
                .map(|i| ((i * 7919) % 200) as f32 / 100.0 - 1.0)
                .collect(),
            labels: (0..count).map(|i| i % classes).collect(),
            size,
            num_classes: classes,
        }
    }

    #[test]
    fn every_family_is_ordered_from_its_worst_to_its_clean_case() {
        let pool = pool(8, 80, 4);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let cases = block_on(image_cases(&pool, 20, &mut rng, &Device::flex())).expect("cases");
        let clean = &cases[0].images;
        let of = |family: Family| -> Vec<&KnownCase> {
            cases.iter().filter(|case| case.family == family).collect()
        };
        let noise = of(Family::Corruption(Corruption::Noise));
        assert_eq!(noise.len(), 6);
        assert_eq!(&noise[0].images, clean, "severity 0 is the clean sample");
        let jigsaw = of(Family::NdaMix(NegativeKind::Jigsaw));
        let quarter = 3 * 8 * 8 * 5;
        assert_eq!(
            jigsaw[1].images[quarter..],
            clean[quarter..],
            "25 %: 15 of 20 untouched"
        );
        assert_ne!(jigsaw[4].images[..quarter], clean[..quarter]);
        let modes = of(Family::ModeDropping);
        assert_eq!(
            modes.iter().map(|case| case.quality).collect::<Vec<_>>(),
            [1.0, 2.0, 4.0]
        );
        let memorised = of(Family::Memorisation);
        let one = &memorised[0].images;
        assert!(
            one.chunks(3 * 64).all(|image| image == &one[..3 * 64]),
            "one image, repeated"
        );
    }

    #[test]
    fn directions_are_stated_only_where_the_family_moves_the_metric() {
        assert_eq!(Family::ModeDropping.expected("recall"), Some(1.0));
        assert_eq!(Family::ModeDropping.expected("precision"), None);
        assert_eq!(Family::Generators.expected("kid"), Some(-1.0));
        assert_eq!(Family::RealVsReal.expected("kid"), None);
        assert_eq!(Family::Memorisation.expected("density"), None);
    }
}
