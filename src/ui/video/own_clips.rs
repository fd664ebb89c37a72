//! Which clips the Video panel trains on: Moving Shapes, or the person's clips the clip gallery
//! holds (decoded in the page; they go to the page's own worker and nowhere else). An experiment
//! names a person's clips by their fingerprint, so a link, settings file or saved run made on
//! them trains and opens only once those clips are loaded again.

use std::sync::Arc;

use crate::data::video::ClipSet;
use crate::train::video::OwnClips;
use crate::ui::video::training_state::VideoTrainingState;

impl VideoTrainingState {
    /// The clips the gallery now holds (`None`: Moving Shapes again). An experiment that names
    /// other clips keeps naming them: Start then says which to load.
    pub fn offer_clips(&mut self, clips: Option<Arc<ClipSet>>) {
        self.own = clips;
    }

    /// Trains on the person's clips (`true`) or Moving Shapes; refused, with the reason, when
    /// the gallery holds no clips of the person.
    pub fn use_own_clips(&mut self, own: bool) -> Result<(), String> {
        if !own {
            self.experiment.own_clips = None;
            return Ok(());
        }
        let Some(clips) = &self.own else {
            return Err(
                "load your clips in the clip gallery of the Augmentations panel first".to_string(),
            );
        };
        self.experiment.own_clips = Some(OwnClips {
            fingerprint: clips.fingerprint(),
            clips: clips.len(),
        });
        Ok(())
    }

    /// The clips a Start or an opened run file needs from the page: `Ok(None)` for Moving
    /// Shapes, the person's clips when the experiment names them and the gallery holds them,
    /// else what to do first.
    pub fn clips_to_send(&self) -> Result<Option<ClipSet>, String> {
        let Some(named) = &self.experiment.own_clips else {
            return Ok(None);
        };
        let held = self.own.as_ref().map(|clips| clips.fingerprint());
        match named.missing(held.as_deref()) {
            Some(missing) => Err(missing),
            None => Ok(self.own.as_deref().cloned()),
        }
    }

    /// What the panel trains on, in words.
    pub fn clips_text(&self) -> String {
        match &self.experiment.own_clips {
            Some(own) => format!(
                "your {} clips (a fifth of each label held out to measure)",
                own.clips
            ),
            None => {
                let clips = &self.experiment.clips;
                format!(
                    "Moving Shapes, {} clips of {} frames",
                    clips.count, clips.frames
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::video::{ClipSpec, generate_clips};
    use nda_protocol::{Command, VideoCommand};

    fn clips(seed: u64) -> Arc<ClipSet> {
        let spec = ClipSpec {
            count: 40,
            seed,
            ..ClipSpec::default()
        };
        Arc::new(generate_clips(&spec).expect("clips"))
    }

    #[test]
    fn a_person_s_clips_go_with_start_only_when_the_experiment_names_them() {
        let mut state = VideoTrainingState::default();
        assert!(state.use_own_clips(true).is_err(), "nothing loaded yet");
        state.offer_clips(Some(clips(1)));
        let Some(Command::Video(VideoCommand::Start { clips: None, .. })) = state.start(true, None)
        else {
            panic!("Moving Shapes until asked");
        };
        state.use_own_clips(true).expect("loaded");
        assert!(state.clips_text().starts_with("your 40 clips"));
        let Some(Command::Video(VideoCommand::Start {
            clips: Some(sent),
            experiment,
        })) = state.start(true, None)
        else {
            panic!("the clips go with Start");
        };
        assert_eq!(sent.len(), 40);
        assert_eq!(experiment.own_clips.map(|own| own.clips), Some(40));

        // Other clips in the gallery: the experiment still names the first ones.
        state.offer_clips(Some(clips(2)));
        assert!(state.start(true, None).is_none());
        assert!(
            state
                .error
                .as_deref()
                .is_some_and(|error| error.contains("person's 40 clips"))
        );
        state.use_own_clips(false).expect("Moving Shapes");
        assert!(state.clips_to_send().is_ok_and(|clips| clips.is_none()));
    }
}
