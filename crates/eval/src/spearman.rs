//! Spearman's rank correlation ρ: how well a metric orders known cases, summarised as the Pearson
//! correlation of the ranks (ties share their average rank), as the metric-validation reports use
//! it (evaluation reference, "Validate a metric before trusting it").

use std::cmp::Ordering;

/// Spearman's ρ of `x` and `y` (same length): 1 when `y` rises with `x` in the same order, −1 when
/// it falls. `None` with fewer than 2 pairs, a non-finite value, or a side whose values are all
/// equal (no order to compare).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 || x.iter().chain(y).any(|v| !v.is_finite()) {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Ranks from 1, ties given the average of the ranks they span.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].partial_cmp(&values[b]).unwrap_or(Ordering::Equal));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start + 1 ..= end; their mean is (start + 1 + end) / 2.
        let average = (start + 1 + end) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = average;
        }
        start = end;
    }
    ranks
}

/// Pearson's correlation, `None` when either side has no spread.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let count = x.len() as f64;
    let mean_x = x.iter().sum::<f64>() / count;
    let mean_y = y.iter().sum::<f64>() / count;
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        xy += (a - mean_x) * (b - mean_y);
        xx += (a - mean_x) * (a - mean_x);
        yy += (b - mean_y) * (b - mean_y);
    }
    (xx > 0.0 && yy > 0.0).then(|| xy / (xx * yy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_monotone_relation_is_one_and_its_reverse_minus_one() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(spearman(&x, &[1.0, 10.0, 100.0, 1e6]), Some(1.0));
        assert_eq!(spearman(&x, &[4.0, 3.0, 2.0, -7.0]), Some(-1.0));
    }

    #[test]
    fn one_adjacent_swap_of_four_gives_point_eight() {
        // 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/60 = 0.8: below the 0.9 a known case needs.
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).expect("defined");
        assert!((rho - 0.8).abs() < 1e-12, "{rho}");
    }

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[5.0, 1.0, 5.0, 3.0]), vec![3.5, 1.0, 3.5, 2.0]);
        // scipy.stats.spearmanr([1, 2, 3, 4], [1, 2, 2, 3]) = 0.9486832980505138.
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 2.0, 3.0]).expect("defined");
        assert!((rho - 0.948_683_298_050_513_8).abs() < 1e-12, "{rho}");
    }

    #[test]
    fn no_order_or_no_number_gives_none() {
        assert_eq!(spearman(&[1.0, 2.0], &[3.0, 3.0]), None);
        assert_eq!(spearman(&[1.0], &[3.0]), None);
        assert_eq!(spearman(&[1.0, 2.0], &[f64::NAN, 3.0]), None);
    }
}
