//! What a video run trains on and is measured with: its clips and their evaluation set, built
//! once per session and shared by its runs (`Run::Data` of the video task): Moving Shapes with
//! their own held-out clips, or a person's labelled clips of which a fifth of each label is held
//! out (the page and `nda-lab video --data` alike).

use super::VideoConfig;
use super::eval::VideoEvaluationSet;
use crate::data::video::{ClipSet, ClipSpec, generate_clips};
use crate::seeding::{RngStream, stream_rng};
use crate::train::TrainError;

/// Share of each label's clips held out from a person's clips.
pub const HELD_OUT_FRACTION: f32 = 0.2;

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

    /// A person's `clips` for runs of `config`: a fifth of each label held out (drawn from the
    /// seed's data stream) to measure motion recognition by their labels, the rest to train on.
    /// Refuses clips of other frames or side than the encoder's, clips without two labels or
    /// more, and too few to fill a batch after the split.
    pub fn from_clips(clips: &ClipSet, config: &VideoConfig) -> Result<Self, TrainError> {
        let (seed, batch_size) = (config.seed, config.batch_size);
        if (clips.frames(), clips.size()) != (config.frames, config.image_size) {
            return Err(TrainError::Dataset(format!(
                "the clips are {} frames of {} px but the encoder expects {} frames of {} px",
                clips.frames(),
                clips.size(),
                config.frames,
                config.image_size
            )));
        }
        let labelled = (0..clips.len()).all(|clip| clips.label(clip).is_some());
        if !labelled || clips.class_names().len() < 2 {
            return Err(TrainError::Dataset(
                "the clips need labels, two or more, to measure motion recognition: put each \
                 class's clips in a folder named after it"
                    .to_string(),
            ));
        }
        let (training, held_out) =
            clips.split(HELD_OUT_FRACTION, &mut stream_rng(seed, RngStream::Data));
        if training.len() < batch_size || held_out.len() < 2 {
            return Err(TrainError::Dataset(format!(
                "{} clips are too few: {} are left to train on after holding out {} (a batch is \
                 {batch_size})",
                clips.len(),
                training.len(),
                held_out.len(),
            )));
        }
        let evaluation = VideoEvaluationSet::new(&training, held_out, seed);
        Ok(Self {
            clips: training,
            evaluation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(count: usize) -> ClipSet {
        generate_clips(&ClipSpec {
            count,
            ..ClipSpec::default()
        })
        .expect("clips")
    }

    #[test]
    fn a_person_s_clips_hold_out_a_fifth_of_each_label_and_bad_ones_are_refused() {
        let config = VideoConfig {
            batch_size: 8,
            ..VideoConfig::default()
        };
        let clips = labelled(80);
        let data = VideoData::from_clips(&clips, &config).expect("80 labelled clips");
        assert_eq!(data.clips.len() + data.evaluation.held_out().len(), 80);
        assert_eq!(
            data.evaluation.held_out().len(),
            16,
            "two of each of the 8 motions"
        );
        let again = VideoData::from_clips(&clips, &config).expect("again");
        assert_eq!(again.clips, data.clips, "the seed decides the split");

        let too_few = VideoData::from_clips(&labelled(8), &config).map(|_| ());
        assert!(too_few.is_err_and(|error| error.to_string().contains("too few")));
        let longer = VideoConfig {
            frames: 16,
            ..config.clone()
        };
        let frames = VideoData::from_clips(&clips, &longer).map(|_| ());
        assert!(frames.is_err_and(|error| error.to_string().contains("expects 16 frames")));
        let unlabelled = ClipSet::from_frames(
            8,
            crate::data::ImageSet::from_parts(
                32,
                clips.images().pixels().to_vec(),
                vec![None; clips.images().len()],
                Vec::new(),
            )
            .expect("frames"),
        )
        .expect("clips");
        let refused = VideoData::from_clips(&unlabelled, &config).map(|_| ());
        assert!(refused.is_err_and(|error| error.to_string().contains("need labels")));
    }
}
