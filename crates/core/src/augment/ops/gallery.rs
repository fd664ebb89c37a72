//! The teaching gallery's rows of images: the real batch, the same images through every negative
//! augmentation, and positive views of them. Only tensors are produced here; the worker reads
//! them back (asynchronously) and lays them out.

use burn::tensor::Tensor;
use rand::rngs::ChaCha8Rng;

use super::{Augment, positive_view};
use crate::augment::{AugmentError, GalleryRowKind, GallerySettings, NUM_POSITIVE_VIEWS};

/// One row: its kind and either its images or why they could not be made (an invalid setting
/// for this image size, say) — one bad control never blanks the whole gallery.
pub struct GalleryRow {
    /// What the row shows.
    pub kind: GalleryRowKind,
    /// `[images, channels, height, width]` in [-1, 1], or the reason there are none.
    pub images: Result<Tensor<4>, AugmentError>,
}

/// Builds every row from `real` (`[images, channels, height, width]` in [-1, 1]); all random
/// choices come from `rng`, in row order, so the same seed gives the same gallery.
pub fn gallery_rows(
    real: Tensor<4>,
    settings: &GallerySettings,
    rng: &mut ChaCha8Rng,
) -> Vec<GalleryRow> {
    let mut rows = vec![GalleryRow {
        kind: GalleryRowKind::Real,
        images: Ok(real.clone()),
    }];
    for augmentation in settings.negatives() {
        rows.push(GalleryRow {
            kind: GalleryRowKind::Negative(augmentation.kind()),
            images: augmentation.apply(real.clone(), rng),
        });
    }
    for index in 1..=NUM_POSITIVE_VIEWS {
        rows.push(GalleryRow {
            kind: GalleryRowKind::Positive(index),
            images: positive_view(&settings.positive, real.clone(), rng),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use burn::tensor::{Device, TensorData};
    use rand::{RngExt, SeedableRng};

    use super::*;
    use crate::augment::{GalleryRowKind, JigsawConfig, NegativeKind};

    fn random_batch(seed: u64) -> Tensor<4> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let values: Vec<f32> = (0..4 * 3 * 8 * 8)
            .map(|_| rng.random_range(-1.0..1.0))
            .collect();
        Tensor::from_data(TensorData::new(values, [4, 3, 8, 8]), &Device::flex())
    }

    fn row_values(rows: &[GalleryRow]) -> Vec<Vec<f32>> {
        rows.iter()
            .map(|row| {
                let images = row.images.as_ref().expect("valid settings").clone();
                images.into_data().try_to_vec::<f32>().expect("f32")
            })
            .collect()
    }

    #[test]
    fn rows_cover_real_every_negative_and_two_positives() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let rows = gallery_rows(random_batch(0), &GallerySettings::default(), &mut rng);
        let kinds: Vec<_> = rows.iter().map(|row| row.kind).collect();
        let mut expected = vec![GalleryRowKind::Real];
        expected.extend(NegativeKind::ALL.map(GalleryRowKind::Negative));
        expected.extend([GalleryRowKind::Positive(1), GalleryRowKind::Positive(2)]);
        assert_eq!(kinds, expected);
        let values = row_values(&rows);
        for (row, images) in rows.iter().zip(&values).skip(1) {
            assert_ne!(
                images, &values[0],
                "{:?} returned the real images",
                row.kind
            );
        }
    }

    #[test]
    fn same_seed_same_gallery_and_a_reroll_changes_it() {
        let settings = GallerySettings::default();
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            row_values(&gallery_rows(random_batch(0), &settings, &mut rng))
        };
        assert_eq!(draw(5), draw(5));
        assert_ne!(draw(5)[1], draw(6)[1]);
    }

    #[test]
    fn an_invalid_setting_fails_only_its_own_row() {
        let settings = GallerySettings {
            jigsaw: JigsawConfig { grid: 3 },
            ..Default::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let rows = gallery_rows(random_batch(0), &settings, &mut rng);
        assert!(matches!(
            rows[1].images,
            Err(AugmentError::GridDoesNotDivide { .. })
        ));
        assert!(rows.iter().skip(2).all(|row| row.images.is_ok()));
    }

    #[test]
    fn every_row_has_a_distinct_slug_and_an_explanation() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let rows = gallery_rows(random_batch(0), &GallerySettings::default(), &mut rng);
        let mut slugs: Vec<_> = rows.iter().map(|row| row.kind.slug()).collect();
        assert!(rows.iter().all(|row| !row.kind.explanation().is_empty()));
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), rows.len());
    }
}
