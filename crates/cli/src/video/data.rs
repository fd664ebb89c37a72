//! Which clips `nda-lab video` trains on and is measured with: the experiment's Moving Shapes
//! clips and their own held-out clips, or a person's clips (`--data`), labelled by folder, of
//! which a fifth of each label is held out.

use std::path::Path;

use super::clips::user_clips;
use nda_core::data::video::{ClipSet, ClipSpec, generate_clips};
use nda_core::seeding::{RngStream, stream_rng};
use nda_core::train::video::{VideoEvaluationSet, VideoExperiment};

/// Share of each label's clips held out from a person's clips.
const HELD_OUT_FRACTION: f32 = 0.2;

/// The clips to train on and the set that measures the runs.
pub(crate) fn training_clips(
    experiment: &VideoExperiment,
    data: Option<&Path>,
) -> Result<(ClipSet, VideoEvaluationSet), String> {
    let Some(path) = data else {
        let clips = generate_clips(&experiment.clips).map_err(|error| error.to_string())?;
        let evaluation = VideoEvaluationSet::for_moving_shapes(&experiment.clips, &clips)
            .map_err(|error| error.to_string())?;
        return Ok((clips, evaluation));
    };
    let spec = ClipSpec {
        size: experiment.config.image_size,
        frames: experiment.config.frames,
        ..experiment.clips
    };
    let clips = user_clips(path, &spec)?;
    let labelled = (0..clips.len()).all(|clip| clips.label(clip).is_some());
    if !labelled || clips.class_names().len() < 2 {
        return Err(format!(
            "the clips in {} need labels, two or more, to measure motion recognition: put each \
             class's clips in a folder named after it",
            path.display()
        ));
    }
    let seed = experiment.config.seed;
    let (training, held_out) =
        clips.split(HELD_OUT_FRACTION, &mut stream_rng(seed, RngStream::Data));
    if training.len() < experiment.config.batch_size || held_out.len() < 2 {
        return Err(format!(
            "{} clips are too few: {} are left to train on after holding out {} (a batch is {})",
            clips.len(),
            training.len(),
            held_out.len(),
            experiment.config.batch_size
        ));
    }
    println!(
        "{} of your clips: {} to train on, {} held out",
        clips.len(),
        training.len(),
        held_out.len()
    );
    let evaluation = VideoEvaluationSet::new(&training, held_out, seed);
    Ok((training, evaluation))
}
