//! The GAN panel's sentences about a run: its settings for the heading, its latest values, and
//! the file name of a grid to download.

use crate::data::RgbaMosaic;
use crate::train::{GanConfig, GanPoint};
use crate::ui::gan::state::GanState;
use crate::ui::timeline::TimelineView;

/// "α 0.25 · β 0.75 · negatives: Jigsaw ×1 · …" for a run's heading.
pub fn settings_summary(config: &GanConfig) -> String {
    let negatives = if config.uses_negatives() {
        config
            .negatives
            .iter()
            .map(|(augmentation, weight)| format!("{} ×{weight}", augmentation.kind().label()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "none".into()
    };
    format!(
        "α {} · β {} · negatives: {negatives} · {:?} model · batch {} · {} D steps per G step · lr {} · seed {}",
        config.alpha,
        config.beta,
        config.preset,
        config.batch_size,
        config.n_dis,
        config.learning_rate,
        config.seed
    )
}

/// The latest values in words, with four decimals.
pub fn latest_values(point: &GanPoint) -> String {
    let optional =
        |value: Option<f32>| value.map_or("–".to_string(), |value| format!("{value:.4}"));
    format!(
        "Iteration {}: L_D {:.4} (real {:.4} + fake {:.4} + NDA {:.4}) · L_G {} · D(real) {:.4} · D(fake) {:.4} · D(NDA) {}",
        point.iteration,
        point.d_loss,
        point.d_loss_real,
        point.d_loss_fake,
        point.d_loss_negative,
        optional(point.g_loss),
        point.d_real,
        point.d_fake,
        optional(point.d_negative)
    )
}

impl GanState {
    /// The grid of run `run` to download, with its file name: the requested samples
    /// (`samples`) or the fixed-noise grid shown (the timeline's at the slider's iteration),
    /// `None` before there is one.
    pub fn grid_file(&self, index: usize, samples: bool) -> Option<(String, RgbaMosaic)> {
        let run = self.runs.get(index)?;
        let name = run.info.label.to_lowercase();
        if samples {
            let (_, iteration, grid) = run.samples.as_ref()?;
            Some((
                format!("nda-lab-{name}-samples-iteration-{iteration}.png"),
                grid.clone(),
            ))
        } else {
            let (iteration, grid) = self.shown(index)?;
            Some((
                format!("nda-lab-{name}-fixed-noise-iteration-{iteration}.png"),
                grid,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::NegativeAugmentation;
    use crate::augment::NegativeKind;

    #[test]
    fn the_heading_names_the_objective_the_negatives_and_the_model() {
        let mut config = GanConfig {
            seed: 7,
            ..GanConfig::default()
        };
        config.negatives = vec![(NegativeAugmentation::default_for(NegativeKind::Jigsaw), 1.0)];
        let text = settings_summary(&config);
        assert!(
            text.starts_with("α 0.25 · β 0.75 · negatives: Jigsaw ×1 · "),
            "{text}"
        );
        assert!(text.ends_with("seed 7"), "{text}");
        config.beta = 0.0;
        assert!(settings_summary(&config).contains("negatives: none"));
    }

    #[test]
    fn the_latest_values_show_a_dash_for_what_was_not_measured() {
        let point = GanPoint {
            iteration: 3,
            discriminator_steps: 12,
            d_loss: 0.0,
            d_loss_real: 0.0,
            d_loss_fake: 0.0,
            d_loss_negative: 0.0,
            g_loss: None,
            d_real: 0.5,
            d_fake: -0.5,
            d_negative: None,
        };
        let text = latest_values(&point);
        assert!(text.starts_with("Iteration 3: L_D 0.0000"), "{text}");
        assert!(
            text.contains("L_G –") && text.ends_with("D(NDA) –"),
            "{text}"
        );
    }

    #[test]
    fn no_grid_no_file() {
        assert_eq!(GanState::default().grid_file(0, false), None);
    }
}
