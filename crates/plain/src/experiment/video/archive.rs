//! A whole video run as one zip file, like the image tasks' run files: the experiment it ran
//! (`experiment.json`, the video task's own file: the versioned config has no video section yet),
//! and per run its metrics and evaluations (CSV) and its clip encoder's weights (safetensors,
//! `encoder.*`), with a README. Reading checks the file's limits, the experiment and every CSV
//! line; the weights' names and shapes are checked when they are loaded into an encoder.

use crate::experiment::error::ConfigError;
use crate::experiment::run_labels::{RUN_LABELS, check_runs};
use crate::experiment::zip_file::{ZipIn, ZipOut, data_rows};
use crate::train::csv_text;
use crate::train::host_weights::HostWeights;
use crate::train::video::{VideoEvaluation, VideoExperiment, VideoPoint};

/// One trained clip encoder of a video run file.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedClipEncoder {
    /// `nda` or `baseline`.
    pub label: String,
    /// Its values at every step.
    pub points: Vec<VideoPoint>,
    /// Its evaluations.
    pub evaluations: Vec<VideoEvaluation>,
    /// The encoder's weights (`encoder.*`) at their step.
    pub weights: HostWeights,
}

/// A video run file.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoArchive {
    /// The experiment it ran, every default spelled out.
    pub experiment: VideoExperiment,
    /// The NDA encoder, then the baseline if there is one.
    pub runs: Vec<ArchivedClipEncoder>,
}

impl VideoArchive {
    /// The zip file.
    pub fn to_zip(&self) -> Result<Vec<u8>, ConfigError> {
        let mut zip = ZipOut::new();
        zip.add("README.md", readme(self).as_bytes())?;
        let experiment =
            serde_json::to_string_pretty(&self.experiment).map_err(ConfigError::invalid)?;
        zip.add("experiment.json", experiment.as_bytes())?;
        for run in &self.runs {
            let folder = format!("runs/{}", run.label);
            let points = csv_text(VideoPoint::CSV_HEADER, &run.points, VideoPoint::csv_row);
            zip.add(&format!("{folder}/metrics.csv"), points.as_bytes())?;
            let evaluations = csv_text(
                &VideoEvaluation::csv_header(),
                &run.evaluations,
                VideoEvaluation::csv_row,
            );
            zip.add(&format!("{folder}/evaluation.csv"), evaluations.as_bytes())?;
            let weights = run
                .weights
                .to_safetensors()
                .map_err(|error| ConfigError::invalid(error.to_string()))?;
            zip.add(&format!("{folder}/weights.safetensors"), &weights)?;
        }
        zip.finish()
    }

    /// Reads and checks a video run file.
    pub fn from_zip(bytes: &[u8]) -> Result<Self, ConfigError> {
        let mut zip = ZipIn::open(bytes)?;
        let text = zip.read_text("experiment.json")?;
        if text.is_empty() {
            return Err(ConfigError::invalid(
                "the archive has no experiment.json: it is not a video run file of NDA Lab",
            ));
        }
        let experiment: VideoExperiment = serde_json::from_str(&text)
            .map_err(|error| ConfigError::invalid(format!("experiment.json: {error}")))?;
        experiment
            .validate()
            .map_err(|error| ConfigError::invalid(format!("experiment.json: {error}")))?;
        let mut runs = Vec::new();
        for label in RUN_LABELS {
            let folder = format!("runs/{label}");
            let Some(weights) = zip.read(&format!("{folder}/weights.safetensors"))? else {
                continue;
            };
            let weights = HostWeights::from_safetensors(&weights).map_err(|error| {
                ConfigError::invalid(format!("{folder}/weights.safetensors: {error}"))
            })?;
            let points = data_rows(&zip.read_text(&format!("{folder}/metrics.csv"))?)
                .map(VideoPoint::from_csv_row)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| ConfigError::invalid(format!("{folder}/metrics.csv: {error}")))?;
            let evaluations = data_rows(&zip.read_text(&format!("{folder}/evaluation.csv"))?)
                .map(VideoEvaluation::from_csv_row)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| {
                    ConfigError::invalid(format!("{folder}/evaluation.csv: {error}"))
                })?;
            runs.push(ArchivedClipEncoder {
                label: label.to_string(),
                points,
                evaluations,
                weights,
            });
        }
        let labels: Vec<&str> = runs.iter().map(|run| run.label.as_str()).collect();
        check_runs(
            &labels,
            experiment.compare_with_baseline,
            "trained clip encoder(s)",
        )?;
        Ok(Self { experiment, runs })
    }
}

/// The README inside a video run file.
fn readme(archive: &VideoArchive) -> String {
    let step = archive.runs.first().map_or(0, |run| run.weights.iteration);
    format!(
        "# NDA Lab video run\n\n\
         A clip encoder trained by dense predictive coding with NDA clips as extra negatives of \
         their own clip (NDA Lab's video task; Sinha et al., ICLR 2021) for {step} steps.\n\n\
         - `experiment.json`: every setting (`nda-lab video --config experiment.json` trains it \
         again).\n\
         - `runs/<nda|baseline>/metrics.csv`: the predictive loss and similarities at every step.\n\
         - `runs/<nda|baseline>/evaluation.csv`: motion k-NN and linear-probe accuracy on held-out \
         clips, the same on one frame (an appearance-only control), and anomaly AUROCs, at every \
         evaluation.\n\
         - `runs/<nda|baseline>/weights.safetensors`: the clip encoder (`encoder.*`), 32-bit \
         floats; the step is in the file's metadata. `python/nda_lab/torch_video.py` loads it into \
         PyTorch (`ClipEncoder.from_ours`, the names without `encoder.`).\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::video::TemporalNegative;
    use crate::train::host_weights::NamedTensor;

    fn archive() -> VideoArchive {
        let run = |label: &str| ArchivedClipEncoder {
            label: label.to_string(),
            points: vec![VideoPoint {
                step: 1,
                loss: 3.5,
                positive_similarity: 0.5,
                negative_similarity: 0.0,
                nda_similarity: (label == "nda").then_some(0.25),
                prediction_accuracy: 0.125,
            }],
            evaluations: vec![VideoEvaluation {
                step: 1,
                motion_knn: 0.25,
                motion_linear: 0.5,
                appearance_knn: 0.125,
                appearance_linear: 0.125,
                anomaly_auroc: vec![(TemporalNegative::FrameShuffle, 0.75)],
            }],
            weights: HostWeights {
                tensors: vec![NamedTensor {
                    name: "encoder.stem.weight".into(),
                    shape: vec![2],
                    values: vec![1.0, -2.0],
                }],
                iteration: 1,
            },
        };
        VideoArchive {
            experiment: VideoExperiment::default(),
            runs: vec![run("nda"), run("baseline")],
        }
    }

    #[test]
    fn a_video_run_file_round_trips_and_a_broken_one_is_refused() {
        let archive = archive();
        let bytes = archive.to_zip().expect("written");
        assert_eq!(VideoArchive::from_zip(&bytes).expect("read"), archive);
        let mut missing = archive.clone();
        missing.runs.pop();
        let bytes = missing.to_zip().expect("written");
        let error = VideoArchive::from_zip(&bytes)
            .expect_err("no baseline")
            .to_string();
        assert!(error.contains("baseline"), "{error}");
        let error = VideoArchive::from_zip(b"not a zip")
            .expect_err("junk")
            .to_string();
        assert!(error.contains("not a run file"), "{error}");
    }
}
