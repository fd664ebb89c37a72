//! Tests of precision, recall, density and coverage: a hand-computed case, identical sets, two
//! samples of one distribution against Naeem et al.'s expectations, disjoint sets, mode collapse,
//! and the refusals.

use super::super::test_samples::gaussian;
use super::*;

fn features(values: &[f32], dim: usize) -> Features {
    Features::new(values.to_vec(), dim).expect("valid")
}

fn with_k(k: usize) -> PrdcSettings {
    PrdcSettings { k }
}

/// 1-D, k = 1. Real {0, 1, 3, 20} have radii 1, 1, 2, 17; fake {0.4, 2.6, 10, 1.9} have radii 1.5,
/// 0.7, 7.4, 0.7.
/// - Precision 4/4: 0.4 is in ball(0), 2.6 in ball(3), 10 in ball(20) (10 < 17: the outlier's
///   huge ball), 1.9 in ball(1).
/// - Recall 3/4: 0 and 1 are in ball(0.4) (0.4, 0.6 < 1.5), 3 in ball(2.6) (0.4 < 0.7); 20 is in
///   no fake ball (10 > 7.4 from 10).
/// - Density 6 / (1 · 4) = 1.5: 0.4 is in ball(0) and ball(1), 2.6 in ball(3) only (17.4 > 17
///   from 20), 10 in ball(20), 1.9 in ball(1) and ball(3) (1.1 < 2): 2 + 1 + 1 + 2 = 6.
/// - Coverage 4/4: every real ball holds a fake (0.4, 0.4, 2.6, 10).
#[test]
fn hand_computed_one_dimensional_case() {
    let real = features(&[0.0, 1.0, 3.0, 20.0], 1);
    let fake = features(&[0.4, 2.6, 10.0, 1.9], 1);
    assert_eq!(
        prdc(&real, &fake, with_k(1)),
        Ok(PrdcResult {
            precision: 1.0,
            recall: 0.75,
            density: 1.5,
            coverage: 1.0
        })
    );
}

/// A fake row equal to real row i lies inside ball(i) (distance 0) and, with strict insides and no
/// distance ties, inside exactly k − 1 other real balls summed over all rows: Σ_i (1 + k − 1) = kN,
/// so density is exactly 1 (with "≤" it would be (k + 1) / k).
#[test]
fn identical_sets_score_exactly_one() {
    let set = gaussian(200, 4, 0.0, 1);
    let expected = PrdcResult {
        precision: 1.0,
        recall: 1.0,
        density: 1.0,
        coverage: 1.0,
    };
    assert_eq!(prdc(&set, &set, PrdcSettings::default()), Ok(expected));
    assert_eq!(prdc(&set, &set, with_k(3)), Ok(expected));
}

/// Two samples of N(0, I) in 4-D, 1,000 rows each: density near 1 (Naeem et al., Sec. 4) and
/// coverage near its expectation 1 − Π_{i=1..k} (N − i) / (2N − i) = 0.9690 for k = 5 (≈ 1 − 2^−5).
#[test]
fn two_samples_of_one_distribution() {
    let real = gaussian(1000, 4, 0.0, 2);
    let fake = gaussian(1000, 4, 0.0, 3);
    let result = prdc(&real, &fake, PrdcSettings::default()).expect("valid");
    let expected_coverage = 1.0
        - (1..=5)
            .map(|i| (1000.0 - i as f64) / (2000.0 - i as f64))
            .product::<f64>();
    assert!((expected_coverage - 0.969).abs() < 1e-3);
    assert!((result.density - 1.0).abs() < 0.1, "{result:?}");
    assert!(
        (result.coverage - expected_coverage).abs() < 0.02,
        "{result:?}"
    );
    assert!(result.precision > 0.9 && result.recall > 0.9, "{result:?}");
}

#[test]
fn far_apart_sets_score_zero() {
    let real = gaussian(100, 3, 0.0, 4);
    let fake = gaussian(100, 3, 100.0, 5);
    assert_eq!(
        prdc(&real, &fake, PrdcSettings::default()),
        Ok(PrdcResult {
            precision: 0.0,
            recall: 0.0,
            density: 0.0,
            coverage: 0.0
        })
    );
}

/// Every fake row is a copy of real row 0: all lie in ball(0), so precision is 1; the fake radii are
/// 0, so no real row is inside a fake ball (recall 0). With c the number of real balls around row 0,
/// density = c / k and coverage = c / N: the collapse covers almost nothing.
#[test]
fn a_collapsed_fake_set_is_precise_but_covers_little() {
    let real = gaussian(200, 4, 0.0, 6);
    let copies: Vec<f32> = real.row(0).repeat(50);
    let fake = features(&copies, 4);
    let result = prdc(&real, &fake, PrdcSettings::default()).expect("valid");
    assert_eq!((result.precision, result.recall), (1.0, 0.0));
    let balls_around_row_0 = result.coverage * 200.0;
    assert!(
        (balls_around_row_0 - result.density * 5.0).abs() < 1e-9,
        "{result:?}"
    );
    assert!(
        balls_around_row_0 >= 1.0 && result.coverage <= 0.1,
        "{result:?}"
    );
}

#[test]
fn kth_neighbour_radii_exclude_the_row_and_count_duplicates() {
    // Rows 0, 1 and 3 in 1-D with a duplicate of 0: row 0's first neighbour is its copy (0), its
    // second is 1 (squared 1); row 3's nearest is 1 (squared 4).
    let set = features(&[0.0, 0.0, 1.0, 3.0], 1);
    assert_eq!(
        kth_neighbour_squared_distances(&set, 1),
        vec![0.0, 0.0, 1.0, 4.0]
    );
    assert_eq!(
        kth_neighbour_squared_distances(&set, 2),
        vec![1.0, 1.0, 1.0, 9.0]
    );
    assert_eq!(
        squared_distance(&[1.0, 2.0, 3.0, 4.0, 5.0], &[0.0; 5]),
        55.0
    );
}

#[test]
fn refuses_bad_input() {
    let six = features(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 1);
    let five = features(&[0.0, 1.0, 2.0, 3.0, 4.0], 1);
    assert_eq!(prdc(&six, &six, with_k(0)), Err(EvalError::ZeroK));
    assert_eq!(
        prdc(&six, &five, PrdcSettings::default()),
        Err(EvalError::TooFewSamples {
            what: "fake set",
            found: 5,
            required: 6
        })
    );
    assert!(prdc(&five, &six, with_k(4)).is_ok());
    assert!(matches!(
        prdc(&six, &features(&[0.0; 12], 2), with_k(1)),
        Err(EvalError::DimensionMismatch { .. })
    ));
    let bad = Features {
        values: vec![0.0, 1.0, f32::NAN],
        dim: 1,
    };
    assert_eq!(
        prdc(&six, &bad, with_k(1)),
        Err(EvalError::NonFinite { row: 2, column: 0 })
    );
}
