//! Which clips `nda-lab video` trains on and is measured with: the experiment's Moving Shapes
//! clips and their own held-out clips, or a person's clips (`--data`), labelled by folder, of
//! which a fifth of each label is held out ([`VideoData::from_clips`], as in the page).

use std::path::Path;

use super::clips::user_clips;
use nda_core::data::video::{ClipSet, ClipSpec, generate_clips};
use nda_core::train::video::{VideoData, VideoEvaluationSet, VideoExperiment};

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
    let data = VideoData::from_clips(&clips, &experiment.config)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    println!(
        "{} of your clips: {} to train on, {} held out",
        clips.len(),
        data.clips.len(),
        data.evaluation.held_out().len()
    );
    Ok((data.clips, data.evaluation))
}
