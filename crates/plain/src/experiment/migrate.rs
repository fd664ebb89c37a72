//! Reading a config file of any version ([`parse_config`]), and configs written by older versions of
//! NDA Lab. Each step lifts one version to the next
//! on the JSON itself, so no old struct has to be kept: a file or link is lifted step by step to
//! [`CONFIG_VERSION`] and then read by today's types, which refuse anything they do not know.
//!
//! - Version 0 is the unversioned GAN file of `nda-lab gan` (a [`GanExperiment`]).
//! - Version 1 kept the GAN's settings flat at the top (`gan` held only the model and objective,
//!   beside `iterations`, `sample_every`, `compare_with_baseline` and `conditional`); version 2
//!   groups them in a `gan` section shaped like the `contrastive` one.
//!
//! The fixtures of real version 1 links, settings files and run files in `tests/fixtures/v1/`
//! check that every setting survives (natively in `crates/core/tests/formats.rs`, in the page in
//! `tests/e2e/formats.test.js`).

use serde_json::{Map, Value};

use super::config::{CONFIG_VERSION, DatasetChoice, ExperimentConfig};
use super::error::ConfigError;
use super::gan::section::GanSection;
use crate::augment::{GallerySettings, NegativeAugmentation};
use crate::train::GanExperiment;

/// The top-level keys of version 1 that version 2 keeps in the `gan` section.
const V1_GAN_KEYS: [&str; 4] = [
    "iterations",
    "sample_every",
    "compare_with_baseline",
    "conditional",
];

/// Lifts a versioned config's JSON to [`CONFIG_VERSION`]; a config of a newer version is left
/// for validation to refuse with its own message.
pub(super) fn upgrade(value: &mut Value) -> Result<(), ConfigError> {
    let Some(object) = value.as_object_mut() else {
        return Ok(());
    };
    let version = match object.get("version") {
        None => return Ok(()),
        Some(version) => version
            .as_u64()
            .ok_or_else(|| ConfigError::invalid("\"version\" must be a whole number"))?,
    };
    if version == 1 {
        upgrade_v1(object);
    }
    Ok(())
}

/// Lifts a share link's config to [`CONFIG_VERSION`]. A link's config without a version was
/// read as version 1 by the pages that wrote version 1 (serde filled in their default), so it
/// still is.
pub(super) fn upgrade_linked(value: &mut Value) -> Result<(), ConfigError> {
    if let Some(object) = value.as_object_mut() {
        object.entry("version").or_insert(Value::from(1));
    }
    upgrade(value)
}

/// Version 1 -> 2: the GAN's flat settings move into the `gan` section, the model and
/// objective under `gan.config`.
fn upgrade_v1(object: &mut Map<String, Value>) {
    let mut section = Map::new();
    if let Some(gan) = object.remove("gan") {
        section.insert("config".into(), gan);
    }
    for key in V1_GAN_KEYS {
        if let Some(value) = object.remove(key) {
            section.insert(key.into(), value);
        }
    }
    object.insert("gan".into(), Value::Object(section));
    object.insert("version".into(), Value::from(CONFIG_VERSION));
}

/// Version 0 -> today: the GAN file's negatives keep their weights and lend their parameters to
/// `augmentations`.
pub(super) fn from_gan_file(file: GanExperiment) -> ExperimentConfig {
    let mut augmentations = GallerySettings::default();
    for (augmentation, _) in &file.gan.negatives {
        match augmentation.clone() {
            NegativeAugmentation::Jigsaw(config) => augmentations.jigsaw = config,
            NegativeAugmentation::Stitch(config) => augmentations.stitch = config,
            NegativeAugmentation::Mixup(config) => augmentations.mixup = config,
            NegativeAugmentation::Cutout(config) => augmentations.cutout = config,
            NegativeAugmentation::Cutmix(config) => augmentations.cutmix = config,
            // The control has no parameters to lend.
            NegativeAugmentation::Flip(_) => {}
        }
    }
    ExperimentConfig {
        dataset: DatasetChoice::Builtin(file.dataset),
        augmentations,
        gan: GanSection {
            conditional: file.gan.num_classes.is_some(),
            config: file.gan,
            iterations: file.iterations,
            sample_every: file.sample_every,
            compare_with_baseline: file.compare_with_baseline,
        },
        ..ExperimentConfig::default()
    }
}

/// Reads a config from JSON text: a config of any version (lifted to today's by `migrate.rs`), or
/// the unversioned GAN file of `nda-lab gan` (version 0). The result is validated.
pub fn parse_config(text: &str) -> Result<ExperimentConfig, ConfigError> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(ConfigError::invalid)?;
    let config = match value.get("version") {
        Some(_) => {
            upgrade(&mut value)?;
            serde_json::from_value::<ExperimentConfig>(value).map_err(ConfigError::invalid)?
        }
        None => from_gan_file(
            serde_json::from_value::<GanExperiment>(value).map_err(|error| {
                ConfigError::invalid(format!(
                    "{error} (a file without \"version\" is read as an `nda-lab gan` file)"
                ))
            })?,
        ),
    };
    config.validate()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_moves_the_gan_settings_into_their_section() {
        let mut value = serde_json::json!({
            "version": 1, "task": "Gan", "iterations": 77, "sample_every": 7,
            "compare_with_baseline": true, "conditional": false,
            "gan": {"batch_size": 16, "seed": 42}, "device": "Cpu",
        });
        upgrade(&mut value).expect("upgrades");
        assert_eq!(
            value,
            serde_json::json!({
                "version": 2, "task": "Gan", "device": "Cpu",
                "gan": {"config": {"batch_size": 16, "seed": 42}, "iterations": 77,
                        "sample_every": 7, "compare_with_baseline": true, "conditional": false},
            })
        );
        let config: ExperimentConfig = serde_json::from_value(value).expect("reads");
        assert_eq!(config.gan.iterations, 77);
        assert_eq!(config.gan.config.batch_size, 16);
    }

    #[test]
    fn a_version_1_config_without_gan_settings_reads_as_the_defaults() {
        let mut value = serde_json::json!({"version": 1, "task": "Contrastive"});
        upgrade(&mut value).expect("upgrades");
        let config: ExperimentConfig = serde_json::from_value(value).expect("reads");
        assert_eq!(config.gan, GanSection::default());
        assert_eq!(config.version, CONFIG_VERSION);
    }

    #[test]
    fn a_link_config_without_a_version_is_read_as_version_1() {
        let mut value = serde_json::json!({"iterations": 9});
        upgrade_linked(&mut value).expect("upgrades");
        assert_eq!(
            value,
            serde_json::json!({"version": 2, "gan": {"iterations": 9}})
        );
    }

    #[test]
    fn version_2_and_newer_are_left_as_they_are() {
        for version in [2, 3] {
            let mut value = serde_json::json!({"version": version, "iterations": 5});
            let before = value.clone();
            upgrade(&mut value).expect("upgrades");
            assert_eq!(value, before);
        }
        let mut value = serde_json::json!({"version": "one"});
        assert!(upgrade(&mut value).is_err());
    }
}
