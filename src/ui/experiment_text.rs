//! The sentence that says what an opened link, file or run will train: task, data, model and
//! negatives, and which button runs it.

use crate::augment::NegativeAugmentation;
use crate::experiment::{DatasetChoice, ExperimentConfig, OpenPanel, SharedPage, Task};
use crate::train::video::VideoExperiment;

/// One sentence on what an opened page will run.
pub fn describe(page: &SharedPage) -> String {
    let config = &page.config;
    if page.panel == OpenPanel::Video || config.task == Task::Video {
        return describe_video(&config.video);
    }
    let data = describe_data(&config.dataset);
    if config.task == Task::Contrastive {
        return describe_contrastive(config, &data);
    }
    describe_gan(config, &data)
}

fn describe_contrastive(config: &ExperimentConfig, data: &str) -> String {
    let experiment = config.contrastive_experiment();
    let run = &experiment.config;
    let negatives = negatives_text(&run.negatives);
    let how = if experiment.compare_with_baseline {
        "press \"Baseline vs NDA\" in the Contrastive panel to train it next to its baseline (m = 0)"
    } else {
        "press \"NDA only\" in the Contrastive panel to train it"
    };
    format!(
        "MoCo-v2 with NDA negatives on {data}; {:?} encoder, batch {}, {} steps, m {} NDA views \
         ({negatives}), temperature {}, queue {}, seed {}; {how}.",
        run.preset,
        run.batch_size,
        experiment.steps,
        run.nda_views,
        run.temperature,
        run.queue_size,
        run.seed
    )
}

fn describe_video(experiment: &VideoExperiment) -> String {
    let run = &experiment.config;
    let negatives = run
        .negatives
        .iter()
        .map(|(kind, weight)| format!("{} ×{weight}", kind.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let clips = match &experiment.own_clips {
        Some(own) => format!(
            "uploaded clips ({} clips, fingerprint {}: load them in the clip gallery)",
            own.clips, own.fingerprint
        ),
        None => format!(
            "Moving Shapes, {} clips of {} frames, seed {}",
            experiment.clips.count, experiment.clips.frames, experiment.clips.seed
        ),
    };
    format!(
        "A clip encoder with NDA clips on {clips}; {:?} encoder, batch {}, {} steps, m {} NDA \
         clips ({negatives}), temperature {}, seed {}; press \"Baseline vs NDA\" in the Video \
         panel to train it next to its baseline (m = 0).",
        run.preset, run.batch_size, experiment.steps, run.nda_views, run.temperature, run.seed
    )
}

fn negatives_text(negatives: &[(NegativeAugmentation, f64)]) -> String {
    negatives
        .iter()
        .map(|(augmentation, weight)| format!("{} ×{weight}", augmentation.kind().label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_data(dataset: &DatasetChoice) -> String {
    match dataset {
        DatasetChoice::Builtin(spec) => format!(
            "{:?}, {} images of {} px, seed {}",
            spec.dataset, spec.count, spec.size, spec.seed
        ),
        DatasetChoice::Uploaded {
            fingerprint,
            images,
            size,
        } => format!(
            "uploaded images ({images} of {size} px, fingerprint {fingerprint}): add the same files \
             in the Data panel"
        ),
    }
}

fn describe_gan(config: &ExperimentConfig, data: &str) -> String {
    let negatives = negatives_text(&config.gan.config.negatives);
    let how = if config.gan.compare_with_baseline {
        "press \"Baseline vs NDA\" to train it next to its baseline"
    } else {
        "press \"Start NDA-GAN\" to train it"
    };
    format!(
        "NDA-GAN on {data}; {:?} model, batch {}, {} iterations, α {}, β {}, negatives {}, seed {}; \
         {how}.",
        config.gan.config.preset,
        config.gan.config.batch_size,
        config.gan.iterations,
        config.gan.config.alpha,
        config.gan.config.beta,
        negatives,
        config.gan.config.seed
    )
}
