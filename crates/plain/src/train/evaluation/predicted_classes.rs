//! What the evaluator's predicted classes say about a set of samples: how evenly they spread over
//! the classes (a collapse shows as one class), and, for a class-conditional generator, how often
//! a sample is given the class it was generated for.

/// How evenly the samples spread over the evaluator's classes: the entropy of the histogram of
/// their most likely classes over the entropy of the uniform one, 1 when every class is as
/// common (as on the balanced built-in sets) and 0 when every sample falls in one class. A
/// collapsed generator reads near 0 here whatever its KID says (issue 28).
pub fn class_diversity(probabilities: &[Vec<f32>]) -> f64 {
    let classes = probabilities.first().map_or(0, Vec::len);
    if classes < 2 || probabilities.is_empty() {
        return 0.0;
    }
    let mut counts = vec![0usize; classes];
    for row in probabilities {
        counts[most_likely(row)] += 1;
    }
    let total = probabilities.len() as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let share = count as f64 / total;
            -share * share.ln()
        })
        .sum();
    entropy / (classes as f64).ln()
}

/// The index of the largest probability in `row` (the first on ties; 0 for an empty row).
pub fn most_likely(row: &[f32]) -> usize {
    (0..row.len()).fold(0, |best, k| if row[k] > row[best] { k } else { best })
}

/// `class_accuracy` over all samples and `class_accuracy:k` per class: how often the evaluator's
/// most likely class is the class the sample was generated for.
pub fn class_accuracy(probabilities: &[Vec<f32>], labels: &[usize]) -> Vec<(String, f64)> {
    let classes = probabilities.first().map_or(0, Vec::len);
    let mut hits = vec![0usize; classes];
    let mut totals = vec![0usize; classes];
    for (row, &label) in probabilities.iter().zip(labels) {
        let predicted = most_likely(row);
        totals[label] += 1;
        hits[label] += usize::from(predicted == label);
    }
    let overall = hits.iter().sum::<usize>() as f64 / totals.iter().sum::<usize>().max(1) as f64;
    let mut rows = vec![("class_accuracy".to_string(), overall)];
    for class in 0..classes {
        if totals[class] > 0 {
            rows.push((
                format!("class_accuracy:{class}"),
                hits[class] as f64 / totals[class] as f64,
            ));
        }
    }
    rows
}
