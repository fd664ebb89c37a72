//! A whole GAN run as one zip file: the config, each run's metrics (CSV), its fixed-noise grid
//! (PNG), its timeline (the grid every `sample_every` iterations, PNG) and its weights (safetensors, which PyTorch loads), with a README saying how. Importing
//! validates everything: size limits, the config's version and ranges, and (when the weights are
//! loaded into models) every tensor's name and shape.

use crate::experiment::config::ExperimentConfig;
use crate::experiment::error::ConfigError;
use crate::experiment::migrate::parse_config;
use crate::experiment::run_labels::{RUN_LABELS, check_runs};
use crate::experiment::zip_file::{ZipIn, ZipOut};
use crate::train::evaluation::{MetricRow, from_csv, to_csv};
use crate::train::host_weights::HostWeights;
use crate::train::timeline::frames_within;
use crate::train::{GanPoint, Timeline, fixed_grid_size};

/// One trained model of an exported session.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedRun {
    /// `nda` or `baseline`.
    pub label: String,
    /// Its metrics, as reported during training.
    pub points: Vec<GanPoint>,
    /// Its last fixed-noise grid, as PNG.
    pub grid_png: Option<Vec<u8>>,
    /// Its fixed-noise grid every `sample_every` iterations, as PNG (empty in files written
    /// before timelines).
    pub timeline: Timeline<Vec<u8>>,
    /// Its weights.
    pub weights: HostWeights,
    /// Its evaluations (`runs/<label>/evaluation.csv`), empty if it was never evaluated.
    pub evaluation: Vec<MetricRow>,
}

/// An exported session.
#[derive(Debug, Clone, PartialEq)]
pub struct RunArchive {
    /// The settings it was trained with.
    pub config: ExperimentConfig,
    /// The NDA run, then the baseline if there is one.
    pub runs: Vec<ArchivedRun>,
}

impl RunArchive {
    /// The zip file.
    pub fn to_zip(&self) -> Result<Vec<u8>, ConfigError> {
        let mut zip = ZipOut::new();
        let mut add = |name: &str, bytes: &[u8]| zip.add(name, bytes);
        add("README.md", readme(self).as_bytes())?;
        let config = serde_json::to_string_pretty(&self.config).map_err(ConfigError::invalid)?;
        add("config.json", config.as_bytes())?;
        for run in &self.runs {
            let folder = format!("runs/{}", run.label);
            let mut csv = format!("{}\n", GanPoint::CSV_HEADER);
            for point in &run.points {
                csv.push_str(&point.csv_row());
                csv.push('\n');
            }
            add(&format!("{folder}/metrics.csv"), csv.as_bytes())?;
            if let Some(png) = &run.grid_png {
                add(&format!("{folder}/samples.png"), png)?;
            }
            for (iteration, png) in run.timeline.frames() {
                add(&format!("{folder}/{}", timeline_name(*iteration)), png)?;
            }
            if !run.evaluation.is_empty() {
                add(
                    &format!("{folder}/evaluation.csv"),
                    to_csv(&run.evaluation).as_bytes(),
                )?;
            }
            let weights = run
                .weights
                .to_safetensors()
                .map_err(|error| ConfigError::invalid(error.to_string()))?;
            add(&format!("{folder}/weights.safetensors"), &weights)?;
        }
        zip.finish()
    }

    /// Reads and checks a run file.
    pub fn from_zip(bytes: &[u8]) -> Result<Self, ConfigError> {
        let mut zip = ZipIn::open(bytes)?;
        let config_bytes = zip.read("config.json")?.ok_or_else(|| {
            ConfigError::invalid("the archive has no config.json: it is not an NDA Lab run file")
        })?;
        let config = parse_config(&String::from_utf8_lossy(&config_bytes))?;
        let mut runs = Vec::new();
        for label in RUN_LABELS {
            let folder = format!("runs/{label}");
            let Some(weights) = zip.read(&format!("{folder}/weights.safetensors"))? else {
                continue;
            };
            let weights = HostWeights::from_safetensors(&weights).map_err(|error| {
                ConfigError::invalid(format!("{folder}/weights.safetensors: {error}"))
            })?;
            let csv = zip
                .read(&format!("{folder}/metrics.csv"))?
                .unwrap_or_default();
            let points = String::from_utf8_lossy(&csv)
                .lines()
                .skip(1)
                .filter(|line| !line.trim().is_empty())
                .map(GanPoint::from_csv_row)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| ConfigError::invalid(format!("{folder}/metrics.csv: {error}")))?;
            let evaluation = match zip.read(&format!("{folder}/evaluation.csv"))? {
                Some(csv) => from_csv(&String::from_utf8_lossy(&csv)).map_err(|error| {
                    ConfigError::invalid(format!("{folder}/evaluation.csv: {error}"))
                })?,
                None => Vec::new(),
            };
            let grid_png = zip.read(&format!("{folder}/samples.png"))?;
            // At most as many grids as a session keeps of this size (each is checked against the
            // grid's size when it is decoded).
            let (width, height) = fixed_grid_size(config.gan.config.image_size);
            let max = frames_within(width * height * 4);
            let mut frames = Vec::new();
            for name in zip.names_under(&format!("{folder}/timeline/")) {
                let Some(iteration) = timeline_iteration(&name) else {
                    continue;
                };
                // No grid from after the weights' iteration, nor one larger than its pixels.
                if iteration > weights.iteration {
                    continue;
                }
                if let Some(png) = zip.read(&name)?
                    && png.len() <= 2 * width * height * 4
                {
                    frames.push((iteration, png));
                }
            }
            runs.push(ArchivedRun {
                label: label.to_string(),
                points,
                grid_png,
                timeline: Timeline::from_frames(frames, config.gan.sample_every, max),
                weights,
                evaluation,
            });
        }
        let labels: Vec<&str> = runs.iter().map(|run| run.label.as_str()).collect();
        check_runs(&labels, config.gan.compare_with_baseline, "trained run(s)")?;
        Ok(Self { config, runs })
    }
}

/// A timeline grid's name in its run's folder.
fn timeline_name(iteration: usize) -> String {
    format!("timeline/samples_{iteration:06}.png")
}

/// The iteration of a timeline grid's entry, `None` for any other name.
fn timeline_iteration(name: &str) -> Option<usize> {
    let file = name.rsplit('/').next()?;
    file.strip_prefix("samples_")?
        .strip_suffix(".png")?
        .parse()
        .ok()
}

/// The README inside a run file.
fn readme(archive: &RunArchive) -> String {
    let iteration = archive.runs.first().map_or(0, |run| run.weights.iteration);
    format!(
        "# NDA Lab run\n\n\
         An NDA-GAN (Sinha et al., ICLR 2021) trained in NDA Lab for {iteration} iterations.\n\n\
         - `config.json`: every setting (open it in NDA Lab's Experiments panel, or run it with \
         `nda-lab gan --config config.json`).\n\
         - `runs/<nda|baseline>/metrics.csv`: the losses and mean D scores as reported during training.\n\
         - `runs/<nda|baseline>/samples.png`: the EMA generator's fixed-noise grid.\n\
         - `runs/<nda|baseline>/timeline/samples_<iteration>.png`: the same grid every \
         `sample_every` iterations (past the page's bound, at most 64, every other one goes and the rest stay evenly spaced), which the page scrubs through.\n\
         - `runs/<nda|baseline>/evaluation.csv` (when evaluated): `iteration,metric,value,sd` rows \
         of KID, FD, coverage, structure and AUROC measured by NDA Lab's own evaluators.\n\
         - `runs/<nda|baseline>/weights.safetensors`: the generator, discriminator and EMA generator \
         (`generator.*`, `discriminator.*`, `ema_generator.*`), 32-bit floats; the iteration is in \
         the file's metadata.\n\n\
         Re-open this file in NDA Lab (GAN panel, \"Import run\") to sample or keep training.\n\n\
         ## In PyTorch\n\n\
         ```python\n\
         from safetensors.torch import load_file\n\
         weights = load_file(\"runs/nda/weights.safetensors\")\n\
         for name, tensor in weights.items():\n    print(name, tuple(tensor.shape))\n\
         ```\n\n\
         Names follow NDA Lab's modules (e.g. `ema_generator.blocks.0.conv.weight`). \
         `python/nda_lab` in the NDA Lab repository loads this file into PyTorch modules of the \
         same architecture (`load_run_file`, `torch_models`) and is checked to give NDA Lab's \
         images within 1e-4 (`make interop`). Loading by hand: linear weights are stored \
         `[in, out]` (PyTorch's `nn.Linear` uses `[out, in]`: transpose them); convolution and \
         transposed-convolution weights have PyTorch's layout; batch norm's scale and shift are \
         named `gamma` and `beta`. Every layer is spectrally normalised with `*.norm.u`: the \
         weight is divided by sigma = u^T W v after one power iteration from the stored u on the \
         weight viewed as `[dim 0, rest]` (`[in, out]` for linear layers), which is not what \
         `torch.nn.utils.spectral_norm` computes.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::host_weights::NamedTensor;

    fn archive(timeline: Timeline<Vec<u8>>) -> RunArchive {
        let mut config = ExperimentConfig::default();
        config.gan.compare_with_baseline = false;
        config.gan.sample_every = 10;
        RunArchive {
            config,
            runs: vec![ArchivedRun {
                label: "nda".into(),
                points: Vec::new(),
                grid_png: Some(vec![1, 2, 3]),
                timeline,
                weights: HostWeights {
                    tensors: vec![NamedTensor {
                        name: "generator.w".into(),
                        shape: vec![1],
                        values: vec![0.5],
                    }],
                    iteration: 100,
                },
                evaluation: Vec::new(),
            }],
        }
    }

    #[test]
    fn the_timeline_round_trips_in_order_and_says_whether_it_was_thinned() {
        let frames = vec![(10, vec![1]), (20, vec![2]), (30, vec![3])];
        let original = archive(Timeline::from_frames(frames, 10, 64));
        let bytes = original.to_zip().expect("written");
        let read = RunArchive::from_zip(&bytes).expect("read");
        assert_eq!(read, original);
        let name = b"runs/nda/timeline/samples_000020.png";
        assert!(
            bytes.windows(name.len()).any(|window| window == name),
            "a grid per file, named by its iteration"
        );

        let gaps = vec![(20, vec![2]), (40, vec![4]), (50, vec![5])];
        let read = RunArchive::from_zip(
            &archive(Timeline::from_frames(gaps, 10, 64))
                .to_zip()
                .expect("written"),
        )
        .expect("read");
        assert!(
            read.runs[0].timeline.thinned(),
            "frames 20 apart at every 10"
        );
    }

    #[test]
    fn a_file_from_before_timelines_opens_with_an_empty_one() {
        let bytes = archive(Timeline::default()).to_zip().expect("written");
        let read = RunArchive::from_zip(&bytes).expect("read");
        assert!(read.runs[0].timeline.is_empty());
        assert!(!read.runs[0].timeline.thinned());
        assert_eq!(read.runs[0].grid_png, Some(vec![1, 2, 3]));
        assert_eq!(
            timeline_iteration("runs/nda/timeline/samples_000120.png"),
            Some(120)
        );
        assert_eq!(timeline_iteration("runs/nda/timeline/notes.txt"), None);
    }
}
