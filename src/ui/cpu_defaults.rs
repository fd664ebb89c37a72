//! Settings sized for the CPU path. Without WebGPU the page's default GAN (tiny, batch 64, 500
//! iterations) takes about half an hour next to its baseline on a laptop, which no class demo
//! waits for. When the first backend is the CPU and the forms are still the page's own defaults
//! (no link, preset or file gave them), they start smaller instead, and each panel says so. A link
//! is never changed: it must reproduce its experiment.

use super::contrastive::state::ContrastiveState;
use super::gan::state::GanState;

/// GAN batch on the CPU path.
pub const CPU_GAN_BATCH: usize = 32;
/// GAN iterations on the CPU path.
pub const CPU_GAN_ITERATIONS: usize = 200;
/// Contrastive steps on the CPU path.
pub const CPU_CONTRASTIVE_STEPS: usize = 150;

/// What the GAN panel says when its form was sized for the CPU.
pub const GAN_NOTE: &str = "No WebGPU here, so the form starts at settings sized for the CPU: batch \
     32 and 200 iterations instead of 64 and 500 (a few minutes on a laptop). Change them freely.";

/// What the Contrastive panel says when its form was sized for the CPU.
pub const CONTRASTIVE_NOTE: &str = "No WebGPU here, so the form starts at settings sized for the \
     CPU: 150 steps instead of 300. Change them freely.";

/// Shrinks the GAN form to CPU-sized settings if it still holds the page's defaults; says
/// whether it did.
pub fn fit_gan(state: &mut GanState) -> bool {
    let defaults = GanState::default();
    if state.experiment != defaults.experiment || state.weights != defaults.weights {
        return false;
    }
    state.experiment.gan.batch_size = CPU_GAN_BATCH;
    state.experiment.iterations = CPU_GAN_ITERATIONS;
    true
}

/// Shortens the contrastive form to CPU-sized settings if it still holds the page's defaults;
/// says whether it did.
pub fn fit_contrastive(state: &mut ContrastiveState) -> bool {
    let defaults = ContrastiveState::default();
    if state.experiment != defaults.experiment || state.weights != defaults.weights {
        return false;
    }
    state.experiment.steps = CPU_CONTRASTIVE_STEPS;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::GallerySettings;
    use crate::ui::form_parse::SettingsForm;
    use crate::ui::gan::form::GanField;

    #[test]
    fn only_untouched_defaults_are_sized_for_the_cpu_and_the_result_is_valid() {
        let mut gan = GanState::default();
        assert!(fit_gan(&mut gan));
        assert_eq!(
            (gan.experiment.gan.batch_size, gan.experiment.iterations),
            (32, 200)
        );
        assert!(gan.experiment.validate().is_ok());
        assert!(!fit_gan(&mut gan), "once");
        let mut edited = GanState::default();
        edited.edit(GanField::BatchSize, "8", &GallerySettings::default());
        assert!(!fit_gan(&mut edited), "a form someone changed is theirs");
        assert_eq!(edited.experiment.gan.batch_size, 8);

        let mut contrastive = ContrastiveState::default();
        assert!(fit_contrastive(&mut contrastive));
        assert_eq!(contrastive.experiment.steps, 150);
        assert!(contrastive.experiment.validate().is_ok());
        assert!(!fit_contrastive(&mut contrastive));
        for note in [GAN_NOTE, CONTRASTIVE_NOTE] {
            assert!(note.contains("No WebGPU here"), "{note}");
        }
    }
}
