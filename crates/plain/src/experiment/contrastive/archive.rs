//! A whole contrastive run as one zip file, like the GAN's ([`crate::experiment::RunArchive`]): the config,
//! each encoder's metrics and accuracies (CSV), its held-out map (CSV), the map at every evaluation
//! (its timeline, JSON) and its weights
//! (safetensors: the query encoder, the key encoder and the key queue), with a README. Importing
//! checks the file's limits and the config; the weights' names and shapes are checked when they
//! are loaded into the encoders.

use crate::eval::Projection2d;
use crate::experiment::config::{ExperimentConfig, Task};
use crate::experiment::error::ConfigError;
use crate::experiment::migrate::parse_config;
use crate::experiment::run_labels::{RUN_LABELS, check_runs};
use crate::experiment::zip_file::{ZipIn, ZipOut, data_rows};
use crate::train::host_weights::HostWeights;
use crate::train::timeline::{MAX_FRAMES, MAX_TIMELINE_BYTES};
use crate::train::{AccuracyPoint, ContrastivePoint, Timeline, csv_text};

/// One trained encoder of an exported contrastive session.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedEncoder {
    /// `nda` or `baseline`.
    pub label: String,
    /// Its metrics, as reported during training.
    pub points: Vec<ContrastivePoint>,
    /// Its accuracies at every evaluation.
    pub accuracy: Vec<AccuracyPoint>,
    /// Its last held-out map, `x,y,label` lines (not read back: an import evaluates anew).
    pub map_csv: Option<String>,
    /// Its held-out map at every evaluation (empty in files written before timelines).
    pub maps: Timeline<Projection2d>,
    /// The query encoder, the key encoder and the queue, at their step.
    pub weights: HostWeights,
}

/// An exported contrastive session.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastiveArchive {
    /// The settings it was trained with (task `Contrastive`).
    pub config: ExperimentConfig,
    /// The NDA encoder, then the baseline if there is one.
    pub runs: Vec<ArchivedEncoder>,
}

impl ContrastiveArchive {
    /// The zip file.
    pub fn to_zip(&self) -> Result<Vec<u8>, ConfigError> {
        let mut zip = ZipOut::new();
        zip.add("README.md", readme(self).as_bytes())?;
        let config = serde_json::to_string_pretty(&self.config).map_err(ConfigError::invalid)?;
        zip.add("config.json", config.as_bytes())?;
        for run in &self.runs {
            let folder = format!("runs/{}", run.label);
            let points = csv_text(ContrastivePoint::CSV_HEADER, &run.points, |point| {
                point.csv_row()
            });
            zip.add(&format!("{folder}/metrics.csv"), points.as_bytes())?;
            let accuracy = csv_text(AccuracyPoint::CSV_HEADER, &run.accuracy, |point| {
                point.csv_row()
            });
            zip.add(&format!("{folder}/accuracy.csv"), accuracy.as_bytes())?;
            if let Some(map) = &run.map_csv {
                zip.add(&format!("{folder}/map.csv"), map.as_bytes())?;
            }
            if !run.maps.is_empty() {
                let maps = serde_json::to_string(&run.maps).map_err(ConfigError::invalid)?;
                zip.add(&format!("{folder}/maps.json"), maps.as_bytes())?;
            }
            let weights = run
                .weights
                .to_safetensors()
                .map_err(|error| ConfigError::invalid(error.to_string()))?;
            zip.add(&format!("{folder}/weights.safetensors"), &weights)?;
        }
        zip.finish()
    }

    /// Reads and checks a contrastive run file.
    pub fn from_zip(bytes: &[u8]) -> Result<Self, ConfigError> {
        let mut zip = ZipIn::open(bytes)?;
        let config = zip.read_text("config.json")?;
        if config.is_empty() {
            return Err(ConfigError::invalid(
                "the archive has no config.json: it is not an NDA Lab run file",
            ));
        }
        let config = parse_config(&config)?;
        if config.task != Task::Contrastive {
            return Err(ConfigError::invalid(
                "this is a GAN's run file: import it in the GAN panel (or run it with `nda-lab gan`)",
            ));
        }
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
                .map(ContrastivePoint::from_csv_row)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| ConfigError::invalid(format!("{folder}/metrics.csv: {error}")))?;
            let accuracy = data_rows(&zip.read_text(&format!("{folder}/accuracy.csv"))?)
                .map(AccuracyPoint::from_csv_row)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| ConfigError::invalid(format!("{folder}/accuracy.csv: {error}")))?;
            let map_csv = zip
                .read(&format!("{folder}/map.csv"))?
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            let maps = match zip.read(&format!("{folder}/maps.json"))? {
                Some(json) if json.len() > MAX_TIMELINE_BYTES => {
                    return Err(ConfigError::invalid(format!(
                        "{folder}/maps.json is larger than a run's maps can be"
                    )));
                }
                Some(json) => {
                    let read: Timeline<Projection2d> =
                        serde_json::from_slice(&json).map_err(|error| {
                            ConfigError::invalid(format!("{folder}/maps.json: {error}"))
                        })?;
                    // Bounded as a session keeps them, whatever the file says, and none from
                    // after the weights' step.
                    let frames = read
                        .frames()
                        .iter()
                        .filter(|(step, _)| *step <= weights.iteration)
                        .cloned()
                        .collect();
                    Timeline::from_frames(frames, config.contrastive.evaluate_every, MAX_FRAMES)
                }
                None => Timeline::every(config.contrastive.evaluate_every),
            };
            runs.push(ArchivedEncoder {
                label: label.to_string(),
                points,
                accuracy,
                map_csv,
                maps,
                weights,
            });
        }
        let labels: Vec<&str> = runs.iter().map(|run| run.label.as_str()).collect();
        check_runs(
            &labels,
            config.contrastive.compare_with_baseline,
            "trained encoder(s)",
        )?;
        Ok(Self { config, runs })
    }
}

/// The README inside a contrastive run file.
fn readme(archive: &ContrastiveArchive) -> String {
    let step = archive.runs.first().map_or(0, |run| run.weights.iteration);
    format!(
        "# NDA Lab contrastive run\n\n\
         A MoCo-v2 encoder with NDA negatives (Sinha et al., ICLR 2021, Sec. 5) trained in NDA Lab \
         for {step} steps.\n\n\
         - `config.json`: every setting (open it in NDA Lab's Experiments panel, or continue this \
         file with `nda-lab contrastive --config run.zip`).\n\
         - `runs/<nda|baseline>/metrics.csv`: InfoNCE loss and similarities as reported during \
         training.\n\
         - `runs/<nda|baseline>/accuracy.csv`: k-NN and linear-probe accuracy on held-out images at \
         every evaluation.\n\
         - `runs/<nda|baseline>/map.csv`: the held-out images' PCA map at the last evaluation.\n\
         - `runs/<nda|baseline>/maps.json`: the map at every evaluation (`frames`: `[step, \
         {{points, explained}}]`, thinned evenly past 64), which the page scrubs through.\n\
         - `runs/<nda|baseline>/weights.safetensors`: the query encoder (`query.*`), the momentum \
         key encoder (`key.*`) and the key queue (`queue`, `[queue size, 128]`), 32-bit floats; the \
         step is in the file's metadata.\n\n\
         ## In PyTorch\n\n\
         ```python\n\
         from safetensors.torch import load_file\n\
         weights = load_file(\"runs/nda/weights.safetensors\")\n\
         for name, tensor in weights.items():\n    print(name, tuple(tensor.shape))\n\
         ```\n\n\
         Linear weights are stored `[in, out]` (PyTorch's `nn.Linear` uses `[out, in]`: transpose \
         them); convolution weights have PyTorch's layout; group norm's scale and shift are named \
         `gamma` and `beta`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::host_weights::NamedTensor;

    fn archive() -> ContrastiveArchive {
        let mut config = ExperimentConfig {
            task: Task::Contrastive,
            ..ExperimentConfig::default()
        };
        config.contrastive.compare_with_baseline = true;
        let every = config.contrastive.evaluate_every;
        let encoder = |label: &str, nda: Option<f32>| ArchivedEncoder {
            label: label.into(),
            points: vec![ContrastivePoint {
                step: 3,
                loss: 5.25,
                positive_similarity: 0.5,
                queue_similarity: 0.125,
                nda_similarity: nda,
                instance_accuracy: 0.25,
            }],
            accuracy: vec![AccuracyPoint {
                step: 3,
                knn: Some(0.75),
                linear: None,
            }],
            map_csv: Some("x,y,label\n0.5,-1,3\n".into()),
            maps: Timeline::from_frames(
                vec![(
                    3,
                    Projection2d {
                        points: vec![[0.5, -1.0], [0.1, 0.2]],
                        explained: [0.75, 0.125],
                    },
                )],
                every,
                MAX_FRAMES,
            ),
            weights: HostWeights {
                tensors: vec![NamedTensor {
                    name: "queue".into(),
                    shape: vec![2, 2],
                    values: vec![1.0, 2.0, 3.0, 4.0],
                }],
                iteration: 3,
            },
        };
        ContrastiveArchive {
            config,
            runs: vec![encoder("nda", Some(0.5)), encoder("baseline", None)],
        }
    }

    #[test]
    fn a_contrastive_run_file_round_trips_and_refuses_what_it_is_not() {
        let original = archive();
        let bytes = original.to_zip().expect("written");
        assert_eq!(
            ContrastiveArchive::from_zip(&bytes).expect("read"),
            original
        );

        let mut gan = original.clone();
        gan.config.task = Task::Gan;
        let refused = ContrastiveArchive::from_zip(&gan.to_zip().expect("written"));
        assert!(refused.is_err_and(|error| error.to_string().contains("GAN's run file")));
        let mut one = original.clone();
        one.runs.pop();
        let refused = ContrastiveArchive::from_zip(&one.to_zip().expect("written"));
        assert!(refused.is_err_and(|error| error.to_string().contains("2 trained encoder(s)")));
        assert!(ContrastiveArchive::from_zip(b"not a zip").is_err());
    }
}
