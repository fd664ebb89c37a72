//! What the learner reads at each stage of the walk-through: one to three plain sentences with the
//! step's own numbers, the loss with those numbers plugged in, and the before/after table.

use super::state::WalkStage;
use crate::train::teaching::explained_step::mean;
use crate::train::teaching::{ExplainedStep, ScoredImages};

/// The loss as the paper writes it.
pub const LOSS_FORMULA: &str =
    "L_D = mean(relu(1 − D(x))) + α·mean(relu(1 + D(G(z)))) + β·mean(relu(1 + D(x̃)))";

/// Pairs of (image, partner) shown at the NDA stage, for the pairing augmentations.
pub const PAIRS_SHOWN: usize = 6;

/// One row of "what the D step changed".
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    /// "real", "generated" or "NDA".
    pub group: &'static str,
    /// Mean score before the step (inference mode).
    pub before: f32,
    /// Mean score after it.
    pub after: f32,
    /// Images that moved the way the loss pushes them, out of the batch.
    pub moved: (usize, usize),
    /// "up" or "down": where the loss pushes this group.
    pub pushed: &'static str,
}

/// The sentences of `stage`.
pub fn stage_text(step: &ExplainedStep, stage: WalkStage) -> Vec<String> {
    let batch = step.real.scores.len();
    let shown = step.real.images.len();
    let shown_note = if shown < batch {
        format!(" (the first {shown} shown)")
    } else {
        String::new()
    };
    match stage {
        WalkStage::Real => vec![
            format!(
                "Iteration {} of the {} run, D step {} of {}: {batch} real images x from the \
                 training set, in the run's data order{shown_note}.",
                step.iteration, step.label, step.n_dis, step.n_dis
            ),
            "D should score real images high: the hinge loss is satisfied once a real image \
             scores +1 or more."
                .to_string(),
        ],
        WalkStage::Negative => negative_text(step),
        WalkStage::Generated => vec![
            format!("G turned {batch} fresh noise vectors z into these images G(z){shown_note}."),
            "D should score them low: the hinge loss is satisfied once a generated image \
             scores −1 or less."
                .to_string(),
        ],
        WalkStage::Scores => scores_text(step),
        WalkStage::Loss => vec![
            "Each term is a hinge: it is zero once every image of its kind is on the right side \
             of its margin (+1 for real, −1 for the rest), and grows with each image on the \
             wrong side."
                .to_string(),
            format!(
                "α = {} weighs the generated images and β = {} the NDA images; this L_D is the \
                 loss chart's point at iteration {}.",
                step.alpha, step.beta, step.iteration
            ),
        ],
        WalkStage::Change => vec![
            "Adam took one step down the gradient of L_D. Here are D's scores of the same \
             images before and after that step, both in inference mode."
                .to_string(),
            "Real scores are pushed up, generated and NDA scores down; one step moves them a \
             little, and the next batch pushes again."
                .to_string(),
        ],
        WalkStage::Generator => vec![
            format!(
                "The G step ends the iteration: {batch} fresh samples, and G is changed to raise \
                 D's score of them: L_G = −mean(D(G(z))) = {:.4} (mean score {:+.3}).",
                step.generator.loss,
                mean(&step.generator.scores)
            ),
            "NDA never enters L_G: NDA images are made from real images, not by G, so no \
             gradient reaches G through them. NDA changes G only through a D that has learnt \
             what is not data."
                .to_string(),
        ],
    }
}

/// The NDA stage: the recipe of the negatives, or why the baseline has none.
fn negative_text(step: &ExplainedStep) -> Vec<String> {
    match &step.recipe {
        Some(recipe) => {
            let mut text = vec![
                format!(
                    "NDA made one negative x̃ from each real image with {}: {}",
                    recipe.what, recipe.why
                ),
                "Each NDA image sits under the real image it was made from. D is told \
                 these are not data, like generated images."
                    .to_string(),
            ];
            if recipe.partners.is_some() {
                text.push(
                    "This kind needs a second image: each image's partner is another image \
                     of the same batch, never itself."
                        .to_string(),
                );
            }
            text
        }
        None => vec![
            format!(
                "The {} run has no NDA images (β = {}): its D learns only from real and \
                 generated images.",
                step.label, step.beta
            ),
            "Switch to the NDA run to see the negatives it trains with.".to_string(),
        ],
    }
}

/// The scores stage: how to read the rows, and the mean score of each group.
fn scores_text(step: &ExplainedStep) -> Vec<String> {
    let mut means = vec![
        format!("real {:+.3}", step.real.mean()),
        format!("generated {:+.3}", step.fake.mean()),
    ];
    means.extend(
        step.negative
            .as_ref()
            .map(|group| format!("NDA {:+.3}", group.mean())),
    );
    vec![
        "D's score of every image, highest first in each row: the images D finds most \
             real are on the left."
            .to_string(),
        format!(
            "Mean scores: {}. The histogram under the run's charts bins these same \
                 scores.",
            means.join(", ")
        ),
    ]
}

/// The loss with this step's numbers plugged in: the mean hinges (from the scores), then the
/// weighted terms and `L_D` as the device computed them.
pub fn plugged_loss(step: &ExplainedStep) -> [String; 2] {
    let negative_mean = step.negative.as_ref().map_or(0.0, ScoredImages::hinge_fake);
    let means = format!(
        "= {:.4} + {} × {:.4} + {} × {:.4}",
        step.real.hinge_real(),
        step.alpha,
        step.fake.hinge_fake(),
        step.beta,
        negative_mean
    );
    let terms = format!(
        "= {:.4} + {:.4} + {:.4} = {:.4}",
        step.loss.real, step.loss.fake, step.loss.negative, step.loss.total
    );
    [means, terms]
}

/// The before/after rows of "what the D step changed".
pub fn change_rows(step: &ExplainedStep) -> Vec<ChangeRow> {
    let row = |group: &'static str, images: &ScoredImages, up: bool| ChangeRow {
        group,
        before: mean(&images.before),
        after: mean(&images.after),
        moved: images.moved_as_pushed(up),
        pushed: if up { "up" } else { "down" },
    };
    let mut rows = vec![
        row("real", &step.real, true),
        row("generated", &step.fake, false),
    ];
    rows.extend(step.negative.as_ref().map(|group| row("NDA", group, false)));
    rows
}

/// The first (image, partner) pairs whose both images are shown.
pub fn partner_pairs(step: &ExplainedStep) -> Vec<(usize, usize)> {
    let shown = step.real.images.len();
    step.recipe
        .as_ref()
        .and_then(|recipe| recipe.partners.as_ref())
        .map(|partners| {
            partners
                .iter()
                .copied()
                .enumerate()
                .filter(|&(_, partner)| partner < shown)
                .take(PAIRS_SHOWN)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::teaching::explained_step::fixtures::hand_picked as step;

    #[test]
    fn the_loss_is_plugged_in_with_the_steps_numbers() {
        let [means, terms] = plugged_loss(&step());
        assert_eq!(means, "= 1.0000 + 0.25 × 0.5000 + 0.75 × 2.0000");
        assert_eq!(terms, "= 1.0000 + 0.1250 + 1.5000 = 2.6250");
    }

    #[test]
    fn every_stage_has_one_to_three_sentences_with_the_numbers() {
        let step = step();
        for stage in WalkStage::ALL {
            let text = stage_text(&step, stage);
            assert!((1..=3).contains(&text.len()), "{stage:?}");
        }
        assert!(
            stage_text(&step, WalkStage::Real)[0]
                .starts_with("Iteration 7 of the NDA run, D step 4 of 4")
        );
        assert!(
            stage_text(&step, WalkStage::Scores)[1]
                .contains("real +0.500, generated -1.500, NDA +1.000")
        );
        assert!(
            stage_text(&step, WalkStage::Generator)[0]
                .contains("L_G = −mean(D(G(z))) = 1.0000 (mean score -1.000)")
        );
        let baseline = ExplainedStep {
            beta: 0.0,
            negative: None,
            recipe: None,
            ..step
        };
        assert!(stage_text(&baseline, WalkStage::Negative)[0].contains("no NDA images (β = 0)"));
    }

    #[test]
    fn the_change_table_counts_images_moved_the_way_they_are_pushed() {
        let rows = change_rows(&step());
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].moved, rows[0].pushed), ((1, 2), "up"));
        assert_eq!((rows[1].moved, rows[1].pushed), ((2, 2), "down"));
        assert_eq!(rows[2].moved, (1, 2));
        assert!((rows[0].after - 0.2).abs() < 1e-6);
        assert_eq!(partner_pairs(&step()), vec![(0, 1), (1, 0)]);
    }
}
