//! A 2-D PCA map of the contrastive features, to see whether MoCo-v2 + NDA (Sinha et al., ICLR 2021,
//! Sec. 5) groups the classes and pushes NDA views away from real images.
//!
//! The two leading eigenvectors of the covariance come from power iteration on the centred rows
//! (`v <- X^T (X v) / n`, never forming the `dim x dim` matrix) from a fixed start, the second with
//! the first projected out at every step (deflation). Sums run in `f64` in a fixed order, so the map
//! is the same on every run.

use serde::{Deserialize, Serialize};

use super::{EvalError, Features};

/// Most power-iteration steps per component (the gap between eigenvalues sets how many are needed).
const MAX_ITERATIONS: usize = 500;
/// Iteration stops when the unit direction moves less than this in one step.
const CONVERGED: f64 = 1e-12;
/// A direction whose variance is below this fraction of the total is numerical noise: no component.
const NEGLIGIBLE_VARIANCE: f64 = 1e-12;
/// The golden-ratio fraction, which spreads the entries of the start vector over `[0.5, 1.5)`.
const GOLDEN_FRACTION: f64 = 0.618_033_988_749_894_8;

/// Rows projected onto their first two principal components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection2d {
    /// One `[x, y]` per row: its centred coordinates along the first and second component.
    pub points: Vec<[f32; 2]>,
    /// The fraction of the total variance each component explains (zeros for constant rows).
    pub explained: [f32; 2],
}

/// The first two principal components of the rows (centred), by power iteration with deflation from a
/// fixed start; each component's sign is chosen so that its largest-magnitude entry is positive.
/// Returns one [x, y] per row (the projections) plus the fraction of variance each explains.
///
/// Data of rank 0 or 1 gets zero components (zero coordinates, zero explained) where it has no
/// variance left, never NaN.
pub fn pca_2d(features: &Features) -> Result<Projection2d, EvalError> {
    features.validate_non_empty("feature set")?;
    let dim = features.dim;
    let centred = centred(features);
    let total = centred.iter().map(|x| x * x).sum::<f64>() / features.len() as f64;
    let first = principal_component(&centred, dim, None, total);
    let second = principal_component(&centred, dim, Some(&first.direction), total);
    let points = centred
        .chunks_exact(dim)
        .map(|row| {
            [
                dot(row, &first.direction) as f32,
                dot(row, &second.direction) as f32,
            ]
        })
        .collect();
    let explained = if total > 0.0 {
        [
            (first.variance / total) as f32,
            (second.variance / total) as f32,
        ]
    } else {
        [0.0, 0.0]
    };
    Ok(Projection2d { points, explained })
}

/// A unit direction and the variance of the rows along it (a zero direction when there is none).
struct Component {
    direction: Vec<f64>,
    variance: f64,
}

impl Component {
    fn none(dim: usize) -> Self {
        Self {
            direction: vec![0.0; dim],
            variance: 0.0,
        }
    }
}

/// The rows minus their mean, in `f64`: `[rows, dim]`.
fn centred(features: &Features) -> Vec<f64> {
    let dim = features.dim;
    let mut mean = vec![0.0f64; dim];
    for row in features.values.chunks_exact(dim) {
        mean.iter_mut()
            .zip(row)
            .for_each(|(sum, &x)| *sum += f64::from(x));
    }
    let rows = features.len() as f64;
    mean.iter_mut().for_each(|sum| *sum /= rows);
    let mut centred: Vec<f64> = features.values.iter().map(|&x| f64::from(x)).collect();
    for row in centred.chunks_exact_mut(dim) {
        row.iter_mut().zip(&mean).for_each(|(x, mean)| *x -= mean);
    }
    centred
}

/// The leading eigenvector of the covariance of `centred` (orthogonal to `previous` if given), by
/// power iteration from a fixed start, with its sign fixed.
fn principal_component(
    centred: &[f64],
    dim: usize,
    previous: Option<&[f64]>,
    total: f64,
) -> Component {
    let mut direction: Vec<f64> = (0..dim)
        .map(|i| 0.5 + ((i + 1) as f64 * GOLDEN_FRACTION).fract())
        .collect();
    let mut next = vec![0.0f64; dim];
    for _ in 0..MAX_ITERATIONS {
        covariance_times(centred, &direction, &mut next);
        if let Some(previous) = previous {
            remove_projection(&mut next, previous);
        }
        let norm = dot(&next, &next).sqrt();
        if norm <= NEGLIGIBLE_VARIANCE * total {
            return Component::none(dim);
        }
        next.iter_mut().for_each(|x| *x /= norm);
        let moved = next
            .iter()
            .zip(&direction)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        std::mem::swap(&mut direction, &mut next);
        if moved < CONVERGED {
            break;
        }
    }
    fix_sign(&mut direction);
    covariance_times(centred, &direction, &mut next);
    let variance = dot(&direction, &next);
    Component {
        direction,
        variance,
    }
}

/// `out = C v` for the covariance `C = X^T X / rows` of the centred rows `X`.
fn covariance_times(centred: &[f64], vector: &[f64], out: &mut [f64]) {
    out.fill(0.0);
    let dim = vector.len();
    for row in centred.chunks_exact(dim) {
        let along = dot(row, vector);
        out.iter_mut().zip(row).for_each(|(o, &x)| *o += along * x);
    }
    let rows = (centred.len() / dim) as f64;
    out.iter_mut().for_each(|o| *o /= rows);
}

/// Removes from `vector` its component along the unit (or zero) vector `unit`.
fn remove_projection(vector: &mut [f64], unit: &[f64]) {
    let along = dot(vector, unit);
    vector
        .iter_mut()
        .zip(unit)
        .for_each(|(v, &u)| *v -= along * u);
}

/// Flips `direction` so that its largest-magnitude entry (the first of equals) is positive.
fn fix_sign(direction: &mut [f64]) {
    let mut largest = 0.0f64;
    for &x in direction.iter() {
        if x.abs() > largest.abs() {
            largest = x;
        }
    }
    if largest < 0.0 {
        direction.iter_mut().for_each(|x| *x = -*x);
    }
}

/// The dot product of two `f64` slices, summed in order.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_one_component() {
        // Points t * (1, 2, 0) + (0, 0, 3) for t = 0..10: the direction (1, 2, 0) / sqrt(5).
        let values: Vec<f32> = (0..11)
            .flat_map(|t| [t as f32, 2.0 * t as f32, 3.0])
            .collect();
        let projection = pca_2d(&Features::new(values, 3).expect("valid")).expect("pca");
        assert!(
            (projection.explained[0] - 1.0).abs() < 1e-6,
            "{:?}",
            projection.explained
        );
        assert_eq!(projection.explained[1], 0.0);
        for (t, point) in projection.points.iter().enumerate() {
            let expected = (t as f32 - 5.0) * 5.0f32.sqrt();
            assert!((point[0] - expected).abs() < 1e-4, "{t}: {point:?}");
            assert_eq!(point[1], 0.0);
        }
    }

    #[test]
    fn an_ellipse_splits_its_variance_nine_to_one() {
        // x = 3 sqrt(2) cos a, y = sqrt(2) sin a at 64 equally spaced angles, shifted by (5, -2):
        // variances 9 and 1, no covariance.
        let shift = [5.0, -2.0];
        let coordinates: Vec<[f32; 2]> = (0..64)
            .map(|i| {
                let angle = i as f64 * std::f64::consts::TAU / 64.0;
                let radius = std::f64::consts::SQRT_2;
                [
                    (3.0 * radius * angle.cos()) as f32,
                    (radius * angle.sin()) as f32,
                ]
            })
            .collect();
        let values = coordinates
            .iter()
            .flat_map(|p| [p[0] + shift[0], p[1] + shift[1]])
            .collect();
        let projection = pca_2d(&Features::new(values, 2).expect("valid")).expect("pca");
        assert!(
            (projection.explained[0] - 0.9).abs() < 1e-3,
            "{:?}",
            projection.explained
        );
        assert!(
            (projection.explained[1] - 0.1).abs() < 1e-3,
            "{:?}",
            projection.explained
        );
        // The components are +x and +y (largest entries positive), so the map is the centred ellipse.
        for (point, coordinate) in projection.points.iter().zip(&coordinates) {
            assert!(
                (point[0] - coordinate[0]).abs() < 1e-4,
                "{point:?} vs {coordinate:?}"
            );
            assert!(
                (point[1] - coordinate[1]).abs() < 1e-4,
                "{point:?} vs {coordinate:?}"
            );
        }
    }

    #[test]
    fn all_zero_rows_give_zeros() {
        let projection = pca_2d(&Features::new(vec![0.0; 12], 4).expect("valid")).expect("pca");
        assert_eq!(projection.points, vec![[0.0, 0.0]; 3]);
        assert_eq!(projection.explained, [0.0, 0.0]);
        let single = pca_2d(&Features::new(vec![1.0, -2.0], 2).expect("valid")).expect("pca");
        assert_eq!(single.points, vec![[0.0, 0.0]]);
        assert_eq!(single.explained, [0.0, 0.0]);
    }

    #[test]
    fn signs_are_fixed_and_runs_repeat() {
        // A line along (-1, 3): the component must be (1, -3) / |..| flipped to (-1, 3) / |..|.
        let values: Vec<f32> = (0..5).flat_map(|t| [-(t as f32), 3.0 * t as f32]).collect();
        let features = Features::new(values, 2).expect("valid");
        let projection = pca_2d(&features).expect("pca");
        assert!(projection.points[4][0] > 0.0 && projection.points[0][0] < 0.0);
        assert_eq!(pca_2d(&features), Ok(projection));
        assert_eq!(
            pca_2d(&Features::new(Vec::new(), 2).expect("valid")),
            Err(EvalError::Empty {
                what: "feature set"
            })
        );
    }
}
