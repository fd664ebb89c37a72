//! Tests of the built-in datasets: determinism, balance, visibility, validation.

use super::*;

fn spec(dataset: BuiltinDataset, count: usize, seed: u64) -> BuiltinSpec {
    BuiltinSpec {
        dataset,
        size: 32,
        count,
        seed,
    }
}

/// Writes a 4× enlarged mosaic of the first images of each dataset to the temp directory, for a
/// person to look at. Run with `cargo test --lib data::procedural -- --ignored --nocapture`.
#[test]
#[ignore = "writes preview PNGs for a person to review"]
fn write_previews() {
    for dataset in BuiltinDataset::ALL {
        for size in [32, 64] {
            let set = generate(&BuiltinSpec {
                dataset,
                size,
                count: 48,
                seed: 7,
            })
            .expect("generate");
            let indices: Vec<usize> = (0..set.len()).collect();
            let mosaic = crate::data::mosaic_from_set(&set, &indices, 12);
            let image =
                image::RgbaImage::from_raw(mosaic.width as u32, mosaic.height as u32, mosaic.rgba)
                    .expect("mosaic buffer");
            let scale = if size == 32 { 4 } else { 2 };
            let big = image::imageops::resize(
                &image,
                image.width() * scale,
                image.height() * scale,
                image::imageops::FilterType::Nearest,
            );
            let path = std::env::temp_dir().join(format!("nda-{}-{size}.png", dataset.label()));
            big.save(&path).expect("save preview");
            println!("{}", path.display());
        }
    }
}

#[test]
fn same_spec_gives_identical_images_and_another_seed_different_ones() {
    for dataset in BuiltinDataset::ALL {
        let first = generate(&spec(dataset, 30, 5)).expect("generate");
        let again = generate(&spec(dataset, 30, 5)).expect("generate");
        let other = generate(&spec(dataset, 30, 6)).expect("generate");
        assert_eq!(first, again);
        assert_eq!(first.labels(), other.labels());
        for index in 0..30 {
            assert_ne!(
                first.image_rgb(index),
                other.image_rgb(index),
                "{dataset:?} {index}"
            );
        }
    }
}

#[test]
fn each_image_depends_only_on_seed_and_index() {
    for dataset in BuiltinDataset::ALL {
        let whole = generate(&spec(dataset, 25, 9)).expect("generate");
        let part = generate_range(&spec(dataset, 25, 9), 10..17).expect("generate");
        assert_eq!(part.len(), 7);
        for offset in 0..7 {
            assert_eq!(part.image_rgb(offset), whole.image_rgb(10 + offset));
            assert_eq!(part.label(offset), whole.label(10 + offset));
        }
        // A longer dataset starts with the same images.
        let longer = generate(&spec(dataset, 40, 9)).expect("generate");
        assert_eq!(longer.image_rgb(24), whole.image_rgb(24));
    }
}

#[test]
fn datasets_differ_for_the_same_seed() {
    let digits = generate(&spec(BuiltinDataset::Digits, 5, 1)).expect("generate");
    let shapes = generate(&spec(BuiltinDataset::Shapes, 5, 1)).expect("generate");
    assert_ne!(digits.pixels(), shapes.pixels());
}

#[test]
fn labels_are_balanced_in_range_and_named() {
    for dataset in BuiltinDataset::ALL {
        let count = 103;
        let set = generate(&spec(dataset, count, 2)).expect("generate");
        let num_classes = dataset.num_classes();
        assert_eq!(set.len(), count);
        assert_eq!(set.pixels().len(), count * 32 * 32 * 3);
        assert_eq!(set.class_names().len(), num_classes);
        assert!(set.is_fully_labelled());
        let counts = set.counts_per_label();
        assert_eq!(counts.iter().sum::<usize>(), count);
        let (min, max) = (counts.iter().min(), counts.iter().max());
        assert!(
            max.zip(min).is_some_and(|(max, min)| max - min <= 1),
            "{counts:?}"
        );
    }
}

#[test]
fn sixty_four_pixel_images_have_the_right_length() {
    for dataset in BuiltinDataset::ALL {
        let set = generate(&BuiltinSpec {
            dataset,
            size: 64,
            count: 4,
            seed: 3,
        })
        .expect("generate");
        assert_eq!(set.size(), 64);
        assert_eq!(set.pixels().len(), 4 * 64 * 64 * 3);
    }
}

/// WCAG contrast between the darkest and the brightest pixel of one image.
fn spread(rgb: &[u8]) -> f32 {
    let luminances = rgb.chunks(3).map(|p| color::luminance([p[0], p[1], p[2]]));
    let (min, max) = luminances.fold((f32::MAX, 0.0f32), |(lo, hi), l| (lo.min(l), hi.max(l)));
    (max + 0.05) / (min + 0.05)
}

#[test]
fn every_image_shows_a_visible_figure() {
    for dataset in BuiltinDataset::ALL {
        let set = generate(&spec(dataset, 300, 4)).expect("generate");
        for index in 0..set.len() {
            // Figures are drawn at 3:1 contrast or more (faces: features at 2.5:1 or more), with
            // strokes wide enough to leave some fully covered pixels.
            let contrast = spread(set.image_rgb(index));
            assert!(
                contrast >= 2.4,
                "{dataset:?} image {index}: contrast {contrast}"
            );
        }
    }
}

#[test]
fn invalid_specs_are_refused() {
    let bad_size = BuiltinSpec {
        size: 48,
        ..BuiltinSpec::default()
    };
    assert_eq!(
        generate(&bad_size),
        Err(DataError::UnsupportedSize { size: 48 })
    );
    for count in [0, MAX_BUILTIN_COUNT + 1] {
        let bad_count = BuiltinSpec {
            count,
            ..BuiltinSpec::default()
        };
        assert!(matches!(
            generate(&bad_count),
            Err(DataError::CountOutOfRange { .. })
        ));
    }
    let spec = spec(BuiltinDataset::Faces, 10, 1);
    assert!(matches!(
        generate_range(&spec, 5..11),
        Err(DataError::RangeOutOfBounds { .. })
    ));
    assert!(BuiltinSpec::default().validate().is_ok());
}

#[test]
fn dataset_metadata_is_consistent() {
    assert_eq!(BuiltinDataset::ALL.len(), 3);
    for dataset in BuiltinDataset::ALL {
        assert!(!dataset.label().is_empty());
        assert!(dataset.description().len() > 20);
        assert!(dataset.num_classes() >= 4);
    }
    let json = serde_json::to_string(&BuiltinSpec::default()).expect("serialise");
    let back: BuiltinSpec = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, BuiltinSpec::default());
}

#[test]
fn held_out_images_never_repeat_a_training_image_or_another_purpose() {
    let spec = spec(BuiltinDataset::Shapes, 24, 5);
    let training = generate(&spec).expect("valid");
    let purposes = [
        HeldOut::EvaluatorTraining,
        HeldOut::EvaluatorCheck,
        HeldOut::Reference,
        HeldOut::Anomaly,
    ];
    let mut seen: Vec<Vec<u8>> = (0..training.len())
        .map(|i| training.image_rgb(i).to_vec())
        .collect();
    for purpose in purposes {
        let held_out = generate_held_out(&spec, purpose, 0..24).expect("valid");
        assert_eq!(held_out.labels(), training.labels(), "same class balance");
        for i in 0..held_out.len() {
            let image = held_out.image_rgb(i).to_vec();
            assert!(!seen.contains(&image), "{purpose:?} image {i} repeats one");
            seen.push(image);
        }
        let again = generate_held_out(&spec, purpose, 4..9).expect("valid");
        assert_eq!(again.image_rgb(0), held_out.image_rgb(4), "deterministic");
    }
}
