//! What `nda-lab video` writes besides its progress: each run's CSVs, its weights and the tensors
//! `python/check_video.py` checks them with, the run file, and the clips it trained on beside
//! their NDA clips as looping GIFs.

use std::fs;
use std::path::Path;

use burn::tensor::Device;
use futures::executor::block_on;

use super::clips::write_strip;
use crate::driver::write;
use nda_core::data::video::ClipSet;
use nda_core::experiment::{ArchivedClipEncoder, VideoArchive};
use nda_core::seeding::{RngStream, stream_rng};
use nda_core::train::csv_text;
use nda_core::train::host_weights::HostWeights;
use nda_core::train::video::clip_batch::nda_clips;
use nda_core::train::video::{
    VideoConfig, VideoEvaluation, VideoEvaluationSet, VideoExperiment, VideoPoint, VideoTrainer,
    check_tensors, read_video_weights,
};

/// Held-out clips whose encoder outputs `check.safetensors` keeps.
const CHECK_CLIPS: usize = 4;
/// Clips in the GIFs (one of each Moving Shapes motion).
const GIF_CLIPS: usize = 8;
/// Each pixel of the GIFs drawn this wide.
const GIF_SCALE: u32 = 4;

/// Writes `metrics.csv` and `evaluation.csv` into `dir` (created if need be).
pub(crate) fn write_csvs(
    dir: &Path,
    points: &[VideoPoint],
    evaluations: &[VideoEvaluation],
) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let metrics = csv_text(VideoPoint::CSV_HEADER, points, VideoPoint::csv_row);
    write(&dir.join("metrics.csv"), metrics.as_bytes())?;
    let evaluations = csv_text(
        &VideoEvaluation::csv_header(),
        evaluations,
        VideoEvaluation::csv_row,
    );
    write(&dir.join("evaluation.csv"), evaluations.as_bytes())
}

/// Writes a run's weights into `dir` (`weights.safetensors`, named by module path) and
/// `check.safetensors`: four held-out clips and what the frozen encoder computes of them, which
/// `python/check_video.py` recomputes from the weights. Returns the weights.
pub(crate) fn write_weights(
    trainer: &VideoTrainer,
    evaluation: &VideoEvaluationSet,
    device: &Device,
    dir: &Path,
) -> Result<HostWeights, String> {
    let weights = block_on(read_video_weights(trainer)).map_err(|error| error.to_string())?;
    let bytes = weights
        .to_safetensors()
        .map_err(|error| error.to_string())?;
    write(&dir.join("weights.safetensors"), &bytes)?;
    let held_out = evaluation.held_out();
    let indices: Vec<usize> = (0..CHECK_CLIPS.min(held_out.len())).collect();
    let tensors = block_on(check_tensors(trainer, held_out, &indices, device))
        .map_err(|error| error.to_string())?;
    let check = HostWeights {
        tensors,
        iteration: weights.iteration,
    };
    let bytes = check.to_safetensors().map_err(|error| error.to_string())?;
    write(&dir.join("check.safetensors"), &bytes)?;
    Ok(weights)
}

/// `run.zip`: the experiment and every run's numbers and weights in one file.
pub(crate) fn write_run_file(
    experiment: &VideoExperiment,
    runs: Vec<ArchivedClipEncoder>,
    path: &Path,
) -> Result<(), String> {
    let archive = VideoArchive {
        experiment: experiment.clone(),
        runs,
    };
    let bytes = archive.to_zip().map_err(|error| error.to_string())?;
    write(path, &bytes)
}

/// `clips.gif`, the first clips trained on, and, when the config draws NDA clips,
/// `nda-clips.gif`, one NDA clip of each as the trainer draws them (its negatives and weights,
/// from a fixed stream of the seed), each with a still PNG of all its frames.
pub(crate) fn write_clip_gifs(
    config: &VideoConfig,
    clips: &ClipSet,
    out_dir: &Path,
) -> Result<(), String> {
    let shown = clips.first(GIF_CLIPS);
    let real: Vec<Vec<u8>> = (0..shown.len())
        .map(|clip| shown.clip(clip).to_vec())
        .collect();
    write_strip(&out_dir.join("clips.gif"), &real, &shown, GIF_SCALE)?;
    let weighted = config.negatives.iter().any(|(_, weight)| *weight > 0.0);
    if !weighted || shown.len() < 2 {
        return Ok(());
    }
    let indices: Vec<usize> = (0..shown.len()).collect();
    let mut rng = stream_rng(config.seed, RngStream::FixedNoise);
    let broken = nda_clips(&shown, &indices, &config.negatives, 1, &mut rng)
        .map_err(|error| error.to_string())?;
    write_strip(&out_dir.join("nda-clips.gif"), &broken, &shown, GIF_SCALE)
}
