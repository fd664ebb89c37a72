//! What a training session that stopped on a fault tells the person, the same for the GAN and the
//! contrastive session: a diverged run went back to its last finite weights, a lost device keeps
//! data, settings and charts and (with a host copy) can continue on the CPU.

use nda_core::train::TrainError;

/// Where a session stood when it stopped, in its own words.
pub struct FaultContext<'a> {
    /// "iteration" or "step".
    pub unit: &'a str,
    /// The completed iterations or steps.
    pub position: usize,
    /// What the last good weights are still good for ("sample", "evaluate").
    pub still_usable_for: &'a str,
    /// The iteration or step a host copy of the weights allows continuing from on the CPU.
    pub continue_from: Option<usize>,
}

/// Whether `error` means the device stopped answering (a lost GPU returns read-back errors).
pub fn is_device_fault(error: &TrainError) -> bool {
    matches!(error, TrainError::Readback(_))
}

/// The problem line the page shows for `error`.
pub fn fault_message(error: &TrainError, context: &FaultContext) -> String {
    let FaultContext {
        unit,
        position,
        still_usable_for,
        continue_from,
    } = context;
    match error {
        TrainError::NonFinite(_) => format!(
            "Training diverged: {error}. The run stopped and went back to its last weights with \
             finite values ({unit} {position}), which you can still {still_usable_for}."
        ),
        TrainError::Readback(_) => match continue_from {
            Some(from) => format!(
                "The GPU stopped answering ({error}). The run stopped; your data, settings and \
                 charts are kept, and a copy of the weights of {unit} {from} can continue on the \
                 CPU."
            ),
            None => format!(
                "The device stopped answering ({error}). The run stopped; your data, settings and \
                 charts are kept. Choose \"Use the CPU only\" above and start again."
            ),
        },
        _ => format!("The run stopped: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_says_what_happened_and_what_is_kept() {
        let context = |continue_from| FaultContext {
            unit: "step",
            position: 7,
            still_usable_for: "evaluate",
            continue_from,
        };
        let diverged = fault_message(&TrainError::NonFinite("the loss"), &context(None));
        assert!(
            diverged.contains("(step 7), which you can still evaluate"),
            "{diverged}"
        );
        let lost = TrainError::Readback("device lost".into());
        assert!(is_device_fault(&lost));
        assert!(
            fault_message(&lost, &context(Some(5)))
                .contains("weights of step 5 can continue on the CPU")
        );
        assert!(fault_message(&lost, &context(None)).contains("Use the CPU only"));
        assert!(!is_device_fault(&TrainError::NeedsAutodiff));
    }
}
