//! Which clips `nda-lab video` trains on and is measured with: the experiment's Moving Shapes
//! clips and their own held-out clips, or a person's clips (`--data`), labelled by folder, of
//! which a fifth of each label is held out ([`VideoData::from_clips`], as in the page).

use std::path::Path;

use super::clips::user_clips;
use nda_core::data::video::{ClipSet, ClipSpec, generate_clips};
use nda_core::train::video::{OwnClips, VideoData, VideoEvaluationSet, VideoExperiment};

/// The clips to train on and the set that measures the runs. With `data`, the experiment names
/// those clips from now on (`own_clips`: their fingerprint and count, as the page names a
/// person's clips), so its run file opens in the page only with them; an experiment that names
/// other clips is refused, and one that names a person's clips needs them.
pub(crate) fn training_clips(
    experiment: &mut VideoExperiment,
    data: Option<&Path>,
) -> Result<(ClipSet, VideoEvaluationSet), String> {
    let Some(path) = data else {
        if let Some(own) = &experiment.own_clips {
            return Err(format!(
                "this experiment trains on a person's {} clips (fingerprint {}): give them with \
                 --data PATH",
                own.clips, own.fingerprint
            ));
        }
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
    let named = OwnClips {
        fingerprint: clips.fingerprint(),
        clips: clips.len(),
    };
    if let Some(missing) = experiment
        .own_clips
        .as_ref()
        .and_then(|own| own.missing(Some(&named.fingerprint)))
    {
        return Err(format!(
            "{}: these are other clips ({} clips, fingerprint {}); {missing}",
            path.display(),
            named.clips,
            named.fingerprint
        ));
    }
    experiment.own_clips = Some(named);
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
