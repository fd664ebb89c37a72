//! A GAN run read into its run file's entry: the one part of the run file that needs the run's
//! device (`archive.rs` is plain data).

use crate::experiment::gan::archive::ArchivedRun;
use crate::train::{GanPoint, GanRun, Timeline};

/// Reads `run`'s weights (its last good ones) and fixed-noise grid without blocking: what the
/// page's "Export run" and `nda-lab gan` store for it (each adds the timeline it kept). A grid
/// that cannot be read is left out.
pub async fn read_archived_run(
    label: &str,
    run: &GanRun,
    points: Vec<GanPoint>,
) -> Result<ArchivedRun, String> {
    let weights = run
        .read_host_weights()
        .await
        .map_err(|error| error.to_string())?;
    let grid = run.read_fixed_grid().await.ok();
    Ok(ArchivedRun {
        label: label.to_string(),
        points,
        grid_png: grid.and_then(|grid| grid.to_png().ok()),
        timeline: Timeline::default(),
        weights,
        evaluation: Vec::new(),
    })
}
