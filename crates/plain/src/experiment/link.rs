//! Share links: the page state (the experiment, the open panel and the controls a teacher hides)
//! in the URL fragment, like TensorFlow Playground. The fragment is
//! `nda=1.<base64url(deflate(JSON))>`: the JSON of a full config compresses to a few hundred
//! characters, and the fragment never reaches a server.
//!
//! The `1` of the prefix is the encoding's version; the config inside carries its own and is
//! lifted to today's like a file (`migrate.rs`), so links made by older pages keep opening.
//!
//! Decoding trusts nothing: the length is capped before decoding, inflation is capped (against a
//! "zip bomb" in a link), the JSON must match the types exactly, and every value is range-checked.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::{Deserialize, Serialize};

use super::config::{ExperimentConfig, Task};
use super::error::ConfigError;
use super::migrate;

/// Fragment key and link format version.
pub const LINK_PREFIX: &str = "nda=1.";
/// Longest fragment accepted: ample for any config this page writes (they are under 1,000).
pub const MAX_LINK_CHARS: usize = 8_192;
/// Largest inflated payload accepted.
const MAX_INFLATED_BYTES: u64 = 64 * 1024;

/// A panel of the page, as a link names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OpenPanel {
    /// The data.
    Data,
    /// The augmentation gallery.
    Augmentations,
    /// The GAN.
    #[default]
    Gan,
    /// Contrastive learning.
    Contrastive,
    /// The video task (its settings do not travel in links yet).
    Video,
    /// Presets, links and files.
    Experiments,
}

impl OpenPanel {
    /// The panel that trains `task`.
    pub fn of_task(task: Task) -> Self {
        match task {
            Task::Gan => OpenPanel::Gan,
            Task::Contrastive => OpenPanel::Contrastive,
            Task::Video => OpenPanel::Video,
        }
    }

    /// The task this panel trains, if it trains one.
    pub fn task(self) -> Option<Task> {
        Task::ALL
            .into_iter()
            .find(|task| Self::of_task(*task) == self)
    }
}

/// A control a teacher can hide for a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HiddenControl {
    /// The built-in set form of the Data panel.
    DataSettings,
    /// Uploading one's own images.
    Uploads,
    /// The gallery's settings.
    AugmentationSettings,
    /// The GAN's settings form.
    GanSettings,
    /// The contrastive settings form.
    ContrastiveSettings,
    /// The "use the CPU only" switch.
    BackendSwitch,
    /// The Video panel's settings form.
    VideoSettings,
}

impl HiddenControl {
    /// Every control that can be hidden, in the order the page lists them.
    pub const ALL: [HiddenControl; 7] = [
        HiddenControl::DataSettings,
        HiddenControl::Uploads,
        HiddenControl::AugmentationSettings,
        HiddenControl::GanSettings,
        HiddenControl::ContrastiveSettings,
        HiddenControl::VideoSettings,
        HiddenControl::BackendSwitch,
    ];

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            HiddenControl::DataSettings => "built-in set settings",
            HiddenControl::Uploads => "uploads",
            HiddenControl::AugmentationSettings => "augmentation settings",
            HiddenControl::GanSettings => "GAN settings",
            HiddenControl::ContrastiveSettings => "contrastive settings",
            HiddenControl::VideoSettings => "video settings",
            HiddenControl::BackendSwitch => "CPU switch",
        }
    }

    /// A stable id for the page's test hooks.
    pub fn slug(self) -> &'static str {
        match self {
            HiddenControl::DataSettings => "data-settings",
            HiddenControl::Uploads => "uploads",
            HiddenControl::AugmentationSettings => "augmentation-settings",
            HiddenControl::GanSettings => "gan-settings",
            HiddenControl::ContrastiveSettings => "contrastive-settings",
            HiddenControl::VideoSettings => "video-settings",
            HiddenControl::BackendSwitch => "backend-switch",
        }
    }
}

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SharedPage {
    /// The experiment.
    pub config: ExperimentConfig,
    /// The panel the link opens.
    pub panel: OpenPanel,
    /// Controls hidden for the recipient.
    pub hidden: Vec<HiddenControl>,
    /// The stage the GAN panel's "Explain one step" opens at (e.g. `"nda"`); absent in links
    /// made before the walk-through, and then it opens at the first stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walk: Option<String>,
    /// A lesson's title and instructions, shown above the panel for the recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<LessonText>,
}

/// What a lesson link tells the learner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonText {
    /// Its title.
    pub title: String,
    /// What to do and what to look for.
    pub text: String,
}

/// Longest lesson title and text a link may carry, in characters.
pub const MAX_LESSON_CHARS: usize = 2_000;

/// The URL fragment (without `#`) for `page`.
pub fn encode_link(page: &SharedPage) -> String {
    // Serialising plain data to memory cannot fail.
    let json = serde_json::to_vec(page).unwrap_or_default();
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let _ = encoder.write_all(&json);
    let compressed = encoder.finish().unwrap_or_default();
    format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The page a fragment describes: `Ok(None)` when the fragment is not a share link, an error
/// that says what is wrong when it is a damaged or hostile one.
pub fn decode_link(fragment: &str) -> Result<Option<SharedPage>, ConfigError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(rest) = fragment.strip_prefix("nda=") else {
        return Ok(None);
    };
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ConfigError::TooLong(fragment.len(), MAX_LINK_CHARS));
    }
    let Some(payload) = fragment.strip_prefix(LINK_PREFIX) else {
        let version: String = rest.chars().take_while(|c| *c != '.').take(12).collect();
        return Err(ConfigError::UnknownLinkVersion(version));
    };
    let compressed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ConfigError::Corrupt("not valid base64"))?;
    let mut json = Vec::new();
    DeflateDecoder::new(compressed.as_slice())
        .take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut json)
        .map_err(|_| ConfigError::Corrupt("it does not decompress"))?;
    if json.len() as u64 > MAX_INFLATED_BYTES {
        return Err(ConfigError::Corrupt("it decompresses to more than 64 KB"));
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(&json).map_err(ConfigError::invalid)?;
    if let Some(config) = value.get_mut("config") {
        migrate::upgrade_linked(config)?;
    }
    let page: SharedPage = serde_json::from_value(value).map_err(ConfigError::invalid)?;
    page.config.validate()?;
    if let Some(lesson) = &page.lesson
        && lesson.title.chars().count() + lesson.text.chars().count() > MAX_LESSON_CHARS
    {
        return Err(ConfigError::Corrupt(
            "its lesson text is longer than 2,000 characters",
        ));
    }
    Ok(Some(page))
}
