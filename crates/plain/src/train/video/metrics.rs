//! What a video run reports, as plain host values: one [`VideoPoint`] per step (the predictive
//! InfoNCE loss, the similarity of each prediction to its true block, to the other blocks and to
//! its NDA clip's blocks, and how often the true block wins) and one [`VideoEvaluation`] per
//! evaluation of the frozen encoder: motion recognition on held-out clips, the same probes on one
//! frame (the appearance-only control) and the anomaly AUROC of each kind of broken clip.

use serde::{Deserialize, Serialize};

use crate::augment::video::TemporalNegative;
use crate::train::TrainError;
use crate::train::csv_cells::{cells, number, optional, whole};
use crate::train::evaluation::MetricRow;
use crate::train::named_values::{find_named, need_named};

/// The broken clips the anomaly benchmark scores against real ones, the control last.
pub const ANOMALY_KINDS: [TemporalNegative; 3] = [
    TemporalNegative::FrameShuffle,
    TemporalNegative::Frozen,
    TemporalNegative::Reverse,
];

/// The values of one step, read back from the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoPoint {
    /// Completed steps when this was measured.
    pub step: usize,
    /// InfoNCE loss of the predicted blocks.
    pub loss: f32,
    /// Mean cosine similarity of a prediction and its true block.
    pub positive_similarity: f32,
    /// Mean cosine similarity of a prediction and the batch's other blocks.
    pub negative_similarity: f32,
    /// Mean cosine similarity of a prediction and its NDA clip's block (`None` for the baseline).
    pub nda_similarity: Option<f32>,
    /// Fraction of predictions whose true block scores highest.
    pub prediction_accuracy: f32,
}

impl VideoPoint {
    /// The CSV header matching [`VideoPoint::csv_row`].
    pub const CSV_HEADER: &'static str =
        "step,loss,positive_similarity,negative_similarity,nda_similarity,prediction_accuracy";

    /// A point from values named as in the trainer's `VideoStats::named`.
    pub fn from_named(step: usize, values: &[(&'static str, f32)]) -> Result<Self, TrainError> {
        let need = |name: &'static str| need_named(values, name);
        Ok(Self {
            step,
            loss: need("loss")?,
            positive_similarity: need("positive_similarity")?,
            negative_similarity: need("negative_similarity")?,
            nda_similarity: find_named(values, "nda_similarity"),
            prediction_accuracy: need("prediction_accuracy")?,
        })
    }

    /// A point from one line of [`VideoPoint::csv_row`].
    pub fn from_csv_row(line: &str) -> Result<Self, String> {
        let cells = cells(line, 6)?;
        Ok(Self {
            step: whole(cells[0])?,
            loss: number(cells[1])?,
            positive_similarity: number(cells[2])?,
            negative_similarity: number(cells[3])?,
            nda_similarity: optional(cells[4])?,
            prediction_accuracy: number(cells[5])?,
        })
    }

    /// One CSV line (no newline); a missing value is an empty cell.
    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{},{},{},{}",
            self.step,
            self.loss,
            self.positive_similarity,
            self.negative_similarity,
            self.nda_similarity
                .map(|value| value.to_string())
                .unwrap_or_default(),
            self.prediction_accuracy
        )
    }
}

/// One evaluation of the frozen clip encoder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoEvaluation {
    /// Completed steps.
    pub step: usize,
    /// Weighted k-NN accuracy of the motion label on held-out clips (clip features).
    pub motion_knn: f64,
    /// Linear-probe accuracy of the motion label on held-out clips.
    pub motion_linear: f64,
    /// k-NN accuracy on one frame's features (its block a still of that frame): what appearance
    /// alone tells.
    pub appearance_knn: f64,
    /// Linear-probe accuracy on one frame's features.
    pub appearance_linear: f64,
    /// AUROC of the predictive score, real clips against each kind of [`ANOMALY_KINDS`], in
    /// that order.
    pub anomaly_auroc: Vec<(TemporalNegative, f64)>,
}

impl VideoEvaluation {
    /// The CSV header matching [`VideoEvaluation::csv_row`].
    pub fn csv_header() -> String {
        let mut header = String::from(
            "step,motion_knn,motion_linear_probe,appearance_knn,appearance_linear_probe",
        );
        for kind in ANOMALY_KINDS {
            header.push_str(&format!(",auroc_{}", kind.slug().replace('-', "_")));
        }
        header
    }

    /// One CSV line (no newline).
    pub fn csv_row(&self) -> String {
        let mut row = format!(
            "{},{},{},{},{}",
            self.step,
            self.motion_knn,
            self.motion_linear,
            self.appearance_knn,
            self.appearance_linear
        );
        for kind in ANOMALY_KINDS {
            let value = self.auroc(kind).map(|v| v.to_string()).unwrap_or_default();
            row.push(',');
            row.push_str(&value);
        }
        row
    }

    /// An evaluation from one line of [`VideoEvaluation::csv_row`].
    pub fn from_csv_row(line: &str) -> Result<Self, String> {
        let cells = cells(line, 5 + ANOMALY_KINDS.len())?;
        let mut anomaly_auroc = Vec::new();
        for (kind, cell) in ANOMALY_KINDS.iter().zip(&cells[5..]) {
            if let Some(value) = optional(cell)? {
                anomaly_auroc.push((*kind, value));
            }
        }
        Ok(Self {
            step: whole(cells[0])?,
            motion_knn: number(cells[1])?,
            motion_linear: number(cells[2])?,
            appearance_knn: number(cells[3])?,
            appearance_linear: number(cells[4])?,
            anomaly_auroc,
        })
    }

    /// Its values as the rows a study compares, named as the CSV's columns.
    pub fn metric_rows(&self) -> Vec<MetricRow> {
        let header = Self::csv_header();
        let names = header.split(',').skip(1);
        let mut values = vec![
            Some(self.motion_knn),
            Some(self.motion_linear),
            Some(self.appearance_knn),
            Some(self.appearance_linear),
        ];
        values.extend(ANOMALY_KINDS.iter().map(|&kind| self.auroc(kind)));
        names
            .zip(values)
            .filter_map(|(metric, value)| {
                value.map(|value| MetricRow {
                    iteration: self.step,
                    metric: metric.to_string(),
                    value,
                    sd: None,
                })
            })
            .collect()
    }

    /// The AUROC of `kind`, where it was measured.
    pub fn auroc(&self, kind: TemporalNegative) -> Option<f64> {
        self.anomaly_auroc
            .iter()
            .find(|(measured, _)| *measured == kind)
            .map(|(_, value)| *value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_evaluations_as_csv() {
        let values = [
            ("loss", 3.5),
            ("positive_similarity", 0.8),
            ("negative_similarity", 0.1),
            ("prediction_accuracy", 0.5),
        ];
        let point = VideoPoint::from_named(4, &values).expect("complete");
        assert_eq!(point.csv_row(), "4,3.5,0.8,0.1,,0.5");
        assert_eq!(VideoPoint::from_csv_row(&point.csv_row()), Ok(point));
        assert!(VideoPoint::from_named(4, &values[1..]).is_err());
        let evaluation = VideoEvaluation {
            step: 10,
            motion_knn: 0.5,
            motion_linear: 0.25,
            appearance_knn: 0.125,
            appearance_linear: 0.125,
            anomaly_auroc: vec![(TemporalNegative::FrameShuffle, 0.75)],
        };
        assert_eq!(
            VideoEvaluation::csv_header(),
            "step,motion_knn,motion_linear_probe,appearance_knn,appearance_linear_probe,\
             auroc_frame_shuffle,auroc_frozen,auroc_reverse"
        );
        assert_eq!(evaluation.csv_row(), "10,0.5,0.25,0.125,0.125,0.75,,");
        assert_eq!(evaluation.auroc(TemporalNegative::Frozen), None);
        assert_eq!(
            VideoEvaluation::from_csv_row(&evaluation.csv_row()),
            Ok(evaluation.clone())
        );
        let rows = evaluation.metric_rows();
        let names: Vec<&str> = rows.iter().map(|row| row.metric.as_str()).collect();
        assert_eq!(
            names,
            [
                "motion_knn",
                "motion_linear_probe",
                "appearance_knn",
                "appearance_linear_probe",
                "auroc_frame_shuffle"
            ]
        );
        assert_eq!((rows[1].value, rows[4].value), (0.25, 0.75));
    }
}
