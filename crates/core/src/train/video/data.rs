//! What a video run trains on and is measured with: its clips and their evaluation set, built
//! once per session and shared by its runs (`Run::Data` of the video task).

use super::eval::VideoEvaluationSet;
use crate::data::video::{ClipSet, ClipSpec, generate_clips};
use crate::train::TrainError;

/// What a video run trains on and is measured with.
#[derive(Debug, Clone)]
pub struct VideoData {
    /// The clips it trains on.
    pub clips: ClipSet,
    /// The clips it is measured on.
    pub evaluation: VideoEvaluationSet,
}

impl VideoData {
    /// The Moving Shapes clips of `spec` and their held-out clips.
    pub fn moving_shapes(spec: &ClipSpec) -> Result<Self, TrainError> {
        let clips = generate_clips(spec).map_err(|error| TrainError::Dataset(error.to_string()))?;
        let evaluation = VideoEvaluationSet::for_moving_shapes(spec, &clips)?;
        Ok(Self { clips, evaluation })
    }
}
