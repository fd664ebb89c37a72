//! The in-memory dataset: small square RGB images with optional class labels, kept as one compact
//! byte buffer, and its host floats in `[-1, 1]` (the core's `data/batch.rs` uploads them as the
//! tensors that the models and the negative augmentations of Sinha et al., ICLR 2021, work on).
//! Its stratified split (`split.rs`) is written next to it.
//!
//! Layout of `pixels`: image-major, then row-major, then interleaved RGB (`N × size × size × 3`,
//! "NHWC"): byte `((i * size + y) * size + x) * 3 + c` is channel `c` of pixel `(x, y)` of image `i`.
//! One byte per channel keeps 20,000 images of 64×64 in 246 MB; floats would need four times that,
//! which is why floats only exist per batch.

use serde::{Deserialize, Serialize};

use super::error::DataError;

/// A dataset of square RGB images of one side, each with an optional class label.
///
/// Invariants (checked by every constructor, including deserialisation): `pixels.len()` is
/// `len() * size * size * 3`, there is one label entry per image, and every label is below
/// `class_names.len()`. Images without a label have `None`; a set where any image lacks a label is
/// treated as unlabelled wherever accuracy is measured (see [`ImageSet::is_fully_labelled`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ImageSetParts", into = "ImageSetParts")]
pub struct ImageSet {
    size: usize,
    pixels: Vec<u8>,
    labels: Vec<Option<u32>>,
    class_names: Vec<String>,
}

/// The serialised form of an [`ImageSet`], validated on the way in.
#[derive(Serialize, Deserialize)]
struct ImageSetParts {
    size: usize,
    #[serde(with = "serde_bytes")]
    pixels: Vec<u8>,
    labels: Vec<Option<u32>>,
    class_names: Vec<String>,
}

impl TryFrom<ImageSetParts> for ImageSet {
    type Error = DataError;

    fn try_from(parts: ImageSetParts) -> Result<Self, DataError> {
        ImageSet::from_parts(parts.size, parts.pixels, parts.labels, parts.class_names)
    }
}

impl From<ImageSet> for ImageSetParts {
    fn from(set: ImageSet) -> Self {
        ImageSetParts {
            size: set.size,
            pixels: set.pixels,
            labels: set.labels,
            class_names: set.class_names,
        }
    }
}

impl ImageSet {
    /// An empty set of images of side `size` whose labels index `class_names`.
    pub fn new(size: usize, class_names: Vec<String>) -> Self {
        ImageSet {
            size,
            pixels: Vec::new(),
            labels: Vec::new(),
            class_names,
        }
    }

    /// Builds a set from its parts, checking every invariant.
    pub fn from_parts(
        size: usize,
        pixels: Vec<u8>,
        labels: Vec<Option<u32>>,
        class_names: Vec<String>,
    ) -> Result<Self, DataError> {
        let image_bytes = size * size * 3;
        let num_images = labels.len();
        if pixels.len() != num_images * image_bytes {
            return Err(DataError::PixelLengthMismatch {
                size,
                expected: num_images * image_bytes,
                actual: pixels.len(),
            });
        }
        let num_classes = class_names.len();
        if let Some(label) = labels
            .iter()
            .flatten()
            .find(|l| **l as usize >= num_classes)
        {
            return Err(DataError::LabelOutOfRange {
                label: *label,
                num_classes,
            });
        }
        Ok(ImageSet {
            size,
            pixels,
            labels,
            class_names,
        })
    }

    /// Side of every image, in pixels.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the set has no image.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Bytes of one image: `size * size * 3`.
    pub fn image_bytes(&self) -> usize {
        self.size * self.size * 3
    }

    /// All pixels, laid out as described in the module documentation.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The label of every image, `None` where an image has none.
    pub fn labels(&self) -> &[Option<u32>] {
        &self.labels
    }

    /// Class names; label `k` names `class_names()[k]`.
    pub fn class_names(&self) -> &[String] {
        &self.class_names
    }

    /// Number of classes.
    pub fn num_classes(&self) -> usize {
        self.class_names.len()
    }

    /// Whether every image has a label and there are at least two classes, so that accuracy means
    /// something. Mixed sets (some images unlabelled) count as unlabelled.
    pub fn is_fully_labelled(&self) -> bool {
        self.num_classes() >= 2 && self.labels.iter().all(Option::is_some)
    }

    /// Appends one image given as `size * size * 3` RGB bytes.
    pub fn push(&mut self, rgb: &[u8], label: Option<u32>) -> Result<(), DataError> {
        if rgb.len() != self.image_bytes() {
            return Err(DataError::PixelLengthMismatch {
                size: self.size,
                expected: self.image_bytes(),
                actual: rgb.len(),
            });
        }
        if let Some(label) = label.filter(|l| *l as usize >= self.num_classes()) {
            return Err(DataError::LabelOutOfRange {
                label,
                num_classes: self.num_classes(),
            });
        }
        self.pixels.extend_from_slice(rgb);
        self.labels.push(label);
        Ok(())
    }

    /// The RGB bytes of image `index` (`size × size × 3`, row-major).
    ///
    /// # Panics
    /// If `index >= len()`, like slice indexing.
    pub fn image_rgb(&self, index: usize) -> &[u8] {
        let bytes = self.image_bytes();
        &self.pixels[index * bytes..(index + 1) * bytes]
    }

    /// The label of image `index`.
    ///
    /// # Panics
    /// If `index >= len()`.
    pub fn label(&self, index: usize) -> Option<u32> {
        self.labels[index]
    }

    /// Number of images of each class, indexed by label (unlabelled images are not counted).
    pub fn counts_per_label(&self) -> Vec<usize> {
        let mut counts = vec![0; self.num_classes()];
        for label in self.labels.iter().flatten() {
            counts[*label as usize] += 1;
        }
        counts
    }

    /// Number of images without a label.
    pub fn num_unlabelled(&self) -> usize {
        self.labels.iter().filter(|l| l.is_none()).count()
    }

    /// Replaces the class names by `new_names`, a superset of the current ones, and renumbers the
    /// labels so that every image keeps its class name.
    pub fn remap_classes(&mut self, new_names: Vec<String>) -> Result<(), DataError> {
        let mut new_ids = Vec::with_capacity(self.class_names.len());
        for name in &self.class_names {
            let id = new_names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| DataError::MissingClass { name: name.clone() })?;
            new_ids.push(id as u32);
        }
        for label in self.labels.iter_mut().flatten() {
            *label = new_ids[*label as usize];
        }
        self.class_names = new_names;
        Ok(())
    }

    /// The id of class `name`, adding it after the existing classes if it is new.
    pub fn class_id_or_add(&mut self, name: &str) -> u32 {
        let position = self.class_names.iter().position(|n| n == name);
        let id = position.unwrap_or_else(|| {
            self.class_names.push(name.to_string());
            self.class_names.len() - 1
        });
        id as u32
    }

    /// Moves the images of `other` to the end of this set. Classes are matched by name; classes
    /// new to this set are added after its own, in `other`'s order.
    pub fn append(&mut self, other: ImageSet) -> Result<(), DataError> {
        if other.size != self.size {
            return Err(DataError::SizeMismatch {
                expected: self.size,
                actual: other.size,
            });
        }
        let ids: Vec<u32> = other
            .class_names
            .iter()
            .map(|name| self.class_id_or_add(name))
            .collect();
        if self.is_empty() {
            self.pixels = other.pixels;
        } else {
            self.pixels.extend_from_slice(&other.pixels);
        }
        let labels = other.labels.iter().map(|l| l.map(|l| ids[l as usize]));
        self.labels.extend(labels);
        Ok(())
    }

    /// A new set holding the images at `indices`, in that order, with the same class names.
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn subset(&self, indices: &[usize]) -> ImageSet {
        let mut pixels = Vec::with_capacity(indices.len() * self.image_bytes());
        for &index in indices {
            pixels.extend_from_slice(self.image_rgb(index));
        }
        ImageSet {
            size: self.size,
            pixels,
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
            class_names: self.class_names.clone(),
        }
    }

    /// The labels of `indices`, or `None` if any of them is unlabelled.
    pub fn labels_of(&self, indices: &[usize]) -> Option<Vec<u32>> {
        indices.iter().map(|&i| self.label(i)).collect()
    }

    /// The images at `indices` as planar floats in `[-1, 1]`, `[n, 3, size, size]` flattened
    /// (`value = byte / 127.5 - 1`).
    ///
    /// # Panics
    /// If an index is out of range.
    pub fn to_nchw_floats(&self, indices: &[usize]) -> Vec<f32> {
        let plane = self.size() * self.size();
        let mut values = vec![0.0f32; indices.len() * 3 * plane];
        for (slot, &index) in indices.iter().enumerate() {
            let image = self.image_rgb(index);
            let planes = &mut values[slot * 3 * plane..(slot + 1) * 3 * plane];
            for (pixel, rgb) in image.chunks_exact(3).enumerate() {
                for (channel, &byte) in rgb.iter().enumerate() {
                    planes[channel * plane + pixel] = f32::from(byte) / 127.5 - 1.0;
                }
            }
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::split::tests::numbered;

    #[test]
    fn labels_of_needs_every_label() {
        let set = numbered(4);
        assert_eq!(set.labels_of(&[1, 2, 3]), Some(vec![1, 2, 0]));
        assert_eq!(set.labels_of(&[0, 1]), None);
        assert_eq!(set.subset(&[3, 1]).labels(), [Some(0), Some(1)]);
    }

    #[test]
    fn push_checks_length_and_label() {
        let mut set = ImageSet::new(2, vec!["x".into()]);
        assert!(set.push(&[1; 12], Some(0)).is_ok());
        assert!(set.push(&[1; 12], None).is_ok());
        assert!(matches!(
            set.push(&[1; 11], None),
            Err(DataError::PixelLengthMismatch { .. })
        ));
        assert!(matches!(
            set.push(&[1; 12], Some(1)),
            Err(DataError::LabelOutOfRange { .. })
        ));
        assert_eq!(set.len(), 2);
        assert_eq!(set.counts_per_label(), vec![1]);
        assert_eq!(set.num_unlabelled(), 1);
        assert!(!set.is_fully_labelled());
    }

    #[test]
    fn classes_can_be_remapped_added_and_appended() {
        let mut set = numbered(6);
        set.remap_classes(vec!["c".into(), "z".into(), "a".into(), "b".into()])
            .expect("remap");
        assert_eq!(
            set.labels(),
            [None, Some(3), Some(0), Some(2), Some(3), None]
        );
        assert!(set.remap_classes(vec!["a".into()]).is_err());
        assert_eq!(set.class_id_or_add("z"), 1);
        assert_eq!(set.class_id_or_add("new"), 4);

        let mut other = ImageSet::new(4, vec!["new".into(), "q".into()]);
        other.push(&[9; 48], Some(1)).expect("push");
        other.push(&[9; 48], Some(0)).expect("push");
        set.append(other).expect("append");
        assert_eq!(set.len(), 8);
        assert_eq!(set.class_names(), ["c", "z", "a", "b", "new", "q"]);
        assert_eq!(&set.labels()[6..], [Some(5), Some(4)]);
        assert!(set.append(ImageSet::new(8, vec![])).is_err());
    }

    #[test]
    fn serde_round_trips_and_rejects_broken_sets() {
        let set = numbered(7);
        let json = serde_json::to_string(&set).expect("serialise");
        let back: ImageSet = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, set);
        let broken = r#"{"size":1,"pixels":[1,2,3],"labels":[5],"class_names":["a"]}"#;
        assert!(serde_json::from_str::<ImageSet>(broken).is_err());
        let short = r#"{"size":1,"pixels":[1,2],"labels":[null],"class_names":[]}"#;
        assert!(serde_json::from_str::<ImageSet>(short).is_err());
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use crate::data::{BuiltinSpec, generate};

    #[test]
    fn the_fingerprint_follows_the_content() {
        let spec = BuiltinSpec::default();
        let set = generate(&BuiltinSpec { count: 20, ..spec }).expect("set");
        let same = generate(&BuiltinSpec { count: 20, ..spec }).expect("set");
        let other = generate(&BuiltinSpec {
            count: 20,
            seed: 9,
            ..spec
        })
        .expect("set");
        assert_eq!(set.fingerprint(), same.fingerprint());
        assert_ne!(set.fingerprint(), other.fingerprint());
        assert_eq!(set.fingerprint().len(), 16);
    }
}
