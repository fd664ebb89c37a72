//! What the run files of every task share: the runs of a session, the NDA run then its
//! baseline, in that order and under these folder names.

use super::error::ConfigError;

/// The labels (and folder names) of the runs of a session, in order.
pub const RUN_LABELS: [&str; 2] = ["nda", "baseline"];

/// Refuses a run file whose runs (`labels`, in file order) are not the NDA run, then the
/// baseline when `with_baseline`; `what` names them ("trained run(s)").
pub(crate) fn check_runs(
    labels: &[&str],
    with_baseline: bool,
    what: &str,
) -> Result<(), ConfigError> {
    let expected = if with_baseline { 2 } else { 1 };
    if labels.len() != expected || labels[0] != "nda" {
        return Err(ConfigError::invalid(format!(
            "the archive should hold {expected} {what} (runs/nda{}), but holds {}",
            if expected == 2 {
                " and runs/baseline"
            } else {
                ""
            },
            labels.len()
        )));
    }
    Ok(())
}
