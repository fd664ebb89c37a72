//! "Score your image" in the worker: the dropped file is decoded like an upload (cropped and
//! resized to the run's side), then every run's D scores it and ranks it among reference real
//! images and its own generator's samples.

use burn::tensor::Device;

use super::gan::session::GanSession;
use nda_core::data::mosaic_from_set;
use nda_core::data::{BuiltinSpec, HeldOut, ImageSet, UploadFile, UploadLimits, decode_uploads};
use nda_core::train::evaluation::evaluators::EVALUATOR_SEED;
use nda_core::train::evaluation::held_out_images::HeldOutSource;
use nda_core::train::evaluation::inference::upload;
use nda_core::train::evaluation::score_image;
use nda_protocol::evaluation_messages::{ImageScored, RunImageScore};

/// Reference real images an uploaded image is ranked among.
pub const REFERENCE_IMAGES: usize = 256;

/// One dropped image decoded like an upload at side `size`; a file that holds none says why it
/// cannot be `what` ("scored", "shown to D").
pub fn decode_one(file: UploadFile, size: usize, what: &str) -> Result<ImageSet, String> {
    let name = file.name.clone();
    let report = decode_uploads(vec![file], size, &UploadLimits::default(), None)
        .map_err(|error| error.to_string())?;
    if report.images.is_empty() {
        let reason = report
            .rejected
            .first()
            .map_or("it holds no image".to_string(), |rejected| {
                rejected.reason.to_string()
            });
        return Err(format!("{name} cannot be {what}: {reason}"));
    }
    Ok(report.images)
}

/// What a scoring needs, prepared while the dataset is borrowed.
pub struct ScoringInputs {
    name: String,
    image: ImageSet,
    reference: ImageSet,
    reference_text: String,
}

/// Decodes `file` at the side of `training` and picks the reference real images: held-out images
/// of the built-in set `spec`, or, for uploads (which have no held-out set), the first images of
/// the training set, and says which.
pub fn prepare_scoring(
    file: UploadFile,
    spec: Option<BuiltinSpec>,
    training: &ImageSet,
) -> Result<ScoringInputs, String> {
    let size = training.size();
    let name = file.name.clone();
    let image = decode_one(file, size, "scored")?;
    let (reference, reference_text) = match spec {
        Some(spec) => {
            let source = HeldOutSource {
                dataset: spec.dataset,
                size,
                purpose: HeldOut::Anomaly,
                seed: EVALUATOR_SEED,
            };
            let set = source
                .images(0, REFERENCE_IMAGES)
                .map_err(|error| error.to_string())?;
            let text = format!(
                "{REFERENCE_IMAGES} held-out {} images no run trains on",
                spec.dataset.label()
            );
            (set, text)
        }
        None => {
            let count = training.len().min(REFERENCE_IMAGES);
            let indices: Vec<usize> = (0..count).collect();
            let text = format!(
                "the first {count} of your training images (uploads have no held-out set, so \
                 D has seen these)"
            );
            (training.subset(&indices), text)
        }
    };
    Ok(ScoringInputs {
        name,
        image,
        reference,
        reference_text,
    })
}

/// Scores the prepared image with every run of `session` on `device`.
pub async fn score_upload(
    session: &GanSession,
    inputs: ScoringInputs,
    device: &Device,
) -> Result<ImageScored, String> {
    let size = inputs.image.size();
    let all = |set: &ImageSet| set.to_nchw_floats(&(0..set.len()).collect::<Vec<_>>());
    let real = upload(all(&inputs.reference), size, device);
    let mut runs = Vec::new();
    for (info, run) in session.runs() {
        let image = upload(all(&inputs.image), size, device);
        let scored = score_image(run.trainer(), image, &real, device)
            .await
            .map_err(|error| error.to_string())?;
        runs.push(RunImageScore {
            label: info.label.clone(),
            verdict: scored,
        });
    }
    Ok(ImageScored {
        name: inputs.name,
        image: mosaic_from_set(&inputs.image, &[0], 1),
        iteration: session.iteration(),
        reference: inputs.reference_text,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use nda_core::data::{BuiltinDataset, generate};
    use nda_core::model::ModelPreset;
    use nda_core::train::{GanConfig, GanExperiment};

    const DIGITS: BuiltinSpec = BuiltinSpec {
        dataset: BuiltinDataset::Digits,
        size: 32,
        count: 16,
        seed: 3,
    };

    fn fixture(name: &str) -> UploadFile {
        let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        UploadFile {
            name: name.to_string(),
            bytes: std::fs::read(path).expect("fixture"),
        }
    }

    #[test]
    fn every_run_scores_an_image_and_ranks_it_and_a_bad_file_is_refused() {
        let set = generate(&DIGITS).expect("digits");
        let experiment = GanExperiment {
            gan: GanConfig {
                preset: ModelPreset::Tiny,
                latent_dim: 8,
                batch_size: 4,
                ..GanConfig::default()
            },
            iterations: 1,
            compare_with_baseline: true,
            ..GanExperiment::default()
        };
        let session =
            GanSession::start(&experiment, &set, &Device::flex().autodiff(), false).expect("valid");
        let inputs = prepare_scoring(fixture("red.png"), Some(DIGITS), &set).expect("decoded");
        let scored = block_on(score_upload(&session, inputs, &Device::flex())).expect("scored");
        assert_eq!(scored.runs.len(), 2);
        assert!(scored.reference.starts_with("256 held-out Digits images"));
        assert_eq!((scored.image.width, scored.image.height), (32, 32));
        for run in &scored.runs {
            assert!(run.verdict.score.is_finite());
            assert!((0.0..=100.0).contains(&run.verdict.percentile_real));
            assert!((0.0..=100.0).contains(&run.verdict.percentile_generated));
        }
        let uploads = prepare_scoring(fixture("red.png"), None, &set).expect("decoded");
        assert!(
            uploads
                .reference_text
                .contains("the first 16 of your training images")
        );
        let refused = prepare_scoring(fixture("fake.png"), Some(DIGITS), &set);
        assert!(refused.is_err_and(|message| message.starts_with("fake.png cannot be scored")));
    }
}
