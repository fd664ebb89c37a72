//! The page's CPU run and the native trainer must give the same numbers. This test trains the
//! run the GAN panel starts by default (with batch 8) natively and compares it with
//! `tests/fixtures/gan-cpu-golden.json`; the browser test compares the page's numbers with the
//! same file. Set `UPDATE_GOLDEN=1` to rewrite the file after an intended change.

use burn::tensor::Device;
use futures::executor::block_on;

use super::gan_state::{GanField, GanState};
use crate::augment::GallerySettings;
use crate::data::{BuiltinSpec, generate};
use crate::train::{GanPoint, GanRun};

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
    assert_eq!(points, golden);
}
