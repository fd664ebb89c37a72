//! A run's timeline: what it looked like at every `sample_every` iterations (a GAN's fixed-noise
//! grid) or every evaluation (a contrastive encoder's map), so that "when did the faces appear?"
//! can be answered by scrubbing back. Both tasks share it under this neutral name.
//!
//! It is bounded: at most [`MAX_FRAMES`] frames and about [`MAX_TIMELINE_BYTES`] per run. Past
//! that, every other frame is dropped (the first and the newest always stay), so the frames stay
//! evenly spaced and the spacing doubles. The rule is deterministic, so the worker, which keeps
//! the timeline for the run file, and the page, which keeps it for the slider, thin the same
//! pushes into the same frames.

use serde::{Deserialize, Serialize};

/// Most frames a run keeps.
pub const MAX_FRAMES: usize = 64;
/// Fewest frames a run keeps, however large each is.
pub const MIN_FRAMES: usize = 8;
/// About the most bytes a run's frames take (in the worker, and again in the page).
pub const MAX_TIMELINE_BYTES: usize = 16 << 20;

/// The frames of one run, oldest first, each at the step it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline<T> {
    frames: Vec<(usize, T)>,
    /// Whether frames were dropped to stay within the bound.
    thinned: bool,
}

impl<T> Default for Timeline<T> {
    fn default() -> Self {
        Self {
            frames: Vec::new(),
            thinned: false,
        }
    }
}

/// How many frames of `bytes_per_frame` fit in the bound.
pub fn frames_within(bytes_per_frame: usize) -> usize {
    (MAX_TIMELINE_BYTES / bytes_per_frame.max(1)).clamp(MIN_FRAMES, MAX_FRAMES)
}

impl<T> Timeline<T> {
    /// The frames, oldest first.
    pub fn frames(&self) -> &[(usize, T)] {
        &self.frames
    }

    /// Whether older frames were thinned out to stay within the bound.
    pub fn thinned(&self) -> bool {
        self.thinned
    }

    /// Number of frames.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether there is no frame.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Adds the frame of `step` (replacing one of the same step, and dropping any of a later
    /// step, which a restarted run no longer has), then thins to at most `max` frames.
    pub fn push(&mut self, step: usize, frame: T, max: usize) {
        while self.frames.last().is_some_and(|(last, _)| *last >= step) {
            self.frames.pop();
        }
        self.frames.push((step, frame));
        let max = max.max(2);
        while self.frames.len() > max {
            let newest = self.frames.pop();
            let mut index = 0;
            self.frames.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.frames.extend(newest);
            self.thinned = true;
        }
    }

    /// The frame shown at `step`: the last one at or before it (the first one before any).
    pub fn at(&self, step: usize) -> Option<&(usize, T)> {
        self.frames
            .iter()
            .rev()
            .find(|(at, _)| *at <= step)
            .or_else(|| self.frames.first())
    }

    /// The same frames turned into another type (dropping those `convert` refuses).
    pub fn map<U>(&self, mut convert: impl FnMut(&T) -> Option<U>) -> Timeline<U> {
        Timeline {
            frames: self
                .frames
                .iter()
                .filter_map(|(step, frame)| Some((*step, convert(frame)?)))
                .collect(),
            thinned: self.thinned,
        }
    }

    /// A timeline of these frames as they are (read from a file; no thinning).
    pub fn from_frames(mut frames: Vec<(usize, T)>, thinned: bool) -> Self {
        frames.sort_by_key(|(step, _)| *step);
        frames.dedup_by_key(|(step, _)| *step);
        Self { frames, thinned }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps<T>(timeline: &Timeline<T>) -> Vec<usize> {
        timeline.frames().iter().map(|(step, _)| *step).collect()
    }

    #[test]
    fn keeps_every_frame_within_the_bound() {
        let mut timeline = Timeline::default();
        for step in (10..=50).step_by(10) {
            timeline.push(step, step * 2, 8);
        }
        assert_eq!(steps(&timeline), [10, 20, 30, 40, 50]);
        assert!(!timeline.thinned());
        assert_eq!(timeline.at(35), Some(&(30, 60)));
        assert_eq!(
            timeline.at(5),
            Some(&(10, 20)),
            "before the first frame: the first"
        );
        assert_eq!(timeline.at(1_000), Some(&(50, 100)));
    }

    #[test]
    fn past_the_bound_every_other_frame_goes_and_the_newest_stays() {
        let mut timeline = Timeline::default();
        for step in 1..=9 {
            timeline.push(step * 10, (), 8);
        }
        // Nine frames: 10, 30, 50, 70 stay, and the newest, 90.
        assert_eq!(steps(&timeline), [10, 30, 50, 70, 90]);
        assert!(timeline.thinned());
        for step in 10..=40 {
            timeline.push(step * 10, (), 8);
            assert!(timeline.len() <= 8);
            assert_eq!(timeline.frames().first().map(|(step, _)| *step), Some(10));
            assert_eq!(timeline.frames().last().map(|(at, _)| *at), Some(step * 10));
        }
    }

    #[test]
    fn the_same_pushes_give_the_same_frames() {
        let push_all = || {
            let mut timeline = Timeline::default();
            for step in 0..200 {
                timeline.push(step * 5, step, 16);
            }
            timeline
        };
        assert_eq!(push_all(), push_all());
    }

    #[test]
    fn a_repeated_or_earlier_step_replaces_what_follows() {
        let mut timeline = Timeline::default();
        for step in [10, 20, 30] {
            timeline.push(step, step, 8);
        }
        timeline.push(30, 31, 8);
        timeline.push(20, 21, 8);
        assert_eq!(timeline.frames(), [(10, 10), (20, 21)]);
    }

    #[test]
    fn the_bound_counts_bytes() {
        assert_eq!(frames_within(256 * 256 * 4), MAX_FRAMES);
        assert_eq!(frames_within(1 << 20), 16);
        assert_eq!(frames_within(usize::MAX), MIN_FRAMES);
        assert_eq!(frames_within(0), MAX_FRAMES);
    }

    #[test]
    fn frames_from_a_file_are_sorted_and_unique() {
        let timeline = Timeline::from_frames(vec![(20, 'b'), (10, 'a'), (20, 'c')], false);
        assert_eq!(steps(&timeline), [10, 20]);
        let mapped = timeline.map(|frame| (*frame != 'a').then_some(1));
        assert_eq!(steps(&mapped), [20]);
    }
}
