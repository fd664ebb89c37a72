//! The Experiments panel's view-model and the bridge between the page's view-models and one
//! [`ExperimentConfig`]: [`snapshot`] reads every control into a shareable page, [`restore`]
//! writes a shared page back into the controls.

use serde::{Deserialize, Serialize};

use super::contrastive::state::ContrastiveState;
use super::data_state::DataState;
use super::gallery_state::GalleryState;
use super::gan::state::GanState;
use super::panels::Panel;
use super::shell_state::ShellState;
use crate::augment::weights_by_kind;
use crate::experiment::GanSection;
use crate::experiment::{
    DatasetChoice, DevicePreference, ExperimentConfig, GalleryChoice, HiddenControl, LessonText,
    OpenPanel, SharedPage, Task,
};
use crate::train::GanExperiment;
use nda_protocol::{BackendPreference, DatasetOrigin, DatasetSummary};

/// A run saved in the browser, as the list of saved runs shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedRun {
    /// Key of the run.
    pub id: String,
    /// One line about it.
    pub title: String,
    /// Iterations trained when it was saved.
    pub iteration: usize,
    /// When it was saved (milliseconds since 1970).
    pub saved_at: f64,
    /// Size of the stored file.
    pub bytes: usize,
    /// What it trains (runs saved before contrastive runs could be saved are GANs').
    #[serde(default)]
    pub task: Task,
}

/// State of the Experiments panel.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentsState {
    /// The panel a copied link opens on: the last one visited before Experiments, unless the
    /// teacher picks another.
    pub open_on: Panel,
    /// Controls hidden on this page (from the link it was opened with, or chosen for a link).
    pub hidden: Vec<HiddenControl>,
    /// The last link made with "Copy link".
    pub link: Option<String>,
    /// What the page says about the link or file it opened.
    pub opened: Option<String>,
    /// Why a link or file could not be opened.
    pub error: Option<String>,
    /// The fingerprint the opened experiment's uploaded images must have.
    pub expected_fingerprint: Option<String>,
    /// Runs saved in this browser, newest first.
    pub saved: Vec<SavedRun>,
    /// Why saving, listing or opening saved runs failed.
    pub saved_error: Option<String>,
    /// The lesson the page was opened with (kept in links copied from it).
    pub lesson: Option<LessonText>,
}

impl Default for ExperimentsState {
    fn default() -> Self {
        Self {
            open_on: Panel::Gan,
            hidden: Vec::new(),
            link: None,
            opened: None,
            error: None,
            expected_fingerprint: None,
            saved: Vec::new(),
            saved_error: None,
            lesson: None,
        }
    }
}

impl ExperimentsState {
    /// Hides or shows `control`.
    pub fn set_hidden(&mut self, control: HiddenControl, hidden: bool) {
        self.hidden.retain(|other| *other != control);
        if hidden {
            self.hidden.push(control);
        }
    }

    /// Compares freshly used uploads with the opened experiment's and says whether they match.
    pub fn check_uploads(&mut self, summary: &DatasetSummary) {
        let Some(expected) = &self.expected_fingerprint else {
            return;
        };
        if summary.origin != DatasetOrigin::Uploads {
            return;
        }
        if summary.fingerprint == *expected {
            self.opened = Some(format!(
                "Your uploads match the shared experiment's images (fingerprint {expected})."
            ));
            self.error = None;
        } else {
            self.error = Some(format!(
                "Your uploads are not the shared experiment's images (fingerprint {}, expected \
                 {expected}): the run will not be comparable. Upload the same files, in the same \
                 folders.",
                summary.fingerprint
            ));
        }
    }

    /// Whether `control` is hidden.
    pub fn is_hidden(&self, control: HiddenControl) -> bool {
        self.hidden.contains(&control)
    }
}

/// The panel as a link names it.
pub fn open_panel(panel: Panel) -> OpenPanel {
    match panel {
        Panel::Data => OpenPanel::Data,
        Panel::Augmentations => OpenPanel::Augmentations,
        Panel::Gan => OpenPanel::Gan,
        Panel::Contrastive => OpenPanel::Contrastive,
        Panel::Video => OpenPanel::Video,
        Panel::Experiments => OpenPanel::Experiments,
    }
}

/// The page's panel for a link's.
pub fn page_panel(panel: OpenPanel) -> Panel {
    match panel {
        OpenPanel::Data => Panel::Data,
        OpenPanel::Augmentations => Panel::Augmentations,
        OpenPanel::Gan => Panel::Gan,
        OpenPanel::Contrastive => Panel::Contrastive,
        OpenPanel::Video => Panel::Video,
        OpenPanel::Experiments => Panel::Experiments,
    }
}

/// The page's backend choice as a config names it.
pub fn device_preference(preference: BackendPreference) -> DevicePreference {
    match preference {
        BackendPreference::Auto => DevicePreference::Auto,
        BackendPreference::Cpu => DevicePreference::Cpu,
    }
}

/// A config's device as the page's backend choice.
pub fn backend_preference(device: DevicePreference) -> BackendPreference {
    match device {
        DevicePreference::Auto => BackendPreference::Auto,
        DevicePreference::Cpu => BackendPreference::Cpu,
    }
}

/// Every control of the page as one shareable page.
pub fn snapshot(
    data: &DataState,
    gallery: &GalleryState,
    gan: &GanState,
    contrastive: &ContrastiveState,
    shell: &ShellState,
    panel: Panel,
    hidden: &[HiddenControl],
) -> SharedPage {
    let dataset = match data.summary.as_ref() {
        Some(summary) if summary.origin == DatasetOrigin::Uploads => DatasetChoice::Uploaded {
            fingerprint: summary.fingerprint.clone(),
            images: summary.num_images,
            size: summary.size,
        },
        _ => DatasetChoice::Builtin(data.spec),
    };
    let experiment = gan.experiment_for(&gallery.settings, data.summary.as_ref());
    // A panel of no task (Data, Experiments) shares the GAN's experiment, as links always have.
    let task = open_panel(panel).task().unwrap_or(Task::Gan);
    let config = ExperimentConfig {
        task,
        dataset,
        augmentations: gallery.settings.clone(),
        gallery: GalleryChoice {
            num_images: gallery.num_images,
            image_seed: gallery.image_seed,
            augment_seed: gallery.augment_seed,
        },
        device: device_preference(shell.preference),
        contrastive: contrastive.experiment_for(&gallery.settings, data.summary.as_ref()),
        gan: GanSection {
            config: experiment.gan,
            iterations: experiment.iterations,
            sample_every: experiment.sample_every,
            compare_with_baseline: gan.compare,
            conditional: gan.conditional,
        },
        ..ExperimentConfig::default()
    };
    SharedPage {
        config,
        panel: open_panel(panel),
        hidden: hidden.to_vec(),
        ..SharedPage::default()
    }
}

/// Writes a shared page's settings into the controls. The caller loads the data set (the Data
/// panel's spec is set here) and re-selects the backend if the preference changed.
pub fn restore(
    page: &SharedPage,
    data: &mut DataState,
    gallery: &mut GalleryState,
    gan: &mut GanState,
    contrastive: &mut ContrastiveState,
) {
    let config = &page.config;
    if let DatasetChoice::Builtin(spec) = config.dataset {
        data.spec = spec;
    }
    gallery.settings = config.augmentations.clone();
    gallery.num_images = config.gallery.num_images;
    gallery.image_seed = config.gallery.image_seed;
    gallery.augment_seed = config.gallery.augment_seed;
    let GanExperiment {
        gan: gan_config,
        iterations,
        sample_every,
        ..
    } = config.gan_experiment();
    gan.weights = weights_by_kind(&gan_config.negatives);
    gan.experiment.gan = gan_config;
    gan.experiment.iterations = iterations;
    gan.experiment.sample_every = sample_every;
    gan.conditional = config.gan.conditional;
    gan.compare = config.gan.compare_with_baseline;
    gan.form_error = None;
    let experiment = config.contrastive_experiment();
    contrastive.weights = weights_by_kind(&experiment.config.negatives);
    contrastive.experiment = experiment;
    contrastive.form_error = None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::augment::NegativeKind;
    use crate::experiment::{decode_link, encode_link, presets};
    use crate::ui::contrastive::form::ContrastiveField;
    use crate::ui::experiment_text::describe;
    use crate::ui::form_parse::SettingsForm;

    #[test]
    fn a_snapshot_restores_into_fresh_controls_unchanged() {
        let mut data = DataState::default();
        let mut gallery = GalleryState::default();
        let mut gan = GanState::default();
        let mut contrastive = ContrastiveState::default();
        let shell = ShellState::default();
        let preset = presets().remove(1).page;
        restore(&preset, &mut data, &mut gallery, &mut gan, &mut contrastive);
        let page = snapshot(
            &data,
            &gallery,
            &gan,
            &contrastive,
            &shell,
            Panel::Gan,
            &[HiddenControl::Uploads],
        );
        // The snapshot stores the contrastive negatives with the gallery's parameters; they
        // resolve to the same experiment.
        assert_eq!(
            page.config.contrastive_experiment(),
            preset.config.contrastive_experiment()
        );
        assert_eq!(
            ExperimentConfig {
                contrastive: preset.config.contrastive.clone(),
                ..page.config.clone()
            },
            preset.config
        );
        let opened = decode_link(&encode_link(&page))
            .expect("valid")
            .expect("a link");
        let (mut data2, mut gallery2, mut gan2, mut contrastive2) = (
            DataState::default(),
            GalleryState::default(),
            GanState::default(),
            ContrastiveState::default(),
        );
        restore(
            &opened,
            &mut data2,
            &mut gallery2,
            &mut gan2,
            &mut contrastive2,
        );
        assert_eq!(contrastive2.experiment, contrastive.experiment);
        assert_eq!(
            (data2.spec, gallery2.settings, gan2.weights),
            (data.spec, gallery.settings, gan.weights)
        );
        assert_eq!(gan2.experiment, gan.experiment);
        assert!(describe(&opened).contains("Shapes, 2000 images of 32 px"));
        assert!(describe(&opened).contains("Baseline vs NDA"));
    }

    #[test]
    fn contrastive_settings_travel_in_a_link_that_opens_the_contrastive_panel() {
        let (data, gallery, gan, shell) = (
            DataState::default(),
            GalleryState::default(),
            GanState::default(),
            ShellState::default(),
        );
        let mut contrastive = ContrastiveState::default();
        let settings = &gallery.settings;
        contrastive.edit(ContrastiveField::NdaViews, "4", settings);
        contrastive.edit(ContrastiveField::Temperature, "0.3", settings);
        contrastive.edit(
            ContrastiveField::NegativeWeight(NegativeKind::Stitch),
            "2",
            settings,
        );
        contrastive.edit(ContrastiveField::Grayscale, "0.5", settings);
        let page = snapshot(
            &data,
            &gallery,
            &gan,
            &contrastive,
            &shell,
            Panel::Contrastive,
            &[],
        );
        assert_eq!(page.config.task, Task::Contrastive);
        let opened = decode_link(&encode_link(&page))
            .expect("valid")
            .expect("a link");
        let mut restored = ContrastiveState::default();
        let (mut data2, mut gallery2, mut gan2) = (
            DataState::default(),
            GalleryState::default(),
            GanState::default(),
        );
        restore(&opened, &mut data2, &mut gallery2, &mut gan2, &mut restored);
        assert_eq!(restored.experiment.config.nda_views, 4);
        assert_eq!(restored.weights, [1.0, 2.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(
            restored.experiment.config.positive.grayscale_probability,
            0.5
        );
        assert_eq!(page_panel(opened.panel), Panel::Contrastive);
        let said = describe(&opened);
        assert!(
            said.starts_with("MoCo-v2 with NDA negatives on Digits"),
            "{said}"
        );
        assert!(
            said.contains("m 4 NDA views (Jigsaw ×1, Stitching ×2), temperature 0.3"),
            "{said}"
        );
    }

    #[test]
    fn uploads_are_checked_against_the_shared_fingerprint() {
        let mut state = ExperimentsState {
            expected_fingerprint: Some("00000000000000aa".into()),
            ..ExperimentsState::default()
        };
        let mut summary = crate::ui::test_support::summary(32, 2);
        summary.origin = DatasetOrigin::Uploads;
        summary.fingerprint = "00000000000000bb".into();
        state.check_uploads(&summary);
        assert!(
            state
                .error
                .as_deref()
                .is_some_and(|error| error.contains("not the shared experiment's images"))
        );
        summary.fingerprint = "00000000000000aa".into();
        state.check_uploads(&summary);
        assert_eq!(state.error, None);
        assert!(
            state
                .opened
                .as_deref()
                .is_some_and(|opened| opened.contains("match"))
        );
    }

    #[test]
    fn hidden_controls_toggle() {
        let mut state = ExperimentsState::default();
        state.set_hidden(HiddenControl::GanSettings, true);
        state.set_hidden(HiddenControl::GanSettings, true);
        assert_eq!(state.hidden, vec![HiddenControl::GanSettings]);
        state.set_hidden(HiddenControl::GanSettings, false);
        assert!(!state.is_hidden(HiddenControl::GanSettings));
        for panel in Panel::ALL {
            assert_eq!(page_panel(open_panel(panel)), panel);
        }
        for preference in [BackendPreference::Auto, BackendPreference::Cpu] {
            assert_eq!(
                backend_preference(device_preference(preference)),
                preference
            );
        }
    }

    #[test]
    fn runs_saved_before_contrastive_runs_could_be_saved_read_as_gan_runs() {
        // A description as the page stored it before saved runs had a task.
        let stored = r#"{"id":"run-1733000000000","title":"NDA-GAN on Digits, Tiny model","iteration":40,"saved_at":1733000000000.0,"bytes":123456}"#;
        let run: SavedRun = serde_json::from_str(stored).expect("an old description still reads");
        assert_eq!((run.task, run.iteration), (Task::Gan, 40));
        let contrastive = SavedRun {
            task: Task::Contrastive,
            ..run
        };
        let text = serde_json::to_string(&contrastive).expect("serialises");
        assert_eq!(
            serde_json::from_str::<SavedRun>(&text).expect("reads"),
            contrastive
        );
    }
}
