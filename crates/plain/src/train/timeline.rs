//! A run's timeline: what it looked like at every `sample_every` iterations (a GAN's fixed-noise
//! grid) or every evaluation (a contrastive encoder's map), so that "when did the faces appear?"
//! can be answered by scrubbing back. Both tasks share it under this neutral name.
//!
//! It is bounded: at most [`MAX_FRAMES`] frames and about [`MAX_TIMELINE_BYTES`] per run. Frames
//! are kept on a stride, at first every step the caller keeps (its `unit`: `sample_every`, or the
//! evaluation interval); past the bound the stride doubles and the frames off it go, so the kept
//! frames stay evenly spaced. The newest frame always stays; when it is off the stride (the last
//! iteration, an evaluation on request) it is replaced by the next one. The rule is
//! deterministic, so the worker, which keeps the timeline for the run file, and the page, which
//! keeps it for the slider, turn the same pushes into the same frames.

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
    /// The steps between two frames the caller keeps (at least 1).
    unit: usize,
    /// The steps between two kept frames: `unit` times a power of two.
    stride: usize,
}

impl<T> Default for Timeline<T> {
    fn default() -> Self {
        Self {
            frames: Vec::new(),
            unit: 1,
            stride: 1,
        }
    }
}

/// How many frames of `bytes_per_frame` fit in the bound.
pub fn frames_within(bytes_per_frame: usize) -> usize {
    (MAX_TIMELINE_BYTES / bytes_per_frame.max(1)).clamp(MIN_FRAMES, MAX_FRAMES)
}

impl<T> Timeline<T> {
    /// An empty timeline whose caller keeps a frame every `unit` steps.
    pub fn every(unit: usize) -> Self {
        let unit = unit.max(1);
        Self {
            frames: Vec::new(),
            unit,
            stride: unit,
        }
    }

    /// The frames, oldest first.
    pub fn frames(&self) -> &[(usize, T)] {
        &self.frames
    }

    /// The steps between two kept frames: more than the caller's unit once frames were thinned
    /// out to stay within the bound.
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Whether older frames were thinned out to stay within the bound.
    pub fn thinned(&self) -> bool {
        self.stride > self.unit
    }

    /// The steps between two kept frames, once older ones were thinned out.
    pub fn thinned_to(&self) -> Option<usize> {
        self.thinned().then_some(self.stride)
    }

    /// The steps of the frames, oldest first.
    pub fn steps(&self) -> Vec<usize> {
        self.frames.iter().map(|(step, _)| *step).collect()
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
    /// step, which a restarted run no longer has, and the previous newest frame if it was off
    /// the stride), then doubles the stride while there are more than `max` frames.
    pub fn push(&mut self, step: usize, frame: T, max: usize) {
        while self.frames.last().is_some_and(|(last, _)| *last >= step) {
            self.frames.pop();
        }
        if self
            .frames
            .last()
            .is_some_and(|(last, _)| !last.is_multiple_of(self.stride))
        {
            self.frames.pop();
        }
        self.frames.push((step, frame));
        let max = max.max(2);
        while self.frames.len() > max {
            // A file may name any step: at the largest stride only step 0 and the newest stay.
            self.stride = self.stride.saturating_mul(2);
            let (stride, newest) = (self.stride, step);
            self.frames
                .retain(|(at, _)| at.is_multiple_of(stride) || *at == newest);
            if stride == usize::MAX {
                break;
            }
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
            unit: self.unit,
            stride: self.stride,
        }
    }

    /// A timeline of `frames` as a file holds them, kept every `unit` steps, bounded to `max`
    /// frames by the same rule as [`Self::push`] (a file may come from anyone).
    pub fn from_frames(mut frames: Vec<(usize, T)>, unit: usize, max: usize) -> Self {
        frames.sort_by_key(|(step, _)| *step);
        frames.dedup_by_key(|(step, _)| *step);
        let mut timeline = Self::every(unit);
        // The file's own stride: the unit doubled while it still divides every gap between the
        // frames before the newest (a file with fewer of them keeps the unit).
        let older: Vec<usize> = frames.iter().rev().skip(1).map(|(step, _)| *step).collect();
        let gaps = older.windows(2).map(|pair| pair[0] - pair[1]).fold(0, gcd);
        while gaps > 0
            && let Some(wider) = timeline.stride.checked_mul(2)
            && gaps.is_multiple_of(wider)
            && older.iter().all(|step| step.is_multiple_of(wider))
        {
            timeline.stride = wider;
        }
        for (step, frame) in frames {
            timeline.push(step, frame, max);
        }
        timeline
    }
}

/// The greatest common divisor (0 with 0 is 0).
fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps<T>(timeline: &Timeline<T>) -> Vec<usize> {
        timeline.frames().iter().map(|(step, _)| *step).collect()
    }

    #[test]
    fn keeps_every_frame_within_the_bound() {
        let mut timeline = Timeline::every(10);
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
    fn past_the_bound_the_stride_doubles_and_the_frames_stay_evenly_spaced() {
        let mut timeline = Timeline::every(10);
        for step in 1..=9 {
            timeline.push(step * 10, (), 8);
        }
        assert_eq!(steps(&timeline), [20, 40, 60, 80, 90]);
        assert!(timeline.thinned());
        assert_eq!(timeline.stride(), 20);
        for step in 10..=400 {
            timeline.push(step * 10, (), 8);
            assert!(timeline.len() <= 8);
            let kept = steps(&timeline);
            let older = &kept[..kept.len() - 1];
            assert!(
                older
                    .windows(2)
                    .all(|pair| pair[1] - pair[0] == timeline.stride()),
                "evenly spaced: {kept:?}"
            );
            assert_eq!(kept.last(), Some(&(step * 10)), "the newest stays");
        }
    }

    #[test]
    fn the_same_pushes_give_the_same_frames() {
        let push_all = || {
            let mut timeline = Timeline::every(5);
            for step in 0..200 {
                timeline.push(step * 5, step, 16);
            }
            timeline
        };
        assert_eq!(push_all(), push_all());
    }

    #[test]
    fn a_repeated_or_earlier_step_replaces_what_follows_and_an_off_stride_newest_is_provisional() {
        let mut timeline = Timeline::every(10);
        for step in [10, 20, 30] {
            timeline.push(step, step, 8);
        }
        timeline.push(30, 31, 8);
        timeline.push(20, 21, 8);
        assert_eq!(timeline.frames(), [(10, 10), (20, 21)]);
        timeline.push(25, 25, 8);
        timeline.push(30, 30, 8);
        assert_eq!(
            timeline.frames(),
            [(10, 10), (20, 21), (30, 30)],
            "25 was off the stride"
        );
    }

    #[test]
    fn the_bound_counts_bytes() {
        assert_eq!(frames_within(256 * 256 * 4), MAX_FRAMES);
        assert_eq!(frames_within(1 << 20), 16);
        assert_eq!(frames_within(usize::MAX), MIN_FRAMES);
        assert_eq!(frames_within(0), MAX_FRAMES);
    }

    #[test]
    fn frames_from_a_file_are_sorted_unique_bounded_and_keep_their_stride() {
        let timeline = Timeline::from_frames(vec![(20, 'b'), (10, 'a'), (20, 'c')], 10, 8);
        assert_eq!(steps(&timeline), [10, 20]);
        assert!(!timeline.thinned());
        let mapped = timeline.map(|frame| (*frame != 'a').then_some(1));
        assert_eq!(steps(&mapped), [20]);

        let thinned = Timeline::from_frames(vec![(20, ()), (40, ()), (60, ()), (70, ())], 10, 8);
        assert_eq!(thinned.stride(), 20, "every frame but the newest is on 20");
        assert!(thinned.thinned());

        let sparse = Timeline::from_frames(vec![(0, ()), (57, ())], 20, 8);
        assert!(
            !sparse.thinned(),
            "one older frame says nothing of a stride"
        );

        let hostile = Timeline::from_frames(vec![(0, ()), (usize::MAX, ()), (7, ())], 1, 2);
        assert_eq!(hostile.len(), 2, "any step, any bound: it ends");

        let many: Vec<(usize, ())> = (1..=1_000).map(|step| (step * 10, ())).collect();
        let bounded = Timeline::from_frames(many, 10, 8);
        assert!(bounded.len() <= 8, "a file's frames are bounded too");
        assert_eq!(bounded.frames().last().map(|(step, _)| *step), Some(10_000));
    }
}
