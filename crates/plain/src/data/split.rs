//! A deterministic, stratified split of an [`ImageSet`] into the images to train on and the
//! images held out to measure on (k-NN and linear-probe accuracy, discriminator scores).

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use super::error::DataError;
use super::image_set::ImageSet;

impl ImageSet {
    /// Splits into `(kept, held_out)` deterministically from `seed`.
    ///
    /// Stratified: within each class (and within the unlabelled images, as one more group),
    /// `round(group_size * held_out_fraction)` images, chosen by a seeded shuffle, are held out.
    /// Both halves keep the original order of their images and all class names.
    pub fn split(
        &self,
        held_out_fraction: f32,
        seed: u64,
    ) -> Result<(ImageSet, ImageSet), DataError> {
        if !(0.0..=1.0).contains(&held_out_fraction) {
            return Err(DataError::InvalidFraction {
                fraction: held_out_fraction,
            });
        }
        let mut groups: BTreeMap<Option<u32>, Vec<usize>> = BTreeMap::new();
        for (index, label) in self.labels().iter().enumerate() {
            groups.entry(*label).or_default().push(index);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut held_out = vec![false; self.len()];
        for members in groups.values_mut() {
            members.shuffle(&mut rng);
            let count = (members.len() as f64 * f64::from(held_out_fraction)).round() as usize;
            for &index in &members[..count] {
                held_out[index] = true;
            }
        }
        let (out, kept): (Vec<usize>, Vec<usize>) = (0..self.len()).partition(|&i| held_out[i]);
        Ok((self.subset(&kept), self.subset(&out)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `count` images of side 4 whose first two bytes encode their index, labelled `i % 3`
    /// (every fifth one unlabelled).
    pub(crate) fn numbered(count: usize) -> ImageSet {
        let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let mut set = ImageSet::new(4, names);
        for i in 0..count {
            let mut rgb = vec![0u8; 48];
            rgb[0] = (i / 256) as u8;
            rgb[1] = (i % 256) as u8;
            let label = (i % 5 != 0).then_some((i % 3) as u32);
            set.push(&rgb, label).expect("valid image");
        }
        set
    }

    pub(crate) fn index_of(rgb: &[u8]) -> usize {
        usize::from(rgb[0]) * 256 + usize::from(rgb[1])
    }

    #[test]
    fn split_is_deterministic_disjoint_complete_and_stratified() {
        let set = numbered(203);
        let (kept, held_out) = set.split(0.2, 11).expect("split");
        assert_eq!(
            set.split(0.2, 11).expect("split"),
            (kept.clone(), held_out.clone())
        );
        assert_ne!(set.split(0.2, 12).expect("split").1, held_out);
        let mut seen: Vec<usize> = (0..kept.len())
            .map(|i| index_of(kept.image_rgb(i)))
            .chain((0..held_out.len()).map(|i| index_of(held_out.image_rgb(i))))
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..203).collect::<Vec<_>>());
        // Each class, and the unlabelled group, loses round(20%) of its images.
        for (class, total) in set.counts_per_label().into_iter().enumerate() {
            let expected = (total as f64 * 0.2).round() as usize;
            assert_eq!(held_out.counts_per_label()[class], expected);
        }
        let unlabelled = (set.num_unlabelled() as f64 * 0.2).round() as usize;
        assert_eq!(held_out.num_unlabelled(), unlabelled);
        // Labels travel with their images; order is kept.
        for i in 0..held_out.len() {
            assert_eq!(
                held_out.label(i),
                set.label(index_of(held_out.image_rgb(i)))
            );
        }
        assert!(
            (1..kept.len()).all(|i| index_of(kept.image_rgb(i - 1)) < index_of(kept.image_rgb(i)))
        );
    }

    #[test]
    fn split_edges_and_bad_fractions() {
        let set = numbered(10);
        let (kept, held_out) = set.split(0.0, 1).expect("split");
        assert_eq!((kept.len(), held_out.len()), (10, 0));
        let (kept, held_out) = set.split(1.0, 1).expect("split");
        assert_eq!((kept.len(), held_out.len()), (0, 10));
        for fraction in [-0.1, 1.5, f32::NAN] {
            assert!(matches!(
                set.split(fraction, 1),
                Err(DataError::InvalidFraction { .. })
            ));
        }
    }
}
