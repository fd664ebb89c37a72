//! The files of `nda-lab contrastive`: its input (a JSON config, or a contrastive run file
//! exported by the page or written by an earlier run, whose encoders it continues) and the
//! `run.zip` it writes at the end, which the page's "Import run" and this command both open.

use std::fs;
use std::path::Path;

use futures::executor::block_on;

use crate::driver::write;
use nda_core::eval::Projection2d;
use nda_core::experiment::{ArchivedEncoder, ContrastiveArchive, ExperimentConfig, parse_config};
use nda_core::train::{AccuracyPoint, ContrastivePoint, ContrastiveRun, Timeline};

/// The experiment at `path`, and the run file it came from, if it is one.
pub fn read_input(path: &Path) -> Result<(ExperimentConfig, Option<ContrastiveArchive>), String> {
    let bytes =
        fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    if bytes.starts_with(b"PK") {
        let archive = ContrastiveArchive::from_zip(&bytes)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        return Ok((archive.config.clone(), Some(archive)));
    }
    let config = parse_config(&String::from_utf8_lossy(&bytes))
        .map_err(|error| format!("{}: {error}", path.display()))?;
    Ok((config, None))
}

/// One encoder's part of the run file.
pub struct EncoderRecord<'a> {
    /// `nda` or `baseline`.
    pub label: &'a str,
    /// The encoder.
    pub run: &'a ContrastiveRun,
    /// Its reported points.
    pub points: &'a [ContrastivePoint],
    /// Its accuracies.
    pub accuracy: &'a [AccuracyPoint],
    /// Its last map, `x,y,label` lines.
    pub map_csv: &'a str,
    /// Its map at every evaluation.
    pub maps: &'a Timeline<Projection2d>,
}

/// Writes `path`: `config` and every encoder's weights (read from the device), metrics,
/// accuracies and map.
pub fn write_run_file(
    config: &ExperimentConfig,
    encoders: &[EncoderRecord],
    path: &Path,
) -> Result<(), String> {
    let mut runs = Vec::with_capacity(encoders.len());
    for encoder in encoders {
        let weights =
            block_on(encoder.run.read_host_weights()).map_err(|error| error.to_string())?;
        runs.push(ArchivedEncoder {
            label: encoder.label.to_string(),
            points: encoder.points.to_vec(),
            accuracy: encoder.accuracy.to_vec(),
            map_csv: Some(encoder.map_csv.to_string()),
            maps: encoder.maps.clone(),
            weights,
        });
    }
    let mut config = config.clone();
    config.contrastive.compare_with_baseline = encoders.len() == 2;
    let bytes = ContrastiveArchive { config, runs }
        .to_zip()
        .map_err(|error| error.to_string())?;
    write(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contrastive::run;
    use crate::driver::NativeDevice;
    use nda_core::data::{BuiltinDataset, BuiltinSpec};
    use nda_core::experiment::{DatasetChoice, Task};
    use nda_core::model::ModelPreset;

    #[test]
    fn a_run_file_written_at_the_end_continues_its_encoders_from_their_step() {
        let mut config = ExperimentConfig {
            task: Task::Contrastive,
            dataset: DatasetChoice::Builtin(BuiltinSpec {
                dataset: BuiltinDataset::Digits,
                size: 32,
                count: 40,
                seed: 1,
            }),
            ..ExperimentConfig::default()
        };
        config.contrastive.steps = 2;
        config.contrastive.config.preset = ModelPreset::Tiny;
        config.contrastive.config.batch_size = 8;
        config.contrastive.config.queue_size = 16;
        let folder = std::env::temp_dir().join(format!("nda-lab-cfile-{}", std::process::id()));
        fs::create_dir_all(&folder).expect("folder");
        let file = folder.join("experiment.json");
        fs::write(&file, serde_json::to_string(&config).expect("json")).expect("write");
        run(&file, &folder.join("first"), NativeDevice::Cpu, None).expect("trains");
        let bytes = fs::read(folder.join("first/run.zip")).expect("a run file");
        let mut archive = ContrastiveArchive::from_zip(&bytes).expect("readable");
        assert_eq!(archive.runs.len(), 2);
        assert_eq!(archive.runs[0].weights.iteration, 2);
        assert_eq!(archive.runs[1].points.len(), 2);

        // One more step from the file.
        archive.config.contrastive.steps = 3;
        let more = folder.join("more.zip");
        fs::write(&more, archive.to_zip().expect("zip")).expect("write");
        run(&more, &folder.join("second"), NativeDevice::Cpu, None).expect("continues");
        let (_, continued) = read_input(&folder.join("second/run.zip")).expect("readable");
        let continued = continued.expect("a run file");
        for (before, after) in archive.runs.iter().zip(&continued.runs) {
            assert_eq!(after.weights.iteration, 3);
            assert_eq!(
                after.points[..2],
                before.points[..],
                "the old points are kept"
            );
            assert_eq!(after.points.len(), 3);
            let steps: Vec<usize> = after.accuracy.iter().map(|point| point.step).collect();
            assert_eq!(
                steps,
                [0, 2, 3],
                "evaluated at the start, the end and the new end"
            );
        }
        let _ = fs::remove_dir_all(&folder);
    }
}
