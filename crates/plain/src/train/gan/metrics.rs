//! What the page charts and the CLI writes for a GAN run, as plain host values: one [`GanPoint`]
//! per report (the loss terms of Sinha et al.'s `L_D`, `L_G` and the mean D scores) and a
//! [`ScoreHistogram`] of the last D step's scores on real, generated and NDA images.

use serde::{Deserialize, Serialize};

use crate::train::TrainError;
use crate::train::csv_cells::{cells, number, optional, whole};
use crate::train::named_values::{find_named, need_named};

/// The values of one iteration, read back from the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanPoint {
    /// Completed iterations (generator steps) when this was measured.
    pub iteration: usize,
    /// Completed discriminator steps.
    pub discriminator_steps: usize,
    /// `L_D` of the last D step.
    pub d_loss: f32,
    /// Its real term, `mean(relu(1 - D(x)))`.
    pub d_loss_real: f32,
    /// Its weighted fake term, `alpha * mean(relu(1 + D(G(z))))`.
    pub d_loss_fake: f32,
    /// Its weighted NDA term, `beta * mean(relu(1 + D(x_neg)))` (0 for the baseline).
    pub d_loss_negative: f32,
    /// `L_G` of the last G step (`None` before the first one).
    pub g_loss: Option<f32>,
    /// Mean `D(x)` on the last real batch.
    pub d_real: f32,
    /// Mean `D(G(z))` on the last D step's fakes.
    pub d_fake: f32,
    /// Mean `D(x_neg)`, `None` for the baseline.
    pub d_negative: Option<f32>,
}

impl GanPoint {
    /// The CSV header matching [`GanPoint::csv_row`].
    pub const CSV_HEADER: &'static str = "iteration,discriminator_steps,d_loss,d_loss_real,d_loss_fake,d_loss_negative,g_loss,d_real,d_fake,d_negative";

    /// A point from values named as in `DiscriminatorStats::named` and `GeneratorStats::named`.
    pub fn from_named(
        iteration: usize,
        discriminator_steps: usize,
        values: &[(&'static str, f32)],
    ) -> Result<Self, TrainError> {
        let find = |name: &str| find_named(values, name);
        let need = |name: &'static str| need_named(values, name);
        Ok(Self {
            iteration,
            discriminator_steps,
            d_loss: need("d_loss")?,
            d_loss_real: need("d_loss_real")?,
            d_loss_fake: need("d_loss_fake")?,
            d_loss_negative: need("d_loss_negative")?,
            g_loss: find("g_loss"),
            d_real: need("d_real")?,
            d_fake: need("d_fake")?,
            d_negative: find("d_negative"),
        })
    }

    /// A point from one line of [`GanPoint::csv_row`].
    pub fn from_csv_row(line: &str) -> Result<Self, String> {
        let cells = cells(line, 10)?;
        Ok(Self {
            iteration: whole(cells[0])?,
            discriminator_steps: whole(cells[1])?,
            d_loss: number(cells[2])?,
            d_loss_real: number(cells[3])?,
            d_loss_fake: number(cells[4])?,
            d_loss_negative: number(cells[5])?,
            g_loss: optional(cells[6])?,
            d_real: number(cells[7])?,
            d_fake: number(cells[8])?,
            d_negative: optional(cells[9])?,
        })
    }

    /// One CSV line (no newline); absent values are empty cells.
    pub fn csv_row(&self) -> String {
        let optional =
            |value: Option<f32>| value.map(|value| value.to_string()).unwrap_or_default();
        format!(
            "{},{},{},{},{},{},{},{},{},{}",
            self.iteration,
            self.discriminator_steps,
            self.d_loss,
            self.d_loss_real,
            self.d_loss_fake,
            self.d_loss_negative,
            optional(self.g_loss),
            self.d_real,
            self.d_fake,
            optional(self.d_negative)
        )
    }
}

/// Counts of D scores in equal bins over one shared range, so the three groups can be overlaid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreHistogram {
    /// Left edge of the first bin.
    pub min: f32,
    /// Right edge of the last bin.
    pub max: f32,
    /// Counts of real-image scores per bin.
    pub real: Vec<u32>,
    /// Counts of generated-image scores per bin.
    pub fake: Vec<u32>,
    /// Counts of NDA-image scores per bin (empty for the baseline).
    pub negative: Vec<u32>,
}

impl ScoreHistogram {
    /// Bins every score of the three groups into `bins` bins spanning all of them.
    pub fn new(real: &[f32], fake: &[f32], negative: &[f32], bins: usize) -> Self {
        let bins = bins.max(1);
        let all = real.iter().chain(fake).chain(negative).copied();
        let (mut min, mut max) = all.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), value| {
            (lo.min(value), hi.max(value))
        });
        if !min.is_finite() || !max.is_finite() {
            (min, max) = (-1.0, 1.0);
        }
        if max - min < 1e-6 {
            (min, max) = (min - 0.5, max + 0.5);
        }
        let count = |values: &[f32]| {
            let mut counts = vec![0u32; bins];
            for &value in values {
                let position = ((value - min) / (max - min) * bins as f32).floor();
                let bin = (position.max(0.0) as usize).min(bins - 1);
                counts[bin] += 1;
            }
            counts
        };
        Self {
            min,
            max,
            real: count(real),
            fake: count(fake),
            negative: if negative.is_empty() {
                Vec::new()
            } else {
                count(negative)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bins_share_one_range_and_count_everything() {
        let histogram = ScoreHistogram::new(&[1.0, 2.0, 3.0], &[-1.0, -1.0], &[0.0], 4);
        assert_eq!((histogram.min, histogram.max), (-1.0, 3.0));
        assert_eq!(histogram.fake, vec![2, 0, 0, 0]);
        assert_eq!(histogram.negative, vec![0, 1, 0, 0]);
        assert_eq!(
            histogram.real,
            vec![0, 0, 1, 2],
            "the maximum falls in the last bin"
        );
        let baseline = ScoreHistogram::new(&[0.5], &[0.5], &[], 3);
        assert!(baseline.negative.is_empty());
        assert_eq!(
            baseline.real.iter().sum::<u32>(),
            1,
            "a zero-width range is widened"
        );
    }

    #[test]
    fn points_come_from_named_values_and_print_as_csv() {
        let values = [
            ("d_loss", 1.5),
            ("d_loss_real", 1.0),
            ("d_loss_fake", 0.25),
            ("d_loss_negative", 0.25),
            ("d_real", 0.5),
            ("d_fake", -0.5),
            ("g_loss", 0.5),
        ];
        let point = GanPoint::from_named(3, 12, &values).expect("complete");
        assert_eq!(point.d_negative, None);
        assert_eq!(point.csv_row(), "3,12,1.5,1,0.25,0.25,0.5,0.5,-0.5,");
        assert_eq!(
            GanPoint::CSV_HEADER.split(',').count(),
            point.csv_row().split(',').count()
        );
        assert!(GanPoint::from_named(0, 0, &values[1..]).is_err());
        assert_eq!(GanPoint::from_csv_row(&point.csv_row()), Ok(point));
        assert!(GanPoint::from_csv_row("1,2,3").is_err());
        assert!(GanPoint::from_csv_row("1,2,x,1,1,1,,1,1,").is_err());
    }
}
