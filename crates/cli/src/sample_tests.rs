use super::*;
use nda_core::data::{BuiltinDataset, BuiltinSpec, generate};
use nda_core::experiment::GanSection;
use nda_core::experiment::{DatasetChoice, ExperimentConfig};
use nda_core::model::ModelPreset;
use nda_protocol::gan::messages::GanControl;
use nda_worker::gan::session::GanSession;
use safetensors::SafeTensors;

/// A run file of a tiny NDA run and its baseline after two iterations, as the page exports it.
fn exported_run(conditional: bool) -> Vec<u8> {
    let spec = BuiltinSpec {
        dataset: BuiltinDataset::Shapes,
        size: 32,
        count: 24,
        seed: 3,
    };
    let mut config = ExperimentConfig {
        dataset: DatasetChoice::Builtin(spec),
        gan: GanSection {
            iterations: 3,
            sample_every: 1,
            compare_with_baseline: true,
            conditional,
            ..GanSection::default()
        },
        ..ExperimentConfig::default()
    };
    config.gan.config.preset = ModelPreset::Tiny;
    config.gan.config.latent_dim = 8;
    config.gan.config.batch_size = 8;
    config.gan.config.n_dis = 1;
    config.gan.config.num_classes = conditional.then_some(6);
    let set = generate(&spec).expect("shapes");
    let device = Device::flex().autodiff();
    let mut session =
        GanSession::start(&config.gan_experiment(), &set, &device, false).expect("session");
    for _ in 0..2 {
        let _ = block_on(session.control(GanControl::StepIteration, || 0.0));
    }
    block_on(session.export(&config, &[])).expect("export")
}

fn pixels(png: &[u8]) -> Vec<u8> {
    image::load_from_memory(png)
        .expect("png")
        .to_rgba8()
        .into_raw()
}

fn options(folder: &std::path::Path, run: Option<&str>, seed: Option<u64>) -> SampleOptions {
    SampleOptions {
        run_file: folder.join("run.zip"),
        run: run.map(str::to_string),
        count: 64,
        seed,
        out: folder.join("grid.png"),
        tensors: Some(folder.join("tensors.safetensors")),
    }
}

#[test]
fn the_fixed_noise_sample_is_the_grid_in_the_run_file_and_tensors_describe_it() {
    for conditional in [false, true] {
        let zip = exported_run(conditional);
        let archive = RunArchive::from_zip(&zip).expect("archive");
        let folder = std::env::temp_dir().join(format!(
            "nda-lab-sample-{}-{conditional}",
            std::process::id()
        ));
        fs::create_dir_all(&folder).expect("folder");
        fs::write(folder.join("run.zip"), &zip).expect("write");
        for (index, label) in ["nda", "baseline"].into_iter().enumerate() {
            run(&options(&folder, Some(label), None)).expect("samples");
            let ours = pixels(&fs::read(folder.join("grid.png")).expect("grid"));
            let page = archive.runs[index]
                .grid_png
                .as_deref()
                .expect("the page's grid");
            assert!(
                ours == pixels(page),
                "{label}: same pixels as the page's grid"
            );
            let bytes = fs::read(folder.join("tensors.safetensors")).expect("tensors");
            let tensors = SafeTensors::deserialize(&bytes).expect("safetensors");
            assert_eq!(tensors.tensor("latent").expect("latent").shape(), [64, 8]);
            assert_eq!(
                tensors.tensor("images").expect("images").shape(),
                [64, 3, 32, 32]
            );
            let logits = tensors.tensor("discriminator_logits").expect("logits");
            assert_eq!(logits.shape(), [64]);
            assert!(
                logits
                    .data()
                    .chunks_exact(4)
                    .all(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]).is_finite())
            );
            assert_eq!(tensors.tensor("labels").is_ok(), conditional);
        }
        let new_noise = run(&options(&folder, None, Some(5)));
        assert!(new_noise.is_ok(), "{new_noise:?}");
        let differs = pixels(&fs::read(folder.join("grid.png")).expect("grid"));
        assert!(differs != pixels(archive.runs[0].grid_png.as_deref().expect("grid")));
        let missing = run(&options(&folder, Some("ema"), None)).expect_err("no such run");
        assert!(
            missing.contains("has no run \"ema\": it has nda, baseline"),
            "{missing}"
        );
        let _ = fs::remove_dir_all(&folder);
    }
}
