//! What the page charts and the CLI writes for a contrastive run, as plain host values: one
//! [`ContrastivePoint`] per report (InfoNCE loss, similarities to the positive key, the queue and
//! the NDA keys, instance accuracy) and one [`AccuracyPoint`] per evaluation (k-NN and
//! linear-probe accuracy of the frozen encoder on held-out images), and the whole [`Evaluation`]
//! the page draws (map, neighbours, similarity histogram).

use serde::{Deserialize, Serialize};

use crate::eval::{Projection2d, SimilarityHistogram};
use crate::train::TrainError;
use crate::train::csv_cells::{cells, number, optional, whole};
use crate::train::named_values::{find_named, need_named};

/// Neighbours shown by retrieval.
pub const NUM_NEIGHBOURS: usize = 8;
/// Bins of the similarity histogram over [-1, 1].
pub const SIMILARITY_BINS: usize = 20;

/// The values of one step, read back from the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContrastivePoint {
    /// Completed steps when this was measured.
    pub step: usize,
    /// InfoNCE loss.
    pub loss: f32,
    /// Mean cosine similarity of a query and its positive key.
    pub positive_similarity: f32,
    /// Mean cosine similarity of a query and the queue's keys.
    pub queue_similarity: f32,
    /// Mean cosine similarity of a query and its own NDA keys (`None` for the baseline).
    pub nda_similarity: Option<f32>,
    /// Fraction of queries whose positive key scores highest.
    pub instance_accuracy: f32,
}

/// Accuracy of the frozen encoder at one step; `None` where the data has no labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AccuracyPoint {
    /// Completed steps.
    pub step: usize,
    /// Weighted k-NN accuracy (k = 20, cosine).
    pub knn: Option<f64>,
    /// Linear-probe accuracy.
    pub linear: Option<f64>,
}

impl ContrastivePoint {
    /// The CSV header matching [`ContrastivePoint::csv_row`].
    pub const CSV_HEADER: &'static str =
        "step,loss,positive_similarity,queue_similarity,nda_similarity,instance_accuracy";

    /// A point from values named as in `ContrastiveStats::named`.
    pub fn from_named(step: usize, values: &[(&'static str, f32)]) -> Result<Self, TrainError> {
        let find = |name: &str| find_named(values, name);
        let need = |name: &'static str| need_named(values, name);
        Ok(Self {
            step,
            loss: need("loss")?,
            positive_similarity: need("positive_similarity")?,
            queue_similarity: need("queue_similarity")?,
            nda_similarity: find("nda_similarity"),
            instance_accuracy: need("instance_accuracy")?,
        })
    }

    /// A point from one line of [`ContrastivePoint::csv_row`].
    pub fn from_csv_row(line: &str) -> Result<Self, String> {
        let cells = cells(line, 6)?;
        Ok(Self {
            step: whole(cells[0])?,
            loss: number(cells[1])?,
            positive_similarity: number(cells[2])?,
            queue_similarity: number(cells[3])?,
            nda_similarity: optional(cells[4])?,
            instance_accuracy: number(cells[5])?,
        })
    }

    /// One CSV line (no newline); a missing value is an empty cell.
    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{},{},{},{}",
            self.step,
            self.loss,
            self.positive_similarity,
            self.queue_similarity,
            optional_cell(self.nda_similarity.map(f64::from)),
            self.instance_accuracy
        )
    }
}

impl AccuracyPoint {
    /// The CSV header matching [`AccuracyPoint::csv_row`].
    pub const CSV_HEADER: &'static str = "step,knn_accuracy,linear_probe_accuracy";

    /// A point from one line of [`AccuracyPoint::csv_row`].
    pub fn from_csv_row(line: &str) -> Result<Self, String> {
        let cells = cells(line, 3)?;
        Ok(Self {
            step: whole(cells[0])?,
            knn: optional(cells[1])?,
            linear: optional(cells[2])?,
        })
    }

    /// One CSV line (no newline); a missing value is an empty cell.
    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{}",
            self.step,
            optional_cell(self.knn),
            optional_cell(self.linear)
        )
    }
}

fn optional_cell(value: Option<f64>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// One evaluation of the frozen encoder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Completed steps.
    pub step: usize,
    /// k-NN accuracy on the held-out images.
    pub knn_accuracy: Option<f64>,
    /// Linear-probe accuracy on the held-out images.
    pub linear_accuracy: Option<f64>,
    /// PCA map of the held-out features, one point per held-out image.
    pub map: Projection2d,
    /// For each held-out image, its nearest held-out images (index, cosine), best first.
    pub neighbours: Vec<Vec<(usize, f32)>>,
    /// Similarities to positive and NDA views.
    pub similarity: Option<SimilarityHistogram>,
}

impl Evaluation {
    /// The held-out map as `x,y,label` lines (a header first; an empty label where the image
    /// has none), `labels` being the held-out images' labels.
    pub fn map_csv(&self, labels: &[Option<u32>]) -> String {
        let mut map = String::from("x,y,label\n");
        for (point, label) in self.map.points.iter().zip(labels) {
            let label = label.map(|label| label.to_string()).unwrap_or_default();
            map.push_str(&format!("{},{},{label}\n", point[0], point[1]));
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_from_named_values_and_csv_rows() {
        let values = [
            ("loss", 5.5),
            ("positive_similarity", 0.9),
            ("queue_similarity", 0.1),
            ("instance_accuracy", 0.25),
        ];
        let point = ContrastivePoint::from_named(3, &values).expect("complete");
        assert_eq!(point.nda_similarity, None);
        assert_eq!(point.csv_row(), "3,5.5,0.9,0.1,,0.25");
        assert_eq!(ContrastivePoint::from_csv_row(&point.csv_row()), Ok(point));
        assert!(
            ContrastivePoint::from_csv_row("3,5.5,x,0.1,,0.25").is_err_and(|e| e.contains("“x”"))
        );
        assert!(ContrastivePoint::from_named(3, &values[1..]).is_err());
        let accuracy = AccuracyPoint {
            step: 100,
            knn: Some(0.5),
            linear: None,
        };
        assert_eq!(accuracy.csv_row(), "100,0.5,");
        assert_eq!(AccuracyPoint::from_csv_row("100,0.5,"), Ok(accuracy));
        assert!(AccuracyPoint::from_csv_row("100,0.5").is_err());
    }
}
