//! Built-in datasets generated procedurally, so the page ships no image files: handwritten-style
//! digits, coloured shapes and cartoon faces. In each the class is a matter of global structure
//! (the outline of a digit or a shape, the arrangement of a face), which is what the negative
//! augmentations of Sinha et al. (ICLR 2021) destroy while keeping local texture.
//!
//! Every image is a pure function of `(seed, dataset, index)`: it is drawn with its own ChaCha8
//! generator keyed by those three values, so generation is deterministic, can be split into
//! chunks (for progress reports) and could run in parallel. Labels are `index % num_classes`,
//! so every class gets the same number of images, give or take one.

pub(in crate::data) mod color;
mod digits;
mod faces;
pub(in crate::data) mod raster;
pub(in crate::data) mod shapes;

use std::ops::Range;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::error::DataError;
use super::image_set::ImageSet;
use super::limits::validate_size;
use digits::DigitPainter;
use faces::FacePainter;
use raster::Canvas;
use shapes::ShapePainter;

/// The built-in datasets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BuiltinDataset {
    /// Digits 0–9 drawn as pen strokes.
    #[default]
    Digits,
    /// Six coloured shapes.
    Shapes,
    /// Cartoon faces with four expressions.
    Faces,
}

impl BuiltinDataset {
    /// Every built-in dataset, in the order the page lists them.
    pub const ALL: [BuiltinDataset; 3] = [
        BuiltinDataset::Digits,
        BuiltinDataset::Shapes,
        BuiltinDataset::Faces,
    ];

    /// Short name for menus.
    pub fn label(self) -> &'static str {
        match self {
            BuiltinDataset::Digits => "Digits",
            BuiltinDataset::Shapes => "Shapes",
            BuiltinDataset::Faces => "Faces",
        }
    }

    /// One sentence for the page: what the images are and what the label means.
    pub fn description(self) -> &'static str {
        match self {
            BuiltinDataset::Digits => {
                "Handwritten-style digits 0-9 with random pen width, slant, size, position and \
                 colours; the label is the digit."
            }
            BuiltinDataset::Shapes => {
                "A circle, square, triangle, star, ring or cross of random colour, size, position \
                 and rotation on a plain or gradient background; the label is the shape."
            }
            BuiltinDataset::Faces => {
                "Cartoon faces of varied colours and sizes; the label is the expression (happy, \
                 sad, surprised, neutral), shown by the mouth and eyebrows."
            }
        }
    }

    /// Class names; label `k` is `class_names()[k]`.
    pub fn class_names(self) -> &'static [&'static str] {
        match self {
            BuiltinDataset::Digits => &digits::CLASS_NAMES,
            BuiltinDataset::Shapes => &shapes::CLASS_NAMES,
            BuiltinDataset::Faces => &faces::CLASS_NAMES,
        }
    }

    /// Number of classes.
    pub fn num_classes(self) -> usize {
        self.class_names().len()
    }

    /// A distinct byte per dataset, mixed into every image's generator key.
    fn key_byte(self) -> u8 {
        match self {
            BuiltinDataset::Digits => 1,
            BuiltinDataset::Shapes => 2,
            BuiltinDataset::Faces => 3,
        }
    }
}

/// Fewest images a built-in dataset can have.
pub const MIN_BUILTIN_COUNT: usize = 1;

/// Most images a built-in dataset can have: 20,000 images take 61 MB at 32 px and 246 MB at
/// 64 px as bytes, about what a phone's browser tab can spare next to a model, and a few seconds
/// to draw.
pub const MAX_BUILTIN_COUNT: usize = 20_000;

/// What to generate: which dataset, at which side, how many images, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuiltinSpec {
    /// The dataset.
    pub dataset: BuiltinDataset,
    /// Image side in pixels: 32 or 64 (the sides the models are built for).
    pub size: usize,
    /// Number of images, from [`MIN_BUILTIN_COUNT`] to [`MAX_BUILTIN_COUNT`].
    pub count: usize,
    /// Seed of the whole dataset.
    pub seed: u64,
}

impl Default for BuiltinSpec {
    /// 4,000 digits of 32 px from seed 1: small enough to draw instantly, enough to train on.
    fn default() -> Self {
        BuiltinSpec {
            dataset: BuiltinDataset::Digits,
            size: 32,
            count: 4_000,
            seed: 1,
        }
    }
}

impl BuiltinSpec {
    /// Checks the side and the count.
    pub fn validate(&self) -> Result<(), DataError> {
        validate_size(self.size)?;
        if !(MIN_BUILTIN_COUNT..=MAX_BUILTIN_COUNT).contains(&self.count) {
            return Err(DataError::CountOutOfRange {
                count: self.count,
                min: MIN_BUILTIN_COUNT,
                max: MAX_BUILTIN_COUNT,
            });
        }
        Ok(())
    }
}

/// Draws the whole dataset described by `spec`.
pub fn generate(spec: &BuiltinSpec) -> Result<ImageSet, DataError> {
    generate_range(spec, 0..spec.count)
}

/// Draws images `range` of the dataset described by `spec` (the same images, in the same order,
/// as the corresponding part of [`generate`]), so a caller can report progress between chunks.
pub fn generate_range(spec: &BuiltinSpec, range: Range<usize>) -> Result<ImageSet, DataError> {
    draw_range(spec, range, None)
}

/// Images kept apart from every training set, for evaluation: each purpose has its own images.
///
/// A held-out image's generator key carries the purpose in a byte that every user-visible set
/// leaves at zero, so no seed a user can pick, and no other purpose, ever draws the same image:
/// an evaluator never judges the images it learnt from, and a discriminator is never tested on
/// images it was trained on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeldOut {
    /// Training images of the evaluators (the feature network and the structure detector).
    EvaluatorTraining,
    /// Held-out checks of the evaluators: accuracy, false alarms and hit rates.
    EvaluatorCheck,
    /// The real images that generated samples are compared with (KID, FD, coverage).
    Reference,
    /// The in-distribution images of the anomaly benchmark and its corrupted and NDA versions.
    Anomaly,
}

impl HeldOut {
    /// The byte that sets this purpose's generators apart from every user-visible set's.
    pub(in crate::data) fn key_byte(self) -> u8 {
        match self {
            HeldOut::EvaluatorTraining => 1,
            HeldOut::EvaluatorCheck => 2,
            HeldOut::Reference => 3,
            HeldOut::Anomaly => 4,
        }
    }
}

/// Draws images `range` of the held-out images of `spec`'s dataset and side for `purpose`
/// (`spec.seed` picks among held-out sets; `spec.count` bounds `range` as in [`generate_range`]).
pub fn generate_held_out(
    spec: &BuiltinSpec,
    purpose: HeldOut,
    range: Range<usize>,
) -> Result<ImageSet, DataError> {
    draw_range(spec, range, Some(purpose))
}

fn draw_range(
    spec: &BuiltinSpec,
    range: Range<usize>,
    held_out: Option<HeldOut>,
) -> Result<ImageSet, DataError> {
    spec.validate()?;
    check_range(&range, spec.count)?;
    let painter = Painter::new(spec.dataset)?;
    let mut canvas = Canvas::new(spec.size)?;
    let num_classes = spec.dataset.num_classes();
    let mut pixels = Vec::with_capacity(range.len() * spec.size * spec.size * 3);
    let mut labels = Vec::with_capacity(range.len());
    for index in range {
        let label = (index % num_classes) as u32;
        let mut rng = image_rng(spec, index, held_out);
        painter.draw(&mut canvas, label, &mut rng);
        canvas.append_rgb(&mut pixels);
        labels.push(Some(label));
    }
    let class_names = spec
        .dataset
        .class_names()
        .iter()
        .map(|name| name.to_string())
        .collect();
    ImageSet::from_parts(spec.size, pixels, labels, class_names)
}

/// The generator of image `index`: keyed by seed, dataset, index and held-out purpose (zero for
/// every set a user can pick), independent of every other image.
fn image_rng(spec: &BuiltinSpec, index: usize, held_out: Option<HeldOut>) -> ChaCha8Rng {
    keyed_rng(spec.seed, index, [spec.dataset.key_byte(), 0], held_out)
}

/// The generator of item `index` of a procedural set: the key is the seed, the index, the set's
/// own bytes (which set, and anything else that changes every item, such as a clip's length) and
/// the held-out purpose's byte (zero for every set a user can pick).
pub(in crate::data) fn keyed_rng(
    seed: u64,
    index: usize,
    set: [u8; 2],
    held_out: Option<HeldOut>,
) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(index as u64).to_le_bytes());
    key[16] = set[0];
    key[17] = held_out.map_or(0, HeldOut::key_byte);
    key[18] = set[1];
    ChaCha8Rng::from_seed(key)
}

/// Refuses a range of items that does not lie inside a set of `count`.
pub(in crate::data) fn check_range(range: &Range<usize>, count: usize) -> Result<(), DataError> {
    if range.start > range.end || range.end > count {
        return Err(DataError::RangeOutOfBounds {
            start: range.start,
            end: range.end,
            count,
        });
    }
    Ok(())
}

/// The drawing code of one dataset, with its paths built once.
enum Painter {
    Digits(DigitPainter),
    Shapes(ShapePainter),
    Faces(FacePainter),
}

impl Painter {
    fn new(dataset: BuiltinDataset) -> Result<Self, DataError> {
        Ok(match dataset {
            BuiltinDataset::Digits => Painter::Digits(DigitPainter::new()),
            BuiltinDataset::Shapes => Painter::Shapes(ShapePainter::new()),
            BuiltinDataset::Faces => {
                Painter::Faces(FacePainter::new().ok_or(DataError::RenderFailed {
                    dataset: dataset.label(),
                })?)
            }
        })
    }

    fn draw(&self, canvas: &mut Canvas, label: u32, rng: &mut ChaCha8Rng) {
        match self {
            Painter::Digits(painter) => painter.draw(canvas, label, rng),
            Painter::Shapes(painter) => painter.draw(canvas, label, rng),
            Painter::Faces(painter) => painter.draw(canvas, label, rng),
        }
    }
}

#[cfg(test)]
mod tests;
