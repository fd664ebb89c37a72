//! The device side of "Explain one step" for the video task: the step the run would take next,
//! taken as usual, with its first clips, their NDA clips and its logits kept on the device
//! ([`VideoCapture`]) and read back afterwards in three transfers. Taking it draws exactly what
//! a plain step draws, so an explained step changes nothing in training.

use burn::tensor::{Device, Tensor};

use super::trainer::{VideoStats, VideoTrainer};
use crate::data::video::ClipSet;
use crate::data::{RgbaMosaic, mosaic_from_nchw};
use crate::train::teaching::Capture;
use crate::train::video::{CLIPS_SHOWN, ClipExplained, ExplainedVideoStep, explain_rows};
use crate::train::{TrainError, read_floats};

/// One explained video step, still on the device.
pub struct VideoCapture {
    /// Completed steps after it.
    pub step: usize,
    /// The temperature.
    pub temperature: f64,
    /// Which NDA clips, with their reasons.
    pub negatives: Vec<(String, String)>,
    /// Clips in the batch.
    pub batch: usize,
    /// The first clips, `[k, 3T, S, S]`.
    pub real: Tensor<4>,
    /// Their NDA clips, view-major `[m·k, 3T, S, S]` (`None` for the baseline).
    pub nda: Option<Tensor<4>>,
    /// The step's logits, `[N, N + m]`.
    pub logits: Tensor<2>,
    /// The device's loss, `[1]`.
    pub loss: Tensor<1>,
}

impl VideoTrainer {
    /// [`VideoTrainer::step`], keeping what the walk-through shows.
    pub fn explained_step(
        &mut self,
        clips: &ClipSet,
        indices: &[usize],
        device: &Device,
    ) -> Result<(VideoStats, VideoCapture), TrainError> {
        let (real, nda) = self.draw_batch(clips, indices, device)?;
        let batch = indices.len();
        let shown = batch.min(CLIPS_SHOWN);
        let views = nda.as_ref().map_or(0, |nda| nda.dims()[0] / batch.max(1));
        let shown_nda = nda.as_ref().map(|nda| {
            Tensor::cat(
                (0..views)
                    .map(|view| nda.clone().narrow(0, view * batch, shown))
                    .collect(),
                0,
            )
        });
        let shown_real = real.clone().narrow(0, 0, shown);
        let (stats, logits) = self.step_traced(real, nda)?;
        let config = self.config();
        let negatives = if views == 0 {
            Vec::new()
        } else {
            config
                .negatives
                .iter()
                .map(|(kind, _)| (kind.label().to_string(), kind.reason().to_string()))
                .collect()
        };
        let capture = VideoCapture {
            step: self.step,
            temperature: config.temperature,
            negatives,
            batch,
            real: shown_real,
            nda: shown_nda,
            logits,
            loss: stats.loss.clone(),
        };
        Ok((stats, capture))
    }
}

impl Capture for VideoCapture {
    type Explained = ExplainedVideoStep;

    async fn read(self, label: &str) -> Result<ExplainedVideoStep, TrainError> {
        let [shown, channels, size, _] = self.real.dims();
        let frames = channels / 3;
        let [rows, columns] = self.logits.dims();
        let views = columns - rows;
        let mut parts = vec![self.real];
        parts.extend(self.nda);
        let pixels = read_floats(Tensor::cat(parts, 0)).await?;
        let strips = pixels
            .chunks_exact(channels * size * size)
            .map(|clip| mosaic_from_nchw(clip, [frames, 3, size, size], frames))
            .collect::<Result<Vec<RgbaMosaic>, _>>()
            .map_err(|error| TrainError::Readback(error.to_string()))?;
        let logits = read_floats(self.logits).await?;
        let loss = read_floats(self.loss)
            .await?
            .first()
            .copied()
            .unwrap_or(f32::NAN);
        let rows_per_clip = rows / self.batch.max(1);
        let (numbers, mean_loss) =
            explain_rows(&logits, rows, views, rows_per_clip, shown, self.temperature);
        let clips = numbers
            .into_iter()
            .enumerate()
            .map(|(index, numbers)| ClipExplained {
                frames: strips[index].clone(),
                // The NDA strips follow the real ones, view-major.
                nda: (0..views)
                    .filter_map(|view| strips.get(shown * (1 + view) + index).cloned())
                    .collect(),
                numbers,
            })
            .collect();
        Ok(ExplainedVideoStep {
            label: label.to_string(),
            step: self.step,
            temperature: self.temperature,
            batch: self.batch,
            rows_per_clip,
            negatives: self.negatives,
            clips,
            mean_loss,
            loss,
        })
    }
}
