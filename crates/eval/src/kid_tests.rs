//! Tests of KID: exact hand-computed cases, unbiasedness on one distribution, growth with a shift,
//! determinism, and the refusals.

use super::super::test_samples::gaussian;
use super::*;

fn features(values: &[f32], dim: usize) -> Features {
    Features::new(values.to_vec(), dim).expect("valid")
}

fn settings(num_subsets: usize, subset_size: usize, seed: u64) -> KidSettings {
    KidSettings {
        num_subsets,
        subset_size,
        seed,
    }
}

/// 1-D, k(x, y) = (xy + 1)^3. Real {0, 1}: k(0, 1) = 1, so the real term is 2·1 / (2·1) = 1.
/// Fake {1, 2}: k(1, 2) = 27, the fake term 27. Across: k(0,1) + k(0,2) + k(1,1) + k(1,2) =
/// 1 + 1 + 8 + 27 = 37, the cross term 2·37 / 4 = 18.5. MMD² = 1 + 27 − 18.5 = 9.5 in every
/// subset (each is all the points), so the spread is 0. The subset size is clipped from 1000 to 2.
#[test]
fn hand_computed_one_dimensional_case() {
    let real = features(&[0.0, 1.0], 1);
    let fake = features(&[1.0, 2.0], 1);
    let result = kid(&real, &fake, settings(3, 1000, 7)).expect("valid");
    assert_eq!(
        result,
        KidResult {
            mean: 9.5,
            std: 0.0,
            num_subsets: 3,
            subset_size: 2
        }
    );
}

/// 2-D, k(x, y) = (x·y / 2 + 1)^3. Real {(0,0), (2,0)}: k = 1, real term 1. Fake {(0,2), (2,2)}:
/// x·y = 4, k = 27, fake term 27. Across: (0,0) with both fakes 1 + 1; (2,0)·(0,2) = 0 gives 1;
/// (2,0)·(2,2) = 4 gives 27; sum 30, cross term 2·30 / 4 = 15. MMD² = 1 + 27 − 15 = 13.
/// The diagonal copy of the 1-D case, (t, t), gives 9.5 again: the kernel divides by d.
#[test]
fn hand_computed_two_dimensional_cases() {
    let real = features(&[0.0, 0.0, 2.0, 0.0], 2);
    let fake = features(&[0.0, 2.0, 2.0, 2.0], 2);
    let result = kid(&real, &fake, settings(1, 2, 0)).expect("valid");
    assert_eq!((result.mean, result.std), (13.0, 0.0));
    let real = features(&[0.0, 0.0, 1.0, 1.0], 2);
    let fake = features(&[1.0, 1.0, 2.0, 2.0], 2);
    assert_eq!(
        kid(&real, &fake, settings(1, 2, 0)).map(|r| r.mean),
        Ok(9.5)
    );
}

/// Fake = real = {0, 1} in 1-D: off-diagonal sums 2 on each side, across sum k(0,0) + 2 k(0,1) +
/// k(1,1) = 1 + 2 + 8 = 11. MMD² = 1 + 1 − 2·11 / 4 = −3.5: the unbiased estimate leaves out the
/// diagonal, so copying the real set is not rewarded, and it goes below zero.
#[test]
fn identical_sets_can_score_below_zero() {
    let points = features(&[0.0, 1.0], 1);
    assert_eq!(
        kid(&points, &points, settings(2, 2, 0)).map(|r| r.mean),
        Ok(-3.5)
    );
}

/// Two independent samples of N(0, I) in 4-D: the mean over subsets lies within 3 of its standard
/// errors (std / sqrt(num_subsets)) of 0. The biased estimator (diagonal kept) would sit near
/// 2 (E k(x,x) − E k(x,y)) / m = 2 (11.5 − 1.75) / 200 ≈ 0.1 here (E k(x,x) = E (1 + u)^3 with
/// u = χ²₄ / 4: 1 + 3 + 4.5 + 3), far outside that band.
#[test]
fn same_distribution_averages_to_zero() {
    let real = gaussian(600, 4, 0.0, 1);
    let fake = gaussian(600, 4, 0.0, 2);
    let result = kid(&real, &fake, settings(50, 200, 3)).expect("valid");
    let standard_error = result.std / (result.num_subsets as f64).sqrt();
    assert!(result.std > 0.0);
    assert!(
        result.mean.abs() < 3.0 * standard_error,
        "mean {} vs standard error {standard_error}",
        result.mean
    );
    assert!(3.0 * standard_error < 0.05, "{standard_error}");
}

/// Shifting the fake set's mean by 0, 0.5, 1 and 2 in every coordinate raises KID each time.
#[test]
fn grows_with_a_mean_shift() {
    let real = gaussian(300, 4, 0.0, 10);
    let means: Vec<f64> = [0.0, 0.5, 1.0, 2.0]
        .iter()
        .map(|&shift| {
            let fake = gaussian(300, 4, shift, 11);
            kid(&real, &fake, settings(20, 150, 12))
                .expect("valid")
                .mean
        })
        .collect();
    assert!(means.windows(2).all(|pair| pair[0] < pair[1]), "{means:?}");
    assert!(means[0].abs() < 0.05 && means[1] > 0.1, "{means:?}");
}

#[test]
fn same_seed_same_result_other_seed_other_subsets() {
    let real = gaussian(300, 3, 0.0, 20);
    let fake = gaussian(300, 3, 0.3, 21);
    let first = kid(&real, &fake, settings(10, 50, 5)).expect("valid");
    assert_eq!(kid(&real, &fake, settings(10, 50, 5)), Ok(first));
    let other = kid(&real, &fake, settings(10, 50, 6)).expect("valid");
    assert_ne!(first.mean, other.mean);
}

/// The kernel computed per subset gives the same bits as the cached kernel: same values, same
/// summation order.
#[test]
fn uncached_kernel_matches_the_cache() {
    let real = gaussian(60, 5, 0.0, 30);
    let fake = gaussian(40, 5, 0.2, 31);
    let options = settings(7, 30, 1);
    let cached = kid_with_cache_limit(&real, &fake, options, usize::MAX);
    assert_eq!(kid_with_cache_limit(&real, &fake, options, 0), cached);
    assert_eq!(kid(&real, &fake, options), cached);
}

#[test]
fn one_subset_has_zero_spread_and_std_uses_n_minus_one() {
    assert_eq!(mean_and_sample_std(&[2.5]), (2.5, 0.0));
    // Mean 2, squared deviations 1 + 0 + 1 = 2, divided by 2: variance 1.
    assert_eq!(mean_and_sample_std(&[1.0, 2.0, 3.0]), (2.0, 1.0));
}

#[test]
fn refuses_bad_input() {
    let two = features(&[0.0, 1.0], 1);
    let one = features(&[0.0], 1);
    assert_eq!(
        kid(&one, &two, KidSettings::default()),
        Err(EvalError::TooFewSamples {
            what: "real set",
            found: 1,
            required: 2
        })
    );
    assert_eq!(
        kid(&two, &one, KidSettings::default()),
        Err(EvalError::TooFewSamples {
            what: "fake set",
            found: 1,
            required: 2
        })
    );
    let wide = features(&[0.0; 4], 2);
    assert_eq!(
        kid(&two, &wide, KidSettings::default()),
        Err(EvalError::DimensionMismatch {
            what: "fake",
            expected: 1,
            found: 2
        })
    );
    let bad = Features {
        values: vec![0.0, f32::NAN],
        dim: 1,
    };
    assert_eq!(
        kid(&two, &bad, KidSettings::default()),
        Err(EvalError::NonFinite { row: 1, column: 0 })
    );
    assert!(kid(&two, &two, settings(0, 2, 0)).is_err());
    assert!(kid(&two, &two, settings(1, 1, 0)).is_err());
}
