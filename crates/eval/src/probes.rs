//! The two accuracies a frozen encoder is read by, together: weighted k-NN ([`knn_accuracy`],
//! default settings) and a linear probe trained on the bank ([`LinearProbe`], default settings),
//! both on the same bank and queries. The contrastive encoder's and the clip encoder's
//! evaluations both report this pair.

use super::knn::{KnnSettings, knn_accuracy};
use super::linear_probe::{LinearProbe, ProbeSettings};
use super::{EvalError, Features};

/// `(k-NN accuracy, linear-probe accuracy)` of `queries` against `bank`, `num_classes` classes.
pub fn probe_accuracies(
    bank: &Features,
    bank_labels: &[u32],
    queries: &Features,
    query_labels: &[u32],
    num_classes: usize,
) -> Result<(f64, f64), EvalError> {
    let knn = knn_accuracy(
        bank,
        bank_labels,
        queries,
        query_labels,
        num_classes,
        KnnSettings::default(),
    )?;
    let probe = LinearProbe::fit(bank, bank_labels, num_classes, ProbeSettings::default())?;
    Ok((knn, probe.accuracy(queries, query_labels)?))
}
