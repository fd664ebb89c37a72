//! A short calibration: a few iterations of a small GAN and a few steps of a small contrastive
//! encoder on the current device, timed, so the page can say before Start how long the chosen
//! settings need here ([`super::cost`] scales each measured rate to any setting of its task: the
//! two differ by about 1.5× per multiply-add on a CPU, so one task's rate does not price the
//! other's). The caller passes its clock: the core never reads one.

use burn::tensor::{Device, Distribution, Tensor};

use super::gan::stats::read_floats;
use super::{ContrastiveTrainer, GanTrainer, RealBatch, TrainError};

pub use super::cost::{CALIBRATION_ITERATIONS, calibration_config, contrastive_calibration_config};

/// Trains `1 + timed` steps of [`contrastive_calibration_config`] on random images on `device`
/// (its autodiff form), reading each loss back, and returns the seconds per timed step.
pub async fn time_contrastive_calibration(
    device: &Device,
    timed: usize,
    now: impl Fn() -> f64,
) -> Result<f64, TrainError> {
    let config = contrastive_calibration_config();
    let device = device.clone().autodiff();
    let shape = [config.batch_size, 3, config.image_size, config.image_size];
    let images = Tensor::<4>::random(shape, Distribution::Uniform(-1.0, 1.0), &device);
    let mut trainer = ContrastiveTrainer::new(config, &device)?;
    time_steps(timed, now, || Ok(trainer.step(images.clone())?.loss)).await
}

/// Trains `1 + timed` iterations of [`calibration_config`] on random images on `device` (its
/// autodiff form), reading each iteration's generator loss back asynchronously so the time
/// covers the device's work, and returns the seconds per timed iteration. `now` gives
/// milliseconds.
pub async fn time_calibration(
    device: &Device,
    timed: usize,
    now: impl Fn() -> f64,
) -> Result<f64, TrainError> {
    let config = calibration_config();
    let device = device.clone().autodiff();
    let shape = [config.batch_size, 3, config.image_size, config.image_size];
    let batches: Vec<RealBatch> = (0..config.n_dis)
        .map(|_| RealBatch {
            images: Tensor::<4>::random(shape, Distribution::Uniform(-1.0, 1.0), &device),
            labels: None,
        })
        .collect();
    let mut trainer = GanTrainer::new(config, &device)?;
    time_steps(timed, now, || {
        Ok(trainer.iteration(batches.clone())?.generator.loss)
    })
    .await
}

/// Takes `1 + timed` steps with `step`, reading each step's loss back asynchronously so the time
/// covers the device's work, and returns the seconds per step after the first (which compiles a
/// GPU's kernels). `now` gives milliseconds.
async fn time_steps(
    timed: usize,
    now: impl Fn() -> f64,
    mut step: impl FnMut() -> Result<Tensor<1>, TrainError>,
) -> Result<f64, TrainError> {
    let mut started = now();
    for index in 0..=timed {
        read_floats(step()?).await?;
        if index == 0 {
            started = now();
        }
    }
    Ok((now() - started) / 1e3 / timed.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn it_times_only_the_iterations_after_the_first() {
        let calls = Cell::new(0u32);
        // Every reading of the clock moves it 250 ms on: 1 reading before, 1 after the first
        // iteration, 1 at the end.
        let clock = || {
            calls.set(calls.get() + 1);
            f64::from(calls.get()) * 250.0
        };
        let seconds = futures::executor::block_on(time_calibration(&Device::flex(), 2, clock))
            .expect("trains");
        assert_eq!(calls.get(), 3);
        assert!((seconds - 0.125).abs() < 1e-12, "{seconds}");
        calls.set(0);
        let seconds =
            futures::executor::block_on(time_contrastive_calibration(&Device::flex(), 2, clock))
                .expect("trains");
        assert_eq!(calls.get(), 3);
        assert!((seconds - 0.125).abs() < 1e-12, "{seconds}");
    }
}
