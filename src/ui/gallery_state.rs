//! The Augmentations panel's view-model: the gallery's settings form, its seeds and its rows.

use super::form_parse;
use crate::augment::{AugmentError, GallerySettings, MAX_GALLERY_IMAGES, StitchOrientation};
use nda_protocol::{Command, Event, GalleryRowView};

/// Real images per row unless the user asks for another number.
pub const DEFAULT_GALLERY_IMAGES: usize = 8;

/// A gallery control, named for the setting it edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GalleryField {
    /// Number of real images shown.
    NumImages,
    /// Jigsaw grid size k.
    JigsawGrid,
    /// Stitching orientation: horizontal, vertical, batch or image.
    StitchOrientation,
    /// Mixup's Beta alpha.
    MixupAlpha,
    /// Mixup's Beta beta.
    MixupBeta,
    /// Cutout's smallest square side at 32 px.
    CutoutMinSide,
    /// Cutout's largest square side at 32 px.
    CutoutMaxSide,
    /// CutMix's Beta alpha.
    CutmixAlpha,
    /// CutMix's Beta beta.
    CutmixBeta,
}

/// State of the gallery.
#[derive(Debug, Clone, PartialEq)]
pub struct GalleryState {
    /// Every augmentation's settings.
    pub settings: GallerySettings,
    /// Real images per row.
    pub num_images: usize,
    /// Picks the real images.
    pub image_seed: u64,
    /// Drives the augmentations' random choices.
    pub augment_seed: u64,
    /// The rows the worker drew last.
    pub rows: Vec<GalleryRowView>,
    /// The (image, augmentation) seeds of the rows shown.
    pub rendered_seeds: Option<(u64, u64)>,
    /// Whether a render is under way.
    pub busy: bool,
    /// Why the last edit was refused.
    pub form_error: Option<String>,
}

impl Default for GalleryState {
    fn default() -> Self {
        Self {
            settings: GallerySettings::default(),
            num_images: DEFAULT_GALLERY_IMAGES,
            image_seed: 1,
            augment_seed: 1,
            rows: Vec::new(),
            rendered_seeds: None,
            busy: false,
            form_error: None,
        }
    }
}

impl GalleryState {
    /// The command that draws the gallery with the current settings and seeds.
    pub fn render(&mut self) -> Command {
        self.busy = true;
        Command::RenderGallery {
            settings: self.settings.clone(),
            num_images: self.num_images,
            image_seed: self.image_seed,
            augment_seed: self.augment_seed,
        }
    }

    /// New random choices for every augmentation, same real images.
    pub fn reroll(&mut self) -> Command {
        self.augment_seed = self.augment_seed.wrapping_add(1);
        self.render()
    }

    /// Other real images from the dataset.
    pub fn other_images(&mut self) -> Command {
        self.image_seed = self.image_seed.wrapping_add(1);
        self.render()
    }

    /// Applies one control's text; out-of-range or malformed values are refused with a reason
    /// and the previous settings kept.
    pub fn edit(&mut self, field: GalleryField, text: &str) -> Option<Command> {
        let mut settings = self.settings.clone();
        let mut num_images = self.num_images;
        let result = apply_field(&mut settings, &mut num_images, field, text.trim());
        match result {
            Ok(()) => {
                self.settings = settings;
                self.num_images = num_images;
                self.form_error = None;
                Some(self.render())
            }
            Err(message) => {
                self.form_error = Some(message);
                None
            }
        }
    }

    /// Folds a gallery event into the state.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::GalleryRendered {
                rows,
                image_seed,
                augment_seed,
            } => {
                self.busy = false;
                self.rows = rows.clone();
                self.rendered_seeds = Some((*image_seed, *augment_seed));
            }
            Event::Failed { .. } => self.busy = false,
            _ => {}
        }
    }
}

fn apply_field(
    settings: &mut GallerySettings,
    num_images: &mut usize,
    field: GalleryField,
    text: &str,
) -> Result<(), String> {
    let whole = || form_parse::whole(text);
    let real = || form_parse::real(text);
    let checked = |result: Result<(), AugmentError>| result.map_err(|error| error.to_string());
    match field {
        GalleryField::NumImages => {
            let count = whole()?;
            if !(2..=MAX_GALLERY_IMAGES).contains(&count) {
                return Err(format!(
                    "show between 2 and {MAX_GALLERY_IMAGES} images (pairing augmentations need two)"
                ));
            }
            *num_images = count;
            Ok(())
        }
        GalleryField::JigsawGrid => {
            settings.jigsaw.grid = whole()?;
            checked(settings.jigsaw.validate())
        }
        GalleryField::StitchOrientation => {
            settings.stitch.orientation = parse_orientation(text)?;
            checked(settings.stitch.validate())
        }
        GalleryField::MixupAlpha => {
            settings.mixup.alpha = real()?;
            checked(settings.mixup.validate())
        }
        GalleryField::MixupBeta => {
            settings.mixup.beta = real()?;
            checked(settings.mixup.validate())
        }
        GalleryField::CutoutMinSide => {
            settings.cutout.min_side = whole()?;
            checked(settings.cutout.validate())
        }
        GalleryField::CutoutMaxSide => {
            settings.cutout.max_side = whole()?;
            checked(settings.cutout.validate())
        }
        GalleryField::CutmixAlpha => {
            settings.cutmix.alpha = real()?;
            checked(settings.cutmix.validate())
        }
        GalleryField::CutmixBeta => {
            settings.cutmix.beta = real()?;
            checked(settings.cutmix.validate())
        }
    }
}

/// The stitching orientations by the values of the page's select.
pub const STITCH_CHOICES: [(&str, &str, StitchOrientation); 4] = [
    (
        "batch",
        "random per batch (reference)",
        StitchOrientation::RandomPerBatch,
    ),
    (
        "image",
        "random per image",
        StitchOrientation::RandomPerImage,
    ),
    ("horizontal", "left | right", StitchOrientation::Horizontal),
    ("vertical", "top / bottom", StitchOrientation::Vertical),
];

/// The select's value for `orientation` (so a restored link shows its choice).
pub fn orientation_value(orientation: StitchOrientation) -> &'static str {
    STITCH_CHOICES
        .iter()
        .find(|(_, _, candidate)| *candidate == orientation)
        .map_or("batch", |(value, _, _)| value)
}

fn parse_orientation(text: &str) -> Result<StitchOrientation, String> {
    STITCH_CHOICES
        .iter()
        .find(|(value, _, _)| *value == text)
        .map(|(_, _, orientation)| *orientation)
        .ok_or_else(|| format!("unknown stitching orientation “{text}”"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_orientation_has_its_select_value() {
        for (value, _, orientation) in STITCH_CHOICES {
            assert_eq!(orientation_value(orientation), value);
            assert_eq!(parse_orientation(value), Ok(orientation));
        }
    }

    #[test]
    fn reroll_changes_only_the_augmentation_seed() {
        let mut state = GalleryState::default();
        let Command::RenderGallery {
            image_seed,
            augment_seed,
            ..
        } = state.reroll()
        else {
            panic!("a render command");
        };
        assert_eq!((image_seed, augment_seed), (1, 2));
        let Command::RenderGallery {
            image_seed,
            augment_seed,
            ..
        } = state.other_images()
        else {
            panic!("a render command");
        };
        assert_eq!((image_seed, augment_seed), (2, 2));
    }

    #[test]
    fn valid_edits_apply_and_rerender() {
        let mut state = GalleryState::default();
        assert!(state.edit(GalleryField::JigsawGrid, "4").is_some());
        assert_eq!(state.settings.jigsaw.grid, 4);
        assert!(
            state
                .edit(GalleryField::StitchOrientation, "vertical")
                .is_some()
        );
        assert_eq!(
            state.settings.stitch.orientation,
            StitchOrientation::Vertical
        );
        assert!(state.edit(GalleryField::MixupAlpha, "2.5").is_some());
        assert_eq!(state.settings.mixup.alpha, 2.5);
        assert!(state.edit(GalleryField::NumImages, "12").is_some());
        assert_eq!(state.num_images, 12);
    }

    #[test]
    fn invalid_edits_are_refused_with_a_reason_and_change_nothing() {
        let mut state = GalleryState::default();
        let before = state.settings.clone();
        for (field, text) in [
            (GalleryField::JigsawGrid, "7"),
            (GalleryField::JigsawGrid, "two"),
            (GalleryField::MixupBeta, "0"),
            (GalleryField::MixupBeta, "NaN"),
            (GalleryField::CutmixAlpha, "-1"),
            (GalleryField::StitchOrientation, "diagonal"),
            (GalleryField::NumImages, "1"),
        ] {
            assert_eq!(state.edit(field, text), None, "{field:?} = {text}");
            assert!(state.form_error.is_some());
        }
        assert_eq!(state.settings, before);
        assert_eq!(state.num_images, DEFAULT_GALLERY_IMAGES);
    }
}
