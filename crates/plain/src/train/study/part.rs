//! A share of a study's seeds, so that one study can run on many machines or browsers and be
//! merged back: part K of N trains seeds K, K + N, K + 2N, … of the study's list. A seed is the
//! unit: its baseline and every arm stay together, since the arms share that baseline.
//! `nda-lab study --shard K/N` and the page's "split across N browsers" links use this one rule.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Part `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyPart {
    /// Which part, from 1.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl StudyPart {
    /// The whole study.
    pub const WHOLE: StudyPart = StudyPart { index: 1, count: 1 };

    /// Whether this is the whole study.
    pub fn is_whole(self) -> bool {
        self.count == 1
    }

    /// Whether the `position`-th seed (from 0) of the study's list is in this part.
    pub fn holds_position(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }

    /// This part's seeds: every `count`-th of `seeds`, from the `index`-th.
    pub fn seeds(self, seeds: &[u64]) -> Vec<u64> {
        seeds
            .iter()
            .enumerate()
            .filter(|&(position, _)| self.holds_position(position))
            .map(|(_, &seed)| seed)
            .collect()
    }

    /// Every part of a study split `count` ways.
    pub fn all(count: usize) -> Vec<StudyPart> {
        (1..=count)
            .map(|index| StudyPart { index, count })
            .collect()
    }

    /// Refuses a part that is not one of its count (0 of N, or K above N).
    pub fn validate(self) -> Result<(), String> {
        if self.index == 0 || self.index > self.count {
            return Err(format!(
                "a study part is K of N with 1 ≤ K ≤ N, not {} of {}",
                self.index, self.count
            ));
        }
        Ok(())
    }
}

impl fmt::Display for StudyPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for StudyPart {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("a shard is K/N with 1 ≤ K ≤ N, e.g. 2/3, not \"{text}\"");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let index: usize = index.trim().parse().map_err(|_| bad())?;
        let count: usize = count.trim().parse().map_err(|_| bad())?;
        let part = StudyPart { index, count };
        part.validate().map_err(|_| bad())?;
        Ok(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_of_a_study_hold_every_seed_once() {
        let seeds = [5, 6, 7, 8, 9, 10, 11];
        let mut all: Vec<u64> = StudyPart::all(3)
            .into_iter()
            .flat_map(|part| part.seeds(&seeds))
            .collect();
        assert_eq!(StudyPart { index: 2, count: 3 }.seeds(&seeds), [6, 9]);
        all.sort_unstable();
        assert_eq!(all, seeds);
        assert!(StudyPart { index: 0, count: 2 }.validate().is_err());
        assert!(StudyPart { index: 3, count: 2 }.validate().is_err());
    }
}
