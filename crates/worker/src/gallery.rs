//! Drawing the augmentation gallery on the worker's device: pick real images, build every row
//! as tensors, then read each row back asynchronously and lay it out for a canvas.

use burn::tensor::{Device, Tensor};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::datasets::DatasetStore;
use nda_core::augment::{GalleryRowKind, GallerySettings, MAX_GALLERY_IMAGES, gallery_rows};
use nda_core::data::{ImageBatch, mosaic_from_nchw};
use nda_protocol::GalleryRowView;

/// What the page asked to see.
pub struct GalleryRequest {
    /// Every augmentation's settings.
    pub settings: GallerySettings,
    /// Real images per row.
    pub num_images: usize,
    /// Picks the real images.
    pub image_seed: u64,
    /// Drives the augmentations.
    pub augment_seed: u64,
}

/// Rows computed (lazily, on the device) but not yet read back.
pub struct PendingRows {
    rows: Vec<(GalleryRowKind, Result<Tensor<4>, String>)>,
    columns: usize,
}

/// Builds every row on `device`; fails only when there is no dataset or too few images.
pub fn prepare(
    datasets: &DatasetStore,
    request: &GalleryRequest,
    device: &Device,
) -> Result<PendingRows, String> {
    let Some(set) = datasets.active() else {
        return Err("load a dataset first: the gallery shows its images".to_string());
    };
    if !(2..=MAX_GALLERY_IMAGES).contains(&request.num_images) {
        return Err(format!(
            "the gallery shows 2 to {MAX_GALLERY_IMAGES} images"
        ));
    }
    if set.len() < 2 {
        return Err(
            "the gallery needs at least two images: stitching, mixup and cutmix pair \
                    each image with another one"
                .to_string(),
        );
    }
    let indices = datasets.sample_indices(request.num_images, request.image_seed);
    let real = set.batch(&indices, device);
    let mut rng = ChaCha8Rng::seed_from_u64(request.augment_seed);
    let rows = gallery_rows(real, &request.settings, &mut rng)
        .into_iter()
        .map(|row| (row.kind, row.images.map_err(|error| error.to_string())))
        .collect();
    Ok(PendingRows {
        rows,
        columns: indices.len(),
    })
}

/// Reads every row back (asynchronously: a synchronous read panics on WebGPU) and turns it into
/// an RGBA grid; `now` is the caller's clock in milliseconds, for the per-row timings.
pub async fn read_rows(pending: PendingRows, now: fn() -> f64) -> Vec<GalleryRowView> {
    let mut views = Vec::with_capacity(pending.rows.len());
    for (kind, images) in pending.rows {
        let started = now();
        let view = match images {
            Ok(images) => {
                let shape = images.dims();
                match images.into_data_async().await {
                    Ok(data) => match data.try_to_vec::<f32>() {
                        Ok(values) => match mosaic_from_nchw(&values, shape, pending.columns) {
                            Ok(mosaic) => (Some(mosaic), None),
                            Err(error) => (None, Some(error.to_string())),
                        },
                        Err(error) => (None, Some(format!("unexpected tensor data: {error:?}"))),
                    },
                    Err(error) => (None, Some(format!("the device failed: {error:?}"))),
                }
            }
            Err(message) => (None, Some(message)),
        };
        views.push(GalleryRowView {
            kind,
            mosaic: view.0,
            error: view.1,
            millis: now() - started,
        });
    }
    views
}

#[cfg(test)]
mod tests {
    use super::*;
    use nda_core::augment::JigsawConfig;
    use nda_core::data::{BuiltinDataset, BuiltinSpec};

    fn store() -> DatasetStore {
        let mut store = DatasetStore::default();
        let spec = BuiltinSpec {
            dataset: BuiltinDataset::Faces,
            size: 32,
            count: 20,
            seed: 1,
        };
        store.load_builtin(spec).expect("generates");
        store
    }

    fn request(settings: GallerySettings) -> GalleryRequest {
        GalleryRequest {
            settings,
            num_images: 6,
            image_seed: 1,
            augment_seed: 1,
        }
    }

    #[test]
    fn every_row_becomes_a_mosaic_of_the_requested_images() {
        let pending = prepare(
            &store(),
            &request(GallerySettings::default()),
            &Device::flex(),
        )
        .expect("prepared");
        let rows = futures::executor::block_on(read_rows(pending, || 0.0));
        assert_eq!(rows.len(), 8);
        for row in &rows {
            let mosaic = row.mosaic.as_ref().expect("a mosaic");
            assert_eq!(mosaic.width, 6 * 32 + 5, "six tiles and five gaps");
            assert_eq!(mosaic.height, 32);
        }
        assert_ne!(
            rows[0].mosaic, rows[1].mosaic,
            "jigsaw differs from the real row"
        );
    }

    #[test]
    fn a_bad_setting_is_reported_on_its_row() {
        let settings = GallerySettings {
            jigsaw: JigsawConfig { grid: 3 },
            ..Default::default()
        };
        let pending = prepare(&store(), &request(settings), &Device::flex()).expect("prepared");
        let rows = futures::executor::block_on(read_rows(pending, || 0.0));
        assert!(
            rows[1]
                .error
                .as_deref()
                .is_some_and(|error| error.contains("grid 3"))
        );
        assert!(rows[0].mosaic.is_some());
    }

    #[test]
    fn no_dataset_is_a_clear_error() {
        let result = prepare(
            &DatasetStore::default(),
            &request(GallerySettings::default()),
            &Device::flex(),
        );
        assert!(
            result
                .err()
                .is_some_and(|message| message.contains("load a dataset"))
        );
    }
}
