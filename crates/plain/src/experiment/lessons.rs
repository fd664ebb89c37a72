//! Ready lessons for a class: each is a share link that opens its panel (the GAN's, or the
//! Video panel's) with the settings a learner should not fiddle with hidden, the lesson's
//! instructions above the panel and, where the lesson is about one GAN iteration, "Explain one
//! step" at the right stage.

use super::config::{DatasetChoice, ExperimentConfig};
use super::gan::section::GanSection;
use super::link::{HiddenControl, LessonText, OpenPanel, SharedPage};
use super::presets::Preset;
use crate::data::{BuiltinDataset, BuiltinSpec};
use crate::model::ModelPreset;

/// What a learner may not change in a lesson (the CPU switch stays: a class has mixed laptops).
const LESSON_HIDES: [HiddenControl; 4] = [
    HiddenControl::DataSettings,
    HiddenControl::Uploads,
    HiddenControl::AugmentationSettings,
    HiddenControl::GanSettings,
];

/// A tiny jigsaw NDA-GAN on 2,000 Faces at 32 px.
fn faces(batch_size: usize, iterations: usize, compare_with_baseline: bool) -> ExperimentConfig {
    let mut config = ExperimentConfig {
        dataset: DatasetChoice::Builtin(BuiltinSpec {
            dataset: BuiltinDataset::Faces,
            size: 32,
            count: 2_000,
            seed: 1,
        }),
        gan: GanSection {
            iterations,
            sample_every: 10,
            compare_with_baseline,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    config.gan.config.preset = ModelPreset::Tiny;
    config.gan.config.batch_size = batch_size;
    config
}

fn lesson(
    slug: &'static str,
    title: &'static str,
    text: &'static str,
    config: ExperimentConfig,
    walk: Option<&str>,
) -> Preset {
    Preset {
        slug,
        title,
        lesson: text,
        page: SharedPage {
            config,
            panel: OpenPanel::Gan,
            hidden: LESSON_HIDES.to_vec(),
            walk: walk.map(str::to_string),
            lesson: Some(LessonText {
                title: title.to_string(),
                text: text.to_string(),
            }),
        },
    }
}

/// Why a shuffled clip is a negative: the Video panel with its settings hidden, a short NDA run
/// of the tiny clip encoder (batch 8, so the first step comes quickly on a CPU).
fn shuffled_clips() -> Preset {
    let title = "Why a shuffled clip is a negative";
    let text = "Press \"NDA only\", then \"Explain the next step\" under Explain one step: the \
                clip encoder takes one step and shows a clip of its batch beside the same clip \
                with its frames shuffled. Each frame is real; only the order is wrong. The \
                encoder predicts the clip's later frames from its first ones, and the loss pushes \
                its prediction away from the shuffled clip's frames at the same place. Pick other \
                clips, then Resume: motion k-NN should rise above the one-frame control, which \
                sees no motion.";
    let mut config = ExperimentConfig::default();
    config.video.config.batch_size = 8;
    config.video.steps = 200;
    config.video.compare_with_baseline = false;
    Preset {
        slug: "why-shuffle",
        title,
        lesson: text,
        page: SharedPage {
            config,
            panel: OpenPanel::Video,
            hidden: vec![
                HiddenControl::DataSettings,
                HiddenControl::Uploads,
                HiddenControl::AugmentationSettings,
                HiddenControl::VideoSettings,
            ],
            walk: None,
            lesson: Some(LessonText {
                title: title.to_string(),
                text: text.to_string(),
            }),
        },
    }
}

/// The lessons, in the order the Experiments panel lists them.
pub fn lessons() -> Vec<Preset> {
    vec![
        lesson(
            "why-jigsaw",
            "Why a jigsawed image is a negative",
            "Press \"Start and explain\" under Explain one step: the GAN takes one iteration and \
             the walk-through opens on its NDA batch. Every jigsawed face keeps real skin, eyes \
             and mouths, but in places no face has them. Step on with the arrow keys: D is told \
             to score these images low, like the generator's, and the loss shows how far it is \
             from doing so.",
            faces(16, 200, false),
            Some("nda"),
        ),
        lesson(
            "five-minutes",
            "Baseline vs NDA in five minutes on a laptop CPU",
            "Press \"Baseline vs NDA\": two tiny GANs with the same seed, data and noise, one also \
             told that jigsawed faces are fake. 100 iterations of batch 32 take about five \
             minutes on a laptop's CPU (less with WebGPU). Watch D(NDA) fall below D(real) in the \
             NDA run's score chart, then compare the two grids. One run proves nothing: the \
             Study in the Experiments panel repeats it over seeds.",
            faces(32, 100, true),
            None,
        ),
        lesson(
            "what-d-looks-at",
            "What the discriminator looks at",
            "Press \"Baseline vs NDA\", let it train for a minute, then Pause. Under What D looks \
             at, show both discriminators a jigsawed face: the heat maps show where hiding a \
             square moves each D's score. An NDA discriminator should look at the seams between \
             the swapped quarters more than the baseline's does; the number under each map says \
             how much. Then try a real face and one of your own images.",
            faces(32, 150, true),
            Some("scores"),
        ),
        shuffled_clips(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{decode_link, encode_link};

    #[test]
    fn every_lesson_is_a_valid_link_that_round_trips() {
        let lessons = lessons();
        assert_eq!(lessons.len(), 4);
        for lesson in lessons {
            lesson.page.config.validate().expect("valid");
            let link = encode_link(&lesson.page);
            let opened = decode_link(&link).expect("decodes").expect("a link");
            assert_eq!(opened, lesson.page, "{}", lesson.slug);
            let settings = match opened.panel {
                OpenPanel::Video => HiddenControl::VideoSettings,
                _ => HiddenControl::GanSettings,
            };
            assert!(opened.hidden.contains(&settings), "{}", lesson.slug);
        }
    }

    #[test]
    fn a_link_without_the_teaching_fields_opens_as_before_and_a_huge_lesson_is_refused() {
        let plain = SharedPage::default();
        let link = encode_link(&plain);
        assert!(
            !serde_json::to_string(&plain)
                .expect("json")
                .contains("walk")
        );
        assert_eq!(decode_link(&link).expect("decodes"), Some(plain));
        let mut huge = lessons().remove(0).page;
        huge.lesson = Some(LessonText {
            title: "x".into(),
            text: "y".repeat(3_000),
        });
        let refused = decode_link(&encode_link(&huge)).expect_err("too long");
        assert!(
            refused.to_string().contains("2,000 characters"),
            "{refused}"
        );
    }
}
