//! What the learner reads in the contrastive walk-through: the InfoNCE term of one query with its
//! numbers plugged in, and a few sentences.

use crate::train::teaching::{ExplainedContrastiveStep, QueryExplained};

/// The loss of one query as MoCo writes it.
pub const INFO_NCE_FORMULA: &str =
    "L = −log( e^(s+/t) / ( e^(s+/t) + Σ_queue e^(s_k/t) + Σ_j e^(s_j/t) ) )";

/// The formula with this query's similarities plugged in, then evaluated.
pub fn plugged_info_nce(step: &ExplainedContrastiveStep, query: &QueryExplained) -> [String; 2] {
    let t = step.temperature;
    let exp = |similarity: f32| (f64::from(similarity) / t).exp();
    let nda_terms: String = query
        .nda_similarities
        .iter()
        .map(|&similarity| format!(" + e^({similarity:.4}/{t})"))
        .collect();
    let plugged = format!(
        "= −log( e^({s:.4}/{t}) / ( e^({s:.4}/{t}) + {queue:.2}{nda_terms} ) )",
        s = query.positive_similarity,
        queue = query.queue_sum,
    );
    let positive = exp(query.positive_similarity);
    let nda_values: String = query
        .nda_similarities
        .iter()
        .map(|&similarity| format!(" + {:.2}", exp(similarity)))
        .collect();
    let value = format!(
        "= −log( {positive:.2} / ( {positive:.2} + {queue:.2}{nda_values} ) ) = {loss:.4}",
        queue = query.queue_sum,
        loss = query.loss,
    );
    [plugged, value]
}

/// The sentences about the query on show (`index` counts from 0).
pub fn query_text(
    step: &ExplainedContrastiveStep,
    index: usize,
    query: &QueryExplained,
) -> Vec<String> {
    let views = query.nda_similarities.len();
    let negatives = if views == 0 {
        format!(
            "The {} run has no NDA keys (m = 0): only the {} keys of the queue are negatives.",
            step.label, step.queue_size
        )
    } else {
        format!(
            "Its {views} NDA keys are broken versions of the same image: negatives, like the {} \
             keys of the queue, so the loss grows when the query is close to them.",
            step.queue_size
        )
    };
    let list = |values: &[f32]| {
        values
            .iter()
            .map(|value| format!("{value:+.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut similarities = format!(
        "Cosine similarity to its positive view {:+.3}",
        query.positive_similarity
    );
    if views > 0 {
        similarities.push_str(&format!(
            ", to its NDA views {}",
            list(&query.nda_similarities)
        ));
    }
    similarities.push_str(&format!(
        ", to the nearest queue keys {}.",
        list(&query.nearest_queue)
    ));
    vec![
        format!(
            "Query {} of {} at step {} of the {} run: its positive key is another view of the same \
             image (crop, flip, colour jitter).",
            index + 1,
            step.batch,
            step.step,
            step.label
        ),
        negatives,
        similarities,
    ]
}

/// The batch's loss: the mean of the per-query terms, next to the device's value.
pub fn batch_line(step: &ExplainedContrastiveStep) -> String {
    format!(
        "The step's loss is the mean of these terms over its {} queries: {:.4} (the loss chart's \
         point at step {}: {:.4}).",
        step.batch, step.mean_loss, step.step, step.loss
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::RgbaMosaic;

    fn explained(nda: Vec<f32>) -> ExplainedContrastiveStep {
        let image = RgbaMosaic {
            width: 1,
            height: 1,
            rgba: vec![0; 4],
        };
        let t = 0.2f64;
        let queue_sum = 3.0 * (0.1f64 / t).exp();
        let positive = (0.8f64 / t).exp();
        let nda_sum: f64 = nda.iter().map(|&s| (f64::from(s) / t).exp()).sum();
        let loss = -(positive / (positive + queue_sum + nda_sum)).ln();
        ExplainedContrastiveStep {
            label: "NDA".into(),
            step: 3,
            temperature: t,
            queue_size: 3,
            batch: 4,
            queries: vec![QueryExplained {
                query: image.clone(),
                positive: image.clone(),
                nda: vec![image; nda.len()],
                positive_similarity: 0.8,
                nda_similarities: nda,
                nearest_queue: vec![0.1, 0.1, 0.1],
                queue_sum,
                loss,
            }],
            mean_loss: loss,
            loss: loss as f32,
        }
    }

    #[test]
    fn the_term_is_plugged_in_and_evaluated() {
        let step = explained(vec![0.5]);
        let [plugged, value] = plugged_info_nce(&step, &step.queries[0]);
        assert_eq!(
            plugged,
            "= −log( e^(0.8000/0.2) / ( e^(0.8000/0.2) + 4.95 + e^(0.5000/0.2) ) )"
        );
        // e^4 = 54.60, 3·e^0.5 = 4.95, e^2.5 = 12.18; −log(54.60 / 71.73) = 0.2729.
        assert_eq!(value, "= −log( 54.60 / ( 54.60 + 4.95 + 12.18 ) ) = 0.2729");
        let text = query_text(&step, 0, &step.queries[0]);
        assert!(text[0].starts_with("Query 1 of 4 at step 3 of the NDA run"));
        assert!(text[2].contains("to its NDA views +0.500"));
        assert!(batch_line(&step).contains("0.2729 (the loss chart's point at step 3: 0.2729)"));
        let baseline = explained(Vec::new());
        assert!(query_text(&baseline, 0, &baseline.queries[0])[1].contains("no NDA keys (m = 0)"));
    }
}
