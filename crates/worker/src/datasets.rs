//! The worker's datasets: the active built-in set and the user's uploads, kept side by side so
//! switching to a built-in set never loses an upload.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;

use nda_core::data::{
    BuiltinSpec, DataError, ImageSet, UploadFile, UploadLimits, decode_uploads, generate,
    mosaic_from_set,
};
use nda_protocol::{DatasetOrigin, DatasetSummary, RejectedFile};

/// Thumbnails shown for the active dataset.
pub const NUM_THUMBNAILS: usize = 48;

/// Columns of the thumbnail grid.
pub const THUMBNAIL_COLUMNS: usize = 12;

/// Which of the two datasets is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Active {
    Builtin,
    Uploads,
}

/// The built-in set and the uploads, one of them active.
#[derive(Default)]
pub struct DatasetStore {
    builtin: Option<(BuiltinSpec, ImageSet)>,
    uploads: Option<ImageSet>,
    active: Option<Active>,
}

/// What an upload did.
pub struct UploadOutcome {
    /// Images added.
    pub accepted: usize,
    /// Files that could not be used, with the reason in words.
    pub rejected: Vec<RejectedFile>,
}

impl DatasetStore {
    /// Generates a built-in set and makes it active.
    pub fn load_builtin(&mut self, spec: BuiltinSpec) -> Result<(), DataError> {
        let images = generate(&spec)?;
        self.builtin = Some((spec, images));
        self.active = Some(Active::Builtin);
        Ok(())
    }

    /// Decodes uploads into the uploaded dataset (appending to earlier ones of the same size) and
    /// makes it active when it holds any image. Earlier uploads of another size are replaced,
    /// and the caller is told so through the error.
    pub fn add_uploads(
        &mut self,
        files: Vec<UploadFile>,
        size: usize,
        limits: &UploadLimits,
    ) -> Result<UploadOutcome, DataError> {
        let existing = self.uploads.take().filter(|set| set.size() == size);
        let kept = existing.clone();
        let report = match decode_uploads(files, size, limits, existing) {
            Ok(report) => report,
            Err(error) => {
                self.uploads = kept;
                return Err(error);
            }
        };
        let rejected = report
            .rejected
            .iter()
            .map(|rejected| RejectedFile {
                name: rejected.name.clone(),
                reason: rejected.reason.to_string(),
            })
            .collect();
        let accepted = report.num_added;
        if !report.images.is_empty() {
            self.uploads = Some(report.images);
            self.active = Some(Active::Uploads);
        }
        Ok(UploadOutcome { accepted, rejected })
    }

    /// Makes the uploads active again; `false` when there are none.
    pub fn use_uploads(&mut self) -> bool {
        let available = self.uploads.as_ref().is_some_and(|set| !set.is_empty());
        if available {
            self.active = Some(Active::Uploads);
        }
        available
    }

    /// Forgets the uploads; the built-in set becomes active if there is one.
    pub fn clear_uploads(&mut self) {
        self.uploads = None;
        self.active = self.builtin.as_ref().map(|_| Active::Builtin);
    }

    /// The active dataset.
    pub fn active(&self) -> Option<&ImageSet> {
        match self.active? {
            Active::Builtin => self.builtin.as_ref().map(|(_, set)| set),
            Active::Uploads => self.uploads.as_ref(),
        }
    }

    /// The spec of the active dataset when it is the built-in one.
    pub fn active_builtin(&self) -> Option<BuiltinSpec> {
        match (self.active?, &self.builtin) {
            (Active::Builtin, Some((spec, _))) => Some(*spec),
            _ => None,
        }
    }

    /// The summary the page shows; `millis` is how long the last change took.
    pub fn summary(&self, millis: f64) -> Option<DatasetSummary> {
        let set = self.active()?;
        let origin = match (self.active?, &self.builtin) {
            (Active::Builtin, Some((spec, _))) => DatasetOrigin::Builtin(*spec),
            _ => DatasetOrigin::Uploads,
        };
        let shown: Vec<usize> = (0..set.len().min(NUM_THUMBNAILS)).collect();
        Some(DatasetSummary {
            origin,
            num_images: set.len(),
            size: set.size(),
            class_names: set.class_names().to_vec(),
            counts_per_label: set.counts_per_label(),
            num_unlabelled: set.num_unlabelled(),
            thumbnails: mosaic_from_set(set, &shown, THUMBNAIL_COLUMNS),
            num_uploaded: self.uploads.as_ref().map_or(0, ImageSet::len),
            millis,
            fingerprint: set.fingerprint(),
        })
    }

    /// `count` distinct images of the active set chosen by `seed` (all of them when fewer).
    pub fn sample_indices(&self, count: usize, seed: u64) -> Vec<usize> {
        let Some(set) = self.active() else {
            return Vec::new();
        };
        let mut indices: Vec<usize> = (0..set.len()).collect();
        indices.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        indices.truncate(count);
        indices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, RgbImage};
    use nda_core::data::BuiltinDataset;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, ImageFormat::Png)
            .expect("encodes");
        bytes.into_inner()
    }

    fn small_spec() -> BuiltinSpec {
        BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 30,
            seed: 3,
        }
    }

    #[test]
    fn uploads_survive_switching_to_a_builtin_set_and_back() {
        let mut store = DatasetStore::default();
        let files = vec![
            UploadFile {
                name: "cats/a.png".into(),
                bytes: png(40, 30),
            },
            UploadFile {
                name: "dogs/b.png".into(),
                bytes: png(20, 20),
            },
            UploadFile {
                name: "notes.txt".into(),
                bytes: b"hello".to_vec(),
            },
        ];
        let outcome = store
            .add_uploads(files, 32, &UploadLimits::default())
            .expect("decodes");
        assert_eq!(outcome.accepted, 2);
        assert_eq!(outcome.rejected.len(), 1);
        assert_eq!(outcome.rejected[0].name, "notes.txt");
        assert_eq!(
            store.summary(0.0).expect("active").origin,
            DatasetOrigin::Uploads
        );

        store.load_builtin(small_spec()).expect("generates");
        let summary = store.summary(0.0).expect("active");
        assert_eq!(summary.num_images, 30);
        assert_eq!(summary.num_uploaded, 2);

        assert!(store.use_uploads());
        let summary = store.summary(0.0).expect("active");
        assert_eq!(
            summary.class_names,
            vec!["cats".to_string(), "dogs".to_string()]
        );
        store.clear_uploads();
        assert!(!store.use_uploads());
        assert_eq!(store.summary(0.0).expect("builtin").num_images, 30);
    }

    #[test]
    fn a_second_upload_appends() {
        let mut store = DatasetStore::default();
        let upload = |name: &str| {
            vec![UploadFile {
                name: name.into(),
                bytes: png(8, 8),
            }]
        };
        store
            .add_uploads(upload("a.png"), 32, &UploadLimits::default())
            .expect("decodes");
        store
            .add_uploads(upload("b.png"), 32, &UploadLimits::default())
            .expect("decodes");
        assert_eq!(store.active().map(ImageSet::len), Some(2));
    }

    #[test]
    fn samples_are_distinct_and_seeded() {
        let mut store = DatasetStore::default();
        store.load_builtin(small_spec()).expect("generates");
        let sample = store.sample_indices(8, 1);
        let mut unique = sample.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 8);
        assert_eq!(sample, store.sample_indices(8, 1));
        assert_ne!(sample, store.sample_indices(8, 2));
        assert!(store.summary(0.0).expect("active").thumbnails.width > 0);
    }
}
