//! What the evaluation section writes for a person: each metric's name and meaning, numbers at
//! a sensible precision, the progress line, and the sentence under a scored image.

use crate::train::evaluation::UNTRAINED_SUFFIX;
use nda_protocol::evaluation_messages::{EvaluationProgress, RunImageScore};

/// A metric's display name and one sentence on what it means (the README has the long form).
pub fn describe_metric(metric: &str) -> (String, &'static str) {
    if let Some(base) = metric.strip_suffix(UNTRAINED_SUFFIX) {
        let (name, _) = describe_metric(base);
        return (
            format!("{name} (untrained control)"),
            "the same, in the features of the evaluation encoder before it trained: a control \
             for your images (a difference seen only in trained features is about what the \
             encoder learnt)",
        );
    }
    if let Some(set) = metric.strip_prefix("auroc:") {
        return (
            format!("AUROC vs {set}"),
            "how well the anomaly score (D's logit, or an encoder's k-NN similarity) tells \
             held-out real images from this set (0.5: not at all)",
        );
    }
    let (name, meaning) = match metric {
        "kid" => (
            "KID ×1000",
            "kernel distance between samples and held-out real images in the evaluator's \
             features; lower is better, 0 is a perfect match",
        ),
        "fd" => (
            "FD",
            "Fréchet distance in the same features at this N (biased by N; not an Inception FID)",
        ),
        "precision" => (
            "precision",
            "share of samples inside the real images' support (k = 5)",
        ),
        "recall" => (
            "recall",
            "share of real images inside the samples' support (k = 5)",
        ),
        "density" => (
            "density",
            "how crowded the real neighbourhoods of samples are: 1 for a match, so neither \
             higher nor lower is better (see |density − 1|)",
        ),
        "density_gap" => (
            "|density − 1|",
            "how far density is from 1, its value for samples distributed like the real \
             images; lower is better",
        ),
        "diversity" => (
            "class diversity",
            "how evenly samples spread over the evaluator's classes (1 even, 0 all one class: \
             a collapse)",
        ),
        "coverage" => (
            "coverage",
            "share of real images with a sample among their 5 nearest",
        ),
        "structure" => (
            "broken-looking",
            "share of samples the structure detector calls NDA-like; lower is better",
        ),
        "structure_unseen" => (
            "broken-looking (unseen kinds)",
            "the same for the NDA kinds the NDA run did not train with",
        ),
        "class_accuracy" => (
            "class accuracy",
            "share of a conditional generator's samples the classifier gives their class",
        ),
        "auroc" => ("AUROC (mean)", "anomaly detection averaged over every set"),
        "auroc_nda_seen" => (
            "AUROC NDA seen",
            "real vs the NDA kinds the NDA run trained with",
        ),
        "auroc_nda_unseen" => ("AUROC NDA unseen", "real vs the NDA kinds it never saw"),
        "auroc_other_sets" => ("AUROC other sets", "real vs the other built-in sets"),
        "auroc_corruptions" => (
            "AUROC corruptions",
            "real vs noise, blur, contrast, pixelation, occlusion at 5 severities",
        ),
        other if other.starts_with("class_accuracy:") => (
            "class accuracy (one class)",
            "share of this class's samples given their class",
        ),
        _ => ("", "a metric of this run"),
    };
    let name = if name.is_empty() {
        metric.to_string()
    } else {
        name.to_string()
    };
    (name, meaning)
}

/// A metric's value as shown: KID ×1000 (its raw values are tiny), FD with one decimal, shares
/// and AUROCs with three.
pub fn format_value(metric: &str, value: f64) -> String {
    match metric.strip_suffix(UNTRAINED_SUFFIX).unwrap_or(metric) {
        "kid" => format!("{:.2}", value * 1_000.0),
        "fd" => format!("{value:.1}"),
        _ => format!("{value:.3}"),
    }
}

/// A value with its spread, `1.23 ± 0.40`.
pub fn format_with_sd(metric: &str, value: f64, sd: Option<f64>) -> String {
    match sd {
        Some(sd) => format!(
            "{} ± {}",
            format_value(metric, value),
            format_value(metric, sd)
        ),
        None => format_value(metric, value),
    }
}

/// A signed difference in the metric's unit.
pub fn format_difference(metric: &str, difference: f64) -> String {
    let text = format_value(metric, difference.abs());
    if difference < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

/// The progress line of a running evaluation.
pub fn progress_line(progress: &EvaluationProgress) -> String {
    let share = if progress.total == 0 {
        0.0
    } else {
        100.0 * progress.done as f64 / progress.total as f64
    };
    format!(
        "Evaluating iteration {}: {} ({} of {}, {share:.0} %). Training waits until the numbers are in.",
        progress.iteration, progress.stage, progress.done, progress.total
    )
}

/// One run's verdict on a scored image.
pub fn score_sentence(score: &RunImageScore) -> String {
    format!(
        "{}: D scores it {:.3}, higher than {:.0} % of real images and {:.0} % of its own samples.",
        score.label,
        score.verdict.score,
        score.verdict.percentile_real,
        score.verdict.percentile_generated
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::evaluation::ImageScore;

    #[test]
    fn values_differences_and_names_read_well() {
        assert_eq!(format_value("kid", 0.00123), "1.23");
        assert_eq!(format_with_sd("auroc", 0.8, Some(0.01)), "0.800 ± 0.010");
        assert_eq!(format_difference("kid", -0.0005), "−0.50");
        assert_eq!(format_difference("coverage", 0.25), "+0.250");
        assert_eq!(describe_metric("auroc:jigsaw").0, "AUROC vs jigsaw");
        assert_eq!(describe_metric("new_metric").0, "new_metric");
        assert_eq!(
            describe_metric("kid_untrained").0,
            "KID ×1000 (untrained control)"
        );
        assert_eq!(format_value("kid_untrained", 0.00123), "1.23");
    }

    #[test]
    fn the_progress_line_says_that_training_waits() {
        let line = progress_line(&EvaluationProgress {
            stage: "evaluating the runs".into(),
            done: 1,
            total: 2,
            iteration: 40,
        });
        assert!(line.starts_with("Evaluating iteration 40: evaluating the runs (1 of 2, 50 %)"));
        assert!(line.contains("Training waits"));
        let sentence = score_sentence(&RunImageScore {
            label: "NDA".into(),
            verdict: ImageScore {
                score: -1.5,
                percentile_real: 3.0,
                percentile_generated: 12.4,
            },
        });
        assert_eq!(
            sentence,
            "NDA: D scores it -1.500, higher than 3 % of real images and 12 % of its own samples."
        );
    }
}
