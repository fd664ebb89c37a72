//! Values read back from the device by name (`("d_loss", 0.69)`, ...): finding one, requiring one,
//! and refusing a non-finite one. Host data only, so the run files' metrics share them.

use super::TrainError;

/// The value named `name` among `values`, if present.
pub fn find_named(values: &[(&'static str, f32)], name: &str) -> Option<f32> {
    values
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| *value)
}

/// The value named `name` among `values`, or a read-back error naming it.
pub fn need_named(values: &[(&'static str, f32)], name: &'static str) -> Result<f32, TrainError> {
    find_named(values, name).ok_or(TrainError::Readback(format!("{name} missing")))
}

/// The first value that is NaN or infinite, as an error naming it: training diverged.
pub fn check_finite(values: &[(&'static str, f32)]) -> Result<(), TrainError> {
    match values.iter().find(|(_, value)| !value.is_finite()) {
        Some((name, _)) => Err(TrainError::NonFinite(name)),
        None => Ok(()),
    }
}

/// `values` (read back from the device) when every one is finite; otherwise the error naming
/// `what` they are: training diverged.
pub fn all_finite(values: Vec<f32>, what: &'static str) -> Result<Vec<f32>, TrainError> {
    match values.iter().all(|value| value.is_finite()) {
        true => Ok(values),
        false => Err(TrainError::NonFinite(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_finite_names_the_first_bad_value() {
        assert!(check_finite(&[("a", 1.0), ("b", -3.0)]).is_ok());
        let error = check_finite(&[("a", 1.0), ("b", f32::NAN), ("c", f32::INFINITY)]);
        assert_eq!(error, Err(TrainError::NonFinite("b")));
        assert!(check_finite(&[("c", f32::NEG_INFINITY)]).is_err());
    }
}
