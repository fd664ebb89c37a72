//! Tests of AUROC, the ROC curve and the Hanley–McNeil standard error: exact separated, reversed,
//! tied and hand-computed cases, area under the curve against AUROC, and the refusals.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::*;

/// Trapezoidal area under ROC points.
fn area(points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|pair| (pair[1].0 - pair[0].0) * (pair[0].1 + pair[1].1) / 2.0)
        .sum()
}

#[test]
fn separated_scores_give_one_and_reversed_give_zero() {
    let high = [3.0, 2.5, 4.0];
    let low = [1.0, -2.0, 0.0, 2.0];
    assert_eq!(auroc(&high, &low), Ok(1.0));
    assert_eq!(auroc(&low, &high), Ok(0.0));
    assert_eq!(
        roc_curve(&high, &low),
        Ok(vec![
            (0.0, 0.0),
            (0.0, 1.0 / 3.0),
            (0.0, 2.0 / 3.0),
            (0.0, 1.0),
            (0.25, 1.0),
            (0.5, 1.0),
            (0.75, 1.0),
            (1.0, 1.0)
        ])
    );
}

/// Every score equal: each pair ties and counts 1/2; the curve is the diagonal in one step. `-0.0`
/// and `0.0` are the same score.
#[test]
fn all_ties_give_one_half() {
    assert_eq!(auroc(&[0.0, -0.0, 0.0], &[-0.0, 0.0]), Ok(0.5));
    assert_eq!(
        roc_curve(&[0.7; 4], &[0.7; 3]),
        Ok(vec![(0.0, 0.0), (1.0, 1.0)])
    );
}

/// In {0.9, 0.8, 0.4} vs out {0.8, 0.3}: of the six pairs, 0.9 beats both (2), 0.8 ties 0.8 (1/2)
/// and beats 0.3 (1), 0.4 loses to 0.8 (0) and beats 0.3 (1): 4.5 / 6 = 0.75. Thresholds 0.9, 0.8,
/// 0.4, 0.3 give the points (0, 1/3), (1/2, 2/3), (1/2, 1), (1, 1).
#[test]
fn hand_computed_case_with_a_tie() {
    let in_scores = [0.9, 0.8, 0.4];
    let out_scores = [0.8, 0.3];
    assert_eq!(auroc(&in_scores, &out_scores), Ok(0.75));
    let points = roc_curve(&in_scores, &out_scores).expect("valid");
    assert_eq!(
        points,
        vec![
            (0.0, 0.0),
            (0.0, 1.0 / 3.0),
            (0.5, 2.0 / 3.0),
            (0.5, 1.0),
            (1.0, 1.0)
        ]
    );
    assert_eq!(area(&points), 0.75);
    assert_eq!(auroc(&out_scores, &in_scores), Ok(0.25));
}

/// Random overlapping scores on a coarse grid (many ties): the trapezoidal area under the curve is
/// AUROC, the pair count by brute force is AUROC, and swapping the lists gives 1 − AUROC.
#[test]
fn area_under_the_curve_is_auroc_on_random_scores() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut draw = |count: usize, offset: i32| -> Vec<f32> {
        (0..count)
            .map(|_| (rng.random_range(0..40) + offset) as f32 / 8.0)
            .collect()
    };
    let in_scores = draw(300, 10);
    let out_scores = draw(200, 0);
    let value = auroc(&in_scores, &out_scores).expect("valid");
    let mut wins = 0.0;
    for &a in &in_scores {
        for &b in &out_scores {
            wins += if a > b {
                1.0
            } else if a == b {
                0.5
            } else {
                0.0
            };
        }
    }
    assert_eq!(value, wins / (300.0 * 200.0));
    assert!(value > 0.6 && value < 0.9, "{value}");
    let points = roc_curve(&in_scores, &out_scores).expect("valid");
    assert!((area(&points) - value).abs() < 1e-12);
    assert_eq!(points.first(), Some(&(0.0, 0.0)));
    assert_eq!(points.last(), Some(&(1.0, 1.0)));
    assert!(
        points
            .windows(2)
            .all(|p| p[0].0 <= p[1].0 && p[0].1 <= p[1].1)
    );
    let swapped = auroc(&out_scores, &in_scores).expect("valid");
    assert!((value + swapped - 1.0).abs() < 1e-15);
}

/// A = 0.8 at 2,000 vs 2,000 (evaluation.md): Q₁ = 2/3, Q₂ = 32/45, SE = 0.006993.
/// A = 0.75, 10 in vs 20 out: Q₁ = 0.6, Q₂ = 9/14, SE² = (3/16 + 9 · 3/80 + 19 · 9/112) / 200 =
/// 1149 / 112000; swapping the counts gives (3/16 + 19 · 3/80 + 9 · 9/112) / 200 = 909 / 112000.
#[test]
fn hanley_mcneil_known_cases() {
    let se = hanley_mcneil_standard_error(0.8, 2000, 2000).expect("valid");
    assert!((se - 0.006_993_171).abs() < 1e-9, "{se}");
    let se = hanley_mcneil_standard_error(0.75, 10, 20).expect("valid");
    assert!((se - (1149.0f64 / 112000.0).sqrt()).abs() < 1e-15, "{se}");
    let se = hanley_mcneil_standard_error(0.75, 20, 10).expect("valid");
    assert!((se - (909.0f64 / 112000.0).sqrt()).abs() < 1e-15, "{se}");
    assert_eq!(hanley_mcneil_standard_error(0.5, 1, 1), Ok(0.5));
    assert_eq!(hanley_mcneil_standard_error(1.0, 5, 5), Ok(0.0));
}

#[test]
fn refuses_bad_input() {
    assert_eq!(
        auroc(&[], &[1.0]),
        Err(EvalError::Empty {
            what: "in-distribution score list"
        })
    );
    assert_eq!(
        roc_curve(&[1.0], &[]),
        Err(EvalError::Empty {
            what: "out-of-distribution score list"
        })
    );
    assert_eq!(
        auroc(&[1.0, f32::NAN], &[0.0]),
        Err(EvalError::NonFiniteScore {
            what: "in-distribution",
            index: 1
        })
    );
    assert_eq!(
        auroc(&[1.0], &[f32::NEG_INFINITY]),
        Err(EvalError::NonFiniteScore {
            what: "out-of-distribution",
            index: 0
        })
    );
    assert_eq!(
        hanley_mcneil_standard_error(1.5, 10, 10),
        Err(EvalError::InvalidArgument {
            name: "auc",
            value: 1.5,
            requirement: "between 0 and 1"
        })
    );
    assert!(hanley_mcneil_standard_error(f64::NAN, 10, 10).is_err());
    assert!(hanley_mcneil_standard_error(0.5, 0, 10).is_err());
    assert!(hanley_mcneil_standard_error(0.5, 10, 0).is_err());
}
