//! The page's CPU run and the native trainer must give the same numbers. This test trains the
//! run the GAN panel starts by default (with batch 8) natively and compares it with
//! `tests/fixtures/gan-cpu-golden.json`; the browser test compares the page's numbers with the
//! same file. Both within the rounding of different CPU kernels (see the tolerance below). Set
//! `UPDATE_GOLDEN=1` to rewrite the file after an intended change.

use crate::ui::form_parse::SettingsForm;
use burn::tensor::Device;
use futures::executor::block_on;

use crate::augment::GallerySettings;
use crate::data::{BuiltinSpec, generate};
use crate::ui::gan::form::GanField;
use crate::ui::gan::state::GanState;
use nda_core::train::{GanPoint, GanRun};

/// The largest `|a - b| / max(1, |b|)` over paired values; infinite when one has a value the
/// other lacks. The video task's golden test uses it too.
pub(in crate::ui) fn largest_relative<const N: usize>(
    values: [Option<f32>; N],
    expected: [Option<f32>; N],
) -> f64 {
    values
        .into_iter()
        .zip(expected)
        .map(|pair| match pair {
            (Some(a), Some(b)) => f64::from((a - b).abs()) / f64::from(b.abs()).max(1.0),
            (None, None) => 0.0,
            _ => f64::INFINITY,
        })
        .fold(0.0, f64::max)
}

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gan-cpu-golden.json"
);

#[test]
fn the_default_page_run_matches_the_golden_numbers() {
    let spec = BuiltinSpec::default();
    let set = generate(&spec).expect("digits");
    let gallery = GallerySettings::default();
    let mut state = GanState::default();
    state.edit(GanField::BatchSize, "8", &gallery);
    let mut experiment = state.experiment_for(&gallery, None);
    experiment.gan.image_size = set.size();
    let config = experiment.runs().remove(0).1;
    let mut run = GanRun::new(config, &set, &Device::flex().autodiff()).expect("valid");
    let points: Vec<GanPoint> = (0..5)
        .map(|_| {
            run.iteration().expect("iteration");
            block_on(run.read_point()).expect("finite").expect("point")
        })
        .collect();
    let json = serde_json::to_string_pretty(&points).expect("json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &json).expect("write golden");
    }
    let golden: Vec<GanPoint> =
        serde_json::from_str(&std::fs::read_to_string(GOLDEN).expect("golden file"))
            .expect("golden JSON");
    assert_eq!(points.len(), golden.len());
    for (point, expected) in points.iter().zip(&golden) {
        // CPU kernels sum in the order of the machine's vector width (AVX2, AVX-512, wasm), and
        // training amplifies that rounding: on an AMD EPYC the first two iterations agree with
        // the golden machine to 6e-8 and iteration 5 to 4e-4 (relative).
        let tolerance = if point.iteration <= 2 { 1e-5 } else { 1e-2 };
        let largest = largest_relative_difference(point, expected);
        assert!(
            largest <= tolerance,
            "iteration {}: largest relative difference {largest:e} over {tolerance:e}\n{point:?}\n{expected:?}",
            point.iteration
        );
    }
}

/// The largest `|a - b| / max(1, |b|)` over every value of two points; infinite when their
/// counters or the presence of a value differ.
fn largest_relative_difference(point: &GanPoint, expected: &GanPoint) -> f64 {
    if (point.iteration, point.discriminator_steps)
        != (expected.iteration, expected.discriminator_steps)
    {
        return f64::INFINITY;
    }
    let values = |p: &GanPoint| {
        [
            Some(p.d_loss),
            Some(p.d_loss_real),
            Some(p.d_loss_fake),
            Some(p.d_loss_negative),
            p.g_loss,
            Some(p.d_real),
            Some(p.d_fake),
            p.d_negative,
        ]
    };
    largest_relative(values(point), values(expected))
}
