//! Benchmarks that print numbers (`nda-lab bench`): built-in set generation, every augmentation
//! on a 64×3×32×32 batch on the CPU backend, upload decoding throughput, an NDA-GAN iteration and
//! a MoCo + NDA contrastive step and a video step (dense predictive coding with NDA clips).
//!
//! This is a driver, like the CLI: it reads the clock, which the core never does.

use std::io::Cursor;
use std::time::{Duration, Instant};

use burn::tensor::Device;
use image::{ImageFormat, RgbImage};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::driver::{NativeDevice, open_device};
use nda_core::augment::{Augment, GallerySettings, PositiveConfig, positive_view};
use nda_core::data::video::{ClipSpec, generate_clips};
use nda_core::data::{
    BuiltinDataset, BuiltinSpec, ImageBatch, UploadFile, UploadLimits, decode_uploads, generate,
};
use nda_core::model::ModelPreset;
use nda_core::train::video::{VideoConfig, VideoTrainer};
use nda_core::train::{ContrastiveConfig, ContrastiveTrainer, GanConfig, GanTrainer, RealBatch};

/// Runs every benchmark (or only the group `only`) and prints one line per measurement. The GAN
/// iteration and the contrastive step run on `device` (the GPU for `make bench-gpu`); the rest
/// measures host and CPU work.
pub fn run(only: Option<&str>, device: NativeDevice) -> Result<(), String> {
    let training = open_device(device)?;
    let backend = match device {
        NativeDevice::Cpu => "flex",
        NativeDevice::Gpu => "wgpu",
    };
    println!("# NDA Lab benchmarks (native, {} build)", profile());
    let host: [(&str, fn()); 3] = [
        ("generation", bench_generation),
        ("augmentations", bench_augmentations),
        ("decoding", bench_decoding),
    ];
    let wanted = |name: &str| only.is_none_or(|only| only == name);
    for (name, bench) in host {
        if wanted(name) {
            bench();
        }
    }
    if wanted("gan") {
        bench_gan(&training, backend);
    }
    if wanted("contrastive") {
        bench_contrastive(&training, backend);
    }
    if wanted("video") {
        bench_video(&training, backend);
    }
    Ok(())
}

fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// Median of `runs` timings of `work` (after one warm-up run).
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    work();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn bench_generation() {
    for dataset in BuiltinDataset::ALL {
        for size in [32, 64] {
            let spec = BuiltinSpec {
                dataset,
                size,
                count: 5_000,
                seed: 1,
            };
            let time = median(3, || {
                let _ = generate(&spec);
            });
            println!(
                "generate {:<6} 5000 x {size}x{size}: {:8.1} ms ({:.1} µs/image)",
                dataset.label(),
                millis(time),
                millis(time) * 1e3 / 5_000.0
            );
        }
    }
}

fn bench_augmentations() {
    let device = Device::flex();
    let spec = BuiltinSpec {
        dataset: BuiltinDataset::Faces,
        size: 32,
        count: 64,
        seed: 1,
    };
    let Ok(set) = generate(&spec) else { return };
    let indices: Vec<usize> = (0..64).collect();
    let real = set.batch(&indices, &device);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for augmentation in GallerySettings::default().negatives() {
        let time = median(20, || {
            let _ = augmentation
                .apply(real.clone(), &mut rng)
                .map(|negative| negative.into_data());
        });
        println!(
            "augment {:<10} 64x3x32x32 on flex: {:7.3} ms",
            augmentation.kind().label(),
            millis(time)
        );
    }
    let positive = PositiveConfig::default();
    let time = median(20, || {
        let _ = positive_view(&positive, real.clone(), &mut rng).map(|view| view.into_data());
    });
    println!(
        "augment {:<10} 64x3x32x32 on flex: {:7.3} ms",
        "Positive",
        millis(time)
    );
}

fn bench_decoding() {
    let image = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    for format in [ImageFormat::Png, ImageFormat::Jpeg] {
        let mut bytes = Cursor::new(Vec::new());
        if image.write_to(&mut bytes, format).is_err() {
            continue;
        }
        let bytes = bytes.into_inner();
        let files: Vec<UploadFile> = (0..50)
            .map(|index| UploadFile {
                name: format!("{index}.img"),
                bytes: bytes.clone(),
            })
            .collect();
        let time = median(3, || {
            let _ = decode_uploads(files.clone(), 32, &UploadLimits::default(), None);
        });
        println!(
            "decode {:?} 640x480 -> 32x32: {:.0} images/s ({:.2} ms/image)",
            format,
            50.0 / time.as_secs_f64(),
            millis(time) / 50.0
        );
    }
}

/// One NDA-GAN iteration (n_dis = 4 discriminator steps + 1 generator step, batch 64, 32×32) on the
/// training device, per width preset; the loss read-back closes each iteration.
fn bench_gan(device: &Device, backend: &str) {
    let device = device.clone().autodiff();
    let spec = BuiltinSpec {
        dataset: BuiltinDataset::Faces,
        size: 32,
        count: 256,
        seed: 1,
    };
    let Ok(set) = generate(&spec) else { return };
    let batches: Vec<RealBatch> = (0..4)
        .map(|batch| {
            let indices: Vec<usize> = (batch * 64..(batch + 1) * 64).collect();
            RealBatch {
                images: set.batch(&indices, &device),
                labels: None,
            }
        })
        .collect();
    for preset in [ModelPreset::Tiny, ModelPreset::Small] {
        let config = GanConfig {
            preset,
            ..GanConfig::default()
        };
        let Ok(mut trainer) = GanTrainer::new(config, &device) else {
            return;
        };
        let time = median(3, || {
            if let Ok(stats) = trainer.iteration(batches.clone()) {
                let _ = stats.generator.loss.into_data();
            }
        });
        println!(
            "gan iteration {preset:?} (4 D + 1 G, batch 64, 32x32) on {backend}: {:7.1} ms ({:.0} real images/s)",
            millis(time),
            4.0 * 64.0 / time.as_secs_f64()
        );
    }
}

/// One MoCo + NDA step (batch 64, 32×32, m = 2 jigsaw views, queue 1024: two positive views, the
/// momentum update, one query pass with backward and one key pass over 3 × 64 images, SGD, the
/// enqueue) on the training device, per width preset; the loss read-back closes each step.
fn bench_contrastive(device: &Device, backend: &str) {
    let device = device.clone().autodiff();
    let spec = BuiltinSpec {
        dataset: BuiltinDataset::Shapes,
        size: 32,
        count: 64,
        seed: 1,
    };
    let Ok(set) = generate(&spec) else { return };
    let indices: Vec<usize> = (0..64).collect();
    let real = set.batch(&indices, &device);
    for preset in [ModelPreset::Tiny, ModelPreset::Small] {
        let config = ContrastiveConfig {
            preset,
            ..ContrastiveConfig::default()
        };
        let Ok(mut trainer) = ContrastiveTrainer::new(config, &device) else {
            return;
        };
        let time = median(5, || {
            if let Ok(stats) = trainer.step(real.clone()) {
                let _ = stats.loss.into_data();
            }
        });
        println!(
            "contrastive step {preset:?} (batch 64, 32x32, m = 2, queue 1024) on {backend}: {:7.1} ms ({:.0} images/s)",
            millis(time),
            64.0 / time.as_secs_f64()
        );
    }
}

/// One video step (16 Moving Shapes clips of 8 frames at 32×32, m = 1 frame-shuffled clip each:
/// the NDA clips drawn on the host, one trunk pass over 64 + 32 blocks with backward, dense
/// predictions and targets at 64 locations, Adam) on the training device, per width preset; the
/// loss read-back closes each step. `bench/video/reference.py` times the same step in PyTorch.
fn bench_video(device: &Device, backend: &str) {
    let device = device.clone().autodiff();
    let Ok(clips) = generate_clips(&ClipSpec {
        count: 16,
        ..ClipSpec::default()
    }) else {
        return;
    };
    let indices: Vec<usize> = (0..16).collect();
    for preset in [ModelPreset::Tiny, ModelPreset::Small] {
        let config = VideoConfig {
            preset,
            ..VideoConfig::default()
        };
        let Ok(mut trainer) = VideoTrainer::new(config, &device) else {
            return;
        };
        let time = median(5, || {
            if let Ok(stats) = trainer.step(&clips, &indices, &device) {
                let _ = stats.loss.into_data();
            }
        });
        println!(
            "video step {preset:?} (16 clips of 8 frames, 32x32, m = 1 frame shuffle) on {backend}: {:7.1} ms ({:.0} clips/s)",
            millis(time),
            16.0 / time.as_secs_f64()
        );
    }
}
