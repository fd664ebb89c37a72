//! "What D looks at" in the worker: one image (a real one of the training set, its jigsaw, a
//! sample of the NDA run's generator, or a dropped file) and, for every run's discriminator, its
//! score and occlusion map, drawn as heat maps on one shared scale.

use burn::tensor::{Device, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::gan::session::GanSession;
use super::image_scoring::decode_one;
use nda_core::augment::{Augment, NegativeAugmentation, NegativeKind};
use nda_core::data::{ImageSet, mosaic_from_nchw};
use nda_core::train::gan::sampling::noise_grid;
use nda_core::train::teaching::{heat_map, occlusion_map};
use nda_core::train::{TrainError, read_floats};
use nda_protocol::looking_messages::{DLooked, LookSource, RunLook};

/// The training image a look may need, copied out of the dataset on its own, so a look never
/// copies the whole set: image `index` (wrapped around the set) and the set's side.
pub struct TrainingImage {
    /// Its place in the set.
    pub index: usize,
    /// `[1, 3, S, S]` host floats.
    pub floats: Vec<f32>,
    /// The set's side.
    pub size: usize,
}

impl TrainingImage {
    /// Image `index` of `training`, wrapped around the set.
    pub fn pick(training: &ImageSet, index: usize) -> Self {
        let index = index % training.len().max(1);
        Self {
            index,
            floats: training.to_nchw_floats(&[index]),
            size: training.size(),
        }
    }
}

/// The image `source` names (`[1, 3, S, S]` host floats) and what it is, in words: `training` is
/// the training image picked for `index`, and `index` is also the sample number.
pub async fn image_for(
    source: LookSource,
    index: usize,
    training: TrainingImage,
    session: &GanSession,
    device: &Device,
) -> Result<(Vec<f32>, String), String> {
    let TrainingImage {
        index: picked,
        floats,
        size,
    } = training;
    match source {
        LookSource::Real => Ok((floats, format!("training image {picked}"))),
        LookSource::Jigsaw => {
            let tensor =
                Tensor::<4>::from_data(TensorData::new(floats, [1, 3, size, size]), device);
            let jigsawed = NegativeAugmentation::default_for(NegativeKind::Jigsaw)
                .apply(tensor, &mut ChaCha8Rng::seed_from_u64(picked as u64))
                .map_err(|error| error.to_string())?;
            let floats = read_floats(jigsawed)
                .await
                .map_err(|error| error.to_string())?;
            Ok((floats, format!("training image {picked}, jigsawed (2×2)")))
        }
        LookSource::Generated => {
            let (_, run) = session.runs().next().ok_or("there is no run")?;
            let config = run.config();
            let mut rng = ChaCha8Rng::seed_from_u64(index as u64);
            let plan = noise_grid(&mut rng, 1, config.latent_dim, config.num_classes);
            let sample = run.trainer().sample_plan(&plan, device);
            let floats = read_floats(sample)
                .await
                .map_err(|error| error.to_string())?;
            Ok((floats, format!("sample {index} of the NDA run's generator")))
        }
        LookSource::File(file) => {
            let name = file.name.clone();
            let image = decode_one(file, size, "shown to D")?;
            Ok((image.to_nchw_floats(&[0]), name))
        }
    }
}

/// Every run's score and occlusion map of `image` (`[1, 3, S, S]` host floats).
pub async fn look(
    session: &GanSession,
    image: &[f32],
    size: usize,
    what: String,
    device: &Device,
) -> Result<DLooked, TrainError> {
    let mut maps = Vec::new();
    for (info, run) in session.runs() {
        let map = occlusion_map(run.trainer(), image, size, device)
            .await?
            .pop()
            .ok_or(TrainError::Evaluation("no map".into()))?;
        maps.push((info.label.clone(), map));
    }
    let pixels: Vec<Vec<f32>> = maps.iter().map(|(_, map)| map.pixel_map()).collect();
    let largest_change = pixels.iter().flatten().fold(0.0f32, |a, &b| a.max(b));
    let runs = maps
        .iter()
        .zip(&pixels)
        .map(|((label, map), pixels)| RunLook {
            label: label.clone(),
            score: map.score,
            seam_concentration: map.seam_concentration(2),
            heat: heat_map(pixels, size, largest_change),
        })
        .collect();
    let image = mosaic_from_nchw(image, [1, 3, size, size], 1)
        .map_err(|error| TrainError::Evaluation(error.to_string()))?;
    Ok(DLooked {
        what,
        image,
        iteration: session.iteration(),
        largest_change,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use nda_core::data::UploadFile;
    use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
    use nda_core::model::ModelPreset;
    use nda_core::train::{GanConfig, GanExperiment};

    #[test]
    fn every_kind_of_image_is_shown_to_both_discriminators_on_one_scale() {
        let set = generate(&BuiltinSpec {
            dataset: BuiltinDataset::Shapes,
            size: 32,
            count: 16,
            seed: 1,
        })
        .expect("shapes");
        let experiment = GanExperiment {
            gan: GanConfig {
                preset: ModelPreset::Tiny,
                latent_dim: 8,
                batch_size: 8,
                ..GanConfig::default()
            },
            compare_with_baseline: true,
            ..GanExperiment::default()
        };
        let autodiff = Device::flex().autodiff();
        let session = GanSession::start(&experiment, &set, &autodiff, false).expect("session");
        let device = Device::flex();
        for source in [LookSource::Real, LookSource::Jigsaw, LookSource::Generated] {
            let (image, what) = block_on(image_for(
                source.clone(),
                20,
                TrainingImage::pick(&set, 20),
                &session,
                &device,
            ))
            .expect("image");
            assert_eq!(image.len(), 3 * 32 * 32, "{what}");
            let looked = block_on(look(&session, &image, 32, what, &device)).expect("looked");
            let labels: Vec<&str> = looked.runs.iter().map(|run| run.label.as_str()).collect();
            assert_eq!(labels, ["NDA", "Baseline"]);
            for run in &looked.runs {
                assert_eq!(run.heat.rgba.len(), 32 * 32 * 4);
            }
            let white = looked
                .runs
                .iter()
                .flat_map(|run| run.heat.rgba.chunks_exact(4))
                .filter(|pixel| pixel[..3] == [255, 255, 255])
                .count();
            assert!(white > 0, "the largest change is white on one of the maps");
        }
        let (_, what) = block_on(image_for(
            LookSource::Real,
            20,
            TrainingImage::pick(&set, 20),
            &session,
            &device,
        ))
        .expect("image");
        assert_eq!(what, "training image 4", "the index wraps around the set");
        let bad = UploadFile {
            name: "notes.txt".to_string(),
            bytes: b"not an image".to_vec(),
        };
        let refused = block_on(image_for(
            LookSource::File(bad),
            0,
            TrainingImage::pick(&set, 0),
            &session,
            &device,
        ));
        assert!(refused.is_err_and(|message| message.starts_with("notes.txt cannot be shown")));
    }
}
