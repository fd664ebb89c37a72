//! Which latent vectors (and class labels) a sample grid shows: the fixed-noise grid that is
//! redrawn during training, a grid of new noise, latent interpolations, and one row per class.
//!
//! Plans are host values from a seed, so the same request always shows the same images of the
//! same generator, and a grid is reproducible from its seed.

use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::seeding::normal_values;
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;

/// Columns of the fixed-noise and new-noise grids (8 x 8 = 64 images).
pub const GRID_COLUMNS: usize = 8;
/// Images in the fixed-noise and new-noise grids.
pub const GRID_IMAGES: usize = 64;
/// Most rows or columns a requested grid may have.
pub const MAX_GRID_SIDE: usize = 16;

/// A grid the user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SampleRequest {
    /// 64 samples from new noise drawn from `seed`.
    NewNoise {
        /// Seed of the noise.
        seed: u64,
    },
    /// `rows` interpolations, each between two latent vectors, in `steps` columns (spherical
    /// interpolation, which keeps the intermediate vectors at the norm a Gaussian latent has).
    Interpolation {
        /// Seed of the end points.
        seed: u64,
        /// Number of interpolations.
        rows: usize,
        /// Images per interpolation, end points included.
        steps: usize,
    },
    /// One row per class with the same noise in each column (class-conditional models only).
    PerClass {
        /// Seed of the noise.
        seed: u64,
        /// Images per class.
        columns: usize,
    },
}

/// The latent vectors and labels of one grid.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplePlan {
    /// `count * latent_dim` values, row-major.
    pub latent: Vec<f32>,
    /// Number of images.
    pub count: usize,
    /// Class of each image, for a conditional model.
    pub labels: Option<Vec<usize>>,
    /// Columns of the grid.
    pub columns: usize,
}

/// Most images one noise grid may have (the CLI's `sample --n`).
pub const MAX_NOISE_IMAGES: usize = 1024;

/// The size in pixels of a run's fixed-noise grid of `image_size` px samples (its timeline's
/// frames are this size).
pub fn fixed_grid_size(image_size: usize) -> (usize, usize) {
    crate::data::mosaic_size(GRID_IMAGES, GRID_COLUMNS, image_size, image_size)
}

/// The fixed noise of the training grid of a run with `seed`: the same for an NDA run and its
/// baseline, so their grids can be compared image by image.
pub fn fixed_noise_plan(seed: u64, latent_dim: usize, num_classes: Option<usize>) -> SamplePlan {
    noise_grid(
        &mut stream_rng(seed, RngStream::FixedNoise),
        GRID_IMAGES,
        latent_dim,
        num_classes,
    )
}

/// `count` images of noise: from the run's fixed noise (`seed` `None`, `run_seed`), whose first
/// 64 are the training grid, or from new noise drawn from `seed`, whose first 64 are the page's
/// "new noise" grid of that seed. Eight columns, as the page's grids.
pub fn noise_plan(
    run_seed: u64,
    seed: Option<u64>,
    count: usize,
    latent_dim: usize,
    num_classes: Option<usize>,
) -> Result<SamplePlan, TrainError> {
    if !(1..=MAX_NOISE_IMAGES).contains(&count) {
        return Err(TrainError::out_of_range(
            "images",
            count,
            "between 1 and 1024",
        ));
    }
    let mut rng = match seed {
        Some(seed) => seeded(seed),
        None => stream_rng(run_seed, RngStream::FixedNoise),
    };
    Ok(noise_grid(&mut rng, count, latent_dim, num_classes))
}

/// The plan for `request`.
pub fn plan_samples(
    request: SampleRequest,
    latent_dim: usize,
    num_classes: Option<usize>,
) -> Result<SamplePlan, TrainError> {
    match request {
        SampleRequest::NewNoise { seed } => Ok(noise_grid(
            &mut seeded(seed),
            GRID_IMAGES,
            latent_dim,
            num_classes,
        )),
        SampleRequest::Interpolation { seed, rows, steps } => {
            check_side("interpolation rows", rows, 1)?;
            check_side("interpolation steps", steps, 2)?;
            let mut rng = seeded(seed);
            let mut latent = Vec::with_capacity(rows * steps * latent_dim);
            for _ in 0..rows {
                let start = normal_values(latent_dim, 1.0, &mut rng);
                let end = normal_values(latent_dim, 1.0, &mut rng);
                for step in 0..steps {
                    let t = step as f32 / (steps - 1) as f32;
                    latent.extend(slerp(&start, &end, t));
                }
            }
            let labels = num_classes.map(|classes| {
                (0..rows * steps)
                    .map(|index| (index / steps) % classes)
                    .collect()
            });
            Ok(SamplePlan {
                latent,
                count: rows * steps,
                labels,
                columns: steps,
            })
        }
        SampleRequest::PerClass { seed, columns } => {
            let classes = num_classes.ok_or(TrainError::Labels(
                "one row per class needs a class-conditional model: turn conditioning on and \
                 train on a labelled dataset",
            ))?;
            check_side("images per class", columns, 1)?;
            let column_noise = normal_values(columns * latent_dim, 1.0, &mut seeded(seed));
            let latent = (0..classes)
                .flat_map(|_| column_noise.iter().copied())
                .collect();
            let labels = (0..classes * columns)
                .map(|index| index / columns)
                .collect();
            Ok(SamplePlan {
                latent,
                count: classes * columns,
                labels: Some(labels),
                columns,
            })
        }
    }
}

fn seeded(seed: u64) -> ChaCha8Rng {
    stream_rng(seed, RngStream::FixedNoise)
}

/// `count` noise vectors in rows of eight; for a conditional model, row `r` shows class
/// `r mod classes`. A smaller `count` gives the first images of a larger one.
pub fn noise_grid(
    rng: &mut ChaCha8Rng,
    count: usize,
    latent_dim: usize,
    num_classes: Option<usize>,
) -> SamplePlan {
    let labels = num_classes.map(|classes| {
        (0..count)
            .map(|index| (index / GRID_COLUMNS) % classes)
            .collect()
    });
    SamplePlan {
        latent: normal_values(count * latent_dim, 1.0, rng),
        count,
        labels,
        columns: GRID_COLUMNS.min(count),
    }
}

fn check_side(parameter: &'static str, value: usize, least: usize) -> Result<(), TrainError> {
    if (least..=MAX_GRID_SIDE).contains(&value) {
        return Ok(());
    }
    Err(TrainError::out_of_range(
        parameter,
        value,
        if least == 1 {
            "between 1 and 16"
        } else {
            "between 2 and 16"
        },
    ))
}

/// Spherical interpolation between `a` and `b` at `t` in [0, 1]; linear when they are parallel.
fn slerp(a: &[f32], b: &[f32], t: f32) -> Vec<f32> {
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let cosine = a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>() / (norm(a) * norm(b)).max(1e-12);
    let omega = cosine.clamp(-1.0, 1.0).acos();
    let (wa, wb) = if omega.sin().abs() < 1e-6 {
        (1.0 - t, t)
    } else {
        (
            ((1.0 - t) * omega).sin() / omega.sin(),
            (t * omega).sin() / omega.sin(),
        )
    };
    a.iter().zip(b).map(|(x, y)| wa * x + wb * y).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolations_start_and_end_at_their_end_points() {
        let request = SampleRequest::Interpolation {
            seed: 4,
            rows: 2,
            steps: 5,
        };
        let plan = plan_samples(request, 8, Some(3)).expect("valid");
        assert_eq!((plan.count, plan.columns), (10, 5));
        assert_eq!(plan.labels, Some(vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]));
        let vector = |index: usize| &plan.latent[index * 8..(index + 1) * 8];
        let mut rng = seeded(4);
        let start = normal_values(8, 1.0, &mut rng);
        let end = normal_values(8, 1.0, &mut rng);
        for (got, want) in vector(0)
            .iter()
            .zip(&start)
            .chain(vector(4).iter().zip(&end))
        {
            assert!((got - want).abs() < 1e-5);
        }
        assert_ne!(vector(2), &start[..]);
    }

    #[test]
    fn per_class_rows_share_their_noise_and_need_a_conditional_model() {
        let request = SampleRequest::PerClass {
            seed: 1,
            columns: 4,
        };
        let plan = plan_samples(request, 2, Some(3)).expect("conditional");
        assert_eq!(plan.count, 12);
        assert_eq!(plan.labels.as_deref().map(|labels| labels[4]), Some(1));
        assert_eq!(
            plan.latent[..8],
            plan.latent[8..16],
            "row 0 and row 1 share noise"
        );
        let refused = plan_samples(request, 2, None).expect_err("unconditional");
        assert!(refused.to_string().contains("class-conditional"));
        let too_many = SampleRequest::Interpolation {
            seed: 1,
            rows: 40,
            steps: 3,
        };
        assert!(plan_samples(too_many, 2, None).is_err());
    }

    #[test]
    fn fixed_noise_depends_only_on_the_seed() {
        assert_eq!(fixed_noise_plan(2, 4, None), fixed_noise_plan(2, 4, None));
        assert_ne!(fixed_noise_plan(2, 4, None), fixed_noise_plan(3, 4, None));
        let new = plan_samples(SampleRequest::NewNoise { seed: 2 }, 4, None).expect("valid");
        assert_eq!(new.count, GRID_IMAGES);
    }

    #[test]
    fn noise_plans_of_any_size_start_with_the_page_grids() {
        let fixed = fixed_noise_plan(5, 4, Some(3));
        let same = noise_plan(5, None, GRID_IMAGES, 4, Some(3)).expect("valid");
        assert_eq!(
            same, fixed,
            "64 images of fixed noise are the training grid"
        );
        let new = plan_samples(SampleRequest::NewNoise { seed: 9 }, 4, Some(3)).expect("valid");
        let more = noise_plan(5, Some(9), 100, 4, Some(3)).expect("valid");
        assert_eq!(more.latent[..GRID_IMAGES * 4], new.latent[..]);
        assert_eq!(
            more.labels.as_deref().map(|labels| labels[64..72].to_vec()),
            Some(vec![2; 8])
        );
        let few = noise_plan(5, Some(9), 3, 4, None).expect("valid");
        assert_eq!((few.count, few.columns), (3, 3));
        assert_eq!(few.latent[..], new.latent[..12]);
        assert!(noise_plan(5, None, 0, 4, None).is_err());
        assert!(noise_plan(5, None, MAX_NOISE_IMAGES + 1, 4, None).is_err());
    }
}
