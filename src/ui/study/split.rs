//! A study split across browsers (a class of laptops, each with its own GPU): the study section
//! makes one link per part, each running its share of the seeds ([`StudyPart`]: a seed's
//! baseline and arms stay together); each browser downloads its results as a small file; any
//! page merges the files back into the one stored study, whose table, forest plot, `report.md` and
//! `study.csv` are then those of the study run in one browser. A merge refuses files of another
//! study, a pair given twice with other numbers, and says which seeds are missing.

use serde::{Deserialize, Serialize};

use super::plan_text::describe;
use super::state::{StoredStudy, StudyState};
use crate::experiment::ExperimentConfig;
use crate::train::study::StudyPart;
use nda_protocol::study_messages::StudyUnitDone;

/// What a results file says it is.
const RESULTS_FORMAT: &str = "nda-lab-study-results";
/// Its version; a later one gets a new number and this page refuses it with a reason.
const RESULTS_VERSION: u32 = 1;
/// A results file holds a few dozen rows per pair; anything far larger is not one.
pub const MAX_RESULTS_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// The file a browser downloads with its part's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ResultsFile {
    format: String,
    version: u32,
    study: StoredStudy,
}

/// The results file of `study` (a part's or a whole study's), as JSON.
pub fn results_file(study: &StoredStudy) -> String {
    let file = ResultsFile {
        format: RESULTS_FORMAT.to_string(),
        version: RESULTS_VERSION,
        study: study.clone(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Its name: `study-results-part-K-of-N.json` for a part.
pub fn results_file_name(study: &StoredStudy) -> String {
    match study.config.study.part {
        Some(part) => format!("study-results-part-{}-of-{}.json", part.index, part.count),
        None => "study-results.json".to_string(),
    }
}

/// `config` as the whole study its part belongs to.
fn whole(config: &ExperimentConfig) -> ExperimentConfig {
    let mut config = config.clone();
    config.study = config.study.whole();
    config
}

/// The one stored study of the results `files` (name and text each): every pair of the whole
/// study, numbered as the whole study numbers them.
pub fn merge(files: &[(String, String)]) -> Result<StoredStudy, String> {
    let mut studies = Vec::with_capacity(files.len());
    for (name, text) in files {
        let file: ResultsFile = serde_json::from_str(text)
            .ok()
            .filter(|file: &ResultsFile| file.format == RESULTS_FORMAT)
            .ok_or_else(|| format!("{name} is not a study results file of NDA Lab"))?;
        if file.version > RESULTS_VERSION {
            return Err(format!(
                "{name} is a results file of version {}, newer than this page reads ({RESULTS_VERSION}): \
                 open it in the page that wrote it",
                file.version
            ));
        }
        studies.push((name, file.study));
    }
    let Some((first_name, first)) = studies.first() else {
        return Err("choose the results files to merge".to_string());
    };
    let config = whole(&first.config);
    let units = config.study_units();
    let mut pairs: Vec<Option<StudyUnitDone>> = vec![None; units.len()];
    for (name, study) in &studies {
        if whole(&study.config) != config {
            return Err(format!(
                "{name} is from another study than {first_name}: merge the parts of one study"
            ));
        }
        for pair in &study.pairs {
            let index = units
                .iter()
                .position(|unit| unit.arm == pair.arm && unit.seed == pair.seed)
                .ok_or_else(|| format!("{name} holds a pair its study does not plan"))?;
            let numbered = StudyUnitDone {
                unit: index,
                ..pair.clone()
            };
            match &pairs[index] {
                Some(earlier) if !same_numbers(earlier, &numbered) => {
                    return Err(format!(
                        "{name} holds seed {} of arm {} again with other numbers: were both \
                         files made by one study?",
                        pair.seed, pair.arm
                    ));
                }
                Some(_) => {}
                None => pairs[index] = Some(numbered),
            }
        }
    }
    let mut missing: Vec<u64> = units
        .iter()
        .zip(&pairs)
        .filter(|(_, pair)| pair.is_none())
        .map(|(unit, _)| unit.seed)
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(u64::to_string).collect();
        return Err(format!(
            "seeds {} are missing: add the results file of every part (or run the parts that \
             have not finished)",
            list.join(", ")
        ));
    }
    Ok(StoredStudy {
        description: format!(
            "{} Merged from {} results files.",
            describe(&config),
            files.len()
        ),
        pairs: pairs.into_iter().flatten().collect(),
        config,
    })
}

/// Whether two records of one pair hold the same numbers (the time it took may differ).
fn same_numbers(a: &StudyUnitDone, b: &StudyUnitDone) -> bool {
    a.nda == b.nda && a.baseline == b.baseline && a.problem == b.problem
}

impl StudyState {
    /// Sets how many browsers the study is split across, from a field's text.
    pub fn edit_split(&mut self, text: &str, page: &ExperimentConfig) {
        let seeds = self.settings(page).seeds.len();
        match text.trim().parse::<usize>() {
            Ok(split) if (1..=seeds).contains(&split) => {
                self.split = split;
                self.form_error = None;
            }
            _ => {
                self.form_error = Some(format!(
                    "a study of {seeds} seeds splits across 1 to {seeds} browsers, not \"{}\"",
                    text.trim()
                ));
            }
        }
    }

    /// With a split across more than one browser, each part's experiment and seeds (for its
    /// link); none when the study runs in this browser alone or cannot run.
    pub fn parts(&self, page: &ExperimentConfig) -> Vec<(StudyPart, Vec<u64>, ExperimentConfig)> {
        let Ok(plan) = self.plan(page) else {
            return Vec::new();
        };
        let config = whole(&plan.config);
        let count = self.split.min(config.study.seeds.len());
        if count < 2 {
            return Vec::new();
        }
        StudyPart::all(count)
            .into_iter()
            .map(|part| {
                let mut config = config.clone();
                config.study.part = Some(part);
                (part, config.study.part_seeds(), config)
            })
            .collect()
    }

    /// Takes the merge of results `files` as the study shown; says why not where it cannot.
    /// Returns whether the stored study changed (to save it).
    pub fn merge_results(&mut self, files: &[(String, String)]) -> bool {
        if self.running {
            self.error = Some("stop the running study before merging results".to_string());
            return false;
        }
        match merge(files) {
            Ok(study) => {
                self.study = Some(study);
                self.progress = None;
                self.error = None;
                true
            }
            Err(message) => {
                self.error = Some(message);
                false
            }
        }
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
