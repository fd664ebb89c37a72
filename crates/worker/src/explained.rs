//! Reading back the steps a walk-through explains, the same for the GAN and the contrastive
//! session. The step itself was taken and reported before: a failed read is a failed command,
//! not a fault of the run.

use nda_core::train::teaching::Capture;

/// Every run's explained step (NDA first), or why one could not be read.
pub(crate) async fn read_explained<C: Capture>(
    captures: Vec<(String, C)>,
) -> Result<Vec<C::Explained>, String> {
    let mut steps = Vec::with_capacity(captures.len());
    for (label, capture) in captures {
        let step = capture
            .read(&label)
            .await
            .map_err(|error| format!("the step was taken but could not be explained: {error}"))?;
        steps.push(step);
    }
    Ok(steps)
}
