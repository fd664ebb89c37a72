//! The fallback of a diverging run, shared by the GAN and the contrastive run: the newest trainer
//! state whose reported values were all finite. A report that finds a NaN or infinity puts that
//! state back, so the run can still be sampled, evaluated and exported.

use burn::tensor::Tensor;

use super::TrainError;
use super::gan::stats::read_named;
use super::named_values::check_finite;

/// The last trainer state that reported only finite values.
pub(crate) struct LastGood<T>(Option<Box<T>>);

impl<T> Default for LastGood<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T: Clone> LastGood<T> {
    /// Reads the `named` values of `trainer`'s latest step (one transfer). Finite values make
    /// `trainer` the last good state; a NaN or infinity puts the last good state back into
    /// `trainer` (when there is one) and returns the error naming the value.
    pub(crate) async fn read_checked(
        &mut self,
        trainer: &mut T,
        named: Vec<(&'static str, Tensor<1>)>,
    ) -> Result<Vec<(&'static str, f32)>, TrainError> {
        let candidate = trainer.clone();
        let values = read_named(named).await?;
        if let Err(error) = check_finite(&values) {
            if let Some(good) = &self.0 {
                *trainer = (**good).clone();
            }
            return Err(error);
        }
        self.0 = Some(Box::new(candidate));
        Ok(values)
    }

    /// The last good state, if a report found one.
    pub(crate) fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData};
    use futures::executor::block_on;

    fn value(value: f32) -> Vec<(&'static str, Tensor<1>)> {
        let tensor = Tensor::from_data(TensorData::new(vec![value], [1]), &Device::flex());
        vec![("loss", tensor)]
    }

    #[test]
    fn finite_values_keep_the_state_and_a_nan_puts_the_last_good_one_back() {
        let mut last_good = LastGood::default();
        let mut trainer = 1_u32;
        let error = block_on(last_good.read_checked(&mut trainer, value(f32::NAN)));
        assert_eq!(error, Err(TrainError::NonFinite("loss")));
        assert_eq!(trainer, 1, "nothing to go back to yet");
        let values = block_on(last_good.read_checked(&mut trainer, value(0.5))).expect("finite");
        assert_eq!(values, vec![("loss", 0.5)]);
        assert_eq!(last_good.get(), Some(&1));
        trainer = 2;
        let error = block_on(last_good.read_checked(&mut trainer, value(f32::INFINITY)));
        assert!(error.is_err());
        assert_eq!(trainer, 1, "back to the last good state");
    }
}
