//! Tests of the Fréchet distance against closed forms: identical sets, a pure mean shift, 1-D,
//! diagonal and non-commuting 2-D covariances, symmetry, growth with a shift, and the refusals.

use super::super::test_samples::gaussian;
use super::*;

fn features(values: &[f32], dim: usize) -> Features {
    Features::new(values.to_vec(), dim).expect("valid")
}

fn distance(real: &Features, fake: &Features) -> f64 {
    frechet_distance(real, fake).expect("valid").distance
}

fn assert_close(found: f64, expected: f64, relative: f64) {
    assert!(
        (found - expected).abs() <= relative * expected.abs().max(1.0),
        "{found} vs {expected}"
    );
}

#[test]
fn identical_sets_are_at_distance_zero() {
    let set = gaussian(300, 16, 0.0, 1);
    let result = frechet_distance(&set, &set).expect("valid");
    let scale = 2.0 * trace(&GaussianFit::of(&set).covariance, 16);
    assert!(result.distance <= 1e-9 * scale, "{}", result.distance);
    assert_eq!((result.num_real, result.num_fake), (300, 300));
}

/// The same rows shifted by m: the covariances agree, so FD = ||m||². Values on a 1/1024 grid and
/// dyadic shifts keep every shifted value exact in `f32`, and 256 rows make the mean exact too.
#[test]
fn a_pure_mean_shift_gives_its_squared_length() {
    let mut real = gaussian(256, 4, 0.0, 2);
    real.values
        .iter_mut()
        .for_each(|v| *v = (*v * 1024.0).round() / 1024.0);
    let shift = [1.0f32, -2.0, 0.5, 3.0];
    let mut fake = real.clone();
    for row in fake.values.chunks_exact_mut(4) {
        row.iter_mut().zip(shift).for_each(|(v, m)| *v += m);
    }
    assert_close(distance(&real, &fake), 1.0 + 4.0 + 0.25 + 9.0, 1e-12);
}

/// In 1-D FD = (μ_r − μ_f)² + (σ_r − σ_f)². Real {1, 2, 3, 4}: μ 2.5, σ² = 5/3. Fake {0, 4, 8}:
/// μ 4, σ² = 32/2 = 16.
#[test]
fn one_dimensional_closed_form() {
    let real = features(&[1.0, 2.0, 3.0, 4.0], 1);
    let fake = features(&[0.0, 4.0, 8.0], 1);
    let expected = 1.5f64.powi(2) + ((5.0f64 / 3.0).sqrt() - 4.0).powi(2);
    assert_close(distance(&real, &fake), expected, 1e-12);
}

/// All eight sign patterns of (a, b, c) plus a mean have covariance diag(a², b², c²) · 8/7, so
/// FD = ||Δμ||² + Σ (σ_r,i − σ_f,i)² = 6 + 8/7 · ((1 − 0.5)² + (2 − 4)² + (3 − 1)²) = 6 + 66/7.
#[test]
fn diagonal_covariances_closed_form() {
    let corners = |scale: [f32; 3], mean: [f32; 3]| {
        let mut values = Vec::new();
        for signs in 0..8 {
            for axis in 0..3 {
                let sign = if signs >> axis & 1 == 1 { -1.0 } else { 1.0 };
                values.push(mean[axis] + sign * scale[axis]);
            }
        }
        features(&values, 3)
    };
    let real = corners([1.0, 2.0, 3.0], [0.0, 0.0, 0.0]);
    let fake = corners([0.5, 4.0, 1.0], [1.0, -1.0, 2.0]);
    assert_close(distance(&real, &fake), 6.0 + 66.0 / 7.0, 1e-12);
}

/// Mean and unbiased covariance [s_xx, s_xy, s_yy] of 2-D rows, written out plainly.
fn plain_fit(set: &Features) -> ([f64; 2], [f64; 3]) {
    let rows: Vec<[f64; 2]> = set
        .values
        .chunks_exact(2)
        .map(|r| [f64::from(r[0]), f64::from(r[1])])
        .collect();
    let n = rows.len() as f64;
    let mean = [
        rows.iter().map(|r| r[0]).sum::<f64>() / n,
        rows.iter().map(|r| r[1]).sum::<f64>() / n,
    ];
    let co = |a: usize, b: usize| {
        rows.iter()
            .map(|r| (r[a] - mean[a]) * (r[b] - mean[b]))
            .sum::<f64>()
            / (n - 1.0)
    };
    (mean, [co(0, 0), co(0, 1), co(1, 1)])
}

/// For 2×2 PSD matrices the eigenvalues λ₁, λ₂ of AB give Tr((AB)^{1/2}) = sqrt(λ₁) + sqrt(λ₂) =
/// sqrt(Tr(AB) + 2 sqrt(det A det B)). Correlated covariances with different axes do not commute.
#[test]
fn non_commuting_two_dimensional_closed_form() {
    let skew = |set: Features, mix: [f32; 4]| {
        let values = set
            .values
            .chunks_exact(2)
            .flat_map(|r| [mix[0] * r[0] + mix[1] * r[1], mix[2] * r[0] + mix[3] * r[1]])
            .collect();
        Features { values, dim: 2 }
    };
    let real = skew(gaussian(400, 2, 0.0, 3), [1.0, 0.5, 0.0, 1.0]);
    let fake = skew(gaussian(300, 2, 0.3, 4), [2.0, 0.0, -1.0, 0.7]);
    let (mu_r, [a, b, c]) = plain_fit(&real);
    let (mu_f, [d, e, f]) = plain_fit(&fake);
    let trace_product = a * d + 2.0 * b * e + c * f;
    let determinants = (a * c - b * b) * (d * f - e * e);
    let root_trace = (trace_product + 2.0 * determinants.sqrt()).sqrt();
    let expected = (mu_r[0] - mu_f[0]).powi(2) + (mu_r[1] - mu_f[1]).powi(2) + a + c + d + f
        - 2.0 * root_trace;
    assert!(b.abs() > 0.1 && e.abs() > 0.1, "covariances are correlated");
    assert_close(distance(&real, &fake), expected, 1e-12);
}

/// Tr((Σ_r Σ_f)^{1/2}) = Tr((Σ_f Σ_r)^{1/2}), although the code takes the root of the first
/// argument: swapping the sets in 16-D with different covariances gives the same distance.
#[test]
fn swapping_the_sets_keeps_the_distance() {
    let real = gaussian(200, 16, 0.0, 5);
    let mut fake = gaussian(150, 16, 0.2, 6);
    for row in fake.values.chunks_exact_mut(16) {
        row[1] += 0.8 * row[0];
        row[5] *= 3.0;
    }
    let forward = distance(&real, &fake);
    assert!(forward > 1.0, "{forward}");
    assert_close(distance(&fake, &real), forward, 1e-12);
}

#[test]
fn grows_with_a_mean_shift() {
    let real = gaussian(500, 8, 0.0, 7);
    let distances: Vec<f64> = [0.0, 0.5, 1.0, 2.0]
        .iter()
        .map(|&shift| distance(&real, &gaussian(500, 8, shift, 8)))
        .collect();
    assert!(distances.windows(2).all(|p| p[0] < p[1]), "{distances:?}");
    // A shift of s in each of 8 coordinates moves the means by 8 s².
    assert_close(distances[3] - distances[0], 32.0, 0.05);
}

/// Fewer rows than dimensions make singular covariances: negative rounding eigenvalues are clamped
/// and the distance stays finite and non-negative.
#[test]
fn singular_covariances_stay_finite() {
    let real = gaussian(5, 20, 0.0, 9);
    let fake = gaussian(4, 20, 0.0, 10);
    let value = distance(&real, &fake);
    assert!(value.is_finite() && value > 0.0, "{value}");
}

#[test]
fn refuses_bad_input() {
    let two = features(&[0.0, 1.0], 1);
    assert_eq!(
        frechet_distance(&features(&[0.0], 1), &two),
        Err(EvalError::TooFewSamples {
            what: "real set",
            found: 1,
            required: 2
        })
    );
    assert!(matches!(
        frechet_distance(&two, &features(&[1.0], 1)),
        Err(EvalError::TooFewSamples {
            what: "fake set",
            ..
        })
    ));
    assert!(matches!(
        frechet_distance(&two, &features(&[0.0; 4], 2)),
        Err(EvalError::DimensionMismatch { .. })
    ));
    let bad = Features {
        values: vec![f32::INFINITY, 0.0],
        dim: 1,
    };
    assert_eq!(
        frechet_distance(&bad, &two),
        Err(EvalError::NonFinite { row: 0, column: 0 })
    );
}
