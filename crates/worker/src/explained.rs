//! Reading back the steps a walk-through explains, the same for every task's session. The step itself was taken and reported before: a failed read is a failed command,
//! not a fault of the run.

use nda_core::train::teaching::Capture;
use nda_protocol::Event;

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

/// The event that carries every run's walk-through (`wrap` makes the task's event), or the
/// failure to read it.
pub(crate) async fn explained_event<C: Capture>(
    captures: Vec<(String, C)>,
    wrap: impl FnOnce(Vec<C::Explained>) -> Event,
) -> Event {
    match read_explained(captures).await {
        Ok(steps) => wrap(steps),
        Err(message) => Event::Failed { message },
    }
}
