//! The device side of the contrastive walk-through: what
//! [`crate::train::ContrastiveRun::explained_step`] kept, read back in two transfers.

use burn::tensor::Tensor;

use crate::data::{RgbaMosaic, mosaic_from_nchw};
use crate::train::teaching::Capture;
use crate::train::teaching::explained_query::{
    ExplainedContrastiveStep, NEAREST_QUEUE_KEYS, QUERIES_SHOWN, QueryExplained, highest, row_loss,
};
use crate::train::{ContrastiveTrace, TrainError, read_floats};

/// One explained contrastive step, still on the device.
pub struct ContrastiveCapture {
    /// Completed steps after it.
    pub step: usize,
    /// The temperature.
    pub temperature: f64,
    /// NDA views per image (m).
    pub nda_views: usize,
    /// The device's loss, `[1]`.
    pub loss: Tensor<1>,
    /// The views and logits.
    pub trace: ContrastiveTrace,
}

impl Capture for ContrastiveCapture {
    type Explained = ExplainedContrastiveStep;

    async fn read(self, label: &str) -> Result<ExplainedContrastiveStep, TrainError> {
        let [batch, channels, size, _] = self.trace.query_views.dims();
        let [_, columns] = self.trace.logits.dims();
        let views = self.nda_views;
        let queue = columns.saturating_sub(1 + views);
        let shown = batch.min(QUERIES_SHOWN);
        // The shown queries' views: queries, positives, then each NDA view.
        let mut parts = vec![self.trace.query_views.narrow(0, 0, shown)];
        parts.extend(
            (0..=views).map(|view| self.trace.key_images.clone().narrow(0, view * batch, shown)),
        );
        let pixels = read_floats(Tensor::cat(parts, 0)).await?;
        let mut images = pixels
            .chunks_exact(channels * size * size)
            .map(|image| mosaic_from_nchw(image, [1, channels, size, size], 1))
            .collect::<Result<Vec<RgbaMosaic>, _>>()
            .map_err(|error| TrainError::Readback(error.to_string()))?
            .into_iter();
        let mut groups: Vec<Vec<RgbaMosaic>> = (0..views + 2)
            .map(|_| images.by_ref().take(shown).collect())
            .collect();
        let logits = read_floats(self.trace.logits).await?;
        let loss = read_floats(self.loss)
            .await?
            .first()
            .copied()
            .unwrap_or(f32::NAN);
        let t = self.temperature as f32;
        let rows: Vec<&[f32]> = logits.chunks_exact(columns.max(1)).collect();
        let terms: Vec<(f64, f64)> = rows.iter().map(|row| row_loss(row, queue)).collect();
        let mean_loss = terms.iter().map(|(term, _)| term).sum::<f64>() / batch.max(1) as f64;
        let (queries, positives) = (
            std::mem::take(&mut groups[0]),
            std::mem::take(&mut groups[1]),
        );
        let queries = queries
            .into_iter()
            .zip(positives)
            .enumerate()
            .map(|(index, (query, positive))| {
                let row = rows[index];
                let similarity = |logit: &f32| logit * t;
                QueryExplained {
                    query,
                    positive,
                    nda: groups[2..]
                        .iter()
                        .map(|group| group[index].clone())
                        .collect(),
                    positive_similarity: similarity(&row[0]),
                    nda_similarities: row[1 + queue..].iter().map(similarity).collect(),
                    nearest_queue: highest(&row[1..1 + queue], NEAREST_QUEUE_KEYS)
                        .iter()
                        .map(similarity)
                        .collect(),
                    queue_sum: terms[index].1,
                    loss: terms[index].0,
                }
            })
            .collect();
        Ok(ExplainedContrastiveStep {
            label: label.to_string(),
            step: self.step,
            temperature: self.temperature,
            queue_size: queue,
            batch,
            queries,
            mean_loss,
            loss,
        })
    }
}
